//! The 申报表 PDF for several kinds of applicant, read back with poppler: `pdftotext` for the
//! words, `pdffonts` for embedded subset fonts, `pdftoppm` for a PNG of page 1 kept as an artifact
//! (`target/test-artifacts/declaration-*.png`) to look at by eye.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support;
use server::demo::sample;
use server::printed::{Applicant, Declaration, Submitted, TypesetError, Typesetter};

use content::questionnaire::answers::Answers;
use shared::{Level, Outcome, Round};
use support::{pdf_words, run};

fn typesetter() -> &'static Typesetter {
    static T: OnceLock<Typesetter> = OnceLock::new();
    T.get_or_init(|| {
        let dir = std::env::var("CHUDING_FONT_DIR")
            .unwrap_or_else(|_| server::printed::DEFAULT_FONT_DIR.into());
        Typesetter::load(Path::new(&dir))
            .expect("fonts-noto-cjk is installed (scripts/setup.sh installs it)")
    })
}

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Kind {
    tag: &'static str,
    applicant: Applicant,
    extra: &'static [(&'static str, &'static str)],
    stamps: &'static [&'static str],
    absent: &'static [&'static str],
}

fn kinds() -> Vec<Kind> {
    let person = |name: &str, id_type: &str, id: &str| Applicant {
        name: name.into(),
        id_type: id_type.into(),
        id_number: id.into(),
        mobile: "13912345678".into(),
    };
    vec![
        Kind {
            tag: "municipal",
            applicant: person("张三丰", "resident_id_card", "11010519491231002X"),
            extra: &[
                ("category", "municipal_unit_employee"),
                ("dispatched", "no"),
            ],
            stamps: &["主管部门审核意见", "四（四）"],
            absent: &["派遣单位审核意见", "实际工作单位审核意见"],
        },
        Kind {
            tag: "agency",
            applicant: person("李四", "resident_id_card", "320706199001150012"),
            extra: &[("category", "agency_client"), ("dispatched", "no")],
            stamps: &[],
            absent: &["主管部门审核意见", "派遣单位审核意见"],
        },
        Kind {
            tag: "dispatched",
            applicant: person("王五", "resident_id_card", "320706199001160019"),
            extra: &[
                ("category", "municipal_unit_employee"),
                ("dispatched", "yes"),
            ],
            stamps: &[
                "实际工作单位审核意见",
                "派遣单位审核意见",
                "主管部门审核意见",
                "四（六）",
            ],
            absent: &[],
        },
        Kind {
            tag: "foreign",
            applicant: person("Anna Müller", "passport", "C01X00T47"),
            extra: &[
                ("category", "foreign"),
                ("foreign_permit", "work_permit"),
                ("dispatched", "no"),
            ],
            stamps: &[],
            absent: &["主管部门审核意见", "派遣单位审核意见"],
        },
    ]
}

fn declaration_of(kind: &Kind) -> Declaration {
    let round = Round::current();
    let answers = sample::answers_with(kind.extra);
    let (profile, verdict) = Answers(answers.clone()).evaluate(&round);
    assert_eq!(
        (verdict.outcome, verdict.level),
        (Outcome::Eligible, Some(Level::Assistant)),
        "{}: {:?}",
        kind.tag,
        verdict.findings
    );
    let at = chrono::DateTime::parse_from_rfc3339("2026-05-20T02:30:00Z").unwrap();
    let submitted = Submitted {
        reference: "K7M2P9XA",
        submitted_at: at,
        answers: &answers,
        profile: &profile,
        verdict: &verdict,
        unit_review: None,
        chain: None,
    };
    Declaration::new(
        &kind.applicant,
        &submitted,
        &round,
        "https://chuding.example/apply/status",
    )
}

#[test]
fn each_kind_of_applicant_gets_a_form_with_their_answers_and_stamp_boxes() {
    for kind in kinds() {
        let pdf = typesetter().pdf(&declaration_of(&kind)).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{}", kind.tag);
        let path = artifacts().join(format!("declaration-{}.pdf", kind.tag));
        std::fs::write(&path, &pdf).unwrap();
        let path = path.to_str().unwrap();

        let flat = pdf_words(path);
        for needle in [
            "专业技术资格初定申报表",
            kind.applicant.name.replace(' ', "").as_str(),
            kind.applicant.id_number.as_str(),
            "可初定助理级",
            "K7M2-P9XA",
            "工作单位或人事档案管理部门鉴定意见",
            "不能用“同意申报”等简单表述",
            "一式三份，A4纸正反面打印，单独装订",
            "2024-06-30",
            "工程",
            "连云港市港城建设工程质量检测有限公司",
            "建筑工程",
            "连云港市人才服务中心审核意见",
            "不适用：所报系列不实行职业准入",
        ] {
            assert!(
                flat.contains(needle),
                "{}: {needle:?} missing from\n{flat}",
                kind.tag
            );
        }
        for needle in kind.stamps {
            assert!(
                flat.contains(needle),
                "{}: stamp box {needle:?} missing",
                kind.tag
            );
        }
        for needle in kind.absent {
            assert!(
                !flat.contains(needle),
                "{}: stamp box {needle:?} should not be there",
                kind.tag
            );
        }

        // Double-sided printing: an even number of pages.
        let info = run("pdfinfo", &[path]);
        let pages: u32 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(pages >= 2 && pages % 2 == 0, "{}: {pages} pages", kind.tag);
        // A typical form is one sheet, both sides; a dispatched worker's three stamp boxes need two.
        if kind.tag != "dispatched" {
            assert_eq!(pages, 2, "{}: one A4 sheet printed on both sides", kind.tag);
        }

        // Every font embedded and subsetted (a subset's name starts with six capitals and '+').
        let fonts = run("pdffonts", &[path]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{}: no fonts\n{fonts}", kind.tag);
        for row in &rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert!(
                cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
                "{}: not a subset: {row}",
                kind.tag
            );
            assert!(
                cols[0].contains("Noto"),
                "{}: unexpected font: {row}",
                kind.tag
            );
            let yes_no: Vec<&&str> = cols
                .iter()
                .filter(|c| **c == "yes" || **c == "no")
                .collect();
            assert_eq!(
                yes_no.first().map(|s| **s),
                Some("yes"),
                "{}: not embedded: {row}",
                kind.tag
            );
        }

        assert!(pdf.len() <= 200 * 1024, "{}: {} bytes", kind.tag, pdf.len());
        let png = artifacts().join(format!("declaration-{}", kind.tag));
        run(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "2",
                path,
                png.to_str().unwrap(),
            ],
        );
    }
}

#[test]
fn a_missing_font_is_an_error_not_blank_boxes() {
    let dir = std::env::temp_dir().join("chuding-no-fonts");
    std::fs::create_dir_all(&dir).unwrap();
    match Typesetter::load(&dir) {
        Err(TypesetError::FontMissing(path)) => assert!(path.starts_with(&dir)),
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("loaded fonts from an empty directory"),
    }
}

/// A character no font has (a name from before names were checked, a symbol in an answer)
/// prints as □ and the rest of the document prints: one name never stops a whole 公示.
#[test]
fn a_character_no_font_has_prints_as_a_box_and_the_rest_prints() {
    let mut kind = kinds().remove(0);
    // An Egyptian hieroglyph and an emoji: not in Noto CJK.
    kind.applicant.name = "张\u{13000}明😀".into();
    let pdf = typesetter()
        .pdf(&declaration_of(&kind))
        .expect("printed, with boxes");
    let path = std::env::temp_dir().join(format!("chuding-glyphs-{}.pdf", std::process::id()));
    std::fs::write(&path, &pdf).unwrap();
    let words = support::pdf_words(path.to_str().unwrap());
    std::fs::remove_file(&path).ok();
    assert!(words.contains("张□明□"), "{words}");
}

/// Once the unit has approved, its box prints the appraisal and the 公示's dates (五（二）, 四（四）).
#[test]
fn the_units_appraisal_and_publicity_are_printed_once_approved() {
    let kind = kinds().remove(0);
    let round = Round::current();
    let answers = sample::answers_with(kind.extra);
    let (profile, verdict) = Answers(answers.clone()).evaluate(&round);
    let at = chrono::DateTime::parse_from_rfc3339("2026-05-20T02:30:00Z").unwrap();
    let appraisal = "该同志遵纪守法，爱岗敬业，从事建筑工程质量检测工作，独立完成检测报告一百余份，年度考核均为合格，同意申报。";
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let review = server::printed::UnitReview {
        publicity: Some((day("2026-05-11"), day("2026-05-15"))),
        appraisal,
    };
    let submitted = Submitted {
        reference: "K7M2P9XA",
        submitted_at: at,
        answers: &answers,
        profile: &profile,
        verdict: &verdict,
        unit_review: Some(review),
        chain: None,
    };
    let pdf = typesetter()
        .pdf(&Declaration::new(
            &kind.applicant,
            &submitted,
            &round,
            "https://chuding.example/apply/status",
        ))
        .unwrap();
    let path = artifacts().join("declaration-appraised.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let flat = pdf_words(path.to_str().unwrap());
    assert!(
        flat.contains(&appraisal.replace(' ', "")),
        "the appraisal: {flat}"
    );
    assert!(
        flat.contains("公示自2026年5月11日至2026年5月15日"),
        "{flat}"
    );
    assert!(
        !flat.contains("不能用“同意申报”等简单表述（通知五（二））"),
        "the instruction gives way to the appraisal"
    );
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 2")),
        "{info}"
    );
    let png = artifacts().join("declaration-appraised");
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "80",
            path.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
}

/// Every character a name may hold (`shared::person_name`: the Han ranges, the middle dot, the
/// Latin letters and the space) has a glyph in the fonts the printed documents embed, so no
/// accepted name prints as a box.
#[test]
fn the_fonts_cover_every_character_a_name_may_hold() {
    let dir = std::path::Path::new(server::printed::DEFAULT_FONT_DIR);
    let files: Vec<Vec<u8>> = server::printed::FONT_FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).expect("Debian fonts-noto-cjk"))
        .collect();
    let faces: Vec<ttf_parser::Face> = files
        .iter()
        .flat_map(|data| {
            let n = ttf_parser::fonts_in_collection(data).unwrap_or(1);
            (0..n).filter_map(move |i| ttf_parser::Face::parse(data, i).ok())
        })
        .collect();
    assert!(!faces.is_empty());
    let accepted = shared::person_name::HAN_RANGES
        .iter()
        .flat_map(|(a, b)| *a..=*b)
        .chain([shared::person_name::MIDDLE_DOT, ' '])
        .chain('A'..='Z')
        .chain('a'..='z');
    let mut missing = Vec::new();
    let mut checked = 0;
    for c in accepted {
        checked += 1;
        if !faces.iter().any(|f| f.glyph_index(c).is_some()) {
            missing.push(format!("U+{:04X}", c as u32));
        }
    }
    assert!(checked > 27_000, "{checked}");
    assert!(
        missing.is_empty(),
        "{} characters a name may hold have no glyph: {:?}",
        missing.len(),
        &missing[..missing.len().min(40)]
    );
}

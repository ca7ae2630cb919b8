//! Clause ids: the ASCII names of the notice's clauses (spec "Clause ids"), and how the notice
//! itself writes them, so every finding can say which sentence of the notice it applies.
//!
//! Grammar: `S` (section), `S.N` (paragraph （N） of section S), `S.N.K` (item K of that
//! paragraph), `S.pK` (the K-th unnumbered paragraph of section S).

/// 一（一）: municipal units with a labour (employment) relationship.
pub const SCOPE_MUNICIPAL: &str = "1.1";
/// 一（二）: personnel-agency clients.
pub const SCOPE_AGENCY: &str = "1.2";
/// 一（三）: Hong Kong, Macao, Taiwan and foreign talent.
pub const SCOPE_HMT_FOREIGN: &str = "1.3";
/// 一, the paragraph after （三）: civil servants, retirees, sanctions.
pub const EXCLUSIONS: &str = "1.p2";
/// 一, last paragraph: exam series.
pub const EXAM_SERIES: &str = "1.p3";
/// 二（一）: education and seniority in general.
pub const EDUCATION_SENIORITY: &str = "2.1";
/// 二（一）1: associate / secondary vocational → technician.
pub const PATH_TECHNICIAN: &str = "2.1.1";
/// 二（一）2: bachelor → assistant after probation.
pub const PATH_BACHELOR: &str = "2.1.2";
/// 二（一）3: master / second bachelor → assistant.
pub const PATH_MASTER: &str = "2.1.3";
/// 二（一）4: doctorate degree → intermediate.
pub const PATH_DOCTORATE: &str = "2.1.4";
/// 二（一）5: seniority counted to the cutoff date.
pub const CUTOFF: &str = "2.1.5";
/// 二（二）1: military academies and Party schools.
pub const RECOGNITION_MILITARY_PARTY: &str = "2.2.1";
/// 二（二）2: technical schools.
pub const RECOGNITION_TECHNICAL: &str = "2.2.2";
/// 二（二）3: full-time students who completed without a diploma.
pub const RECOGNITION_INCOMPLETE: &str = "2.2.3";
/// 二（二）4: training-course certificates.
pub const RECOGNITION_TRAINING: &str = "2.2.4";
/// 二（三）: annual assessments.
pub const ANNUAL_ASSESSMENT: &str = "2.3";
/// 二（四）: continuing education.
pub const CONTINUING_EDUCATION: &str = "2.4";
/// 二（五）: occupational access.
pub const ACCESS: &str = "2.5";
/// 四（一）: the application form.
pub const MATERIAL_FORM: &str = "4.1";
/// 四（二）: the continuing-education transcript.
pub const MATERIAL_CE: &str = "4.2";
/// 四（三）: labour contract and social insurance proof.
pub const MATERIAL_SOCIAL_INSURANCE: &str = "4.3";
/// 四（四）: unit review, publicity, competent department's stamp.
pub const MATERIAL_UNIT_REVIEW: &str = "4.4";
/// 四（五）: access certificates.
pub const MATERIAL_ACCESS: &str = "4.5";
/// 四（六）: dispatched workers.
pub const MATERIAL_DISPATCH: &str = "4.6";
/// 五（二）: the unit's appraisal must be a full one, not "同意申报".
pub const APPRAISAL: &str = "5.2";

const ZH_DIGITS: [&str; 11] = [
    "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
];
const ZH_ORDINAL: [&str; 11] = [
    "零",
    "第一段",
    "第二段",
    "第三段",
    "第四段",
    "第五段",
    "第六段",
    "第七段",
    "第八段",
    "第九段",
    "第十段",
];

/// Unnumbered paragraphs the notice has in each section; the last one is called 末段.
fn paragraph_count(section: u32) -> u32 {
    match section {
        1 => 3,
        _ => 0,
    }
}

enum Parsed {
    Section(u32),
    Paragraph(u32, u32),
    Item(u32, u32, u32),
    Unnumbered(u32, u32),
}

fn small(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = s.parse().ok()?;
    (1..=10).contains(&n).then_some(n)
}

fn parse(id: &str) -> Option<Parsed> {
    let mut parts = id.split('.');
    let s = small(parts.next()?)?;
    let second = match parts.next() {
        None => return Some(Parsed::Section(s)),
        Some(p) => p,
    };
    if let Some(k) = second.strip_prefix('p') {
        let k = small(k)?;
        return parts.next().is_none().then_some(Parsed::Unnumbered(s, k));
    }
    let n = small(second)?;
    let out = match parts.next() {
        None => Parsed::Paragraph(s, n),
        Some(k) => Parsed::Item(s, n, small(k)?),
    };
    parts.next().is_none().then_some(out)
}

/// How the notice writes a clause: `2.4` → `二（四）`, `2.1.2` → `二（一）2`, `1.p2` → `一（第二段）`,
/// `1.p3` → `一（末段）`. An id outside the grammar is returned unchanged.
pub fn display_zh(id: &str) -> String {
    let z = |n: u32| ZH_DIGITS[n as usize];
    match parse(id) {
        Some(Parsed::Section(s)) => z(s).to_string(),
        Some(Parsed::Paragraph(s, n)) => format!("{}（{}）", z(s), z(n)),
        Some(Parsed::Item(s, n, k)) => format!("{}（{}）{}", z(s), z(n), k),
        Some(Parsed::Unnumbered(s, k)) if k == paragraph_count(s) => format!("{}（末段）", z(s)),
        Some(Parsed::Unnumbered(s, k)) => format!("{}（{}）", z(s), ZH_ORDINAL[k as usize]),
        None => id.to_string(),
    }
}

/// The English form: `2.4` → `Section 2(4)`, `2.1.2` → `Section 2(1) item 2`,
/// `1.p2` → `Section 1, paragraph 2`, `1.p3` → `Section 1, last paragraph`.
pub fn display_en(id: &str) -> String {
    match parse(id) {
        Some(Parsed::Section(s)) => format!("Section {s}"),
        Some(Parsed::Paragraph(s, n)) => format!("Section {s}({n})"),
        Some(Parsed::Item(s, n, k)) => format!("Section {s}({n}) item {k}"),
        Some(Parsed::Unnumbered(s, k)) if k == paragraph_count(s) => {
            format!("Section {s}, last paragraph")
        }
        Some(Parsed::Unnumbered(s, k)) => format!("Section {s}, paragraph {k}"),
        None => id.to_string(),
    }
}

/// Whether `id` follows the clause grammar.
pub fn is_valid(id: &str) -> bool {
    parse(id).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_display_follows_the_notice() {
        assert_eq!(display_zh("2.4"), "二（四）");
        assert_eq!(display_zh("2.1.2"), "二（一）2");
        assert_eq!(display_zh("1.3"), "一（三）");
        assert_eq!(display_zh("1.p2"), "一（第二段）");
        assert_eq!(display_zh("1.p3"), "一（末段）");
        assert_eq!(display_zh("2.2.4"), "二（二）4");
        assert_eq!(display_zh("4.6"), "四（六）");
        assert_eq!(display_zh("2"), "二");
        assert_eq!(display_zh("x.y"), "x.y");
    }

    #[test]
    fn english_display() {
        assert_eq!(display_en("2.4"), "Section 2(4)");
        assert_eq!(display_en("2.1.2"), "Section 2(1) item 2");
        assert_eq!(display_en("1.p2"), "Section 1, paragraph 2");
        assert_eq!(display_en("1.p3"), "Section 1, last paragraph");
        assert_eq!(display_en(""), "");
        assert_eq!(display_en("1.2.3.4"), "1.2.3.4");
    }

    #[test]
    fn every_named_clause_is_valid() {
        for id in [
            SCOPE_MUNICIPAL,
            SCOPE_AGENCY,
            SCOPE_HMT_FOREIGN,
            EXCLUSIONS,
            EXAM_SERIES,
            EDUCATION_SENIORITY,
            PATH_TECHNICIAN,
            PATH_BACHELOR,
            PATH_MASTER,
            PATH_DOCTORATE,
            CUTOFF,
            RECOGNITION_MILITARY_PARTY,
            RECOGNITION_TECHNICAL,
            RECOGNITION_INCOMPLETE,
            RECOGNITION_TRAINING,
            ANNUAL_ASSESSMENT,
            CONTINUING_EDUCATION,
            ACCESS,
            MATERIAL_FORM,
            MATERIAL_CE,
            MATERIAL_SOCIAL_INSURANCE,
            MATERIAL_UNIT_REVIEW,
            MATERIAL_ACCESS,
            MATERIAL_DISPATCH,
        ] {
            assert!(is_valid(id), "{id}");
        }
    }
}

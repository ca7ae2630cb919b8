//! 《专业技术资格初定申报表》: what the printed form says, built from a submitted application
//! (通知 三（二）, 四（一）). The layout lives in `templates/declaration.typ`.

use std::collections::BTreeMap;

use content::questionnaire::answers::Answers;
use content::questionnaire::sections::{answer_rows, ProfileSection};
use content::Lang;
use serde::Serialize;
use shared::identity::IdType;
use shared::{ApplicantProfile, Category, Round, Verdict};

use super::{qr_svg, Printable};

/// Who the form is for, as their account records them.
#[derive(Clone, Debug)]
pub struct Applicant {
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub mobile: String,
}

/// Everything printed on the form, in words. Serialized as the template's input.
#[derive(Clone, Debug, Serialize)]
pub struct Declaration {
    pub round_name: String,
    pub reference: String,
    pub submitted_at: String,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub mobile: String,
    pub series: String,
    /// The level the server's verdict found at submission, in words (助理级).
    pub level: String,
    /// Rows of the personal block after name, document and mobile: (label, answer).
    pub personal: Vec<(String, String)>,
    pub sections: Vec<FormSection>,
    pub records_title: String,
    pub records: Vec<RecordRow>,
    /// The sign-and-stamp boxes this applicant's case needs besides the unit's appraisal.
    pub stamps: Vec<StampBox>,
    pub publicity_days: u32,
    /// The unit's appraisal, once approved; the box is left to fill by hand before.
    pub appraisal: Option<String>,
    /// The 公示's first and last day, in words, once known.
    pub publicity: Option<(String, String)>,
    /// The QR code (SVG) that opens the applicant's status page.
    pub qr_svg: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FormSection {
    pub title: String,
    pub rows: Vec<(String, String)>,
    /// What an empty section says.
    pub empty: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RecordRow {
    pub year: i32,
    pub assessment: String,
    pub continuing_education: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StampBox {
    pub title: String,
    pub clause: String,
    pub note: String,
}

/// A submitted application as the form needs it.
pub struct Submitted<'a> {
    pub reference: &'a str,
    pub submitted_at: chrono::DateTime<chrono::FixedOffset>,
    pub answers: &'a BTreeMap<String, String>,
    pub profile: &'a ApplicantProfile,
    pub verdict: &'a Verdict,
    /// The unit's review once it has approved: its 公示 and its appraisal (四（四）, 五（二）).
    pub unit_review: Option<UnitReview<'a>>,
    /// Who stamps, as kept on the application (`None`: print from the answers).
    pub chain: Option<&'a shared::approval_chain::Chain>,
}

/// What the unit's box prints once the unit has approved.
#[derive(Clone, Copy, Debug)]
pub struct UnitReview<'a> {
    pub publicity: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    pub appraisal: &'a str,
}

impl Printable for Declaration {
    const TEMPLATE: &'static str = "declaration.typ";
}

impl Declaration {
    pub fn new(
        applicant: &Applicant,
        submitted: &Submitted<'_>,
        round: &Round,
        status_url: &str,
    ) -> Declaration {
        let lang = Lang::zh;
        let answers = Answers(submitted.answers.clone());
        let years = answers.required_years(round.cutoff_date);
        let sections = ProfileSection::ALL
            .iter()
            .filter(|s| !matches!(s, ProfileSection::Records | ProfileSection::Personal))
            .enumerate()
            .map(|(i, s)| FormSection {
                title: format!("{}、{}", chinese_ordinal(i + 2), s.title(lang)),
                rows: answer_rows(*s, &answers, &years, lang)
                    .into_iter()
                    .map(|(_, q, a)| (q, a))
                    .collect(),
                empty: empty_note(*s, submitted.profile, round),
            })
            .collect::<Vec<_>>();
        let records_title = format!(
            "{}、{}",
            chinese_ordinal(sections.len() + 2),
            ProfileSection::Records.title(lang)
        );
        let records = years
            .iter()
            .map(|y| RecordRow {
                year: *y,
                assessment: answer_in_words(&answers, &format!("assessment_{y}"), lang),
                continuing_education: answers.value(&format!("ce_{y}")),
            })
            .collect();
        let id_type = IdType::from_code(&applicant.id_type)
            .map(|t| t.label_zh().to_string())
            .unwrap_or_else(|| applicant.id_type.clone());
        let level = submitted
            .verdict
            .level
            .map(|l| format!("可初定{}", l.label_zh()))
            .unwrap_or_else(|| "—".into());
        Declaration {
            round_name: format!("（{}）", round.name_zh),
            reference: shared::status::display_reference(submitted.reference),
            submitted_at: crate::clock::in_china(&submitted.submitted_at)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            name: applicant.name.clone(),
            id_type,
            id_number: applicant.id_number.clone(),
            mobile: applicant.mobile.clone(),
            series: submitted
                .profile
                .series
                .map(|s| s.label_zh().to_string())
                .unwrap_or_default(),
            level,
            personal: answer_rows(ProfileSection::Personal, &answers, &years, lang)
                .into_iter()
                .map(|(_, q, a)| (q, a))
                .collect(),
            sections,
            records_title,
            records,
            stamps: stamp_boxes(submitted.profile, submitted.chain),
            publicity_days: round.publicity_working_days,
            appraisal: submitted.unit_review.map(|r| r.appraisal.to_string()),
            publicity: submitted
                .unit_review
                .and_then(|r| r.publicity)
                .map(|(a, b)| {
                    (
                        a.format("%Y年%-m月%-d日").to_string(),
                        b.format("%Y年%-m月%-d日").to_string(),
                    )
                }),
            qr_svg: qr_svg(status_url),
        }
    }
}

fn answer_in_words(answers: &Answers, input: &str, lang: Lang) -> String {
    if answers.get(input).is_none() {
        return String::new();
    }
    content::questionnaire::sections::answer_row(input, answers, lang).1
}

/// An empty access section is the normal case outside the access series (二（五）).
fn empty_note(section: ProfileSection, profile: &ApplicantProfile, round: &Round) -> String {
    let access_series = profile
        .series
        .is_some_and(|s| round.access_series.contains(&s));
    if section == ProfileSection::Access && !access_series {
        "不适用：所报系列不实行职业准入（通知 二（五））".into()
    } else {
        "未填写".into()
    }
}

/// 二, 三, … for the numbered blocks of the form.
fn chinese_ordinal(n: usize) -> &'static str {
    [
        "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ]
    .get(n)
    .copied()
    .unwrap_or("十")
}

/// The boxes for signatures and stamps besides the unit's appraisal, from the approval chain: a
/// dispatched worker needs the actual employer, the dispatch agency and the competent department
/// (四（六）); an employee of a municipal unit needs the competent department (四（四）). Before a
/// chain is formed (an unlisted unit), from the answers.
pub fn stamp_boxes(
    profile: &ApplicantProfile,
    chain: Option<&shared::approval_chain::Chain>,
) -> Vec<StampBox> {
    use shared::approval_chain::Chain;
    use shared::Role;
    let (dispatched, department) = match chain {
        Some(chain @ Chain::Stamps(_)) => (
            chain.organisation(Role::AgencyReviewer).is_some(),
            chain.organisation(Role::DepartmentReviewer).is_some(),
        ),
        _ => (
            profile.dispatched == Some(true),
            profile.category == Some(Category::MunicipalUnitEmployee),
        ),
    };
    let stamp = |title: &str, clause: &str, note: &str| StampBox {
        title: title.into(),
        clause: clause.into(),
        note: note.into(),
    };
    if dispatched {
        return vec![
            stamp("实际工作单位审核意见", "四（六）", "劳务派遣人员须由实际工作单位、派遣单位、主管部门同时审核盖章；实际工作单位另出具工作证明。"),
            stamp("派遣单位审核意见", "四（六）", "劳务派遣人员须由实际工作单位、派遣单位、主管部门同时审核盖章。"),
            stamp("主管部门审核意见", "四（六）", "劳务派遣人员须由实际工作单位、派遣单位、主管部门同时审核盖章。"),
        ];
    }
    if department {
        return vec![stamp(
            "主管部门审核意见",
            "四（四）",
            "市直企事业单位须主管部门盖章。",
        )];
    }
    Vec::new()
}

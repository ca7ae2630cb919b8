//! The sections of the application's task list: which inputs each owns, what a submission
//! needs of them, and every answer in words (the check-your-answers page, the printed 申报表 and
//! the staff's read-only page show the same rows). No views here: the controls are in
//! `form::questions`.

use shared::{
    AssessmentResult, Category, Completion, Credential, EducationLevel, EducationSource,
    ForeignPermit, Series, TechnicalClass,
};

use crate::questionnaire::answers::{
    education_input, Answers, FieldError, EDUCATION_KEYS, EDUCATION_MAX,
};
use crate::td_string;
use crate::words::profile_sections as words;
use crate::{fill, Lang};

/// Whether `input` is `prefix` and a year a record can be asked for (`assessment_2024`): one
/// key per year, never any name that merely starts alike (each would be kept in the draft).
fn record_year(input: &str, prefix: &str) -> bool {
    input
        .strip_prefix(prefix)
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|y| y.parse::<i32>().ok())
        .is_some_and(|y| (1950..=2100).contains(&y))
}

/// A choice in a select or radio group: (code posted, text shown).
pub type Choice = (&'static str, &'static str);

/// The choices of a vocabulary of the engine, labelled in the page's language.
pub fn choices<V: shared::Vocabulary>(lang: Lang) -> Vec<Choice> {
    V::ALL.iter().map(|&v| (v.code(), lang.label(v))).collect()
}

pub fn yes_no(lang: Lang) -> Vec<Choice> {
    vec![
        ("yes", td_string!(lang, profile_sections.yes)),
        ("no", td_string!(lang, profile_sections.no)),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileSection {
    /// Who and where: the unit and profession printed on the 申报表 (no rule depends on them).
    Personal,
    Scope,
    Education,
    Work,
    Records,
    Access,
    Employer,
}

impl ProfileSection {
    pub const ALL: [ProfileSection; 7] = [
        ProfileSection::Personal,
        ProfileSection::Scope,
        ProfileSection::Education,
        ProfileSection::Work,
        ProfileSection::Records,
        ProfileSection::Access,
        ProfileSection::Employer,
    ];

    /// The path segment: `/apply/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            ProfileSection::Personal => "personal",
            ProfileSection::Scope => "scope",
            ProfileSection::Education => "education",
            ProfileSection::Work => "work",
            ProfileSection::Records => "records",
            ProfileSection::Access => "access",
            ProfileSection::Employer => "employer",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ProfileSection> {
        ProfileSection::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            ProfileSection::Personal => td_string!(lang, profile_sections.personal_details),
            ProfileSection::Scope => td_string!(lang, profile_sections.who_you_are_applying_as),
            ProfileSection::Education => td_string!(lang, profile_sections.education),
            ProfileSection::Work => td_string!(lang, profile_sections.work),
            ProfileSection::Records => td_string!(
                lang,
                profile_sections.annual_assessments_and_continuing_education
            ),
            ProfileSection::Access => td_string!(lang, profile_sections.occupational_access),
            ProfileSection::Employer => td_string!(lang, profile_sections.employer_and_dispatch),
        }
    }

    /// The inputs of this section, by their exact names (records: one per year).
    pub fn owns(self, input: &str) -> bool {
        match self {
            ProfileSection::Personal => PERSONAL_INPUTS.contains(&input),
            ProfileSection::Scope => matches!(
                input,
                "category"
                    | "labor_relationship"
                    | "foreign_permit"
                    | "series"
                    | "civil_servant"
                    | "retired"
                    | "sanction_in_effect"
            ),
            ProfileSection::Education => {
                input == "add_education"
                    || (0..EDUCATION_MAX).any(|entry| {
                        EDUCATION_KEYS
                            .iter()
                            .any(|key| input == education_input(entry, key))
                    })
            }
            ProfileSection::Work => matches!(
                input,
                "work_start_date" | "post_start_date" | "professional_work" | "probation_passed"
            ),
            ProfileSection::Records => {
                record_year(input, "assessment_")
                    || record_year(input, "ce_")
                    || input == "annual_assessments"
                    || input == "continuing_education"
            }
            ProfileSection::Access => matches!(
                input,
                "has_access_qualification" | "access_qualification_no"
            ),
            ProfileSection::Employer => matches!(
                input,
                "dispatched" | "agency_id" | "social_insurance_verifiable"
            ),
        }
    }

    /// The inputs of the section for these answers (education entries and year rows vary).
    pub fn inputs(self) -> Vec<String> {
        let fixed: &[&str] = match self {
            ProfileSection::Personal => &PERSONAL_INPUTS,
            ProfileSection::Scope => &[
                "category",
                "labor_relationship",
                "foreign_permit",
                "series",
                "civil_servant",
                "retired",
                "sanction_in_effect",
            ],
            ProfileSection::Education => &[],
            ProfileSection::Work => &[
                "work_start_date",
                "post_start_date",
                "professional_work",
                "probation_passed",
            ],
            ProfileSection::Records => &[],
            ProfileSection::Access => &["has_access_qualification", "access_qualification_no"],
            ProfileSection::Employer => &["dispatched", "agency_id", "social_insurance_verifiable"],
        };
        let mut names: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
        if self == ProfileSection::Education {
            names.extend(
                (0..EDUCATION_MAX)
                    .flat_map(|i| EDUCATION_KEYS.iter().map(move |k| education_input(i, k))),
            );
        }
        names
    }
}

/// The personal details the application asks besides the account's name and document.
pub const PERSONAL_INPUTS: [&str; 4] = ["unit_name", "unit_id", "specialty", "post"];
/// The organisations chosen from the directory: the unit (Personal) and the dispatch agency
/// (Employer), by id. They route the application to its reviewers.
pub const DIRECTORY_INPUTS: [&str; 2] = ["unit_id", "agency_id"];
/// Those a submission needs: the unit reviews and stamps the form, in this profession.
pub const PERSONAL_REQUIRED: [&str; 2] = ["unit_name", "specialty"];

/// The required personal details not yet given, as errors that link to their fields.
pub fn personal_missing(answers: &Answers) -> Vec<FieldError> {
    PERSONAL_REQUIRED
        .iter()
        .filter(|i| answers.value(i).trim().is_empty())
        .map(|i| match *i {
            "unit_name" => FieldError::localized("unit_name", |lang| {
                td_string!(lang, errors.enter_the_full_name_of_your)
            }),
            _ => FieldError::localized("specialty", |lang| {
                td_string!(lang, errors.enter_the_profession_you_apply_in)
            }),
        })
        .collect()
}

/// The answered questions of a section, in order, as (input, question, answer in words): the
/// check-your-answers page and the printed 申报表 show the same rows.
pub fn answer_rows(
    section: ProfileSection,
    answers: &Answers,
    years: &[i32],
    lang: Lang,
) -> Vec<(String, String, String)> {
    let mut inputs = section.inputs();
    if section == ProfileSection::Records {
        for y in years {
            inputs.push(format!("assessment_{y}"));
            inputs.push(format!("ce_{y}"));
        }
    }
    inputs
        .into_iter()
        // The directory's ids are not answers in words (the unit's name is).
        .filter(|i| answers.get(i).is_some() && !DIRECTORY_INPUTS.contains(&i.as_str()))
        .map(|i| {
            let (q, a) = answer_row(&i, answers, lang);
            (i, q, a)
        })
        .collect()
}

/// The question of an input and its answer in words, for the check-your-answers page.
pub fn answer_row(input: &str, answers: &Answers, lang: Lang) -> (String, String) {
    let raw = answers.value(input);
    // Later education entries (`edu1_level`, …) read like the first, numbered.
    if let Some((n, key)) = input.strip_prefix("edu").and_then(|r| r.split_once('_')) {
        if let Ok(n) = n.parse::<usize>() {
            let (q, a) = describe_answer(&format!("edu_{key}"), raw, lang);
            let q = fill(
                td_string!(lang, profile_sections.numbered_question),
                &[("n", &(n + 1)), ("q", &q)],
            );
            return (q, a);
        }
    }
    describe_answer(input, raw, lang)
}

/// How an answer reads in words.
#[derive(Clone, Copy)]
enum Reading {
    /// As typed (names, numbers, dates).
    AsTyped,
    /// 是 / 否.
    YesNo,
    /// A term of a vocabulary, by its code (an unknown code reads as typed).
    Term(fn(&str, Lang) -> Option<&'static str>),
}

fn term<V: shared::Vocabulary>(code: &str, lang: Lang) -> Option<&'static str> {
    V::ALL
        .iter()
        .find(|t| t.code() == code)
        .map(|t| lang.label(*t))
}

/// Every question of the profile once, as the check-your-answers page, the printed 申报表 and the
/// staff's read-only page word it: its input, its question and how its answer reads. (Later
/// education entries read as `edu_…`, numbered; the yearly records are in `YEARLY`.)
const QUESTIONS: &[(&str, fn(Lang) -> &'static str, Reading)] = &[
    (
        "unit_name",
        words::unit_or_personnel_file_holder,
        Reading::AsTyped,
    ),
    ("specialty", words::profession_applied_in, Reading::AsTyped),
    ("post", words::current_professional_post, Reading::AsTyped),
    ("category", words::group, Reading::Term(term::<Category>)),
    ("labor_relationship", words::labour_contract, Reading::YesNo),
    (
        "foreign_permit",
        words::foreigner_s_permit,
        Reading::Term(term::<ForeignPermit>),
    ),
    ("series", words::series, Reading::Term(term::<Series>)),
    ("civil_servant", words::civil_servant, Reading::YesNo),
    ("retired", words::retired, Reading::YesNo),
    (
        "sanction_in_effect",
        words::within_a_sanction_period,
        Reading::YesNo,
    ),
    (
        "edu_level",
        words::education_level,
        Reading::Term(term::<EducationLevel>),
    ),
    (
        "edu_credential",
        words::certificate,
        Reading::Term(term::<Credential>),
    ),
    (
        "edu_source",
        words::source,
        Reading::Term(term::<EducationSource>),
    ),
    (
        "edu_technical_class",
        words::technical_school_class,
        Reading::Term(term::<TechnicalClass>),
    ),
    (
        "edu_completion",
        words::graduated,
        Reading::Term(term::<Completion>),
    ),
    ("edu_full_time", words::full_time, Reading::YesNo),
    (
        "edu_graduation_date",
        words::graduation_date,
        Reading::AsTyped,
    ),
    ("work_start_date", words::work_start_date, Reading::AsTyped),
    (
        "post_start_date",
        words::current_post_since,
        Reading::AsTyped,
    ),
    (
        "professional_work",
        words::works_in_the_profession,
        Reading::YesNo,
    ),
    ("probation_passed", words::probation_passed, Reading::YesNo),
    (
        "has_access_qualification",
        words::holds_the_access_qualification,
        Reading::YesNo,
    ),
    (
        "access_qualification_no",
        words::qualification_number,
        Reading::AsTyped,
    ),
    ("dispatched", words::dispatched_worker, Reading::YesNo),
    (
        "social_insurance_verifiable",
        words::social_insurance_verifiable,
        Reading::YesNo,
    ),
];

/// The questions asked once per year: the input's prefix (`assessment_2024`), the question with
/// `{year}`, how the answer reads.
const YEARLY: &[(&str, fn(Lang) -> &'static str, Reading)] = &[
    (
        "assessment_",
        words::annual_assessment_year,
        Reading::Term(term::<AssessmentResult>),
    ),
    ("ce_", words::public_subjects_year, Reading::AsTyped),
];

fn describe_answer(input: &str, raw: String, lang: Lang) -> (String, String) {
    let read = |reading: Reading| match reading {
        Reading::AsTyped => raw.clone(),
        Reading::YesNo => match raw.as_str() {
            "yes" => td_string!(lang, profile_sections.yes).to_string(),
            "no" => td_string!(lang, profile_sections.no).to_string(),
            other => other.to_string(),
        },
        Reading::Term(label) => label(&raw, lang).map_or_else(|| raw.clone(), str::to_string),
    };
    if let Some((_, question, reading)) = QUESTIONS.iter().find(|q| q.0 == input) {
        return (question(lang).to_string(), read(*reading));
    }
    for (prefix, question, reading) in YEARLY {
        if let Some(year) = input.strip_prefix(prefix) {
            return (fill(question(lang), &[("year", &year)]), read(*reading));
        }
    }
    (String::new(), raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_of_every_section_is_worded_in_both_languages() {
        for section in ProfileSection::ALL {
            for input in section.inputs() {
                if DIRECTORY_INPUTS.contains(&input.as_str()) {
                    continue; // shown by the organisation's name, not as an answer
                }
                for lang in [Lang::zh, Lang::en] {
                    let (question, _) = answer_row(&input, &Answers::default(), lang);
                    assert!(!question.is_empty(), "{input} has no question in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn answers_read_as_words() {
        let answers = Answers(
            [
                ("category", "municipal_unit_employee"),
                ("series", "no_such_series"),
                ("retired", "no"),
                ("edu1_full_time", "yes"),
                ("assessment_2024", "qualified"),
                ("ce_2025", "1"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        );
        let row = |input: &str, lang| answer_row(input, &answers, lang);
        assert_eq!(row("retired", Lang::zh).1, "否");
        assert_eq!(row("retired", Lang::en).1, "No");
        assert_eq!(
            row("series", Lang::zh).1,
            "no_such_series",
            "an unknown code as typed"
        );
        assert_eq!(
            row("category", Lang::zh).1,
            shared::Category::MunicipalUnitEmployee.label_zh()
        );
        assert!(row("edu1_full_time", Lang::zh).0.contains('2'), "numbered");
        assert_eq!(row("edu1_full_time", Lang::zh).1, "是");
        assert!(row("assessment_2024", Lang::en).0.contains("2024"));
        assert_eq!(
            row("assessment_2024", Lang::en).1,
            shared::AssessmentResult::Qualified.label_en()
        );
        assert!(row("ce_2025", Lang::zh).0.contains("2025"));
    }
}

//! The sections of the application's task list: which inputs each owns, what a submission
//! needs of them, and every answer in words (the check-your-answers page, the printed 申报表 and
//! the staff's read-only page show the same rows). No views here: the controls are in
//! `form::questions`.

use shared::{
    AssessmentResult, Category, Completion, Credential, EducationLevel, EducationSource,
    ForeignPermit, Series, TechnicalClass,
};

use crate::i18n::td_string;
use crate::questionnaire::answers::{
    education_input, Answers, FieldError, EDUCATION_KEYS, EDUCATION_MAX,
};
use crate::site::{fill, Lang};

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

fn describe_answer(input: &str, raw: String, lang: Lang) -> (String, String) {
    let yes_no_word = |v: &str| match v {
        "yes" => td_string!(lang, profile_sections.yes).to_string(),
        "no" => td_string!(lang, profile_sections.no).to_string(),
        other => other.to_string(),
    };
    fn label_of<E: Copy + 'static>(
        all: &'static [E],
        code: fn(E) -> &'static str,
        zh: fn(E) -> &'static str,
        en: fn(E) -> &'static str,
        raw: &str,
        lang: Lang,
    ) -> String {
        all.iter()
            .find(|e| code(**e) == raw)
            .map(|e| lang.pick(zh(*e), en(*e)).to_string())
            .unwrap_or_else(|| raw.to_string())
    }
    let (question, answer) = match input {
        "unit_name" => (
            td_string!(lang, profile_sections.unit_or_personnel_file_holder),
            raw.clone(),
        ),
        "specialty" => (
            td_string!(lang, profile_sections.profession_applied_in),
            raw.clone(),
        ),
        "post" => (
            td_string!(lang, profile_sections.current_professional_post),
            raw.clone(),
        ),
        "category" => (
            td_string!(lang, profile_sections.group),
            label_of(
                Category::ALL,
                Category::as_str,
                Category::label_zh,
                Category::label_en,
                &raw,
                lang,
            ),
        ),
        "labor_relationship" => (
            td_string!(lang, profile_sections.labour_contract),
            yes_no_word(&raw),
        ),
        "foreign_permit" => (
            td_string!(lang, profile_sections.foreigner_s_permit),
            label_of(
                ForeignPermit::ALL,
                ForeignPermit::as_str,
                ForeignPermit::label_zh,
                ForeignPermit::label_en,
                &raw,
                lang,
            ),
        ),
        "series" => (
            td_string!(lang, profile_sections.series),
            label_of(
                Series::ALL,
                Series::as_str,
                Series::label_zh,
                Series::label_en,
                &raw,
                lang,
            ),
        ),
        "civil_servant" => (
            td_string!(lang, profile_sections.civil_servant),
            yes_no_word(&raw),
        ),
        "retired" => (
            td_string!(lang, profile_sections.retired),
            yes_no_word(&raw),
        ),
        "sanction_in_effect" => (
            td_string!(lang, profile_sections.within_a_sanction_period),
            yes_no_word(&raw),
        ),
        "edu_level" => (
            td_string!(lang, profile_sections.education_level),
            label_of(
                EducationLevel::ALL,
                EducationLevel::as_str,
                EducationLevel::label_zh,
                EducationLevel::label_en,
                &raw,
                lang,
            ),
        ),
        "edu_credential" => (
            td_string!(lang, profile_sections.certificate),
            label_of(
                Credential::ALL,
                Credential::as_str,
                Credential::label_zh,
                Credential::label_en,
                &raw,
                lang,
            ),
        ),
        "edu_source" => (
            td_string!(lang, profile_sections.source),
            label_of(
                EducationSource::ALL,
                EducationSource::as_str,
                EducationSource::label_zh,
                EducationSource::label_en,
                &raw,
                lang,
            ),
        ),
        "edu_technical_class" => (
            td_string!(lang, profile_sections.technical_school_class),
            label_of(
                TechnicalClass::ALL,
                TechnicalClass::as_str,
                TechnicalClass::label_zh,
                TechnicalClass::label_en,
                &raw,
                lang,
            ),
        ),
        "edu_completion" => (
            td_string!(lang, profile_sections.graduated),
            label_of(
                Completion::ALL,
                Completion::as_str,
                Completion::label_zh,
                Completion::label_en,
                &raw,
                lang,
            ),
        ),
        "edu_full_time" => (
            td_string!(lang, profile_sections.full_time),
            yes_no_word(&raw),
        ),
        "edu_graduation_date" => (
            td_string!(lang, profile_sections.graduation_date),
            raw.clone(),
        ),
        "work_start_date" => (
            td_string!(lang, profile_sections.work_start_date),
            raw.clone(),
        ),
        "post_start_date" => (
            td_string!(lang, profile_sections.current_post_since),
            raw.clone(),
        ),
        "professional_work" => (
            td_string!(lang, profile_sections.works_in_the_profession),
            yes_no_word(&raw),
        ),
        "probation_passed" => (
            td_string!(lang, profile_sections.probation_passed),
            yes_no_word(&raw),
        ),
        "has_access_qualification" => (
            td_string!(lang, profile_sections.holds_the_access_qualification),
            yes_no_word(&raw),
        ),
        "access_qualification_no" => (
            td_string!(lang, profile_sections.qualification_number),
            raw.clone(),
        ),
        "dispatched" => (
            td_string!(lang, profile_sections.dispatched_worker),
            yes_no_word(&raw),
        ),
        "social_insurance_verifiable" => (
            td_string!(lang, profile_sections.social_insurance_verifiable),
            yes_no_word(&raw),
        ),
        other => {
            if let Some(y) = other.strip_prefix("assessment_") {
                let label = fill(
                    td_string!(lang, profile_sections.annual_assessment_year),
                    &[("year", &y)],
                );
                return (
                    label,
                    label_of(
                        AssessmentResult::ALL,
                        AssessmentResult::as_str,
                        AssessmentResult::label_zh,
                        AssessmentResult::label_en,
                        &raw,
                        lang,
                    ),
                );
            }
            if let Some(y) = other.strip_prefix("ce_") {
                let label = fill(
                    td_string!(lang, profile_sections.public_subjects_year),
                    &[("year", &y)],
                );
                return (label, raw);
            }
            ("", raw.clone())
        }
    };
    (question.to_string(), answer)
}

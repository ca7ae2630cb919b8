//! The answers of a profile form as the browser posts them (flat `name=value` pairs), and their
//! conversion into the engine's `ApplicantProfile`.
//!
//! The same conversion runs on the server (a GET or POST with JavaScript off) and in the browser
//! (on every input), so both show the same verdict. Unparseable answers become field errors named
//! after the input, and the rest of the profile is still evaluated.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use shared::{
    AnnualAssessment, ApplicantProfile, AssessmentResult, ContinuingEducation, Education, Round,
    Verdict,
};

use crate::td_string;
use crate::{fill, Lang};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(pub BTreeMap<String, String>);

/// A problem with one answer: the input's id and the message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    pub field: String,
    pub zh: String,
    pub en: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A finding of the engine as the error of the input it is about, citing its clause.
    pub fn from_finding(field: impl Into<String>, finding: &shared::Finding) -> FieldError {
        FieldError {
            field: field.into(),
            zh: format!(
                "{}：{}",
                shared::clause::display_zh(&finding.clause),
                finding.message
            ),
            en: format!(
                "{}: {}",
                shared::clause::display_en(&finding.clause),
                finding.message_en
            ),
        }
    }

    /// An error whose text is in the locale files: `|lang| td_string!(lang, errors.key)`.
    pub fn localized<T: Into<String>>(
        field: impl Into<String>,
        text: impl Fn(Lang) -> T,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            zh: text(Lang::zh).into(),
            en: text(Lang::en).into(),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::zh => &self.zh,
            Lang::en => &self.en,
        }
    }

    /// The message of `field`'s error among `errors`, if it has one.
    pub fn message_of(errors: &[FieldError], field: &str, lang: Lang) -> Option<String> {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message(lang).to_string())
    }
}

/// The longest answer kept, in characters (not bytes: a unit's full name in Chinese is three
/// bytes a character). A longer answer is refused with a message, never cut or dropped.
pub const MAX_ANSWER_CHARS: usize = 200;

/// At most this many education entries on a form.
pub const EDUCATION_MAX: usize = 4;

/// The input name of an education question: `edu_level` for the first entry, `edu1_level` for
/// the second, and so on.
pub fn education_input(entry: usize, key: &str) -> String {
    if entry == 0 {
        format!("edu_{key}")
    } else {
        format!("edu{entry}_{key}")
    }
}

/// Education questions: the JSON keys of one entry.
pub const EDUCATION_KEYS: [&str; 7] = [
    "level",
    "credential",
    "source",
    "technical_class",
    "completion",
    "full_time",
    "graduation_date",
];
impl Answers {
    pub fn from_pairs<I, K, V>(pairs: I) -> Answers
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Answers(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .filter(|(_, v)| !v.trim().is_empty())
                .collect(),
        )
    }

    /// The trimmed answer, `None` when blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    pub fn set(&mut self, name: &str, value: String) {
        if value.trim().is_empty() {
            self.0.remove(name);
        } else {
            self.0.insert(name.to_string(), value);
        }
    }

    pub fn value(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_string()
    }

    fn date(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
        let raw = self.get(name)?;
        match parse_date(raw) {
            Some(d) => Some(d),
            None => {
                errors.push(FieldError::localized(name, |lang| {
                    fill(td_string!(lang, errors.not_a_date), &[("raw", &raw)])
                }));
                None
            }
        }
    }

    /// How many education entries the form shows: up to the last one answered, one more when
    /// asked (`add_education`), at least one.
    pub fn education_entries(&self) -> usize {
        let answered = education_inputs()
            .iter()
            .rposition(|inputs| self.any_answered(inputs))
            .map_or(0, |i| i + 1);
        let wanted = answered + usize::from(self.get("add_education").is_some());
        wanted.clamp(1, EDUCATION_MAX)
    }

    /// The years whose annual assessment and continuing education the form asks for.
    pub fn required_years(&self, cutoff: NaiveDate) -> Vec<i32> {
        match self.get("work_start_date").and_then(parse_date) {
            Some(start) => required_years(start, cutoff),
            None => Vec::new(),
        }
    }

    /// The engine's verdict on these answers in a round, with the profile it judged (unreadable
    /// answers are left out of the profile, as in `to_profile`).
    pub fn evaluate(&self, round: &Round) -> (ApplicantProfile, Verdict) {
        let (profile, _) = self.to_profile(round.cutoff_date);
        let verdict = shared::evaluate(&profile, round);
        (profile, verdict)
    }

    /// The profile these answers describe, and the answers that could not be read (each left
    /// unanswered in the profile and named by its input). Built field by field rather than
    /// through the contract's JSON: this runs on every input in the browser and twice per
    /// submission on the server, where the JSON round trip was 8% of the CPU under load.
    pub fn to_profile(&self, cutoff: NaiveDate) -> (ApplicantProfile, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut education = Vec::new();
        for inputs in education_inputs() {
            if !self.any_answered(inputs) {
                continue;
            }
            let [level, credential, source, technical_class, completion, full_time, graduation_date] =
                inputs;
            education.push(Education {
                level: self.choice(level, &mut errors),
                credential: self.choice(credential, &mut errors),
                source: self.choice(source, &mut errors),
                technical_class: self.choice(technical_class, &mut errors),
                completion: self.choice(completion, &mut errors),
                full_time: self.yes_no(full_time, &mut errors),
                graduation_date: self.date(graduation_date, &mut errors),
            });
        }
        let mut annual_assessments = Vec::new();
        let mut continuing_education = Vec::new();
        for year in self.required_years(cutoff) {
            let name = format!("assessment_{year}");
            if self.get(&name).is_some() {
                let result = self.choice::<AssessmentResult>(&name, &mut errors);
                annual_assessments.push(AnnualAssessment {
                    year: Some(year),
                    result,
                });
            }
            let name = format!("ce_{year}");
            if let Some(raw) = self.get(&name) {
                match raw.parse::<u32>() {
                    Ok(n) if n <= 100 => continuing_education.push(ContinuingEducation {
                        year: Some(year),
                        public_subjects_passed: Some(n),
                    }),
                    _ => errors.push(FieldError::localized(name, |lang| {
                        fill(
                            td_string!(lang, errors.public_subjects_range),
                            &[("year", &year)],
                        )
                    })),
                }
            }
        }
        // Every field named, no `..Default::default()`: a question added to the profile must be
        // read here too, or this does not compile.
        let profile = ApplicantProfile {
            category: self.choice("category", &mut errors),
            labor_relationship: self.yes_no("labor_relationship", &mut errors),
            foreign_permit: self.choice("foreign_permit", &mut errors),
            civil_servant: self.yes_no("civil_servant", &mut errors),
            retired: self.yes_no("retired", &mut errors),
            sanction_in_effect: self.yes_no("sanction_in_effect", &mut errors),
            series: self.choice("series", &mut errors),
            education,
            work_start_date: self.date("work_start_date", &mut errors),
            post_start_date: self.date("post_start_date", &mut errors),
            professional_work: self.yes_no("professional_work", &mut errors),
            probation_passed: self.yes_no("probation_passed", &mut errors),
            annual_assessments,
            continuing_education,
            has_access_qualification: self.yes_no("has_access_qualification", &mut errors),
            access_qualification_no: self.get("access_qualification_no").map(str::to_string),
            dispatched: self.yes_no("dispatched", &mut errors),
            social_insurance_verifiable: self.yes_no("social_insurance_verifiable", &mut errors),
        };
        (profile, errors)
    }

    /// Whether any of these questions is answered, readably or not: an education entry counts
    /// (on the form and in the profile) once one of its questions is.
    fn any_answered(&self, names: &[String]) -> bool {
        names.iter().any(|name| self.get(name).is_some())
    }

    /// One of a list's codes. Every choice comes from a list, so only a tampered form gets an error.
    fn choice<T: FromStr>(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<T> {
        self.read(name, errors, |raw| raw.parse().ok())
    }

    fn yes_no(&self, name: &str, errors: &mut Vec<FieldError>) -> Option<bool> {
        self.read(name, errors, |raw| match raw {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        })
    }

    /// The answer to `name` as `parse` reads it; an answer it cannot read is a field error.
    fn read<T>(
        &self,
        name: &str,
        errors: &mut Vec<FieldError>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let raw = self.get(name)?;
        let value = parse(raw);
        if value.is_none() {
            errors.push(FieldError::localized(name, |lang| {
                fill(
                    td_string!(lang, errors.unrecognised_answer),
                    &[("answer", &raw)],
                )
            }));
        }
        value
    }
}

/// The input names of every education entry's questions, in `EDUCATION_KEYS` order (made once:
/// the form is converted on every keystroke).
fn education_inputs() -> &'static [[String; EDUCATION_KEYS.len()]; EDUCATION_MAX] {
    static INPUTS: OnceLock<[[String; EDUCATION_KEYS.len()]; EDUCATION_MAX]> = OnceLock::new();
    INPUTS.get_or_init(|| {
        std::array::from_fn(|entry| EDUCATION_KEYS.map(|key| education_input(entry, key)))
    })
}

pub use shared::typed_date::parse as parse_date;

/// The years the engine asks a record for (二（三）、二（四）), as form rows. A bound keeps an
/// absurd start date from making thousands of rows.
pub fn required_years(work_start: NaiveDate, cutoff: NaiveDate) -> Vec<i32> {
    let range = shared::rules::required_years::required_years(work_start, cutoff);
    (range.first.max(range.last - 60)..=range.last).collect()
}

/// The input (or group) id that answers a finding's field path, e.g.
/// `education[0].graduation_date` → `edu_graduation_date`.
pub fn input_for_field(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("education") {
        let entry = rest
            .strip_prefix('[')
            .and_then(|r| r.split(']').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        return match rest.rsplit_once('.') {
            Some((_, key)) => education_input(entry, key),
            None => "edu_level".to_string(),
        };
    }
    for group in ["annual_assessments", "continuing_education"] {
        if field.starts_with(group) {
            return group.to_string();
        }
    }
    field.split(['.', '[']).next().unwrap_or(field).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn several_education_entries_make_several_credentials() {
        let answers = Answers::from_pairs([
            ("edu_level", "associate"),
            ("edu1_level", "bachelor"),
            ("edu1_graduation_date", "2020-06-30"),
        ]);
        let (profile, errors) = answers.to_profile(d("2026-04-30"));
        assert!(errors.is_empty());
        assert_eq!(profile.education.len(), 2);
        assert_eq!(answers.education_entries(), 2);
        let more = Answers::from_pairs([("edu_level", "associate"), ("add_education", "1")]);
        assert_eq!(more.education_entries(), 2);
        assert_eq!(Answers::default().education_entries(), 1);
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        assert_eq!(parse_date("2024-07-08"), Some(d("2024-07-08")));
        assert_eq!(parse_date("2024/7/8"), Some(d("2024-07-08")));
        assert_eq!(parse_date("2024-13-45"), None);
        assert_eq!(parse_date("24-07-08"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn required_years_leave_out_a_second_half_start() {
        assert_eq!(required_years(d("2024-07-08"), d("2026-04-30")), vec![2025]);
        assert_eq!(
            required_years(d("2024-06-30"), d("2026-04-30")),
            vec![2024, 2025]
        );
        assert!(required_years(d("2026-01-05"), d("2026-04-30")).is_empty());
    }

    #[test]
    fn a_bad_date_is_a_field_error_and_the_rest_still_counts() {
        let answers =
            Answers::from_pairs([("work_start_date", "2024-13-45"), ("series", "engineering")]);
        let (profile, errors) = answers.to_profile(d("2026-04-30"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "work_start_date");
        assert!(profile.work_start_date.is_none());
        assert!(profile.series.is_some());
    }

    #[test]
    fn a_tampered_choice_names_its_field() {
        let answers = Answers::from_pairs([("series", "teacher")]);
        let (_, errors) = answers.to_profile(d("2026-04-30"));
        assert_eq!(errors[0].field, "series");
    }

    #[test]
    fn each_tampered_answer_is_named_and_the_rest_still_read() {
        let answers = Answers::from_pairs([
            ("category", "municipal_unit_employee"),
            ("retired", "maybe"),
            ("edu1_level", "kindergarten"),
            ("edu1_graduation_date", "2020-06-30"),
            ("work_start_date", "2024-07-08"),
            ("assessment_2025", "stellar"),
        ]);
        let (profile, errors) = answers.to_profile(d("2026-04-30"));
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["edu1_level", "assessment_2025", "retired"]);
        assert!(
            errors[2].zh.contains("maybe") && errors[2].en.contains("maybe"),
            "{:?}",
            errors[2]
        );
        assert_eq!(
            profile.category,
            Some(shared::Category::MunicipalUnitEmployee)
        );
        assert_eq!(profile.retired, None);
        assert_eq!(profile.education.len(), 1);
        assert_eq!(
            (
                profile.education[0].level,
                profile.education[0].graduation_date
            ),
            (None, Some(d("2020-06-30")))
        );
        assert_eq!(
            profile.annual_assessments,
            [AnnualAssessment {
                year: Some(2025),
                result: None
            }]
        );
    }

    /// The form's answers mean what the same answers mean in the engine's JSON contract.
    #[test]
    fn a_full_form_reads_as_the_contract_reads_its_json() {
        let answers = Answers::from_pairs([
            ("category", "foreign"),
            ("foreign_permit", "work_permit"),
            ("labor_relationship", "yes"),
            ("civil_servant", "no"),
            ("retired", "no"),
            ("sanction_in_effect", "no"),
            ("series", "health"),
            ("edu_level", "associate"),
            ("edu_credential", "diploma"),
            ("edu_source", "technical_school"),
            ("edu_technical_class", "senior_worker"),
            ("edu_completion", "graduated"),
            ("edu_full_time", "yes"),
            ("edu_graduation_date", "2019/6/30"),
            ("edu2_level", "master"),
            ("edu2_full_time", "no"),
            ("work_start_date", "2023-07-01"),
            ("post_start_date", "2023.9.1"),
            ("professional_work", "yes"),
            ("probation_passed", "no"),
            ("assessment_2024", "excellent"),
            ("assessment_2025", "qualified"),
            ("ce_2024", "2"),
            ("has_access_qualification", "yes"),
            ("access_qualification_no", "YS-2023-0001"),
            ("dispatched", "yes"),
            ("social_insurance_verifiable", "no"),
        ]);
        let (profile, errors) = answers.to_profile(d("2026-04-30"));
        assert!(errors.is_empty(), "{errors:?}");
        let contract = shared::parse_profile(
            r#"{"category":"foreign","foreign_permit":"work_permit","labor_relationship":true,"civil_servant":false,
            "retired":false,"sanction_in_effect":false,"series":"health",
            "education":[{"level":"associate","credential":"diploma","source":"technical_school","technical_class":"senior_worker",
                          "completion":"graduated","full_time":true,"graduation_date":"2019-06-30"},
                         {"level":"master","full_time":false}],
            "work_start_date":"2023-07-01","post_start_date":"2023-09-01","professional_work":true,"probation_passed":false,
            "annual_assessments":[{"year":2024,"result":"excellent"},{"year":2025,"result":"qualified"}],
            "continuing_education":[{"year":2024,"public_subjects_passed":2}],
            "has_access_qualification":true,"access_qualification_no":"YS-2023-0001","dispatched":true,"social_insurance_verifiable":false}"#,
        )
        .unwrap();
        assert_eq!(profile, contract);
    }

    #[test]
    fn finding_fields_map_to_inputs() {
        assert_eq!(
            input_for_field("education[0].graduation_date"),
            "edu_graduation_date"
        );
        assert_eq!(input_for_field("education"), "edu_level");
        assert_eq!(input_for_field("education[1].level"), "edu1_level");
        assert_eq!(
            input_for_field("continuing_education[2024]"),
            "continuing_education"
        );
        assert_eq!(input_for_field("work_start_date"), "work_start_date");
    }
}

//! The answers of a profile form as the browser posts them (flat `name=value` pairs), and their
//! conversion into the engine's `ApplicantProfile`.
//!
//! The same conversion runs on the server (a GET or POST with JavaScript off) and in the browser
//! (on every input), so both show the same verdict. Unparseable answers become field errors named
//! after the input, and the rest of the profile is still evaluated.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use shared::{parse_profile, ApplicantProfile, Round, Verdict};

use crate::i18n::td_string;
use crate::site::{fill, Lang};

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
    pub fn new(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), zh: zh.into(), en: en.into() }
    }

    /// An error whose text is in the locale files: `|lang| td_string!(lang, errors.key)`.
    pub fn localized<T: Into<String>>(field: impl Into<String>, text: impl Fn(Lang) -> T) -> FieldError {
        FieldError { field: field.into(), zh: text(Lang::zh).into(), en: text(Lang::en).into() }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::zh => &self.zh,
            Lang::en => &self.en,
        }
    }
}

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
pub const EDUCATION_KEYS: [&str; 7] =
    ["level", "credential", "source", "technical_class", "completion", "full_time", "graduation_date"];
const YES_NO_KEYS: [&str; 9] = [
    "labor_relationship",
    "civil_servant",
    "retired",
    "sanction_in_effect",
    "professional_work",
    "probation_passed",
    "has_access_qualification",
    "dispatched",
    "social_insurance_verifiable",
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
                errors.push(FieldError::localized(name, |lang| fill(td_string!(lang, errors.not_a_date), &[("raw", &raw)])));
                None
            }
        }
    }

    /// How many education entries the form shows: up to the last one answered, one more when
    /// asked (`add_education`), at least one.
    pub fn education_entries(&self) -> usize {
        let answered = (0..EDUCATION_MAX)
            .rev()
            .find(|&i| EDUCATION_KEYS.iter().any(|k| self.get(&education_input(i, k)).is_some()))
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

    /// The profile these answers describe, and the answers that could not be read.
    pub fn to_profile(&self, cutoff: NaiveDate) -> (ApplicantProfile, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut obj = Map::new();
        for key in ["category", "foreign_permit", "series", "access_qualification_no"] {
            obj.insert(key.into(), self.get(key).map_or(Value::Null, |v| json!(v)));
        }
        for key in YES_NO_KEYS {
            obj.insert(key.into(), yes_no(self.get(key)));
        }
        for key in ["work_start_date", "post_start_date"] {
            let d = self.date(key, &mut errors);
            obj.insert(key.into(), d.map_or(Value::Null, |d| json!(d.to_string())));
        }
        let mut entries = Vec::new();
        for entry in 0..EDUCATION_MAX {
            let mut education = Map::new();
            for key in EDUCATION_KEYS {
                let name = education_input(entry, key);
                let value = match key {
                    "full_time" => yes_no(self.get(&name)),
                    "graduation_date" => self.date(&name, &mut errors).map_or(Value::Null, |d| json!(d.to_string())),
                    _ => self.get(&name).map_or(Value::Null, |v| json!(v)),
                };
                education.insert(key.into(), value);
            }
            if education.values().any(|v| !v.is_null()) {
                entries.push(Value::Object(education));
            }
        }
        obj.insert("education".into(), Value::Array(entries));
        let years = self.required_years(cutoff);
        let mut assessments = Vec::new();
        let mut courses = Vec::new();
        for year in years {
            if let Some(result) = self.get(&format!("assessment_{year}")) {
                assessments.push(json!({ "year": year, "result": result }));
            }
            let name = format!("ce_{year}");
            if let Some(raw) = self.get(&name) {
                match raw.parse::<u32>() {
                    Ok(n) if n <= 100 => courses.push(json!({ "year": year, "public_subjects_passed": n })),
                    _ => errors.push(FieldError::localized(name, |lang| fill(td_string!(lang, errors.public_subjects_range), &[("year", &year)]))),
                }
            }
        }
        obj.insert("annual_assessments".into(), json!(assessments));
        obj.insert("continuing_education".into(), json!(courses));

        let text = Value::Object(obj).to_string();
        match parse_profile(&text) {
            Ok(profile) => (profile, errors),
            Err(e) => {
                // Only a tampered form gets here (every choice comes from a list): name the field.
                errors.push(FieldError::localized(input_for_field(e.field()), |lang| fill(td_string!(lang, errors.unrecognised_answer), &[("answer", &e)])));
                (ApplicantProfile::default(), errors)
            }
        }
    }
}

fn yes_no(answer: Option<&str>) -> Value {
    match answer {
        Some("yes") => Value::Bool(true),
        Some("no") => Value::Bool(false),
        Some(other) => json!(other), // refused by the parser, which names the field
        None => Value::Null,
    }
}

/// Reads `2024-07-08` (also `2024/7/8` and `2024.7.8`, as people write dates).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = raw.trim().split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return None;
    }
    let y = parts[0].parse().ok()?;
    let m = parts[1].parse().ok()?;
    let d = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

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
        let answers = Answers::from_pairs([("edu_level", "associate"), ("edu1_level", "bachelor"), ("edu1_graduation_date", "2020-06-30")]);
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
        assert_eq!(required_years(d("2024-06-30"), d("2026-04-30")), vec![2024, 2025]);
        assert!(required_years(d("2026-01-05"), d("2026-04-30")).is_empty());
    }

    #[test]
    fn a_bad_date_is_a_field_error_and_the_rest_still_counts() {
        let answers = Answers::from_pairs([("work_start_date", "2024-13-45"), ("series", "engineering")]);
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
    fn finding_fields_map_to_inputs() {
        assert_eq!(input_for_field("education[0].graduation_date"), "edu_graduation_date");
        assert_eq!(input_for_field("education"), "edu_level");
        assert_eq!(input_for_field("education[1].level"), "edu1_level");
        assert_eq!(input_for_field("continuing_education[2024]"), "continuing_education");
        assert_eq!(input_for_field("work_start_date"), "work_start_date");
    }
}

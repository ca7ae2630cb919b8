//! A typical eligible applicant (bachelor, graduated 2024, engineering, 助理级), as draft answers:
//! the demo's submitted application, the PDF tests and the PDF benchmark start from it.

use std::collections::BTreeMap;

pub const BACHELOR_2024: &[(&str, &str)] = &[
    ("unit_name", "连云港市港城建设工程质量检测有限公司"),
    ("specialty", "建筑工程"),
    ("post", "检测工程师助理"),
    ("category", "municipal_unit_employee"),
    ("labor_relationship", "yes"),
    ("series", "engineering"),
    ("civil_servant", "no"),
    ("retired", "no"),
    ("sanction_in_effect", "no"),
    ("edu_level", "bachelor"),
    ("edu_credential", "diploma_and_degree"),
    ("edu_source", "regular"),
    ("edu_completion", "graduated"),
    ("edu_full_time", "yes"),
    ("edu_graduation_date", "2024-06-30"),
    ("work_start_date", "2024-07-08"),
    ("post_start_date", "2024-07-08"),
    ("professional_work", "yes"),
    ("probation_passed", "yes"),
    ("assessment_2025", "qualified"),
    ("ce_2025", "1"),
    ("dispatched", "no"),
    ("social_insurance_verifiable", "yes"),
];

/// The sample answers with some replaced or added.
pub fn answers_with(changes: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut answers: BTreeMap<String, String> = BACHELOR_2024
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (k, v) in changes {
        answers.insert(k.to_string(), v.to_string());
    }
    answers
}

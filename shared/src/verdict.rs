//! The engine's answer (spec "Output: a verdict"): an outcome derived from the findings, the
//! level, the paper materials, and one finding per rule applied, so the UI can show what holds,
//! what fails and which question is still open.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::coded_enum;

coded_enum! {
    /// The overall answer.
    Outcome {
        Ineligible => "ineligible", "不符合初定条件", "Not eligible";
        Incomplete => "incomplete", "信息未填完整", "Incomplete";
        Eligible => "eligible", "符合初定条件", "Eligible";
    }
}

coded_enum! {
    /// The professional-title level the notice lets one determine (二（一）).
    Level {
        Technician => "technician", "技术员", "Technician";
        Assistant => "assistant", "助理级", "Assistant level";
        Intermediate => "intermediate", "中级", "Intermediate level";
    }
}

coded_enum! {
    /// What a finding says about its rule.
    FindingStatus {
        Pass => "pass", "符合", "Pass";
        Fail => "fail", "不符合", "Fail";
        Missing => "missing", "待填写", "Missing";
        Info => "info", "提示", "Note";
    }
}

coded_enum! {
    /// The paper materials of section 四.
    Material {
        ApplicationForm => "application_form", "《专业技术资格初定申报表》（一式三份，A4 正反面打印，单独装订）", "Application form (three copies, A4 double-sided, bound separately)";
        CeTranscript => "ce_transcript", "《连云港市职称和继续教育网成绩汇总表》", "Lianyungang continuing-education transcript";
        LaborContractSocialInsurance => "labor_contract_social_insurance", "劳动合同和社保参保证明原件及复印件", "Labour contract and social-insurance proof (originals and copies)";
        AccessCertificate => "access_certificate", "职业准入资格证书原件及复印件", "Occupational-access certificate (original and copy)";
        DispatchWorkProof => "dispatch_work_proof", "实际工作单位的工作证明（申报表须实际工作单位、派遣单位、主管部门同时盖章）", "Proof of work from the actual employer (the form needs the stamps of the actual employer, the dispatching agency and the competent department)";
        CompetentDepartmentStamp => "competent_department_stamp", "申报表须主管部门审核盖章", "Stamp of the competent department on the form";
    }
}

/// One rule applied to the profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// Stable rule id, e.g. `seniority.probation` (the UI may translate by it).
    pub rule: Cow<'static, str>,
    /// Clause id of the notice, e.g. `2.1.2` (see [`crate::clause`]).
    pub clause: Cow<'static, str>,
    pub status: FindingStatus,
    /// A sentence for the applicant, in Chinese.
    pub message: Cow<'static, str>,
    /// The same sentence in English.
    pub message_en: Cow<'static, str>,
    /// The facts the rule used, e.g. "见习期自 2024-07-08 起，2025-07-08 满一年".
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub facts: Cow<'static, str>,
    /// The profile field whose answer decides this finding, e.g. `education[0].graduation_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Cow<'static, str>>,
}

/// The verdict on one profile in one round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verdict {
    pub outcome: Outcome,
    /// The level determined, only when eligible.
    pub level: Option<Level>,
    /// The level the answers so far lead to: the highest level whose education-and-seniority
    /// path (二（一）) does not fail, whatever the other rules say.
    pub provisional_level: Option<Level>,
    pub findings: Vec<Finding>,
    pub materials: Vec<Material>,
    /// When a level not reached now would be (contract v1.1; absent when nothing is waited for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlook: Option<crate::outlook::Outlook>,
}

impl Outcome {
    /// The spec's derivation: `ineligible` if any finding fails; else `incomplete` if any is
    /// missing; else `eligible`.
    pub fn from_findings(findings: &[Finding]) -> Outcome {
        let mut missing = false;
        for f in findings {
            match f.status {
                FindingStatus::Fail => return Outcome::Ineligible,
                FindingStatus::Missing => missing = true,
                _ => {}
            }
        }
        if missing {
            Outcome::Incomplete
        } else {
            Outcome::Eligible
        }
    }
}

impl Verdict {
    /// Findings with a given status.
    pub fn with_status(&self, status: FindingStatus) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.status == status)
    }
}

impl Finding {
    /// A finding without facts or field.
    pub fn new(
        rule: &'static str,
        clause: &'static str,
        status: FindingStatus,
        message: impl Into<Cow<'static, str>>,
        message_en: impl Into<Cow<'static, str>>,
    ) -> Finding {
        Finding {
            rule: Cow::Borrowed(rule),
            clause: Cow::Borrowed(clause),
            status,
            message: message.into(),
            message_en: message_en.into(),
            facts: Cow::Borrowed(""),
            field: None,
        }
    }

    /// The facts the rule used.
    pub fn with_facts(mut self, facts: impl Into<Cow<'static, str>>) -> Finding {
        self.facts = facts.into();
        self
    }

    /// The profile field that decides this finding.
    pub fn with_field(mut self, field: impl Into<Cow<'static, str>>) -> Finding {
        self.field = Some(field.into());
        self
    }
}

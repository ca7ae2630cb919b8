//! The applicant's answers, exactly as the JSON contract (spec "Input: an applicant profile").
//!
//! Absent and `null` both mean "not answered yet" (`None`); so does an empty `education`
//! list. Unknown fields and unknown codes are refused by [`parse_profile`], with the path of
//! the offending field, never replaced by a default.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::coded_enum;

coded_enum! {
    /// Which scope paragraph of section 一 the applicant claims.
    Category {
        MunicipalUnitEmployee => "municipal_unit_employee", "市直（市属）企事业单位专业技术人才", "Employee of a municipal enterprise or institution";
        AgencyClient => "agency_client", "委托市人才服务中心人事代理人员", "Personnel-agency client of the Talent Service Centre";
        HkMacaoTaiwan => "hk_macao_taiwan", "在我市就业的港澳台专业技术人才", "Hong Kong, Macao or Taiwan talent working in the city";
        Foreign => "foreign", "外籍人员", "Foreign national";
        Other => "other", "其他", "Other";
    }
}

coded_enum! {
    /// The permit a foreign national holds (一（三）).
    ForeignPermit {
        WorkPermit => "work_permit", "外国人来华工作许可证", "Foreigner's Work Permit";
        PermanentResidence => "permanent_residence", "外国人永久居留身份证", "Foreign Permanent Resident ID Card";
        JiangsuOverseasTalent => "jiangsu_overseas_talent", "江苏省海外高层次人才居住证", "Jiangsu Overseas High-level Talent Residence Permit";
        None => "none", "无", "None";
    }
}

coded_enum! {
    /// The professional-title series (系列/专业).
    Series {
        Engineering => "engineering", "工程", "Engineering";
        Agriculture => "agriculture", "农业", "Agriculture";
        Economics => "economics", "经济（含人力资源管理、知识产权、农业经济）", "Economics (incl. HR, IP, agricultural economics)";
        Accounting => "accounting", "会计", "Accounting";
        Statistics => "statistics", "统计", "Statistics";
        Audit => "audit", "审计", "Audit";
        Health => "health", "卫生技术", "Health technology";
        Ships => "ships", "船舶", "Ships";
        Translation => "translation", "翻译", "Translation";
        Publishing => "publishing", "出版", "Publishing";
        Communications => "communications", "通信", "Communications";
        Archives => "archives", "档案", "Archives";
        News => "news", "新闻", "Journalism";
        Broadcasting => "broadcasting", "播音", "Broadcasting";
        Lawyer => "lawyer", "律师", "Lawyer";
        Notary => "notary", "公证员", "Notary";
        NaturalScienceResearch => "natural_science_research", "自然科学研究", "Natural science research";
        SocialScienceResearch => "social_science_research", "社会科学研究", "Social science research";
        Library => "library", "图书资料", "Library";
        CulturalRelics => "cultural_relics", "文物博物", "Cultural relics and museums";
        Arts => "arts", "艺术", "Arts";
        Crafts => "crafts", "工艺美术", "Arts and crafts";
        Sports => "sports", "体育", "Sports";
        ExperimentalTechnology => "experimental_technology", "实验技术", "Experimental technology";
    }
}

coded_enum! {
    /// The level of a credential as stated on it.
    EducationLevel {
        Doctorate => "doctorate", "博士", "Doctorate";
        Master => "master", "硕士", "Master";
        SecondBachelor => "second_bachelor", "第二学士", "Second bachelor";
        Bachelor => "bachelor", "大学本科", "Bachelor";
        Associate => "associate", "大学专科", "Associate (junior college)";
        SecondaryVocational => "secondary_vocational", "中专/中职", "Secondary vocational";
    }
}

coded_enum! {
    /// What the credential certifies: 学历, 学位 or both.
    Credential {
        Diploma => "diploma", "学历", "Diploma";
        Degree => "degree", "学位", "Degree";
        DiplomaAndDegree => "diploma_and_degree", "学历和学位", "Diploma and degree";
    }
}

coded_enum! {
    /// Who issued the credential (二（二）).
    EducationSource {
        Regular => "regular", "国民教育序列", "National education series";
        MilitaryAcademy => "military_academy", "部队院校（经教育行政主管部门认定）", "Military academy (recognised by the education authority)";
        PartySchoolLongTerm => "party_school_long_term", "中央党校或省级党校学制两年以上长期班", "Central or provincial Party school, programme of two years or more";
        PartySchoolOther => "party_school_other", "其他党校班次", "Other Party-school programme";
        TechnicalSchool => "technical_school", "技工院校", "Technical school";
        Training => "training", "培训班", "Training course";
    }
}

coded_enum! {
    /// The class of a technical-school graduate (二（二）2).
    TechnicalClass {
        IntermediateWorker => "intermediate_worker", "中级工班", "Intermediate-worker class";
        SeniorWorker => "senior_worker", "高级工班", "Senior-worker class";
        PreparatoryTechnician => "preparatory_technician", "预备技师（技师）班", "Preparatory-technician (technician) class";
    }
}

coded_enum! {
    /// Whether the studies ended with a diploma (毕业) or without one (结业).
    Completion {
        Graduated => "graduated", "毕业", "Graduated";
        CompletedWithoutDiploma => "completed_without_diploma", "结业（未取得学历、学位）", "Completed without diploma";
    }
}

coded_enum! {
    /// An annual assessment result (二（三）).
    AssessmentResult {
        Excellent => "excellent", "优秀", "Excellent";
        Qualified => "qualified", "合格", "Qualified";
        BasicallyQualified => "basically_qualified", "基本合格", "Basically qualified";
        Unqualified => "unqualified", "不合格", "Unqualified";
        NotAssessed => "not_assessed", "未参加考核", "Not assessed";
    }
}

impl AssessmentResult {
    /// 二（三）: "合格以上" — qualified or better.
    pub const fn is_qualified_or_better(self) -> bool {
        matches!(
            self,
            AssessmentResult::Excellent | AssessmentResult::Qualified
        )
    }
}

/// One credential the applicant holds (or studied for).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Education {
    #[serde(default)]
    pub level: Option<EducationLevel>,
    #[serde(default)]
    pub credential: Option<Credential>,
    #[serde(default)]
    pub source: Option<EducationSource>,
    #[serde(default)]
    pub technical_class: Option<TechnicalClass>,
    #[serde(default)]
    pub completion: Option<Completion>,
    #[serde(default)]
    pub full_time: Option<bool>,
    #[serde(default)]
    pub graduation_date: Option<NaiveDate>,
}

/// The annual assessment of one calendar year.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnnualAssessment {
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub result: Option<AssessmentResult>,
}

/// Continuing education of one calendar year.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContinuingEducation {
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub public_subjects_passed: Option<u32>,
}

/// Everything the applicant has answered so far.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApplicantProfile {
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub labor_relationship: Option<bool>,
    #[serde(default)]
    pub foreign_permit: Option<ForeignPermit>,
    #[serde(default)]
    pub civil_servant: Option<bool>,
    #[serde(default)]
    pub retired: Option<bool>,
    #[serde(default)]
    pub sanction_in_effect: Option<bool>,
    #[serde(default)]
    pub series: Option<Series>,
    /// Empty = not answered.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[cfg_attr(feature = "openapi", schema(nullable))]
    pub education: Vec<Education>,
    #[serde(default)]
    pub work_start_date: Option<NaiveDate>,
    #[serde(default)]
    pub post_start_date: Option<NaiveDate>,
    #[serde(default)]
    pub professional_work: Option<bool>,
    #[serde(default)]
    pub probation_passed: Option<bool>,
    #[serde(default, deserialize_with = "null_as_empty")]
    #[cfg_attr(feature = "openapi", schema(nullable))]
    pub annual_assessments: Vec<AnnualAssessment>,
    #[serde(default, deserialize_with = "null_as_empty")]
    #[cfg_attr(feature = "openapi", schema(nullable))]
    pub continuing_education: Vec<ContinuingEducation>,
    #[serde(default)]
    pub has_access_qualification: Option<bool>,
    #[serde(default)]
    pub access_qualification_no: Option<String>,
    #[serde(default)]
    pub dispatched: Option<bool>,
    #[serde(default)]
    pub social_insurance_verifiable: Option<bool>,
}

/// `null` for a list means "not answered", the same as an absent or empty list.
fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A refused profile: which field, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    field: String,
    message: String,
}

impl ProfileError {
    /// The path of the offending field, e.g. `education[0].graduation_date`;
    /// `.` when the document itself is malformed.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl core::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "field `{}`: {}", self.field, self.message)
    }
}

impl std::error::Error for ProfileError {}

/// Parses a profile, refusing unknown fields, unknown codes and malformed dates with an error
/// that names the field path.
pub fn parse_profile(json: &str) -> Result<ApplicantProfile, ProfileError> {
    crate::document::parse_naming_field(json).map_err(|e| ProfileError {
        field: e.field,
        message: one_line(&e.message),
    })
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"{"category":"municipal_unit_employee","series":"engineering",
        "education":[{"level":"bachelor","graduation_date":"2024-06-30"}],"work_start_date":"2024-07-08"}"#;

    #[test]
    fn absent_and_null_are_unanswered() {
        let p = parse_profile(BASE).unwrap();
        assert_eq!(p.category, Some(Category::MunicipalUnitEmployee));
        assert_eq!(p.labor_relationship, None);
        assert_eq!(p.education[0].credential, None);
        let p =
            parse_profile(r#"{"education":null,"annual_assessments":null,"series":null}"#).unwrap();
        assert_eq!(p, ApplicantProfile::default());
        assert_eq!(parse_profile("{}").unwrap(), ApplicantProfile::default());
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse_profile(&BASE.replace("2024-07-08", "2024-13-45")).unwrap_err();
        assert_eq!(e.field(), "work_start_date");
        assert!(
            e.to_string().starts_with("field `work_start_date`: "),
            "{e}"
        );
        let e = parse_profile(&BASE.replace("2024-07-08", "yesterday")).unwrap_err();
        assert_eq!(e.field(), "work_start_date");
        let e = parse_profile(&BASE.replace("engineering", "teacher")).unwrap_err();
        assert_eq!(e.field(), "series");
        assert!(e.to_string().contains("unknown variant `teacher`"), "{e}");
        let e = parse_profile(&BASE.replace("2024-06-30", "30/06/2024")).unwrap_err();
        assert_eq!(e.field(), "education[0].graduation_date");
        let e = parse_profile(r#"{"colour":"red"}"#).unwrap_err();
        assert_eq!(e.field(), "colour");
        let e = parse_profile(r#"{"education":[{"level":"bachelor","school":"x"}]}"#).unwrap_err();
        assert_eq!(e.field(), "education[0].school");
        let e = parse_profile("{").unwrap_err();
        assert!(!e.to_string().contains('\n'));
        assert!(parse_profile("{} x").is_err());
    }

    #[test]
    fn vocabularies_list_and_label_every_code() {
        fn check<T: Copy + core::fmt::Debug + PartialEq + serde::Serialize + core::str::FromStr>(
            all: &[T],
            code: fn(T) -> &'static str,
            zh: fn(T) -> &'static str,
            en: fn(T) -> &'static str,
        ) where
            <T as core::str::FromStr>::Err: core::fmt::Debug,
        {
            for &v in all {
                assert_eq!(
                    serde_json::to_value(v).unwrap(),
                    serde_json::Value::from(code(v))
                );
                assert_eq!(code(v).parse::<T>().unwrap(), v);
                assert!(!zh(v).is_empty() && !en(v).is_empty());
            }
        }
        check(
            Category::ALL,
            Category::as_str,
            Category::label_zh,
            Category::label_en,
        );
        check(
            ForeignPermit::ALL,
            ForeignPermit::as_str,
            ForeignPermit::label_zh,
            ForeignPermit::label_en,
        );
        check(
            Series::ALL,
            Series::as_str,
            Series::label_zh,
            Series::label_en,
        );
        check(
            EducationLevel::ALL,
            EducationLevel::as_str,
            EducationLevel::label_zh,
            EducationLevel::label_en,
        );
        check(
            Credential::ALL,
            Credential::as_str,
            Credential::label_zh,
            Credential::label_en,
        );
        check(
            EducationSource::ALL,
            EducationSource::as_str,
            EducationSource::label_zh,
            EducationSource::label_en,
        );
        check(
            TechnicalClass::ALL,
            TechnicalClass::as_str,
            TechnicalClass::label_zh,
            TechnicalClass::label_en,
        );
        check(
            Completion::ALL,
            Completion::as_str,
            Completion::label_zh,
            Completion::label_en,
        );
        check(
            AssessmentResult::ALL,
            AssessmentResult::as_str,
            AssessmentResult::label_zh,
            AssessmentResult::label_en,
        );
        assert_eq!(Series::ALL.len(), 24);
        assert!("teacher".parse::<Series>().is_err());
    }
}

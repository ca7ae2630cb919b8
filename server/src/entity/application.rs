use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub reference: String,
    pub account_id: i32,
    pub round_id: String,
    /// An `ApplicationStatus` code.
    pub status: String,
    pub answers_json: String,
    pub profile_json: Option<String>,
    pub verdict_json: Option<String>,
    pub level: Option<String>,
    /// The series at submission (a `shared::Series` code).
    pub series: Option<String>,
    pub unit_id: Option<i32>,
    pub department_id: Option<i32>,
    pub dispatch_agency_id: Option<i32>,
    pub version: i32,
    pub submitted_at: Option<DateTimeWithTimeZone>,
    /// The unit's 公示, first and last day (四（四）).
    pub publicity_start: Option<Date>,
    pub publicity_end: Option<Date>,
    /// The unit's appraisal (鉴定意见, 五（二）), printed on the 申报表.
    pub appraisal: Option<String>,
    /// What the center's window received of each material (`{material: PaperItem}` JSON).
    pub paper_checklist: Option<String>,
    /// A rejection proposed at the re-review, waiting for a second member of staff (JSON).
    pub rejection_proposal: Option<String>,
    pub created_at: DateTimeWithTimeZone,
    pub updated_at: DateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

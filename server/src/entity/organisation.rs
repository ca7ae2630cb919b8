use sea_orm::entity::prelude::*;

/// A unit, competent department, dispatch agency, file-keeping department or the center.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// A `shared::workflow::OrganisationKind` code.
    pub kind: String,
    /// The competent department of a municipal unit, when it has one.
    pub department_id: Option<i32>,
    pub created_at: DateTimeWithTimeZone,
    /// 统一社会信用代码 (GB 32100), checked when written.
    pub credit_code: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

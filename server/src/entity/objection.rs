use sea_orm::entity::prelude::*;

/// An objection raised during a unit's 公示; an open one blocks the unit's approval.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "objection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub text: String,
    pub reporter: Option<String>,
    pub recorded_by: i32,
    pub recorded_at: DateTimeWithTimeZone,
    pub resolution: Option<String>,
    pub resolved_by: Option<i32>,
    pub resolved_at: Option<DateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

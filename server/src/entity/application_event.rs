use sea_orm::entity::prelude::*;

/// One transition of an application: who, when, what, why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub application_id: i32,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_account_id: Option<i32>,
    pub actor_role: String,
    pub at: DateTimeWithTimeZone,
    pub reason: Option<String>,
    pub data_json: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

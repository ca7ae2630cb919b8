use sea_orm::entity::prelude::*;

/// One entry of the audit log: who (account, roles, organisation, address), when, what, and the
/// hash that chains it to the entry before. Only `audit::append` writes here; nothing updates or
/// deletes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub at: DateTimeWithTimeZone,
    pub account_id: Option<i32>,
    pub roles: String,
    pub organisation_id: Option<i32>,
    pub address: Option<String>,
    pub action: String,
    pub application_reference: Option<String>,
    pub outcome: i32,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

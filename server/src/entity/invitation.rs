use sea_orm::entity::prelude::*;

/// An invitation to hold a role in an organisation: a one-time link, 72 hours, revocable.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// SHA-256 (hex) of the link's token.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub organisation_id: i32,
    /// A `shared::Role` code.
    pub role: String,
    pub real_name: String,
    pub id_type: String,
    pub id_number: String,
    pub mobile: String,
    pub invited_by: i32,
    pub created_at: DateTimeWithTimeZone,
    pub expires_at: DateTimeWithTimeZone,
    pub revoked_at: Option<DateTimeWithTimeZone>,
    pub accepted_at: Option<DateTimeWithTimeZone>,
    /// The account that accepted it.
    pub account_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

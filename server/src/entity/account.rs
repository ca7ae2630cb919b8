use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub real_name: String,
    pub id_type: String,
    #[sea_orm(unique)]
    pub id_number: String,
    pub mobile: String,
    pub password_hash: String,
    pub created_at: DateTimeWithTimeZone,
    /// The second factor's TOTP secret (RFC 6238, base32), once confirmed.
    pub totp_secret: Option<String>,
    /// The time step of the last code from the app that was accepted (each is good once).
    pub totp_last_step: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

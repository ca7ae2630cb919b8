//! A key that has sealed certificates: published at `/.well-known/chuding-keys.json` for good, so
//! what it signed still verifies after the next key takes over.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "seal_key")]
pub struct Model {
    /// `shared::seal::KeyId`, 16 hex digits.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kid: String,
    /// base64url of the 32-byte Ed25519 public key.
    pub public_key: String,
    pub first_used: DateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! Sign-in throttling: too many failures for one ID number, or from one address, in a window
//! stop further tries for a while. Kept in the database so every process enforces the same count.

use chrono::{DateTime, Duration, FixedOffset};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use sha2::{Digest, Sha256};

use crate::entity::login_attempt;

pub const WINDOW_MINUTES: i64 = 15;
pub const MAX_PER_ACCOUNT: u64 = 5;
pub const MAX_PER_ADDRESS: u64 = 20;

/// A hash of the typed ID number, so the table holds no ID numbers.
pub fn account_key(id_number: &str) -> String {
    hex::encode(Sha256::digest(
        id_number.trim().to_ascii_uppercase().as_bytes(),
    ))
}

pub async fn is_blocked(
    db: &DatabaseConnection,
    key: &str,
    address: &str,
    now: DateTime<FixedOffset>,
) -> Result<bool, sea_orm::DbErr> {
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let by_account = login_attempt::Entity::find()
        .filter(login_attempt::Column::AccountKey.eq(key))
        .filter(login_attempt::Column::At.gt(since))
        .count(db)
        .await?;
    if by_account >= MAX_PER_ACCOUNT {
        return Ok(true);
    }
    let by_address = login_attempt::Entity::find()
        .filter(login_attempt::Column::Address.eq(address))
        .filter(login_attempt::Column::At.gt(since))
        .count(db)
        .await?;
    Ok(by_address >= MAX_PER_ADDRESS)
}

pub async fn record_failure(
    db: &DatabaseConnection,
    key: &str,
    address: &str,
    now: DateTime<FixedOffset>,
) -> Result<(), sea_orm::DbErr> {
    login_attempt::ActiveModel {
        account_key: Set(key.to_string()),
        address: Set(address.to_string()),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A successful sign-in clears the account's count.
pub async fn clear(db: &DatabaseConnection, key: &str) -> Result<(), sea_orm::DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AccountKey.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

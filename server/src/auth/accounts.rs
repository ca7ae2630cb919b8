//! Accounts and the roles they hold, as sign-in and the staff pages' guard read them.

/// A person's account as it is stored.
pub type Account = crate::entity::account::Model;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use shared::{IdNumber, PersonName, Role};

use crate::entity::{account, role_grant};

/// The account registered with this ID number (as typed, upper-cased by the caller).
pub async fn by_id_number<C: ConnectionTrait>(
    db: &C,
    id_number: &str,
) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find()
        .filter(account::Column::IdNumber.eq(id_number))
        .one(db)
        .await
}

/// Whether the account holds any role but the applicant's (staff land on their desk).
pub async fn holds_staff_role<C: ConnectionTrait>(db: &C, account_id: i32) -> Result<bool, DbErr> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account_id))
        .filter(role_grant::Column::Role.ne(Role::Applicant.as_str()))
        .one(db)
        .await?
        .is_some())
}

/// The staff roles `account_id` holds, by organisation (none: not staff).
pub async fn roles_by_organisation<C: ConnectionTrait>(
    db: &C,
    account_id: i32,
) -> Result<BTreeMap<i32, Vec<Role>>, DbErr> {
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account_id))
        .all(db)
        .await?;
    let mut by_org: BTreeMap<i32, Vec<Role>> = BTreeMap::new();
    for g in &grants {
        if let (Some(org), Some(role)) = (g.organisation_id, Role::from_code(&g.role)) {
            if role.is_staff() {
                by_org.entry(org).or_default().push(role);
            }
        }
    }
    Ok(by_org)
}

/// The staff roles the account holds in this organisation.
pub async fn staff_roles_in<C: ConnectionTrait>(
    db: &C,
    account_id: i32,
    organisation_id: i32,
) -> Result<Vec<Role>, DbErr> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account_id))
        .filter(role_grant::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?
        .iter()
        .filter_map(|g| Role::from_code(&g.role))
        .filter(|r| r.is_staff())
        .collect())
}

/// Registers an account; `Ok(None)` when the ID number is registered already (the unique index
/// decides, so two registrations at once cannot both pass).
pub async fn register<C: ConnectionTrait>(
    db: &C,
    name: &PersonName,
    number: &IdNumber,
    mobile: &str,
    password_hash: String,
    at: DateTime<FixedOffset>,
) -> Result<Option<account::Model>, DbErr> {
    let row = account::ActiveModel {
        real_name: Set(name.as_str().to_string()),
        id_type: Set(number.id_type.as_str().to_string()),
        id_number: Set(number.number.clone()),
        mobile: Set(mobile.to_string()),
        password_hash: Set(password_hash),
        created_at: Set(at),
        ..Default::default()
    };
    match row.insert(db).await {
        Ok(acc) => Ok(Some(acc)),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Replaces the account's password hash.
pub async fn set_password<C: ConnectionTrait>(
    db: &C,
    account: account::Model,
    password_hash: String,
) -> Result<(), DbErr> {
    let mut row: account::ActiveModel = account.into();
    row.password_hash = Set(password_hash);
    row.update(db).await?;
    Ok(())
}

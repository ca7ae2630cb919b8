//! Invitations: the center's administrator invites a person to hold a staff role in one
//! organisation by a one-time link that expires after 72 hours and can be revoked. The link's
//! token is shown once; only its SHA-256 is kept. Accepting it sets the password of a new account,
//! or, for a person who has an account already, asks for that password, and grants the role.

/// A staff invitation as it is stored.
pub type Invitation = crate::entity::invitation::Model;

use chrono::{DateTime, Duration, FixedOffset};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use shared::workflow::{staff_roles, OrganisationKind};
use shared::Role;

use crate::entity::{account, invitation, organisation, role_grant};

pub const VALID_HOURS: i64 = 72;

/// Who is invited, to what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInvitation {
    pub organisation_id: i32,
    pub role: Role,
    pub real_name: String,
    pub id_type: String,
    pub id_number: String,
    pub mobile: String,
}

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Open,
    Accepted,
    Revoked,
    Expired,
}

pub fn standing(i: &invitation::Model, now: DateTime<FixedOffset>) -> Standing {
    if i.accepted_at.is_some() {
        Standing::Accepted
    } else if i.revoked_at.is_some() {
        Standing::Revoked
    } else if i.expires_at <= now {
        Standing::Expired
    } else {
        Standing::Open
    }
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Debug, thiserror::Error)]
pub enum InvitationError {
    /// The role does not belong in that kind of organisation, or the organisation is gone.
    #[error("the role does not fit the organisation")]
    RoleDoesNotFit,
    /// The link is used, revoked, expired or unknown.
    #[error("the invitation is no longer open")]
    NotOpen,
    /// The person has an account already and the password given is not its password.
    #[error("wrong password")]
    WrongPassword,
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// Records the invitation; gives it with its token, the only time the token is seen.
pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    invited_by: i32,
    new: &NewInvitation,
) -> Result<(invitation::Model, String), InvitationError> {
    let org = organisation::Entity::find_by_id(new.organisation_id)
        .one(db)
        .await?;
    let fits = org
        .and_then(|o| OrganisationKind::from_code(&o.kind))
        .is_some_and(|k| staff_roles(k).contains(&new.role));
    if !fits {
        return Err(InvitationError::RoleDoesNotFit);
    }
    let token = super::random_token();
    let row = invitation::ActiveModel {
        token_hash: Set(token_hash(&token)),
        organisation_id: Set(new.organisation_id),
        role: Set(new.role.as_str().into()),
        real_name: Set(new.real_name.clone()),
        id_type: Set(new.id_type.clone()),
        id_number: Set(new.id_number.clone()),
        mobile: Set(new.mobile.clone()),
        invited_by: Set(invited_by),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(VALID_HOURS)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    tracing::info!(
        invitation = row.id,
        organisation = new.organisation_id,
        role = new.role.as_str(),
        by = invited_by,
        "a staff invitation was made"
    );
    Ok((row, token))
}

/// The open invitation of a link's token.
pub async fn open(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<FixedOffset>,
) -> Result<Option<invitation::Model>, DbErr> {
    if !super::looks_like_token(token) {
        return Ok(None);
    }
    let found = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?;
    Ok(found.filter(|i| standing(i, now) == Standing::Open))
}

/// Every invitation, newest first.
pub async fn all(db: &DatabaseConnection) -> Result<Vec<invitation::Model>, DbErr> {
    invitation::Entity::find()
        .order_by_desc(invitation::Column::Id)
        .all(db)
        .await
}

/// Revokes an open invitation; an accepted one stays accepted.
pub async fn revoke(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    id: i32,
    by: i32,
) -> Result<bool, DbErr> {
    let done = invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 1 {
        tracing::info!(invitation = id, by, "a staff invitation was revoked");
    }
    Ok(done.rows_affected == 1)
}

/// Whether the invited person has an account already (then they give its password).
pub async fn existing_account(
    db: &DatabaseConnection,
    i: &invitation::Model,
) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find()
        .filter(account::Column::IdNumber.eq(i.id_number.as_str()))
        .one(db)
        .await
}

/// Accepts the invitation: the new account with `password_hash` (already checked against the
/// policy), or the existing one if `password` is its own; then the role. Once only: a second
/// acceptance, or one after revocation or expiry, is refused and writes nothing.
pub async fn accept(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    i: &invitation::Model,
    password: &str,
    new_password_hash: Option<String>,
) -> Result<i32, InvitationError> {
    let role = Role::from_code(&i.role).ok_or(InvitationError::RoleDoesNotFit)?;
    let existing = existing_account(db, i).await?;
    if let Some(acc) = &existing {
        if !super::password::verify_async(password, &acc.password_hash).await {
            return Err(InvitationError::WrongPassword);
        }
    }
    let tx = db.begin().await?;
    let taken = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(i.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .exec(&tx)
        .await?;
    if taken.rows_affected != 1 {
        return Err(InvitationError::NotOpen);
    }
    let account_id = match existing {
        Some(acc) => acc.id,
        None => {
            let Some(hash) = new_password_hash else {
                return Err(InvitationError::WrongPassword);
            };
            account::ActiveModel {
                real_name: Set(i.real_name.clone()),
                id_type: Set(i.id_type.clone()),
                id_number: Set(i.id_number.clone()),
                mobile: Set(i.mobile.clone()),
                password_hash: Set(hash),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?
            .id
        }
    };
    let held = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account_id))
        .filter(role_grant::Column::OrganisationId.eq(i.organisation_id))
        .filter(role_grant::Column::Role.eq(role.as_str()))
        .one(&tx)
        .await?;
    if held.is_none() {
        role_grant::ActiveModel {
            account_id: Set(account_id),
            organisation_id: Set(Some(i.organisation_id)),
            role: Set(role.as_str().into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
    }
    invitation::Entity::update_many()
        .col_expr(invitation::Column::AccountId, Expr::value(account_id))
        .filter(invitation::Column::Id.eq(i.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    tracing::info!(
        invitation = i.id,
        account = account_id,
        role = role.as_str(),
        organisation = i.organisation_id,
        "a staff invitation was accepted"
    );
    Ok(account_id)
}

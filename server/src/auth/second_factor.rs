//! The second factor of center accounts (center staff and administrators): a TOTP code (RFC
//! 6238: HMAC-SHA1, 30-second steps, 6 digits, one step either side for clock drift) from an
//! authenticator app, or one of ten one-time recovery codes. A session records when it passed.

use chrono::{DateTime, FixedOffset};
use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use shared::Role;

use crate::entity::{account, recovery_code, role_grant, session};

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
pub const RECOVERY_CODES: usize = 10;

/// Whether these roles need the second factor: the center's.
pub fn needed_for(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| matches!(r, Role::CenterStaff | Role::CenterAdmin))
}

/// Whether the account holds a center role anywhere.
pub async fn needed_by<C: ConnectionTrait>(db: &C, account_id: i32) -> Result<bool, DbErr> {
    let roles: Vec<Role> = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .iter()
        .filter_map(|g| Role::from_code(&g.role))
        .collect();
    Ok(needed_for(&roles))
}

/// A new secret: 160 random bits, base32 as authenticator apps take it.
pub fn new_secret() -> String {
    let mut bytes = Vec::with_capacity(32);
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    BASE32_NOPAD.encode(&bytes[..20])
}

/// HOTP (RFC 4226) of `counter`.
fn hotp(key: &[u8], counter: u64) -> u32 {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(DIGITS)
}

/// The code of `secret` (base32) at `unix` seconds, or none for a secret that is not base32.
pub fn code_at(secret: &str, unix: i64) -> Option<String> {
    let key = BASE32_NOPAD.decode(secret.as_bytes()).ok()?;
    Some(format!(
        "{:0width$}",
        hotp(&key, (unix / STEP_SECONDS) as u64),
        width = DIGITS as usize
    ))
}

/// Whether `typed` is the code now, a step before or a step after.
pub fn code_matches(secret: &str, typed: &str, now: DateTime<FixedOffset>) -> bool {
    matching_step(secret, typed, now).is_some()
}

/// The time step whose code `typed` is: now, a step before or a step after.
pub fn matching_step(secret: &str, typed: &str, now: DateTime<FixedOffset>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize {
        return None;
    }
    let unix = now.timestamp();
    [-STEP_SECONDS, 0, STEP_SECONDS]
        .iter()
        .map(|d| unix + d)
        .find(|t| {
            code_at(secret, *t).is_some_and(|c| {
                subtle::ConstantTimeEq::ct_eq(c.as_bytes(), typed.as_bytes()).into()
            })
        })
        .map(|t| t / STEP_SECONDS)
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_uri(secret: &str, id_number: &str) -> String {
    let issuer = "连云港职称初定";
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!("otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}", enc(issuer), enc(id_number), enc(issuer))
}

fn normalised(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn hash(code: &str) -> String {
    hex::encode(Sha256::digest(normalised(code).as_bytes()))
}

/// Ten fresh recovery codes, `xxxxx-xxxxx` in lower-case hex.
fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let t = super::random_token();
            format!("{}-{}", &t[..5], &t[5..10])
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum SecondFactorError {
    #[error("the code is not right")]
    WrongCode,
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

/// Turns the second factor on with `secret`, once `typed` shows the app has it; replaces the
/// recovery codes, which are given back to show once.
pub async fn enable(
    db: &DatabaseConnection,
    account: &account::Model,
    secret: &str,
    typed: &str,
    now: DateTime<FixedOffset>,
) -> Result<Vec<String>, SecondFactorError> {
    let Some(step) = matching_step(secret, typed, now) else {
        return Err(SecondFactorError::WrongCode);
    };
    let codes = new_recovery_codes();
    let tx = db.begin().await?;
    let mut row: account::ActiveModel = account.clone().into();
    row.totp_secret = Set(Some(secret.to_string()));
    // The code that turned it on is used: it does not sign in again.
    row.totp_last_step = Set(Some(step));
    row.update(&tx).await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::AccountId.eq(account.id))
        .exec(&tx)
        .await?;
    for code in &codes {
        recovery_code::ActiveModel {
            account_id: Set(account.id),
            code_hash: Set(hash(code)),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(account = account.id, "the second factor was turned on");
    Ok(codes)
}

/// Checks a code from the app, or an unused recovery code (then used up). A code from the app is
/// good once (RFC 6238 §5.2): its step must be later than the last one the account used, which
/// the same statement records, so two sign-ins racing with one code cannot both pass.
pub async fn verify(
    db: &DatabaseConnection,
    account: &account::Model,
    typed: &str,
    now: DateTime<FixedOffset>,
) -> Result<bool, DbErr> {
    let Some(secret) = &account.totp_secret else {
        return Ok(false);
    };
    if let Some(step) = matching_step(secret, typed, now) {
        let taken = account::Entity::update_many()
            .col_expr(
                account::Column::TotpLastStep,
                sea_orm::sea_query::Expr::value(step),
            )
            .filter(account::Column::Id.eq(account.id))
            .filter(
                sea_orm::Condition::any()
                    .add(account::Column::TotpLastStep.is_null())
                    .add(account::Column::TotpLastStep.lt(step)),
            )
            .exec(db)
            .await?;
        if taken.rows_affected != 1 {
            tracing::warn!(
                account = account.id,
                "a second-factor code used before was refused"
            );
        }
        return Ok(taken.rows_affected == 1);
    }
    let used = recovery_code::Entity::update_many()
        .col_expr(
            recovery_code::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(recovery_code::Column::AccountId.eq(account.id))
        .filter(recovery_code::Column::CodeHash.eq(hash(typed)))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if used.rows_affected == 1 {
        tracing::warn!(account = account.id, "a recovery code was used");
    }
    Ok(used.rows_affected == 1)
}

/// Whether the session passed the second factor.
pub async fn session_passed(db: &DatabaseConnection, session_id: &str) -> Result<bool, DbErr> {
    Ok(session::Entity::find_by_id(session_id.to_string())
        .one(db)
        .await?
        .is_some_and(|s| s.second_factor_at.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1: the key is the ASCII "12345678901234567890"; 8-digit codes
    /// there, whose last 6 digits are the 6-digit codes.
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = BASE32_NOPAD.encode(b"12345678901234567890");
        for (time, eight) in [
            (59, "94287082"),
            (1111111109, "07081804"),
            (1111111111, "14050471"),
            (1234567890, "89005924"),
            (2000000000, "69279037"),
            (20000000000, "65353130"),
        ] {
            assert_eq!(code_at(&secret, time).unwrap(), eight[2..], "at {time}");
        }
    }

    #[test]
    fn a_code_is_good_a_step_either_side_and_no_further() {
        let secret = new_secret();
        let at = |unix: i64| DateTime::from_timestamp(unix, 0).unwrap().fixed_offset();
        let code = code_at(&secret, 1_780_000_000).unwrap();
        assert!(code_matches(&secret, &code, at(1_780_000_000)));
        assert!(
            code_matches(
                &secret,
                &format!("{} {}", &code[..3], &code[3..]),
                at(1_780_000_029)
            ),
            "spaces as typed"
        );
        assert!(code_matches(
            &secret,
            &code,
            at(1_780_000_000 + STEP_SECONDS)
        ));
        assert!(!code_matches(
            &secret,
            &code,
            at(1_780_000_000 + 3 * STEP_SECONDS)
        ));
        assert!(!code_matches(&secret, "12345", at(1_780_000_000)));
        assert!(code_at("not base32!", 0).is_none());
    }

    #[test]
    fn recovery_codes_are_ten_and_distinct_and_hashed_as_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(
            codes
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            RECOVERY_CODES
        );
        assert_eq!(
            hash(&codes[0]),
            hash(&codes[0].to_uppercase().replace('-', " "))
        );
    }

    #[test]
    fn the_center_roles_need_it() {
        assert!(needed_for(&[Role::UnitReviewer, Role::CenterAdmin]));
        assert!(!needed_for(&[Role::UnitReviewer, Role::DepartmentReviewer]));
    }
}

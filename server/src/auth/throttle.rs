//! Guessing passwords is slowed, and nobody can lock a named person out (ASVS 6.1.1). Failures
//! are counted per address and per account typed (`limits`, shared by every process):
//!
//! - an address with too many failures waits, whatever account it tries;
//! - an account with too many failures is "locked" only for addresses it never signed in from:
//!   each such address may try once, then waits a delay that doubles with the account's further
//!   failures (30 s up to 15 min). The first try from a new address is never delayed, and the
//!   addresses its owner has signed in from before (`known_address`, kept keyed, never in clear)
//!   are not slowed by what anyone else tried: from there only the failures from there count,
//!   20 in 15 minutes (someone else behind the owner's address is not unlimited either).

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};

use crate::limits::{address_text, Limit, Limiter, Rule, Subject, Wait};

/// An account's failures keep counting (and delaying) up to this many periods after the last.
const CEILING_PERIODS: u32 = 2;

/// The delay an unknown address waits between tries at a locked account, by the failures beyond
/// the limit: 30 s, doubling, at most 15 minutes.
pub fn delay_after(excess: u32) -> Duration {
    Duration::from_secs((30u64 << excess.min(5)).min(900))
}

/// The account key of what was typed: case and spaces do not make another account.
fn account(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// A sign-in that may be tried: whether its address is one the owner signed in from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    known: bool,
}

/// Whether a sign-in of `typed` from `from` may be tried now. `account_id` is the account the
/// ID number names, if there is one (its known addresses are not slowed by others' failures).
pub async fn may_try(
    limiter: &Limiter,
    db: &DatabaseConnection,
    typed: &str,
    account_id: Option<i32>,
    from: IpAddr,
    now: i64,
) -> Result<Result<Attempt, Wait>, DbErr> {
    let typed = account(typed);
    if let Some(id) = account_id {
        if is_known(limiter, db, id, from).await? {
            return Ok(limiter
                .peek(
                    Limit::SignInKnownAddress,
                    &Subject::AccountFrom(typed, from),
                    now,
                )
                .await?
                .map(|()| Attempt { known: true }));
        }
    }
    let unknown = Attempt { known: false };
    if let Err(wait) = limiter
        .peek(Limit::SignInAddress, &Subject::Address(from), now)
        .await?
    {
        return Ok(Err(wait));
    }
    let rule = limiter.rules().get(Limit::SignInAccount);
    let level = limiter
        .level(Limit::SignInAccount, &Subject::Account(typed.clone()), now)
        .await?;
    if level < rule.count {
        return Ok(Ok(unknown));
    }
    let delay = delay_after(level - rule.count);
    Ok(limiter
        .check_rule(
            Limit::SignInAccount,
            Rule::new(1, delay),
            &Subject::AccountFrom(typed, from),
            now,
        )
        .await?
        .map(|()| unknown))
}

/// A wrong password for `typed` from `from`, tried as `attempt` said.
pub async fn failed(
    limiter: &Limiter,
    typed: &str,
    from: IpAddr,
    attempt: Attempt,
    now: i64,
) -> Result<(), DbErr> {
    if attempt.known {
        return limiter
            .charge(
                Limit::SignInKnownAddress,
                &Subject::AccountFrom(account(typed), from),
                now,
                CEILING_PERIODS,
            )
            .await;
    }
    limiter
        .charge(
            Limit::SignInAddress,
            &Subject::Address(from),
            now,
            CEILING_PERIODS,
        )
        .await?;
    limiter
        .charge(
            Limit::SignInAccount,
            &Subject::Account(account(typed)),
            now,
            CEILING_PERIODS,
        )
        .await
}

/// A successful sign-in: the account's failures are forgotten and the address is remembered.
pub async fn succeeded(
    limiter: &Limiter,
    db: &DatabaseConnection,
    typed: &str,
    account_id: i32,
    from: IpAddr,
    at: DateTime<FixedOffset>,
) -> Result<(), DbErr> {
    limiter
        .clear(Limit::SignInAccount, &Subject::Account(account(typed)))
        .await?;
    limiter
        .clear(
            Limit::SignInKnownAddress,
            &Subject::AccountFrom(account(typed), from),
        )
        .await?;
    remember(limiter, db, account_id, from, at).await
}

fn address_key(limiter: &Limiter, ip: IpAddr) -> String {
    limiter.keyed().key("known-address", &address_text(ip))
}

async fn is_known(
    limiter: &Limiter,
    db: &DatabaseConnection,
    account_id: i32,
    from: IpAddr,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT 1 AS one FROM known_address WHERE account_id = $1 AND address_key = $2"
        }
        _ => "SELECT 1 AS one FROM known_address WHERE account_id = ? AND address_key = ?",
    };
    Ok(db
        .query_one(Statement::from_sql_and_values(
            backend,
            sql,
            [account_id.into(), address_key(limiter, from).into()],
        ))
        .await?
        .is_some())
}

async fn remember(
    limiter: &Limiter,
    db: &DatabaseConnection,
    account_id: i32,
    from: IpAddr,
    at: DateTime<FixedOffset>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO known_address (account_id, address_key, last_seen) VALUES ($1, $2, $3) \
             ON CONFLICT (account_id, address_key) DO UPDATE SET last_seen = excluded.last_seen"
        }
        _ => {
            "INSERT INTO known_address (account_id, address_key, last_seen) VALUES (?, ?, ?) \
             ON CONFLICT (account_id, address_key) DO UPDATE SET last_seen = excluded.last_seen"
        }
    };
    db.execute(Statement::from_sql_and_values(
        backend,
        sql,
        [
            account_id.into(),
            address_key(limiter, from).into(),
            at.into(),
        ],
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_delay_doubles_up_to_a_quarter_of_an_hour() {
        let secs: Vec<u64> = (0..8).map(|n| super::delay_after(n).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 900, 900, 900]);
    }
}

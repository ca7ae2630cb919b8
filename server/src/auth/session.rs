//! Server-side sessions: a random id in an HttpOnly cookie, the row in the database.

use chrono::{DateTime, Duration, FixedOffset};
use sea_orm::sea_query::{Expr, IntoCondition, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, IdenStatic, JoinType, QueryFilter, QuerySelect, QueryTrait, SelectA, SelectB,
    Set,
};

use crate::entity::{account, application, session};
use crate::query_text::CachedQuery;

/// A session lasts a working day at most, however busy (the absolute timeout, from sign-in);
/// signing in again starts a new one.
pub const SESSION_HOURS: i64 = 8;

/// A session left alone this long ends (the idle timeout): `expires_at` is moved on as it is used.
pub const IDLE_MINUTES: i64 = 30;

/// How often a session in use has its idle deadline moved on (one write a minute at most).
const TOUCH_SECONDS: u64 = 60;

pub async fn create(
    db: &DatabaseConnection,
    account_id: i32,
    now: DateTime<FixedOffset>,
) -> Result<String, sea_orm::DbErr> {
    let id = super::random_token();
    // Expired sessions are swept here, so looking one up stays a single read.
    session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    session::ActiveModel {
        id: Set(id.clone()),
        account_id: Set(account_id),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(IDLE_MINUTES)),
        second_factor_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The session `old` passes the second factor under a new id (its account and sign-in time
/// carried over); the old id stops working. At this change of privilege, so an id seen before it
/// is worth nothing after.
pub async fn pass_second_factor(
    db: &DatabaseConnection,
    old: &str,
    now: DateTime<FixedOffset>,
) -> Result<Option<String>, sea_orm::DbErr> {
    use sea_orm::TransactionTrait;
    let tx = db.begin().await?;
    let Some(row) = session::Entity::find_by_id(old.to_string())
        .one(&tx)
        .await?
    else {
        return Ok(None);
    };
    let id = super::random_token();
    session::ActiveModel {
        id: Set(id.clone()),
        account_id: Set(row.account_id),
        // In the clock's offset: SQLite compares the stored times as text.
        created_at: Set(row.created_at.with_timezone(&now.timezone())),
        expires_at: Set(now + Duration::minutes(IDLE_MINUTES)),
        second_factor_at: Set(Some(now)),
    }
    .insert(&tx)
    .await?;
    session::Entity::delete_by_id(old.to_string())
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// When each session in use was last moved on by this process, so a busy session costs one write
/// a minute, not one a request. Forgotten once a session could have gone idle.
#[derive(Clone, Default)]
pub struct Touches(
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, std::time::Instant>>>,
);

impl Touches {
    /// Moves the idle deadline of session `id` on, unless this process did within the minute.
    pub async fn touch(
        &self,
        db: &DatabaseConnection,
        id: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<(), sea_orm::DbErr> {
        let fresh = std::time::Duration::from_secs(TOUCH_SECONDS);
        {
            let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
            let at = std::time::Instant::now();
            if seen.get(id).is_some_and(|t| at.duration_since(*t) < fresh) {
                return Ok(());
            }
            if seen.len() > 10_000 {
                let idle = std::time::Duration::from_secs(IDLE_MINUTES as u64 * 60);
                seen.retain(|_, t| at.duration_since(*t) < idle);
            }
            seen.insert(id.to_string(), at);
        }
        session::Entity::update_many()
            .col_expr(
                session::Column::ExpiresAt,
                Expr::value(now + Duration::minutes(IDLE_MINUTES)),
            )
            .filter(session::Column::Id.eq(id))
            .exec(db)
            .await?;
        Ok(())
    }
}

/// Who a live session belongs to, with their application in the current round. Every applicant
/// page needs both, so the identity layer reads them together, in one query per request.
#[derive(Debug)]
pub struct SignedIn {
    pub account: account::Model,
    pub application: Option<application::Model>,
}

/// The account of a live session and its application in `round`, if it has one.
pub async fn signed_in(
    db: &DatabaseConnection,
    session_id: &str,
    round: &str,
    now: DateTime<FixedOffset>,
) -> Result<Option<SignedIn>, sea_orm::DbErr> {
    static QUERY: CachedQuery = CachedQuery::new();
    let build = || {
        let live = Query::select()
            .column(session::Column::AccountId)
            .from(session::Entity)
            .and_where(session::Column::Id.eq(session_id))
            .and_where(session::Column::ExpiresAt.gt(now))
            .and_where(session::Column::CreatedAt.gt(now - Duration::hours(SESSION_HOURS)))
            .to_owned();
        let round = round.to_string();
        let in_round = account::Entity::belongs_to(application::Entity)
            .from(account::Column::Id)
            .to(application::Column::AccountId)
            .on_condition(move |_, application| {
                Expr::col((application, application::Column::RoundId))
                    .eq(round.as_str())
                    .into_condition()
            });
        account::Entity::find()
            .select_also(application::Entity)
            .join(JoinType::LeftJoin, in_round.into())
            .filter(account::Column::Id.in_subquery(live))
            .limit(1)
            .into_query()
    };
    let statement = QUERY.statement(
        db.get_database_backend(),
        vec![
            round.into(),
            session_id.into(),
            now.into(),
            (now - Duration::hours(SESSION_HOURS)).into(),
            1u64.into(),
        ],
        build,
    );
    let Some(row) = db.query_one(statement).await? else {
        return Ok(None);
    };
    Ok(Some(SignedIn {
        account: account::Model::from_query_result(&row, SelectA.as_str())?,
        application: application::Model::from_query_result_optional(&row, SelectB.as_str())?,
    }))
}

pub async fn delete(db: &DatabaseConnection, session_id: &str) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_by_id(session_id.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Signs the account out everywhere but `keep` (after a password change).
pub async fn delete_others(
    db: &DatabaseConnection,
    account_id: i32,
    keep: &str,
) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::Id.ne(keep))
        .exec(db)
        .await?;
    Ok(())
}

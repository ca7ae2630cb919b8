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

/// A session lasts a working day; signing in again starts a new one.
pub const SESSION_HOURS: i64 = 8;

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
        expires_at: Set(now + Duration::hours(SESSION_HOURS)),
        second_factor_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
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
        vec![round.into(), session_id.into(), now.into(), 1u64.into()],
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

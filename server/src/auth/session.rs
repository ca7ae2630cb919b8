//! Server-side sessions: a random id in an HttpOnly cookie, the row in the database.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Set};

use crate::entity::{account, session};
use crate::query_text::CachedQuery;

/// A session lasts a working day; signing in again starts a new one.
pub const SESSION_HOURS: i64 = 8;

pub async fn create(db: &DatabaseConnection, account_id: i32, csrf: &str) -> Result<String, sea_orm::DbErr> {
    let id = super::random_token();
    let now = Utc::now().fixed_offset();
    // Expired sessions are swept here, so looking one up stays a single read.
    session::Entity::delete_many().filter(session::Column::ExpiresAt.lt(now)).exec(db).await?;
    session::ActiveModel {
        id: Set(id.clone()),
        account_id: Set(account_id),
        csrf_token: Set(csrf.to_string()),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(SESSION_HOURS)),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The account of a live session: one query on every page, so a subquery rather than two reads.
pub async fn account_of(db: &DatabaseConnection, session_id: &str) -> Result<Option<account::Model>, sea_orm::DbErr> {
    static QUERY: CachedQuery = CachedQuery::new();
    let now = Utc::now().fixed_offset();
    let build = || {
        let live = Query::select()
            .column(session::Column::AccountId)
            .from(session::Entity)
            .and_where(session::Column::Id.eq(session_id))
            .and_where(session::Column::ExpiresAt.gt(now))
            .to_owned();
        account::Entity::find().filter(account::Column::Id.in_subquery(live)).limit(1).into_query()
    };
    let statement = QUERY.statement(db.get_database_backend(), vec![session_id.into(), now.into(), 1u64.into()], build);
    account::Entity::find().from_raw_sql(statement).one(db).await
}

pub async fn delete(db: &DatabaseConnection, session_id: &str) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_by_id(session_id.to_string()).exec(db).await?;
    Ok(())
}

/// Signs the account out everywhere but `keep` (after a password change).
pub async fn delete_others(db: &DatabaseConnection, account_id: i32, keep: &str) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account_id))
        .filter(session::Column::Id.ne(keep))
        .exec(db)
        .await?;
    Ok(())
}

pub fn cookie(id: &str, secure: bool) -> String {
    format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        super::SESSION_COOKIE,
        SESSION_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    )
}

pub fn clearing_cookie(secure: bool) -> String {
    format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", super::SESSION_COOKIE, if secure { "; Secure" } else { "" })
}

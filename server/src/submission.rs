//! A draft becoming a submitted application: the row and the step on its timeline, written
//! together or not at all, once however many times the applicant clicks.

use chrono::{DateTime, FixedOffset};
use sea_orm::sea_query::{Query, SqliteQueryBuilder, UpdateStatement, Values};
use sea_orm::sqlx;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, RuntimeErr, TransactionTrait};
use sea_query_binder::{SqlxBinder, SqlxValues};
use shared::ApplicationStatus;

use crate::db::WriteGate;
use crate::entity::{application, application_event};

pub struct Submission {
    pub application_id: i32,
    pub account_id: i32,
    /// The draft's version as read: a second click or a retried request finds it changed.
    pub version: i32,
    pub profile_json: String,
    pub verdict_json: String,
    pub level: Option<String>,
    pub at: DateTime<FixedOffset>,
}

/// Writes the submission. False when the draft was no longer the one read (already submitted).
pub async fn record(db: &DatabaseConnection, writes: &WriteGate, s: Submission) -> Result<bool, DbErr> {
    let mut update = Query::update();
    update
        .table(application::Entity)
        .value(application::Column::Status, ApplicationStatus::Submitted.as_str())
        .value(application::Column::ProfileJson, s.profile_json)
        .value(application::Column::VerdictJson, s.verdict_json.clone())
        .value(application::Column::Level, s.level)
        .value(application::Column::SubmittedAt, s.at)
        .value(application::Column::UpdatedAt, s.at)
        .value(application::Column::Version, s.version + 1)
        .and_where(application::Column::Id.eq(s.application_id))
        .and_where(application::Column::Status.eq(ApplicationStatus::Draft.as_str()))
        .and_where(application::Column::Version.eq(s.version));
    let (actor, verdict_json, at) = (s.account_id, s.verdict_json, s.at);
    let step = move || application_event::Step {
        kind: "submitted",
        from: Some(ApplicationStatus::Draft),
        to: ApplicationStatus::Submitted,
        actor,
        data: Some(verdict_json.clone()),
        at,
    };
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let log = application_event::record_after_one_change(s.application_id, step())?;
            // The update changes one row and the step is one more: two when submitted, none when not.
            Ok(sqlite_batch(db, writes, &update, &log).await? == 2)
        }
        backend => {
            let id = s.application_id;
            db.transaction::<_, bool, DbErr>(|tx| {
                Box::pin(async move {
                    if tx.execute(backend.build(&update)).await?.rows_affected() != 1 {
                        return Ok(false);
                    }
                    application_event::record(tx, id, step()).await?;
                    Ok(true)
                })
            })
            .await
            .map_err(|e| match e {
                sea_orm::TransactionError::Connection(e) | sea_orm::TransactionError::Transaction(e) => e,
            })
        }
    }
}

/// Runs `update` then `log` as one SQLite transaction sent to the connection in one call, and
/// gives the rows they changed. Each statement sent is a round trip to the connection's own
/// thread (two context switches), and the write lock is held from BEGIN to COMMIT: one trip
/// instead of four is what lets fifty applicants submit at once without queueing behind it.
async fn sqlite_batch(db: &DatabaseConnection, writes: &WriteGate, update: &UpdateStatement, log: &sea_orm::sea_query::InsertStatement) -> Result<u64, DbErr> {
    let (update_sql, update_values) = update.build_sqlx(SqliteQueryBuilder);
    let (log_sql, log_values) = log.build_sqlx(SqliteQueryBuilder);
    let sql = format!("BEGIN IMMEDIATE; {update_sql}; {log_sql}; COMMIT;");
    let values = SqlxValues(Values(update_values.0 .0.into_iter().chain(log_values.0 .0).collect()));
    // The gate first, then a connection: waiting writers must not hold connections readers need.
    let _gate = writes.enter().await;
    let mut conn = db.get_sqlite_connection_pool().acquire().await.map_err(|e| DbErr::Conn(RuntimeErr::SqlxError(e)))?;
    match sqlx::query_with(&sql, values).execute(&mut *conn).await {
        Ok(done) => Ok(done.rows_affected()),
        Err(e) => {
            // A statement failed inside the transaction: end it on this connection, or drop the
            // connection, so that no later query runs inside it.
            if sqlx::query("ROLLBACK").execute(&mut *conn).await.is_err() {
                conn.close_on_drop();
            }
            Err(DbErr::Exec(RuntimeErr::SqlxError(e)))
        }
    }
}

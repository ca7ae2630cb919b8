//! Opening the database (SQLite file or PostgreSQL) and bringing its schema up to date.

use std::time::Duration;

use anyhow::Context;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

use crate::config::sqlite_parent_dir;
use crate::migration::Migrator;

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if let Some(dir) = sqlite_parent_dir(url) {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating the database directory {}", dir.display()))?;
    }
    let sqlite = url.starts_with("sqlite");
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(if sqlite { 8 } else { 16 })
        // A ping before each use guards against a dropped network connection; an SQLite file
        // cannot drop, and the ping is one more hop to the connection's thread per query.
        .test_before_acquire(!sqlite)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // On every pooled connection, not only the first: WAL lets readers work while one writer
        // writes; synchronous=NORMAL syncs at checkpoints, not at each commit (safe with WAL: a
        // power cut can lose the last commits, never corrupt); the busy timeout makes writers
        // queue instead of failing under concurrent submissions.
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    let db = Database::connect(options)
        .await
        .with_context(|| format!("connecting to {}", redact(url)))?;
    Ok(db)
}

/// Copies the SQLite write-ahead log into the database file twice a second, beside the requests
/// (a passive checkpoint waits for no one); the submission writer does not checkpoint itself.
pub fn spawn_checkpoints(db: &DatabaseConnection) {
    if sea_orm::ConnectionTrait::get_database_backend(db) != sea_orm::DbBackend::Sqlite {
        return;
    }
    let db = db.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tick.tick().await;
            if let Err(e) =
                sea_orm::ConnectionTrait::execute_unprepared(&db, "PRAGMA wal_checkpoint(PASSIVE)")
                    .await
            {
                tracing::warn!(error = %e, "checkpointing the SQLite write-ahead log");
            }
        }
    });
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    Migrator::up(db, None).await
}

/// The URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_not_logged() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}

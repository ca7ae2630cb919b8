//! `chuding backup FILE` and `chuding restore FILE`. SQLite: an online backup (`VACUUM INTO`, a
//! consistent copy taken while the server runs and writes), and a restore that checks the copy
//! before putting it in place of the database file (with the server stopped). PostgreSQL has its
//! own tools for both (`pg_dump -Fc`, `pg_restore`); see the README.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

const POSTGRES: &str =
    "PostgreSQL: use pg_dump -Fc to back up and pg_restore to restore (README, Operations)";

/// Writes a consistent copy of the database to `file` (which must not exist); its size in bytes.
pub async fn backup(db: &DatabaseConnection, file: &Path) -> anyhow::Result<u64> {
    if db.get_database_backend() != DbBackend::Sqlite {
        bail!("{POSTGRES}");
    }
    if file.exists() {
        bail!(
            "{} exists: a backup never overwrites a file",
            file.display()
        );
    }
    let target = file
        .to_str()
        .context("the backup file's path must be UTF-8")?;
    db.execute(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [target.into()],
    ))
    .await
    .with_context(|| format!("writing the backup {}", file.display()))?;
    Ok(std::fs::metadata(file)?.len())
}

/// Puts the backup `file` in place of the SQLite database of `url`, after checking it is whole
/// (`PRAGMA integrity_check`) and is chuding's (its migrations are recorded). Run with the server
/// stopped. The database it replaces is kept beside it as `<name>.before-restore`.
pub async fn restore(url: &str, file: &Path) -> anyhow::Result<PathBuf> {
    let Some(target) = sqlite_path(url) else {
        bail!("{POSTGRES}");
    };
    if !file.is_file() {
        bail!("{}: no such backup file", file.display());
    }
    let check_url = format!("sqlite://{}?mode=ro", file.display());
    let copy = sea_orm::Database::connect(&check_url)
        .await
        .with_context(|| format!("opening the backup {}", file.display()))?;
    let ok = copy
        .query_one(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await?
        .map(|r| r.try_get_by_index::<String>(0))
        .transpose()?;
    if ok.as_deref() != Some("ok") {
        bail!("{} is damaged: integrity_check says {ok:?}", file.display());
    }
    let migrated = copy
        .query_one(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT count(*) FROM seaql_migrations",
        ))
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or(0);
    if migrated == 0 {
        bail!(
            "{} is not a chuding database (no migrations recorded)",
            file.display()
        );
    }
    copy.close().await?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Copied beside the target, then renamed over it: the database is the old one or the
    // restored one, never half of each.
    let incoming = with_suffix(&target, ".restoring");
    std::fs::copy(file, &incoming)
        .with_context(|| format!("copying {} to {}", file.display(), incoming.display()))?;
    std::fs::File::open(&incoming)?.sync_all()?;
    if target.exists() {
        std::fs::copy(&target, with_suffix(&target, ".before-restore"))?;
    }
    // The old database's write-ahead log belongs to it, not to the restored file.
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(&target, ext));
    }
    std::fs::rename(&incoming, &target)?;
    Ok(target)
}

fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

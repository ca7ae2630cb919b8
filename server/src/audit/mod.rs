//! The audit log: every state change, decision, export and staff view of an applicant's data, as
//! entries that only ever get appended. Each entry's hash covers its fields and the previous
//! entry's hash, and the head row holds the last id and hash, so `verify` finds an edited row, a
//! removed one (a gap, or a head that does not match) and a reordered one.
//!
//! Appends are serialised by the head row: the first statement of the transaction moves it on,
//! which takes PostgreSQL's row lock or SQLite's write lock before the previous hash is read, so
//! several processes on one database still write one chain.

use chrono::{DateTime, FixedOffset};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use sha2::{Digest, Sha256};

use crate::entity::audit_entry;
use crate::group_commit::{GroupCommit, Writer};

/// What is appended; the id, the previous hash and the hash are the log's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: DateTime<FixedOffset>,
    pub account_id: Option<i32>,
    /// Comma-separated role codes, or `system`.
    pub roles: String,
    pub organisation_id: Option<i32>,
    pub address: Option<String>,
    pub action: String,
    pub application_reference: Option<String>,
    /// The answer's HTTP status; 0 for what the server did by itself.
    pub outcome: i32,
}

impl Entry {
    /// What the server did by itself (the paper deadline's abandonment, say).
    pub fn system(at: DateTime<FixedOffset>, action: &str, reference: Option<String>) -> Entry {
        Entry {
            at,
            account_id: None,
            roles: "system".into(),
            organisation_id: None,
            address: None,
            action: action.into(),
            application_reference: reference,
            outcome: 0,
        }
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of entry `id` after `prev`: SHA-256 over every field, each one length-prefixed so no
/// two different entries give the same bytes.
fn hash(id: i64, prev: &str, e: &Entry) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    let opt = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    field(&id.to_string());
    field(prev);
    // The instant in UTC to the microsecond: what both databases give back, whatever offset
    // they read it in.
    field(
        &e.at
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
    );
    field(&opt(e.account_id));
    field(&e.roles);
    field(&opt(e.organisation_id));
    field(e.address.as_deref().unwrap_or(""));
    field(&e.action);
    field(e.application_reference.as_deref().unwrap_or(""));
    field(&e.outcome.to_string());
    hex::encode(h.finalize())
}

/// Appends the entries, in order, as one transaction.
pub async fn append(db: &DatabaseConnection, entries: Vec<Entry>) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let n = entries.len() as i64;
    // Moving the head first takes the write lock before anything is read.
    let mut bump = Query::update();
    bump.table(AuditHead::Table)
        .value(AuditHead::LastId, Expr::col(AuditHead::LastId).add(n))
        .and_where(Expr::col(AuditHead::Id).eq(1))
        .returning(Query::returning().columns([AuditHead::LastId, AuditHead::Hash]));
    let row = txn
        .query_one(backend.build(&bump))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the audit log's head row".into()))?;
    let last: i64 = row.try_get("", "last_id")?;
    let mut prev: String = row.try_get("", "hash")?;
    let first = last - n + 1;
    let mut rows = Vec::with_capacity(entries.len());
    for (i, mut e) in entries.into_iter().enumerate() {
        let id = first + i as i64;
        // PostgreSQL keeps microseconds: store what it will give back.
        e.at = chrono::SubsecRound::trunc_subsecs(e.at, 6);
        let h = hash(id, &prev, &e);
        rows.push(audit_entry::ActiveModel {
            id: sea_orm::Set(id),
            at: sea_orm::Set(e.at),
            account_id: sea_orm::Set(e.account_id),
            roles: sea_orm::Set(e.roles),
            organisation_id: sea_orm::Set(e.organisation_id),
            address: sea_orm::Set(e.address),
            action: sea_orm::Set(e.action),
            application_reference: sea_orm::Set(e.application_reference),
            outcome: sea_orm::Set(e.outcome),
            prev_hash: sea_orm::Set(std::mem::replace(&mut prev, h.clone())),
            hash: sea_orm::Set(h),
        });
    }
    for chunk in rows.chunks(500) {
        audit_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    let mut set_hash = Query::update();
    set_hash
        .table(AuditHead::Table)
        .value(AuditHead::Hash, prev)
        .and_where(Expr::col(AuditHead::Id).eq(1));
    txn.execute(backend.build(&set_hash)).await?;
    txn.commit().await
}

/// Appends from many requests at once (`crate::group_commit`): the head row is locked once per
/// batch instead of once per request, so that under load appends no longer queue on it one by
/// one. Each caller still returns only once its own entries are committed.
pub type Appender = GroupCommit<Log>;

/// The entries of each request, in order, appended after those of the requests before it.
#[derive(Default)]
pub struct Log;

impl Writer for Log {
    type Item = Vec<Entry>;
    type Outcome = ();
    type Turn = ();
    const WHAT: &'static str = "the audit log's writer";

    fn write(
        &self,
        db: &DatabaseConnection,
        _: &mut (),
        batch: &[Vec<Entry>],
    ) -> impl std::future::Future<Output = Result<Vec<()>, DbErr>> + Send {
        let all: Vec<Entry> = batch.iter().flatten().cloned().collect();
        let n = batch.len();
        async move { append(db, all).await.map(|()| vec![(); n]) }
    }
}

impl Appender {
    /// Appends the entries, in order, with whatever other entries are waiting.
    pub async fn append(&self, db: &DatabaseConnection, entries: Vec<Entry>) -> Result<(), DbErr> {
        if entries.is_empty() {
            return Ok(());
        }
        self.write(db, entries).await
    }
}

/// The head row: the last id and hash, moved on by every append.
#[derive(sea_orm::DeriveIden)]
enum AuditHead {
    Table,
    Id,
    LastId,
    Hash,
}

/// What `verify` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    /// The chain holds, with this many entries.
    Intact(i64),
    /// The first entry that does not fit, and why.
    Broken { id: i64, why: &'static str },
}

/// Reads the whole log in order and checks every link, and the head against the last entry.
pub async fn verify(db: &DatabaseConnection) -> Result<Verification, DbErr> {
    const BATCH: u64 = 10_000;
    let mut prev = GENESIS.to_string();
    let mut expected = 1i64;
    loop {
        let batch = audit_entry::Entity::find()
            .filter(audit_entry::Column::Id.gte(expected))
            .order_by_asc(audit_entry::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = batch.last().map(|e| e.id) else {
            break;
        };
        for e in batch {
            if e.id != expected {
                return Ok(Verification::Broken {
                    id: expected,
                    why: "missing",
                });
            }
            if e.prev_hash != prev {
                return Ok(Verification::Broken {
                    id: e.id,
                    why: "previous hash",
                });
            }
            let recomputed = hash(
                e.id,
                &prev,
                &Entry {
                    at: e.at,
                    account_id: e.account_id,
                    roles: e.roles,
                    organisation_id: e.organisation_id,
                    address: e.address,
                    action: e.action,
                    application_reference: e.application_reference,
                    outcome: e.outcome,
                },
            );
            if recomputed != e.hash {
                return Ok(Verification::Broken {
                    id: e.id,
                    why: "edited",
                });
            }
            prev = e.hash;
            expected += 1;
        }
        debug_assert_eq!(last + 1, expected);
    }
    let head = db
        .query_one(
            db.get_database_backend().build(
                Query::select()
                    .columns([AuditHead::LastId, AuditHead::Hash])
                    .from(AuditHead::Table)
                    .and_where(Expr::col(AuditHead::Id).eq(1)),
            ),
        )
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the audit log's head row".into()))?;
    let head_last: i64 = head.try_get("", "last_id")?;
    let head_hash: String = head.try_get("", "hash")?;
    if head_last != expected - 1 || head_hash != prev {
        return Ok(Verification::Broken {
            id: expected,
            why: "removed at the end",
        });
    }
    Ok(Verification::Intact(expected - 1))
}

/// The organisations whose staff opened an application, with the last time and how often: what
/// the applicant sees (not who).
pub async fn organisations_that_looked(
    db: &DatabaseConnection,
    reference: &str,
) -> Result<Vec<(String, DateTime<FixedOffset>, u64)>, DbErr> {
    let rows: Vec<(i32, DateTime<FixedOffset>, i64)> = audit_entry::Entity::find()
        .select_only()
        .column(audit_entry::Column::OrganisationId)
        .column_as(audit_entry::Column::At.max(), "last")
        .column_as(audit_entry::Column::Id.count(), "times")
        .filter(audit_entry::Column::ApplicationReference.eq(reference))
        .filter(audit_entry::Column::OrganisationId.is_not_null())
        .group_by(audit_entry::Column::OrganisationId)
        .into_tuple()
        .all(db)
        .await?;
    let names = crate::directory::names(db, rows.iter().map(|r| r.0).collect()).await?;
    let mut out: Vec<_> = rows
        .into_iter()
        .map(|(org, last, times)| {
            (
                names.get(&org).cloned().unwrap_or_default(),
                last,
                times as u64,
            )
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1));
    Ok(out)
}

/// The log's filters, as in the staff page's address.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub account_id: Option<i32>,
    pub organisation_id: Option<i32>,
    pub reference: Option<String>,
    /// Entries before this id (the next page, newest first).
    pub before: Option<i64>,
}

/// One page of the log, newest first.
pub async fn page(
    db: &DatabaseConnection,
    filters: &Filters,
    size: u64,
) -> Result<Vec<audit_entry::Model>, DbErr> {
    use audit_entry::Column as C;
    let mut q = audit_entry::Entity::find();
    if let Some(a) = filters.account_id {
        q = q.filter(C::AccountId.eq(a));
    }
    if let Some(o) = filters.organisation_id {
        q = q.filter(C::OrganisationId.eq(o));
    }
    if let Some(r) = &filters.reference {
        q = q.filter(C::ApplicationReference.eq(r.as_str()));
    }
    if let Some(b) = filters.before {
        q = q.filter(C::Id.lt(b));
    }
    q.order_by_desc(C::Id).limit(size).all(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> Entry {
        Entry::system(
            chrono::DateTime::parse_from_rfc3339("2026-06-08T00:00:00+08:00").unwrap(),
            action,
            None,
        )
    }

    #[test]
    fn the_hash_covers_every_field_and_the_link() {
        let a = hash(1, GENESIS, &entry("x"));
        assert_ne!(a, hash(2, GENESIS, &entry("x")));
        assert_ne!(a, hash(1, &"1".repeat(64), &entry("x")));
        assert_ne!(a, hash(1, GENESIS, &entry("y")));
        let mut moved = entry("x");
        moved.roles = "syste".into();
        moved.action = "mx".into();
        assert_ne!(a, hash(1, GENESIS, &moved), "fields are length-prefixed");
    }
}

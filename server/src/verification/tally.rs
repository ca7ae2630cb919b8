//! Online checks of a certificate, counted per day in memory and added to the database every few
//! seconds, so a check costs the asker no write (the public API must answer in milliseconds).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::entity::certificate_check;

/// How often the counts are written.
pub const FLUSH_SECONDS: u64 = 5;

#[derive(Clone, Default)]
pub struct CheckTally(Arc<Mutex<HashMap<(i32, NaiveDate), i64>>>);

impl CheckTally {
    pub fn count(&self, certificate_id: i32, day: NaiveDate) {
        if let Ok(mut m) = self.0.lock() {
            *m.entry((certificate_id, day)).or_default() += 1;
        }
    }

    /// Adds the counts so far to the database; on failure they are kept for the next time.
    pub async fn flush(&self, db: &DatabaseConnection) -> Result<(), DbErr> {
        let pending: Vec<((i32, NaiveDate), i64)> = match self.0.lock() {
            Ok(mut m) => m.drain().collect(),
            Err(_) => return Ok(()),
        };
        if pending.is_empty() {
            return Ok(());
        }
        let rows = pending
            .iter()
            .map(|((id, day), n)| certificate_check::ActiveModel {
                certificate_id: Set(*id),
                day: Set(*day),
                count: Set(*n),
            });
        let written = certificate_check::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    certificate_check::Column::CertificateId,
                    certificate_check::Column::Day,
                ])
                .value(
                    certificate_check::Column::Count,
                    Expr::cust("certificate_check.count + excluded.count"),
                )
                .to_owned(),
            )
            .exec_without_returning(db)
            .await;
        if let Err(e) = written {
            if let Ok(mut m) = self.0.lock() {
                for (k, n) in pending {
                    *m.entry(k).or_default() += n;
                }
            }
            return Err(e);
        }
        Ok(())
    }

    /// Writes the counts every few seconds, for as long as the process runs.
    pub fn spawn_flushes(&self, db: DatabaseConnection) {
        let tally = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(FLUSH_SECONDS));
            loop {
                every.tick().await;
                if let Err(e) = tally.flush(&db).await {
                    tracing::warn!(error = %e, "the check counts were not written; they are kept");
                }
            }
        });
    }
}

/// The days `certificate_id` was checked, newest first, with how often.
pub async fn days_checked(
    db: &DatabaseConnection,
    certificate_id: i32,
) -> Result<Vec<(NaiveDate, i64)>, DbErr> {
    Ok(certificate_check::Entity::find()
        .filter(certificate_check::Column::CertificateId.eq(certificate_id))
        .order_by_desc(certificate_check::Column::Day)
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.day, r.count))
        .collect())
}

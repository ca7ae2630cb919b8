//! The certificates revoked, for the center's administrator: the latest first, with the holder's
//! name, when and why.

use chrono::NaiveDateTime;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::clock::china;
use crate::entity::{application, certificate};

/// The 100 latest revocations: number, holder, when (China time), reason.
pub async fn latest(
    db: &DatabaseConnection,
) -> Result<Vec<(String, String, NaiveDateTime, String)>, DbErr> {
    let revoked = certificate::Entity::find()
        .filter(certificate::Column::RevokedAt.is_not_null())
        .order_by_desc(certificate::Column::RevokedAt)
        .limit(100)
        .all(db)
        .await?;
    let holders: Vec<(i32, i32)> = application::Entity::find()
        .select_only()
        .columns([application::Column::Id, application::Column::AccountId])
        .filter(
            application::Column::Id
                .is_in(revoked.iter().map(|c| c.application_id).collect::<Vec<_>>()),
        )
        .into_tuple()
        .all(db)
        .await?;
    let accounts: Vec<i32> = holders.iter().map(|h| h.1).collect();
    let names = crate::workflow::queue::names(db, accounts).await?;
    let holder = |app: i32| {
        holders
            .iter()
            .find(|h| h.0 == app)
            .and_then(|h| names.get(&h.1).cloned())
            .unwrap_or_default()
    };
    Ok(revoked
        .iter()
        .map(|c| {
            (
                c.number_shown(),
                holder(c.application_id),
                c.revoked_at
                    .map(|r| r.with_timezone(&china()).naive_local())
                    .unwrap_or_default(),
                c.revoked_reason.clone().unwrap_or_default(),
            )
        })
        .collect())
}

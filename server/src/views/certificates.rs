//! The certificates desk: the approved applications waiting for a certificate, filtered and paged
//! like the list, the ones a batch issues, and the latest certificates issued.

use std::collections::BTreeMap;

use content::page_data::{IssuedCertificate, ListFilters, ListRow};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::clock::china;
use crate::entity::{application, certificate};
use crate::reports::list;

/// How many of the latest certificates the desk shows.
const LATEST: u64 = 20;

/// How many approved applications `filters` matches, the page it asks for, and where the next
/// page starts.
pub async fn waiting(
    db: &DatabaseConnection,
    round_id: &str,
    filters: &ListFilters,
) -> Result<(u64, Vec<ListRow>, Option<String>), DbErr> {
    let those = list::matching(db, round_id, filters).await?;
    let matching = those.clone().count(db).await?;
    let (briefs, next) = list::keyset_page(db, those, filters).await?;
    let waiting = list::rows(db, &briefs, false).await?;
    Ok((matching, waiting, next))
}

/// The latest certificates issued, newest first.
pub async fn latest(db: &DatabaseConnection) -> Result<Vec<IssuedCertificate>, DbErr> {
    let latest = certificate::Entity::find()
        .order_by_desc(certificate::Column::Id)
        .limit(LATEST)
        .all(db)
        .await?;
    let apps: BTreeMap<i32, (String, i32)> = application::Entity::find()
        .select_only()
        .columns([
            application::Column::Id,
            application::Column::Reference,
            application::Column::AccountId,
        ])
        .filter(
            application::Column::Id
                .is_in(latest.iter().map(|c| c.application_id).collect::<Vec<_>>()),
        )
        .into_tuple::<(i32, String, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, r, a)| (id, (r, a)))
        .collect();
    let accounts: Vec<i32> = apps.values().map(|(_, a)| *a).collect();
    let names = crate::workflow::queue::names(db, accounts).await?;
    Ok(latest
        .into_iter()
        .filter_map(|c| {
            let (reference, account) = apps.get(&c.application_id)?.clone();
            let (qualification_zh, qualification_en) = c.qualification_words();
            Some(IssuedCertificate {
                reference,
                name: names.get(&account).cloned().unwrap_or_default(),
                number: c.number_shown(),
                qualification_zh,
                qualification_en,
                issued_at: c.issued_at.with_timezone(&china()).naive_local(),
            })
        })
        .collect())
}

/// The applications of the round ticked, by reference.
pub async fn picked(
    db: &DatabaseConnection,
    round_id: &str,
    references: &[String],
) -> Result<Vec<application::Model>, DbErr> {
    application::Entity::find()
        .filter(application::Column::Reference.is_in(references.iter().cloned()))
        .filter(application::Column::RoundId.eq(round_id))
        .all(db)
        .await
}

/// Every application `filters` matches, in the list's order: the whole batch in one query (the
/// certificates' numbers follow that order).
pub async fn all_matching(
    db: &DatabaseConnection,
    round_id: &str,
    filters: &ListFilters,
) -> Result<Vec<application::Model>, DbErr> {
    let order = if filters.newest_first {
        sea_orm::Order::Desc
    } else {
        sea_orm::Order::Asc
    };
    list::matching(db, round_id, filters)
        .await?
        .order_by(application::Column::SubmittedAt, order.clone())
        .order_by(application::Column::Id, order)
        .all(db)
        .await
}

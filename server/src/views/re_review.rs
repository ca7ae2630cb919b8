//! The center's re-review (五（五））: the applications whose paper was received, a keyset page at
//! a time, each with the system's verdict; the ones a batch approves; the next one waiting.

use std::collections::BTreeMap;

use content::page_data::{ListFilters, ReReviewRow};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use shared::{ApplicationStatus, Level, Series};

use crate::entity::application;
use crate::reports::list;
use crate::workflow::re_review;

/// An application as the re-review lists it.
pub fn row(app: &application::Model, name: String) -> ReReviewRow {
    ReReviewRow {
        reference: app.reference.clone(),
        name,
        series: app.series.as_deref().and_then(Series::from_code),
        level: app.level.as_deref().and_then(Level::from_code),
        eligible: re_review::system_says_eligible(app),
        proposed: app.rejection_proposal.is_some(),
    }
}

/// The page of applications `filters` asks for (the status already set), and where the next
/// page starts.
pub async fn rows(
    db: &DatabaseConnection,
    round_id: &str,
    filters: &ListFilters,
) -> Result<(Vec<ReReviewRow>, Option<String>), DbErr> {
    let those = list::matching(db, round_id, &filters).await?;
    let (briefs, next) = list::keyset_page(db, those, &filters).await?;
    let mut by_id: BTreeMap<i32, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(briefs.iter().map(|b| b.id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let apps: Vec<application::Model> = briefs.iter().filter_map(|b| by_id.remove(&b.id)).collect();
    let accounts: Vec<i32> = apps.iter().map(|a| a.account_id).collect();
    let names = crate::workflow::queue::names(db, accounts).await?;
    let rows = apps
        .iter()
        .map(|a| row(a, names.get(&a.account_id).cloned().unwrap_or_default()))
        .collect();
    Ok((rows, next))
}

/// The applications ticked, by reference.
pub async fn picked(
    db: &DatabaseConnection,
    references: &[String],
) -> Result<Vec<application::Model>, DbErr> {
    application::Entity::find()
        .filter(application::Column::Reference.is_in(references.iter().cloned()))
        .all(db)
        .await
}

/// The first application whose paper waits for the re-review, other than `reference` (in the
/// list's order: the first of its first page).
pub async fn next_waiting(
    db: &DatabaseConnection,
    round_id: &str,
    reference: &str,
) -> Result<Option<(String, String)>, DbErr> {
    let filters = ListFilters {
        status: Some(ApplicationStatus::PaperReceived),
        ..ListFilters::default()
    };
    let those = list::matching(db, round_id, &filters).await?;
    let (briefs, _) = list::keyset_page(db, those, &filters).await?;
    // The decided one may still be first (a proposal leaves it waiting): the first two suffice.
    let first: Vec<i32> = briefs.iter().map(|b| b.id).take(2).collect();
    let apps = application::Entity::find()
        .filter(application::Column::Id.is_in(first.clone()))
        .filter(application::Column::Reference.ne(reference))
        .all(db)
        .await?;
    let Some(app) = first
        .iter()
        .find_map(|id| apps.iter().find(|a| a.id == *id))
    else {
        return Ok(None);
    };
    Ok(Some((
        app.reference.clone(),
        crate::workflow::queue::name(db, app.account_id).await?,
    )))
}

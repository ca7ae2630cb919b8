//! Reading an application's timeline: its steps in order, as the pages show them.

use app::page_data::TimelineStep;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::clock::in_china;
use crate::entity::application_event;

/// The steps of an application, oldest first, at China time.
pub async fn steps(
    db: &DatabaseConnection,
    application_id: i32,
) -> Result<Vec<TimelineStep>, DbErr> {
    let events = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(application_id))
        .order_by_asc(application_event::Column::At)
        .order_by_asc(application_event::Column::Id)
        .all(db)
        .await?;
    Ok(events
        .into_iter()
        .map(|e| TimelineStep {
            kind: e.kind,
            to_status: shared::ApplicationStatus::from_code(&e.to_status),
            actor_role: shared::Role::from_code(&e.actor_role),
            at: in_china(&e.at).naive_local(),
            reason: e.reason,
        })
        .collect())
}

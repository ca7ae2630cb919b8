//! Reading an application's timeline: its steps in order, as the pages show them.

use std::collections::BTreeMap;

use content::page_data::TimelineStep;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::clock::in_china;
use crate::entity::{account, application_event, organisation};

/// Who reads the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The applicant: no internal step, and no reviewer's name.
    Applicant,
    /// The reviewers and the center: every step, with who took it.
    Staff,
}

/// The steps of an application, oldest first, at China time.
pub async fn steps(
    db: &DatabaseConnection,
    application_id: i32,
    audience: Audience,
) -> Result<Vec<TimelineStep>, DbErr> {
    let mut query = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(application_id));
    if audience == Audience::Applicant {
        query = query.filter(application_event::Column::Internal.eq(false));
    }
    let events = query
        .order_by_asc(application_event::Column::At)
        .order_by_asc(application_event::Column::Id)
        .all(db)
        .await?;
    let by = match audience {
        Audience::Applicant => BTreeMap::new(),
        Audience::Staff => actors(db, &events).await?,
    };
    Ok(events
        .into_iter()
        .map(|e| TimelineStep {
            by: e
                .actor_account_id
                .and_then(|a| by.get(&(a, e.actor_organisation_id)).cloned()),
            kind: e.kind,
            to_status: shared::ApplicationStatus::from_code(&e.to_status),
            actor_role: shared::Role::from_code(&e.actor_role),
            at: in_china(&e.at).naive_local(),
            reason: e.reason,
            internal: e.internal,
        })
        .collect())
}

/// "name (organisation)" of each actor of these steps.
async fn actors(
    db: &DatabaseConnection,
    events: &[application_event::Model],
) -> Result<BTreeMap<(i32, Option<i32>), String>, DbErr> {
    let accounts: Vec<i32> = events.iter().filter_map(|e| e.actor_account_id).collect();
    let orgs: Vec<i32> = events
        .iter()
        .filter_map(|e| e.actor_organisation_id)
        .collect();
    let names: BTreeMap<i32, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(accounts))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.real_name))
        .collect();
    let org_names: BTreeMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(orgs))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(events
        .iter()
        .filter_map(|e| {
            let name = names.get(&e.actor_account_id?)?;
            let label = match e.actor_organisation_id.and_then(|o| org_names.get(&o)) {
                Some(org) => format!("{name}（{org}）"),
                None => name.clone(),
            };
            Some(((e.actor_account_id?, e.actor_organisation_id), label))
        })
        .collect())
}

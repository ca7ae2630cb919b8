//! The reviewers' desk: the organisations a person acts for, the unit's 公示 notice, the
//! applications a batch acts on, and what the review page shows beside the application itself.

use std::collections::{BTreeMap, BTreeSet};

use content::page_data::{ObjectionRow, PublicityRow, StaffOrganisation};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use shared::workflow::OrganisationKind;
use shared::{Action, ApplicationStatus, Level, Role, Series};

use crate::entity::{account, application, application_event, objection, organisation};
use crate::workflow::queue;

/// The organisations of `roles` (from `auth::accounts::roles_by_organisation`), by name, each with its roles.
pub async fn organisations(
    db: &DatabaseConnection,
    mut roles: BTreeMap<i32, Vec<Role>>,
) -> Result<Vec<StaffOrganisation>, DbErr> {
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(roles.keys().copied()))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?;
    Ok(orgs
        .into_iter()
        .map(|o| StaffOrganisation {
            roles: roles.remove(&o.id).unwrap_or_default(),
            kind: OrganisationKind::from_code(&o.kind),
            id: o.id,
            name: o.name,
        })
        .collect())
}

/// The unit's applications in 公示, in the order they started: who, in which series and level,
/// from when to when.
pub async fn publicity_rows(
    db: &DatabaseConnection,
    unit_id: i32,
) -> Result<Vec<PublicityRow>, DbErr> {
    let apps = application::Entity::find()
        .filter(application::Column::UnitId.eq(unit_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Publicity.as_str()))
        .order_by_asc(application::Column::PublicityStart)
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?;
    let names = queue::names(db, apps.iter().map(|a| a.account_id)).await?;
    Ok(apps
        .iter()
        .filter_map(|a| {
            Some(PublicityRow {
                name: names.get(&a.account_id)?.clone(),
                series: a.series.as_deref().and_then(Series::from_code),
                level: a.level.as_deref().and_then(Level::from_code),
                start: a.publicity_start?,
                end: a.publicity_end?,
            })
        })
        .collect())
}

/// The applications of `unit_id` among `references`, oldest first (what a batch acts on).
pub async fn unit_applications(
    db: &DatabaseConnection,
    unit_id: i32,
    references: &[String],
) -> Result<Vec<application::Model>, DbErr> {
    application::Entity::find()
        .filter(application::Column::Reference.is_in(references.iter().cloned()))
        .filter(application::Column::UnitId.eq(unit_id))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await
}

/// The submitted application with this reference (a draft is nobody's to review).
pub async fn submitted_application(
    db: &DatabaseConnection,
    reference: &str,
) -> Result<Option<application::Model>, DbErr> {
    Ok(application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .one(db)
        .await?
        .filter(|a| a.submitted_at.is_some()))
}

/// The account that owns `app`.
pub async fn owner(
    db: &DatabaseConnection,
    app: &application::Model,
) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find_by_id(app.account_id).one(db).await
}

/// What the review page shows beside the application: whose it is, what changed since it was
/// last returned for correction, and the objections raised in its 公示.
pub struct ReviewDetails {
    pub owner: account::Model,
    pub changed_since_return: Vec<String>,
    pub objections: Vec<ObjectionRow>,
}

/// `None` when the owner's account is gone.
pub async fn review_details(
    db: &DatabaseConnection,
    app: &application::Model,
    answers: &BTreeMap<String, String>,
) -> Result<Option<ReviewDetails>, DbErr> {
    let Some(owner) = owner(db, app).await? else {
        return Ok(None);
    };
    let last_return = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(app.id))
        .filter(application_event::Column::Kind.eq(Action::ReturnForCorrection.as_str()))
        .order_by_desc(application_event::Column::Id)
        .one(db)
        .await?;
    let returned: BTreeMap<String, String> = last_return
        .and_then(|s| s.data_json)
        .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
        .and_then(|d| serde_json::from_value(d["answers"].clone()).ok())
        .unwrap_or_default();
    let changed_since_return = if returned.is_empty() {
        Vec::new()
    } else {
        let keys: BTreeSet<&String> = returned.keys().chain(answers.keys()).collect();
        keys.into_iter()
            .filter(|k| returned.get(*k) != answers.get(*k))
            .cloned()
            .collect()
    };
    let objections = objection::Entity::find()
        .filter(objection::Column::ApplicationId.eq(app.id))
        .order_by_asc(objection::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| ObjectionRow {
            id: o.id,
            text: o.text,
            reporter: o.reporter,
            resolution: o.resolution,
        })
        .collect();
    Ok(Some(ReviewDetails {
        owner,
        changed_since_return,
        objections,
    }))
}

//! The center's routing desk: applications whose unit is not in the directory, waiting for the
//! center to choose the unit (四（六）), and the units it can choose from.

use std::collections::BTreeMap;

use content::page_data::{OrganisationChoice, ToRouteRow};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use shared::workflow::OrganisationKind;

use crate::entity::{account, application, organisation};
use crate::workflow::draft::unit_name;
use crate::workflow::routing;

/// The applications of the round waiting to be routed, oldest first, and the units to choose.
pub async fn waiting(
    db: &DatabaseConnection,
    round_id: &str,
) -> Result<(Vec<ToRouteRow>, Vec<OrganisationChoice>), DbErr> {
    let apps = routing::waiting(db, round_id).await?;
    let people: BTreeMap<i32, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(apps.iter().map(|a| a.account_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.real_name))
        .collect();
    let agencies: BTreeMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(apps.iter().filter_map(|a| a.dispatch_agency_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let rows = apps
        .iter()
        .map(|a| ToRouteRow {
            reference: a.reference.clone(),
            name: people.get(&a.account_id).cloned().unwrap_or_default(),
            unit_name: unit_name(a).unwrap_or_default(),
            agency: a
                .dispatch_agency_id
                .and_then(|id| agencies.get(&id).cloned()),
            submitted: a
                .submitted_at
                .as_ref()
                .map(|t| crate::clock::in_china(t).naive_local())
                .unwrap_or_default(),
            version: a.version,
        })
        .collect();
    let units = crate::directory::choices(
        db,
        &[
            OrganisationKind::MunicipalUnit,
            OrganisationKind::NonPublicUnit,
            OrganisationKind::FileKeeping,
        ],
    )
    .await?;
    Ok((rows, units))
}

/// The application of the round with this reference.
pub async fn application(
    db: &DatabaseConnection,
    round_id: &str,
    reference: &str,
) -> Result<Option<application::Model>, DbErr> {
    application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .filter(application::Column::RoundId.eq(round_id))
        .one(db)
        .await
}

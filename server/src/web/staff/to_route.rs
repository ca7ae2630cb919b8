//! `/staff/{center}/to-route`: the applications whose unit is not in the directory, and the
//! routing of one to a unit of the directory (`workflow::routing`). Center staff only.

use std::collections::BTreeMap;

use app::page_data::{PageData, ToRouteData, ToRouteRow};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::workflow::OrganisationKind;
use shared::Role;

use super::super::error::WebError;
use super::super::extract::{CsrfForm, Parsed, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::entity::{account, application, organisation};
use crate::web::application_data::unit_name;
use crate::workflow::routing;

async fn page(state: &AppState, member: &StaffMember) -> Result<Page, WebError> {
    let apps = routing::waiting(&state.db, state.round.id.as_str()).await?;
    let people: BTreeMap<i32, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(apps.iter().map(|a| a.account_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.real_name))
        .collect();
    let agencies: BTreeMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(apps.iter().filter_map(|a| a.dispatch_agency_id)))
        .all(&state.db)
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
        &state.db,
        &[
            OrganisationKind::MunicipalUnit,
            OrganisationKind::NonPublicUnit,
            OrganisationKind::FileKeeping,
        ],
    )
    .await?;
    let data = ToRouteData {
        organisation: organisation_of(member),
        rows,
        units,
        may_add: member.roles.contains(&Role::CenterAdmin),
    };
    Ok(Page::ok().with_data(PageData::ToRoute(Box::new(data))))
}

pub async fn list(State(state): State<AppState>, member: StaffMember) -> Result<Page, WebError> {
    super::center_staff(&member, "the routing desk")?;
    page(&state, &member).await
}

/// The routing form: the version read and the unit chosen in the directory.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct RouteForm {
    version: String,
    unit_id: String,
}

pub async fn route(
    State(state): State<AppState>,
    member: StaffMember,
    Path((org, reference)): Path<(i32, String)>,
    CsrfForm(form): CsrfForm<Parsed<RouteForm>>,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the routing desk")?;
    let app = application::Entity::find()
        .filter(application::Column::Reference.eq(reference.as_str()))
        .filter(application::Column::RoundId.eq(state.round.id.as_str()))
        .one(&state.db)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut values = form.fields.clone();
    values.insert("reference".into(), reference.clone());
    let shown = page(&state, &member).await?.with_values(values);
    let Ok(form) = form.value else {
        return Err(WebError::NotFound);
    };
    if form.version.trim().parse::<i32>().ok() != Some(app.version) {
        return Err(WebError::Conflict(shown.changed_elsewhere()));
    }
    let Ok(unit_id) = form.unit_id.trim().parse::<i32>() else {
        return Err(WebError::Refused(shown.with_errors(vec![
            app::questionnaire::answers::FieldError::new(
                "unit_id",
                "请选择目录中的工作单位",
                "Choose the unit in the directory",
            ),
        ])));
    };
    match routing::route(&state.db, state.clock.now(), actor, &app, unit_id).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/staff/{org}/to-route?routed={reference}")).into_response())
        }
        Err(e) => Err(WebError::from_workflow(e, shown)),
    }
}

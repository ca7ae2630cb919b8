//! `/staff/{center}/to-route`: the applications whose unit is not in the directory, and the
//! routing of one to a unit of the directory (`workflow::routing`). Center staff only.

use crate::web::door::{Door, StaffRoute};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use content::page_data::{PageData, ToRouteData};
use shared::Role;

use super::super::error::WebError;
use super::super::extract::{CsrfForm, Parsed, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::views;
use crate::workflow::routing;

async fn page(state: &AppState, member: &StaffMember) -> Result<Page, WebError> {
    let (rows, units) = views::to_route::waiting(&state.db, state.round.id.as_str()).await?;
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
    let app = views::to_route::application(&state.db, state.round.id.as_str(), &reference)
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
            content::questionnaire::answers::FieldError::new(
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

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::get("/staff/{org}/to-route", Door::CenterStaff, || get(list)),
    StaffRoute::post(
        "/staff/{org}/to-route/{reference}",
        Door::CenterStaff,
        || post(route),
    ),
];

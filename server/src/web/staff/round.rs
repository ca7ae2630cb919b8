//! The center's view of the whole round: `/staff/{center}/round` (the list, filtered by the
//! address), `…/round.csv` and `…/round.xlsx` (the same rows as spreadsheets; ID numbers in full
//! only with `full=yes`, which the audit log records with the address), and
//! `/staff/{center}/dashboard`. The center's staff and administrator.

use crate::web::door::{Door, StaffRoute};
use axum::routing::get;
use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use content::page_data::{ListFilters, PageData, RoundList};
use content::questionnaire::answers::FieldError;
use shared::workflow::OrganisationKind;
use shared::Role;

use super::super::error::WebError;
use super::super::extract::StaffMember;
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::reports::{export, list};

/// The center's staff or administrator; anyone else is refused (logged).
fn center_reader(member: &StaffMember, desk: &str) -> Result<(), WebError> {
    if member
        .roles
        .iter()
        .any(|r| matches!(r, Role::CenterStaff | Role::CenterAdmin))
    {
        Ok(())
    } else {
        tracing::warn!(
            account = member.person.account.id,
            organisation = member.organisation.id,
            desk,
            "a center page was refused to someone not at the center"
        );
        Err(WebError::Forbidden)
    }
}

/// A list's filters that could not be read, as the page's field errors.
pub(super) fn field_errors(errors: Vec<content::page_data::FilterError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|(field, zh, en)| FieldError::new(field, zh, en))
        .collect()
}

pub async fn list_page(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    center_reader(&member, "the round's list")?;
    let (filters, errors) = ListFilters::from_query(&q);
    let (rows, matching, next) = list::page(&state.db, &state.round.id, &filters).await?;
    let units = crate::directory::choices(
        &state.db,
        &[
            OrganisationKind::MunicipalUnit,
            OrganisationKind::NonPublicUnit,
            OrganisationKind::FileKeeping,
        ],
    )
    .await?;
    let departments =
        crate::directory::choices(&state.db, &[OrganisationKind::CompetentDepartment]).await?;
    Ok(Page::ok()
        .with_values(q)
        .with_errors(field_errors(errors))
        .with_data(PageData::RoundList(Box::new(RoundList {
            organisation: organisation_of(&member),
            filters,
            rows,
            matching,
            count_cap: list::COUNT_CAP,
            next,
            units,
            departments,
        }))))
}

/// The filters of an export, or back to the list when one cannot be read (it says which).
fn export_filters(
    member: &StaffMember,
    q: &BTreeMap<String, String>,
) -> Result<(ListFilters, bool), Response> {
    let (mut filters, errors) = ListFilters::from_query(q);
    if !errors.is_empty() {
        let back = format!("/staff/{}/round{}", member.organisation.id, filters.query());
        return Err(Redirect::to(&back).into_response());
    }
    filters.after = None;
    Ok((filters, q.get("full").map(String::as_str) == Some("yes")))
}

fn attachment(kind: &'static str, name: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

pub async fn csv(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    exported(&state, &member, &q, Spreadsheet::Csv).await
}

pub async fn xlsx(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    exported(&state, &member, &q, Spreadsheet::Xlsx).await
}

enum Spreadsheet {
    Csv,
    Xlsx,
}

async fn exported(
    state: &AppState,
    member: &StaffMember,
    q: &BTreeMap<String, String>,
    kind: Spreadsheet,
) -> Result<Response, WebError> {
    center_reader(member, "the export")?;
    let (filters, full) = match export_filters(member, q) {
        Ok(f) => f,
        Err(back) => return Ok(back),
    };
    let (db, round) = (state.db.clone(), state.round.id.clone());
    let name = format!("chuding-{round}");
    Ok(match kind {
        Spreadsheet::Csv => attachment(
            "text/csv; charset=utf-8",
            &format!("{name}.csv"),
            Body::from_stream(export::csv(db, round, filters, full)),
        ),
        Spreadsheet::Xlsx => attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}.xlsx"),
            export::xlsx(db, round, filters, full).await.map_err(|e| {
                tracing::error!(error = %e, "an XLSX export failed");
                WebError::Unavailable
            })?,
        ),
    })
}

pub async fn dashboard_page(
    State(state): State<AppState>,
    member: StaffMember,
) -> Result<Page, WebError> {
    center_reader(&member, "the dashboard")?;
    let data = state
        .dashboards
        .figures(
            &state.db,
            &state.round,
            state.clock.now(),
            organisation_of(&member),
        )
        .await?;
    Ok(Page::ok().with_data(PageData::Dashboard(Box::new(data))))
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::get("/staff/{org}/round", Door::Center, || get(list_page)),
    StaffRoute::get("/staff/{org}/round.csv", Door::Center, || get(csv)),
    StaffRoute::get("/staff/{org}/round.xlsx", Door::Center, || get(xlsx)),
    StaffRoute::get("/staff/{org}/dashboard", Door::Center, || {
        get(dashboard_page)
    }),
];

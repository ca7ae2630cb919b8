//! The center's intake desk: `/staff/{center}/intake` finds an application by reference (typed, or
//! scanned from the 申报表's QR code), ID number or name; `…/intake/{reference}` shows the
//! applicant's materials as a checklist and logs the paper; `…/receipt` is the printable 回执.
//! Center staff only (with their second factor).

use std::collections::BTreeMap;

use app::page_data::{IntakeData, IntakeRow, IntakeSearch, PageData, Receipt};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::workflow::approvals_complete;
use shared::{Action, ApplicationStatus};

use super::super::error::WebError;
use super::super::extract::{CsrfForm, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::entity::{account, application, application_event};
use crate::workflow::intake::{self, window_open};
use crate::workflow::review::Reviewers;

/// How many applications a search shows.
const SHOWN: u64 = 50;

fn closed_message(state: &AppState) -> Option<(String, String)> {
    super::refusal_words(window_open(&state.round, state.clock.now()))
}

async fn row(
    state: &AppState,
    app: &application::Model,
    person: &account::Model,
) -> Result<IntakeRow, WebError> {
    let status = crate::workflow::status_of(&app.status)?;
    let ready = match Reviewers::of(&state.db, app)
        .await
        .map_err(|_| WebError::Unavailable)?
    {
        Some(r) => approvals_complete(status, r.unit_kind, r.dispatched),
        None => false,
    };
    Ok(IntakeRow {
        reference: app.reference.clone(),
        name: person.real_name.clone(),
        id_masked: shared::identity::mask(&person.id_number),
        status,
        ready,
    })
}

/// `?q=`: a reference (with or without its hyphen), an ID number, or a name.
pub async fn search(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the intake desk")?;
    let query = q.get("q").map(|s| s.trim().to_string()).unwrap_or_default();
    let mut rows = Vec::new();
    if !query.is_empty() {
        let reference: String = query
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase();
        let people: Vec<account::Model> = account::Entity::find()
            .filter(
                Condition::any()
                    .add(account::Column::IdNumber.eq(query.to_ascii_uppercase()))
                    .add(account::Column::RealName.eq(query.as_str())),
            )
            .limit(SHOWN)
            .all(&state.db)
            .await?;
        let apps = application::Entity::find()
            .filter(application::Column::RoundId.eq(state.round.id.as_str()))
            .filter(application::Column::SubmittedAt.is_not_null())
            .filter(
                Condition::any()
                    .add(application::Column::Reference.eq(reference))
                    .add(application::Column::AccountId.is_in(people.iter().map(|p| p.id))),
            )
            .order_by_asc(application::Column::Id)
            .limit(SHOWN)
            .all(&state.db)
            .await?;
        let owners: BTreeMap<i32, account::Model> = account::Entity::find()
            .filter(account::Column::Id.is_in(apps.iter().map(|a| a.account_id)))
            .all(&state.db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        for app in &apps {
            if let Some(person) = owners.get(&app.account_id) {
                rows.push(row(&state, app, person).await?);
            }
        }
    }
    let data = IntakeSearch {
        organisation: organisation_of(&member),
        query,
        rows,
        window_closed: closed_message(&state),
        paper: app::page_data::PaperDeadline::of(&state.round, state.clock.today()),
    };
    Ok(Page::ok().with_data(PageData::IntakeSearch(Box::new(data))))
}

async fn found(
    state: &AppState,
    reference: &str,
) -> Result<(application::Model, account::Model), WebError> {
    let app = application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .filter(application::Column::SubmittedAt.is_not_null())
        .one(&state.db)
        .await?
        .ok_or(WebError::NotFound)?;
    let person = account::Entity::find_by_id(app.account_id)
        .one(&state.db)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((app, person))
}

/// The receipt of a logged intake: when, and by whom.
async fn receipt(state: &AppState, app: &application::Model) -> Result<Option<Receipt>, WebError> {
    let step = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(app.id))
        .filter(application_event::Column::Kind.eq(Action::ReceivePaper.as_str()))
        .order_by_desc(application_event::Column::Id)
        .one(&state.db)
        .await?;
    let Some(step) = step else { return Ok(None) };
    let by = match step.actor_account_id {
        Some(id) => account::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|a| a.real_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(Some(Receipt {
        at: crate::clock::in_china(&step.at).naive_local(),
        by,
    }))
}

async fn intake_page(
    state: &AppState,
    member: &StaffMember,
    (app, person): &(application::Model, account::Model),
) -> Result<Page, WebError> {
    tracing::info!(
        account = member.person.account.id,
        application = app.id,
        "center staff opened an application at the intake desk"
    );
    let data = IntakeData {
        organisation: organisation_of(member),
        row: row(state, &app, &person).await?,
        version: app.version,
        materials: intake::materials(&app),
        checklist: intake::recorded(&app).into_iter().collect(),
        window_closed: closed_message(state),
        receipt: if app.status == ApplicationStatus::PaperReceived.as_str() {
            receipt(state, &app).await?
        } else {
            None
        },
    };
    Ok(Page::ok().with_data(PageData::Intake(Box::new(data))))
}

pub async fn application(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the intake desk")?;
    intake_page(&state, &member, &found(&state, &reference).await?).await
}

pub async fn receive(
    State(state): State<AppState>,
    member: StaffMember,
    Path((org, reference)): Path<(i32, String)>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the intake desk")?;
    let record = found(&state, &reference).await?;
    let page = intake_page(&state, &member, &record)
        .await?
        .with_values(f.clone());
    let app = record.0;
    if f.get("version").and_then(|v| v.parse::<i32>().ok()) != Some(app.version) {
        return Err(WebError::Conflict(page.changed_elsewhere()));
    }
    let checklist = intake::read_checklist(&intake::materials(&app), &f)
        .map_err(|e| WebError::Refused(page.clone().with_errors(e)))?;
    match intake::receive(
        &state.db,
        &state.round,
        state.clock.now(),
        actor,
        &app,
        &checklist,
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/staff/{org}/intake/{reference}/receipt")).into_response())
        }
        Err(e) => Err(WebError::from_workflow(e, page)),
    }
}

/// The printable receipt (回执) of the intake.
pub async fn receipt_page(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the intake desk")?;
    intake_page(&state, &member, &found(&state, &reference).await?).await
}

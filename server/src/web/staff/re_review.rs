//! The center's unified re-review (五（五））: `/staff/{center}/re-review` lists the applications
//! whose paper was received, with the system's verdict, and approves the ticked ones at once;
//! `…/re-review/{reference}` approves one, proposes a rejection, or confirms another member's
//! proposal. Center staff only (with their second factor).

use std::collections::BTreeMap;

use crate::reports::list;
use crate::web::audit_trail::RequestAudit;
use app::page_data::{ListFilters, PageData, ReReviewData, ReReviewList, ReReviewRow};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::{ApplicationStatus, Level, Series};

use super::super::error::WebError;
use super::super::extract::{CsrfForm, Fields, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::entity::{account, application};
use crate::workflow::re_review;
use crate::workflow::timeline::{self, Audience};

fn closed(state: &AppState) -> Option<(String, String)> {
    super::refusal_words(re_review::open(&state.round, state.clock.now()))
}

fn row(app: &application::Model, name: String) -> ReReviewRow {
    ReReviewRow {
        reference: app.reference.clone(),
        name,
        series: app.series.as_deref().and_then(Series::from_code),
        level: app.level.as_deref().and_then(Level::from_code),
        eligible: re_review::system_says_eligible(app),
        proposed: app.rejection_proposal.is_some(),
    }
}

/// The applications whose paper was received, filtered as the address says (series, level, unit,
/// department, a search), a keyset page at a time: the re-review of a big round goes by pages.
async fn list_page(
    state: &AppState,
    member: &StaffMember,
    q: &BTreeMap<String, String>,
) -> Result<Page, WebError> {
    let (mut filters, errors) = ListFilters::from_query(q);
    filters.status = Some(ApplicationStatus::PaperReceived);
    let those = list::matching(&state.db, &state.round.id, &filters).await?;
    let (briefs, next) = list::keyset_page(&state.db, those, &filters).await?;
    let mut by_id: BTreeMap<i32, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(briefs.iter().map(|b| b.id).collect::<Vec<_>>()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let apps: Vec<application::Model> = briefs.iter().filter_map(|b| by_id.remove(&b.id)).collect();
    let accounts: Vec<i32> = apps.iter().map(|a| a.account_id).collect();
    let names = crate::workflow::queue::names(&state.db, accounts).await?;
    let rows = apps
        .iter()
        .map(|a| row(a, names.get(&a.account_id).cloned().unwrap_or_default()))
        .collect();
    Ok(Page::ok()
        .with_errors(super::round::field_errors(errors))
        .with_data(PageData::ReReviewList(Box::new(ReReviewList {
            organisation: organisation_of(member),
            rows,
            closed: closed(state),
            filters,
            next,
        }))))
}

pub async fn list(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the re-review")?;
    list_page(&state, &member, &q).await
}

/// Approves the ticked applications (`pick_{reference}`), one result each.
pub async fn approve_picked(
    State(state): State<AppState>,
    member: StaffMember,
    Path(org): Path<i32>,
    Query(q): Query<BTreeMap<String, String>>,
    Extension(audit): Extension<RequestAudit>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the re-review")?;
    let page = list_page(&state, &member, &q).await?.with_values(f.clone());
    let picked = super::picked(&f);
    if picked.is_empty() {
        return Err(super::nothing_picked(page));
    }
    let apps = application::Entity::find()
        .filter(application::Column::Reference.is_in(picked))
        .all(&state.db)
        .await?;
    let results = re_review::approve_many(&state.db, &state.round, state.clock.now(), actor, &apps)
        .await
        .map_err(|e| WebError::from_workflow(e, page))?;
    let approved: Vec<&String> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(reference, _)| reference)
        .collect();
    let not: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(reference, _)| reference.as_str())
        .collect();
    Ok(super::after_bulk(
        &audit,
        &format!("/staff/{org}/re-review"),
        "approved",
        &approved,
        &not,
    ))
}

async fn found(state: &AppState, reference: &str) -> Result<application::Model, WebError> {
    application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .filter(application::Column::SubmittedAt.is_not_null())
        .one(&state.db)
        .await?
        .ok_or(WebError::NotFound)
}

async fn decision_page(
    state: &AppState,
    member: &StaffMember,
    app: &application::Model,
) -> Result<Page, WebError> {
    let names: BTreeMap<i32, String> =
        crate::workflow::queue::names(&state.db, [app.account_id]).await?;
    let proposal = match re_review::proposal(&app) {
        Some(p) => {
            let by = account::Entity::find_by_id(p.by)
                .one(&state.db)
                .await?
                .map(|a| a.real_name)
                .unwrap_or_default();
            Some((p.in_words(), by, p.by == member.person.account.id))
        }
        None => None,
    };
    let data = ReReviewData {
        organisation: organisation_of(member),
        row: row(
            &app,
            names.get(&app.account_id).cloned().unwrap_or_default(),
        ),
        status: crate::workflow::status_of(&app.status)?,
        version: app.version,
        verdict: app
            .verdict_json
            .as_deref()
            .and_then(|v| serde_json::from_str(v).ok()),
        proposal,
        closed: closed(state),
        timeline: timeline::steps(&state.db, app.id, Audience::Staff).await?,
        reject_reasons: state.round.reject_reasons.clone(),
    };
    Ok(Page::ok().with_data(PageData::ReReview(Box::new(data))))
}

pub async fn application(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the re-review")?;
    decision_page(&state, &member, &found(&state, &reference).await?).await
}

/// The round's reasons ticked on the form (`reject_{code}`).
fn reasons(round: &shared::Round, f: &Fields) -> Vec<shared::ReasonText> {
    round
        .reject_reasons
        .iter()
        .filter(|r| f.get(&format!("reject_{}", r.code)).is_some())
        .cloned()
        .collect()
}

pub async fn decide(
    State(state): State<AppState>,
    member: StaffMember,
    Path((org, reference)): Path<(i32, String)>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the re-review")?;
    let app = found(&state, &reference).await?;
    let page = decision_page(&state, &member, &app)
        .await?
        .with_values(f.clone());
    if f.get("version").and_then(|v| v.parse::<i32>().ok()) != Some(app.version) {
        return Err(WebError::Conflict(page.changed_elsewhere()));
    }
    let (db, round, now) = (&state.db, &state.round, state.clock.now());
    let text = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let result = match text("action") {
        "approve" => re_review::approve(db, round, now, actor, &app, text("why"))
            .await
            .map(|_| ()),
        "propose_reject" => {
            re_review::propose_rejection(
                db,
                round,
                now,
                actor,
                &app,
                &reasons(&state.round, &f),
                text("reject_text"),
            )
            .await
        }
        "confirm_reject" => re_review::confirm_rejection(db, round, now, actor, &app)
            .await
            .map(|_| ()),
        _ => return Err(WebError::NotFound),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/staff/{org}/re-review/{reference}")).into_response()),
        Err(e) => Err(WebError::from_workflow(e, page)),
    }
}

//! The center's unified re-review (五（五））: `/staff/{center}/re-review` lists the applications
//! whose paper was received, with the system's verdict, and approves the ticked ones at once;
//! `…/re-review/{reference}` approves one, proposes a rejection, or confirms or withdraws another
//! member's proposal. Center staff only (with their second factor).

use crate::web::door::{Door, StaffRoute};
use axum::routing::{get, post};
use std::collections::BTreeMap;

use crate::web::audit_trail::RequestAudit;
use crate::workflow::Application;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use content::page_data::{ListFilters, PageData, ReReviewData, ReReviewDone, ReReviewList};
use shared::ApplicationStatus;

use super::super::confirm::confirmed;
use super::super::error::WebError;
use super::super::extract::{CsrfForm, Parsed, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::views;
use crate::workflow::command::{self, ReReviewCommand};
use crate::workflow::re_review;
use crate::workflow::timeline::{self, Audience};
use app::form::confirm::Final;

fn closed(state: &AppState) -> Option<(String, String)> {
    super::refusal_words(re_review::open(&state.round, state.clock.now()))
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
    let (rows, next) = views::re_review::rows(&state.db, &state.round.id, &filters).await?;
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
    let picked = match super::ticked_for(&f, Final::ApprovePicked) {
        Ok(picked) => picked,
        Err(e) => return Err(WebError::Refused(page.with_errors(vec![e]))),
    };
    let apps = views::re_review::picked(&state.db, &picked).await?;
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

async fn found(state: &AppState, reference: &str) -> Result<Application, WebError> {
    views::staff::submitted_application(&state.db, reference)
        .await?
        .ok_or(WebError::NotFound)
}

/// The application's 申报表 as the re-review reads it (with the unit's appraisal).
pub async fn declaration_pdf(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Response, WebError> {
    super::center_staff(&member, "the re-review")?;
    let app = found(&state, &reference).await?;
    super::declaration_of(&state, &app).await
}

async fn decision_page(
    state: &AppState,
    member: &StaffMember,
    app: &Application,
) -> Result<Page, WebError> {
    let owner = crate::workflow::queue::name(&state.db, app.account_id).await?;
    let proposal = match re_review::proposal(&app) {
        Some(p) => {
            let by = crate::workflow::queue::name(&state.db, p.by).await?;
            Some((p.in_words(), by, p.by == member.person.account.id))
        }
        None => None,
    };
    let data = ReReviewData {
        organisation: organisation_of(member),
        row: views::re_review::row(app, owner),
        status: crate::workflow::status_of(&app.status)?,
        version: app.version,
        verdict: crate::workflow::intake::verdict(&app),
        proposal,
        closed: closed(state),
        timeline: timeline::steps(&state.db, app.id, Audience::Staff).await?,
        reject_reasons: state.round.reject_reasons.clone(),
        checklist: crate::workflow::intake::recorded(app).into_iter().collect(),
        answers: crate::workflow::draft::answers_of(app)
            .map_err(|_| WebError::Unreadable)?
            .0,
        appraisal: app.appraisal.clone(),
        done: None,
        next: None,
    };
    Ok(Page::ok().with_data(PageData::ReReview(Box::new(data))))
}

pub async fn application(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the re-review")?;
    let mut page = decision_page(&state, &member, &found(&state, &reference).await?).await?;
    // `?done=` after a decision: what was done, and the next application waiting.
    if let Some(done) = q.get("done").and_then(|c| ReReviewDone::from_code(c)) {
        let next = views::re_review::next_waiting(&state.db, &state.round.id, &reference).await?;
        if let Some(PageData::ReReview(d)) = page.data.as_mut() {
            d.done = Some(done);
            d.next = next;
        }
    }
    Ok(page)
}

/// The round's reasons ticked on the form (`reject_{code}`).
/// The re-review form of one application, as posted: `action` names the command; the reasons
/// are the ticked `reject_{code}` boxes of the round's list.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReReviewForm {
    action: String,
    version: String,
    why: String,
    reject_text: String,
    withdraw_why: String,
    #[serde(flatten)]
    others: BTreeMap<String, String>,
}

impl ReReviewForm {
    fn command(self, round: &shared::Round) -> Option<ReReviewCommand> {
        Some(match self.action.as_str() {
            "approve" => ReReviewCommand::Approve { why: self.why },
            "propose_reject" => ReReviewCommand::ProposeRejection {
                reasons: round
                    .reject_reasons
                    .iter()
                    .filter(|r| self.others.contains_key(&format!("reject_{}", r.code)))
                    .cloned()
                    .collect(),
                text: self.reject_text,
            },
            "confirm_reject" => ReReviewCommand::ConfirmRejection,
            "withdraw_reject" => ReReviewCommand::WithdrawProposal {
                why: self.withdraw_why,
            },
            _ => return None,
        })
    }
}

pub async fn decide(
    State(state): State<AppState>,
    member: StaffMember,
    Path((org, reference)): Path<(i32, String)>,
    CsrfForm(form): CsrfForm<Parsed<ReReviewForm>>,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the re-review")?;
    let app = found(&state, &reference).await?;
    let fields = form.fields;
    let page = decision_page(&state, &member, &app)
        .await?
        .with_values(fields.clone());
    let Ok(form) = form.value else {
        return Err(WebError::NotFound);
    };
    if form.version.trim().parse::<i32>().ok() != Some(app.version) {
        return Err(WebError::Conflict(page.changed_elsewhere()));
    }
    let done = form.action.clone();
    let Some(command) = form.command(&state.round) else {
        return Err(WebError::NotFound);
    };
    // Rejecting (proposing, or confirming another's proposal): the box that confirms it, once
    // the table allows the action here.
    let final_action = match command {
        ReReviewCommand::ProposeRejection { .. } => Some(Final::ProposeRejection),
        ReReviewCommand::ConfirmRejection => Some(Final::ConfirmRejection),
        _ => None,
    };
    if let Some(what) = final_action {
        let status = crate::workflow::status_of(&app.status)?;
        if let Err(refusal) = crate::workflow::allowed(status, shared::Action::Reject, actor) {
            return Err(WebError::from_workflow(refusal.into(), page));
        }
        if let Err(e) = confirmed(&fields, what, None) {
            return Err(WebError::Refused(page.with_errors(vec![e])));
        }
    }
    let result = command::re_review(
        &state.db,
        &state.round,
        state.clock.now(),
        actor,
        &app,
        command,
    )
    .await;
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/staff/{org}/re-review/{reference}?done={done}"))
                .into_response(),
        ),
        Err(e) => Err(WebError::from_workflow(e, page)),
    }
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::get("/staff/{org}/re-review", Door::CenterStaff, || get(list))
        .and_post(|| post(approve_picked)),
    StaffRoute::get(
        "/staff/{org}/re-review/{reference}",
        Door::CenterStaff,
        || get(application),
    )
    .and_post(|| post(decide)),
    StaffRoute::get(
        "/staff/{org}/re-review/{reference}/declaration.pdf",
        Door::CenterStaff,
        || get(declaration_pdf),
    ),
];

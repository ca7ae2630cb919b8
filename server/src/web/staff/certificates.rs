//! `/staff/{center}/certificates`: the center's staff issue certificates (五（五））: the approved
//! applications waiting for one, filtered and paged like the list, the ticked ones issued at once
//! (one result, and one audit entry, each), and the latest certificates issued.

use crate::web::door::{Door, StaffRoute};
use axum::routing::{get, post};
use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use content::page_data::{CertificatesDesk, ListFilters, PageData};
use shared::ApplicationStatus;

use super::super::audit_trail::RequestAudit;
use super::super::confirm::confirmed;
use super::super::error::WebError;
use super::super::extract::{CsrfForm, Parsed, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::views;
use crate::workflow::collection::{self, Collector};
use crate::workflow::Application;
use crate::workflow::{certificates, Refusal, WorkflowError};
use app::form::confirm::Final;
use axum::response::IntoResponse;

async fn desk(
    state: &AppState,
    member: &StaffMember,
    q: &BTreeMap<String, String>,
) -> Result<Page, WebError> {
    let (mut filters, errors) = ListFilters::from_query(q);
    filters.status = Some(ApplicationStatus::Approved);
    let (matching, waiting, next) =
        views::certificates::waiting(&state.db, &state.round.id, &filters).await?;
    let issued = views::certificates::latest(&state.db).await?;
    Ok(Page::ok()
        .with_errors(super::round::field_errors(errors))
        .with_data(PageData::Certificates(Box::new(CertificatesDesk {
            organisation: organisation_of(member),
            matching,
            waiting,
            next,
            filters,
            issued,
        }))))
}

pub async fn page(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the certificates")?;
    desk(&state, &member, &q).await
}

/// Issues the ticked applications' certificates (`pick_{reference}`), one result each.
pub async fn issue_picked(
    State(state): State<AppState>,
    member: StaffMember,
    Path(org): Path<i32>,
    Query(q): Query<BTreeMap<String, String>>,
    Extension(audit): Extension<RequestAudit>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the certificates")?;
    // The desk is read again only when the form comes back.
    let picked = match super::ticked_for(&f, Final::IssuePicked) {
        Ok(picked) => picked,
        Err(e) => {
            let page = desk(&state, &member, &q).await?.with_values(f.clone());
            return Err(WebError::Refused(page.with_errors(vec![e])));
        }
    };
    let apps = views::certificates::picked(&state.db, &state.round.id, &picked).await?;
    issue_each(&state, org, actor, &audit, &picked, &apps).await
}

/// Issues, one by one, and says how many and which were not.
async fn issue_each(
    state: &AppState,
    org: i32,
    actor: crate::workflow::Actor,
    audit: &RequestAudit,
    picked: &[String],
    apps: &[Application],
) -> Result<Response, WebError> {
    let mut issued = Vec::new();
    for app in apps {
        match certificates::issue(&state.db, &state.round, state.clock.now(), actor, app).await {
            Ok(_) => issued.push(app.reference.clone()),
            Err(e) => {
                tracing::info!(reference = %app.reference, error = ?e, "a certificate was not issued")
            }
        }
    }
    let not: Vec<&str> = picked
        .iter()
        .filter(|p| !issued.contains(p))
        .map(String::as_str)
        .collect();
    Ok(super::after_bulk(
        audit,
        &format!("/staff/{org}/certificates"),
        "issued",
        &issued.iter().collect::<Vec<_>>(),
        &not,
    ))
}

/// Issues the certificates of every approved application the filters match (the whole batch,
/// not only the page shown).
pub async fn issue_all(
    State(state): State<AppState>,
    member: StaffMember,
    Path(org): Path<i32>,
    Query(q): Query<BTreeMap<String, String>>,
    Extension(audit): Extension<RequestAudit>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the certificates")?;
    let (mut filters, errors) = ListFilters::from_query(&q);
    if !errors.is_empty() {
        let page = desk(&state, &member, &q)
            .await?
            .at(format!("/staff/{org}/certificates"));
        return Err(WebError::Refused(page));
    }
    filters.status = Some(ApplicationStatus::Approved);
    let apps = views::certificates::all_matching(&state.db, &state.round.id, &filters).await?;
    let picked: Vec<String> = apps.iter().map(|a| a.reference.clone()).collect();
    if picked.is_empty() {
        let page = desk(&state, &member, &q)
            .await?
            .at(format!("/staff/{org}/certificates"));
        return Err(super::nothing_picked(page));
    }
    if let Err(e) = confirmed(&f, Final::IssueAll, Some(picked.len())) {
        let page = desk(&state, &member, &q)
            .await?
            .at(format!("/staff/{org}/certificates"));
        return Err(WebError::Refused(page.with_errors(vec![e])));
    }
    issue_each(&state, org, actor, &audit, &picked, &apps).await
}

/// The collection form: whose 申报表 (reference or certificate number) and who took it.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CollectionForm {
    holder: String,
    collected_by: String,
    id_checked: String,
    unit: String,
    bearer: String,
}

/// Records that a certified application's 申报表 was collected; the application is archived.
pub async fn record_collection(
    State(state): State<AppState>,
    member: StaffMember,
    Path(org): Path<i32>,
    Extension(audit): Extension<RequestAudit>,
    CsrfForm(form): CsrfForm<Parsed<CollectionForm>>,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the certificates")?;
    let f = form.fields;
    let Ok(form) = form.value else {
        return Err(WebError::NotFound);
    };
    let invalid = |errors: Vec<content::questionnaire::answers::FieldError>| async {
        let page = desk(&state, &member, &BTreeMap::new())
            .await?
            .at(format!("/staff/{org}/certificates"))
            .with_values(f.clone())
            .with_errors(errors);
        Err::<Response, WebError>(WebError::Refused(page))
    };
    let found = collection::find(&state.db, &state.round.id, &form.holder).await;
    let collector = Collector::parse(
        &form.collected_by,
        &form.id_checked,
        &form.unit,
        &form.bearer,
    );
    let (app, collector) = match (found, collector) {
        (Ok(app), Ok(c)) => (app, c),
        (found, collector) => {
            let mut errors = Vec::new();
            if let Err(WorkflowError::Refused(Refusal::Invalid(e))) = found {
                errors.extend(e);
            } else if let Err(e) = found {
                return Err(refused(e));
            }
            if let Err(Refusal::Invalid(e)) = collector {
                errors.extend(e);
            }
            return invalid(errors).await;
        }
    };
    audit.applications([app.reference.clone()]);
    match collection::record(&state.db, state.clock.now(), actor, &app, &collector).await {
        Ok(_) => Ok(axum::response::Redirect::to(&format!(
            "/staff/{org}/certificates?collected={}",
            app.reference
        ))
        .into_response()),
        Err(WorkflowError::Refused(Refusal::NotAllowed { from, .. })) => {
            invalid(vec![content::questionnaire::answers::FieldError::new(
                "holder",
                format!(
                    "这份申报{}，不能登记领取：发证后才能领取申报表",
                    from.label_zh()
                ),
                format!(
                    "This application is {}: the form is collected only after the certificate",
                    from.label_en().to_lowercase()
                ),
            )])
            .await
        }
        Err(e) => Err(refused(e)),
    }
}

/// A workflow's answer the desk has no form field for.
fn refused(e: WorkflowError) -> WebError {
    match e {
        WorkflowError::Db(e) => e.into(),
        WorkflowError::Refused(Refusal::Stale) => WebError::Elsewhere("/staff"),
        WorkflowError::Refused(_) => WebError::Forbidden,
    }
}

/// A certificate's PDF, for the center's staff (to print for a holder at the desk).
pub async fn pdf(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Response, WebError> {
    super::center_staff(&member, "the certificates")?;
    let app = views::staff::submitted_application(&state.db, &reference)
        .await?
        .ok_or(WebError::NotFound)?;
    let issued = certificates::of(&state.db, app.id)
        .await
        .map_err(refused)?
        .ok_or(WebError::NotFound)?;
    let holder = views::staff::owner(&state.db, &app)
        .await?
        .ok_or(WebError::NotFound)?;
    crate::web::documents::certificate(&state, &holder, &issued)
        .await
        .map_err(|_| WebError::Unavailable)
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::get("/staff/{org}/certificates", Door::CenterStaff, || get(page))
        .and_post(|| post(issue_picked)),
    StaffRoute::post("/staff/{org}/certificates/all", Door::CenterStaff, || {
        post(issue_all)
    }),
    StaffRoute::post(
        "/staff/{org}/certificates/collect",
        Door::CenterStaff,
        || post(record_collection),
    ),
    StaffRoute::get(
        "/staff/{org}/certificates/{reference}/certificate.pdf",
        Door::CenterStaff,
        || get(pdf),
    ),
];

//! The applicant's application: draft per section, check your answers, submission, and the pages
//! after it. Every page is rendered from the stored application as typed `PageData`; every form
//! posts back (post-redirect-get). The changes themselves are `workflow`'s.

use crate::web::route_table::Routes;
use crate::workflow::Application;
use std::sync::Arc;

use axum::{
    extract::{Path, State},
    http::{request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use content::page_data::{ApplicantData, ApplicationData, OrganisationChoice, PageData};
use content::questionnaire::answers::Answers;
use content::questionnaire::sections::ProfileSection;
use shared::ApplicationStatus;

use crate::auth::session::SignedIn;
use crate::web::application_data;
use crate::web::documents::{self, NotPrinted};
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, OwnDraft, SignedInPerson};
use crate::web::page::Page;
use crate::web::AppState;
use crate::workflow::{self, draft::answers_of, Refusal, WorkflowError};

pub fn routes() -> Routes {
    Routes::new()
        .route("/apply", get(task_list))
        .route("/apply/start", post(start))
        .route("/apply/review", get(review))
        .route("/apply/submit", post(submit))
        .route("/apply/submitted", get(after_submission))
        .route("/apply/materials", get(after_submission))
        .route("/apply/status", get(after_submission))
        .route("/apply/declaration.pdf", get(declaration_pdf))
        .route("/apply/certificate.pdf", get(certificate_pdf))
        .route("/apply/{section}", get(section_page).post(save_section))
}

fn status_of(app: &Application) -> Result<ApplicationStatus, WebError> {
    Ok(workflow::status_of(&app.status)?)
}

/// The stored answers, or the page that says they cannot be read (nothing is overwritten).
fn answers(app: &Application) -> Result<Answers, WebError> {
    answers_of(app).map_err(|_| WebError::Unreadable)
}

/// What every applicant page shows of the person and their application.
fn applicant_data(me: &SignedIn, application: Option<ApplicationData>) -> PageData {
    PageData::Applicant(ApplicantData {
        name: me.account.real_name.clone(),
        id_masked: shared::identity::mask(&me.account.id_number),
        application,
        directory: Vec::new(),
    })
}

/// The organisations an applicant may choose as their unit or dispatch agency, by name.
async fn directory(state: &AppState) -> Result<Vec<OrganisationChoice>, WebError> {
    use shared::workflow::OrganisationKind as K;
    Ok(crate::directory::choices(
        &state.db,
        &[
            K::MunicipalUnit,
            K::NonPublicUnit,
            K::DispatchAgency,
            K::FileKeeping,
        ],
    )
    .await?)
}

/// The applicant's page data with the directory to choose from (the section pages).
async fn with_directory(state: &AppState, mut data: PageData) -> Result<PageData, WebError> {
    if let PageData::Applicant(d) = &mut data {
        d.directory = directory(state).await?;
    }
    Ok(data)
}

/// A page of the draft with the directory to choose from.
async fn section_with_directory(
    state: &AppState,
    me: &SignedIn,
    app: &Application,
) -> Result<Page, WebError> {
    let mut page = draft_page(me, app)?;
    if let Some(data) = page.data.take() {
        page.data = Some(with_directory(state, data).await?);
    }
    Ok(page)
}

/// A page of the draft: its answers to fill the form, and the application.
fn draft_page(me: &SignedIn, app: &Application) -> Result<Page, WebError> {
    let data = application_data::summary(app, status_of(app)?);
    Ok(Page::ok()
        .with_values(answers(app)?.0)
        .with_data(applicant_data(me, Some(data))))
}

async fn task_list(
    State(state): State<AppState>,
    SignedInPerson(me): SignedInPerson,
) -> Result<Page, WebError> {
    match &me.application {
        // Submitted before and a draft again: returned for correction, with the reasons to show.
        Some(app) if app.submitted_at.is_some() && status_of(app)? == ApplicationStatus::Draft => {
            let mut data = application_data::summary(app, ApplicationStatus::Draft);
            data.timeline =
                workflow::timeline::steps(&state.db, app.id, application_data::Audience::Applicant)
                    .await?;
            Ok(Page::ok()
                .with_values(answers(app)?.0)
                .with_data(applicant_data(&me, Some(data))))
        }
        Some(app) => draft_page(&me, app),
        None => Ok(Page::ok().with_data(applicant_data(&me, None))),
    }
}

async fn start(
    State(state): State<AppState>,
    SignedInPerson(me): SignedInPerson,
    CsrfForm(_): CsrfForm,
) -> Result<Response, WebError> {
    if me.application.is_none() {
        workflow::draft::start(&state.db, &state.round, state.clock.now(), me.account.id)
            .await
            .map_err(|e| WebError::from_workflow(e, Page::ok()))?;
    }
    Ok(Redirect::to("/apply").into_response())
}

async fn section_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    draft: OwnDraft,
) -> Result<Page, WebError> {
    if ProfileSection::from_slug(&slug).is_none() {
        return Err(WebError::NotFound);
    }
    section_with_directory(&state, &draft.0, draft.application()).await
}

/// Check your answers, with who will stamp the 申报表 (or why nobody can yet).
async fn review(State(state): State<AppState>, draft: OwnDraft) -> Result<Page, WebError> {
    let app = draft.application();
    let mut page = draft_page(&draft.0, app)?;
    let chain = workflow::submit::chain_of(&state.db, &answers(app)?).await?;
    let view = application_data::chain_view(
        &state,
        chain,
        crate::workflow::draft::unit_name(app).as_deref(),
    )
    .await?;
    if let Some(PageData::Applicant(d)) = &mut page.data {
        if let Some(a) = &mut d.application {
            a.chain = Some(view);
        }
    }
    Ok(page)
}

/// The pages of a submitted application (confirmation, materials list, status) share their data:
/// the verdict at submission, the timeline, and the paper window with the working days left.
async fn after_submission(
    State(state): State<AppState>,
    SignedInPerson(me): SignedInPerson,
) -> Result<Page, WebError> {
    let Some(app) = &me.application else {
        return Err(WebError::Elsewhere("/apply"));
    };
    let status = status_of(app)?;
    if status.is_editable() {
        return Err(WebError::Elsewhere("/apply"));
    }
    let data =
        application_data::submitted(&state, app, status, application_data::Audience::Applicant)
            .await?;
    Ok(Page::ok().with_data(applicant_data(&me, Some(data))))
}

async fn save_section(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    draft: Result<OwnDraft, WebError>,
    parts: Parts,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    // The token first: a forged form learns nothing of the application, not even where it is.
    let draft = draft?;
    let Some(section) = ProfileSection::from_slug(&slug) else {
        return Err(WebError::NotFound);
    };
    let app = draft.application();
    // A search of the directory (搜索, JavaScript off): the page again as typed, its list
    // narrowed to the name searched; nothing is saved.
    if f.get("intent").is_some_and(|i| i.starts_with("find_")) {
        let mut shown = answers(app)?.0;
        shown.retain(|k, _| !section.owns(k));
        shown.extend(
            f.iter()
                .filter(|(k, _)| section.owns(k) || k.ends_with("_search"))
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        let data = with_directory(
            &state,
            applicant_data(
                &draft.0,
                Some(application_data::summary(app, status_of(app)?)),
            ),
        )
        .await?;
        return Ok(Page::ok()
            .with_values(shown)
            .with_data(data)
            .into_response());
    }
    let autosave = parts.headers.contains_key("x-autosave");
    // The version the page was read at; a form without one is checked against this request's read.
    let version = f
        .get("version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(app.version);
    let saved = workflow::draft::save_section(
        &state.db,
        &state.round,
        state.clock.now(),
        draft.account_id(),
        app,
        version,
        section,
        &f,
    )
    .await;
    let saved = match saved {
        Ok(saved) => saved,
        Err(WorkflowError::Refused(Refusal::Stale)) if autosave => {
            return Ok(StatusCode::CONFLICT.into_response())
        }
        Err(e) => {
            // What was typed is shown again over the application as it is now, with the reason;
            // the page carries the current version, so saving again keeps what is shown.
            let now = workflow::draft::find(&state.db, &state.round, draft.account_id()).await?;
            let current = now.as_ref().unwrap_or(app);
            let mut shown = answers(current)?.0;
            shown.retain(|k, _| !section.owns(k));
            shown.extend(
                f.iter()
                    .filter(|(k, v)| section.owns(k) && !v.trim().is_empty())
                    .map(|(k, v)| (k.clone(), v.trim().to_string())),
            );
            let data = with_directory(
                &state,
                applicant_data(
                    &draft.0,
                    Some(application_data::summary(current, status_of(current)?)),
                ),
            )
            .await?;
            return Err(WebError::from_workflow(
                e,
                Page::ok().with_values(shown).with_data(data),
            ));
        }
    };
    // An autosave from the page (JavaScript on): saved, and the other errors wait for
    // "保存并继续"; an answer refused as too long makes it fail, so the page says so.
    if autosave && saved.refused == 0 {
        let mut res = StatusCode::NO_CONTENT.into_response();
        res.headers_mut()
            .insert("x-version", HeaderValue::from(saved.version));
        return Ok(res);
    }
    if !saved.errors.is_empty() {
        let mut data = application_data::summary(app, status_of(app)?);
        data.version = saved.version;
        let page = with_directory(&state, applicant_data(&draft.0, Some(data))).await?;
        return Err(WebError::Refused(
            Page::ok()
                .with_values(saved.shown)
                .with_errors(saved.errors)
                .with_data(page),
        ));
    }
    if f.contains_key("add_education") {
        return Ok(Redirect::to("/apply/education?add_education=1").into_response());
    }
    let next = match f.get("then").map(String::as_str) {
        Some("list") => "/apply".to_string(),
        _ => {
            let i = ProfileSection::ALL
                .iter()
                .position(|s| *s == section)
                .unwrap_or(0);
            match ProfileSection::ALL.get(i + 1) {
                Some(s) => format!("/apply/{}", s.slug()),
                None => "/apply/review".to_string(),
            }
        }
    };
    Ok(Redirect::to(&next).into_response())
}

async fn submit(
    State(state): State<AppState>,
    draft: Result<OwnDraft, WebError>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let draft = draft?;
    let app = draft.application();
    let pledged = f.get("pledge").map(String::as_str) == Some("yes");
    let result = workflow::submit::submit(
        &state.db,
        &state.submissions,
        &state.round,
        state.clock.now(),
        draft.account_id(),
        app,
        pledged,
    )
    .await;
    match result {
        Ok(newly) => {
            if newly {
                state.metrics.submitted();
                tracing::info!(application = app.id, "application submitted");
            }
            // A second click, or a retried request, lands on the confirmation of the one application.
            Ok(Redirect::to("/apply/submitted").into_response())
        }
        // The refusal shows the check-your-answers page, where the pledge was given.
        Err(e) => Err(WebError::from_workflow(
            e,
            draft_page(&draft.0, app)?.at("/apply/review"),
        )),
    }
}

/// 《专业技术资格初定申报表》 of the signed-in applicant's submitted application. Only the owner
/// reaches it: the application is found by the session's account, never by an id in the URL.
async fn declaration_pdf(
    State(state): State<AppState>,
    SignedInPerson(me): SignedInPerson,
) -> Result<Response, WebError> {
    let me: Arc<SignedIn> = me;
    let app = match &me.application {
        Some(app) if !status_of(app)?.is_editable() => app.clone(),
        _ => return Err(WebError::Elsewhere("/apply")),
    };
    documents::declaration(&state, &me.account, &app)
        .await
        .map_err(|failure| match failure {
            NotPrinted::Unreadable => WebError::Unreadable,
            NotPrinted::MissingGlyphs => WebError::Elsewhere("/apply/status?pdf=glyphs"),
            NotPrinted::Unavailable => WebError::Elsewhere("/apply/status?pdf=unavailable"),
        })
}

/// The holder's certificate as a PDF; before it is issued, the status page.
async fn certificate_pdf(
    State(state): State<AppState>,
    SignedInPerson(me): SignedInPerson,
) -> Result<Response, WebError> {
    let Some(app) = &me.application else {
        return Err(WebError::Elsewhere("/apply"));
    };
    let Some(issued) = crate::workflow::certificates::of(&state.db, app.id)
        .await
        .map_err(|_| WebError::Unavailable)?
    else {
        return Err(WebError::Elsewhere("/apply/status"));
    };
    documents::certificate(&state, &me.account, &issued)
        .await
        .map_err(|failure| match failure {
            NotPrinted::Unreadable => WebError::Unreadable,
            NotPrinted::MissingGlyphs => WebError::Elsewhere("/apply/status?pdf=glyphs"),
            NotPrinted::Unavailable => WebError::Elsewhere("/apply/status?pdf=unavailable"),
        })
}

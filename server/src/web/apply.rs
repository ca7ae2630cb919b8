//! The applicant's application: draft per section, check your answers, submission. Every page
//! is rendered by the server from the stored draft; every form posts back (post-redirect-get).
//! The server's verdict is the one that counts at submission.

use std::collections::BTreeMap;

use app::form::answers::{Answers, FieldError};
use app::i18n::td_string;
use app::site::fill;
use app::form::feedback::FormFeedback;
use app::form::profile_sections::ProfileSection;
use axum::{
    extract::{Path, State},
    http::{header, request::Parts, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Form, Router,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr,
    TransactionTrait,
};
use shared::{ApplicationStatus, FindingStatus, Outcome};

use super::account::{csrf_ok, csrf_refused, see_other, service_unavailable, unavailable};
use super::{render::render_page, AppState};
use crate::declaration::{Applicant, Declaration, Submitted};
use crate::entity::{account, application, application_event};
use crate::auth::identity_layer::signed_in;
use crate::submission::{self, Submission};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/apply", get(task_list))
        .route("/apply/start", post(start))
        .route("/apply/review", get(review))
        .route("/apply/submit", post(submit))
        .route("/apply/submitted", get(submitted))
        .route("/apply/materials", get(submitted))
        .route("/apply/status", get(submitted))
        .route("/apply/declaration.pdf", get(declaration_pdf))
        .route("/apply/{section}", get(section_page).post(save_section))
}

type Fields = BTreeMap<String, String>;

/// The account's application in this round, read again (after a write that may have raced).
async fn load(state: &AppState, account_id: i32) -> Result<Option<application::Model>, sea_orm::DbErr> {
    application::Entity::find()
        .filter(application::Column::AccountId.eq(account_id))
        .filter(application::Column::RoundId.eq(state.round.id.as_str()))
        .one(&state.db)
        .await
}

fn answers_of(app: &application::Model) -> BTreeMap<String, String> {
    serde_json::from_str(&app.answers_json).unwrap_or_default()
}

/// The facts every application page shows.
fn extra_of(app: Option<&application::Model>, acc: Option<&account::Model>) -> BTreeMap<String, String> {
    let mut extra = BTreeMap::new();
    if let Some(app) = app {
        extra.insert("reference".into(), app.reference.clone());
        extra.insert("status".into(), app.status.clone());
        if let Some(level) = &app.level {
            extra.insert("level".into(), level.clone());
        }
    }
    if let Some(acc) = acc {
        extra.insert("name".into(), acc.real_name.clone());
        extra.insert("id_masked".into(), shared::identity::mask(&acc.id_number));
    }
    extra
}

fn page(parts: &Parts, with_account: bool) -> Result<(Option<application::Model>, FormFeedback), Response> {
    let Some(me) = signed_in(parts) else {
        return Err(see_other("/login", &[]));
    };
    let app = me.application.clone();
    let values = app.as_ref().map(answers_of).unwrap_or_default();
    let extra = extra_of(app.as_ref(), with_account.then_some(&me.account));
    Ok((app, FormFeedback { values, errors: Vec::new(), extra }))
}

async fn task_list(State(state): State<AppState>, parts: Parts) -> Response {
    match page(&parts, true) {
        Ok((_, fb)) => render_page(&state, &parts, fb, StatusCode::OK).await,
        Err(res) => res,
    }
}

async fn section_page(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts) -> Response {
    if ProfileSection::from_slug(&slug).is_none() {
        return render_page(&state, &parts, FormFeedback::default(), StatusCode::NOT_FOUND).await;
    }
    draft_page(&state, &parts).await
}

async fn review(State(state): State<AppState>, parts: Parts) -> Response {
    draft_page(&state, &parts).await
}

/// A page that edits the draft: without one, back to the task list; once submitted, to the
/// confirmation.
async fn draft_page(state: &AppState, parts: &Parts) -> Response {
    match page(parts, false) {
        Ok((None, _)) => see_other("/apply", &[]),
        Ok((Some(app), _)) if app.status != ApplicationStatus::Draft.as_str() => see_other("/apply/submitted", &[]),
        Ok((_, fb)) => render_page(state, parts, fb, StatusCode::OK).await,
        Err(res) => res,
    }
}

async fn submitted(State(state): State<AppState>, parts: Parts) -> Response {
    after_submission(&state, &parts).await
}

/// The pages of a submitted application (confirmation, materials list, status) share their data:
/// the verdict at submission, the timeline, and the paper window with the working days left.
async fn after_submission(state: &AppState, parts: &Parts) -> Response {
    match page(parts, false) {
        Ok((Some(app), mut fb)) if app.status != ApplicationStatus::Draft.as_str() => {
            let today = state.clock.today();
            let window = state.round.paper_window;
            fb.extra.insert("paper_end".into(), window.end.format("%Y-%m-%d").to_string());
            if let Ok(days) = state.round.paper_working_days_left(today) {
                fb.extra.insert("paper_days_left".into(), days.to_string());
            }
            if let Some(v) = &app.verdict_json {
                fb.extra.insert("verdict".into(), v.clone());
            }
            let events = application_event::Entity::find()
                .filter(application_event::Column::ApplicationId.eq(app.id))
                .order_by_asc(application_event::Column::At)
                .all(&state.db)
                .await;
            let events = match events {
                Ok(e) => e,
                Err(e) => return unavailable(e),
            };
            let cst = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
            let rows: Vec<serde_json::Value> = events
                .iter()
                .map(|e| serde_json::json!({ "kind": e.kind, "to_status": e.to_status, "at": e.at.with_timezone(&cst).format("%Y-%m-%d %H:%M").to_string() }))
                .collect();
            fb.extra.insert("events".into(), serde_json::Value::from(rows).to_string());
            render_page(state, parts, fb, StatusCode::OK).await
        }
        Ok(_) => see_other("/apply", &[]),
        Err(res) => res,
    }
}

fn new_reference() -> String {
    let bytes = *uuid::Uuid::new_v4().as_bytes();
    shared::status::reference_from_bytes(bytes[..8].try_into().expect("8 bytes"))
}

async fn start(State(state): State<AppState>, parts: Parts, Form(f): Form<Fields>) -> Response {
    if !csrf_ok(&parts, &f) {
        return csrf_refused();
    }
    let Some(me) = signed_in(&parts) else {
        return see_other("/login", &[]);
    };
    if me.application.is_some() {
        return see_other("/apply", &[]);
    }
    let account_id = me.account.id;
    let now = state.clock.now();
    for _ in 0..3 {
        let row = application::ActiveModel {
            reference: Set(new_reference()),
            account_id: Set(account_id),
            round_id: Set(state.round.id.clone()),
            status: Set(ApplicationStatus::Draft.as_str().into()),
            answers_json: Set("{}".into()),
            version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let result = state
            .db
            .transaction::<_, (), sea_orm::DbErr>(|tx| {
                Box::pin(async move {
                    let app = row.insert(tx).await?;
                    application_event::record(tx, app.id, application_event::Step { kind: "created", from: None, to: ApplicationStatus::Draft, actor: account_id, data: None, at: now }).await
                })
            })
            .await;
        match result {
            Ok(()) => return see_other("/apply", &[]),
            Err(sea_orm::TransactionError::Transaction(e)) | Err(sea_orm::TransactionError::Connection(e)) => {
                if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
                    // Either a second click created it (then it exists) or the reference collided (retry).
                    if let Ok(Some(_)) = load(&state, account_id).await {
                        return see_other("/apply", &[]);
                    }
                    continue;
                }
                return unavailable(e);
            }
        }
    }
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// The signed-in person's draft, or where to send them: sign in, start one, or (once
/// submitted) the confirmation.
fn own_draft(parts: &Parts) -> Result<&application::Model, Response> {
    let Some(me) = signed_in(parts) else {
        return Err(see_other("/login", &[]));
    };
    match &me.application {
        Some(app) if app.status == ApplicationStatus::Draft.as_str() => Ok(app),
        Some(_) => Err(see_other("/apply/submitted", &[])),
        None => Err(see_other("/apply", &[])),
    }
}

async fn save_section(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts, Form(f): Form<Fields>) -> Response {
    if !csrf_ok(&parts, &f) {
        return csrf_refused();
    }
    let Some(section) = ProfileSection::from_slug(&slug) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let app = match own_draft(&parts) {
        Ok(app) => app,
        Err(res) => return res,
    };
    // The section's answers are replaced by what was posted; other sections stay as they were.
    let mut values = answers_of(app);
    values.retain(|k, _| !section.owns(k));
    for (k, v) in &f {
        if section.owns(k) && !v.trim().is_empty() && v.len() <= 200 {
            values.insert(k.clone(), v.trim().to_string());
        }
    }
    let answers = Answers(values.clone());
    let (_, errors) = answers.to_profile(state.round.cutoff_date);
    let errors: Vec<FieldError> = errors.into_iter().filter(|e| section.owns(&e.field)).collect();
    // What was typed is saved even when it has errors: nothing typed is lost.
    let mut row: application::ActiveModel = app.clone().into();
    row.answers_json = Set(serde_json::to_string(&values).unwrap_or_else(|_| "{}".into()));
    row.updated_at = Set(state.clock.now());
    row.version = Set(app.version + 1);
    if let Err(e) = row.update(&state.db).await {
        return unavailable(e);
    }
    // An autosave from the page (JavaScript on): saved; errors wait for "保存并继续".
    if parts.headers.get("x-autosave").is_some() {
        return StatusCode::NO_CONTENT.into_response();
    }
    if !errors.is_empty() {
        let fb = FormFeedback { values, errors, extra: extra_of(Some(app), None) };
        return render_page(&state, &parts, fb, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if f.contains_key("add_education") {
        return see_other("/apply/education?add_education=1", &[]);
    }
    let next = match f.get("then").map(String::as_str) {
        Some("list") => "/apply".to_string(),
        _ => {
            let i = ProfileSection::ALL.iter().position(|s| *s == section).unwrap_or(0);
            match ProfileSection::ALL.get(i + 1) {
                Some(s) => format!("/apply/{}", s.slug()),
                None => "/apply/review".to_string(),
            }
        }
    };
    see_other(&next, &[])
}

async fn submit(State(state): State<AppState>, parts: Parts, Form(f): Form<Fields>) -> Response {
    if !csrf_ok(&parts, &f) {
        return csrf_refused();
    }
    // A second click, or a retried request, lands on the confirmation of the one application.
    let app = match own_draft(&parts) {
        Ok(app) => app,
        Err(res) => return res,
    };
    let values = answers_of(app);
    let answers = Answers(values.clone());
    let (profile, verdict) = answers.evaluate(&state.round);
    let today = state.clock.today();
    let mut errors = Vec::new();
    if !state.round.online_window.contains(today) {
        let w = state.round.online_window;
        errors.push(FieldError::localized("submit", |lang| {
            fill(td_string!(lang, errors.outside_online_window), &[("start", &w.start), ("end", &w.end), ("today", &today)])
        }));
    }
    errors.extend(app::form::profile_sections::personal_missing(&answers));
    if verdict.outcome != Outcome::Eligible {
        for finding in verdict.findings.iter().filter(|f| matches!(f.status, FindingStatus::Fail | FindingStatus::Missing)) {
            let field = finding.field.as_deref().map(app::form::answers::input_for_field).unwrap_or_else(|| "submit".into());
            errors.push(FieldError::new(
                field,
                format!("{}：{}", shared::clause::display_zh(&finding.clause), finding.message),
                format!("{}: {}", shared::clause::display_en(&finding.clause), finding.message_en),
            ));
        }
    }
    if f.get("pledge").map(String::as_str) != Some("yes") && errors.is_empty() {
        errors.push(FieldError::localized("pledge", |lang| td_string!(lang, errors.read_and_tick_the_integrity_pledge)));
    }
    if !errors.is_empty() {
        tracing::info!(application = app.id, outcome = verdict.outcome.as_str(), "submission refused");
        let fb = FormFeedback { values, errors, extra: extra_of(Some(app), None) };
        // The refusal shows the check-your-answers page, where the pledge was given.
        let mut review = parts.clone();
        review.uri = axum::http::Uri::from_static("/apply/review");
        return render_page(&state, &review, fb, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let submission = match Submission::new(app, &profile, &verdict, state.clock.now()) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, application = app.id, "serialising a submission: answered 503");
            return service_unavailable();
        }
    };
    let app_id = app.id;
    let result = submission::record(&state.db, &state.submissions, submission).await;
    match result {
        Ok(true) => {
            tracing::info!(application = app_id, "application submitted");
            see_other("/apply/submitted", &[])
        }
        Ok(false) => see_other("/apply/submitted", &[]),
        Err(e) => unavailable(e),
    }
}

/// 《专业技术资格初定申报表》 of the signed-in applicant's submitted application. Only the owner
/// reaches it: the application is found by the session's account, never by an id in the URL.
async fn declaration_pdf(State(state): State<AppState>, parts: Parts) -> Response {
    let Some(me) = signed_in(&parts) else {
        return see_other("/login", &[]);
    };
    let (acc, app) = match &me.application {
        Some(app) if app.status != ApplicationStatus::Draft.as_str() => (me.account.clone(), app.clone()),
        _ => return see_other("/apply", &[]),
    };
    let answers = answers_of(&app);
    let profile = app.profile_json.as_deref().and_then(|p| shared::parse_profile(p).ok());
    let verdict = app.verdict_json.as_deref().and_then(|v| serde_json::from_str::<shared::Verdict>(v).ok());
    let (Some(profile), Some(verdict), Some(submitted_at)) = (profile, verdict, app.submitted_at) else {
        tracing::error!(reference = %app.reference, "a submitted application without its profile or verdict");
        return see_other("/apply/status?pdf=unavailable", &[]);
    };
    let applicant = Applicant { name: acc.real_name, id_type: acc.id_type, id_number: acc.id_number, mobile: acc.mobile };
    let submitted = Submitted { reference: &app.reference, submitted_at, answers: &answers, profile: &profile, verdict: &verdict };
    let declaration = Declaration::new(&applicant, &submitted, &state.round, &status_url(&parts));
    let typesetter = match state.typesetter.get().await {
        Ok(t) => t,
        Err(_) => return see_other("/apply/status?pdf=unavailable", &[]),
    };
    let pdf = tokio::task::spawn_blocking(move || typesetter.pdf(&declaration)).await;
    match pdf {
        Ok(Ok(bytes)) => {
            let name = format!("专业技术资格初定申报表-{}.pdf", app.reference);
            let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
            let disposition = format!("inline; filename=\"declaration-{}.pdf\"; filename*=UTF-8''{encoded}", app.reference);
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "private, no-store".to_string()),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, reference = %app.reference, "typesetting the 申报表 failed");
            let reason = if matches!(e, crate::declaration::TypesetError::MissingGlyphs(_)) { "glyphs" } else { "unavailable" };
            see_other(&format!("/apply/status?pdf={reason}"), &[])
        }
        Err(e) => {
            tracing::error!(error = %e, "the typesetting task failed");
            see_other("/apply/status?pdf=unavailable", &[])
        }
    }
}

/// The absolute address of the status page for the QR code: the host the applicant used.
fn status_url(parts: &Parts) -> String {
    let host = parts.headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if crate::auth::identity_layer::is_https(&parts.headers) { "https" } else { "http" };
    format!("{scheme}://{host}/apply/status")
}

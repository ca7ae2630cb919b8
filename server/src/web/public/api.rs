//! The JSON API: `POST /api/v1/eligibility`, `GET /api/v1/rounds/current` and saved self-checks.
//! Each handler's `#[utoipa::path]` says what it answers, with the types it answers with;
//! the openapi module gathers them into the API's description.

use crate::web::route_table::Routes;
use axum::{
    body::Bytes,
    extract::{DefaultBodyLimit, Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use shared::{evaluate, parse_profile, ApplicantProfile, DateWindow, Round, Series, Verdict};
use utoipa::ToSchema;

use crate::limits::Limit;
use crate::web::client::Client;
use crate::web::rate_limit;
use crate::web::AppState;

/// A profile is a few KB; anything far larger is a mistake or an attack.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn routes() -> Routes {
    Routes::new()
        .route("/api/v1/eligibility", post(eligibility))
        .route("/api/v1/rounds/current", get(current_round))
        .route("/api/v1/self-checks", post(save_self_check))
        .route("/api/v1/self-checks/{id}", get(load_self_check))
        .wrap(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)))
}

/// Why the API gave no answer: what is wrong with the request, or what is unavailable.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    /// What went wrong, in a sentence.
    pub error: String,
    /// For a refused profile, the path of the field at fault, e.g.
    /// `education[0].graduation_date` (`.` or empty when the document itself is malformed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

fn api_error(status: StatusCode, error: impl Into<String>, field: Option<&str>) -> Response {
    let body = ApiError {
        error: error.into(),
        field: field.map(str::to_string),
    };
    (status, Json(body)).into_response()
}

fn read_profile(body: &Bytes) -> Result<ApplicantProfile, Response> {
    let unprocessable = |field: &str, message: String| {
        api_error(StatusCode::UNPROCESSABLE_ENTITY, message, Some(field))
    };
    let text = std::str::from_utf8(body)
        .map_err(|_| unprocessable("", "the body is not UTF-8 text".into()))?;
    parse_profile(text).map_err(|e| unprocessable(e.field(), e.to_string()))
}

/// The verdict on a profile in the current round (contract v1.1), nothing saved.
#[utoipa::path(
    post,
    path = "/api/v1/eligibility",
    tag = "eligibility",
    request_body(
        content = ApplicantProfile,
        content_type = "application/json",
        description = "The answers so far: absent and `null` mean not answered; unknown fields and codes are refused.",
    ),
    responses(
        (status = 200, description = "The verdict", body = Verdict),
        (status = 413, description = "The body is over 64 KiB", body = String, content_type = "text/plain"),
        (status = 422, description = "The body is not a profile: the field at fault and why", body = ApiError),
        (status = 429, description = "Too many requests from this address; `Retry-After` says how many seconds to wait", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "The limits cannot be checked for a moment", body = ApiError),
    )
)]
async fn eligibility(State(state): State<AppState>, client: Client, body: Bytes) -> Response {
    if let Err(res) = rate_limit::api_by_address(&state, Limit::Eligibility, client).await {
        return res;
    }
    match read_profile(&body) {
        Ok(profile) => Json(evaluate(&profile, &state.round)).into_response(),
        Err(res) => res,
    }
}

/// The round's parameters as the API shows them.
#[derive(Serialize, ToSchema)]
pub struct RoundView {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// The day of the round's notice, when the round file gives it.
    pub notice_date: Option<NaiveDate>,
    /// 资历计算截止: seniority is counted to this date.
    pub cutoff_date: NaiveDate,
    /// The days applications are taken online (inclusive).
    pub online_window: DateWindow,
    /// The days the paper is taken, working days only (inclusive).
    pub paper_window: DateWindow,
    /// The unit's publicity lasts at least this many working days.
    pub publicity_working_days: u32,
    /// Series with national exams: excluded at every level.
    pub exam_series: Vec<Series>,
    /// Series with junior exams: excluded at the technician and assistant levels.
    pub junior_exam_series: Vec<Series>,
    /// Occupational-access series: the access qualification comes first.
    pub access_series: Vec<Series>,
    /// The working days in the paper window (absent from the calendar: `null`).
    pub paper_window_working_days: Option<u32>,
}

impl RoundView {
    pub fn of(round: &Round) -> RoundView {
        RoundView {
            id: round.id.clone(),
            name_zh: round.name_zh.clone(),
            name_en: round.name_en.clone(),
            notice_date: round.notice_date,
            cutoff_date: round.cutoff_date,
            online_window: round.online_window,
            paper_window: round.paper_window,
            publicity_working_days: round.publicity_working_days,
            exam_series: round.exam_series.clone(),
            junior_exam_series: round.junior_exam_series.clone(),
            access_series: round.access_series.clone(),
            paper_window_working_days: round.paper_window_working_days().ok(),
        }
    }
}

/// The current round: its dates, windows and series lists.
#[utoipa::path(
    get,
    path = "/api/v1/rounds/current",
    tag = "eligibility",
    responses((status = 200, description = "The round the server runs", body = RoundView))
)]
async fn current_round(State(state): State<AppState>) -> Response {
    Json(RoundView::of(&state.round)).into_response()
}

/// A self-check just saved: its id (to load it again) and its verdict.
#[derive(Serialize, ToSchema)]
pub struct SavedSelfCheck {
    /// 32 lowercase hexadecimal digits.
    pub id: String,
    pub verdict: Verdict,
}

/// A saved self-check as it was saved.
#[derive(Serialize, ToSchema)]
pub struct SelfCheck {
    pub id: String,
    pub round_id: String,
    /// The profile as it was checked.
    #[schema(value_type = ApplicantProfile)]
    pub profile: serde_json::Value,
    /// The verdict it had then.
    #[schema(value_type = Verdict)]
    pub verdict: serde_json::Value,
    pub created_at: DateTime<FixedOffset>,
}

/// Checks a profile and keeps it with its verdict, to be loaded again by its id.
#[utoipa::path(
    post,
    path = "/api/v1/self-checks",
    tag = "eligibility",
    request_body(content = ApplicantProfile, content_type = "application/json"),
    responses(
        (status = 201, description = "Saved", body = SavedSelfCheck, links(
            ("LoadSelfCheck" = (
                operation_id = "load_self_check",
                parameters(("id" = "$response.body#/id")),
                description = "The self-check just saved",
            ))
        )),
        (status = 413, description = "The body is over 64 KiB", body = String, content_type = "text/plain"),
        (status = 422, description = "The body is not a profile: the field at fault and why", body = ApiError),
        (status = 429, description = "Too many self-checks saved from this address; `Retry-After` says how many seconds to wait", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "The database is unavailable; nothing was saved", body = ApiError),
    )
)]
async fn save_self_check(State(state): State<AppState>, client: Client, body: Bytes) -> Response {
    let profile = match read_profile(&body) {
        Ok(p) => p,
        Err(res) => return res,
    };
    // Counted once the body is a profile: a malformed one stores nothing.
    if let Err(res) = rate_limit::api_by_address(&state, Limit::SelfCheck, client).await {
        return res;
    }
    let verdict = evaluate(&profile, &state.round);
    match crate::self_checks::save(
        &state.db,
        &state.round.id,
        &profile,
        &verdict,
        state.clock.now(),
    )
    .await
    {
        Ok(id) => (StatusCode::CREATED, Json(SavedSelfCheck { id, verdict })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "saving a self-check");
            api_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is unavailable; nothing was saved",
                None,
            )
        }
    }
}

/// A saved self-check.
#[utoipa::path(
    get,
    path = "/api/v1/self-checks/{id}",
    tag = "eligibility",
    params(("id" = String, Path, description = "The id the self-check was saved with")),
    responses(
        (status = 200, description = "The self-check", body = SelfCheck),
        (status = 404, description = "No self-check has this id", body = ApiError),
        (status = 503, description = "The database is unavailable", body = ApiError),
    )
)]
async fn load_self_check(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match crate::self_checks::load(&state.db, &id).await {
        Ok(Some(row)) => Json(SelfCheck {
            profile: serde_json::from_str(&row.profile_json).unwrap_or_default(),
            verdict: serde_json::from_str(&row.verdict_json).unwrap_or_default(),
            id: row.id,
            round_id: row.round_id,
            created_at: row.created_at,
        })
        .into_response(),
        Ok(None) => api_error(StatusCode::NOT_FOUND, "no such self-check", None),
        Err(e) => {
            tracing::error!(error = %e, "loading a self-check");
            api_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is unavailable",
                None,
            )
        }
    }
}

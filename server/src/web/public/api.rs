//! The JSON API: `POST /api/v1/eligibility`, `GET /api/v1/rounds/current`, and saved self-checks.

use crate::web::route_table::Routes;
use axum::{
    body::Bytes,
    extract::{DefaultBodyLimit, Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json,
};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;
use shared::{evaluate, parse_profile, ApplicantProfile, Round};

use crate::entity::self_check;
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

fn unprocessable(field: &str, message: String) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "error": message, "field": field })),
    )
        .into_response()
}

fn read_profile(body: &Bytes) -> Result<ApplicantProfile, Response> {
    let text = std::str::from_utf8(body)
        .map_err(|_| unprocessable("", "the body is not UTF-8 text".into()))?;
    parse_profile(text).map_err(|e| unprocessable(e.field(), e.to_string()))
}

async fn eligibility(State(state): State<AppState>, body: Bytes) -> Response {
    match read_profile(&body) {
        Ok(profile) => Json(evaluate(&profile, &state.round)).into_response(),
        Err(res) => res,
    }
}

async fn current_round(State(state): State<AppState>) -> Response {
    Json(round_json(&state.round)).into_response()
}

/// The round's parameters as the API shows them.
pub fn round_json(round: &Round) -> serde_json::Value {
    json!({
        "id": round.id,
        "name_zh": round.name_zh,
        "name_en": round.name_en,
        "notice_date": round.notice_date,
        "cutoff_date": round.cutoff_date,
        "online_window": round.online_window,
        "paper_window": round.paper_window,
        "publicity_working_days": round.publicity_working_days,
        "exam_series": round.exam_series,
        "junior_exam_series": round.junior_exam_series,
        "access_series": round.access_series,
        "paper_window_working_days": round.paper_window_working_days().ok(),
    })
}

async fn save_self_check(State(state): State<AppState>, body: Bytes) -> Response {
    let profile = match read_profile(&body) {
        Ok(p) => p,
        Err(res) => return res,
    };
    let verdict = evaluate(&profile, &state.round);
    let id = uuid::Uuid::new_v4().simple().to_string();
    let row = self_check::ActiveModel {
        id: Set(id.clone()),
        round_id: Set(state.round.id.clone()),
        profile_json: Set(serde_json::to_string(&profile).unwrap_or_default()),
        verdict_json: Set(serde_json::to_string(&verdict).unwrap_or_default()),
        created_at: Set(state.clock.now()),
    };
    match row.insert(&state.db).await {
        Ok(_) => (
            StatusCode::CREATED,
            Json(json!({ "id": id, "verdict": verdict })),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "saving a self-check");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": "the database is unavailable; nothing was saved" })),
            )
                .into_response()
        }
    }
}

async fn load_self_check(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match self_check::Entity::find_by_id(id).one(&state.db).await {
        Ok(Some(row)) => {
            let profile: serde_json::Value =
                serde_json::from_str(&row.profile_json).unwrap_or_default();
            let verdict: serde_json::Value =
                serde_json::from_str(&row.verdict_json).unwrap_or_default();
            Json(json!({ "id": row.id, "round_id": row.round_id, "profile": profile, "verdict": verdict, "created_at": row.created_at })).into_response()
        }
        Ok(None) => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "no such self-check" })),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "loading a self-check");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "error": "the database is unavailable" })),
            )
                .into_response()
        }
    }
}

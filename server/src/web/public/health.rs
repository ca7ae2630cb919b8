//! `/healthz` (liveness): 200 when the database answers, 503 when it does not. `/readyz`
//! (readiness, for a load balancer): the database answers and the PDF fonts are loaded.

use crate::web::route_table::Routes;
use axum::{extract::State, http::StatusCode, routing::get, Json};
use serde_json::{json, Value};

use crate::web::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.db.ping().await.is_ok();
    // Loads the fonts on the first call, as the first PDF would.
    let fonts = state.typesetter.get().await.is_ok();
    let status = if database && fonts {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    (
        status,
        Json(json!({
            "status": word(database && fonts),
            "database": word(database),
            "fonts": word(fonts),
        })),
    )
}

async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "error", "database": "unreachable" })),
            )
        }
    }
}

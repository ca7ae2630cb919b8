//! The limits at the web's edge: a limited request is checked against `limits` with its client's
//! address, and when over the limit it is answered 429 with `Retry-After`: a page in both
//! languages (or the form again, with the message at its first field), or JSON for the API.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::limits::{now_ms, Limit, Subject, Wait};
use crate::web::client::Client;
use crate::web::error::WebError;
use crate::web::page::Page;
use crate::web::AppState;

/// Counts the request against `limit` for its client's address; over it, a `WebError` that
/// answers 429 (with `form` rendered again, when given).
pub async fn by_address(
    state: &AppState,
    limit: Limit,
    client: Client,
    form: Option<Page>,
) -> Result<(), WebError> {
    match state
        .limiter
        .check(limit, &Subject::Address(client.address), now_ms())
        .await?
    {
        Ok(()) => Ok(()),
        Err(wait) => {
            tracing::warn!(limit = limit.name(), wait = wait.0, "over a limit");
            Err(WebError::TooMany { wait, form })
        }
    }
}

/// The API's 429: `{"error": …}` and `Retry-After`.
pub fn api_too_many(wait: Wait) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, wait.0.to_string())],
        Json(serde_json::json!({
            "error": format!("too many requests: try again in {} seconds", wait.0)
        })),
    )
        .into_response()
}

/// For the API: `Err(response)` when over the limit (or when the database did not answer).
pub async fn api_by_address(
    state: &AppState,
    limit: Limit,
    client: Client,
) -> Result<(), Response> {
    match state
        .limiter
        .check(limit, &Subject::Address(client.address), now_ms())
        .await
    {
        Ok(Ok(())) => Ok(()),
        Ok(Err(wait)) => {
            tracing::warn!(limit = limit.name(), wait = wait.0, "over a limit");
            Err(api_too_many(wait))
        }
        Err(e) => {
            tracing::error!(error = %e, "checking a limit");
            Err((
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"error": "the database is unavailable"})),
            )
                .into_response())
        }
    }
}

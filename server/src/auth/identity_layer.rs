//! Middleware run on every request: finds the signed-in account (and its application in the
//! current round) from the session cookie and makes sure the browser holds a CSRF token, then
//! hands them to pages as a `RequestIdentity` extension and to handlers as an `Arc<SignedIn>`.

use std::sync::Arc;

use app::site::RequestIdentity;
use axum::{
    extract::{Request, State},
    http::{header, request::Parts, HeaderMap, HeaderValue},
    middleware::Next,
    response::Response,
};

use super::session::{self, SignedIn};
use super::{cookie, random_token, CSRF_COOKIE, SESSION_COOKIE};
use crate::web::AppState;

/// The session id of the request, for handlers that end or rotate it.
#[derive(Clone, Debug)]
pub struct SessionId(pub String);

/// The signed-in person of a request, with their application in this round, as this layer read
/// them at the request's start.
pub fn signed_in(parts: &Parts) -> Option<&SignedIn> {
    parts.extensions.get::<Arc<SignedIn>>().map(|s| &**s)
}

/// Behind a TLS-terminating proxy the cookies get `Secure`.
pub fn is_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

fn looks_like_token(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn csrf_cookie(token: &str, secure: bool) -> String {
    format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{}", if secure { "; Secure" } else { "" })
}

pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/healthz" || path.starts_with("/api/v1/") || path == "/favicon.svg" {
        return next.run(req).await;
    }
    let headers = req.headers();
    let existing = cookie(headers, CSRF_COOKIE).filter(|t| looks_like_token(t)).map(str::to_string);
    let csrf = existing.clone().unwrap_or_else(random_token);
    let session_id = cookie(headers, SESSION_COOKIE).map(str::to_string);
    let signed_in = match &session_id {
        Some(id) => session::signed_in(&state.db, id, &state.round.id).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "looking up a session");
            None
        }),
        None => None,
    };
    let secure = is_https(headers);
    let account = signed_in.as_ref().map(|s| (s.account.id, s.account.real_name.clone()));
    if let (Some(id), Some(signed_in)) = (session_id, signed_in) {
        req.extensions_mut().insert(SessionId(id));
        // Behind an Arc: rendering a page copies the request's extensions.
        req.extensions_mut().insert(Arc::new(signed_in));
    }
    req.extensions_mut().insert(RequestIdentity { csrf: csrf.clone(), account });
    let mut res = next.run(req).await;
    if existing.is_none() {
        if let Ok(v) = HeaderValue::from_str(&csrf_cookie(&csrf, secure)) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

//! Who is asking, on every page request: the signed-in account (and its application in this
//! round) from the session cookie, the CSRF token the browser holds (given one if it has none),
//! and the language cookie. Pages get them as a `RequestIdentity`; handlers, through the
//! extractors of `extract`, as an `Arc<SignedIn>`. The cookies themselves are written here.

use std::sync::Arc;

use app::site::{Lang, RequestIdentity, TextSize};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use super::AppState;
use crate::auth::session::{self, SESSION_HOURS};
use crate::auth::{looks_like_token, random_token};

pub const SESSION_COOKIE: &str = "chuding_session";
pub const CSRF_COOKIE: &str = "chuding_csrf";
pub const LANG_COOKIE: &str = "lang";
pub const TEXT_COOKIE: &str = "text";

/// The session id of the request, for handlers that end or rotate it.
#[derive(Clone, Debug)]
pub struct SessionId(pub String);

fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

pub fn csrf_cookie(token: String, secure: bool) -> Cookie<'static> {
    cookie(CSRF_COOKIE, token, secure)
}

pub fn session_cookie(id: String, secure: bool) -> Cookie<'static> {
    let mut c = cookie(SESSION_COOKIE, id, secure);
    c.set_max_age(cookie::time::Duration::hours(SESSION_HOURS));
    c
}

pub fn clearing_session_cookie(secure: bool) -> Cookie<'static> {
    let mut c = cookie(SESSION_COOKIE, String::new(), secure);
    c.set_max_age(cookie::time::Duration::ZERO);
    c
}

pub fn lang_cookie(lang: Lang) -> Cookie<'static> {
    Cookie::build((LANG_COOKIE, lang.tag()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(SameSite::Lax)
        .build()
}

pub fn text_cookie(text: TextSize) -> Cookie<'static> {
    Cookie::build((TEXT_COOKIE, text.tag()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(SameSite::Lax)
        .build()
}

/// Requests that are not pages (assets, the health check, the JSON API) skip the lookup.
fn is_page_request(path: &str) -> bool {
    !(path.starts_with("/pkg/")
        || path == "/healthz"
        || path == "/readyz"
        || path.starts_with("/api/v1/")
        || path == "/favicon.svg")
}

pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !is_page_request(req.uri().path()) {
        return next.run(req).await;
    }
    let jar = CookieJar::from_headers(req.headers());
    let existing = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value())
        .filter(|t| looks_like_token(t))
        .map(str::to_string);
    let csrf = existing.clone().unwrap_or_else(random_token);
    let session_id = jar.get(SESSION_COOKIE).map(|c| c.value().to_string());
    let lang = jar.get(LANG_COOKIE).and_then(|c| Lang::from_tag(c.value()));
    let text = jar
        .get(TEXT_COOKIE)
        .and_then(|c| TextSize::from_tag(c.value()))
        .unwrap_or_default();
    let signed_in = match &session_id {
        Some(id) => session::signed_in(&state.db, id, &state.round.id, state.clock.now())
            .await
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "looking up a session");
                None
            }),
        None => None,
    };
    // Behind a trusted TLS-terminating proxy the cookies get `Secure`.
    let secure = req
        .extensions()
        .get::<super::client::Client>()
        .is_some_and(|c| c.https);
    // What a signed-in person sees is theirs alone (a TOTP secret, recovery codes, their
    // application), as is an invitation's page: never kept by the browser or a cache.
    let private = signed_in.is_some() || req.uri().path().starts_with("/invite/");
    let account = signed_in
        .as_ref()
        .map(|s| (s.account.id, s.account.real_name.clone()));
    if let (Some(id), Some(signed_in)) = (session_id, signed_in) {
        if let Err(e) = state
            .sessions
            .touch(&state.db, &id, state.clock.now())
            .await
        {
            tracing::error!(error = %e, "moving a session's idle deadline on");
        }
        req.extensions_mut().insert(SessionId(id));
        // Behind an Arc: the page renderer copies what it needs of the request.
        req.extensions_mut().insert(Arc::new(signed_in));
    }
    // A page's scripts run only from the site or with this page's nonce (uuid v4: 122 random bits).
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    req.extensions_mut().insert(RequestIdentity {
        csrf: csrf.clone(),
        account,
        lang,
        text,
        nonce: nonce.clone(),
    });
    let mut res = next.run(req).await;
    let stored = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.contains("no-store"));
    if private && (stored || !res.headers().contains_key(header::CACHE_CONTROL)) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Ok(v) = HeaderValue::from_str(&super::security_headers::page_policy(&nonce)) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    if existing.is_none() {
        if let Ok(v) = HeaderValue::from_str(&csrf_cookie(csrf, secure).to_string()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

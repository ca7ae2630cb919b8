//! `/lang/{zh|en}?back=/path`: remembers the language in a cookie and goes back, without JavaScript.

use axum::{
    extract::{Path, Query},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use serde::Deserialize;

use super::AppState;
use app::site::Lang;

pub fn routes() -> Router<AppState> {
    Router::new().route("/lang/{tag}", get(switch))
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Only a path on this site: never an open redirect.
fn safe_back(back: Option<String>) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') => b,
        _ => "/".to_string(),
    }
}

async fn switch(Path(tag): Path<String>, Query(q): Query<Back>) -> Response {
    let Some(lang) = Lang::from_tag(&tag) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.tag());
    let location = safe_back(q.back);
    let mut res = StatusCode::SEE_OTHER.into_response();
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, v);
    }
    headers.insert(header::LOCATION, HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/")));
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn back_stays_on_the_site() {
        assert_eq!(super::safe_back(Some("/check?a=1".into())), "/check?a=1");
        assert_eq!(super::safe_back(Some("//evil.example".into())), "/");
        assert_eq!(super::safe_back(Some("https://evil.example".into())), "/");
        assert_eq!(super::safe_back(None), "/");
    }
}

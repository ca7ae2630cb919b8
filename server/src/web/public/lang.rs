//! `/lang/{zh|en}?back=/path`: remembers the language in a cookie and goes back, without JavaScript.

use crate::web::route_table::Routes;
use app::site::Lang;
use axum::{
    extract::{Path, Query},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::web::error::WebError;
use crate::web::identity::lang_cookie;

pub fn routes() -> Routes {
    Routes::new().route("/lang/{tag}", get(switch))
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

async fn switch(Path(tag): Path<String>, Query(q): Query<Back>, jar: CookieJar) -> Response {
    let Some(lang) = Lang::from_tag(&tag) else {
        return WebError::NotFound.into_response();
    };
    (jar.add(lang_cookie(lang)), Redirect::to(&safe_back(q.back))).into_response()
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

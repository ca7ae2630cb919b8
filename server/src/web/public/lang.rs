//! The visitor's reading preferences, each remembered in a cookie and switched by a link that goes
//! back, without JavaScript: `/lang/{zh|en}?back=/path` the language, `/text/{standard|large}`
//! 长辈模式 (`app::site::TextSize`).

use crate::web::route_table::Routes;
use app::site::{Lang, TextSize};
use axum::{
    extract::{Path, Query},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::web::error::WebError;
use crate::web::identity::{lang_cookie, text_cookie};

pub fn routes() -> Routes {
    Routes::new()
        .route("/lang/{tag}", get(switch))
        .route("/text/{size}", get(text_size))
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Only a path on this site: never an open redirect. Browsers drop tabs and newlines from an
/// address and read `\\` as `/`, so `/\t/evil.example` would be `//evil.example`: a path with
/// any control character, whitespace or backslash, or that a browser could read as starting with
/// `//`, goes home instead (and can never make an invalid `Location` header). Other whitespace
/// (a search for a name with a space) is kept, percent-encoded.
fn safe_back(back: Option<String>) -> String {
    match back {
        Some(b)
            if b.starts_with('/')
                && !b.chars().any(|c| c.is_control() || c == '\\')
                && !b.starts_with("//")
                && b.len() <= 2048 =>
        {
            b.chars()
                .map(|c| {
                    if c.is_whitespace() {
                        let mut buf = [0u8; 4];
                        c.encode_utf8(&mut buf)
                            .bytes()
                            .map(|b| format!("%{b:02X}"))
                            .collect()
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        }
        _ => "/".to_string(),
    }
}

async fn switch(Path(tag): Path<String>, Query(q): Query<Back>, jar: CookieJar) -> Response {
    let Some(lang) = Lang::from_tag(&tag) else {
        return WebError::NotFound.into_response();
    };
    (jar.add(lang_cookie(lang)), Redirect::to(&safe_back(q.back))).into_response()
}

async fn text_size(Path(size): Path<String>, Query(q): Query<Back>, jar: CookieJar) -> Response {
    let Some(text) = TextSize::from_tag(&size) else {
        return WebError::NotFound.into_response();
    };
    (jar.add(text_cookie(text)), Redirect::to(&safe_back(q.back))).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn back_stays_on_the_site() {
        assert_eq!(super::safe_back(Some("/check?a=1".into())), "/check?a=1");
        assert_eq!(super::safe_back(Some("//evil.example".into())), "/");
        assert_eq!(super::safe_back(Some("https://evil.example".into())), "/");
        assert_eq!(super::safe_back(None), "/");
        assert_eq!(
            super::safe_back(Some("/staff/1/round?search=王 明".into())),
            "/staff/1/round?search=王%20明"
        );
        assert_eq!(
            super::safe_back(Some("/ /other.host".into())),
            "/%20/other.host"
        );
        for hostile in [
            "/\t/other.host/",
            "/\n/other.host",
            "/\\/other.host",
            "/\r\nSet-Cookie: x=1",
            "/\u{0}",
        ] {
            assert_eq!(super::safe_back(Some(hostile.into())), "/", "{hostile:?}");
        }
    }
}

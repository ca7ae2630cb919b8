//! The site's own files as the browser gets them. cargo-leptos names the stylesheet, script and
//! WebAssembly after their content (`hash-files`) and writes brotli and gzip copies beside them
//! (`--precompress`): `/pkg/*` is served from those copies by `Accept-Encoding` and, since a
//! changed file gets a new name, cached for a year. Pages and JSON are compressed as they go out
//! (not PDFs, images or spreadsheets, which are compressed already) and revalidated every time.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use super::AppState;

/// cargo-leptos's list of the hashed names (`css: …`, `js: …`, `wasm: …`); the build copies it
/// from beside the binary into the site root, so the names travel with the files they name.
pub const HASH_FILE: &str = "hash.txt";

/// What a hashed file may be cached for: it never changes under its name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// What everything else gets: keep it, but ask (Last-Modified / If-Modified-Since) before use.
const REVALIDATE: &str = "no-cache";

/// The site's hash file, as an absolute path (Leptos joins it to the binary's directory, which an
/// absolute path replaces), when the site was built with hashed names.
pub fn hash_file(site_root: &Path) -> Option<PathBuf> {
    let file = std::path::absolute(site_root.join(HASH_FILE)).ok()?;
    file.is_file().then_some(file)
}

/// The stylesheet's address, as the pages link it.
pub fn stylesheet_href(site_root: &Path, output_name: &str) -> String {
    let hash = hash_file(site_root)
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|text| {
            text.lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(kind, _)| kind.trim() == "css")
                .map(|(_, hash)| hash.trim().to_string())
        });
    match hash {
        Some(hash) => format!("/pkg/{output_name}.{hash}.css"),
        None => format!("/pkg/{output_name}.css"),
    }
}

static STYLESHEET: OnceLock<String> = OnceLock::new();

/// Remembers the stylesheet's address for the pages written without Leptos (the error pages).
pub fn remember_stylesheet(href: String) {
    let _ = STYLESHEET.set(href);
}

pub fn stylesheet() -> &'static str {
    STYLESHEET
        .get()
        .map(String::as_str)
        .unwrap_or("/pkg/chuding.css")
}

/// `/pkg/*`: the precompressed copies when asked for, cached for a year when the names are hashed.
pub fn routes(site_root: &Path, hashed: bool) -> Router<AppState> {
    let files = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let caching = if hashed { IMMUTABLE } else { REVALIDATE };
    Router::new().nest_service(
        "/pkg",
        ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static(caching),
            ))
            .layer(SetResponseHeaderLayer::appending(
                header::VARY,
                HeaderValue::from_static("accept-encoding"),
            ))
            .service(files),
    )
}

/// Compression of what is made per request: brotli or gzip as the browser asks, never for the
/// formats that are compressed inside already.
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(
        DefaultPredicate::new()
            .and(NotForContentType::const_new("application/pdf"))
            .and(NotForContentType::const_new("application/zip"))
            .and(NotForContentType::const_new(
                "application/vnd.openxmlformats-officedocument",
            ))
            .and(NotForContentType::const_new("application/wasm")),
    )
}

/// Pages are asked for again each time (`no-cache`) unless their handler said otherwise
/// (`no-store` for personal data): the HTML names the hashed files, so it must not be stale.
pub async fn revalidate_pages(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if is_html && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_is_named_by_the_hash_file_when_there_is_one() {
        let dir = std::env::temp_dir().join(format!("chuding-assets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(stylesheet_href(&dir, "chuding"), "/pkg/chuding.css");
        std::fs::write(dir.join(HASH_FILE), "js: aaa\nwasm: bbb\ncss: Ccc-9_x\n").unwrap();
        assert_eq!(stylesheet_href(&dir, "chuding"), "/pkg/chuding.Ccc-9_x.css");
        assert!(hash_file(&dir).unwrap().is_absolute());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

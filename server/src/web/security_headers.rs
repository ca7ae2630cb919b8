//! Headers every response carries: no MIME sniffing, no referrer outside the site, never framed
//! (clickjacking), and HSTS when the request came over HTTPS (`X-Forwarded-Proto: https` from
//! the proxy that ends TLS).
//! A handler's own value wins: pages get a Content-Security-Policy with their nonce from the
//! identity layer (`page_policy`); everything else, one that allows nothing to run.

use axum::{extract::Request, http::HeaderValue, middleware::Next, response::Response};

const ALWAYS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    (
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
];

/// A page's policy: scripts from the site, or inline with the page's nonce (the hydration
/// loader), WebAssembly compiled from the site's bundle; styles and images from the site (the
/// QR codes are data: images); forms post to the site; never framed, no plugins, no <base>.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn harden(req: Request, next: Next) -> Response {
    // Only a trusted proxy's word counts (`client`).
    let https = req
        .extensions()
        .get::<super::client::Client>()
        .is_some_and(|c| c.https);
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    for (name, value) in ALWAYS {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if https && !headers.contains_key("strict-transport-security") {
        headers.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

//! Who is asking: passwords (argon2id), server-side sessions in the database, CSRF tokens, and
//! login throttling. Passwords and full ID numbers never reach the logs.

pub mod identity_layer;
pub mod password;
pub mod session;
pub mod throttle;

pub const SESSION_COOKIE: &str = "chuding_session";
pub const CSRF_COOKIE: &str = "chuding_csrf";

/// 256 random bits as 64 hex characters.
pub fn random_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

/// The value of a cookie in a request's Cookie header.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// Compares secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

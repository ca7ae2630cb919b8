//! Who is asking: passwords (argon2id), server-side sessions in the database, and sign-in
//! throttling. No HTTP here: the web layer reads cookies and calls these. Passwords and full ID
//! numbers never reach the logs.

pub mod accounts;
pub mod invitation;
pub mod password;
pub mod second_factor;
pub mod session;
pub mod throttle;

/// 256 random bits as 64 hex characters (session ids, CSRF tokens).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    hex::encode(bytes)
}

/// Whether `t` looks like a token `random_token` made.
pub fn looks_like_token(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

//! Password hashing with argon2id (the crate's default parameters) and the password policy.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to verify against when the account does not exist, so both cases take as long.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy-password-1").unwrap_or_default())
}

/// At least 8 characters with letters and digits; at most 128.
pub fn policy_error(password: &str) -> Option<(&'static str, &'static str)> {
    let n = password.chars().count();
    if n < 8
        || n > 128
        || !password.chars().any(|c| c.is_alphabetic())
        || !password.chars().any(|c| c.is_ascii_digit())
    {
        return Some((
            "密码至少8位，须同时包含字母和数字",
            "The password needs at least 8 characters, with both letters and digits",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("abc12345").unwrap();
        let b = hash("abc12345").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify("abc12345", &a));
        assert!(!verify("abc12346", &a));
        assert!(!verify("abc12345", "not a hash"));
    }

    #[test]
    fn policy() {
        assert!(policy_error("abc12345").is_none());
        assert!(policy_error("abcdefgh").is_some());
        assert!(policy_error("12345678").is_some());
        assert!(policy_error("ab1").is_some());
    }
}

//! Password hashing with argon2id (the crate's default parameters) and the password policy.
//! Hashing takes ~30 ms of one core: the async versions run it on the blocking pool, a few at a
//! time (`HASHING`), so a wave of sign-ins or registrations never stalls the other requests.

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

/// How many hashes run at once: one per core.
fn hashing() -> &'static tokio::sync::Semaphore {
    static HASHING: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    HASHING.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

/// `hash`, off the async workers.
pub async fn hash_async(password: &str) -> anyhow::Result<String> {
    let _turn = hashing().acquire().await?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

/// `verify`, off the async workers.
pub async fn verify_async(password: &str, stored: &str) -> bool {
    let Ok(_turn) = hashing().acquire().await else {
        return false;
    };
    let (password, stored) = (password.to_string(), stored.to_string());
    tokio::task::spawn_blocking(move || verify(&password, &stored))
        .await
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so both cases take as long.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy-password-1").unwrap_or_default())
}

/// At least 8 characters (at most 128) and hard to guess: zxcvbn (Dropbox's estimator, kept as
/// the `zxcvbn` crate) must score it 3 or more, i.e. over 10^8 guesses, with the person's
/// own name, ID number and mobile counted as words an attacker tries first. No composition rule
/// (NIST SP 800-63B): `password1` and `Abc12345` fail, a few unrelated words pass.
pub fn policy_error(password: &str, personal: &[&str]) -> Option<(&'static str, &'static str)> {
    let n = password.chars().count();
    if !(8..=128).contains(&n) {
        return Some((
            "密码至少 8 位，最多 128 位",
            "The password needs 8 to 128 characters",
        ));
    }
    let personal: Vec<&str> = personal
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if (zxcvbn::zxcvbn(password, &personal).score() as u8) < 3 {
        return Some((
            "这个密码太容易被猜到：请换一个更长、不常见的密码，例如几个不相关的词或一句话的拼音；不要用姓名、证件号码、生日、手机号或常见密码",
            "This password is too easy to guess: choose a longer, uncommon one, such as a few unrelated words or a short sentence; not your name, ID number, birthday, mobile or a common password",
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
        for weak in [
            "password1",
            "abc12345",
            "12345678",
            "qwertyuiop",
            "demo1234",
            "ab1",
        ] {
            assert!(policy_error(weak, &[]).is_some(), "{weak}");
        }
        for strong in [
            "correct horse battery",
            "lianyungang-haizhou-9271",
            "Tq7#mZ2v!pL",
        ] {
            assert!(policy_error(strong, &[]).is_none(), "{strong}");
        }
        // The person's own ID number is guessed first.
        assert!(policy_error("320706199001010011", &["320706199001010011"]).is_some());
        assert!(policy_error(&"x".repeat(129), &[]).is_some());
    }
}

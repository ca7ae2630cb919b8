//! The server's own secret, kept in the database so every process on it uses the same one: it
//! keys the rows of the limits and of the addresses accounts signed in from (an HMAC, so neither
//! table holds an address or an ID number, and neither can be reversed by trying every plausible
//! ID number without the secret). Made once, by whichever process asks first.

use hmac::{Hmac, Mac};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};
use sha2::Sha256;

/// Keys short texts (an address, an ID number) into opaque, stable row keys.
#[derive(Clone)]
pub struct Keyed([u8; 32]);

impl std::fmt::Debug for Keyed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyed(…)")
    }
}

impl Keyed {
    pub fn new(secret: [u8; 32]) -> Keyed {
        Keyed(secret)
    }

    /// HMAC-SHA256 of `scope` and `text`, its first 16 bytes as 32 hex digits.
    pub fn key(&self, scope: &str, text: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(scope.as_bytes());
        mac.update(b"\0");
        mac.update(text.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

/// The secret named `name`, made (256 random bits) if the database has none yet. Two processes
/// starting together both insert; the first wins and both read it back.
pub async fn get_or_create(db: &DatabaseConnection, name: &str) -> Result<Keyed, DbErr> {
    let backend = db.get_database_backend();
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh).map_err(|e| DbErr::Custom(format!("no randomness: {e}")))?;
    let insert = match backend {
        sea_orm::DbBackend::Postgres => {
            "INSERT INTO server_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING"
        }
        _ => "INSERT INTO server_secret (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
    };
    db.execute(Statement::from_sql_and_values(
        backend,
        insert,
        [name.into(), hex::encode(fresh).into()],
    ))
    .await?;
    let select = match backend {
        sea_orm::DbBackend::Postgres => "SELECT value FROM server_secret WHERE name = $1",
        _ => "SELECT value FROM server_secret WHERE name = ?",
    };
    let row = db
        .query_one(Statement::from_sql_and_values(
            backend,
            select,
            [name.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom(format!("the secret {name} was not kept")))?;
    let value: String = row.try_get("", "value")?;
    let bytes: [u8; 32] = hex::decode(value.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| DbErr::Custom(format!("the secret {name} is not 64 hex digits")))?;
    Ok(Keyed(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_depend_on_the_secret_scope_and_text() {
        let a = super::Keyed::new([1; 32]);
        let b = super::Keyed::new([2; 32]);
        assert_eq!(a.key("x", "1.2.3.4"), a.key("x", "1.2.3.4"));
        assert_ne!(a.key("x", "1.2.3.4"), b.key("x", "1.2.3.4"));
        assert_ne!(a.key("x", "1.2.3.4"), a.key("y", "1.2.3.4"));
        assert_eq!(a.key("x", "1").len(), 32);
    }
}

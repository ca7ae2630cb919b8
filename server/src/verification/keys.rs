//! The seal key: a 32-byte Ed25519 seed in a file given by `--seal-key` or `CHUDING_SEAL_KEY`,
//! made by `chuding keygen` and never kept in the repository. Every key a process signs with is
//! recorded in the database, so all of them stay published after a rotation (a new file) and
//! every process publishes the same keys.

use std::path::Path;

use anyhow::{bail, Context};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, FixedOffset};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::certificate::CertificateNumber;
use shared::seal::{self, Keyring, RevocationList, SealKey, SealedCertificate, Validity};

use crate::entity::{certificate, seal_key};

const HEADER: &str =
    "# chuding seal key: an Ed25519 seed (base64url). Keep it secret; never commit it.";

/// Writes a new key to `path` (refusing to overwrite one), readable by its owner only.
pub fn generate(path: &Path) -> anyhow::Result<SealKey> {
    if path.exists() {
        bail!(
            "{} exists: a seal key is never overwritten (move it away to rotate)",
            path.display()
        );
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let key = SealKey::from_seed(&seed);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let text = format!(
        "{HEADER}\n# kid {}\n{}\n",
        key.id(),
        URL_SAFE_NO_PAD.encode(seed)
    );
    write_private(path, &text).with_context(|| format!("writing {}", path.display()))?;
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?
        .write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Reads a key file written by `generate`.
pub fn read(path: &Path) -> anyhow::Result<SealKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the seal key {}", path.display()))?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .with_context(|| format!("{} holds no key", path.display()))?;
    let seed: [u8; 32] = URL_SAFE_NO_PAD
        .decode(line)
        .ok()
        .and_then(|b| b.try_into().ok())
        .with_context(|| {
            format!(
                "{}: the key is not 32 bytes of base64url (make one with `chuding keygen`)",
                path.display()
            )
        })?;
    Ok(SealKey::from_seed(&seed))
}

/// The process's seal key, if it was given one.
#[derive(Clone, Default)]
pub struct Sealing {
    key: Option<SealKey>,
}

impl Sealing {
    pub fn new(key: Option<SealKey>) -> Sealing {
        Sealing { key }
    }

    pub fn key(&self) -> Option<&SealKey> {
        self.key.as_ref()
    }

    /// Records the key as published (once; the first use is kept).
    pub async fn register(
        &self,
        db: &DatabaseConnection,
        now: DateTime<FixedOffset>,
    ) -> Result<(), DbErr> {
        let Some(key) = &self.key else { return Ok(()) };
        seal_key::Entity::insert(seal_key::ActiveModel {
            kid: Set(key.id().to_string()),
            public_key: Set(key.public().to_text()),
            first_used: Set(now),
        })
        .on_conflict(
            OnConflict::column(seal_key::Column::Kid)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        Ok(())
    }

    /// Every key that has signed, the current one marked.
    pub async fn keyring(&self, db: &DatabaseConnection) -> Result<Keyring, DbErr> {
        let rows = seal_key::Entity::find()
            .order_by_asc(seal_key::Column::FirstUsed)
            .all(db)
            .await?;
        let mut ring = Keyring::default();
        for row in rows {
            match seal::PublicKey::parse(&row.public_key) {
                Ok(k) if k.id.to_string() == row.kid => ring = ring.with(&k, false),
                _ => tracing::error!(kid = %row.kid, "a published seal key cannot be read"),
            }
        }
        if let Some(key) = &self.key {
            ring = ring.with(&key.public(), true);
        }
        Ok(ring)
    }

    /// The signed payload of `issued`'s QR code, or `None` without a key.
    pub fn seal(&self, issued: &certificate::Model, name: &str) -> Option<String> {
        let key = self.key.as_ref()?;
        sealed(issued, name).map(|c| c.seal(key))
    }

    /// The revoked numbers as of `now`, signed; `None` without a key.
    pub async fn revocation_list(
        &self,
        db: &DatabaseConnection,
        now: DateTime<FixedOffset>,
    ) -> Result<Option<RevocationList>, DbErr> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        let revoked: Vec<String> = certificate::Entity::find()
            .filter(certificate::Column::RevokedAt.is_not_null())
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.number)
            .collect();
        Ok(Some(RevocationList::sign(now.to_rfc3339(), revoked, key)))
    }
}

/// What `issued`'s seal says (layout 2: nothing of the ID number).
pub fn sealed(issued: &certificate::Model, name: &str) -> Option<SealedCertificate> {
    let number = CertificateNumber::parse(&issued.number).ok()?;
    Some(SealedCertificate {
        number,
        name: name.trim().to_string(),
        series: shared::Series::from_code(&issued.series)?,
        level: issued.level_of()?,
        issued: issued
            .issued_at
            .with_timezone(&crate::clock::china())
            .date_naive(),
        validity: Validity::Permanent,
        legacy_id_digest: None,
    })
}

//! The certificate's seal: what its QR code carries, signed with the center's Ed25519 key, so a
//! printed certificate can be checked without the server (the verify page runs this module in the
//! browser; `chuding verify` runs it on the command line). The keys are published with their ids
//! (`Keyring`, in the JSON of `/.well-known/chuding-keys.json`); a key that has signed stays
//! published after the next one takes over, so what it signed stays valid.
//!
//! The payload is binary, then base64url: about 150 characters, which with the verify page's
//! address fits a QR code of version 11 at error correction level Q.
//!
//! Layout 2 (the one signed now) carries nothing from which the holder's ID number could be
//! worked out: layout 1 carried a salted but unkeyed digest of it, and an ID number has so few
//! plausible values (a district, a birth date, a serial, a check digit) that trying them all
//! recovers it in seconds. Whether a certificate belongs to an ID number is asked of the server
//! (the public check, by the number's last six characters), which limits the asking. Seals of
//! layout 1 already printed still open.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{Days, NaiveDate};
use core::fmt;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::certificate::CertificateNumber;
use crate::{Level, Series};

/// The first byte of every seal: its layout. 2 is signed now; 1 (with the ID digest) still opens.
const LAYOUT: u8 = 2;
const LAYOUT_WITH_ID_DIGEST: u8 = 1;
/// Signed before the payload, so a signature over a seal is never one over anything else.
const SEAL_CONTEXT: &[u8] = b"chuding certificate seal\0";
const LIST_CONTEXT: &[u8] = b"chuding revocation list\0";
/// Dates are days since this one (two bytes reach 2179).
const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!(),
};

/// What is signed: the context, then the message.
fn in_context(context: &[u8], message: &[u8]) -> Vec<u8> {
    [context, message].concat()
}

/// A key's id: the first 8 bytes of the SHA-256 of its public key, shown as 16 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    pub fn of(public: &VerifyingKey) -> KeyId {
        let d = Sha256::digest(public.as_bytes());
        let mut id = [0; 8];
        id.copy_from_slice(&d[..8]);
        KeyId(id)
    }

    pub fn parse(text: &str) -> Option<KeyId> {
        let t = text.trim().as_bytes();
        if t.len() != 16 {
            return None;
        }
        let mut id = [0; 8];
        for (i, pair) in t.chunks(2).enumerate() {
            let hex = core::str::from_utf8(pair).ok()?;
            id[i] = u8::from_str_radix(hex, 16).ok()?;
        }
        Some(KeyId(id))
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// The center's signing key (its 32-byte seed comes from `chuding keygen`).
#[derive(Clone)]
pub struct SealKey {
    key: SigningKey,
    id: KeyId,
}

impl SealKey {
    pub fn from_seed(seed: &[u8; 32]) -> SealKey {
        let key = SigningKey::from_bytes(seed);
        let id = KeyId::of(&key.verifying_key());
        SealKey { key, id }
    }

    pub fn id(&self) -> KeyId {
        self.id
    }

    pub fn public(&self) -> PublicKey {
        PublicKey {
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    fn sign(&self, context: &[u8], message: &[u8]) -> Signature {
        self.key.sign(&in_context(context, message))
    }
}

/// A published public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    pub id: KeyId,
    key: VerifyingKey,
}

impl PublicKey {
    /// From its base64url text (32 bytes), as published.
    pub fn parse(text: &str) -> Result<PublicKey, SealError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|_| SealError::BadKey)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| SealError::BadKey)?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| SealError::BadKey)?;
        Ok(PublicKey {
            id: KeyId::of(&key),
            key,
        })
    }

    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key.as_bytes())
    }

    fn verify(&self, context: &[u8], message: &[u8], signature: &[u8]) -> Result<(), SealError> {
        let signature = Signature::from_slice(signature).map_err(|_| SealError::BadSignature)?;
        self.key
            .verify_strict(&in_context(context, message), &signature)
            .map_err(|_| SealError::BadSignature)
    }
}

/// One key as `/.well-known/chuding-keys.json` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedKey {
    pub kid: String,
    /// Always `Ed25519`.
    pub alg: String,
    /// The public key, base64url.
    pub x: String,
    /// `true` for the key that signs now; the others signed before and still verify what they did.
    #[serde(default)]
    pub current: bool,
}

/// The keys a seal may be signed with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Keyring {
    pub keys: Vec<PublishedKey>,
}

impl Keyring {
    /// Reads `/.well-known/chuding-keys.json`; every key's id must match its key.
    pub fn parse(json: &str) -> Result<Keyring, SealError> {
        let ring: Keyring = serde_json::from_str(json).map_err(|_| SealError::BadKey)?;
        for k in &ring.keys {
            let key = PublicKey::parse(&k.x)?;
            if key.id.to_string() != k.kid || k.alg != "Ed25519" {
                return Err(SealError::BadKey);
            }
        }
        Ok(ring)
    }

    pub fn with(mut self, key: &PublicKey, current: bool) -> Keyring {
        let kid = key.id.to_string();
        if let Some(k) = self.keys.iter_mut().find(|k| k.kid == kid) {
            k.current |= current;
        } else {
            self.keys.push(PublishedKey {
                kid,
                alg: "Ed25519".into(),
                x: key.to_text(),
                current,
            });
        }
        self
    }

    pub fn find(&self, id: KeyId) -> Option<PublicKey> {
        let kid = id.to_string();
        self.keys
            .iter()
            .find(|k| k.kid == kid)
            .and_then(|k| PublicKey::parse(&k.x).ok())
            .filter(|k| k.id == id)
    }
}

/// How long a certificate holds. The notice's qualifications do not expire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Validity {
    /// 长期有效: no end date (revocation aside).
    Permanent,
    Until(NaiveDate),
}

/// What a certificate's QR code says: enough to compare with the paper and the person, and
/// nothing from which the ID number could be derived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedCertificate {
    pub number: CertificateNumber,
    pub name: String,
    pub series: Series,
    pub level: Level,
    pub issued: NaiveDate,
    pub validity: Validity,
    /// Layout 1 only: the salt and the digest of the ID number it carried.
    pub legacy_id_digest: Option<([u8; 8], [u8; 12])>,
}

/// The digest of an ID number under a certificate's salt (case and spaces ignored).
pub fn id_digest(salt: &[u8; 8], id_number: &str) -> [u8; 12] {
    let id: String = id_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let d = Sha256::new()
        .chain_update(b"chuding id\0")
        .chain_update(salt)
        .chain_update(id.as_bytes())
        .finalize();
    let mut out = [0; 12];
    out.copy_from_slice(&d[..12]);
    out
}

/// A seal whose signature held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub certificate: SealedCertificate,
    pub key_id: KeyId,
}

impl Opened {
    /// Whether `id_number` is the one the certificate was issued to, when the seal can tell
    /// (layout 1); `None` for the seals signed now, which carry nothing of it: ask the server.
    pub fn id_matches(&self, id_number: &str) -> Option<bool> {
        self.certificate
            .legacy_id_digest
            .map(|(salt, digest)| id_digest(&salt, id_number) == digest)
    }

    /// Whether it still holds on `day` (revocation is asked of the server, or a revocation list).
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        match self.certificate.validity {
            Validity::Permanent => true,
            Validity::Until(end) => day <= end,
        }
    }
}

/// Why a seal or a key was refused, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealError {
    /// Not a seal: cut short, or not one of ours.
    Malformed,
    /// A layout newer than this code reads.
    Layout(u8),
    /// Signed by a key that is not published.
    UnknownKey(KeyId),
    /// The signature does not hold: the payload was changed, or signed by another key.
    BadSignature,
    /// A published key that cannot be read.
    BadKey,
}

impl SealError {
    pub fn zh(&self) -> String {
        match self {
            SealError::Malformed => "二维码内容不完整或不是本系统的证书".into(),
            SealError::Layout(v) => format!("二维码格式（第 {v} 版）过新，请使用最新的核验页"),
            SealError::UnknownKey(k) => format!("签名密钥 {k} 不是本中心公布的密钥，证书不可信"),
            SealError::BadSignature => "签名无效：证书内容被改动过或并非本中心签发".into(),
            SealError::BadKey => "公布的密钥无法读取".into(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            SealError::Malformed => {
                "The QR code is incomplete or not a certificate of this system".into()
            }
            SealError::Layout(v) => {
                format!("The QR code's layout (version {v}) is newer than this page reads")
            }
            SealError::UnknownKey(k) => format!(
                "The signing key {k} is not one the center publishes: the certificate cannot be trusted"
            ),
            SealError::BadSignature => {
                "The signature does not hold: the certificate was changed or not issued by the center"
                    .into()
            }
            SealError::BadKey => "A published key cannot be read".into(),
        }
    }
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

fn push_text(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let len = bytes.len().min(255);
    out.push(len as u8);
    out.extend_from_slice(&bytes[..len]);
}

fn days(date: NaiveDate) -> [u8; 2] {
    let d = (date - EPOCH).num_days().clamp(0, u16::MAX as i64) as u16;
    d.to_be_bytes()
}

/// Reads the payload's fields in order.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SealError> {
        if self.0.len() < n {
            return Err(SealError::Malformed);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, SealError> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SealError> {
        self.take(N)?.try_into().map_err(|_| SealError::Malformed)
    }

    fn text(&mut self) -> Result<&'a str, SealError> {
        let n = self.byte()? as usize;
        core::str::from_utf8(self.take(n)?).map_err(|_| SealError::Malformed)
    }

    fn date(&mut self) -> Result<NaiveDate, SealError> {
        let d = u16::from_be_bytes(self.array()?);
        EPOCH
            .checked_add_days(Days::new(d.into()))
            .ok_or(SealError::Malformed)
    }
}

impl SealedCertificate {
    fn body(&self, key: KeyId) -> Vec<u8> {
        let mut out = Vec::with_capacity(96);
        match self.legacy_id_digest {
            Some(_) => out.push(LAYOUT_WITH_ID_DIGEST),
            None => out.push(LAYOUT),
        }
        out.extend_from_slice(&key.0);
        out.extend_from_slice(&self.number.year.to_be_bytes());
        out.push(self.number.half);
        out.extend_from_slice(&self.number.serial.to_be_bytes()[1..]);
        push_text(&mut out, &self.name);
        if let Some((salt, digest)) = &self.legacy_id_digest {
            out.extend_from_slice(salt);
            out.extend_from_slice(digest);
        }
        push_text(&mut out, self.series.as_str());
        push_text(&mut out, self.level.as_str());
        out.extend_from_slice(&days(self.issued));
        match self.validity {
            Validity::Permanent => out.push(0),
            Validity::Until(end) => {
                out.push(1);
                out.extend_from_slice(&days(end));
            }
        }
        out
    }

    /// The signed payload, base64url, as the QR code's address carries it after `#`.
    pub fn seal(&self, key: &SealKey) -> String {
        let mut out = self.body(key.id());
        let signature = key.sign(SEAL_CONTEXT, &out);
        out.extend_from_slice(&signature.to_bytes());
        URL_SAFE_NO_PAD.encode(out)
    }
}

/// Opens a seal: `text` is the payload or the whole address (what follows `#`). Checks the layout,
/// finds the key by its id in `keys` and checks the signature; then the fields.
pub fn open(text: &str, keys: &Keyring) -> Result<Opened, SealError> {
    let payload = text.rsplit('#').next().unwrap_or_default().trim();
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| SealError::Malformed)?;
    if bytes.len() < 1 + 8 + 64 {
        return Err(SealError::Malformed);
    }
    let layout = bytes[0];
    if layout != LAYOUT && layout != LAYOUT_WITH_ID_DIGEST {
        return Err(SealError::Layout(layout));
    }
    let (body, signature) = bytes.split_at(bytes.len() - 64);
    let mut r = Reader(&body[1..]);
    let key_id = KeyId(r.array()?);
    let key = keys.find(key_id).ok_or(SealError::UnknownKey(key_id))?;
    key.verify(SEAL_CONTEXT, body, signature)?;
    let year = u16::from_be_bytes(r.array()?);
    let half = r.byte()?;
    let [a, b, c] = r.array()?;
    let serial = u32::from_be_bytes([0, a, b, c]);
    let number = CertificateNumber::new(year, half, serial).ok_or(SealError::Malformed)?;
    let name = r.text()?.to_string();
    let legacy_id_digest = if layout == LAYOUT_WITH_ID_DIGEST {
        Some((r.array()?, r.array()?))
    } else {
        None
    };
    let series = Series::from_code(r.text()?).ok_or(SealError::Malformed)?;
    let level = Level::from_code(r.text()?).ok_or(SealError::Malformed)?;
    let issued = r.date()?;
    let validity = match r.byte()? {
        0 => Validity::Permanent,
        1 => Validity::Until(r.date()?),
        _ => return Err(SealError::Malformed),
    };
    if !r.0.is_empty() {
        return Err(SealError::Malformed);
    }
    Ok(Opened {
        certificate: SealedCertificate {
            number,
            name,
            series,
            level,
            issued,
            validity,
            legacy_id_digest,
        },
        key_id,
    })
}

/// The numbers of revoked certificates as of a moment, signed, for checkers without the server
/// (`/.well-known/chuding-revocations.json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevocationList {
    /// When the list was made (RFC 3339).
    pub as_of: String,
    /// Compact certificate numbers, sorted.
    pub revoked: Vec<String>,
    pub kid: String,
    /// Ed25519 over the context, `as_of` and the numbers, one per line; base64url.
    pub signature: String,
}

impl RevocationList {
    fn message(as_of: &str, revoked: &[String]) -> Vec<u8> {
        let mut m = as_of.as_bytes().to_vec();
        for n in revoked {
            m.push(b'\n');
            m.extend_from_slice(n.as_bytes());
        }
        m
    }

    pub fn sign(as_of: String, mut revoked: Vec<String>, key: &SealKey) -> RevocationList {
        revoked.sort();
        revoked.dedup();
        let signature = key.sign(LIST_CONTEXT, &Self::message(&as_of, &revoked));
        RevocationList {
            as_of,
            revoked,
            kid: key.id().to_string(),
            signature: URL_SAFE_NO_PAD.encode(signature.to_bytes()),
        }
    }

    /// Checks the list's signature; then `contains` says whether a number is on it.
    pub fn verify(&self, keys: &Keyring) -> Result<(), SealError> {
        let id = KeyId::parse(&self.kid).ok_or(SealError::Malformed)?;
        let key = keys.find(id).ok_or(SealError::UnknownKey(id))?;
        let signature = URL_SAFE_NO_PAD
            .decode(&self.signature)
            .map_err(|_| SealError::BadSignature)?;
        key.verify(
            LIST_CONTEXT,
            &Self::message(&self.as_of, &self.revoked),
            &signature,
        )
    }

    pub fn contains(&self, number: CertificateNumber) -> bool {
        self.revoked.binary_search(&number.compact()).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SealKey {
        SealKey::from_seed(&[n; 32])
    }

    fn ring(keys: &[&SealKey]) -> Keyring {
        keys.iter()
            .enumerate()
            .fold(Keyring::default(), |r, (i, k)| r.with(&k.public(), i == 0))
    }

    fn certificate() -> SealedCertificate {
        SealedCertificate {
            number: CertificateNumber::new(2026, 1, 123).unwrap(),
            name: "王小明".into(),
            series: Series::Engineering,
            level: Level::Assistant,
            issued: NaiveDate::from_ymd_opt(2026, 7, 15).unwrap(),
            validity: Validity::Permanent,
            legacy_id_digest: None,
        }
    }

    /// A certificate as layout 1 sealed it, with the ID number's salted digest.
    fn legacy() -> SealedCertificate {
        let salt = [7; 8];
        SealedCertificate {
            legacy_id_digest: Some((salt, id_digest(&salt, "32070619900505005x"))),
            ..certificate()
        }
    }

    #[test]
    fn a_seal_opens_with_its_key_and_says_what_was_sealed() {
        let k = key(1);
        let text = certificate().seal(&k);
        let opened = open(&format!("https://example.org/verify#{text}"), &ring(&[&k])).unwrap();
        assert_eq!(opened.certificate, certificate());
        assert_eq!(opened.key_id, k.id());
        assert_eq!(opened.id_matches("32070619900505005X"), None);
        assert!(text.len() < 160, "{} characters", text.len());
    }

    /// Layout 2 carries nothing of the ID number: the bytes are those of the other fields, and
    /// two holders with the same name, number and dates get the same body whatever their IDs.
    #[test]
    fn the_seal_signed_now_carries_nothing_of_the_id_number() {
        let k = key(1);
        let bytes = URL_SAFE_NO_PAD.decode(certificate().seal(&k)).unwrap();
        assert_eq!(bytes[0], 2);
        let body = &bytes[..bytes.len() - 64];
        // layout, key id, year, half, serial, name, series, level, issued, validity.
        let expected = 1
            + 8
            + 2
            + 1
            + 3
            + (1 + "王小明".len())
            + (1 + "engineering".len())
            + (1 + "assistant".len())
            + 2
            + 1;
        assert_eq!(body.len(), expected);
    }

    #[test]
    fn seals_of_layout_1_already_printed_still_open_and_check_the_id() {
        let k = key(1);
        let text = legacy().seal(&k);
        assert_eq!(URL_SAFE_NO_PAD.decode(&text).unwrap()[0], 1);
        let opened = open(&text, &ring(&[&k])).unwrap();
        assert_eq!(opened.certificate, legacy());
        assert_eq!(opened.id_matches("32070619900505005X"), Some(true));
        assert_eq!(opened.id_matches("320706199005050051"), Some(false));
    }

    #[test]
    fn every_changed_byte_is_caught() {
        let k = key(1);
        let text = certificate().seal(&k);
        let bytes = URL_SAFE_NO_PAD.decode(&text).unwrap();
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            let err = open(&URL_SAFE_NO_PAD.encode(&b), &ring(&[&k])).unwrap_err();
            let expected = match i {
                // 2 ^ 1 = 3: no layout; the byte is signed anyway.
                0 => SealError::Layout(bytes[0] ^ 1),
                1..=8 => SealError::UnknownKey(KeyId(b[1..9].try_into().unwrap())),
                _ => SealError::BadSignature,
            };
            assert_eq!(err, expected, "byte {i}");
        }
    }

    #[test]
    fn another_key_or_an_unknown_one_is_refused() {
        let (a, b) = (key(1), key(2));
        let text = certificate().seal(&a);
        assert_eq!(
            open(&text, &ring(&[&b])).unwrap_err(),
            SealError::UnknownKey(a.id())
        );
        // A forger who puts the center's key id on his own signature.
        let mut forged = URL_SAFE_NO_PAD.decode(certificate().seal(&b)).unwrap();
        forged[1..9].copy_from_slice(&a.id().0);
        assert_eq!(
            open(&URL_SAFE_NO_PAD.encode(&forged), &ring(&[&a, &b])).unwrap_err(),
            SealError::BadSignature
        );
    }

    #[test]
    fn after_a_rotation_what_the_old_key_signed_still_opens() {
        let (old, new) = (key(1), key(2));
        let before = certificate().seal(&old);
        let after = certificate().seal(&new);
        let rotated = ring(&[&new, &old]);
        assert_eq!(open(&before, &rotated).unwrap().key_id, old.id());
        assert_eq!(open(&after, &rotated).unwrap().key_id, new.id());
        let json = serde_json::to_string(&rotated).unwrap();
        assert_eq!(Keyring::parse(&json).unwrap(), rotated);
    }

    #[test]
    fn a_keyring_whose_ids_do_not_match_its_keys_is_refused() {
        let mut r = ring(&[&key(1)]);
        r.keys[0].kid = key(2).id().to_string();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(Keyring::parse(&json).unwrap_err(), SealError::BadKey);
    }

    #[test]
    fn malformed_text_is_refused_not_a_panic() {
        let k = ring(&[&key(1)]);
        for t in ["", "#", "abc", "!!!!", &"A".repeat(400)] {
            assert!(open(t, &k).is_err(), "{t}");
        }
        let full = URL_SAFE_NO_PAD.decode(certificate().seal(&key(1))).unwrap();
        for n in 0..full.len() {
            assert!(open(&URL_SAFE_NO_PAD.encode(&full[..n]), &k).is_err());
        }
    }

    #[test]
    fn a_revocation_list_verifies_and_a_changed_one_does_not() {
        let k = key(1);
        let n = CertificateNumber::new(2026, 1, 5).unwrap();
        let list = RevocationList::sign(
            "2026-12-02T10:00:00+08:00".into(),
            vec![
                n.compact(),
                CertificateNumber::new(2026, 1, 2).unwrap().compact(),
            ],
            &k,
        );
        list.verify(&ring(&[&k])).unwrap();
        assert!(list.contains(n));
        assert!(!list.contains(CertificateNumber::new(2026, 1, 3).unwrap()));
        let mut dropped = list.clone();
        dropped.revoked.retain(|x| *x != n.compact());
        assert_eq!(
            dropped.verify(&ring(&[&k])).unwrap_err(),
            SealError::BadSignature
        );
    }
}

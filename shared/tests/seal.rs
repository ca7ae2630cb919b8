//! The certificate's seal, natively and in wasm32 (the verify page's build): a seal opens with the
//! key that made it, after a rotation too; a changed character, another key, an unknown key id and
//! a revoked number each fail with their own message.

use shared::certificate::CertificateNumber;
use shared::seal::{
    id_digest, open, Keyring, RevocationList, SealError, SealKey, SealedCertificate, Validity,
};
use shared::{Level, Series};

fn certificate() -> SealedCertificate {
    SealedCertificate {
        number: CertificateNumber::new(2026, 1, 42).unwrap(),
        name: "李华".into(),
        series: Series::Agriculture,
        level: Level::Intermediate,
        issued: chrono::NaiveDate::from_ymd_opt(2026, 6, 8).unwrap(),
        validity: Validity::Permanent,
        legacy_id_digest: None,
    }
}

/// As a certificate printed before layout 2 carried it: with the ID number's salted digest.
fn printed_before() -> SealedCertificate {
    let salt = *b"saltsalt";
    SealedCertificate {
        legacy_id_digest: Some((salt, id_digest(&salt, "320706199309090094"))),
        ..certificate()
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn sign_then_open_round_trip_and_every_refusal() {
    let (old, new) = (SealKey::from_seed(&[3; 32]), SealKey::from_seed(&[4; 32]));
    let before = certificate().seal(&old);
    let after = certificate().seal(&new);
    let ring = Keyring::default()
        .with(&new.public(), true)
        .with(&old.public(), false);
    // Through the published JSON, as the page and `chuding verify` read it.
    let ring = Keyring::parse(&serde_json::to_string(&ring).unwrap()).unwrap();
    let opened = open(&format!("https://x.example/verify#{before}"), &ring).unwrap();
    assert_eq!(opened.certificate, certificate());
    assert_eq!(opened.key_id, old.id());
    assert_eq!(
        opened.id_matches("320706199309090094"),
        None,
        "nothing of the ID"
    );
    assert_eq!(open(&after, &ring).unwrap().key_id, new.id());
    // A seal printed before (layout 1) still opens, and can still be compared offline.
    let legacy = open(&printed_before().seal(&old), &ring).unwrap();
    assert_eq!(legacy.certificate, printed_before());
    assert_eq!(legacy.id_matches("320706199309090094"), Some(true));
    assert_eq!(legacy.id_matches("320706199309090095"), Some(false));

    // A changed character of the signature part.
    let mut changed = after.clone().into_bytes();
    let last = changed.len() - 3;
    changed[last] = if changed[last] == b'A' { b'B' } else { b'A' };
    let e = open(std::str::from_utf8(&changed).unwrap(), &ring).unwrap_err();
    assert_eq!(e, SealError::BadSignature);
    assert!(e.zh().contains("签名无效"));
    // Another key, not published.
    let stranger = SealKey::from_seed(&[5; 32]);
    let e = open(&certificate().seal(&stranger), &ring).unwrap_err();
    assert_eq!(e, SealError::UnknownKey(stranger.id()));
    assert!(e.en().contains(&stranger.id().to_string()));
    // Only the new key published: what the old one signed is of an unknown key.
    let only_new = Keyring::default().with(&new.public(), true);
    assert_eq!(
        open(&before, &only_new).unwrap_err(),
        SealError::UnknownKey(old.id())
    );

    // A revoked number: the list is signed, and says so.
    let list = RevocationList::sign(
        "2026-07-01T09:00:00+08:00".into(),
        vec![certificate().number.compact()],
        &new,
    );
    list.verify(&ring).unwrap();
    assert!(list.contains(opened.certificate.number));
}

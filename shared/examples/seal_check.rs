//! The certificate check's WebAssembly: `seal::open` and nothing else, for the page a QR code
//! opens (`/verify#…`). Not a usage example: a cdylib of its own so that page loads tens of
//! kilobytes, not the desk's bundle, and checks the seal with the very code the server and
//! `chuding verify` use (the browser's WebCrypto Ed25519 would need a second reader of the
//! layout, in JavaScript, to keep in step with this one).
//!
//! No wasm-bindgen: three exported functions and a page script (`app/src/pages/seal_check.js`)
//! that copies the text in and reads JSON out. Built by `scripts/setup.sh` (`build_seal_check`).

use std::cell::RefCell;

use serde_json::{json, Value};
use shared::certificate::qualification;
use shared::seal::{open, Keyring, Validity};

thread_local! {
    /// The last answer, until the page has read it.
    static ANSWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// `len` bytes for the page to write its text into; `seal_check` takes them back.
#[no_mangle]
pub extern "C" fn seal_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Opens the seal in the text at `ptr` (`len` bytes, from `seal_alloc`): four lines, the seal
/// (as after `#`), the published keys' JSON, the language (`zh` or `en`) and an ID number typed
/// to compare (may be empty). Returns the answer's length; `seal_answer` its address.
///
/// # Safety
/// `ptr` must come from `seal_alloc(len)`, written in full, and is not used again.
#[no_mangle]
pub unsafe extern "C" fn seal_check(ptr: *mut u8, len: usize) -> usize {
    // SAFETY: the page gives back the buffer seal_alloc(len) lent it, written up to len.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, len) };
    let text = String::from_utf8_lossy(&bytes);
    let answer = answer(&text).to_string().into_bytes();
    let n = answer.len();
    ANSWER.with(|a| *a.borrow_mut() = answer);
    n
}

/// Where the last answer is (valid until the next `seal_check`).
#[no_mangle]
pub extern "C" fn seal_answer() -> *const u8 {
    ANSWER.with(|a| a.borrow().as_ptr())
}

/// The answer as the page shows it: every word already in the page's language.
fn answer(text: &str) -> Value {
    let mut lines = text.split('\n');
    let (seal, keys, lang, id) = (
        lines.next().unwrap_or_default(),
        lines.next().unwrap_or_default(),
        lines.next().unwrap_or_default(),
        lines.next().unwrap_or_default(),
    );
    let en = lang == "en";
    let keys = match Keyring::parse(keys) {
        Ok(k) => k,
        Err(e) => return json!({ "ok": false, "message": if en { e.en() } else { e.zh() } }),
    };
    let opened = match open(seal, &keys) {
        Ok(o) => o,
        Err(e) => return json!({ "ok": false, "message": if en { e.en() } else { e.zh() } }),
    };
    let c = &opened.certificate;
    let pick = |zh: &str, en_words: &str| if en { en_words } else { zh }.to_string();
    json!({
        "ok": true,
        "number": c.number.to_string(),
        "compact": c.number.compact(),
        "name": c.name,
        "qualification": qualification(c.series, c.level).map(|q| pick(q.zh, q.en)).unwrap_or_default(),
        "series": pick(c.series.label_zh(), c.series.label_en()),
        "level": pick(c.level.label_zh(), c.level.label_en()),
        "issued": c.issued.to_string(),
        // None: the qualification does not expire (the page has the words).
        "until": match c.validity { Validity::Permanent => None, Validity::Until(d) => Some(d.to_string()) },
        "key": opened.key_id.to_string(),
        "legacy": c.legacy_id_digest.is_some(),
        "id_matches": (id.trim().len() >= 15).then(|| opened.id_matches(id)).flatten(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::certificate::CertificateNumber;
    use shared::seal::{id_digest, SealKey, SealedCertificate};
    use shared::{Level, Series};

    fn ask(seal: &str, ring: &Keyring, lang: &str, id: &str) -> Value {
        let text = format!(
            "{seal}\n{}\n{lang}\n{id}",
            serde_json::to_string(ring).unwrap()
        );
        let mut bytes = text.into_bytes();
        let len = bytes.len();
        let ptr = seal_alloc(len);
        // SAFETY: ptr has room for len bytes, and seal_check takes it back.
        let n = unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_mut_ptr(), ptr, len);
            seal_check(ptr, len)
        };
        // SAFETY: seal_answer points at the n bytes of the last answer.
        let out = unsafe { std::slice::from_raw_parts(seal_answer(), n) };
        serde_json::from_slice(out).unwrap()
    }

    #[test]
    fn the_page_gets_the_certificate_in_its_language_or_why_not() {
        let key = SealKey::from_seed(&[7; 32]);
        let ring = Keyring::default().with(&key.public(), true);
        let salt = *b"saltsalt";
        let c = SealedCertificate {
            number: CertificateNumber::new(2026, 1, 42).unwrap(),
            name: "李华<b>".into(),
            series: Series::Agriculture,
            level: Level::Intermediate,
            issued: chrono::NaiveDate::from_ymd_opt(2026, 6, 8).unwrap(),
            validity: Validity::Permanent,
            legacy_id_digest: None,
        };
        let zh = ask(&c.seal(&key), &ring, "zh", "");
        assert_eq!(zh["ok"], true);
        assert_eq!(zh["name"], "李华<b>");
        assert_eq!(zh["qualification"], "农艺师");
        assert_eq!(zh["number"], c.number.to_string());
        assert_eq!(zh["until"], Value::Null);
        assert_eq!(zh["legacy"], false);
        let en = ask(&c.seal(&key), &ring, "en", "320706199309090094");
        assert_eq!(en["qualification"], "Agronomist");
        assert_eq!(
            en["id_matches"],
            Value::Null,
            "layout 2 says nothing of the ID"
        );

        let old = SealedCertificate {
            legacy_id_digest: Some((salt, id_digest(&salt, "320706199309090094"))),
            ..c.clone()
        };
        let seal = old.seal(&key);
        assert_eq!(
            ask(&seal, &ring, "zh", "320706199309090094")["id_matches"],
            true
        );
        assert_eq!(
            ask(&seal, &ring, "zh", "320706199309090095")["id_matches"],
            false
        );

        let other = Keyring::default().with(&SealKey::from_seed(&[8; 32]).public(), true);
        let refused = ask(&c.seal(&key), &other, "en", "");
        assert_eq!(refused["ok"], false);
        assert!(refused["message"]
            .as_str()
            .unwrap()
            .contains("not one the center publishes"));
        assert_eq!(ask("garbage", &ring, "zh", "")["ok"], false);
    }
}

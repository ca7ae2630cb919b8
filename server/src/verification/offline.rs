//! `chuding verify TEXT`: a certificate's QR payload checked without the server: the signature
//! against the published keys (a saved `chuding-keys.json`, or the database's), the number
//! against a saved revocation list if one is given, the ID number against its salted digest if
//! one is given. Prints what the seal says; exits 0 only when every check holds.

use std::path::Path;
use std::process::ExitCode;

use shared::certificate::qualification;
use shared::seal::{self, Keyring, RevocationList};

use super::Sealing;

async fn read_keys(path: Option<&Path>, database_url: &str) -> Result<Keyring, String> {
    match path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("reading --keys {}: {e}", p.display()))?;
            Keyring::parse(&text).map_err(|e| format!("--keys {}: {e}", p.display()))
        }
        None => {
            let db = crate::db::connect(database_url).await.map_err(|e| {
                format!("cannot open the database for its keys (or give --keys): {e:#}")
            })?;
            Sealing::default()
                .keyring(&db)
                .await
                .map_err(|e| format!("reading the keys: {e}"))
        }
    }
}

pub async fn run(
    text: &str,
    keys: Option<&Path>,
    revocations: Option<&Path>,
    id_number: Option<&str>,
    database_url: &str,
) -> ExitCode {
    let ring = match read_keys(keys, database_url).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("chuding verify: {e}");
            return ExitCode::from(2);
        }
    };
    let opened = match seal::open(text, &ring) {
        Ok(o) => o,
        Err(e) => {
            println!("INVALID: {}", e.en());
            println!("无效：{}", e.zh());
            return ExitCode::FAILURE;
        }
    };
    let c = &opened.certificate;
    let q = qualification(c.series, c.level);
    println!("signature valid (key {})", opened.key_id);
    println!("签名有效（密钥 {}）", opened.key_id);
    println!("number        {}", c.number);
    println!("name          {}", c.name);
    println!(
        "qualification {} / {}",
        q.map(|q| q.zh).unwrap_or_default(),
        q.map(|q| q.en).unwrap_or_default()
    );
    println!(
        "series        {} / {}",
        c.series.label_zh(),
        c.series.label_en()
    );
    println!(
        "level         {} / {}",
        c.level.label_zh(),
        c.level.label_en()
    );
    println!("issued        {}", c.issued);
    match c.validity {
        seal::Validity::Permanent => println!("valid         长期有效 / permanent"),
        seal::Validity::Until(d) => println!("valid until   {d}"),
    }
    let mut ok = true;
    if let Some(id) = id_number {
        match opened.id_matches(id) {
            Some(true) => println!("ID number     matches / 证件号码一致"),
            Some(false) => {
                println!("ID number     DOES NOT MATCH / 证件号码不一致");
                ok = false;
            }
            None => println!(
                "ID number     not in the QR code; check online at /verify with its last six characters / 二维码不含证件号码信息，请在线核验后六位"
            ),
        }
    }
    if let Some(path) = revocations {
        let list = std::fs::read_to_string(path)
            .map_err(|e| format!("reading --revocations {}: {e}", path.display()))
            .and_then(|t| {
                serde_json::from_str::<RevocationList>(&t)
                    .map_err(|e| format!("--revocations {}: {e}", path.display()))
            });
        match list {
            Ok(list) => match list.verify(&ring) {
                Ok(()) if list.contains(c.number) => {
                    println!("REVOKED (list as of {}) / 已撤销", list.as_of);
                    ok = false;
                }
                Ok(()) => println!("not revoked (list as of {}) / 未撤销", list.as_of),
                Err(e) => {
                    println!("revocation list refused: {}", e.en());
                    ok = false;
                }
            },
            Err(e) => {
                eprintln!("chuding verify: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        println!("revocation    not checked (give --revocations, or check online at /verify)");
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

//! The certificate's signed QR code, end to end on a running server: `chuding keygen`, the demo's
//! certified applicant downloads the PDF, its QR code is decoded from the rendered page (zbarimg)
//! and verified offline by `chuding verify`; the keys and the signed revocation list are published;
//! a rotated key keeps what the old one signed valid; the JSON API and its per-address limit (429);
//! the holder's 查询记录; the staff's copy of the PDF, the whole batch issued, and the form's
//! collection archiving the application.

use crate::support;

use std::process::Command;

use support::{Browser, Server, TempDir, TestDb, BIN};

const CERTIFIED: &str = "320706199309090094";
const CERTIFIED_NAME: &str = "演示已发证";

fn chuding(args: &[&str], db_url: &str) -> (i32, String) {
    let out = Command::new(BIN)
        .args(args)
        .env("DATABASE_URL", db_url)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The body of a GET, whatever its status.
async fn text_of(url: String) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn the_sealed_certificate() {
    let db = TestDb::sqlite();
    let dir = TempDir::new("seal");
    let key_a = dir.0.join("a.key");
    let key_a_text = key_a.to_str().unwrap().to_string();
    let (code, said) = chuding(&["keygen", "--out", &key_a_text], &db.url);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("kid "), "{said}");
    let (code, said) = chuding(&["keygen", "--out", &key_a_text], &db.url);
    assert_ne!(code, 0, "a key is never overwritten");
    assert!(said.contains("never overwritten"), "{said}");

    support::seed_demo_with(&db.url, &["--applications", "60"]);
    let mut server = Server::start(
        &db.url,
        &[
            "--clock",
            "2026-07-20",
            "--seal-key",
            &key_a_text,
            "--verify-rate",
            "4",
        ],
    )
    .await;

    // The holder downloads the certificate; its QR code holds the verify address and the seal.
    let holder = Browser::new(&server);
    holder.login(CERTIFIED, "demo1234").await;
    let pdf = holder.download("/apply/certificate.pdf").await;
    assert!(pdf.len() <= 200 * 1024, "{} bytes", pdf.len());
    let words = {
        let f = dir.0.join("words.pdf");
        std::fs::write(&f, &pdf).unwrap();
        support::pdf_words(f.to_str().unwrap())
    };
    assert!(words.contains(CERTIFIED_NAME), "{words}");
    let fonts = {
        let f = dir.0.join("words.pdf");
        support::run("pdffonts", &[f.to_str().unwrap()])
    };
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "every font embedded: {fonts}"
    );
    let qr = support::qr_of_pdf(&pdf);
    assert!(qr.starts_with(&format!("{}/verify#", server.base)), "{qr}");

    // Offline: the keys from the database, then from the published JSON, saved.
    let (code, said) = chuding(&["verify", &qr, "--id-number", CERTIFIED], &db.url);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("signature valid") && said.contains(CERTIFIED_NAME),
        "{said}"
    );
    // The seal signed now carries nothing of the ID number (layout 2): the check says so.
    assert!(said.contains("ID number     not in the QR code"), "{said}");
    assert!(!qr.contains(CERTIFIED), "{qr}");
    let anyone = reqwest::Client::new();
    let keys_a = text_of(server.url("/.well-known/chuding-keys.json")).await;
    let ring_a = shared::seal::Keyring::parse(&keys_a).unwrap();
    assert_eq!(ring_a.keys.len(), 1);
    assert!(ring_a.keys[0].current);
    let keys_file = dir.0.join("keys-a.json");
    std::fs::write(&keys_file, &keys_a).unwrap();
    let keys_arg = keys_file.to_str().unwrap().to_string();
    let (code, said) = chuding(
        &["verify", &qr, "--keys", &keys_arg],
        "sqlite:///nonexistent/x.db",
    );
    assert_eq!(code, 0, "with the saved keys and no database: {said}");
    // A changed character, an unknown key.
    let payload = qr.split('#').nth(1).unwrap().to_string();
    let mut changed = payload.clone().into_bytes();
    let i = changed.len() / 2;
    changed[i] = if changed[i] == b'A' { b'B' } else { b'A' };
    let (code, said) = chuding(
        &[
            "verify",
            std::str::from_utf8(&changed).unwrap(),
            "--keys",
            &keys_arg,
        ],
        &db.url,
    );
    assert_eq!(code, 1);
    assert!(said.contains("INVALID"), "{said}");
    std::fs::write(&keys_file, r#"{"keys":[]}"#).unwrap();
    let (code, said) = chuding(&["verify", &qr, "--keys", &keys_arg], &db.url);
    assert_eq!(code, 1);
    assert!(said.contains("is not one the center publishes"), "{said}");

    // The JSON API: valid, a wrong name, a mistyped number (no lookup); then the page; then the
    // address's limit (4 lookups a minute: the fifth is refused with 429, the page and the API).
    let opened = shared::seal::open(&qr, &ring_a).unwrap();
    let number = opened.certificate.number;
    let api = |n: &str, name: &str| {
        let url = server.url(&format!("/api/v1/certificates/{n}"));
        let client = anyone.clone();
        let name = name.to_string();
        async move {
            client
                .get(url)
                .query(&[("name", name)])
                .send()
                .await
                .unwrap()
        }
    };
    let r = api(&number.compact(), CERTIFIED_NAME).await;
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(v["level"], opened.certificate.level.as_str());
    assert!(
        v.get("name").is_none() && v.get("id_number").is_none(),
        "{v}"
    );
    let v: serde_json::Value = api(&number.compact(), "某某某").await.json().await.unwrap();
    assert_eq!(v["status"], "not_found");
    let r = api("2026-1-000001-0", CERTIFIED_NAME).await;
    assert_eq!(r.status(), 422);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["field"], "number", "{v}");
    let v: serde_json::Value = api(&number.to_string(), CERTIFIED_NAME)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "valid");
    let page = Browser::new(&server);
    let (status, html) = page
        .get(&format!(
            "/verify?number={}&name={}",
            number, CERTIFIED_NAME
        ))
        .await;
    assert_eq!(status, 200);
    assert!(support::verify_answer(&html).contains("证书有效"), "{html}");
    let (status, html) = page
        .get(&format!(
            "/verify?number={}&name={}",
            number, CERTIFIED_NAME
        ))
        .await;
    assert_eq!(status, 429, "the fifth lookup a minute");
    let answer = support::verify_answer(&html);
    assert!(
        answer.contains("查询过于频繁") && answer.contains("秒后再试"),
        "{html}"
    );
    let r = api(&number.compact(), CERTIFIED_NAME).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());

    // The holder sees the checks: 3 found it today (the wrong name is no check of it).
    let (_, status_page) = holder.get("/apply/status").await;
    let status_page = status_page.replace("<!>", "");
    let checks = status_page
        .split("data-testid=\"certificate-checks\"")
        .nth(1)
        .expect("the checks on the status page");
    assert!(
        checks.contains("<td>2026-07-20</td><td>3</td>"),
        "{}",
        &checks[..checks.len().min(600)]
    );

    // The center's staff: their copy of the PDF, the whole batch at once.
    let clerk = Browser::new(&server);
    clerk.login("320706198405050055", "demo1234").await;
    clerk
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let center = clerk.first_desk().await;
    let desk = format!("/staff/{center}/certificates");
    let (_, html) = clerk.get(&desk).await;
    let reference = html
        .split(&format!("href=\"{desk}/"))
        .nth(1)
        .expect("a certificate's PDF link")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let staff_pdf = clerk
        .download(&format!("{desk}/{reference}/certificate.pdf"))
        .await;
    assert!(staff_pdf.starts_with(b"%PDF"));
    let waiting = html.matches("<tr data-reference=").count();
    assert!(waiting >= 1, "approved applications wait: {html}");
    // The whole batch asks first, naming how many the filters match (the button says it too).
    let matching = html
        .split("data-testid=\"issue-all\"")
        .nth(1)
        .and_then(|b| b.split('>').nth(1))
        .and_then(|t| t.strip_prefix("为筛选出的全部 "))
        .and_then(|t| t.split(" 份").next())
        .expect("the batch button names its count")
        .to_string();
    let (status, _, asked) = clerk.post(&format!("{desk}/all"), &[]).await;
    assert_eq!(status, 422);
    assert!(
        asked.contains(&format!("（共 {matching} 份）")),
        "{matching}: {asked}"
    );
    let (status, location, _) = clerk
        .post(&format!("{desk}/all"), &[("confirm_issue_all", "yes")])
        .await;
    assert_eq!(status, 303);
    let issued: usize = location
        .split("issued=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(issued >= waiting, "{location}");
    assert_eq!(
        issued.to_string(),
        matching,
        "the count asked is the count issued"
    );
    let (_, html) = clerk.get(&desk).await;
    assert_eq!(html.matches("<tr data-reference=").count(), 0, "none waits");

    // The form's collection: the fields named when missing, then archived, on the timeline.
    let (status, _, refused) = clerk
        .post(
            &format!("{desk}/collect"),
            &[("holder", CERTIFIED), ("collected_by", "holder")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(refused.contains("href=\"#id_checked\""), "{refused}");
    let (status, _, refused) = clerk
        .post(
            &format!("{desk}/collect"),
            &[
                ("holder", CERTIFIED),
                ("collected_by", "unit_letter"),
                ("unit", "某单位"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        refused.contains("href=\"#bearer\"") && refused.contains("某单位"),
        "{refused}"
    );
    let (status, location, _) = clerk
        .post(
            &format!("{desk}/collect"),
            &[
                ("holder", &number.to_string()),
                ("collected_by", "unit_letter"),
                ("unit", "连云港市港城建设工程质量检测有限公司"),
                ("bearer", "李四"),
            ],
        )
        .await;
    assert_eq!(status, 303, "{location}");
    assert!(location.contains("collected="), "{location}");
    let (_, timeline) = holder.get("/apply/status").await;
    assert!(timeline.contains("申报表已领取归档"), "archived");
    assert!(timeline.contains("李四"), "{timeline}");
    let (status, _, refused) = clerk
        .post(
            &format!("{desk}/collect"),
            &[
                ("holder", CERTIFIED),
                ("collected_by", "holder"),
                ("id_checked", "yes"),
            ],
        )
        .await;
    assert_eq!(status, 422, "collected once");
    assert!(refused.contains("发证后才能领取"), "{refused}");

    // The administrator revokes it; the signed list says so, and so does `chuding verify`.
    let admin = Browser::new(&server);
    admin.login("320706198304040042", "demo1234").await;
    admin
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let (status, _, _) = admin
        .post(
            &format!("/staff/{center}/revocations"),
            &[
                ("number", &number.to_string()),
                ("reason", "测试撤销"),
                ("confirm_revoke", "yes"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let list = text_of(server.url("/.well-known/chuding-revocations.json")).await;
    let parsed: shared::seal::RevocationList = serde_json::from_str(&list).unwrap();
    parsed.verify(&ring_a).unwrap();
    assert!(parsed.contains(number));
    let list_file = dir.0.join("revoked.json");
    std::fs::write(&list_file, &list).unwrap();
    let (code, said) = chuding(
        &["verify", &qr, "--revocations", list_file.to_str().unwrap()],
        &db.url,
    );
    assert_eq!(code, 1);
    assert!(said.contains("REVOKED"), "{said}");

    // A new key: both published, the new one current; the old seal still verifies.
    server.stop();
    let key_b = dir.0.join("b.key");
    chuding(&["keygen", "--out", key_b.to_str().unwrap()], &db.url);
    let server = Server::start(
        &db.url,
        &[
            "--clock",
            "2026-07-21",
            "--seal-key",
            key_b.to_str().unwrap(),
        ],
    )
    .await;
    let keys_b = text_of(server.url("/.well-known/chuding-keys.json")).await;
    let ring_b = shared::seal::Keyring::parse(&keys_b).unwrap();
    assert_eq!(ring_b.keys.len(), 2, "{keys_b}");
    assert_eq!(ring_b.keys.iter().filter(|k| k.current).count(), 1);
    assert_eq!(
        shared::seal::open(&qr, &ring_b).unwrap().key_id,
        opened.key_id
    );
    let holder = Browser::new(&server);
    holder.login(CERTIFIED, "demo1234").await;
    let renewed = support::qr_of_pdf(&holder.download("/apply/certificate.pdf").await);
    let reopened = shared::seal::open(&renewed, &ring_b).unwrap();
    assert_ne!(reopened.key_id, opened.key_id, "signed with the new key");
    assert_eq!(reopened.certificate, opened.certificate);
}

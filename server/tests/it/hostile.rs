//! The hostile demo (`chuding seed-demo --hostile`): people whose names and answers carry markup,
//! quotes, formula prefixes, direction marks, emoji and 50 characters, in every state. Every page,
//! PDF, export and QR code of every role is fetched for them: names appear as text only, no cell
//! of an export starts a formula, no answer is a 5xx. And the rest of issue #27's probe that is
//! about what the server prints: the title, links that follow the Host header, redirects, the
//! caching of personal pages, the department's view, the draft's keys, the password policy, and
//! a spreadsheet that would take the server's memory.

use crate::support;

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, Statement};
use server::demo::{hostile_id_number, HOSTILE_NAMES, HOSTILE_STEPS};
use support::{seed_demo_with, Browser, Server, TestDb};

const CLOCK: &str = "2026-05-20";

/// Text as Leptos writes it between tags.
fn as_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What no page may hold: any hostile name or answer as markup.
fn assert_safe_html(path: &str, status: u16, html: &str) {
    assert!(status < 500, "{path}: {status}");
    for raw in [
        "<meta http-equiv=refresh",
        "<script>alert(",
        "<img src=x",
        "<b>粗</b>",
        "</textarea><script>",
    ] {
        assert!(!html.contains(raw), "{path} holds {raw:?} as markup");
    }
    if let Some(start) = html.find("<title>") {
        let title = &html[start + 7..];
        let title = &title[..title.find("</title>").unwrap_or(title.len())];
        assert!(
            !title.contains('<'),
            "{path}: the title holds markup: {title}"
        );
    }
}

async fn get(b: &Browser, path: &str) -> (u16, String) {
    let (status, html) = b.get(path).await;
    assert_safe_html(path, status, &html);
    (status, html)
}

async fn pdf_words(b: &Browser, path: &str, host: Option<&str>) -> String {
    let mut req = b.http.get(format!("{}{path}", b.base));
    if let Some(h) = host {
        req = req.header("host", h);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(res.headers()["content-type"], "application/pdf", "{path}");
    let bytes = res.bytes().await.unwrap();
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let file = std::env::temp_dir().join(format!(
        "chuding-hostile-{}-{}.pdf",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::write(&file, &bytes).unwrap();
    // In the content's order (a long name wraps within its cell; -layout would interleave it
    // with the next column).
    let words: String = support::run("pdftotext", &["-raw", file.to_str().unwrap(), "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    std::fs::remove_file(&file).ok();
    words
}

/// How a name prints: without spaces (pdf_words drops them), emoji as □.
fn printed(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}')
        })
        .map(|c| if (c as u32) > 0xFFFF { '□' } else { c })
        .collect()
}

/// Whether the PDF's words hold `name` as text. A name with direction marks is laid out in
/// their order (still text): then each of its letters.
fn prints(words: &str, name: &str) -> bool {
    if name
        .chars()
        .any(|c| matches!(c, '\u{200E}'..='\u{200F}' | '\u{202A}'..='\u{202E}'))
    {
        name.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| words.contains(c))
    } else {
        words.contains(&printed(name))
    }
}

/// The QR code's text of a certificate PDF (requested with another Host header).
async fn qr_of_certificate(b: &Browser, path: &str) -> String {
    let res = b
        .http
        .get(format!("{}{path}", b.base))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    support::qr_of_pdf(&res.bytes().await.unwrap())
}

async fn reference_of(db_url: &str, id_number: &str) -> String {
    let conn = Database::connect(db_url).await.unwrap();
    let backend = conn.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => "SELECT a.reference FROM application a JOIN account p ON p.id = a.account_id WHERE p.id_number = $1",
        _ => "SELECT a.reference FROM application a JOIN account p ON p.id = a.account_id WHERE p.id_number = ?",
    };
    let row = conn
        .query_one(Statement::from_sql_and_values(
            backend,
            sql,
            [id_number.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<String>(0).unwrap()
}

async fn certificate_number_of(db_url: &str, reference: &str) -> String {
    let conn = Database::connect(db_url).await.unwrap();
    let backend = conn.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => "SELECT c.number FROM certificate c JOIN application a ON a.id = c.application_id WHERE a.reference = $1",
        _ => "SELECT c.number FROM certificate c JOIN application a ON a.id = c.application_id WHERE a.reference = ?",
    };
    conn.query_one(Statement::from_sql_and_values(
        backend,
        sql,
        [reference.into()],
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get_by_index::<String>(0)
    .unwrap()
}

async fn every_page_every_role(db: TestDb) {
    let printed_ids = seed_demo_with(&db.url, &["--hostile"]);
    assert!(printed_ids.contains(&hostile_id_number(0)), "{printed_ids}");
    let keys = support::TempDir::new("seal");
    let key = support::seal_key(&keys);
    let server = Server::start(
        &db.url,
        &["--clock", CLOCK, "--seal-key", key.to_str().unwrap()],
    )
    .await;
    let mut refs = Vec::new();
    for i in 0..HOSTILE_NAMES.len() {
        refs.push(reference_of(&db.url, &hostile_id_number(i)).await);
    }

    // Each hostile person, on their own pages and documents.
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        let me = Browser::new(&server);
        me.login(&hostile_id_number(i), "demo1234").await;
        for path in ["/account", "/apply/status", "/apply/materials", "/apply"] {
            let (status, _) = get(&me, path).await;
            assert!(status == 200 || status == 303, "{path}: {status}");
        }
        let words = pdf_words(&me, "/apply/declaration.pdf", None).await;
        assert!(prints(&words, name), "申报表 of {name:?}: {words}");
        if HOSTILE_STEPS[i] == 4 {
            let words = pdf_words(&me, "/apply/certificate.pdf", None).await;
            assert!(prints(&words, name), "certificate of {name:?}");
        }
    }

    // The unit's reviewer: the queue, each application, its 申报表, the 公示 and its PDF.
    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let unit_id = unit.first_desk().await;
    let (_, queue) = get(&unit, &format!("/staff/{unit_id}")).await;
    assert!(
        queue.contains(&as_text(HOSTILE_NAMES[0])),
        "the queue names them as text"
    );
    for (i, reference) in refs.iter().enumerate() {
        let path = format!("/staff/{unit_id}/applications/{reference}");
        let (status, page) = get(&unit, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            page.contains(&as_text(HOSTILE_NAMES[i])),
            "{path} names {:?} as text",
            HOSTILE_NAMES[i]
        );
        pdf_words(&unit, &format!("{path}/declaration.pdf"), None).await;
    }
    let (_, notice) = get(&unit, &format!("/staff/{unit_id}/publicity")).await;
    assert!(
        notice.contains(&as_text(HOSTILE_NAMES[5])),
        "the 公示 lists 王😀"
    );
    let words = pdf_words(&unit, &format!("/staff/{unit_id}/publicity.pdf"), None).await;
    assert!(
        words.contains("王□"),
        "the 公示 PDF prints, 王😀 as 王□: {words}"
    );

    // The department's reviewer sees an application once the unit has approved it, not before
    // (the notice's order: the unit, then the department).
    let department = Browser::new(&server);
    department.login("320706198102020027", "demo1234").await;
    let department_id = department.first_desk().await;
    let (_, queue) = get(&department, &format!("/staff/{department_id}")).await;
    for (i, reference) in refs.iter().enumerate() {
        let path = format!("/staff/{department_id}/applications/{reference}");
        let (status, _) = get(&department, &path).await;
        let reached = HOSTILE_STEPS[i] >= 2;
        assert_eq!(status, if reached { 200 } else { 403 }, "{path}");
        assert_eq!(
            queue.contains(reference.as_str()),
            reached,
            "{reference} in the department's queue"
        );
    }

    // The center's staff: intake, the round, its exports, the dashboard, the certificates.
    let staff = Browser::new(&server);
    staff.login("320706198405050055", "demo1234").await;
    staff
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let center = staff.first_desk().await;
    for path in [
        format!("/staff/{center}/intake"),
        format!("/staff/{center}/round"),
        format!("/staff/{center}/round?full=1"),
        format!("/staff/{center}/dashboard"),
        format!("/staff/{center}/certificates"),
        format!("/staff/{center}/re-review"),
        format!(
            "/staff/{center}/round?search={}",
            percent_encoding::utf8_percent_encode(
                HOSTILE_NAMES[3],
                percent_encoding::NON_ALPHANUMERIC
            )
        ),
        format!(
            "/staff/{center}/intake?q={}",
            percent_encoding::utf8_percent_encode(
                HOSTILE_NAMES[2],
                percent_encoding::NON_ALPHANUMERIC
            )
        ),
    ] {
        let (status, _) = get(&staff, &path).await;
        assert_eq!(status, 200, "{path}");
    }
    for (i, reference) in refs.iter().enumerate() {
        if HOSTILE_STEPS[i] >= 3 {
            get(&staff, &format!("/staff/{center}/intake/{reference}")).await;
        }
        if HOSTILE_STEPS[i] == 4 {
            get(
                &staff,
                &format!("/staff/{center}/intake/{reference}/receipt"),
            )
            .await;
            let path = format!("/staff/{center}/certificates/{reference}/certificate.pdf");
            let words = pdf_words(&staff, &path, None).await;
            assert!(prints(&words, HOSTILE_NAMES[i]), "{path}");
            // The QR code: the public address, whatever Host the request named, and the name
            // in the seal as it is.
            let qr = qr_of_certificate(&staff, &path).await;
            assert!(qr.starts_with(&format!("{}/verify#", server.base)), "{qr}");
            assert!(!qr.contains("evil.example"), "{qr}");
            let keys = reqwest::get(server.url("/.well-known/chuding-keys.json"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let opened =
                shared::seal::open(&qr, &shared::seal::Keyring::parse(&keys).unwrap()).unwrap();
            assert_eq!(opened.certificate.name, HOSTILE_NAMES[i]);
            assert_eq!(
                opened.id_matches(&hostile_id_number(i)),
                None,
                "no ID in the seal"
            );
            // The public check by number and name: the answer, names as text.
            let number = certificate_number_of(&db.url, reference).await;
            let path = format!(
                "/verify?number={number}&name={}",
                percent_encoding::utf8_percent_encode(
                    HOSTILE_NAMES[i],
                    percent_encoding::NON_ALPHANUMERIC
                )
            );
            let (status, page) = get(&Browser::new(&server), &path).await;
            assert_eq!(status, 200, "{path}");
            assert!(
                support::verify_answer(&page).contains("证书有效"),
                "{path}: {page}"
            );
        }
    }
    // Exports: CSV (compressed as a browser asks, read to its end) and XLSX.
    for encoding in ["br", "gzip", "identity"] {
        let client = reqwest::Client::builder()
            .cookie_provider(staff.jar.clone())
            .brotli(encoding == "br")
            .gzip(encoding == "gzip")
            .build()
            .unwrap();
        let res = client
            .get(format!("{}/staff/{center}/round.csv?full=1", staff.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let csv_text = res.text().await.unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
        let mut names = Vec::new();
        for record in reader.records() {
            let record = record.unwrap();
            for cell in record.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a cell starts a formula: {cell:?}"
                );
            }
            names.push(record[1].to_string());
        }
        assert!(
            names.contains(&format!("'{}", HOSTILE_NAMES[1])),
            "the formula's name is kept as text ({encoding}): {names:?}"
        );
    }
    let xlsx = staff
        .download(&format!("/staff/{center}/round.xlsx?full=1"))
        .await;
    {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
        let sheet = book.sheet_names()[0].clone();
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula in the XLSX"
        );
        let cells = book.worksheet_range(&sheet).unwrap();
        let names: Vec<String> = cells.rows().map(|r| r[1].to_string()).collect();
        for name in &HOSTILE_NAMES[..4] {
            assert!(names.contains(&name.to_string()), "{name} as a string");
        }
    }

    // The administrator: the audit log, the directory, invitations, revocations.
    let admin = Browser::new(&server);
    admin.login("320706198304040042", "demo1234").await;
    admin
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    for page in [
        "audit",
        "organisations",
        "invitations",
        "revocations",
        "dashboard",
        "round",
    ] {
        let path = format!("/staff/{center}/{page}");
        let (status, _) = get(&admin, &path).await;
        assert_eq!(status, 200, "{path}");
    }
}

#[tokio::test]
async fn sqlite_hostile_names_are_text_everywhere() {
    every_page_every_role(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_hostile_names_are_text_everywhere() {
    if let Some(db) = TestDb::postgres().await {
        every_page_every_role(db).await;
    }
}

/// The reviewer's page of an applicant named `</title><meta http-equiv=refresh …>`: the title
/// holds the name as text (it was written unescaped into `<title>`).
#[tokio::test]
async fn a_name_never_leaves_the_title() {
    let db = TestDb::sqlite();
    seed_demo_with(&db.url, &["--hostile"]);
    let server = Server::start(&db.url, &["--clock", CLOCK]).await;
    let reference = reference_of(&db.url, &hostile_id_number(0)).await;
    let unit = Browser::new(&server);
    unit.login("320706198001010014", "demo1234").await;
    let unit_id = unit.first_desk().await;
    let (status, page) = unit
        .get(&format!("/staff/{unit_id}/applications/{reference}"))
        .await;
    assert_eq!(status, 200);
    let title = &page[page.find("<title>").unwrap() + 7..page.find("</title>").unwrap()];
    assert!(
        title.contains("&lt;/title&gt;&lt;meta http-equiv=refresh"),
        "{title}"
    );
    assert_eq!(page.matches("<title>").count(), 1);
    assert!(!page.contains("http-equiv=refresh content=0;//e.cn>"));
}

/// Personal pages are never stored; `back` never leaves the site, nor breaks the answer.
#[tokio::test]
async fn personal_pages_are_not_stored_and_back_stays_home() {
    let db = TestDb::sqlite();
    support::seed_demo(&db.url);
    let server = Server::start(&db.url, &["--clock", CLOCK]).await;
    let anonymous = reqwest::get(server.url("/")).await.unwrap();
    assert_eq!(anonymous.headers()["cache-control"], "no-cache");
    let me = Browser::new(&server);
    me.login("320706198808081235", "demo1234").await;
    for path in ["/", "/account", "/apply/status", "/apply/declaration.pdf"] {
        let res = me.http.get(server.url(path)).send().await.unwrap();
        let cache = res.headers()["cache-control"].to_str().unwrap().to_string();
        assert!(cache.contains("no-store"), "{path}: {cache}");
    }
    let admin = Browser::new(&server);
    admin.login("320706198304040042", "demo1234").await;
    let res = admin
        .http
        .get(server.url("/login/two-factor"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");

    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for back in [
        "/%09/other.host/",
        "%2F%0A%2Fother.host",
        "/%5C/other.host",
        "/%0d%0aX-Evil:%201",
        "//other.host",
    ] {
        let res = plain
            .get(server.url(&format!("/lang/en?back={back}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{back}");
        assert_eq!(res.headers()["location"], "/", "{back}");
    }
    let res = plain
        .get(server.url("/lang/en?back=/check%3Fa%3D1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/check?a=1");
}

/// A draft keeps only the questions' own answers (names that merely start like one were kept,
/// 1.7 MB of them); a guessable password is refused.
#[tokio::test]
async fn a_draft_keeps_only_its_questions_and_passwords_are_hard_to_guess() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &["--clock", CLOCK]).await;
    let b = Browser::new(&server);
    let (status, _, page) = b
        .post(
            "/register",
            &[
                ("real_name", "张明"),
                ("id_type", "resident_id_card"),
                ("id_number", &support::id_number(71)),
                ("mobile", "13812345678"),
                ("password", "password1"),
                ("password_confirm", "password1"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("太容易被猜到"), "{page}");
    b.register("张明", &support::id_number(71)).await;
    b.post("/apply/start", &[]).await;
    let junk: Vec<(String, String)> = (0..300)
        .map(|i| (format!("edu_level_{i}"), "x".repeat(190)))
        .chain((0..300).map(|i| (format!("assessment_{i}x"), "y".repeat(190))))
        .collect();
    let mut fields: Vec<(&str, &str)> =
        junk.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.push(("edu_level", "bachelor"));
    b.post("/apply/education", &fields).await;
    b.post("/apply/records", &fields).await;
    let conn = Database::connect(&db.url).await.unwrap();
    let row = conn
        .query_one(Statement::from_string(
            conn.get_database_backend(),
            "SELECT answers_json FROM application",
        ))
        .await
        .unwrap()
        .unwrap();
    let answers: String = row.try_get_by_index(0).unwrap();
    assert!(
        answers.len() < 2000,
        "{} bytes kept: {answers}",
        answers.len()
    );
    assert!(answers.contains("\"edu_level\":\"bachelor\""), "{answers}");
}

/// An XLSX of cells A1 and XFD1048576 (a dense range of 17 billion cells), a sheet that declares
/// that range, ten thousand rows, and a million rows in a small file: each refused with a message in well under a second, the
/// server's memory growing by less than 100 MB.
#[tokio::test]
async fn a_spreadsheet_cannot_take_the_servers_memory() {
    let db = TestDb::sqlite();
    support::seed_demo(&db.url);
    let server = Server::start(&db.url, &["--clock", CLOCK]).await;
    let admin = Browser::new(&server);
    admin.login("320706198304040042", "demo1234").await;
    admin
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    let center = admin.first_desk().await;
    let header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row>"#;
    let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let rows = |n: usize| format!("{header}{}", "<row><c><v>1</v></c></row>".repeat(n));
    let cases = [
        (
            "two far cells",
            xlsx(None, &format!("{header}{far}")),
            "工作表的范围太大",
        ),
        (
            "a declared range",
            xlsx(Some("A1:XFD1048576"), header),
            "工作表的范围太大",
        ),
        (
            "ten thousand rows",
            xlsx(None, &rows(10_000)),
            "工作表的范围太大",
        ),
        (
            "a million rows",
            xlsx(None, &rows(1_000_000)),
            "XLSX 文件解压后超过",
        ),
    ];
    let before = support::peak_memory_kib(server.pid());
    for (what, file, message) in cases {
        eprintln!("{what}: {} bytes", file.len());
        let started = Instant::now();
        let (status, page) = upload(
            &admin,
            &format!("/staff/{center}/organisations/import"),
            &file,
        )
        .await;
        let took = started.elapsed();
        assert_eq!(status, 422, "{what}: {page}");
        assert!(page.contains(message), "{what}: {page}");
        assert!(took < Duration::from_secs(1), "{what} took {took:?}");
    }
    let grown = support::peak_memory_kib(server.pid()).saturating_sub(before);
    assert!(
        grown < 100 * 1024,
        "the server's peak memory grew by {grown} KiB"
    );
}

/// A minimal XLSX with one sheet of `rows` (and a declared range, if given).
fn xlsx(dimension: Option<&str>, rows: &str) -> Vec<u8> {
    let dim = dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{rows}</sheetData></worksheet>"#
    );
    support::xlsx_with_sheet(sheet)
}

/// Posts `file` as the form's upload (multipart, with the page's CSRF token).
async fn upload(b: &Browser, path: &str, file: &[u8]) -> (u16, String) {
    let csrf = b.csrf().await;
    let boundary = "chudingboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"organisations.xlsx\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let res = b
        .http
        .post(format!("{}{path}", b.base))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

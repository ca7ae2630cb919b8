//! Spawning the real `chuding` binary on a fresh database, SQLite or PostgreSQL.

#![allow(dead_code)]

pub mod loadgen;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

pub const BIN: &str = env!("CARGO_BIN_EXE_chuding");

/// The password the tests register with: strong enough for the policy (zxcvbn 3+).
pub const PASSWORD: &str = "lianyungang-haizhou-9271";

/// A fresh, empty database that is removed when dropped.
pub struct TestDb {
    pub url: String,
    pub kind: &'static str,
    pg: Option<(String, String)>, // (admin url, database name)
    _dir: Option<TempDir>,
}

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("chuding-{tag}-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unique() -> u128 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    nanos * 1000 + N.fetch_add(1, Ordering::Relaxed) as u128
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = TempDir::new("sqlite");
        let url = format!("sqlite://{}/chuding.db?mode=rwc", dir.0.display());
        TestDb {
            url,
            kind: "sqlite",
            pg: None,
            _dir: Some(dir),
        }
    }

    /// A uniquely named database on the local PostgreSQL. The PostgreSQL tests run unless
    /// skipping is asked for explicitly (CHUDING_SKIP_POSTGRES=1, said loudly): a test that passes
    /// because nothing was configured would pass with the backend broken.
    pub async fn postgres() -> Option<TestDb> {
        if std::env::var("CHUDING_SKIP_POSTGRES").as_deref() == Ok("1") {
            eprintln!("!!! SKIPPING PostgreSQL: CHUDING_SKIP_POSTGRES=1");
            return None;
        }
        let admin = std::env::var("CHUDING_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
        let name = format!("chuding_test_{}", unique());
        let conn = Database::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is required (CHUDING_SKIP_POSTGRES=1 skips these tests): {e}"));
        conn.execute(Statement::from_string(
            DbBackend::Postgres,
            format!("CREATE DATABASE {name}"),
        ))
        .await
        .expect("create the test database");
        conn.close().await.ok();
        let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
        Some(TestDb {
            url: format!("{base}/{name}"),
            kind: "postgres",
            pg: Some((admin, name)),
            _dir: None,
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // Dropped from a plain thread: Drop may run inside or outside a runtime.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(conn) = Database::connect(&admin).await {
                        let _ = conn
                            .execute(Statement::from_string(
                                DbBackend::Postgres,
                                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A port nothing listens on now and that this test process has not handed out before: the
/// kernel may give a port just released again, and two servers (or a server and its metrics
/// address) started one after the other would then be given the same one.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<std::collections::BTreeSet<u16>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if GIVEN.lock().unwrap().insert(port) {
            return port;
        }
    }
}

/// A running `chuding serve`.
pub struct Server {
    child: Option<Child>,
    pub base: String,
}

impl Server {
    pub async fn start(db_url: &str, extra: &[&str]) -> Server {
        Server::start_on(free_port(), db_url, extra).await
    }

    /// `chuding serve` on this port (a server killed and started again keeps its address).
    pub async fn start_on(port: u16, db_url: &str, extra: &[&str]) -> Server {
        let child = Command::new(BIN)
            .arg("serve")
            .args(extra)
            .env("DATABASE_URL", db_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env(
                "LEPTOS_SITE_ROOT",
                std::env::temp_dir().join("chuding-no-site"),
            )
            .env("CHUDING_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn chuding");
        let server = Server {
            child: Some(child),
            base: format!("http://127.0.0.1:{port}"),
        };
        server.wait_healthy().await;
        server
    }

    async fn wait_healthy(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = reqwest::Client::new();
        loop {
            if let Ok(r) = client.get(format!("{}/healthz", self.base)).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "chuding did not become healthy at {}",
                self.base
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGTERM, then waits: the server must stop by itself, cleanly.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let status = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status()
                .unwrap();
            assert!(status.success());
            let deadline = Instant::now() + Duration::from_secs(15);
            loop {
                if let Some(exit) = child.try_wait().unwrap() {
                    assert!(exit.success(), "chuding exited with {exit} after SIGTERM");
                    return;
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    panic!("chuding did not stop within 15 s of SIGTERM");
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// SIGKILL, as a crash: no graceful shutdown, nothing flushed.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL chuding");
            child.wait().expect("reap chuding");
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The server's process id (to read its memory in /proc).
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).unwrap_or(0)
    }
}

/// The open-files limit of the test process raised to its hard limit (a test that opens a
/// thousand connections).
pub fn raise_open_files() {
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local struct.
    unsafe {
        let mut l = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) == 0 {
            l.rlim_cur = l.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &l);
        }
    }
}

/// A process's memory high-water mark (VmHWM), in KiB.
pub fn peak_memory_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The shared cases directory of the eligibility crate.
pub fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/cases")
}

/// Runs a command-line tool (poppler's pdftotext, pdfinfo, pdffonts, pdftoppm) and returns what it
/// printed; a failure fails the test with the tool's error.
pub fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e} (Debian poppler-utils)"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The words of a PDF without any whitespace: pdftotext keeps the words, but the spacing between
/// table cells varies, so tests compare without it.
pub fn pdf_words(path: &str) -> String {
    run("pdftotext", &["-layout", path, "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The text of the QR code on the first page of `pdf`, as a scanner reads it (rendered at 200 dpi,
/// read by zbarimg).
pub fn qr_of_pdf(pdf: &[u8]) -> String {
    let dir = TempDir::new("qr");
    let file = dir.0.join("c.pdf");
    std::fs::write(&file, pdf).unwrap();
    let png = dir.0.join("page");
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "200",
            "-singlefile",
            file.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
    let out = run(
        "zbarimg",
        &["--quiet", "--raw", &format!("{}.png", png.display())],
    );
    out.lines().next().unwrap_or_default().trim().to_string()
}

/// A browser with cookies and JavaScript off; it follows no redirect, so each answer is seen.
pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
    /// The cookies, to share with another client of the same person.
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
}

pub fn csrf_of(html: &str) -> String {
    let start = html
        .find(r#"name="csrf-token" content=""#)
        .expect("csrf meta")
        + r#"name="csrf-token" content=""#.len();
    html[start..start + 64].to_string()
}

/// A valid resident ID number, distinct per `seq`.
pub fn id_number(seq: u32) -> String {
    let first17 = format!("320706199001{:02}{:03}", 1 + seq % 28, seq % 1000);
    format!(
        "{first17}{}",
        shared::identity::resident_id_check_char(&first17).unwrap()
    )
}

impl Browser {
    pub fn new(server: &Server) -> Browser {
        Browser::with_headers(server, reqwest::header::HeaderMap::new())
    }

    /// A browser at `address`, as the trusted proxy in front (127.0.0.1, `--trusted-proxy`)
    /// reports it in `X-Forwarded-For`.
    pub fn behind_proxy(server: &Server, address: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", address.parse().unwrap());
        Browser::with_headers(server, headers)
    }

    fn with_headers(server: &Server, headers: reqwest::header::HeaderMap) -> Browser {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .no_gzip()
            .no_brotli()
            .build()
            .unwrap();
        Browser {
            http,
            base: server.base.clone(),
            jar,
        }
    }

    /// The id of the first organisation on the person's staff desk (`/staff`).
    pub async fn first_desk(&self) -> String {
        let desk = self.get("/staff").await.1;
        desk.split("href=\"/staff/")
            .nth(1)
            .unwrap_or_else(|| panic!("no organisation on the desk: {desk}"))
            .split('"')
            .next()
            .unwrap()
            .to_string()
    }

    /// The body of a download, after checking it answered 200.
    pub async fn download(&self, path: &str) -> Vec<u8> {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.bytes().await.unwrap().to_vec()
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    pub async fn csrf(&self) -> String {
        csrf_of(&self.get("/").await.1)
    }

    /// Posts a form with the page's CSRF token; returns status, Location and body.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        let csrf = self.csrf().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &csrf));
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap();
        let location = res
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (res.status().as_u16(), location, res.text().await.unwrap())
    }

    /// Saves the demo's sample applicant (`server::demo::sample`: a bachelor of 2024 in engineering,
    /// 助理级 on the round's dates), with `changes`, through the applicant's forms as a browser
    /// would, section by section; each save must answer 303 to a page other than sign-in.
    pub async fn fill_sample(&self, changes: &[(&str, &str)]) {
        for (section, fields) in sample_by_section(changes) {
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let (status, location, body) = self.post(&format!("/apply/{section}"), &fields).await;
            assert_eq!(status, 303, "{section}: {body}");
            assert!(!location.contains("login"), "{section}: {location}");
        }
    }

    /// Posts a section as the page's autosave does (JavaScript on).
    pub async fn autosave(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &csrf));
        self.http
            .post(format!("{}{path}", self.base))
            .header("x-autosave", "1")
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Signs in; the demo's logins all have the password `demo1234`.
    pub async fn login(&self, id: &str, password: &str) {
        let (status, location, body) = self
            .post("/login", &[("id_number", id), ("password", password)])
            .await;
        assert!(
            status == 303
                && ["/account", "/staff", "/login/two-factor"].contains(&location.as_str()),
            "{status} {location}: {body}"
        );
    }

    /// A center account's first sign-in: sets up the second factor with the secret the page
    /// shows, as an authenticator app would; gives the recovery codes.
    pub async fn set_up_second_factor(&self) -> Vec<String> {
        let (status, page) = self.get("/account/two-factor").await;
        assert_eq!(status, 200, "{page}");
        let secret = page
            .split("data-testid=\"totp-secret\">")
            .nth(1)
            .expect("the secret as text")
            .split('<')
            .next()
            .unwrap()
            .to_string();
        let code =
            server::auth::second_factor::code_at(&secret, chrono::Utc::now().timestamp()).unwrap();
        let (status, _, page) = self
            .post(
                "/account/two-factor",
                &[("secret", &secret), ("code", &code)],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        page.split("<li><code>")
            .skip(1)
            .map(|c| c.split('<').next().unwrap().to_string())
            .collect()
    }

    /// The second factor with a code of `secret` (the demo administrator's published key). A
    /// code is good once: when this account used the step's code a moment ago, the next step's
    /// (accepted too), else the code of a new step once it comes, as a person would wait.
    pub async fn pass_second_factor(&self, secret: &str) {
        let mut last = String::new();
        for attempt in 0..4 {
            let now = chrono::Utc::now().timestamp();
            let at = now + if attempt % 2 == 1 { 30 } else { 0 };
            let code = server::auth::second_factor::code_at(secret, at).unwrap();
            let (status, location, body) = self.post("/login/two-factor", &[("code", &code)]).await;
            if (status, location.as_str()) == (303, "/staff") {
                return;
            }
            last = format!("{status} {location}: {body}");
            if attempt % 2 == 1 {
                let wait = 30 - chrono::Utc::now().timestamp() % 30;
                tokio::time::sleep(Duration::from_millis(wait as u64 * 1000 + 300)).await;
            }
        }
        panic!("the second factor was refused: {last}");
    }

    pub async fn register(&self, name: &str, id: &str) {
        let (status, location, body) = self
            .post(
                "/register",
                &[
                    ("real_name", name),
                    ("id_type", "resident_id_card"),
                    ("id_number", id),
                    ("mobile", "13812345678"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!((status, location.as_str()), (303, "/account"), "{body}");
    }
}

/// An account row for workflow tests (no password anyone types), created on 2026-05-11.
pub async fn account_row(db: &sea_orm::DatabaseConnection, id_number: &str) -> i32 {
    use sea_orm::{ActiveModelTrait, Set};
    let at = chrono::DateTime::parse_from_rfc3339("2026-05-11T10:00:00+08:00").unwrap();
    server::entity::account::ActiveModel {
        real_name: Set("测试".into()),
        id_type: Set("resident_id_card".into()),
        id_number: Set(id_number.into()),
        mobile: Set("13800000000".into()),
        password_hash: Set("x".into()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// `chuding seed-demo` on this database (idempotent); what it printed.
pub fn seed_demo(url: &str) -> String {
    seed_demo_with(url, &[])
}

/// `chuding seed-demo` with more arguments (`--applications N`).
pub fn seed_demo_with(url: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(BIN)
        .arg("seed-demo")
        .args(args)
        .env("DATABASE_URL", url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A server at 2026-05-20 on a fresh SQLite database with the demo's data.
pub async fn demo_server() -> (TestDb, Server) {
    let db = TestDb::sqlite();
    seed_demo(&db.url);
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    (db, server)
}

/// A submitted engineering application at the assistant level, put straight into `status` in
/// `unit` (the test stands in for the steps before it), of a new account named `name`.
pub async fn application_in(
    conn: &sea_orm::DatabaseConnection,
    reference: &str,
    name: &str,
    status: &str,
    unit: i32,
) -> server::entity::application::Model {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let account = account_row(conn, &format!("{reference:0>18}")).await;
    let mut person: server::entity::account::ActiveModel =
        server::entity::account::Entity::find_by_id(account)
            .one(conn)
            .await
            .unwrap()
            .unwrap()
            .into();
    person.real_name = Set(name.to_string());
    person.update(conn).await.unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-05-12T10:00:00+08:00").unwrap();
    server::entity::application::ActiveModel {
        reference: Set(reference.into()),
        account_id: Set(account),
        round_id: Set("2026h1".into()),
        status: Set(status.into()),
        answers_json: Set("{}".into()),
        series: Set(Some("engineering".into())),
        level: Set(Some("assistant".into())),
        unit_id: Set(Some(unit)),
        version: Set(2),
        submitted_at: Set(Some(at)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(conn)
    .await
    .unwrap()
}

/// An organisation of this kind (a `shared::workflow::OrganisationKind` code), made for the test.
pub async fn organisation_row(db: &sea_orm::DatabaseConnection, name: &str, kind: &str) -> i32 {
    use sea_orm::{ActiveModelTrait, Set};
    let at = chrono::DateTime::parse_from_rfc3339("2026-05-01T10:00:00+08:00").unwrap();
    server::entity::organisation::ActiveModel {
        name: Set(name.into()),
        kind: Set(kind.into()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A new seal key file (`chuding keygen`) in `dir`.
pub fn seal_key(dir: &TempDir) -> PathBuf {
    let key = dir.0.join("seal.key");
    let made = Command::new(BIN)
        .args(["keygen", "--out", key.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    key
}

/// A one-sheet XLSX whose worksheet is `sheet` (the whole XML), as a spreadsheet program
/// packs one.
pub fn xlsx_with_sheet(sheet: String) -> Vec<u8> {
    use std::io::Write;
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="机构" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        zip.start_file(
            name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The answer box of a `/verify` page (`data-testid="verify-result"`), empty when there is none:
/// the page also carries the QR check's words in templates, so a test reads the box, not the page.
pub fn verify_answer(html: &str) -> String {
    html.split_once("data-testid=\"verify-result\"")
        .and_then(|(_, rest)| rest.split("</div>").next())
        .unwrap_or_default()
        .to_string()
}

/// The demo's sample answers with `changes`, grouped as the applicant's forms post them: one
/// (section slug, fields) per section that has any.
pub fn sample_by_section(changes: &[(&str, &str)]) -> Vec<(&'static str, Vec<(String, String)>)> {
    let answers = server::demo::sample::answers_with(changes);
    content::questionnaire::sections::ProfileSection::ALL
        .iter()
        .map(|section| {
            let fields: Vec<(String, String)> = answers
                .iter()
                .filter(|(input, _)| section.owns(input))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (section.slug(), fields)
        })
        .filter(|(_, fields)| !fields.is_empty())
        .collect()
}

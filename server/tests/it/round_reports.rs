//! The center's view of the whole round, on a real database of each backend with generated
//! applications (`seed-demo --applications N`): the list's filters and keyset pages against the
//! database, the search, the exports (CSV with its BOM, XLSX read back with calamine: headers,
//! dates as dates, the frozen row) equal to the list, ID numbers masked unless asked, the
//! dashboard's counts; and the audit log: every staff view and export recorded, the applicant
//! told which organisations looked, and `chuding audit verify` passing, then failing after a row
//! is edited or removed in the database (also with two processes appending on PostgreSQL).

use crate::support;

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use support::{Browser, Server, TestDb, BIN};

const GENERATED: &str = "400";

fn seed(url: &str, applications: &str) {
    support::seed_demo_with(url, &["--applications", applications]);
}

async fn strings(conn: &DatabaseConnection, sql: &str) -> Vec<String> {
    conn.query_all(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

async fn number(conn: &DatabaseConnection, sql: &str) -> i64 {
    conn.query_one(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// The references of a list page, in order, and its next page's address.
fn page_of(html: &str) -> (Vec<String>, Option<String>) {
    let refs = html
        .split("<tr data-reference=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    let next = html
        .split("data-testid=\"next-page\"")
        .next()
        .filter(|_| html.contains("data-testid=\"next-page\""))
        .and_then(|before| before.rsplit("href=\"").next())
        .map(|s| s.split('"').next().unwrap().replace("&amp;", "&"));
    (refs, next)
}

async fn center_staff(server: &Server, id: &str) -> (Browser, String) {
    let b = Browser::new(server);
    b.login(id, "demo1234").await;
    b.pass_second_factor(server::demo::DEMO_TOTP_SECRET).await;
    let org = b.first_desk().await;
    (b, org)
}

async fn all_pages(b: &Browser, first: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = Some(first.to_string());
    while let Some(path) = next {
        let (status, html) = b.get(&path).await;
        assert_eq!(status, 200, "{path}");
        let (refs, n) = page_of(&html);
        assert!(refs.len() <= 50);
        out.extend(refs);
        next = n;
    }
    out
}

fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "the CSV starts with a BOM"
    );
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&body[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

async fn the_list_and_its_exports(db: TestDb) {
    seed(&db.url, GENERATED);
    let conn = server::db::connect(&db.url).await.unwrap();
    let server = Server::start(&db.url, &["--clock", "2026-06-01"]).await;
    let (clerk, center) = center_staff(&server, "320706198405050055").await;

    // Every approved application once, in submission order, over keyset pages.
    let listed = all_pages(&clerk, &format!("/staff/{center}/round?status=approved")).await;
    let expected = strings(
        &conn,
        "SELECT reference FROM application WHERE status = 'approved' AND submitted_at IS NOT NULL ORDER BY submitted_at, id",
    )
    .await;
    assert!(
        expected.len() > 50,
        "more than one page: {}",
        expected.len()
    );
    assert_eq!(listed, expected, "db {}", db.kind);
    let first = clerk
        .get(&format!("/staff/{center}/round?status=approved"))
        .await
        .1;
    assert!(
        first.contains(&format!("{} 份", expected.len())),
        "the count"
    );

    // Newest first, one department, a date range.
    let dept = number(
        &conn,
        "SELECT CAST(MAX(department_id) AS BIGINT) FROM application",
    )
    .await;
    let newest = all_pages(
        &clerk,
        &format!(
            "/staff/{center}/round?department={dept}&from=2026-05-12&to=2026-05-20&sort=newest"
        ),
    )
    .await;
    let expected = strings(
        &conn,
        &format!(
            "SELECT reference FROM application WHERE department_id = {dept} AND submitted_at >= '2026-05-12T00:00:00+08:00' AND submitted_at < '2026-05-21T00:00:00+08:00' ORDER BY submitted_at DESC, id DESC"
        ),
    )
    .await;
    assert!(!expected.is_empty());
    assert_eq!(newest, expected);

    // The search: a reference (as printed, with its hyphen), an ID number, a name.
    let (reference, id_number, name) = {
        let row = conn
            .query_one(Statement::from_string(
                conn.get_database_backend(),
                "SELECT a.reference, p.id_number, p.real_name FROM application a JOIN account p ON p.id = a.account_id WHERE a.status = 'rejected' ORDER BY a.id LIMIT 1",
            ))
            .await
            .unwrap()
            .unwrap();
        (
            row.try_get_by_index::<String>(0).unwrap(),
            row.try_get_by_index::<String>(1).unwrap(),
            row.try_get_by_index::<String>(2).unwrap(),
        )
    };
    let shown = shared::status::display_reference(&reference);
    for q in [shown.as_str(), id_number.as_str()] {
        let found = all_pages(&clerk, &format!("/staff/{center}/round?q={q}")).await;
        assert_eq!(found, vec![reference.clone()], "searched for {q}");
    }
    let by_name = all_pages(
        &clerk,
        &format!("/staff/{center}/round?q={name}&status=rejected"),
    )
    .await;
    assert!(by_name.contains(&reference));
    let same_name = number(
        &conn,
        &format!("SELECT COUNT(*) FROM application a JOIN account p ON p.id = a.account_id WHERE a.status = 'rejected' AND p.real_name LIKE '{name}%'"),
    )
    .await;
    assert_eq!(by_name.len() as i64, same_name);

    // The re-review's list goes by the same pages and filters, its state fixed.
    let received = all_pages(
        &clerk,
        &format!("/staff/{center}/re-review?level=assistant"),
    )
    .await;
    let expected = strings(
        &conn,
        "SELECT reference FROM application WHERE status = 'paper_received' AND level = 'assistant' ORDER BY submitted_at, id",
    )
    .await;
    assert!(!expected.is_empty());
    assert_eq!(received, expected);

    // A filter that cannot be read is named, not a failure.
    let (status, bad) = clerk
        .get(&format!("/staff/{center}/round?from=2026-13-01"))
        .await;
    assert_eq!(status, 200);
    assert!(
        bad.contains("id=\"from-error\"")
            && bad.contains("提交日期（起）：“2026-13-01”不是有效日期"),
        "{bad}"
    );

    // The CSV: the list's rows, in its order, ID numbers masked.
    let filter = "status=approved";
    let res = clerk
        .http
        .get(format!("{}/staff/{center}/round.csv?{filter}", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(".csv"));
    let rows = csv_rows(&res.bytes().await.unwrap());
    assert_eq!(
        rows[0],
        server::reports::export::HEADERS.map(String::from).to_vec()
    );
    let approved: Vec<String> = listed
        .iter()
        .map(|r| shared::status::display_reference(r))
        .collect();
    assert_eq!(
        rows[1..].iter().map(|r| r[0].clone()).collect::<Vec<_>>(),
        approved
    );
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[2].contains('*') && r[2].len() == 18),
        "masked"
    );
    // Downloaded as each browser asks for it, brotli and gzip: the whole file arrives in the
    // encoding asked for (the compressed stream once panicked at its end, and browsers cancelled).
    let raw = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .cookie_provider(clerk.jar.clone())
        .build()
        .unwrap();
    for encoding in ["br", "gzip"] {
        let res = raw
            .get(format!("{}/staff/{center}/round.csv?{filter}", server.base))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-encoding"], encoding);
        let body = res.bytes().await.expect("the whole body, to its end");
        let mut plain = Vec::new();
        use std::io::Read;
        match encoding {
            "br" => brotli_decompressor::Decompressor::new(&body[..], 4096)
                .read_to_end(&mut plain)
                .unwrap(),
            _ => flate2::read::GzDecoder::new(&body[..])
                .read_to_end(&mut plain)
                .unwrap(),
        };
        assert_eq!(csv_rows(&plain), rows, "{encoding}");
    }
    // In full when asked, and the asking is in the audit log.
    let full = clerk
        .http
        .get(format!(
            "{}/staff/{center}/round.csv?{filter}&full=yes",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let numbers: BTreeMap<String, String> = csv_rows(&full)[1..]
        .iter()
        .map(|r| (r[0].replace('-', ""), r[2].clone()))
        .collect();
    let in_db = strings(
        &conn,
        "SELECT p.id_number FROM application a JOIN account p ON p.id = a.account_id WHERE a.status = 'approved' ORDER BY a.reference",
    )
    .await;
    assert_eq!(numbers.values().cloned().collect::<Vec<_>>(), in_db);
    assert_eq!(
        number(&conn, "SELECT COUNT(*) FROM audit_entry WHERE action LIKE '%round.csv%full=yes%' AND roles = 'center_staff'").await,
        1
    );

    // The XLSX: the same rows, Chinese headers, the submission time a date, the header frozen.
    let bytes = clerk
        .http
        .get(format!(
            "{}/staff/{center}/round.xlsx?{filter}",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("申报名单").unwrap();
    let rows: Vec<Vec<calamine::Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(
        rows[0].iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        server::reports::export::HEADERS.map(String::from).to_vec()
    );
    assert_eq!(
        rows[1..]
            .iter()
            .map(|r| r[0].to_string())
            .collect::<Vec<_>>(),
        approved
    );
    assert!(
        rows[1..]
            .iter()
            .all(|r| matches!(r[8], calamine::Data::DateTime(_))),
        "dates as dates: {:?}",
        rows[1][8]
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
        "frozen header row"
    );

    // The dashboard: the same counts as the database.
    let (status, dash) = clerk.get(&format!("/staff/{center}/dashboard")).await;
    assert_eq!(status, 200);
    let total = number(
        &conn,
        "SELECT COUNT(*) FROM application WHERE submitted_at IS NOT NULL",
    )
    .await;
    assert!(dash.contains(&format!("共 {total} 份")), "total {total}");
    let approved_count = expected_count(&conn, "approved").await;
    let states = text_of(dash.split("data-testid=\"by-status\"").nth(1).unwrap());
    assert!(
        states.contains(&format!("复审通过 {approved_count} ")),
        "the state table: {states}"
    );
    assert!(
        dash.contains("role=\"img\"") && dash.contains("<svg"),
        "the charts"
    );
    let intakes = number(
        &conn,
        "SELECT COUNT(*) FROM application_event WHERE kind = 'receive_paper'",
    )
    .await;
    assert!(intakes > 0);
}

/// The words of some HTML, tags dropped, one space between.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ") + " "
}

async fn expected_count(conn: &DatabaseConnection, status: &str) -> i64 {
    number(
        conn,
        &format!("SELECT COUNT(*) FROM application WHERE status = '{status}' AND submitted_at IS NOT NULL"),
    )
    .await
}

#[tokio::test]
async fn the_list_and_its_exports_on_sqlite() {
    the_list_and_its_exports(TestDb::sqlite()).await;
}

#[tokio::test]
async fn the_list_and_its_exports_on_postgres() {
    if let Some(db) = TestDb::postgres().await {
        the_list_and_its_exports(db).await;
    }
}

fn verify(url: &str) -> (bool, String) {
    let out = std::process::Command::new(BIN)
        .args(["audit", "verify"])
        .env("DATABASE_URL", url)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

async fn the_audit_log(db: TestDb, processes: usize) {
    seed(&db.url, "0");
    let conn = server::db::connect(&db.url).await.unwrap();
    let mut servers = Vec::new();
    for _ in 0..processes {
        servers.push(Server::start(&db.url, &["--clock", "2026-05-20", "--no-migrate"]).await);
    }
    // The unit's reviewer opens the submitted application, from every process at once.
    let mut reviewers = Vec::new();
    for s in &servers {
        let b = Browser::new(s);
        b.login("320706198001010014", "demo1234").await;
        reviewers.push(b);
    }
    let desk = reviewers[0].get("/staff").await.1;
    let unit = desk
        .split("href=\"/staff/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let reference = strings(
        &conn,
        "SELECT a.reference FROM application a JOIN account p ON p.id = a.account_id WHERE p.id_number = '320706198808081235'",
    )
    .await
    .remove(0);
    let views = 10;
    let path = format!("/staff/{unit}/applications/{reference}");
    let mut all = Vec::new();
    for b in &reviewers {
        for _ in 0..views {
            all.push(b.get(&path));
        }
    }
    for (status, _) in futures_util::future::join_all(all).await {
        assert_eq!(status, 200);
    }
    let recorded = number(
        &conn,
        &format!("SELECT COUNT(*) FROM audit_entry WHERE application_reference = '{reference}' AND roles = 'unit_reviewer' AND organisation_id = {unit}"),
    )
    .await;
    assert_eq!(recorded, (views * processes) as i64);
    // The applicant reads which organisation looked (not who).
    let applicant = Browser::new(&servers[0]);
    applicant.login("320706198808081235", "demo1234").await;
    let status_page = applicant.get("/apply/status").await.1;
    let looked = status_page
        .split("data-testid=\"looked-at-by\"")
        .nth(1)
        .expect("the organisations that looked");
    assert!(
        looked.contains("连云港市港城建设工程质量检测有限公司"),
        "{looked}"
    );
    assert!(looked.contains(&format!("{} 次", views * processes)));
    assert!(!looked.contains("演示单位审核人"), "not who");

    let (ok, said) = verify(&db.url);
    assert!(ok, "{said}");
    let n = number(&conn, "SELECT COUNT(*) FROM audit_entry").await;
    assert!(said.contains(&format!("{n} entries")), "{said}");

    // An edited row is found, by its id.
    conn.execute_unprepared("UPDATE audit_entry SET address = '10.0.0.1' WHERE id = 3")
        .await
        .unwrap();
    let (ok, said) = verify(&db.url);
    assert!(!ok && said.contains("entry 3"), "{said}");
    let original = strings(&conn, "SELECT address FROM audit_entry WHERE id = 2")
        .await
        .remove(0);
    conn.execute_unprepared(&format!(
        "UPDATE audit_entry SET address = '{original}' WHERE id = 3"
    ))
    .await
    .unwrap();
    assert!(verify(&db.url).0, "put back as it was");
    // A removed row in the middle, and the last one.
    conn.execute_unprepared(&format!("DELETE FROM audit_entry WHERE id = {n}"))
        .await
        .unwrap();
    let (ok, said) = verify(&db.url);
    assert!(!ok && said.contains("removed at the end"), "{said}");
    conn.execute_unprepared("DELETE FROM audit_entry WHERE id = 2")
        .await
        .unwrap();
    let (ok, said) = verify(&db.url);
    assert!(!ok && said.contains("entry 2"), "{said}");
}

#[tokio::test]
async fn the_audit_log_on_sqlite() {
    the_audit_log(TestDb::sqlite(), 1).await;
}

#[tokio::test]
async fn the_audit_log_with_two_processes_on_postgres() {
    if let Some(db) = TestDb::postgres().await {
        the_audit_log(db, 2).await;
    }
}

//! Running the service: backup and restore (a round trip on SQLite), the metrics listener, request
//! ids on answers and in the log, and the session's timeouts and new ids.

use crate::support;

use std::process::{Command, Stdio};

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use support::{free_port, seed_demo, Browser, Server, TestDb, BIN};

async fn count(url: &str, table: &str) -> i64 {
    let db = server::db::connect(url).await.unwrap();
    let n = db
        .query_one(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT count(*) FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    db.close().await.unwrap();
    n
}

fn chuding(args: &[&str], url: &str) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("DATABASE_URL", url)
        .env("CHUDING_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_the_database_as_it_was() {
    let db = TestDb::sqlite();
    seed_demo(&db.url);
    let mut server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let dir = support::TempDir::new("backup");
    let file = dir.0.join("chuding-backup.db");
    let file_arg = file.to_str().unwrap();

    // Online: the server is running and answering.
    let out = chuding(&["backup", file_arg], &db.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("backed up"));
    // Never over an existing file.
    let again = chuding(&["backup", file_arg], &db.url);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));

    let (accounts, applications, events) = (
        count(&db.url, "account").await,
        count(&db.url, "application").await,
        count(&db.url, "application_event").await,
    );
    assert!(accounts >= 12 && applications >= 5 && events > 0);

    // After the backup, someone registers.
    let b = Browser::new(&server);
    b.register("备份之后", &support::id_number(77)).await;
    assert_eq!(count(&db.url, "account").await, accounts + 1);
    server.stop();

    // Not a database, or not chuding's: refused, naming why; the database is untouched.
    let junk = dir.0.join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let refused = chuding(&["restore", junk.to_str().unwrap()], &db.url);
    assert!(!refused.status.success());
    assert_eq!(count(&db.url, "account").await, accounts + 1);

    let out = chuding(&["restore", file_arg], &db.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db.url, "account").await, accounts);
    assert_eq!(count(&db.url, "application").await, applications);
    assert_eq!(count(&db.url, "application_event").await, events);

    // The restored database serves: the demo applicant signs in and sees the status page.
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let b = Browser::new(&server);
    b.login("320706198808081235", "demo1234").await;
    assert_eq!(b.get("/apply/status").await.0, 200);
    // The audit log's chain survived the copy.
    let audit = chuding(&["audit", "verify"], &db.url);
    assert!(
        audit.status.success(),
        "{}",
        String::from_utf8_lossy(&audit.stderr)
    );
}

#[tokio::test]
async fn postgres_backups_are_pg_dumps() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let out = chuding(&["migrate"], &db.url);
    assert!(out.status.success());
    let out = chuding(&["backup", "/tmp/never-written.db"], &db.url);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
}

#[tokio::test]
async fn metrics_are_served_apart_from_the_site() {
    let db = TestDb::sqlite();
    let metrics_port = free_port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let server = Server::start(&db.url, &["--metrics-addr", &metrics_addr]).await;
    let http = reqwest::Client::new();
    for _ in 0..3 {
        http.get(server.url("/healthz")).send().await.unwrap();
    }
    http.post(server.url("/api/v1/eligibility"))
        .body("{")
        .send()
        .await
        .unwrap();
    // Not on the public address.
    assert_eq!(
        http.get(server.url("/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let text = http
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            r#"chuding_http_requests_total{method="GET",route="/healthz",status="200"} "#
        ),
        "{text}"
    );
    let healthz = text
        .lines()
        .find(|l| l.starts_with(r#"chuding_http_requests_total{method="GET",route="/healthz""#))
        .unwrap();
    // The health checks of Server::start's wait, then ours.
    assert!(healthz.rsplit(' ').next().unwrap().parse::<u64>().unwrap() >= 3);
    assert!(
        text.contains(r#"route="/api/v1/eligibility",status="422"} 1"#),
        "{text}"
    );
    assert!(text.contains(
        r#"chuding_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"}"#
    ));
    assert!(text.contains("chuding_submissions_total 0"));
    assert!(text.contains("chuding_db_pool_connections "));
}

#[tokio::test]
async fn every_answer_and_every_log_line_of_a_request_carries_its_id() {
    let db = TestDb::sqlite();
    let port = free_port();
    let log = support::TempDir::new("log");
    let log_file = log.0.join("chuding.log");
    let mut child = Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env(
            "LEPTOS_SITE_ROOT",
            std::env::temp_dir().join("chuding-no-site"),
        )
        .env("CHUDING_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(std::fs::File::create(&log_file).unwrap()))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut up = false;
    for _ in 0..300 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the server did not start");
    let res = http.get(format!("{base}/")).send().await.unwrap();
    let made = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(made.len(), 32);
    // A form without its token: refused, and logged under the id the proxy gave.
    let res = http
        .post(format!("{base}/login"))
        .header("x-request-id", "proxy-given-1234")
        .form(&[("id_number", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(res.headers()["x-request-id"], "proxy-given-1234");
    // An id that is not plausible is replaced.
    let res = http
        .get(format!("{base}/"))
        .header("x-request-id", "a b\"c")
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers()["x-request-id"], "a b\"c");
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&log_file).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("CSRF"))
        .unwrap_or_else(|| panic!("the refusal is not in the log:\n{text}"));
    assert!(line.contains("id=proxy-given-1234"), "{line}");
}

/// The session's id changes at sign-in and when the second factor is given (the old id is worth
/// nothing after), and a session ends after 30 idle minutes or 8 hours, whichever comes first.
#[tokio::test]
async fn sessions_get_new_ids_at_sign_in_and_second_factor_and_time_out() {
    let db = TestDb::sqlite();
    seed_demo(&db.url);
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let conn = server::db::connect(&db.url).await.unwrap();
    let session_ids = || {
        let conn = conn.clone();
        async move {
            conn.query_all(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT id FROM session ORDER BY id",
            ))
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect::<Vec<_>>()
        }
    };
    let cookie_of = |res: &reqwest::Response| {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("chuding_session="))
            .map(|c| c[16..c.find(';').unwrap_or(c.len())].to_string())
    };

    // Sign in twice in the same browser: the first session ends.
    let clerk = Browser::new(&server);
    clerk.login("320706198405050055", "demo1234").await;
    let first = session_ids().await;
    assert_eq!(first.len(), 1);
    clerk.login("320706198405050055", "demo1234").await;
    let second = session_ids().await;
    assert_eq!(second.len(), 1);
    assert_ne!(first, second, "signing in again gives a new id");

    // The second factor: a new id, the old one gone.
    let code = server::auth::second_factor::code_at(
        server::demo::DEMO_TOTP_SECRET,
        chrono::Utc::now().timestamp(),
    )
    .unwrap();
    let csrf = clerk.csrf().await;
    let res = clerk
        .http
        .post(server.url("/login/two-factor"))
        .form(&[("code", code.as_str()), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let elevated = cookie_of(&res).expect("a new session cookie");
    let third = session_ids().await;
    assert_eq!(third, vec![elevated.clone()]);
    assert_ne!(third, second);
    assert_eq!(clerk.get("/staff").await.0, 200);
    // The id from before the second factor no longer opens anything.
    let stale = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = stale
        .get(server.url("/staff"))
        .header("cookie", format!("chuding_session={}", second[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "the old id is signed out");

    // Idle: the deadline is 30 minutes after the last use (times relative to the server's clock,
    // which is fixed to a day, so they are moved in the database).
    use sea_orm::EntityTrait;
    use server::entity::session;
    // In China's offset, as the server writes them: SQLite compares the stored times as text.
    let china = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let row = session::Entity::find().one(&conn).await.unwrap().unwrap();
    let idle = row.expires_at - row.created_at;
    assert!(
        idle > chrono::Duration::minutes(29) && idle <= chrono::Duration::minutes(31),
        "idle deadline {idle}"
    );
    set_session_time(
        &conn,
        session::Column::ExpiresAt,
        (row.created_at - chrono::Duration::seconds(1)).with_timezone(&china),
    )
    .await;
    assert_eq!(
        clerk.get("/staff").await.0,
        303,
        "idle for 30 minutes: signed out"
    );

    // Absolute: in use all along, but signed in more than 8 hours ago.
    clerk.login("320706198405050055", "demo1234").await;
    clerk
        .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
        .await;
    assert_eq!(clerk.get("/staff").await.0, 200);
    let row = session::Entity::find().one(&conn).await.unwrap().unwrap();
    set_session_time(
        &conn,
        session::Column::CreatedAt,
        (row.created_at - chrono::Duration::hours(8) - chrono::Duration::minutes(1))
            .with_timezone(&china),
    )
    .await;
    assert_eq!(
        clerk.get("/staff").await.0,
        303,
        "8 hours after sign-in: signed out"
    );
}

/// Moves a time of the (one) session, as if it had passed.
async fn set_session_time(
    conn: &sea_orm::DatabaseConnection,
    column: server::entity::session::Column,
    at: chrono::DateTime<chrono::FixedOffset>,
) {
    use sea_orm::EntityTrait;
    server::entity::session::Entity::update_many()
        .col_expr(column, sea_orm::sea_query::Expr::value(at))
        .exec(conn)
        .await
        .unwrap();
}

//! The app on both database backends: health, a row written through the API surviving a restart
//! of the process, and migrations that can run twice.

use crate::support;

use serde_json::Value;
use support::{Server, TestDb};

fn base_profile() -> String {
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(
            support::cases_dir().join("notice-examples/base_bachelor_assistant.json"),
        )
        .unwrap(),
    )
    .unwrap();
    case["profile"].to_string()
}

async fn row_survives_a_restart(db: TestDb) {
    let client = reqwest::Client::new();
    let mut server = Server::start(&db.url, &[]).await;
    let health: Value = client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["database"], "ok", "{}", db.kind);
    let ready = client.get(server.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "{}", db.kind);
    assert_eq!(
        ready.headers()["x-content-type-options"],
        "nosniff",
        "{}",
        db.kind
    );
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["fonts"], "ok", "{}", db.kind);

    let res = client
        .post(server.url("/api/v1/self-checks"))
        .body(base_profile())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", db.kind);
    let saved: Value = res.json().await.unwrap();
    let id = saved["id"].as_str().unwrap().to_string();
    assert_eq!(saved["verdict"]["outcome"], "eligible");
    server.stop();

    // A new process on the same database, migrations run again at start.
    let mut server = Server::start(&db.url, &[]).await;
    let res = client
        .get(server.url(&format!("/api/v1/self-checks/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", db.kind);
    let loaded: Value = res.json().await.unwrap();
    assert_eq!(loaded["id"], id.as_str());
    assert_eq!(loaded["verdict"]["level"], "assistant");
    assert_eq!(loaded["profile"]["work_start_date"], "2024-07-08");
    let missing = client
        .get(server.url("/api/v1/self-checks/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    server.stop();
}

#[tokio::test]
async fn sqlite_row_survives_a_restart() {
    row_survives_a_restart(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_row_survives_a_restart() {
    if let Some(db) = TestDb::postgres().await {
        row_survives_a_restart(db).await;
    }
}

async fn migrate_twice(db: TestDb) {
    for _ in 0..2 {
        let out = std::process::Command::new(support::BIN)
            .arg("migrate")
            .env("DATABASE_URL", &db.url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            db.kind,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[tokio::test]
async fn sqlite_migrate_is_idempotent() {
    migrate_twice(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_migrate_is_idempotent() {
    if let Some(db) = TestDb::postgres().await {
        migrate_twice(db).await;
    }
}

#[tokio::test]
async fn an_unreachable_database_is_a_clear_error() {
    let out = std::process::Command::new(support::BIN)
        .arg("migrate")
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot open the database"), "{err}");
}

#[tokio::test]
async fn pages_render_and_the_fixed_clock_is_announced() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &["--clock", "2026-05-20"]).await;
    let client = reqwest::Client::new();
    let home = client.get(server.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    let html = home.text().await.unwrap();
    assert!(html.contains(r#"lang="zh-CN""#), "{html}");
    assert!(
        html.contains("<h1>2026 年度上半年专业技术资格初定"),
        "the round's name: {html}"
    );
    assert!(html.contains("0518—85812002"));
    assert!(html.contains("演示模式") && html.contains("2026-05-20"));
    let en = client
        .get(server.url("/"))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains(r#"lang="en""#));
    assert!(en.contains("Demo mode"));
    let missing = client.get(server.url("/nope")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn a_bad_clock_flag_names_the_flag() {
    let out = std::process::Command::new(support::BIN)
        .args(["serve", "--clock", "2026-02-30"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--clock"));
}

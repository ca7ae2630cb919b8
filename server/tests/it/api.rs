//! The JSON API against a running server.

use crate::support;

use serde_json::Value;
use support::{Server, TestDb};

#[tokio::test]
async fn eligibility_api_gives_verdicts_and_refuses_bad_input_naming_the_field() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &[]).await;
    let client = reqwest::Client::new();
    let dir = support::cases_dir().join("notice-examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let res = client
            .post(server.url("/api/v1/eligibility"))
            .json(&case["profile"])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", case["name"]);
        let verdict: Value = res.json().await.unwrap();
        assert_eq!(
            verdict["outcome"], case["expect"]["outcome"],
            "{}",
            case["name"]
        );
        checked += 1;
    }
    assert!(checked >= 12);

    let bad = std::fs::read_to_string(support::cases_dir().join("bad-inputs/unknown_series.json"))
        .unwrap();
    let res = client
        .post(server.url("/api/v1/eligibility"))
        .body(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["field"], "series");

    let bad =
        std::fs::read_to_string(support::cases_dir().join("bad-inputs/bad_date.json")).unwrap();
    let res = client
        .post(server.url("/api/v1/eligibility"))
        .body(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["field"], "work_start_date");

    let res = client
        .post(server.url("/api/v1/eligibility"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);

    let huge = format!(
        "{{\"access_qualification_no\": \"{}\"}}",
        "x".repeat(200_000)
    );
    let res = client
        .post(server.url("/api/v1/eligibility"))
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn current_round_is_the_2026_first_half() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &[]).await;
    let round: Value = reqwest::get(server.url("/api/v1/rounds/current"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(round["cutoff_date"], "2026-04-30");
    assert_eq!(round["online_window"]["start"], "2026-05-11");
    assert_eq!(round["online_window"]["end"], "2026-05-29");
    assert_eq!(round["paper_window"]["end"], "2026-06-05");
    assert_eq!(round["paper_window_working_days"], 20);
    assert!(round["access_series"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "lawyer"));
}

#[tokio::test]
async fn language_switch_sets_a_cookie_and_never_leaves_the_site() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client
        .get(server.url("/lang/en?back=/check%3Fseries%3Dlawyer"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/check?series=lawyer");
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("lang=en"));
    let res = client
        .get(server.url("/lang/en?back=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/");
}

/// 长辈模式: the header's switch keeps the larger text for the visitor (a cookie, no JavaScript),
/// every page then carries the class the stylesheet enlarges, and the switch offers the way back.
#[tokio::test]
async fn large_text_is_switched_on_and_off_from_the_header() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = |cookie: Option<&'static str>| {
        let mut req = client.get(server.url("/check"));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    let standard = page(None).await;
    assert!(!standard.contains("class=\"large-text\""), "{standard}");
    assert!(
        standard.contains("href=\"/text/large?back=/check\"") && standard.contains("长辈模式"),
        "{standard}"
    );
    let res = client
        .get(server.url("/text/large?back=/check"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/check");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("text=large"), "{cookie}");
    let large = page(Some("text=large")).await;
    assert!(
        large.contains("<html lang=\"zh-CN\" class=\"large-text\""),
        "{large}"
    );
    assert!(
        large.contains("href=\"/text/standard?back=/check\"") && large.contains("标准模式"),
        "{large}"
    );
    // Anything else is not a size, and the way back never leaves the site.
    let res = client.get(server.url("/text/huge")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = client
        .get(server.url("/text/large?back=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/");
}

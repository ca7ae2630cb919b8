//! The JSON API's OpenAPI document: served, OpenAPI 3.1, and it describes every `/api/v1` route
//! the router has (its own list, `server::web::route_paths`) and the published documents, with
//! no path the router lacks. `scripts/fuzz-api` runs schemathesis against it.

use crate::support;

use serde_json::Value;
use support::{Server, TestDb};

#[tokio::test]
async fn the_api_describes_itself_in_openapi_3_1() {
    let db = TestDb::sqlite();
    let server = Server::start(&db.url, &[]).await;
    let res = reqwest::get(server.url("/api/v1/openapi.json"))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    let doc: Value = res.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");

    let routes = server::web::route_paths();
    let api: Vec<&String> = routes
        .iter()
        .filter(|p| p.starts_with("/api/v1/") || p.starts_with("/.well-known/chuding-"))
        .collect();
    assert!(api.len() >= 8, "{api:?}");
    for path in &api {
        assert!(paths.contains_key(path.as_str()), "{path} is not described");
    }
    for path in paths.keys() {
        assert!(routes.contains(path), "{path} is described but not routed");
    }

    // Every operation says what it answers; the statuses the handlers give are there.
    let statuses = |path: &str, method: &str| -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path}"))
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(
        statuses("/api/v1/eligibility", "post"),
        ["200", "413", "422", "429", "503"]
    );
    assert_eq!(
        statuses("/api/v1/self-checks", "post"),
        ["201", "413", "422", "429", "503"]
    );
    assert_eq!(
        statuses("/api/v1/self-checks/{id}", "get"),
        ["200", "404", "503"]
    );
    assert_eq!(
        statuses("/api/v1/certificates/{number}", "get"),
        ["200", "422", "429", "503"]
    );
    assert_eq!(statuses("/api/v1/rounds/current", "get"), ["200"]);
    // A saved self-check links to its loading, as OpenAPI spells a link (schemathesis follows it).
    let link =
        &doc["paths"]["/api/v1/self-checks"]["post"]["responses"]["201"]["links"]["LoadSelfCheck"];
    assert_eq!(link["operationId"], "load_self_check", "{link}");
    assert_eq!(link["parameters"]["id"], "$response.body#/id");

    // The schemas come from the types: the profile refuses unknown fields, the codes are the
    // engine's own.
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["ApplicantProfile"]["additionalProperties"], false,
        "{}",
        schemas["ApplicantProfile"]
    );
    let series: Vec<&str> = schemas["Series"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let codes: Vec<&str> = shared::Series::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(series, codes);
    for name in [
        "Verdict",
        "Finding",
        "Outlook",
        "ApiError",
        "CheckError",
        "CertificateCheck",
        "RoundView",
        "Keyring",
        "RevocationList",
    ] {
        assert!(schemas[name].is_object(), "no schema {name}");
    }

    // What the API answers has the properties its schema names, and no others.
    let verdict: Value = reqwest::Client::new()
        .post(server.url("/api/v1/eligibility"))
        .body("{}")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let described = schemas["Verdict"]["properties"].as_object().unwrap();
    for key in verdict.as_object().unwrap().keys() {
        assert!(
            described.contains_key(key),
            "Verdict.{key} is not described"
        );
    }
    for key in schemas["Verdict"]["required"].as_array().unwrap() {
        assert!(verdict.get(key.as_str().unwrap()).is_some(), "{key}");
    }
}

//! The JSON API's OpenAPI 3.1 document, served at `/api/v1/openapi.json`: the paths from the
//! handlers' own `#[utoipa::path]` (status codes and bodies as each answers them), the schemas
//! from the types they read and answer with (the profile and the verdict from `shared`, with its
//! feature `openapi`). `scripts/fuzz-api` runs schemathesis against it.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use utoipa::OpenApi;

use super::{api, verify};
use crate::web::route_table::Routes;

pub fn routes() -> Routes {
    Routes::new().route("/api/v1/openapi.json", get(openapi_json))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "chuding JSON API",
        description = "The eligibility check of Lianyungang's professional-title initial determination (专业技术资格初定) as JSON (contract v1.1), saved self-checks, and the public check of certificates with the documents offline checkers need.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        api::eligibility,
        api::current_round,
        api::save_self_check,
        api::load_self_check,
        openapi_json,
        verify::api,
        verify::keys,
        verify::revocations,
    ),
    tags(
        (name = "eligibility", description = "The notice's rules on a profile"),
        (name = "certificates", description = "Checking a certificate, online or offline"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

/// The document as JSON, made once.
pub fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut doc =
            serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document is JSON");
        camel_case_links(&mut doc);
        doc.to_string()
    })
}

/// utoipa 5 writes a response link's fields in snake case (`operation_id`, fixed in utoipa 6);
/// OpenAPI names them `operationId`, `operationRef`, `requestBody`, which schemathesis's stateful
/// phase follows (a saved self-check, then loaded by its id).
fn camel_case_links(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    let links = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|op| op.get_mut("responses").and_then(|r| r.as_object_mut()))
        .flat_map(|responses| responses.values_mut())
        .filter_map(|response| response.get_mut("links").and_then(|l| l.as_object_mut()))
        .flat_map(|links| links.values_mut())
        .filter_map(|link| link.as_object_mut());
    for link in links {
        for (snake, camel) in [
            ("operation_id", "operationId"),
            ("operation_ref", "operationRef"),
            ("request_body", "requestBody"),
        ] {
            if let Some(v) = link.remove(snake) {
                link.insert(camel.to_string(), v);
            }
        }
    }
}

/// This API's description: OpenAPI 3.1, generated from the handlers.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object))
)]
async fn openapi_json() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json()).into_response()
}

//! Checking a certificate, for anyone: the page `/verify` (a GET form by number and name, and the
//! optional end of the ID number; works without JavaScript, and the address can be shared), the
//! same as JSON at `/api/v1/certificates/{number}`, and what offline checkers need: the keys at
//! `/.well-known/chuding-keys.json` and the signed list of revoked numbers at
//! `/.well-known/chuding-revocations.json`. The answer is valid (qualification, level, date),
//! revoked (date, reason) or not found; nothing else about the holder. Lookups are limited per
//! address.

use crate::web::route_table::Routes;
use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use chrono::NaiveDate;
use content::page_data::{PageData, VerifyData, VerifyResult};
use content::questionnaire::answers::FieldError;
use serde::Serialize;
use shared::certificate::CertificateNumber;
use shared::seal::{Keyring, RevocationList};
use shared::Level;
use utoipa::ToSchema;

use crate::clock::china;
use crate::limits::{now_ms, Limit, Subject};
use crate::web::client::Client;
use crate::web::error::WebError;
use crate::web::page::Page;
use crate::web::AppState;
use crate::workflow::certificates::{self, Checked};

pub fn routes() -> Routes {
    Routes::new().route("/verify", get(page))
}

/// The JSON routes (outside the page renderer).
pub fn api_routes() -> Routes {
    Routes::new()
        .route("/api/v1/certificates/{number}", get(api))
        .route("/.well-known/chuding-keys.json", get(keys))
        .route("/.well-known/chuding-revocations.json", get(revocations))
}

/// What was asked: the fields as typed.
struct Question {
    number: String,
    name: String,
    id_end: String,
}

impl Question {
    fn from_query(q: &BTreeMap<String, String>, number: Option<String>) -> Question {
        let field = |k: &str| q.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        Question {
            number: number.unwrap_or_else(|| field("number")),
            name: field("name"),
            id_end: field("id_end"),
        }
    }
}

/// Why a question got no answer.
enum Unanswered {
    Fields(Vec<FieldError>),
    TooMany(u64),
    Db,
}

/// Reads the question, then (within the address's allowance) looks the certificate up and counts
/// the check for its holder.
async fn answer(state: &AppState, from: Client, q: &Question) -> Result<VerifyResult, Unanswered> {
    let mut errors = Vec::new();
    let number = match CertificateNumber::parse(&q.number) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.push(FieldError::new("number", e.zh, e.en));
            None
        }
    };
    if q.name.is_empty() {
        errors.push(FieldError::new(
            "name",
            "请填写证书上的姓名",
            "Enter the name on the certificate",
        ));
    }
    let id_end_ok = q.id_end.is_empty()
        || (q.id_end.chars().count() == 6
            && q.id_end
                .chars()
                .all(|c| c.is_ascii_digit() || c == 'x' || c == 'X'));
    if !id_end_ok {
        errors.push(FieldError::new(
            "id_end",
            "证件号码后六位应为 6 位数字（最后一位可为 X），也可不填",
            "The end of the ID number is 6 digits (the last may be X), or leave it empty",
        ));
    }
    let Some(number) = number.filter(|_| errors.is_empty()) else {
        return Err(Unanswered::Fields(errors));
    };
    match state
        .limiter
        .check(
            Limit::CertificateCheck,
            &Subject::Address(from.address),
            now_ms(),
        )
        .await
    {
        Ok(Ok(())) => {}
        Ok(Err(wait)) => return Err(Unanswered::TooMany(wait.0)),
        Err(_) => return Err(Unanswered::Db),
    }
    let question = (
        number.compact(),
        q.name.clone(),
        q.id_end.to_ascii_uppercase(),
    );
    let asked = std::time::Instant::now();
    let checked = match state.answers.get(&question, asked) {
        Some(checked) => checked,
        None => {
            let id_end = (!q.id_end.is_empty()).then_some(q.id_end.as_str());
            let checked = certificates::check(&state.db, number, &q.name, id_end)
                .await
                .map_err(|_| Unanswered::Db)?;
            state.answers.keep(question, checked.clone(), asked);
            checked
        }
    };
    let today = state.clock.now().date_naive();
    Ok(match checked {
        Checked::Valid(c) => {
            state.checks.count(c.id, today);
            let (zh, en) = c.qualification_words();
            VerifyResult::Valid {
                qualification_zh: zh,
                qualification_en: en,
                level: c.level_of(),
                issued: c.issued_at.with_timezone(&china()).date_naive(),
            }
        }
        Checked::Revoked(c) => {
            state.checks.count(c.id, today);
            let (zh, en) = c.qualification_words();
            VerifyResult::Revoked {
                qualification_zh: zh,
                qualification_en: en,
                revoked: c
                    .revoked_at
                    .map(|r| r.with_timezone(&china()).date_naive())
                    .unwrap_or_default(),
                reason: c.revoked_reason.clone().unwrap_or_default(),
            }
        }
        Checked::NotFound => VerifyResult::NotFound,
    })
}

async fn page(
    State(state): State<AppState>,
    from: Client,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    let question = Question::from_query(&q, None);
    let keys = state
        .sealing
        .keyring(&state.db)
        .await
        .map_err(|_| WebError::Unavailable)?;
    let mut data = VerifyData {
        number: question.number.clone(),
        name: question.name.clone(),
        id_end: question.id_end.clone(),
        result: None,
        keys,
    };
    if question.number.is_empty() && question.name.is_empty() && question.id_end.is_empty() {
        return Ok(Page::ok().with_data(PageData::Verify(Box::new(data))));
    }
    let (status, errors) = match answer(&state, from, &question).await {
        Ok(result) => {
            data.result = Some(result);
            (StatusCode::OK, vec![])
        }
        Err(Unanswered::Fields(errors)) => (StatusCode::OK, errors),
        Err(Unanswered::TooMany(retry_seconds)) => {
            data.result = Some(VerifyResult::TooMany { retry_seconds });
            return Ok(Page::status(StatusCode::TOO_MANY_REQUESTS)
                .with_retry_after(retry_seconds)
                .with_data(PageData::Verify(Box::new(data))));
        }
        Err(Unanswered::Db) => return Err(WebError::Unavailable),
    };
    Ok(Page::status(status)
        .with_errors(errors)
        .with_data(PageData::Verify(Box::new(data))))
}

/// Why a certificate check, or a published document, gave no answer.
#[derive(Serialize, ToSchema)]
pub struct CheckError {
    /// What went wrong, in English.
    pub error: String,
    /// The same in Chinese.
    pub error_zh: String,
    /// The query's field at fault (`number`, `name` or `id_end`); empty when no field is.
    pub field: String,
}

fn json_error(status: StatusCode, field: &str, zh: &str, en: &str) -> Response {
    let body = CheckError {
        error: en.into(),
        error_zh: zh.into(),
        field: field.into(),
    };
    (status, Json(body)).into_response()
}

/// The answer of the certificate check: valid, revoked or not found, and nothing else about the
/// holder.
#[derive(Serialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CertificateCheck {
    /// The certificate stands.
    Valid {
        /// As printed, e.g. `2026-1-000123-4`.
        number: String,
        qualification_zh: String,
        qualification_en: String,
        level: Option<Level>,
        issued: NaiveDate,
    },
    /// The center revoked it.
    Revoked {
        number: String,
        qualification_zh: String,
        qualification_en: String,
        revoked: NaiveDate,
        reason: String,
    },
    /// No certificate has this number and name (and end of the ID number, when given).
    NotFound { number: String },
}

/// A certificate by number, with the holder's name as on it (and, if wished, the last six
/// characters of the ID number). Limited per address.
#[utoipa::path(
    get,
    path = "/api/v1/certificates/{number}",
    tag = "certificates",
    params(
        ("number" = String, Path, example = "2026-1-000123-4", pattern = "^[0-9]{4}-?[12]-?[0-9]{6}-?[0-9Xx]$",
            description = "The certificate's number, as printed (`2026-1-000123-4`) or without the dashes; its last character checks the others"),
        ("name" = String, Query, example = "王小明", min_length = 1, description = "The holder's name as on the certificate"),
        ("id_end" = Option<String>, Query, example = "12345X", pattern = "^[0-9]{5}[0-9Xx]$",
            description = "The last six characters of the holder's ID number (digits, the last may be X)"),
    ),
    responses(
        (status = 200, description = "The answer", body = CertificateCheck),
        (status = 422, description = "A field of the question is malformed or missing", body = CheckError),
        (status = 429, description = "Too many checks from this address; the `Retry-After` header says how many seconds to wait", body = CheckError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "The check is unavailable for a moment", body = CheckError),
    )
)]
async fn api(
    State(state): State<AppState>,
    from: Client,
    Path(number): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Response {
    let question = Question::from_query(&q, Some(number));
    match answer(&state, from, &question).await {
        Ok(result) => {
            let number = CertificateNumber::parse(&question.number)
                .map(|n| n.to_string())
                .unwrap_or_default();
            Json(check_of(number, result)).into_response()
        }
        Err(Unanswered::Fields(errors)) => {
            let e = &errors[0];
            json_error(StatusCode::UNPROCESSABLE_ENTITY, &e.field, &e.zh, &e.en)
        }
        Err(Unanswered::TooMany(seconds)) => {
            let mut r = json_error(
                StatusCode::TOO_MANY_REQUESTS,
                "",
                "查询过于频繁，请稍后再试",
                "Too many checks from this address; try again shortly",
            );
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
        Err(Unanswered::Db) => json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "暂时无法查询，请稍后再试",
            "The check is unavailable for a moment; try again shortly",
        ),
    }
}

fn check_of(number: String, result: VerifyResult) -> CertificateCheck {
    match result {
        VerifyResult::Valid {
            qualification_zh,
            qualification_en,
            level,
            issued,
        } => CertificateCheck::Valid {
            number,
            qualification_zh,
            qualification_en,
            level,
            issued,
        },
        VerifyResult::Revoked {
            qualification_zh,
            qualification_en,
            revoked,
            reason,
        } => CertificateCheck::Revoked {
            number,
            qualification_zh,
            qualification_en,
            revoked,
            reason,
        },
        VerifyResult::NotFound | VerifyResult::TooMany { .. } => {
            CertificateCheck::NotFound { number }
        }
    }
}

fn cached_json<T: serde::Serialize>(value: &T, seconds: u32) -> Response {
    let mut r = Json(value).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={seconds}")) {
        r.headers_mut().insert(header::CACHE_CONTROL, v);
    }
    r
}

/// Every key that has sealed a certificate, the current one marked.
#[utoipa::path(
    get,
    path = "/.well-known/chuding-keys.json",
    tag = "certificates",
    responses(
        (status = 200, description = "The published keys (Ed25519, base64url); cached 5 minutes", body = Keyring),
        (status = 503, description = "The keys are unavailable for a moment", body = CheckError),
    )
)]
async fn keys(State(state): State<AppState>) -> Response {
    match state.sealing.keyring(&state.db).await {
        Ok(ring) => cached_json(&ring, 300),
        Err(_) => json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "暂时无法读取密钥",
            "The keys are unavailable for a moment",
        ),
    }
}

/// The revoked numbers as of now, signed with the current key.
#[utoipa::path(
    get,
    path = "/.well-known/chuding-revocations.json",
    tag = "certificates",
    responses(
        (status = 200, description = "The signed list; cached a minute", body = RevocationList),
        (status = 503, description = "The server has no seal key, or the list is unavailable for a moment", body = CheckError),
    )
)]
async fn revocations(State(state): State<AppState>) -> Response {
    match state
        .sealing
        .revocation_list(&state.db, state.clock.now())
        .await
    {
        Ok(Some(list)) => cached_json(&list, 60),
        Ok(None) => json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "本服务未配置签名密钥，无法签发撤销列表",
            "This server has no seal key, so it signs no revocation list",
        ),
        Err(_) => json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "",
            "暂时无法读取撤销列表",
            "The revocation list is unavailable for a moment",
        ),
    }
}

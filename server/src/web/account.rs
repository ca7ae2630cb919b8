//! The account forms: register, sign in, sign out, change password. Each POST checks the CSRF
//! token, then either redirects (post-redirect-get) or renders the same page again with the
//! errors and the values typed (never the passwords).

use std::collections::BTreeMap;
use std::net::SocketAddr;

use app::form::answers::FieldError;
use app::i18n::td_string;
use app::site::fill;
use app::form::feedback::FormFeedback;
use axum::{
    extract::{ConnectInfo, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Form, Router,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr};
use shared::{IdNumber, IdType};

use super::{render::render_page, AppState};
use crate::auth::{self, identity_layer::{signed_in, SessionId}, password, session, throttle};
use crate::entity::account;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/account/password", post(change_password))
}

type Fields = BTreeMap<String, String>;

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map(|s| s.trim()).unwrap_or("")
}

/// The CSRF token of the form must equal the browser's cookie.
pub fn csrf_ok(parts: &Parts, fields: &Fields) -> bool {
    match (auth::cookie(&parts.headers, auth::CSRF_COOKIE), fields.get("csrf")) {
        (Some(cookie), Some(form)) => auth::constant_time_eq(cookie, form),
        _ => false,
    }
}

pub fn csrf_refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>表单已过期</title><h1>表单已过期 · The form has expired</h1><p>请返回上一页，刷新后再提交。Go back, reload the page and submit again.</p><p><a href=\"/\">返回首页 · Home</a></p></html>",
    )
        .into_response()
}

pub fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    res.headers_mut().insert(header::LOCATION, HeaderValue::from_str(location).unwrap_or(HeaderValue::from_static("/")));
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

fn kept(fields: &Fields, names: &[&str]) -> BTreeMap<String, String> {
    names.iter().filter_map(|n| fields.get(*n).map(|v| (n.to_string(), v.clone()))).collect()
}

fn client_address(parts: &Parts) -> String {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// Signs in: a new session and a fresh CSRF token (no fixation of either).
async fn start_session(state: &AppState, parts: &Parts, account_id: i32) -> Result<Vec<String>, sea_orm::DbErr> {
    let secure = auth::identity_layer::is_https(&parts.headers);
    let csrf = auth::random_token();
    let id = session::create(&state.db, account_id, &csrf).await?;
    Ok(vec![session::cookie(&id, secure), auth::identity_layer::csrf_cookie(&csrf, secure)])
}

/// A database error, logged, and the answer a person can act on: try again shortly.
pub fn unavailable(e: sea_orm::DbErr) -> Response {
    tracing::error!(error = %e, "database error: answered 503");
    service_unavailable()
}

pub fn service_unavailable() -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, "服务暂时不可用，请稍后再试。The service is unavailable; try again shortly.").into_response()
}

fn validate_mobile(raw: &str) -> bool {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    match digits.strip_prefix('+') {
        Some(intl) => (6..=15).contains(&intl.len()) && intl.bytes().all(|b| b.is_ascii_digit()),
        None => digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit()),
    }
}

async fn register(State(state): State<AppState>, parts: Parts, Form(f): Form<Fields>) -> Response {
    if !csrf_ok(&parts, &f) {
        return csrf_refused();
    }
    let mut errors = Vec::new();
    let real_name = field(&f, "real_name");
    if real_name.is_empty() || real_name.chars().count() > 50 {
        errors.push(FieldError::localized("real_name", |lang| td_string!(lang, errors.enter_your_full_name_at_most)));
    }
    let id_type = IdType::from_code(field(&f, "id_type"));
    let id_number = match id_type {
        None => {
            errors.push(FieldError::localized("id_type", |lang| td_string!(lang, errors.choose_the_document_type)));
            None
        }
        Some(t) => match IdNumber::parse(t, field(&f, "id_number"), state.clock.today()) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(FieldError::new("id_number", e.zh, e.en));
                None
            }
        },
    };
    if !validate_mobile(field(&f, "mobile")) {
        errors.push(FieldError::localized("mobile", |lang| td_string!(lang, errors.enter_an_11_digit_mobile_number)));
    }
    let pw = f.get("password").map(String::as_str).unwrap_or("");
    if let Some((zh, en)) = password::policy_error(pw) {
        errors.push(FieldError::new("password", zh, en));
    } else if f.get("password_confirm").map(String::as_str) != Some(pw) {
        errors.push(FieldError::localized("password_confirm", |lang| td_string!(lang, errors.the_two_passwords_do_not_match)));
    }
    let values = kept(&f, &["real_name", "id_type", "id_number", "mobile"]);
    if let (true, Some(number)) = (errors.is_empty(), id_number) {
        let hash = match password::hash(pw) {
            Ok(h) => h,
            Err(e) => {
                tracing::error!(error = %e, "hashing");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        let row = account::ActiveModel {
            real_name: Set(real_name.to_string()),
            id_type: Set(number.id_type.as_str().to_string()),
            id_number: Set(number.number.clone()),
            mobile: Set(field(&f, "mobile").to_string()),
            password_hash: Set(hash),
            created_at: Set(chrono::Utc::now().fixed_offset()),
            ..Default::default()
        };
        match row.insert(&state.db).await {
            Ok(acc) => {
                tracing::info!(account = acc.id, id = %number.masked(), "account registered");
                return match start_session(&state, &parts, acc.id).await {
                    Ok(cookies) => see_other("/account", &cookies),
                    Err(e) => unavailable(e),
                };
            }
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                errors.push(FieldError::localized("id_number", |lang| td_string!(lang, errors.this_document_number_is_already_registered)));
            }
            Err(e) => return unavailable(e),
        }
    }
    render_page(&state, &parts, FormFeedback { values, errors, ..Default::default() }, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn login(State(state): State<AppState>, parts: Parts, Form(f): Form<Fields>) -> Response {
    if !csrf_ok(&parts, &f) {
        return csrf_refused();
    }
    let typed = field(&f, "id_number").to_ascii_uppercase().replace(' ', "");
    let pw = f.get("password").map(String::as_str).unwrap_or("");
    let values = kept(&f, &["id_number"]);
    let mut errors = Vec::new();
    if typed.is_empty() {
        errors.push(FieldError::localized("id_number", |lang| td_string!(lang, errors.enter_your_document_number)));
    }
    if pw.is_empty() {
        errors.push(FieldError::localized("password", |lang| td_string!(lang, errors.enter_your_password)));
    }
    if errors.is_empty() {
        let key = throttle::account_key(&typed);
        let address = client_address(&parts);
        match throttle::is_blocked(&state.db, &key, &address).await {
            Ok(true) => {
                tracing::warn!(%address, "sign-in throttled");
                errors.push(FieldError::localized("id_number", |lang| fill(td_string!(lang, errors.too_many_sign_ins), &[("minutes", &throttle::WINDOW_MINUTES)])));
            }
            Ok(false) => {
                let found = account::Entity::find().filter(account::Column::IdNumber.eq(typed.as_str())).one(&state.db).await;
                let found = match found {
                    Ok(a) => a,
                    Err(e) => return unavailable(e),
                };
                let stored = found.as_ref().map(|a| a.password_hash.as_str()).unwrap_or_else(|| password::decoy_hash());
                let good = password::verify(pw, stored) && found.is_some();
                match (good, found) {
                    (true, Some(acc)) => {
                        let _ = throttle::clear(&state.db, &key).await;
                        return match start_session(&state, &parts, acc.id).await {
                            Ok(cookies) => see_other("/account", &cookies),
                            Err(e) => unavailable(e),
                        };
                    }
                    _ => {
                        if let Err(e) = throttle::record_failure(&state.db, &key, &address).await {
                            return unavailable(e);
                        }
                        errors.push(FieldError::localized("id_number", |lang| td_string!(lang, errors.the_document_number_or_the_password)));
                    }
                }
            }
            Err(e) => return unavailable(e),
        }
    }
    render_page(&state, &parts, FormFeedback { values, errors, ..Default::default() }, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn logout(State(state): State<AppState>, parts: Parts, Form(f): Form<Fields>) -> Response {
    if !csrf_ok(&parts, &f) {
        return csrf_refused();
    }
    if let Some(SessionId(id)) = parts.extensions.get::<SessionId>() {
        if let Err(e) = session::delete(&state.db, id).await {
            return unavailable(e);
        }
    }
    see_other("/", &[session::clearing_cookie(auth::identity_layer::is_https(&parts.headers))])
}

async fn change_password(State(state): State<AppState>, parts: Parts, Form(f): Form<Fields>) -> Response {
    if !csrf_ok(&parts, &f) {
        return csrf_refused();
    }
    // The identity layer has read the account with the session.
    let (Some(me), Some(SessionId(sid))) = (signed_in(&parts), parts.extensions.get::<SessionId>()) else {
        return see_other("/login", &[]);
    };
    let acc = me.account.clone();
    let account_id = acc.id;
    let mut errors = Vec::new();
    if !password::verify(f.get("current_password").map(String::as_str).unwrap_or(""), &acc.password_hash) {
        errors.push(FieldError::localized("current_password", |lang| td_string!(lang, errors.the_current_password_is_wrong)));
    }
    let pw = f.get("password").map(String::as_str).unwrap_or("");
    if let Some((zh, en)) = password::policy_error(pw) {
        errors.push(FieldError::new("password", zh, en));
    } else if f.get("password_confirm").map(String::as_str) != Some(pw) {
        errors.push(FieldError::localized("password_confirm", |lang| td_string!(lang, errors.the_two_passwords_do_not_match)));
    }
    if errors.is_empty() {
        let hash = match password::hash(pw) {
            Ok(h) => h,
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
        let mut row: account::ActiveModel = acc.into();
        row.password_hash = Set(hash);
        if let Err(e) = row.update(&state.db).await {
            return unavailable(e);
        }
        if let Err(e) = session::delete_others(&state.db, account_id, sid).await {
            return unavailable(e);
        }
        return see_other("/account?changed=1", &[]);
    }
    render_page(&state, &parts, FormFeedback { errors, ..Default::default() }, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn mobile_numbers() {
        assert!(super::validate_mobile("13812345678"));
        assert!(super::validate_mobile("138 1234 5678"));
        assert!(super::validate_mobile("+85261234567"));
        assert!(!super::validate_mobile("1381234567"));
        assert!(!super::validate_mobile("23812345678"));
        assert!(!super::validate_mobile("+12"));
    }
}

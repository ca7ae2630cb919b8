//! The account forms: register, sign in, sign out, change password. Each POST is a CSRF-checked
//! form; it either redirects (post-redirect-get) or answers with the same page again, with the
//! errors and the values typed (never the passwords).

use crate::web::route_table::Routes;
use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use axum_extra::extract::cookie::CookieJar;
use content::questionnaire::answers::FieldError;
use content::td_string;
use shared::{IdNumber, IdType};

use crate::auth::{accounts, password, random_token, second_factor, session, throttle};
use crate::limits::{now_ms, Limit};
use crate::web::client::Client;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, Fields, SignedInPerson};
use crate::web::identity::{clearing_session_cookie, csrf_cookie, session_cookie, SessionId};
use crate::web::page::Page;
use crate::web::rate_limit;
use crate::web::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/register", post(register))
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/account", get(signed_in_page))
        .route(
            "/account/password",
            get(signed_in_page).post(change_password),
        )
}

/// A page of the signed-in person's own (the account, the password form); anyone else is sent
/// to sign in first.
async fn signed_in_page(SignedInPerson(_): SignedInPerson) -> Page {
    Page::ok()
}

fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map(|s| s.trim()).unwrap_or("")
}

fn kept(fields: &Fields, names: &[&str]) -> BTreeMap<String, String> {
    names
        .iter()
        .filter_map(|n| fields.get(*n).map(|v| (n.to_string(), v.clone())))
        .collect()
}

/// Signs in: a new session and a fresh CSRF token (no fixation of either), then the account page.
pub(super) async fn start_session(
    state: &AppState,
    client: Client,
    jar: CookieJar,
    account_id: i32,
) -> Result<Response, WebError> {
    let secure = client.https;
    // Whatever session the browser held before ends: the new one has an id never seen before.
    if let Some(old) = jar.get(crate::web::identity::SESSION_COOKIE) {
        session::delete(&state.db, old.value()).await?;
    }
    let id = session::create(&state.db, account_id, state.clock.now()).await?;
    // Staff land on their desk, applicants on their account.
    let staff = accounts::holds_staff_role(&state.db, account_id).await?;
    // Center accounts give their second factor first (set it up the first time).
    let to = if second_factor::needed_by(&state.db, account_id).await? {
        "/login/two-factor"
    } else if staff {
        "/staff"
    } else {
        "/account"
    };
    Ok((
        jar.add(session_cookie(id, secure))
            .add(csrf_cookie(random_token(), secure)),
        Redirect::to(to),
    )
        .into_response())
}

/// A new password must meet the policy (not guessable from `personal`: the person's name, ID
/// number, mobile) and be typed twice alike.
pub(super) fn new_password_errors(f: &Fields, pw: &str, personal: &[&str]) -> Option<FieldError> {
    if let Some((zh, en)) = password::policy_error(pw, personal) {
        Some(FieldError::new("password", zh, en))
    } else if f.get("password_confirm").map(String::as_str) != Some(pw) {
        Some(FieldError::localized("password_confirm", |lang| {
            td_string!(lang, errors.the_two_passwords_do_not_match)
        }))
    } else {
        None
    }
}

pub(super) async fn hash_password(pw: &str) -> Result<String, WebError> {
    password::hash_async(pw).await.map_err(|e| {
        tracing::error!(error = %e, "hashing a password");
        WebError::Unavailable
    })
}

/// The form again, with what was typed and what is wrong.
fn refused(values: BTreeMap<String, String>, errors: Vec<FieldError>) -> WebError {
    WebError::Refused(Page::ok().with_values(values).with_errors(errors))
}

fn validate_mobile(raw: &str) -> bool {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    match digits.strip_prefix('+') {
        Some(intl) => (6..=15).contains(&intl.len()) && intl.bytes().all(|b| b.is_ascii_digit()),
        None => {
            digits.len() == 11
                && digits.starts_with('1')
                && digits.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

async fn register(
    State(state): State<AppState>,
    client: Client,
    jar: CookieJar,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let values = kept(&f, &["real_name", "id_type", "id_number", "mobile"]);
    let real_name = match shared::PersonName::parse(field(&f, "real_name")) {
        Ok(name) => Some(name),
        Err(e) => {
            errors.push(FieldError::new("real_name", e.zh(), e.en()));
            None
        }
    };
    let id_type = IdType::from_code(field(&f, "id_type"));
    let id_number = match id_type {
        None => {
            errors.push(FieldError::localized("id_type", |lang| {
                td_string!(lang, errors.choose_the_document_type)
            }));
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
        errors.push(FieldError::localized("mobile", |lang| {
            td_string!(lang, errors.enter_an_11_digit_mobile_number)
        }));
    }
    let pw = f.get("password").map(String::as_str).unwrap_or("");
    errors.extend(new_password_errors(
        &f,
        pw,
        &[
            field(&f, "real_name"),
            field(&f, "id_number"),
            field(&f, "mobile"),
        ],
    ));
    if let (true, Some(number), Some(real_name)) = (errors.is_empty(), id_number, real_name) {
        // Counted when an account would be made (a form sent back with mistakes costs nothing).
        rate_limit::by_address(
            &state,
            Limit::Register,
            client,
            Some(Page::ok().with_values(values.clone())),
        )
        .await?;
        let hash = hash_password(pw).await?;
        let registered = accounts::register(
            &state.db,
            &real_name,
            &number,
            field(&f, "mobile"),
            hash,
            state.clock.now(),
        )
        .await?;
        match registered {
            Some(acc) => {
                tracing::info!(account = acc.id, id = %number.masked(), "account registered");
                // Registering signs in: the address is the owner's from now on.
                throttle::succeeded(
                    &state.limiter,
                    &state.db,
                    &number.number,
                    acc.id,
                    client.address,
                    state.clock.real_now(),
                )
                .await?;
                return start_session(&state, client, jar, acc.id).await;
            }
            None => {
                errors.push(FieldError::localized("id_number", |lang| {
                    td_string!(lang, errors.this_document_number_is_already_registered)
                }));
            }
        }
    }
    Err(refused(values, errors))
}

async fn login(
    State(state): State<AppState>,
    client: Client,
    jar: CookieJar,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let typed = field(&f, "id_number").to_ascii_uppercase().replace(' ', "");
    let pw = f.get("password").map(String::as_str).unwrap_or("");
    let values = kept(&f, &["id_number"]);
    let mut errors = Vec::new();
    if typed.is_empty() {
        errors.push(FieldError::localized("id_number", |lang| {
            td_string!(lang, errors.enter_your_document_number)
        }));
    }
    if pw.is_empty() {
        errors.push(FieldError::localized("password", |lang| {
            td_string!(lang, errors.enter_your_password)
        }));
    }
    if !errors.is_empty() {
        return Err(refused(values, errors));
    }
    let now = now_ms();
    let found = accounts::by_id_number(&state.db, &typed).await?;
    let gate = throttle::may_try(
        &state.limiter,
        &state.db,
        &typed,
        found.as_ref().map(|a| a.id),
        client.address,
        now,
    )
    .await?;
    let attempt = match gate {
        Ok(attempt) => attempt,
        Err(wait) => {
            tracing::warn!(wait = wait.0, "sign-in throttled");
            return Err(WebError::TooMany {
                wait,
                form: Some(Page::ok().with_values(values)),
            });
        }
    };
    let stored = found
        .as_ref()
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| password::decoy_hash().to_string());
    let good = password::verify_async(pw, &stored).await && found.is_some();
    match (good, found) {
        (true, Some(acc)) => {
            throttle::succeeded(
                &state.limiter,
                &state.db,
                &typed,
                acc.id,
                client.address,
                state.clock.real_now(),
            )
            .await?;
            start_session(&state, client, jar, acc.id).await
        }
        _ => {
            throttle::failed(&state.limiter, &typed, client.address, attempt, now).await?;
            Err(refused(
                values,
                vec![FieldError::localized("id_number", |lang| {
                    td_string!(lang, errors.the_document_number_or_the_password)
                })],
            ))
        }
    }
}

async fn logout(
    State(state): State<AppState>,
    parts: Parts,
    jar: CookieJar,
    CsrfForm(_): CsrfForm,
) -> Result<Response, WebError> {
    if let Some(SessionId(id)) = parts.extensions.get::<SessionId>() {
        session::delete(&state.db, id).await?;
    }
    Ok((
        jar.add(clearing_session_cookie(
            crate::web::client::of_parts(&parts).https,
        )),
        Redirect::to("/"),
    )
        .into_response())
}

async fn change_password(
    State(state): State<AppState>,
    SignedInPerson(me): SignedInPerson,
    parts: Parts,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let Some(SessionId(sid)) = parts.extensions.get::<SessionId>() else {
        return Err(WebError::SignInNeeded);
    };
    let acc = me.account.clone();
    let account_id = acc.id;
    let mut errors = Vec::new();
    if !password::verify_async(
        f.get("current_password").map(String::as_str).unwrap_or(""),
        &acc.password_hash,
    )
    .await
    {
        errors.push(FieldError::localized("current_password", |lang| {
            td_string!(lang, errors.the_current_password_is_wrong)
        }));
    }
    let pw = f.get("password").map(String::as_str).unwrap_or("");
    errors.extend(new_password_errors(
        &f,
        pw,
        &[&acc.real_name, &acc.id_number, &acc.mobile],
    ));
    if errors.is_empty() {
        let hash = hash_password(pw).await?;
        accounts::set_password(&state.db, acc, hash).await?;
        session::delete_others(&state.db, account_id, sid).await?;
        return Ok(Redirect::to("/account?changed=1").into_response());
    }
    Err(refused(BTreeMap::new(), errors))
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

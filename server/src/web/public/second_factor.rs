//! The second factor of center accounts, over HTTP: `/account/two-factor` sets it up (the secret
//! as a QR code and as text, confirmed with a code; then the recovery codes, shown once), and
//! `/login/two-factor` asks for a code after the password. The staff pages of a center role are
//! refused to a session that has not passed it.

use crate::web::route_table::Routes;

use axum::extract::State;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use content::page_data::{PageData, SecondFactorData};
use content::questionnaire::answers::FieldError;

use crate::auth::second_factor::{self, SecondFactorError};
use crate::limits::{now_ms, Limit, Subject};
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedInPerson};
use crate::web::identity::SessionId;
use crate::web::page::Page;
use crate::web::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/account/two-factor", get(setup_page).post(setup))
        .route("/login/two-factor", get(verify_page).post(verify))
}

fn session_id(parts: &Parts) -> Result<String, WebError> {
    parts
        .extensions
        .get::<SessionId>()
        .map(|s| s.0.clone())
        .ok_or(WebError::SignInNeeded)
}

/// The session passes the second factor under a new id (the old one stops working): the cookie
/// that carries it.
async fn elevate(
    state: &AppState,
    parts: &Parts,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<axum::response::AppendHeaders<[(axum::http::HeaderName, String); 1]>, WebError> {
    let id = crate::auth::session::pass_second_factor(&state.db, &session_id(parts)?, now)
        .await?
        .ok_or(WebError::SignInNeeded)?;
    let cookie =
        crate::web::identity::session_cookie(id, crate::web::client::of_parts(parts).https);
    Ok(axum::response::AppendHeaders([(
        axum::http::header::SET_COOKIE,
        cookie.to_string(),
    )]))
}

fn setup_data(secret: &str, id_number: &str) -> PageData {
    let uri = second_factor::otpauth_uri(secret, id_number);
    PageData::SecondFactor(SecondFactorData::Setup {
        secret: secret.to_string(),
        qr_svg: crate::printed::qr_svg(&uri),
    })
}

/// A new secret to scan; an account that has one already goes to the sign-in step instead.
async fn setup_page(SignedInPerson(me): SignedInPerson) -> Result<Page, WebError> {
    if me.account.totp_secret.is_some() {
        return Err(WebError::Elsewhere("/login/two-factor"));
    }
    Ok(Page::ok().with_data(setup_data(
        &second_factor::new_secret(),
        &me.account.id_number,
    )))
}

/// The secret (carried by the form) and a code from the app: the second factor is on, this
/// session has passed it, and the recovery codes are shown once.
async fn setup(
    State(state): State<AppState>,
    parts: Parts,
    SignedInPerson(me): SignedInPerson,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    if me.account.totp_secret.is_some() {
        return Err(WebError::Elsewhere("/login/two-factor"));
    }
    let secret = f.get("secret").cloned().unwrap_or_default();
    if second_factor::code_at(&secret, 0).is_none() {
        return Err(WebError::Elsewhere("/account/two-factor"));
    }
    let now = state.clock.now();
    match second_factor::enable(
        &state.db,
        &me.account,
        &secret,
        f.get("code").map(String::as_str).unwrap_or(""),
        state.clock.real_now(),
    )
    .await
    {
        Ok(codes) => {
            let cookie = elevate(&state, &parts, now).await?;
            Ok((
                cookie,
                Page::ok().with_data(PageData::SecondFactor(SecondFactorData::RecoveryCodes(
                    codes,
                ))),
            )
                .into_response())
        }
        Err(SecondFactorError::WrongCode) => Err(WebError::Refused(
            Page::ok()
                .with_data(setup_data(&secret, &me.account.id_number))
                .with_errors(vec![wrong_code()]),
        )),
        Err(SecondFactorError::Db(e)) => Err(e.into()),
    }
}

fn wrong_code() -> FieldError {
    FieldError::new(
        "code",
        "验证码不对或已过期，请输入验证器应用中当前显示的 6 位数字",
        "The code is wrong or has expired: enter the 6 digits the authenticator app shows now",
    )
}

async fn verify_page(SignedInPerson(me): SignedInPerson) -> Result<Page, WebError> {
    if me.account.totp_secret.is_none() {
        return Err(WebError::Elsewhere("/account/two-factor"));
    }
    Ok(Page::ok())
}

/// A code from the app, or a recovery code: this session has passed the second factor.
async fn verify(
    State(state): State<AppState>,
    parts: Parts,
    SignedInPerson(me): SignedInPerson,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    if me.account.totp_secret.is_none() {
        return Err(WebError::Elsewhere("/account/two-factor"));
    }
    let now = state.clock.now();
    // Six digits are guessed in time without a limit: wrong codes are counted per account.
    let me_subject = Subject::Account(format!("account:{}", me.account.id));
    if let Err(wait) = state
        .limiter
        .peek(Limit::SecondFactor, &me_subject, now_ms())
        .await?
    {
        tracing::warn!(account = me.account.id, "second-factor codes throttled");
        return Err(WebError::TooMany {
            wait,
            form: Some(Page::ok()),
        });
    }
    let typed = f.get("code").map(String::as_str).unwrap_or("");
    if second_factor::verify(&state.db, &me.account, typed, state.clock.real_now()).await? {
        state
            .limiter
            .clear(Limit::SecondFactor, &me_subject)
            .await?;
        let cookie = elevate(&state, &parts, now).await?;
        Ok((cookie, Redirect::to("/staff")).into_response())
    } else {
        tracing::warn!(account = me.account.id, "a wrong second-factor code");
        state
            .limiter
            .charge(Limit::SecondFactor, &me_subject, now_ms(), 2)
            .await?;
        Err(WebError::Refused(
            Page::ok().with_errors(vec![wrong_code()]),
        ))
    }
}

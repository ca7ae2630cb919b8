//! The page an invitation's link opens, `/invite/{token}`: who is invited to what; the person sets
//! a password (or, with an account already, gives its password) and is signed in with the role.

use crate::auth::invitation::Invitation;
use crate::web::route_table::Routes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum_extra::extract::cookie::CookieJar;
use content::page_data::{InviteData, PageData};
use content::questionnaire::answers::FieldError;
use shared::Role;

use crate::auth::invitation::{self, InvitationError};
use crate::auth::throttle;
use crate::limits::{now_ms, Limit};
use crate::web::client::Client;
use crate::web::error::WebError;
use crate::web::extract::CsrfForm;
use crate::web::page::Page;
use crate::web::rate_limit;
use crate::web::AppState;

pub fn routes() -> Routes {
    Routes::new().route("/invite/{token}", get(page).post(accept))
}

async fn data(state: &AppState, open: Option<&Invitation>) -> Result<InviteData, WebError> {
    let Some(i) = open else {
        return Ok(InviteData::Closed);
    };
    let organisation = crate::directory::names(&state.db, vec![i.organisation_id])
        .await?
        .remove(&i.organisation_id)
        .unwrap_or_default();
    Ok(InviteData::Open {
        name: i.real_name.clone(),
        id_masked: shared::identity::mask(&i.id_number),
        organisation,
        role: Role::from_code(&i.role),
        expires_at: crate::clock::in_china(&i.expires_at).naive_local(),
        has_account: invitation::existing_account(&state.db, i).await?.is_some(),
    })
}

/// The link no longer works: 410, and the page says why it may be.
fn closed() -> Response {
    use axum::response::IntoResponse;
    Page::status(axum::http::StatusCode::GONE)
        .with_data(PageData::Invite(InviteData::Closed))
        .into_response()
}

async fn page(State(state): State<AppState>, Path(token): Path<String>) -> Result<Page, WebError> {
    let open = invitation::open(&state.db, &token, state.clock.now()).await?;
    let data = data(&state, open.as_ref()).await?;
    let status = if matches!(data, InviteData::Closed) {
        axum::http::StatusCode::GONE
    } else {
        axum::http::StatusCode::OK
    };
    Ok(Page::status(status).with_data(PageData::Invite(data)))
}

async fn accept(
    State(state): State<AppState>,
    Path(token): Path<String>,
    client: Client,
    jar: CookieJar,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    rate_limit::by_address(&state, Limit::Invitation, client, None).await?;
    let now = state.clock.now();
    let Some(open) = invitation::open(&state.db, &token, now).await? else {
        return Ok(closed());
    };
    let form = Page::ok().with_data(PageData::Invite(data(&state, Some(&open)).await?));
    let pw = f.get("password").map(String::as_str).unwrap_or("");
    let existing = invitation::existing_account(&state.db, &open).await?;
    let (new_hash, held) = match &existing {
        // The password of an account already held: guessed here as at the sign-in, and
        // counted with it.
        Some(acc) => {
            let gate = throttle::may_try(
                &state.limiter,
                &state.db,
                &acc.id_number,
                Some(acc.id),
                client.address,
                now_ms(),
            )
            .await?;
            match gate {
                Ok(attempt) => (None, Some((acc, attempt))),
                Err(wait) => {
                    return Err(WebError::TooMany {
                        wait,
                        form: Some(form),
                    })
                }
            }
        }
        None => {
            if let Some(error) = super::account::new_password_errors(
                &f,
                pw,
                &[&open.real_name, &open.id_number, &open.mobile],
            ) {
                return Err(WebError::Refused(form.with_errors(vec![error])));
            }
            (Some(super::account::hash_password(pw).await?), None)
        }
    };
    match invitation::accept(&state.db, now, &open, pw, new_hash).await {
        Ok(account_id) => {
            if let Some((acc, _)) = held {
                throttle::succeeded(
                    &state.limiter,
                    &state.db,
                    &acc.id_number,
                    acc.id,
                    client.address,
                    state.clock.real_now(),
                )
                .await?;
            }
            super::account::start_session(&state, client, jar, account_id).await
        }
        Err(InvitationError::WrongPassword) => {
            if let Some((acc, attempt)) = held {
                throttle::failed(
                    &state.limiter,
                    &acc.id_number,
                    client.address,
                    attempt,
                    now_ms(),
                )
                .await?;
            }
            Err(WebError::Refused(form.with_errors(vec![FieldError::new(
                "password",
                "密码不对：请输入您已有账号的密码",
                "Wrong password: enter the password of the account you already have",
            )])))
        }
        Err(InvitationError::NotOpen | InvitationError::RoleDoesNotFit) => Ok(closed()),
        Err(InvitationError::Db(e)) => Err(e.into()),
    }
}

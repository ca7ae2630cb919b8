//! `/staff/{center}/revocations`: the center's administrator revokes a certificate by its number,
//! with the reason the public check will give at once; the certificates revoked are listed.

use crate::web::door::{Door, StaffRoute};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use content::page_data::{PageData, Revocations};
use shared::certificate::CertificateNumber;

use super::super::confirm::confirmed;
use super::super::error::WebError;
use super::super::extract::{CsrfForm, Parsed, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::views;
use crate::workflow::{certificates, Actor};
use app::form::confirm::Final;

async fn desk(state: &AppState, member: &StaffMember) -> Result<Page, WebError> {
    let rows = views::revocations::latest(&state.db).await?;
    Ok(
        Page::ok().with_data(PageData::Revocations(Box::new(Revocations {
            organisation: organisation_of(member),
            revoked: rows,
        }))),
    )
}

pub async fn page(State(state): State<AppState>, member: StaffMember) -> Result<Page, WebError> {
    super::center_admin(&member, "the revocations")?;
    desk(&state, &member).await
}

/// The revocation form: the certificate's number as typed and the reason.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RevocationForm {
    number: String,
    reason: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    member: StaffMember,
    Path(org): Path<i32>,
    CsrfForm(form): CsrfForm<Parsed<RevocationForm>>,
) -> Result<Response, WebError> {
    let admin = super::center_admin(&member, "the revocations")?;
    let actor = Actor::staff(admin, shared::Role::CenterAdmin, member.organisation.id);
    let fields = form.fields;
    let page = desk(&state, &member).await?.with_values(fields.clone());
    let Ok(form) = form.value else {
        return Err(WebError::NotFound);
    };
    let number = match CertificateNumber::parse(&form.number) {
        Ok(n) => n,
        Err(e) => {
            return Err(WebError::Refused(page.with_errors(vec![
                content::questionnaire::answers::FieldError::new("number", e.zh, e.en),
            ])))
        }
    };
    if let Err(e) = confirmed(&fields, Final::Revoke, None) {
        return Err(WebError::Refused(page.with_errors(vec![e])));
    }
    certificates::revoke(&state.db, state.clock.now(), actor, number, &form.reason)
        .await
        .map_err(|e| WebError::from_workflow(e, page))?;
    state.answers.forget();
    Ok(Redirect::to(&format!(
        "/staff/{org}/revocations?revoked={}",
        number.compact()
    ))
    .into_response())
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] =
    &[
        StaffRoute::get("/staff/{org}/revocations", Door::CenterAdmin, || get(page))
            .and_post(|| post(revoke)),
    ];

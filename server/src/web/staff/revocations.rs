//! `/staff/{center}/revocations`: the center's administrator revokes a certificate by its number,
//! with the reason the public check will give at once; the certificates revoked are listed.

use app::page_data::{PageData, Revocations};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::certificate::CertificateNumber;

use super::super::confirm::confirmed;
use super::super::error::WebError;
use super::super::extract::{CsrfForm, Parsed, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::clock::china;
use crate::entity::{application, certificate};
use crate::workflow::{certificates, Actor};
use app::form::confirm::Final;

async fn desk(state: &AppState, member: &StaffMember) -> Result<Page, WebError> {
    let revoked = certificate::Entity::find()
        .filter(certificate::Column::RevokedAt.is_not_null())
        .order_by_desc(certificate::Column::RevokedAt)
        .limit(100)
        .all(&state.db)
        .await?;
    let holders: Vec<(i32, i32)> = application::Entity::find()
        .select_only()
        .columns([application::Column::Id, application::Column::AccountId])
        .filter(
            application::Column::Id
                .is_in(revoked.iter().map(|c| c.application_id).collect::<Vec<_>>()),
        )
        .into_tuple()
        .all(&state.db)
        .await?;
    let accounts: Vec<i32> = holders.iter().map(|h| h.1).collect();
    let names = crate::workflow::queue::names(&state.db, accounts).await?;
    let holder = |app: i32| {
        holders
            .iter()
            .find(|h| h.0 == app)
            .and_then(|h| names.get(&h.1).cloned())
            .unwrap_or_default()
    };
    let rows = revoked
        .iter()
        .map(|c| {
            (
                c.number_shown(),
                holder(c.application_id),
                c.revoked_at
                    .map(|r| r.with_timezone(&china()).naive_local())
                    .unwrap_or_default(),
                c.revoked_reason.clone().unwrap_or_default(),
            )
        })
        .collect();
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
                app::questionnaire::answers::FieldError::new("number", e.zh, e.en),
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

//! `/staff/{center}/certificates`: the center's staff issue certificates (五（五））: the approved
//! applications waiting for one, filtered and paged like the list, the ticked ones issued at once
//! (one result, and one audit entry, each), and the latest certificates issued.

use std::collections::BTreeMap;

use app::page_data::{CertificatesDesk, IssuedCertificate, ListFilters, PageData};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::ApplicationStatus;

use super::super::audit_trail::RequestAudit;
use super::super::error::WebError;
use super::super::extract::{CsrfForm, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::clock::china;
use crate::entity::{application, certificate};
use crate::reports::list;
use crate::workflow::certificates;

const LATEST: u64 = 20;

async fn desk(
    state: &AppState,
    member: &StaffMember,
    q: &BTreeMap<String, String>,
) -> Result<Page, WebError> {
    let (mut filters, errors) = ListFilters::from_query(q);
    filters.status = Some(ApplicationStatus::Approved);
    let those = list::matching(&state.db, &state.round.id, &filters).await?;
    let (briefs, next) = list::keyset_page(&state.db, those, &filters).await?;
    let waiting = list::rows(&state.db, &briefs, false).await?;
    let latest = certificate::Entity::find()
        .order_by_desc(certificate::Column::Id)
        .limit(LATEST)
        .all(&state.db)
        .await?;
    let apps: BTreeMap<i32, (String, i32)> = application::Entity::find()
        .select_only()
        .columns([
            application::Column::Id,
            application::Column::Reference,
            application::Column::AccountId,
        ])
        .filter(
            application::Column::Id
                .is_in(latest.iter().map(|c| c.application_id).collect::<Vec<_>>()),
        )
        .into_tuple::<(i32, String, i32)>()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|(id, r, a)| (id, (r, a)))
        .collect();
    let accounts: Vec<i32> = apps.values().map(|(_, a)| *a).collect();
    let names = crate::workflow::queue::names(&state.db, accounts).await?;
    let issued = latest
        .into_iter()
        .filter_map(|c| {
            let (reference, account) = apps.get(&c.application_id)?.clone();
            let (qualification_zh, qualification_en) = c.qualification_words();
            Some(IssuedCertificate {
                reference,
                name: names.get(&account).cloned().unwrap_or_default(),
                number: c.number_shown(),
                qualification_zh,
                qualification_en,
                issued_at: c.issued_at.with_timezone(&china()).naive_local(),
            })
        })
        .collect();
    Ok(Page::ok()
        .with_errors(super::round::field_errors(errors))
        .with_data(PageData::Certificates(Box::new(CertificatesDesk {
            organisation: organisation_of(member),
            waiting,
            next,
            filters,
            issued,
        }))))
}

pub async fn page(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the certificates")?;
    desk(&state, &member, &q).await
}

/// Issues the ticked applications' certificates (`pick_{reference}`), one result each.
pub async fn issue_picked(
    State(state): State<AppState>,
    member: StaffMember,
    Path(org): Path<i32>,
    Query(q): Query<BTreeMap<String, String>>,
    Extension(audit): Extension<RequestAudit>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the certificates")?;
    let picked = super::picked(&f);
    if picked.is_empty() {
        let page = desk(&state, &member, &q).await?.with_values(f.clone());
        return Err(super::nothing_picked(page));
    }
    let apps = application::Entity::find()
        .filter(application::Column::Reference.is_in(picked.clone()))
        .filter(application::Column::RoundId.eq(state.round.id.as_str()))
        .all(&state.db)
        .await?;
    let mut issued = Vec::new();
    for app in &apps {
        match certificates::issue(&state.db, &state.round, state.clock.now(), actor, app).await {
            Ok(_) => issued.push(app.reference.clone()),
            Err(e) => {
                tracing::info!(reference = %app.reference, error = ?e, "a certificate was not issued")
            }
        }
    }
    let not: Vec<&str> = picked
        .iter()
        .filter(|p| !issued.contains(p))
        .map(String::as_str)
        .collect();
    Ok(super::after_bulk(
        &audit,
        &format!("/staff/{org}/certificates"),
        "issued",
        &issued.iter().collect::<Vec<_>>(),
        &not,
    ))
}

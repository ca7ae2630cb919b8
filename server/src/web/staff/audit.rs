//! `/staff/{center}/audit`: the audit log for the center's administrator, newest first, filtered
//! by application reference, person (ID number) or organisation, a page at a time by id.

use crate::web::door::{Door, StaffRoute};
use axum::routing::get;
use std::collections::BTreeMap;

use axum::extract::{Query, State};
use content::page_data::{AuditLog, PageData};

use super::super::error::WebError;
use super::super::extract::StaffMember;
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::views;

pub async fn log(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    super::center_admin(&member, "the audit log")?;
    let (rows, next) = views::audit::page(&state.db, &q).await?;
    let mut shown = q.clone();
    shown.remove("before");
    Ok(Page::ok().with_data(PageData::AuditLog(Box::new(AuditLog {
        organisation: organisation_of(&member),
        rows,
        filters: shown,
        next,
    }))))
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[StaffRoute::get(
    "/staff/{org}/audit",
    Door::CenterAdmin,
    || get(log),
)];

//! `/staff/{org}/help`: what the member's desk in the organisation is for, the notice's clauses
//! it applies and whom to call. Open to every staff role of the organisation; the page says it for
//! the roles held there.

use axum::routing::get;
use content::page_data::PageData;

use super::super::error::WebError;
use super::super::extract::StaffMember;
use super::super::page::Page;
use super::organisation_of;
use crate::web::door::{Door, StaffRoute};

async fn page(member: StaffMember) -> Result<Page, WebError> {
    Ok(Page::ok().with_data(PageData::Help(organisation_of(&member))))
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[StaffRoute::get("/staff/{org}/help", Door::Member, || {
    get(page)
})];

//! The staff's pages and actions: `/staff/{organisation id}/…`, each handler taking a
//! `StaffMember` (roles held in that organisation) and acting through `workflow::transition` as
//! `StaffMember::as_role`. Units, departments and the center's desk add their routes here.

use axum::Router;

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

//! The applicant's pages and actions, each on the signed-in person's own application (no route
//! takes an application's id).

mod apply;

use axum::Router;

use super::AppState;

pub fn routes() -> Router<AppState> {
    apply::routes()
}

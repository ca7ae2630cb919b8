//! The applicant's pages and actions, each on the signed-in person's own application (no route
//! takes an application's id).

mod apply;

use crate::web::route_table::Routes;

pub fn routes() -> Routes {
    apply::routes()
}

//! Who may come through each staff route: the doors, and the staff route as each desk declares
//! it (path, door, handlers). The router (`web::staff::routes`) is built from the desks' lists and
//! attaches each route's door to its requests; the guard extractor (`web::extract::StaffMember`)
//! admits only whom that door admits; the permission sweeps walk the same lists.

use axum::routing::MethodRouter;
use axum::Extension;
use shared::Role;

use super::AppState;

/// The handlers of one method of a route.
type Handler = fn() -> MethodRouter<AppState>;

/// One staff route: its path pattern (as the router matches it), its door and the handlers of
/// its methods, declared once in the desk's module (`ROUTES`, at its end): a route declared there
/// is routed, guarded and swept by the permission tests without more code.
#[derive(Clone, Copy)]
pub struct StaffRoute {
    pub path: &'static str,
    pub door: Door,
    get: Option<Handler>,
    post: Option<Handler>,
}

impl StaffRoute {
    pub const fn get(path: &'static str, door: Door, handler: Handler) -> StaffRoute {
        StaffRoute {
            path,
            door,
            get: Some(handler),
            post: None,
        }
    }

    pub const fn post(path: &'static str, door: Door, handler: Handler) -> StaffRoute {
        StaffRoute {
            path,
            door,
            get: None,
            post: Some(handler),
        }
    }

    pub const fn and_post(self, handler: Handler) -> StaffRoute {
        StaffRoute {
            post: Some(handler),
            ..self
        }
    }

    /// The methods it answers.
    pub fn methods(&self) -> Vec<&'static str> {
        [("GET", self.get.is_some()), ("POST", self.post.is_some())]
            .into_iter()
            .filter_map(|(method, answered)| answered.then_some(method))
            .collect()
    }

    /// Its handlers, each request carrying the route's door for the guard.
    pub fn handlers(&self) -> MethodRouter<AppState> {
        [self.get, self.post]
            .into_iter()
            .flatten()
            .fold(MethodRouter::new(), |router, handler| {
                router.merge(handler())
            })
            .layer(Extension(self.door))
    }
}

/// Who may come through a staff route's door: the role rules as data, for the roles a person
/// holds in the organisation of the path's `{org}`. The guard (`StaffMember`) enforces them, the
/// workflow the case's own conditions on top (an application must be the organisation's); the permission sweep
/// (server/tests/it/every_door.rs) calls every route as every role and checks the server answers
/// exactly what this says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    /// Anyone holding a staff role somewhere (`/staff`, the list of their organisations).
    AnyStaff,
    /// Anyone holding a staff role in the organisation (its queue: what its roles may act on).
    Member,
    /// The reviewers of units, departments and agencies, on the applications routed to them.
    Reviewers,
    /// The unit's reviewer alone (the 公示 is the unit's).
    UnitReviewer,
    /// The competent department's and the dispatch agency's reviewers (their stamps, in batches).
    Approvers,
    /// The center's staff (the paper, the re-review, the certificates).
    CenterStaff,
    /// The center's administrator (the directory, invitations, audit, revocations).
    CenterAdmin,
    /// The center's staff or administrator (the round's list, exports and dashboard).
    Center,
}

impl Door {
    /// Whether a person holding `roles` in the path's organisation is let in.
    pub fn admits(self, roles: &[Role]) -> bool {
        let holds = |r: Role| roles.contains(&r);
        match self {
            Door::AnyStaff | Door::Member => roles.iter().any(|r| r.is_staff()),
            Door::Reviewers => {
                holds(Role::UnitReviewer)
                    || holds(Role::DepartmentReviewer)
                    || holds(Role::AgencyReviewer)
            }
            Door::UnitReviewer => holds(Role::UnitReviewer),
            Door::Approvers => holds(Role::DepartmentReviewer) || holds(Role::AgencyReviewer),
            Door::CenterStaff => holds(Role::CenterStaff),
            Door::CenterAdmin => holds(Role::CenterAdmin),
            Door::Center => holds(Role::CenterStaff) || holds(Role::CenterAdmin),
        }
    }
}

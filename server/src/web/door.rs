//! The staff routes and their doors, declared once: the router (`web::staff::routes`) is built
//! from `ROUTES`, the guard extractor (`web::extract::StaffMember`) admits only whom the door of
//! the address admits, and the permission sweeps walk the same list.

use shared::Role;

/// Every staff route, the methods it answers and its door, declared once: the router is built
/// from this list, the guard extractor (`StaffMember`) lets in only whom the door admits, and the
/// permission tests walk it, so a route added here is guarded and tested without more code.
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::new("/staff", &["GET"], Door::AnyStaff),
    StaffRoute::new("/staff/{org}", &["GET"], Door::Member),
    StaffRoute::new(
        "/staff/{org}/publicity",
        &["GET", "POST"],
        Door::UnitReviewer,
    ),
    StaffRoute::new("/staff/{org}/publicity.pdf", &["GET"], Door::UnitReviewer),
    StaffRoute::new("/staff/{org}/approve", &["POST"], Door::Approvers),
    StaffRoute::new(
        "/staff/{org}/applications/{reference}",
        &["GET", "POST"],
        Door::Reviewers,
    ),
    StaffRoute::new(
        "/staff/{org}/applications/{reference}/declaration.pdf",
        &["GET"],
        Door::Reviewers,
    ),
    StaffRoute::new(
        "/staff/{org}/organisations",
        &["GET", "POST"],
        Door::CenterAdmin,
    ),
    StaffRoute::new(
        "/staff/{org}/organisations/import",
        &["POST"],
        Door::CenterAdmin,
    ),
    StaffRoute::new(
        "/staff/{org}/organisations/{id}",
        &["GET", "POST"],
        Door::CenterAdmin,
    ),
    StaffRoute::new(
        "/staff/{org}/invitations",
        &["GET", "POST"],
        Door::CenterAdmin,
    ),
    StaffRoute::new(
        "/staff/{org}/invitations/{id}/revoke",
        &["POST"],
        Door::CenterAdmin,
    ),
    StaffRoute::new("/staff/{org}/intake", &["GET"], Door::CenterStaff),
    StaffRoute::new(
        "/staff/{org}/intake/{reference}",
        &["GET", "POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/intake/{reference}/receipt",
        &["GET"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/intake/{reference}/supplement",
        &["POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/intake/{reference}/late",
        &["POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/intake/{reference}/late/confirm",
        &["POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new("/staff/{org}/to-route", &["GET"], Door::CenterStaff),
    StaffRoute::new(
        "/staff/{org}/to-route/{reference}",
        &["POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/re-review",
        &["GET", "POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/re-review/{reference}",
        &["GET", "POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/re-review/{reference}/declaration.pdf",
        &["GET"],
        Door::CenterStaff,
    ),
    StaffRoute::new("/staff/{org}/round", &["GET"], Door::Center),
    StaffRoute::new("/staff/{org}/round.csv", &["GET"], Door::Center),
    StaffRoute::new("/staff/{org}/round.xlsx", &["GET"], Door::Center),
    StaffRoute::new("/staff/{org}/dashboard", &["GET"], Door::Center),
    StaffRoute::new("/staff/{org}/audit", &["GET"], Door::CenterAdmin),
    StaffRoute::new(
        "/staff/{org}/certificates",
        &["GET", "POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/certificates/all",
        &["POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/certificates/collect",
        &["POST"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/certificates/{reference}/certificate.pdf",
        &["GET"],
        Door::CenterStaff,
    ),
    StaffRoute::new(
        "/staff/{org}/revocations",
        &["GET", "POST"],
        Door::CenterAdmin,
    ),
];

/// One staff route: its path pattern (as the router matches it), methods and door.
#[derive(Clone, Copy, Debug)]
pub struct StaffRoute {
    pub path: &'static str,
    pub methods: &'static [&'static str],
    pub door: Door,
}

impl StaffRoute {
    const fn new(path: &'static str, methods: &'static [&'static str], door: Door) -> StaffRoute {
        StaffRoute {
            path,
            methods,
            door,
        }
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

/// The door of a route of `ROUTES`, by its path pattern (`None`: not a staff route).
pub fn door(path: &str) -> Option<Door> {
    ROUTES.iter().find(|r| r.path == path).map(|r| r.door)
}

/// The door of the route an address reaches (`/staff/12/intake/AB12CD34`): the pattern whose
/// literal segments all match, the most literal one first, as the router chooses.
pub fn door_of_address(address: &str) -> Option<Door> {
    let segments: Vec<&str> = address.trim_end_matches('/').split('/').collect();
    ROUTES
        .iter()
        .filter_map(|r| {
            let pattern: Vec<&str> = r.path.split('/').collect();
            let matches = pattern.len() == segments.len()
                && pattern
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s);
            matches.then(|| {
                (
                    pattern.iter().filter(|p| p.starts_with('{')).count(),
                    r.door,
                )
            })
        })
        .min_by_key(|(params, _)| *params)
        .map(|(_, door)| door)
}

#[cfg(test)]
mod door_tests {
    use super::*;

    #[test]
    fn an_address_finds_the_door_its_route_declares() {
        assert_eq!(door_of_address("/staff/3"), Some(Door::Member));
        assert_eq!(
            door_of_address("/staff/3/organisations/import"),
            Some(Door::CenterAdmin)
        );
        assert_eq!(
            door_of_address("/staff/3/intake/AB12CD34/receipt"),
            Some(Door::CenterStaff)
        );
        assert_eq!(
            door_of_address("/staff/3/to-route/AB12CD34"),
            Some(Door::CenterStaff)
        );
        assert_eq!(door_of_address("/staff/3/queue"), None);
        assert_eq!(door_of_address("/staff/3//receipt"), None);
        for r in ROUTES {
            let address = r
                .path
                .replace("{org}", "7")
                .replace("{reference}", "R")
                .replace("{id}", "9");
            assert_eq!(door_of_address(&address), Some(r.door), "{}", r.path);
        }
    }
}

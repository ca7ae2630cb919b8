//! Every route, every role: the router's own list of paths (`server::web::route_paths`, nothing
//! typed here) called with every method by nobody, two applicants, the reviewers of the
//! application's unit, of another unit, of a department it is not under and of a dispatch
//! agency, the center's staff and its administrator. What each may do comes from the role rules
//! (`staff::door` for the staff routes, the audience of the rest) and the application's routing;
//! any other answer fails with the route and the role. Every POST without the CSRF token is
//! refused, and every answer carries the security headers. The matrix is printed.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use server::web::staff::{door, Door};
use shared::Role;
use support::{Browser, Server, TestDb};

/// What a person gets at a door.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Answer {
    /// In: the handler ran (a page, a redirect onwards, or its own 4xx on the form or the case).
    In,
    /// Sent to sign in.
    SignIn,
    /// 403.
    Refused,
}

impl Answer {
    fn of(status: u16, location: &str) -> Answer {
        match status {
            403 => Answer::Refused,
            303 | 302 | 307 if location == "/login" || location.starts_with("/login?") => {
                Answer::SignIn
            }
            _ => Answer::In,
        }
    }

    fn mark(self) -> &'static str {
        match self {
            Answer::In => "in",
            Answer::SignIn => "login",
            Answer::Refused => "403",
        }
    }
}

struct Person {
    name: &'static str,
    browser: Browser,
    signed_in: bool,
    /// The staff roles held, by organisation id.
    roles: BTreeMap<i32, Vec<Role>>,
    /// The organisation the person acts for (the `{org}` tried first).
    home: Option<i32>,
}

impl Person {
    fn roles_in(&self, org: i32) -> &[Role] {
        self.roles.get(&org).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The public routes anyone may use; the account's own pages and the application need a session.
fn needs_session(pattern: &str) -> bool {
    pattern.starts_with("/apply")
        || pattern.starts_with("/account")
        || pattern == "/login/two-factor"
        || pattern.starts_with("/staff")
}

const SECURITY_HEADERS: [&str; 4] = [
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "content-security-policy",
];

#[tokio::test]
async fn every_route_answers_every_role_as_the_rules_say() {
    // With a seal key, so the published documents (keys, revocations) are served too.
    let db = TestDb::sqlite();
    support::seed_demo(&db.url);
    let keys = support::TempDir::new("door-key");
    let key = support::seal_key(&keys);
    let server = Server::start(
        &db.url,
        &["--clock", "2026-05-20", "--seal-key", key.to_str().unwrap()],
    )
    .await;
    let conn = server::db::connect(&db.url).await.unwrap();
    let account = |id: &'static str| {
        let conn = conn.clone();
        async move {
            server::entity::account::Entity::find()
                .filter(server::entity::account::Column::IdNumber.eq(id))
                .one(&conn)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("no account {id}"))
                .id
        }
    };
    // Applicant A's submitted application and where it is routed.
    let a_account = account("320706198808081235").await;
    let a_app = server::entity::application::Entity::find()
        .filter(server::entity::application::Column::AccountId.eq(a_account))
        .one(&conn)
        .await
        .unwrap()
        .expect("A's application");
    let a_unit = a_app.unit_id.expect("A's unit");
    let certified = server::entity::certificate::Entity::find()
        .one(&conn)
        .await
        .unwrap()
        .expect("the demo's certificate");

    // Another unit and a department A's unit is not under, each with a reviewer of its own.
    let grant = |who: i32, org: i32, role: Role| {
        let conn = conn.clone();
        async move {
            server::entity::role_grant::ActiveModel {
                account_id: Set(who),
                organisation_id: Set(Some(org)),
                role: Set(role.as_str().into()),
                created_at: Set(
                    chrono::DateTime::parse_from_rfc3339("2026-05-11T10:00:00+08:00").unwrap(),
                ),
                ..Default::default()
            }
            .insert(&conn)
            .await
            .unwrap();
        }
    };
    let other_unit = support::organisation_row(&conn, "另一单位", "municipal_unit").await;
    let other_department =
        support::organisation_row(&conn, "另一主管部门", "competent_department").await;
    let mut people = Vec::new();
    for (name, id, password) in [
        ("nobody", "", ""),
        ("applicant A", "320706198808081235", "demo1234"),
        ("applicant B", "11010519491231002X", "demo1234"),
        ("unit reviewer (A's unit)", "320706198001010014", "demo1234"),
        ("unit reviewer (another unit)", "", support::PASSWORD),
        ("department reviewer (not A's)", "", support::PASSWORD),
        ("agency reviewer", "32070619820303003X", "demo1234"),
        ("center staff", "320706198405050055", "demo1234"),
        ("center administrator", "320706198304040042", "demo1234"),
    ] {
        let browser = Browser::new(&server);
        let id = match name {
            "unit reviewer (another unit)" => {
                let id = support::id_number(901);
                browser.register("另一单位审核人", &id).await;
                grant(account(leak(&id)).await, other_unit, Role::UnitReviewer).await;
                Some(id)
            }
            "department reviewer (not A's)" => {
                let id = support::id_number(902);
                browser.register("另一部门审核人", &id).await;
                grant(
                    account(leak(&id)).await,
                    other_department,
                    Role::DepartmentReviewer,
                )
                .await;
                Some(id)
            }
            _ if id.is_empty() => None,
            _ => Some(id.to_string()),
        };
        let mut roles: BTreeMap<i32, Vec<Role>> = BTreeMap::new();
        if let Some(id) = &id {
            browser.login(id, password).await;
            let me = account(leak(id)).await;
            for g in server::entity::role_grant::Entity::find()
                .filter(server::entity::role_grant::Column::AccountId.eq(me))
                .all(&conn)
                .await
                .unwrap()
            {
                if let (Some(org), Some(role)) = (g.organisation_id, Role::from_code(&g.role)) {
                    if role.is_staff() {
                        roles.entry(org).or_default().push(role);
                    }
                }
            }
            if roles.values().any(|r| {
                r.iter()
                    .any(|r| matches!(r, Role::CenterStaff | Role::CenterAdmin))
            }) {
                browser
                    .pass_second_factor(server::demo::DEMO_TOTP_SECRET)
                    .await;
            }
        }
        let home = roles.keys().next().copied();
        people.push(Person {
            name,
            browser,
            signed_in: id.is_some(),
            roles,
            home,
        });
    }

    // The application is its unit's, its department's (and its agency's, were it dispatched);
    // the center's desks see every application.
    let routed_to = |org: i32, roles: &[Role]| {
        Some(org) == a_app.unit_id
            || Some(org) == a_app.department_id
            || Some(org) == a_app.dispatch_agency_id
            || roles
                .iter()
                .any(|r| matches!(r, Role::CenterStaff | Role::CenterAdmin))
    };

    let paths = server::web::route_paths();
    assert!(paths.len() > 40, "the router lists {} paths", paths.len());
    // Signing out last, so the rest is asked of a signed-in person.
    let (last, first): (Vec<_>, Vec<_>) = paths.iter().partition(|p| p.as_str() == "/logout");
    let methods = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ];
    let mut failures = Vec::new();
    // (route, method) → per person, the answers (own organisation first, then A's unit).
    let mut matrix: BTreeMap<(String, String), BTreeMap<usize, Vec<&str>>> = BTreeMap::new();
    let mut calls = 0usize;
    for pattern in first.into_iter().chain(last) {
        for (who, person) in people.iter().enumerate() {
            // The organisations tried: the person's own and the application's unit.
            let orgs: Vec<i32> = if pattern.contains("{org}") {
                let mut o: Vec<i32> = person.home.into_iter().collect();
                if !o.contains(&a_unit) {
                    o.push(a_unit);
                }
                o
            } else {
                vec![0]
            };
            for org in orgs {
                let path = fill(pattern, org, &a_app.reference, &certified.number);
                let expected = expect(person, pattern, org, &routed_to);
                let csrf = person.browser.csrf().await;
                for method in &methods {
                    calls += 1;
                    let mut req = person
                        .browser
                        .http
                        .request(method.clone(), server.url(&path));
                    // The directory's import is an upload (multipart, as its page sends it).
                    if pattern.ends_with("/import") && method == Method::POST {
                        req = req
                            .header(
                                "content-type",
                                "multipart/form-data; boundary=sweep-boundary",
                            )
                            .body(format!(
                                "--sweep-boundary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--sweep-boundary--\r\n"
                            ));
                    } else if method != Method::GET {
                        req = req.form(&[("csrf", csrf.as_str())]);
                    }
                    let res = req.send().await.unwrap();
                    let status = res.status().as_u16();
                    let location = header(&res, "location");
                    for h in SECURITY_HEADERS {
                        if res.headers().get(h).is_none() {
                            failures.push(format!("{method} {path} as {}: no {h}", person.name));
                        }
                    }
                    if status == 405 {
                        continue;
                    }
                    if status >= 500 {
                        failures.push(format!("{method} {path} as {}: {status}", person.name));
                        continue;
                    }
                    let got = Answer::of(status, &location);
                    matrix
                        .entry((pattern.clone(), method.to_string()))
                        .or_default()
                        .entry(who)
                        .or_default()
                        .push(got.mark());
                    if got != expected {
                        failures.push(format!(
                            "{method} {path} as {}: {status} {location} ({got:?}), the rules say {expected:?}",
                            person.name
                        ));
                    }
                    // The JSON API reads no cookie (the identity layer skips it), so a forged
                    // request carries no one's authority: it has no token to check.
                    if method != Method::GET && !pattern.starts_with("/api/") {
                        // The same without the token: refused, whoever asks.
                        let res = person
                            .browser
                            .http
                            .request(method.clone(), server.url(&path))
                            .form(&[("x", "1")])
                            .send()
                            .await
                            .unwrap();
                        let status = res.status().as_u16();
                        let location = header(&res, "location");
                        let refused = status == 403
                            || (!person.signed_in
                                && Answer::of(status, &location) == Answer::SignIn);
                        if !refused {
                            failures.push(format!(
                                "{method} {path} as {} without the CSRF token: {status} {location}",
                                person.name
                            ));
                        }
                    }
                }
            }
        }
    }
    println!(
        "{} paths × {} people × 5 methods: {calls} calls",
        paths.len(),
        people.len()
    );
    // The matrix: "in", "login" or "403"; a/b where the person's own organisation and A's unit
    // answered differently.
    println!(
        "route | method | {}",
        people
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join(" | ")
    );
    for ((pattern, method), row) in &matrix {
        let cells: Vec<String> = (0..people.len())
            .map(|i| {
                let mut marks = row.get(&i).cloned().unwrap_or_default();
                marks.dedup();
                marks.join("/")
            })
            .collect();
        println!("{pattern} | {method} | {}", cells.join(" | "));
    }
    assert!(
        failures.is_empty(),
        "{} answers differ from the rules:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What the rules say `person` gets at `pattern` in organisation `org` (0: no organisation).
fn expect(
    person: &Person,
    pattern: &str,
    org: i32,
    routed_to: &dyn Fn(i32, &[Role]) -> bool,
) -> Answer {
    if !needs_session(pattern) {
        return Answer::In;
    }
    if !person.signed_in {
        return Answer::SignIn;
    }
    if !pattern.starts_with("/staff") {
        return Answer::In;
    }
    let door = door(pattern).expect("every staff route declares its door");
    let roles: Vec<Role> = if door == Door::AnyStaff {
        person.roles.values().flatten().copied().collect()
    } else {
        person.roles_in(org).to_vec()
    };
    let case_ok = !pattern.contains("{reference}") || routed_to(org, &roles);
    if door.admits(&roles) && case_ok {
        Answer::In
    } else {
        Answer::Refused
    }
}

/// The path with its variable parts filled: the organisation tried, A's application, the demo's
/// certificate; anything else gets a value that names nothing.
fn fill(pattern: &str, org: i32, reference: &str, certificate: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}').unwrap();
        let name = &rest[start + 1..end];
        out.push_str(&match name {
            "org" => org.to_string(),
            "reference" => reference.to_string(),
            "number" => certificate.to_string(),
            "section" => "personal".to_string(),
            "tag" => "en".to_string(),
            "size" => "large".to_string(),
            "token" => "0".repeat(64),
            _ => "1".to_string(),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Every action of the transition table tried on every application a reviewer can open (the
/// demo's, in states from submitted to certified), by the reviewers of the unit and of the
/// department: the server carries it out exactly when the table has a row for the application's
/// state, the action and a role the reviewer holds there, and the state it leads to is the
/// table's. A refusal (403, or 409 when the role may act but not in this state) changes nothing.
#[tokio::test]
async fn every_action_is_answered_as_the_transition_table_says() {
    use shared::workflow::{next, Action};
    use shared::ApplicationStatus;
    let (db, server) = support::demo_server().await;
    let conn = server::db::connect(&db.url).await.unwrap();
    let pattern = server::web::route_paths()
        .into_iter()
        .find(|p| p.starts_with("/staff/") && p.ends_with("/applications/{reference}"))
        .expect("the reviewers' application route");
    let mut tried = 0;
    let mut done = BTreeSet::new();
    let mut failures = Vec::new();
    for (name, id) in [
        ("unit reviewer", "320706198001010014"),
        ("department reviewer", "320706198102020027"),
    ] {
        let b = Browser::new(&server);
        b.login(id, "demo1234").await;
        let me = server::entity::account::Entity::find()
            .filter(server::entity::account::Column::IdNumber.eq(id))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let grant = server::entity::role_grant::Entity::find()
            .filter(server::entity::role_grant::Column::AccountId.eq(me.id))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let (org, role) = (
            grant.organisation_id.unwrap(),
            Role::from_code(&grant.role).unwrap(),
        );
        let theirs = server::entity::application::Entity::find()
            .all(&conn)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.unit_id == Some(org) || a.department_id == Some(org))
            .map(|a| a.id)
            .collect::<Vec<_>>();
        assert!(
            theirs.len() >= 4,
            "{name} sees {} applications",
            theirs.len()
        );
        for app_id in theirs {
            for action in Action::ALL {
                let app = server::entity::application::Entity::find_by_id(app_id)
                    .one(&conn)
                    .await
                    .unwrap()
                    .unwrap();
                let from = ApplicationStatus::from_code(&app.status).unwrap();
                let path = fill(&pattern, org, &app.reference, "");
                let csrf = b.csrf().await;
                let version = app.version.to_string();
                let res = b
                    .http
                    .post(server.url(&path))
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("action", action.as_str()),
                        ("version", version.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap();
                tried += 1;
                let status = res.status().as_u16();
                let after = server::entity::application::Entity::find_by_id(app_id)
                    .one(&conn)
                    .await
                    .unwrap()
                    .unwrap();
                let to = ApplicationStatus::from_code(&after.status).unwrap();
                let allowed = next(from, *action, role);
                let what = format!(
                    "{} on {} ({}) by the {name}: {status}",
                    action.as_str(),
                    app.reference,
                    from.as_str()
                );
                if status >= 500 {
                    failures.push(what);
                    continue;
                }
                match allowed {
                    None if matches!(status, 403 | 409) && to == from => {}
                    None => failures.push(format!(
                        "{what}, now {}: the table has no such row",
                        to.as_str()
                    )),
                    // Carried out: the table's state. Or refused by the case's own conditions
                    // (a reason to give, a date), past the door: nothing changed.
                    Some(target) if status == 303 && to == target => {
                        done.insert(format!(
                            "{} {} → {}",
                            from.as_str(),
                            action.as_str(),
                            to.as_str()
                        ));
                    }
                    Some(_) if matches!(status, 200 | 422) && to == from => {}
                    Some(target) => failures.push(format!(
                        "{what}, now {} (the table says {} or a form error)",
                        to.as_str(),
                        target.as_str()
                    )),
                }
            }
        }
    }
    println!("{tried} actions tried; carried out: {done:#?}");
    assert!(!done.is_empty());
    assert!(
        failures.is_empty(),
        "{} answers differ from the transition table:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

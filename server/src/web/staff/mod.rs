//! The staff's pages and actions: `/staff` (the organisations a person acts for), and under
//! `/staff/{organisation id}/…` the queue and each application, every handler taking a
//! `StaffMember` (roles held in that organisation) and acting through `workflow` as that member.
//! An application of another organisation is refused (403, logged), as is any action the
//! transition table or the case does not allow.

mod audit;
mod certificates;
mod directory;
mod intake;
mod invitations;
mod re_review;
mod revocations;
mod round;

use crate::web::route_table::Routes;
use std::collections::BTreeMap;

use app::page_data::{
    ObjectionRow, PageData, PublicityNotice, PublicityRow, QueueData, QueueFilters, ReviewData,
    StaffOrganisation,
};
use app::questionnaire::answers::FieldError;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::workflow::{OrganisationKind, ReviewReason};
use shared::{Action, ApplicationStatus, Level, Role, Series};

use super::error::WebError;
use super::extract::{CsrfForm, Fields, SignedInPerson, StaffMember};
use super::page::Page;
use super::AppState;
use crate::entity::{account, application, application_event, objection, organisation, role_grant};
use crate::workflow::review::{self, Reasons, Reviewers};
use crate::workflow::{self, queue, Actor};

/// Every staff route and the methods it answers. The router is built from this list alone, and
/// the permission tests walk it, so a route added here is tested without editing a test.
pub const ROUTES: &[(&str, &[&str])] = &[
    ("/staff", &["GET"]),
    ("/staff/{org}", &["GET"]),
    ("/staff/{org}/publicity", &["GET", "POST"]),
    ("/staff/{org}/publicity.pdf", &["GET"]),
    ("/staff/{org}/applications/{reference}", &["GET", "POST"]),
    (
        "/staff/{org}/applications/{reference}/declaration.pdf",
        &["GET"],
    ),
    ("/staff/{org}/organisations", &["GET", "POST"]),
    ("/staff/{org}/organisations/import", &["POST"]),
    ("/staff/{org}/organisations/{id}", &["GET", "POST"]),
    ("/staff/{org}/invitations", &["GET", "POST"]),
    ("/staff/{org}/invitations/{id}/revoke", &["POST"]),
    ("/staff/{org}/intake", &["GET"]),
    ("/staff/{org}/intake/{reference}", &["GET", "POST"]),
    ("/staff/{org}/intake/{reference}/receipt", &["GET"]),
    ("/staff/{org}/re-review", &["GET", "POST"]),
    ("/staff/{org}/re-review/{reference}", &["GET", "POST"]),
    ("/staff/{org}/round", &["GET"]),
    ("/staff/{org}/round.csv", &["GET"]),
    ("/staff/{org}/round.xlsx", &["GET"]),
    ("/staff/{org}/dashboard", &["GET"]),
    ("/staff/{org}/audit", &["GET"]),
    ("/staff/{org}/certificates", &["GET", "POST"]),
    ("/staff/{org}/certificates/all", &["POST"]),
    ("/staff/{org}/certificates/collect", &["POST"]),
    (
        "/staff/{org}/certificates/{reference}/certificate.pdf",
        &["GET"],
    ),
    ("/staff/{org}/revocations", &["GET", "POST"]),
];

/// Who may come through a staff route's door: the role rules as data, for the roles a person
/// holds in the organisation of the path's `{org}`. The handlers enforce them (with the case's
/// own conditions on top: an application must be the organisation's); the permission sweep
/// (server/tests/every_door.rs) calls every route as every role and checks the server answers
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
            Door::CenterStaff => holds(Role::CenterStaff),
            Door::CenterAdmin => holds(Role::CenterAdmin),
            Door::Center => holds(Role::CenterStaff) || holds(Role::CenterAdmin),
        }
    }
}

/// The door of each route of `ROUTES`.
pub fn door(path: &str) -> Door {
    let tail = path.strip_prefix("/staff/{org}").unwrap_or("");
    match tail.split('/').nth(1).unwrap_or(tail) {
        _ if path == "/staff" => Door::AnyStaff,
        "" => Door::Member,
        "applications" => Door::Reviewers,
        "publicity" | "publicity.pdf" => Door::UnitReviewer,
        "intake" | "re-review" | "certificates" => Door::CenterStaff,
        "organisations" | "invitations" | "audit" | "revocations" => Door::CenterAdmin,
        "round" | "round.csv" | "round.xlsx" | "dashboard" => Door::Center,
        other => unreachable!("a staff route without a door: {path} ({other})"),
    }
}

fn handlers(path: &str) -> MethodRouter<AppState> {
    match path {
        "/staff" => get(home),
        "/staff/{org}" => get(queue_page),
        "/staff/{org}/publicity" => get(publicity_page).post(start_publicity_for_picked),
        "/staff/{org}/publicity.pdf" => get(publicity_pdf),
        "/staff/{org}/applications/{reference}" => get(application_page).post(act),
        "/staff/{org}/applications/{reference}/declaration.pdf" => get(declaration_pdf),
        "/staff/{org}/organisations" => get(directory::list).post(directory::add),
        "/staff/{org}/organisations/import" => post(directory::import_file),
        "/staff/{org}/organisations/{id}" => get(directory::edit).post(directory::update),
        "/staff/{org}/invitations" => get(invitations::list).post(invitations::create),
        "/staff/{org}/invitations/{id}/revoke" => post(invitations::revoke),
        "/staff/{org}/intake" => get(intake::search),
        "/staff/{org}/intake/{reference}" => get(intake::application).post(intake::receive),
        "/staff/{org}/intake/{reference}/receipt" => get(intake::receipt_page),
        "/staff/{org}/re-review" => get(re_review::list).post(re_review::approve_picked),
        "/staff/{org}/re-review/{reference}" => get(re_review::application).post(re_review::decide),
        "/staff/{org}/round" => get(round::list_page),
        "/staff/{org}/round.csv" => get(round::csv),
        "/staff/{org}/round.xlsx" => get(round::xlsx),
        "/staff/{org}/dashboard" => get(round::dashboard_page),
        "/staff/{org}/audit" => get(audit::log),
        "/staff/{org}/certificates" => get(certificates::page).post(certificates::issue_picked),
        "/staff/{org}/certificates/all" => post(certificates::issue_all),
        "/staff/{org}/certificates/collect" => post(certificates::record_collection),
        "/staff/{org}/certificates/{reference}/certificate.pdf" => get(certificates::pdf),
        "/staff/{org}/revocations" => get(revocations::page).post(revocations::revoke),
        other => unreachable!("a staff route without handlers: {other}"),
    }
}

pub fn routes() -> Routes {
    ROUTES.iter().fold(Routes::new(), |router, (path, _)| {
        router.route(path, handlers(path))
    })
}

fn organisation_of(member: &StaffMember) -> StaffOrganisation {
    let o = &member.organisation;
    StaffOrganisation {
        id: o.id,
        name: o.name.clone(),
        kind: OrganisationKind::from_code(&o.kind),
        roles: member.roles.clone(),
    }
}

fn actors(member: &StaffMember) -> Vec<Actor> {
    member
        .roles
        .iter()
        .filter_map(|r| member.as_role(*r))
        .collect()
}

/// The organisations the signed-in person acts for; a person with none is not staff.
async fn home(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    SignedInPerson(me): SignedInPerson,
) -> Result<Page, WebError> {
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(me.account.id))
        .all(&state.db)
        .await?;
    let mut by_org: BTreeMap<i32, Vec<Role>> = BTreeMap::new();
    for g in &grants {
        if let (Some(org), Some(role)) = (g.organisation_id, Role::from_code(&g.role)) {
            if role.is_staff() {
                by_org.entry(org).or_default().push(role);
            }
        }
    }
    if by_org
        .values()
        .any(|roles| crate::auth::second_factor::needed_for(roles))
    {
        super::extract::second_factor_passed(&parts, &state, &me).await?;
    }
    if by_org.is_empty() {
        tracing::warn!(
            account = me.account.id,
            "the staff pages were refused to an account without a staff role"
        );
        return Err(WebError::Forbidden);
    }
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(by_org.keys().copied()))
        .order_by_asc(organisation::Column::Name)
        .all(&state.db)
        .await?;
    let list = orgs
        .into_iter()
        .map(|o| StaffOrganisation {
            roles: by_org.remove(&o.id).unwrap_or_default(),
            kind: OrganisationKind::from_code(&o.kind),
            id: o.id,
            name: o.name,
        })
        .collect();
    Ok(Page::ok().with_data(PageData::StaffHome(list)))
}

/// `?status=…&series=…&level=…`, unknown codes read as no filter.
fn filters(q: &BTreeMap<String, String>) -> QueueFilters {
    QueueFilters {
        status: q
            .get("status")
            .and_then(|s| ApplicationStatus::from_code(s)),
        series: q.get("series").and_then(|s| Series::from_code(s)),
        level: q.get("level").and_then(|s| Level::from_code(s)),
        page: q
            .get("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
            .min(100_000),
    }
}

async fn queue_page(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    queue_of(&state, &member, &q).await
}

async fn queue_of(
    state: &AppState,
    member: &StaffMember,
    q: &BTreeMap<String, String>,
) -> Result<Page, WebError> {
    let filters = filters(q);
    let today = state.clock.today();
    let (rows, total) = queue::rows(
        &state.db,
        &member.organisation,
        &actors(member),
        &filters,
        today,
    )
    .await?;
    let paper = app::page_data::PaperDeadline::of(&state.round, today);
    let publicity_from_today = review::earliest_publicity_end(&state.round, today)
        .ok()
        .map(|end| (today, end));
    Ok(Page::ok().with_data(PageData::Queue(QueueData {
        organisation: organisation_of(member),
        rows,
        total,
        page_size: queue::PAGE_SIZE,
        filters,
        paper,
        publicity_from_today,
    })))
}

/// The member as the center's staff, for `desk`; anyone else is refused (logged).
fn center_staff(member: &StaffMember, desk: &str) -> Result<Actor, WebError> {
    member.as_role(Role::CenterStaff).ok_or_else(|| {
        tracing::warn!(
            account = member.person.account.id,
            organisation = member.organisation.id,
            desk,
            "a center desk was refused to someone not center staff"
        );
        WebError::Forbidden
    })
}

/// The member as the center's administrator, for `desk` (the account id, who acts); anyone else
/// is refused (logged).
fn center_admin(member: &StaffMember, desk: &str) -> Result<i32, WebError> {
    if member.roles.contains(&Role::CenterAdmin) {
        Ok(member.person.account.id)
    } else {
        tracing::warn!(
            account = member.person.account.id,
            organisation = member.organisation.id,
            desk,
            "an administrator's page was refused to a non-administrator"
        );
        Err(WebError::Forbidden)
    }
}

/// The applications ticked on a list (`pick_{reference}` = `yes`). A reference is letters and
/// digits; anything else names no application (and would not go in an address).
fn picked(f: &Fields) -> Vec<String> {
    f.iter()
        .filter(|(_, v)| v.as_str() == "yes")
        .filter_map(|(k, _)| k.strip_prefix("pick_"))
        .filter(|p| !p.is_empty() && p.len() <= 32 && p.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(str::to_string)
        .collect()
}

/// The list again, saying to tick one.
fn nothing_picked(page: Page) -> WebError {
    WebError::Refused(page.with_errors(vec![FieldError::new(
        "picked",
        "请至少勾选一份申报",
        "Tick at least one application",
    )]))
}

/// After a bulk action on ticked applications: one audit entry for each one `done`, and back to
/// `path` saying how many were done (`{key}=N`) and which were not (`not_{key}=…`).
fn after_bulk(
    audit: &crate::web::audit_trail::RequestAudit,
    path: &str,
    key: &str,
    done: &[&String],
    not: &[&str],
) -> Response {
    audit.applications(done.iter().map(|r| r.to_string()));
    let mut to = format!("{path}?{key}={}", done.len());
    if !not.is_empty() {
        to.push_str(&format!("&not_{key}={}", not.join(",")));
    }
    Redirect::to(&to).into_response()
}

/// Why a window is closed, in both languages, for a notice on the page.
fn refusal_words(check: Result<(), workflow::Refusal>) -> Option<(String, String)> {
    match check {
        Err(workflow::Refusal::Invalid(e)) => e.into_iter().next().map(|e| (e.zh, e.en)),
        _ => None,
    }
}

/// The member as the unit's reviewer; the 公示 is the unit's alone.
fn unit_reviewer(member: &StaffMember) -> Result<Actor, WebError> {
    member.as_role(Role::UnitReviewer).ok_or_else(|| {
        tracing::warn!(
            account = member.person.account.id,
            organisation = member.organisation.id,
            "a publicity page was refused to a non-unit reviewer"
        );
        WebError::Forbidden
    })
}

/// The unit's 公示 notice: who, in which series and level, from when to when.
async fn publicity_notice(
    state: &AppState,
    member: &StaffMember,
) -> Result<PublicityNotice, WebError> {
    unit_reviewer(member)?;
    let apps = application::Entity::find()
        .filter(application::Column::UnitId.eq(member.organisation.id))
        .filter(application::Column::Status.eq(ApplicationStatus::Publicity.as_str()))
        .order_by_asc(application::Column::PublicityStart)
        .order_by_asc(application::Column::Id)
        .all(&state.db)
        .await?;
    let names = queue::names(&state.db, apps.iter().map(|a| a.account_id)).await?;
    let rows = apps
        .iter()
        .filter_map(|a| {
            Some(PublicityRow {
                name: names.get(&a.account_id)?.clone(),
                series: a.series.as_deref().and_then(Series::from_code),
                level: a.level.as_deref().and_then(Level::from_code),
                start: a.publicity_start?,
                end: a.publicity_end?,
            })
        })
        .collect();
    Ok(PublicityNotice {
        organisation: organisation_of(member),
        rows,
        working_days: state.round.publicity_working_days,
        today: state.clock.today(),
    })
}

async fn publicity_page(
    State(state): State<AppState>,
    member: StaffMember,
) -> Result<Page, WebError> {
    Ok(Page::ok().with_data(PageData::Publicity(
        publicity_notice(&state, &member).await?,
    )))
}

/// The notice as a PDF, to print and post.
async fn publicity_pdf(
    State(state): State<AppState>,
    member: StaffMember,
) -> Result<Response, WebError> {
    let notice = publicity_notice(&state, &member).await?;
    super::documents::publicity_notice(&state, &notice)
        .await
        .map_err(|_| WebError::Unavailable)
}

/// One 公示 for the applications picked in the queue (`pick_{reference}`), with the dates given
/// once. Then the notice, saying how many started and which could not.
async fn start_publicity_for_picked(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
    axum::Extension(audit): axum::Extension<crate::web::audit_trail::RequestAudit>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let actor = unit_reviewer(&member)?;
    let page = queue_of(&state, &member, &q)
        .await?
        .with_values(f.clone())
        .at(format!("/staff/{}", member.organisation.id));
    let picked = picked(&f);
    if picked.is_empty() {
        return Err(nothing_picked(page));
    }
    let (start, end) = match (date(&f, "publicity_start"), date(&f, "publicity_end")) {
        (Ok(start), Ok(end)) => (start, end),
        (Err(e), _) | (_, Err(e)) => return Err(WebError::from_workflow(e.into(), page)),
    };
    let apps = application::Entity::find()
        .filter(application::Column::Reference.is_in(picked.clone()))
        .filter(application::Column::UnitId.eq(member.organisation.id))
        .order_by_asc(application::Column::Id)
        .all(&state.db)
        .await?;
    let results = match review::start_publicity_for_many(
        &state.db,
        &state.round,
        state.clock.now(),
        actor,
        &apps,
        start,
        end,
    )
    .await
    {
        Ok(results) => results,
        Err(e) => return Err(WebError::from_workflow(e, page)),
    };
    let started: Vec<&String> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(reference, _)| reference)
        .collect();
    let not_started: Vec<&str> = picked
        .iter()
        .filter(|p| !started.contains(p))
        .map(String::as_str)
        .collect();
    Ok(after_bulk(
        &audit,
        &format!("/staff/{}/publicity", member.organisation.id),
        "started",
        &started,
        &not_started,
    ))
}

/// The application with this reference, if this member reviews it; anyone else is refused.
async fn reviewed_application(
    state: &AppState,
    member: &StaffMember,
    reference: &str,
) -> Result<(application::Model, Reviewers), WebError> {
    let found = application::Entity::find()
        .filter(application::Column::Reference.eq(reference))
        .one(&state.db)
        .await?;
    let Some(app) = found.filter(|a| a.submitted_at.is_some()) else {
        return Err(WebError::NotFound);
    };
    match Reviewers::of(&state.db, &app)
        .await
        .map_err(|_| WebError::Unavailable)?
    {
        Some(r) if actors(member).iter().any(|a| r.includes(*a)) => Ok((app, r)),
        _ => {
            tracing::warn!(account = member.person.account.id, organisation = member.organisation.id, %reference, "an application of another organisation was refused");
            Err(WebError::Forbidden)
        }
    }
}

async fn review_page(
    state: &AppState,
    member: &StaffMember,
    app: &application::Model,
    reviewers: &Reviewers,
) -> Result<Page, WebError> {
    let status = workflow::status_of(&app.status)?;
    let answers = workflow::draft::answers_of(app)
        .map_err(|_| WebError::Unreadable)?
        .0;
    let owner = account::Entity::find_by_id(app.account_id)
        .one(&state.db)
        .await?
        .ok_or(WebError::NotFound)?;
    let steps = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(app.id))
        .filter(application_event::Column::Kind.eq(Action::ReturnForCorrection.as_str()))
        .order_by_desc(application_event::Column::Id)
        .one(&state.db)
        .await?;
    let returned: BTreeMap<String, String> = steps
        .and_then(|s| s.data_json)
        .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
        .and_then(|d| serde_json::from_value(d["answers"].clone()).ok())
        .unwrap_or_default();
    let changed_since_return = if returned.is_empty() {
        Vec::new()
    } else {
        let keys: std::collections::BTreeSet<&String> =
            returned.keys().chain(answers.keys()).collect();
        keys.into_iter()
            .filter(|k| returned.get(*k) != answers.get(*k))
            .cloned()
            .collect()
    };
    let objections = objection::Entity::find()
        .filter(objection::Column::ApplicationId.eq(app.id))
        .order_by_asc(objection::Column::Id)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|o| ObjectionRow {
            id: o.id,
            text: o.text,
            reporter: o.reporter,
            resolution: o.resolution,
        })
        .collect();
    let today = state.clock.today();
    let application = super::application_data::submitted(
        state,
        app,
        status,
        super::application_data::Audience::Staff,
    )
    .await?;
    let data = ReviewData {
        organisation: organisation_of(member),
        name: owner.real_name,
        id_masked: shared::identity::mask(&owner.id_number),
        application,
        answers,
        changed_since_return,
        actions: queue::actions_for(reviewers, status, &actors(member)),
        publicity: app.publicity_start.zip(app.publicity_end),
        earliest_publicity_end: review::earliest_publicity_end(&state.round, today).ok(),
        today,
        objections,
        appraisal: app.appraisal.clone(),
    };
    Ok(Page::ok().with_data(PageData::Review(Box::new(data))))
}

async fn application_page(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Page, WebError> {
    let (app, reviewers) = reviewed_application(&state, &member, &reference).await?;
    review_page(&state, &member, &app, &reviewers).await
}

/// The application's 申报表, for its reviewers (with the unit's appraisal once approved).
async fn declaration_pdf(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    let (app, _) = reviewed_application(&state, &member, &reference).await?;
    let owner = account::Entity::find_by_id(app.account_id)
        .one(&state.db)
        .await?
        .ok_or(WebError::NotFound)?;
    super::documents::declaration(&state, &headers, &owner, &app)
        .await
        .map_err(|failure| match failure {
            super::documents::NotPrinted::Unreadable => WebError::Unreadable,
            _ => WebError::Unavailable,
        })
}

fn reasons(f: &Fields) -> Reasons {
    Reasons {
        codes: ReviewReason::ALL
            .iter()
            .copied()
            .filter(|r| f.get(&format!("reason_{}", r.as_str())).is_some())
            .collect(),
        text: f.get("reason_text").cloned().unwrap_or_default(),
    }
}

fn date(f: &Fields, name: &str) -> Result<chrono::NaiveDate, crate::workflow::Refusal> {
    f.get(name)
        .and_then(|v| app::questionnaire::answers::parse_date(v))
        .ok_or_else(|| {
            crate::workflow::Refusal::field(
                name,
                "请填写日期，例如 2026-05-15",
                "Enter a date, for example 2026-05-15",
            )
        })
}

/// One action on the application, as the member in the role the action needs.
async fn act(
    State(state): State<AppState>,
    member: StaffMember,
    Path((org, reference)): Path<(i32, String)>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let (app, reviewers) = reviewed_application(&state, &member, &reference).await?;
    let page = review_page(&state, &member, &app, &reviewers)
        .await?
        .with_values(f.clone());
    let requested = f.get("action").map(String::as_str).unwrap_or("");
    if requested == "add_note" {
        return add_note(&state, &member, &app, &reviewers, &f, page).await;
    }
    // The page the form came from must still be the application as it is.
    if f.get("version").and_then(|v| v.parse::<i32>().ok()) != Some(app.version) {
        return Err(WebError::Conflict(page.changed_elsewhere()));
    }
    // Objections are recorded and resolved during the 公示, with no change of state; they
    // belong to the unit's approval.
    let objection_step = matches!(requested, "record_objection" | "resolve_objection");
    let Some(action) = (if objection_step {
        Some(Action::UnitApprove)
    } else {
        Action::from_code(requested)
    }) else {
        return Err(WebError::NotFound);
    };
    let role = match action {
        Action::AgencyApprove => Role::AgencyReviewer,
        Action::DepartmentApprove => Role::DepartmentReviewer,
        Action::ReturnToUnit => *member
            .roles
            .iter()
            .find(|r| matches!(r, Role::AgencyReviewer | Role::DepartmentReviewer))
            .unwrap_or(&Role::DepartmentReviewer),
        _ => Role::UnitReviewer,
    };
    let Some(actor) = member.as_role(role) else {
        tracing::warn!(
            account = member.person.account.id,
            organisation = org,
            action = action.as_str(),
            "an action outside the member's roles was refused"
        );
        return Err(WebError::Forbidden);
    };
    // The table first: an action the state does not allow is refused as such (the page is out of
    // date), before its form is looked at.
    if let Err(refusal) = workflow::allowed(workflow::status_of(&app.status)?, action, actor) {
        return Err(WebError::from_workflow(refusal.into(), page));
    }
    let now = state.clock.now();
    let db = &state.db;
    let result = match action {
        Action::OpenReview => review::open(db, now, actor, &app).await.map(|_| ()),
        Action::ReturnForCorrection => {
            review::return_for_correction(db, now, actor, &app, &reasons(&f))
                .await
                .map(|_| ())
        }
        Action::Decline => review::decline(db, now, actor, &app, &reasons(&f))
            .await
            .map(|_| ()),
        Action::StartPublicity => match (date(&f, "publicity_start"), date(&f, "publicity_end")) {
            (Ok(start), Ok(end)) => {
                review::start_publicity(db, &state.round, now, actor, &app, start, end)
                    .await
                    .map(|_| ())
            }
            (Err(e), _) | (_, Err(e)) => Err(e.into()),
        },
        Action::UnitApprove if requested == "record_objection" => review::record_objection(
            db,
            now,
            actor,
            &app,
            f.get("objection_text").map(String::as_str).unwrap_or(""),
            f.get("objection_reporter").map(String::as_str),
        )
        .await
        .map(|_| ()),
        Action::UnitApprove if requested == "resolve_objection" => {
            let id = f
                .get("objection_id")
                .and_then(|i| i.parse().ok())
                .unwrap_or_default();
            review::resolve_objection(
                db,
                now,
                actor,
                &app,
                id,
                f.get("resolution").map(String::as_str).unwrap_or(""),
            )
            .await
        }
        Action::UnitApprove => review::unit_approve(
            db,
            now,
            actor,
            &app,
            f.get("appraisal").map(String::as_str).unwrap_or(""),
        )
        .await
        .map(|_| ()),
        Action::AgencyApprove | Action::DepartmentApprove => {
            review::approve_after_unit(db, now, actor, &app)
                .await
                .map(|_| ())
        }
        Action::ReturnToUnit => review::return_to_unit(db, now, actor, &app, &reasons(&f))
            .await
            .map(|_| ()),
        _ => return Err(WebError::Forbidden),
    };
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/staff/{org}/applications/{reference}")).into_response())
        }
        Err(e) => Err(WebError::from_workflow(e, page)),
    }
}

/// A note, as the member in whichever of their roles reviews this application; it needs no
/// particular state, so it is not checked against the page's version.
async fn add_note(
    state: &AppState,
    member: &StaffMember,
    app: &application::Model,
    reviewers: &Reviewers,
    f: &Fields,
    page: Page,
) -> Result<Response, WebError> {
    let Some(actor) = actors(member).into_iter().find(|a| reviewers.includes(*a)) else {
        return Err(WebError::Forbidden);
    };
    let visibility =
        workflow::notes::Visibility::from_form(f.get("note_visibility").map(String::as_str));
    match workflow::notes::add(
        &state.db,
        state.clock.now(),
        actor,
        app,
        f.get("note").map(String::as_str).unwrap_or(""),
        visibility,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/staff/{}/applications/{}#notes-title",
            member.organisation.id, app.reference
        ))
        .into_response()),
        Err(e) => Err(WebError::from_workflow(e, page)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_route_has_its_handlers() {
        let _ = routes();
    }

    #[test]
    fn queue_filters_read_codes_and_ignore_the_rest() {
        let q: BTreeMap<String, String> = [
            ("status", "publicity"),
            ("series", "engineering"),
            ("level", "nonsense"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let f = filters(&q);
        assert_eq!(
            (f.status, f.series, f.level),
            (
                Some(ApplicationStatus::Publicity),
                Some(Series::Engineering),
                None
            )
        );
    }
}

//! The staff's desks under `/staff/{organisation id}/…`, one module each (the reviewers', the
//! directory, invitations, intake, routing, re-review, the round, audit, certificates,
//! revocations, help), each ending with its `ROUTES`; here their list, the router built from it,
//! and what the desks share: the member's organisation and roles, the center's role checks, the
//! ticks of a batch and its outcome. Every handler takes a `StaffMember` (roles held in that
//! organisation) and acts through `workflow` as that member; an application of another
//! organisation is refused (403, logged), as is any action the transition table or the case does
//! not allow.

mod audit;
mod certificates;
mod directory;
mod help;
mod intake;
mod invitations;
mod re_review;
mod reviewers;
mod revocations;
mod round;
mod to_route;

use crate::web::route_table::Routes;
use crate::workflow::Application;

use axum::response::{IntoResponse, Redirect, Response};
use content::page_data::StaffOrganisation;
use content::questionnaire::answers::FieldError;
use shared::workflow::OrganisationKind;
use shared::Role;

use super::confirm::confirmed;
use super::error::WebError;
use super::extract::{Fields, StaffMember};
use super::page::Page;
use super::AppState;
use crate::views;
use crate::workflow::{self, Actor};
use app::form::confirm::Final;

pub use super::door::{Door, StaffRoute};

/// Every desk's routes, each list at the end of its desk's module: the one place a staff route
/// is added (the router, the guard and the permission sweeps read them from here).
pub const DESKS: &[&[StaffRoute]] = &[
    reviewers::ROUTES,
    directory::ROUTES,
    invitations::ROUTES,
    intake::ROUTES,
    to_route::ROUTES,
    re_review::ROUTES,
    round::ROUTES,
    audit::ROUTES,
    certificates::ROUTES,
    revocations::ROUTES,
    help::ROUTES,
];

/// Every staff route.
pub fn declared() -> impl Iterator<Item = &'static StaffRoute> {
    DESKS.iter().flat_map(|desk| desk.iter())
}

/// The door of a staff route, by its path pattern (`None`: not a staff route).
pub fn door(path: &str) -> Option<Door> {
    declared().find(|r| r.path == path).map(|r| r.door)
}

pub fn routes() -> Routes {
    declared().fold(Routes::new(), |router, r| {
        router.route(r.path, r.handlers())
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
/// The most applications one batch takes (the largest page).
const MOST_PICKED: usize = 200;

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
    WebError::Refused(page.with_errors(vec![none_ticked()]))
}

fn none_ticked() -> FieldError {
    FieldError::new(
        "picked",
        "请至少勾选一份申报",
        "Tick at least one application",
    )
}

/// The references ticked for the batch `action`: at least one, at most `MOST_PICKED`, and its
/// confirmation ticked; otherwise what to change, for the list shown again.
fn ticked_for(f: &Fields, action: Final) -> Result<Vec<String>, FieldError> {
    let picked = picked(f);
    if picked.is_empty() {
        return Err(none_ticked());
    }
    if picked.len() > MOST_PICKED {
        return Err(FieldError::new(
            "picked",
            "一次最多勾选 200 份申报",
            "Tick at most 200 applications at a time",
        ));
    }
    confirmed(f, action, Some(picked.len()))?;
    Ok(picked)
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

/// The 申报表 of `app` as the staff print it (its owner read for the printed details).
async fn declaration_of(state: &AppState, app: &Application) -> Result<Response, WebError> {
    let owner = views::staff::owner(&state.db, app)
        .await?
        .ok_or(WebError::NotFound)?;
    super::documents::declaration(state, &owner, app)
        .await
        .map_err(|failure| match failure {
            super::documents::NotPrinted::Unreadable => WebError::Unreadable,
            _ => WebError::Unavailable,
        })
}

#[cfg(test)]
mod tests {
    /// Two desks declaring the same path would make axum refuse the router.
    #[test]
    fn every_listed_route_has_its_handlers() {
        let _ = super::routes();
    }
}

//! The reviewers' desk: `/staff` (the organisations a person acts for), an organisation's queue,
//! the unit's 公示 for many, the department's and the agency's approvals in a batch, and each
//! application with the actions the transition table allows the member now.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use content::page_data::{PageData, PublicityNotice, QueueData, QueueFilters, ReviewData};
use shared::workflow::ReviewReason;
use shared::{Action, ApplicationStatus, Level, Role, Series};

use super::{actors, after_bulk, declaration_of, organisation_of, ticked_for};
use crate::views;
use crate::web::confirm::confirmed;
use crate::web::door::{Door, StaffRoute};
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, Fields, Parsed, SignedInPerson, StaffMember};
use crate::web::page::Page;
use crate::web::AppState;
use crate::workflow::command::ReviewCommand;
use crate::workflow::review::{self, Reasons, Reviewers};
use crate::workflow::{self, queue, Actor, Application};
use app::form::confirm::Final;

/// The organisations the signed-in person acts for; a person with none is not staff.
async fn home(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    SignedInPerson(me): SignedInPerson,
) -> Result<Page, WebError> {
    let by_org = crate::auth::accounts::roles_by_organisation(&state.db, me.account.id).await?;
    if by_org
        .values()
        .any(|roles| crate::auth::second_factor::needed_for(roles))
    {
        crate::web::extract::second_factor_passed(&parts, &state, &me).await?;
    }
    if by_org.is_empty() {
        tracing::warn!(
            account = me.account.id,
            "the staff pages were refused to an account without a staff role"
        );
        return Err(WebError::Forbidden);
    }
    let list = views::staff::organisations(&state.db, by_org).await?;
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
        search: q
            .get("search")
            .map(|s| s.trim().chars().take(50).collect::<String>())
            .filter(|s| !s.is_empty()),
        unit: q.get("unit").and_then(|u| u.parse().ok()),
        newest_first: q.get("sort").is_some_and(|s| s == "newest"),
        per_page: q
            .get("size")
            .and_then(|n| n.parse().ok())
            .filter(|n| content::page_data::PAGE_SIZES.contains(n)),
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
    let paper = content::page_data::PaperDeadline::of(&state.round, today);
    let publicity_from_today = review::earliest_publicity_end(&state.round, today)
        .ok()
        .map(|end| (today, end));
    Ok(Page::ok().with_data(PageData::Queue(QueueData {
        organisation: organisation_of(member),
        rows,
        total,
        page_size: filters.per_page.unwrap_or(queue::PAGE_SIZE),
        units: queue::units(&state.db, &member.organisation, &actors(member)).await?,
        center_today: match member.as_role(Role::CenterStaff) {
            Some(_) => Some(queue::center_today(&state.db, &state.round, today).await?),
            None => None,
        },
        filters,
        paper,
        publicity_from_today,
    })))
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
    let rows = views::staff::publicity_rows(&state.db, member.organisation.id).await?;
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
    crate::web::documents::publicity_notice(&state, &notice)
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
    let picked = match ticked_for(&f, Final::PublicityForPicked) {
        Ok(picked) => picked,
        Err(e) => return Err(WebError::Refused(page.with_errors(vec![e]))),
    };
    let (start, end) = match (date(&f, "publicity_start"), date(&f, "publicity_end")) {
        (Ok(start), Ok(end)) => (start, end),
        (Err(e), _) | (_, Err(e)) => return Err(WebError::from_workflow(e.into(), page)),
    };
    let apps = views::staff::unit_applications(&state.db, member.organisation.id, &picked).await?;
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

/// The department's or the agency's stamp for the ticked applications, each through the same
/// command as one at a time (the table, the case, the chain); those it cannot take are listed.
async fn approve_picked(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
    axum::Extension(audit): axum::Extension<crate::web::audit_trail::RequestAudit>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, WebError> {
    let page = queue_of(&state, &member, &q)
        .await?
        .with_values(f.clone())
        .at(format!("/staff/{}", member.organisation.id));
    let picked = match ticked_for(&f, Final::StampPicked) {
        Ok(picked) => picked,
        Err(e) => return Err(WebError::Refused(page.with_errors(vec![e]))),
    };
    let actors = actors(&member);
    let mut done: Vec<&String> = Vec::new();
    let mut not: Vec<&str> = Vec::new();
    for reference in &picked {
        let approved = match reviewed_application(&state, &member, reference).await {
            Ok((app, reviewers)) => {
                let status = workflow::status_of(&app.status)?;
                let can = queue::actions_for(&reviewers, status, &actors);
                let command = if can.contains(&Action::DepartmentApprove) {
                    Some(ReviewCommand::DepartmentApprove)
                } else if can.contains(&Action::AgencyApprove) {
                    Some(ReviewCommand::AgencyApprove)
                } else {
                    None
                };
                match command {
                    Some(command) => workflow::command::review(
                        &state.db,
                        &state.round,
                        state.clock.now(),
                        &actors,
                        &app,
                        command,
                    )
                    .await
                    .is_ok(),
                    None => false,
                }
            }
            Err(_) => false,
        };
        if approved {
            done.push(reference);
        } else {
            not.push(reference);
        }
    }
    Ok(after_bulk(
        &audit,
        &format!("/staff/{}", member.organisation.id),
        "approved",
        &done,
        &not,
    ))
}

/// The application with this reference, if this member reviews it; anyone else is refused.
async fn reviewed_application(
    state: &AppState,
    member: &StaffMember,
    reference: &str,
) -> Result<(Application, Reviewers), WebError> {
    let Some(app) = views::staff::submitted_application(&state.db, reference).await? else {
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
    app: &Application,
    reviewers: &Reviewers,
) -> Result<Page, WebError> {
    let data = review_data(state, member, app, reviewers).await?;
    Ok(Page::ok().with_data(PageData::Review(Box::new(data))))
}

async fn review_data(
    state: &AppState,
    member: &StaffMember,
    app: &Application,
    reviewers: &Reviewers,
) -> Result<ReviewData, WebError> {
    let status = workflow::status_of(&app.status)?;
    let answers = workflow::draft::answers_of(app)
        .map_err(|_| WebError::Unreadable)?
        .0;
    let details = views::staff::review_details(&state.db, app, &answers)
        .await?
        .ok_or(WebError::NotFound)?;
    let today = state.clock.today();
    let application = crate::web::application_data::submitted(
        state,
        app,
        status,
        crate::web::application_data::Audience::Staff,
    )
    .await?;
    let data = ReviewData {
        organisation: organisation_of(member),
        name: details.owner.real_name,
        id_masked: shared::identity::mask(&details.owner.id_number),
        application,
        answers,
        changed_since_return: details.changed_since_return,
        actions: queue::actions_for(reviewers, status, &actors(member)),
        publicity: app.publicity_start.zip(app.publicity_end),
        earliest_publicity_end: review::earliest_publicity_end(&state.round, today).ok(),
        today,
        objections: details.objections,
        appraisal: app.appraisal.clone(),
        done: None,
        next: None,
    };
    Ok(data)
}

/// `?done=approve` after a decision: the page says what was done and offers the next waiting.
#[derive(serde::Deserialize, Default)]
struct Done {
    done: Option<String>,
}

async fn application_page(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
    Query(after): Query<Done>,
) -> Result<Page, WebError> {
    let (app, reviewers) = reviewed_application(&state, &member, &reference).await?;
    let mut data = review_data(&state, &member, &app, &reviewers).await?;
    // Only an action the member's roles take, so the address cannot make the page say anything.
    let theirs = |a: &Action| {
        member.roles.iter().any(|role| {
            ApplicationStatus::ALL
                .iter()
                .any(|s| shared::workflow::actions(*s, *role).any(|x| x == *a))
        })
    };
    if let Some(done) = after
        .done
        .as_deref()
        .and_then(Action::from_code)
        .filter(theirs)
    {
        data.done = Some(done);
        data.next = next_waiting(&state, &member, &app.reference).await?;
    }
    Ok(Page::ok().with_data(PageData::Review(Box::new(data))))
}

/// The first application of the member's queue that waits for them, other than `reference`.
async fn next_waiting(
    state: &AppState,
    member: &StaffMember,
    reference: &str,
) -> Result<Option<(String, String)>, WebError> {
    let (rows, _) = queue::rows(
        &state.db,
        &member.organisation,
        &actors(member),
        &QueueFilters::default(),
        state.clock.today(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .find(|r| r.needs_action && r.reference != reference)
        .map(|r| (r.reference, r.name)))
}

/// The application's 申报表, for its reviewers (with the unit's appraisal once approved).
async fn declaration_pdf(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Response, WebError> {
    let (app, _) = reviewed_application(&state, &member, &reference).await?;
    declaration_of(&state, &app).await
}

/// A date typed in a form field, or the refusal naming the field.
fn form_date(name: &str, value: &str) -> Result<chrono::NaiveDate, crate::workflow::Refusal> {
    content::questionnaire::answers::parse_date(value).ok_or_else(|| {
        crate::workflow::Refusal::field(
            name,
            "请填写日期，例如 2026-05-15",
            "Enter a date, for example 2026-05-15",
        )
    })
}

fn date(f: &Fields, name: &str) -> Result<chrono::NaiveDate, crate::workflow::Refusal> {
    form_date(name, f.get(name).map(String::as_str).unwrap_or(""))
}

/// The reviewer's form on one application, as posted (every value a string): `action` names the
/// command, the other fields are its arguments; the reasons are the ticked `reason_{code}` boxes.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    action: String,
    version: String,
    publicity_start: String,
    publicity_end: String,
    objection_text: String,
    objection_reporter: String,
    objection_id: String,
    resolution: String,
    appraisal: String,
    note: String,
    note_visibility: String,
    reason_text: String,
    #[serde(flatten)]
    others: BTreeMap<String, String>,
}

impl ReviewForm {
    /// The version of the application the page was read at.
    fn version(&self) -> Option<i32> {
        self.version.trim().parse().ok()
    }

    fn reasons(&self) -> Reasons {
        Reasons {
            codes: ReviewReason::ALL
                .iter()
                .copied()
                .filter(|r| self.others.contains_key(&format!("reason_{}", r.as_str())))
                .collect(),
            text: self.reason_text.clone(),
        }
    }

    /// The command the form asks for, its dates and numbers parsed (a bad one names its field);
    /// `None` when `action` names no reviewer's command.
    fn command(self) -> Option<Result<ReviewCommand, crate::workflow::Refusal>> {
        use ReviewCommand as C;
        Some(Ok(match self.action.as_str() {
            "open_review" => C::OpenReview,
            "return_for_correction" => C::ReturnForCorrection(self.reasons()),
            "decline" => C::Decline(self.reasons()),
            "start_publicity" => {
                let start = form_date("publicity_start", &self.publicity_start);
                let end = form_date("publicity_end", &self.publicity_end);
                match (start, end) {
                    (Ok(start), Ok(end)) => C::StartPublicity { start, end },
                    (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
                }
            }
            "record_objection" => C::RecordObjection {
                text: self.objection_text,
                reporter: Some(self.objection_reporter).filter(|r| !r.trim().is_empty()),
            },
            "resolve_objection" => C::ResolveObjection {
                id: self.objection_id.trim().parse().unwrap_or_default(),
                resolution: self.resolution,
            },
            "unit_approve" => C::UnitApprove {
                appraisal: self.appraisal,
            },
            "agency_approve" => C::AgencyApprove,
            "department_approve" => C::DepartmentApprove,
            "return_to_unit" => C::ReturnToUnit(self.reasons()),
            "add_note" => C::AddNote {
                text: self.note,
                visibility: workflow::notes::Visibility::from_form(Some(&self.note_visibility)),
            },
            _ => return None,
        }))
    }
}

/// One decision on the application: the form parsed into a command, taken by the workflow.
async fn act(
    State(state): State<AppState>,
    member: StaffMember,
    Path((org, reference)): Path<(i32, String)>,
    CsrfForm(form): CsrfForm<Parsed<ReviewForm>>,
) -> Result<Response, WebError> {
    let (app, reviewers) = reviewed_application(&state, &member, &reference).await?;
    let fields = form.fields;
    let page = review_page(&state, &member, &app, &reviewers)
        .await?
        .with_values(fields.clone());
    let Ok(form) = form.value else {
        return Err(WebError::NotFound);
    };
    let version = form.version();
    let requested = Action::from_code(&form.action);
    let Some(command) = form.command() else {
        // An action of the table that is none of a reviewer's: refused as the table refuses it.
        return match (requested, member.roles.first()) {
            (Some(action), Some(role)) => Err(WebError::from_workflow(
                crate::workflow::Refusal::NotAllowed {
                    from: workflow::status_of(&app.status)?,
                    action,
                    role: *role,
                }
                .into(),
                page,
            )),
            _ => Err(WebError::NotFound),
        };
    };
    let command = match command {
        Ok(command) => command,
        Err(refusal) => {
            // The table first, then what the form got wrong.
            let status = workflow::status_of(&app.status)?;
            let table = requested
                .map(|a| workflow::command::actor_for(status, a, &actors(&member)))
                .transpose();
            let refusal = table.err().unwrap_or(refusal);
            return Err(WebError::from_workflow(refusal.into(), page));
        }
    };
    // Declining ends the application: the table first, then the box that confirms it.
    if let ReviewCommand::Decline(_) = &command {
        let status = workflow::status_of(&app.status)?;
        if let Err(refusal) =
            workflow::command::actor_for(status, Action::Decline, &actors(&member))
        {
            return Err(WebError::from_workflow(refusal.into(), page));
        }
        if let Err(e) = confirmed(&fields, Final::Decline, None) {
            return Err(WebError::Refused(page.with_errors(vec![e])));
        }
    }
    // The page the form came from must still be the application as it is.
    if command.needs_the_page_version() && version != Some(app.version) {
        return Err(WebError::Conflict(page.changed_elsewhere()));
    }
    let to_notes = !command.needs_the_page_version();
    match workflow::command::review(
        &state.db,
        &state.round,
        state.clock.now(),
        &actors(&member),
        &app,
        command,
    )
    .await
    {
        Ok(()) if to_notes => Ok(Redirect::to(&format!(
            "/staff/{org}/applications/{reference}#notes-title"
        ))
        .into_response()),
        Ok(()) => Ok(Redirect::to(&format!(
            "/staff/{org}/applications/{reference}{}",
            requested.map_or(String::new(), |a| format!("?done={}", a.as_str()))
        ))
        .into_response()),
        Err(e) => Err(WebError::from_workflow(e, page)),
    }
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::get("/staff", Door::AnyStaff, || get(home)),
    StaffRoute::get("/staff/{org}", Door::Member, || get(queue_page)),
    StaffRoute::get("/staff/{org}/publicity", Door::UnitReviewer, || {
        get(publicity_page)
    })
    .and_post(|| post(start_publicity_for_picked)),
    StaffRoute::get("/staff/{org}/publicity.pdf", Door::UnitReviewer, || {
        get(publicity_pdf)
    }),
    StaffRoute::post("/staff/{org}/approve", Door::Approvers, || {
        post(approve_picked)
    }),
    StaffRoute::get(
        "/staff/{org}/applications/{reference}",
        Door::Reviewers,
        || get(application_page),
    )
    .and_post(|| post(act)),
    StaffRoute::get(
        "/staff/{org}/applications/{reference}/declaration.pdf",
        Door::Reviewers,
        || get(declaration_pdf),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reviewers_form_parses_into_its_command() {
        use crate::web::extract::FromFields;
        let form = |pairs: &[(&str, &str)]| {
            let fields: Fields = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let parsed = Parsed::<ReviewForm>::from_fields(fields);
            let form = parsed.value.unwrap();
            (form.version(), form.command())
        };
        let (version, command) = form(&[
            ("csrf", "x"),
            ("action", "start_publicity"),
            ("version", "3"),
            ("publicity_start", "2026-05-20"),
            ("publicity_end", "2026-05-26"),
        ]);
        assert_eq!(version, Some(3));
        assert!(matches!(
            command,
            Some(Ok(ReviewCommand::StartPublicity { .. }))
        ));
        let (_, command) = form(&[
            ("action", "decline"),
            ("reason_not_eligible", "yes"),
            ("reason_text", "学历不符"),
        ]);
        let Some(Ok(ReviewCommand::Decline(reasons))) = command else {
            panic!("{command:?}")
        };
        assert_eq!(reasons.codes, [ReviewReason::NotEligible]);
        // A bad date names its field; an unknown action is none of the reviewer's.
        let (_, command) = form(&[("action", "start_publicity"), ("publicity_start", "5月")]);
        assert!(
            matches!(&command, Some(Err(crate::workflow::Refusal::Invalid(e))) if e[0].field == "publicity_start"),
            "{command:?}"
        );
        assert!(form(&[("action", "submit")]).1.is_none());
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

//! The center's intake desk: `/staff/{center}/intake` finds an application by reference (typed, or
//! scanned from the 申报表's QR code), ID number or name; `…/intake/{reference}` shows the
//! applicant's materials as a checklist and logs the paper; `…/receipt` is the printable 回执.
//! Center staff only (with their second factor).

use crate::web::door::{Door, StaffRoute};
use axum::routing::{get, post};
use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use content::page_data::{IntakeData, IntakeRow, IntakeSearch, LatePaperView, PageData};
use shared::workflow::approvals_complete;
use shared::ApplicationStatus;

use super::super::error::WebError;
use super::super::extract::{CsrfForm, Parsed, StaffMember};
use super::super::page::Page;
use super::super::AppState;
use super::organisation_of;
use crate::auth::accounts::Account;
use crate::views;
use crate::workflow::command::{self, DeskCommand};
use crate::workflow::intake::{self, window_open};
use crate::workflow::late_paper;
use crate::workflow::review::Reviewers;
use crate::workflow::Application;

fn closed_message(state: &AppState) -> Option<(String, String)> {
    super::refusal_words(window_open(&state.round, state.clock.now()))
}

async fn row(state: &AppState, app: &Application, person: &Account) -> Result<IntakeRow, WebError> {
    let status = crate::workflow::status_of(&app.status)?;
    let ready = match Reviewers::of(&state.db, app)
        .await
        .map_err(|_| WebError::Unavailable)?
    {
        Some(r) => approvals_complete(status, r.unit_kind, r.dispatched),
        None => false,
    };
    Ok(IntakeRow {
        reference: app.reference.clone(),
        name: person.real_name.clone(),
        id_masked: shared::identity::mask(&person.id_number),
        status,
        ready,
    })
}

/// `?q=`: a reference (with or without its hyphen, or the 申报表's QR code as scanned), an ID
/// number, or a name.
pub async fn search(
    State(state): State<AppState>,
    member: StaffMember,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the intake desk")?;
    let query = q.get("q").map(|s| s.trim().to_string()).unwrap_or_default();
    let mut rows = Vec::new();
    if !query.is_empty() {
        // A reference as typed or printed, or the 申报表's QR code as a scanner types it.
        let reference = shared::status::scanned_reference(&query).unwrap_or_else(|| {
            query
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_uppercase()
        });
        let found = views::intake::search(&state.db, &state.round.id, &query, &reference).await?;
        for (app, person) in &found {
            rows.push(row(&state, app, person).await?);
        }
    }
    let data = IntakeSearch {
        organisation: organisation_of(&member),
        query,
        rows,
        window_closed: closed_message(&state),
        paper: content::page_data::PaperDeadline::of(&state.round, state.clock.today()),
    };
    Ok(Page::ok().with_data(PageData::IntakeSearch(Box::new(data))))
}

async fn found(state: &AppState, reference: &str) -> Result<(Application, Account), WebError> {
    let app = views::staff::submitted_application(&state.db, reference)
        .await?
        .ok_or(WebError::NotFound)?;
    let person = views::staff::owner(&state.db, &app)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((app, person))
}

async fn intake_page(
    state: &AppState,
    member: &StaffMember,
    (app, person): &(Application, Account),
) -> Result<Page, WebError> {
    tracing::info!(
        account = member.person.account.id,
        application = app.id,
        "center staff opened an application at the intake desk"
    );
    let late = if app.status == ApplicationStatus::Abandoned.as_str() {
        late_paper::pending(&state.db, app)
            .await
            .map_err(|_| WebError::Unavailable)?
    } else {
        None
    };
    let data = IntakeData {
        organisation: organisation_of(member),
        row: row(state, &app, &person).await?,
        version: app.version,
        materials: intake::materials(&app),
        checklist: intake::recorded(&app).into_iter().collect(),
        window_closed: closed_message(state),
        receipt: if app.status == ApplicationStatus::PaperReceived.as_str() {
            views::intake::receipt(&state.db, app).await?
        } else {
            None
        },
        supplement_open: app.status == ApplicationStatus::PaperReceived.as_str()
            && !intake::missing(&intake::recorded(app)).is_empty()
            && window_open(&state.round, state.clock.now()).is_ok(),
        may_log_late: app.status == ApplicationStatus::Abandoned.as_str() && late.is_none(),
        late: match late {
            Some(l) => Some(LatePaperView {
                received_on: l.received_on,
                reason: l.reason,
                logged_by: match l.logged_by {
                    Some(id) => crate::workflow::queue::name(&state.db, id).await?,
                    None => String::new(),
                },
                mine: l.logged_by == Some(member.person.account.id),
                checklist: l.checklist.into_iter().collect(),
            }),
            None => None,
        },
    };
    Ok(Page::ok().with_data(PageData::Intake(Box::new(data))))
}

pub async fn application(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the intake desk")?;
    intake_page(&state, &member, &found(&state, &reference).await?).await
}

/// What the desk's forms post: the version the page was read at, a day and a reason (late
/// paper), and each material's `item_{material}` or `supply_{material}` choice.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DeskForm {
    version: String,
    received_on: String,
    reason: String,
    #[serde(flatten)]
    items: BTreeMap<String, String>,
}

/// Which of the desk's forms was posted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Posted {
    Receive,
    Supplement,
    LogLate,
    ConfirmLate,
}

impl DeskForm {
    /// The command the form asks for, or the fields it got wrong.
    fn command(
        self,
        posted: Posted,
        app: &Application,
    ) -> Result<DeskCommand, Vec<content::questionnaire::answers::FieldError>> {
        Ok(match posted {
            Posted::Receive => DeskCommand::Receive(intake::read_checklist(
                &intake::materials(app),
                &self.items,
            )?),
            Posted::Supplement => DeskCommand::Supplement(intake::read_supplement(
                &intake::recorded(app),
                &self.items,
            )?),
            Posted::LogLate => {
                let mut errors = Vec::new();
                let received_on =
                    chrono::NaiveDate::parse_from_str(self.received_on.trim(), "%Y-%m-%d").ok();
                if received_on.is_none() {
                    errors.push(content::questionnaire::answers::FieldError::new(
                        "received_on",
                        "请填写收到材料的日期，例如 2026-06-05",
                        "Enter the day the paper came, for example 2026-06-05",
                    ));
                }
                let checklist = intake::read_checklist(&intake::materials(app), &self.items)
                    .map_err(|e| errors.extend(e))
                    .ok();
                match (received_on, checklist) {
                    (Some(received_on), Some(checklist)) if errors.is_empty() => {
                        DeskCommand::LogLatePaper {
                            received_on,
                            checklist,
                            reason: self.reason,
                        }
                    }
                    _ => return Err(errors),
                }
            }
            Posted::ConfirmLate => DeskCommand::ConfirmLatePaper,
        })
    }
}

/// One of the desk's forms: parsed into its command, taken by the workflow, then the receipt or
/// the page again.
async fn desk(
    state: AppState,
    member: StaffMember,
    (org, reference): (i32, String),
    form: Parsed<DeskForm>,
    posted: Posted,
) -> Result<Response, WebError> {
    let actor = super::center_staff(&member, "the intake desk")?;
    let record = found(&state, &reference).await?;
    let page = intake_page(&state, &member, &record)
        .await?
        .with_values(form.fields.clone());
    let app = record.0;
    let Ok(form) = form.value else {
        return Err(WebError::NotFound);
    };
    if form.version.trim().parse::<i32>().ok() != Some(app.version) {
        return Err(WebError::Conflict(page.changed_elsewhere()));
    }
    let command = form
        .command(posted, &app)
        .map_err(|e| WebError::Refused(page.clone().with_errors(e)))?;
    let supplemented = match &command {
        DeskCommand::Supplement(handed_in) => handed_in.len(),
        _ => 0,
    };
    let base = format!("/staff/{org}/intake/{reference}");
    match command::desk(
        &state.db,
        &state.round,
        state.clock.now(),
        actor,
        &app,
        command,
    )
    .await
    {
        Ok(_) if posted == Posted::Supplement => Ok(Redirect::to(&format!(
            "{base}/receipt?supplemented={supplemented}"
        ))
        .into_response()),
        Ok(_) if posted == Posted::LogLate => {
            Ok(Redirect::to(&format!("{base}?late=logged")).into_response())
        }
        Ok(ApplicationStatus::PaperReceived) => {
            Ok(Redirect::to(&format!("{base}/receipt")).into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!("{base}?late=confirmed")).into_response()),
        Err(e) => Err(WebError::from_workflow(e, page)),
    }
}

pub async fn receive(
    State(state): State<AppState>,
    member: StaffMember,
    Path(path): Path<(i32, String)>,
    CsrfForm(form): CsrfForm<Parsed<DeskForm>>,
) -> Result<Response, WebError> {
    desk(state, member, path, form, Posted::Receive).await
}

/// A supplement (补交): materials logged missing, handed in now; then the updated receipt.
pub async fn supplement(
    State(state): State<AppState>,
    member: StaffMember,
    Path(path): Path<(i32, String)>,
    CsrfForm(form): CsrfForm<Parsed<DeskForm>>,
) -> Result<Response, WebError> {
    desk(state, member, path, form, Posted::Supplement).await
}

/// Late paper: logged with its true day, what came and why late, by one member of staff.
pub async fn log_late(
    State(state): State<AppState>,
    member: StaffMember,
    Path(path): Path<(i32, String)>,
    CsrfForm(form): CsrfForm<Parsed<DeskForm>>,
) -> Result<Response, WebError> {
    desk(state, member, path, form, Posted::LogLate).await
}

/// Late paper confirmed by a second member of staff: the application continues where it stopped.
pub async fn confirm_late(
    State(state): State<AppState>,
    member: StaffMember,
    Path(path): Path<(i32, String)>,
    CsrfForm(form): CsrfForm<Parsed<DeskForm>>,
) -> Result<Response, WebError> {
    desk(state, member, path, form, Posted::ConfirmLate).await
}

/// The printable receipt (回执) of the intake.
pub async fn receipt_page(
    State(state): State<AppState>,
    member: StaffMember,
    Path((_, reference)): Path<(i32, String)>,
) -> Result<Page, WebError> {
    super::center_staff(&member, "the intake desk")?;
    intake_page(&state, &member, &found(&state, &reference).await?).await
}

/// This desk's routes: path, door, handlers (see `web::door::StaffRoute`).
pub const ROUTES: &[StaffRoute] = &[
    StaffRoute::get("/staff/{org}/intake", Door::CenterStaff, || get(search)),
    StaffRoute::get("/staff/{org}/intake/{reference}", Door::CenterStaff, || {
        get(application)
    })
    .and_post(|| post(receive)),
    StaffRoute::get(
        "/staff/{org}/intake/{reference}/receipt",
        Door::CenterStaff,
        || get(receipt_page),
    ),
    StaffRoute::post(
        "/staff/{org}/intake/{reference}/supplement",
        Door::CenterStaff,
        || post(supplement),
    ),
    StaffRoute::post(
        "/staff/{org}/intake/{reference}/late",
        Door::CenterStaff,
        || post(log_late),
    ),
    StaffRoute::post(
        "/staff/{org}/intake/{reference}/late/confirm",
        Door::CenterStaff,
        || post(confirm_late),
    ),
];

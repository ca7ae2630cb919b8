//! The reviewers' decisions on one application as typed commands, and the one entry point that
//! takes them: it chooses the role the command is taken in among the roles the person holds,
//! checks the transition table before anything else, then hands the command to the function that
//! checks its dates and case and writes. The web only parses a form into a `ReviewCommand`
//! (`web::staff::ReviewForm`), calls `review`, and renders.

use chrono::{DateTime, FixedOffset, NaiveDate};
use sea_orm::DatabaseConnection;
use shared::{Action, Role, Round};

use super::notes::{self, Visibility};
use super::review::{self, Reasons, Reviewers};
use super::{allowed, status_of, Actor, Refusal, WorkflowError};
use crate::entity::application;

/// What a reviewer (unit, agency, department) decides on an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewCommand {
    OpenReview,
    ReturnForCorrection(Reasons),
    Decline(Reasons),
    StartPublicity {
        start: NaiveDate,
        end: NaiveDate,
    },
    /// During the 公示, with no change of state: it belongs to the unit's approval.
    RecordObjection {
        text: String,
        reporter: Option<String>,
    },
    ResolveObjection {
        id: i32,
        resolution: String,
    },
    UnitApprove {
        appraisal: String,
    },
    AgencyApprove,
    DepartmentApprove,
    ReturnToUnit(Reasons),
    /// A note on the timeline, by whichever role reviews the application; no state needed.
    AddNote {
        text: String,
        visibility: Visibility,
    },
}

impl ReviewCommand {
    /// The row of the transition table the command is checked against (`None`: a note).
    pub fn action(&self) -> Option<Action> {
        use ReviewCommand as C;
        Some(match self {
            C::OpenReview => Action::OpenReview,
            C::ReturnForCorrection(_) => Action::ReturnForCorrection,
            C::Decline(_) => Action::Decline,
            C::StartPublicity { .. } => Action::StartPublicity,
            C::RecordObjection { .. } | C::ResolveObjection { .. } | C::UnitApprove { .. } => {
                Action::UnitApprove
            }
            C::AgencyApprove => Action::AgencyApprove,
            C::DepartmentApprove => Action::DepartmentApprove,
            C::ReturnToUnit(_) => Action::ReturnToUnit,
            C::AddNote { .. } => return None,
        })
    }

    /// Whether the command changes nothing the reviewer's page was read against (a note).
    pub fn needs_the_page_version(&self) -> bool {
        !matches!(self, ReviewCommand::AddNote { .. })
    }
}

/// The role `action` is taken in, among `held`: the agency's or the department's for their own
/// actions, whichever of the two the person holds for a return to the unit, else the unit's.
fn role_for(action: Action, held: &[Role]) -> Role {
    match action {
        Action::AgencyApprove => Role::AgencyReviewer,
        Action::DepartmentApprove => Role::DepartmentReviewer,
        Action::ReturnToUnit => held
            .iter()
            .copied()
            .find(|r| matches!(r, Role::AgencyReviewer | Role::DepartmentReviewer))
            .unwrap_or(Role::DepartmentReviewer),
        _ => Role::UnitReviewer,
    }
}

/// The actor among `actors` that takes `action` on an application in `status`: the role the
/// action is taken in, then the transition table, before anything about the command is looked at
/// (an action the state does not allow is refused as such: the page is out of date).
pub fn actor_for(
    status: shared::ApplicationStatus,
    action: Action,
    actors: &[Actor],
) -> Result<Actor, Refusal> {
    let role = role_for(action, &actors.iter().map(|a| a.role).collect::<Vec<_>>());
    let Some(actor) = actors.iter().copied().find(|a| a.role == role) else {
        tracing::warn!(
            account = ?actors.first().and_then(|a| a.account_id),
            action = action.as_str(),
            "an action outside the member's roles was refused"
        );
        return Err(Refusal::NotReviewer);
    };
    allowed(status, action, actor)?;
    Ok(actor)
}

/// Takes `command` on `app` for a person acting as any of `actors` (their roles in the
/// organisation of the page). Refused when none of their roles may, or the table does not allow
/// it in the application's state, before the command's own checks.
pub async fn review(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actors: &[Actor],
    app: &application::Model,
    command: ReviewCommand,
) -> Result<(), WorkflowError> {
    let Some(action) = command.action() else {
        let ReviewCommand::AddNote { text, visibility } = command else {
            unreachable!("only a note has no action")
        };
        let reviewers = Reviewers::of(db, app).await?;
        let Some(actor) = actors
            .iter()
            .copied()
            .find(|a| reviewers.as_ref().is_some_and(|r| r.includes(*a)))
        else {
            return Err(Refusal::NotReviewer.into());
        };
        return notes::add(db, now, actor, app, &text, visibility).await;
    };
    let actor = actor_for(status_of(&app.status)?, action, actors)?;
    use ReviewCommand as C;
    match command {
        C::OpenReview => review::open(db, now, actor, app).await.map(drop),
        C::ReturnForCorrection(reasons) => {
            review::return_for_correction(db, round, now, actor, app, &reasons)
                .await
                .map(drop)
        }
        C::Decline(reasons) => review::decline(db, now, actor, app, &reasons)
            .await
            .map(drop),
        C::StartPublicity { start, end } => {
            review::start_publicity(db, round, now, actor, app, start, end)
                .await
                .map(drop)
        }
        C::RecordObjection { text, reporter } => {
            review::record_objection(db, now, actor, app, &text, reporter.as_deref())
                .await
                .map(drop)
        }
        C::ResolveObjection { id, resolution } => {
            review::resolve_objection(db, now, actor, app, id, &resolution).await
        }
        C::UnitApprove { appraisal } => review::unit_approve(db, now, actor, app, &appraisal)
            .await
            .map(drop),
        C::AgencyApprove | C::DepartmentApprove => review::approve_after_unit(db, now, actor, app)
            .await
            .map(drop),
        C::ReturnToUnit(reasons) => review::return_to_unit(db, now, actor, app, &reasons)
            .await
            .map(drop),
        C::AddNote { .. } => unreachable!("a note has no action"),
    }
}

/// What the center decides at the re-review (五（五）), four eyes on a rejection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReReviewCommand {
    /// With the words the decision needs when the system's verdict said otherwise.
    Approve { why: String },
    ProposeRejection {
        reasons: Vec<shared::ReasonText>,
        text: String,
    },
    /// By a second member of staff.
    ConfirmRejection,
    /// By a second member of staff, saying why.
    WithdrawProposal { why: String },
}

/// Takes a re-review command on `app` as `actor` (the center's staff); each command checks the
/// table, the re-review's window, the paper and four eyes.
pub async fn re_review(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    command: ReReviewCommand,
) -> Result<(), WorkflowError> {
    use super::re_review as r;
    match command {
        ReReviewCommand::Approve { why } => {
            r::approve(db, round, now, actor, app, &why).await.map(drop)
        }
        ReReviewCommand::ProposeRejection { reasons, text } => {
            r::propose_rejection(db, round, now, actor, app, &reasons, &text).await
        }
        ReReviewCommand::ConfirmRejection => r::confirm_rejection(db, round, now, actor, app)
            .await
            .map(drop),
        ReReviewCommand::WithdrawProposal { why } => {
            r::withdraw_proposal(db, round, now, actor, app, &why).await
        }
    }
}

/// What the center's paper desk records of one application (四、五（四））.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeskCommand {
    Receive(super::intake::Checklist),
    /// Materials logged missing, handed in now (补交).
    Supplement(super::intake::Checklist),
    /// Paper that came in time, logged late with its true day; a second member confirms.
    LogLatePaper {
        received_on: NaiveDate,
        checklist: super::intake::Checklist,
        reason: String,
    },
    ConfirmLatePaper,
}

/// Takes a desk command on `app` as `actor` (the center's staff); the new state.
pub async fn desk(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    command: DeskCommand,
) -> Result<shared::ApplicationStatus, WorkflowError> {
    use super::{intake, late_paper};
    match command {
        DeskCommand::Receive(checklist) => {
            intake::receive(db, round, now, actor, app, &checklist).await
        }
        DeskCommand::Supplement(handed_in) => {
            intake::supplement(db, round, now, actor, app, &handed_in).await
        }
        DeskCommand::LogLatePaper {
            received_on,
            checklist,
            reason,
        } => {
            late_paper::log(db, round, now, actor, app, received_on, checklist, &reason).await?;
            status_of(&app.status).map_err(Into::into)
        }
        DeskCommand::ConfirmLatePaper => late_paper::confirm(db, now, actor, app).await,
    }
}

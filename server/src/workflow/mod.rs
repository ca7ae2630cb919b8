//! Changes to applications, below the web layer (no HTTP here): each function takes a connection,
//! the round, the clock's `now` and the acting person, and gives a typed result or a typed
//! refusal. Every change of state goes through `transition` (or, for the submission batch on
//! SQLite, through its statement), guarded by the state and version that were read, and allowed
//! by `shared::workflow`'s table.

pub mod abandonment;
pub mod certificates;
pub mod collection;
pub mod command;
pub mod draft;
pub mod intake;
pub mod late_paper;
pub mod notes;
pub mod queue;
pub mod re_review;
pub mod review;
pub mod routing;
pub mod submit;
pub mod timeline;
pub mod transition;

/// An application as it is stored: what the workflow's functions take and give.
pub type Application = crate::entity::application::Model;

use content::questionnaire::answers::FieldError;
use sea_orm::DbErr;
use shared::{Action, ApplicationStatus, Role};

/// Who acts, in which role, for which organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub account_id: Option<i32>,
    pub role: Role,
    pub organisation_id: Option<i32>,
}

impl Actor {
    pub fn applicant(account_id: i32) -> Actor {
        Actor {
            account_id: Some(account_id),
            role: Role::Applicant,
            organisation_id: None,
        }
    }

    pub fn staff(account_id: i32, role: Role, organisation_id: i32) -> Actor {
        Actor {
            account_id: Some(account_id),
            role,
            organisation_id: Some(organisation_id),
        }
    }

    /// The server itself (the end of the paper window).
    pub fn system() -> Actor {
        Actor {
            account_id: None,
            role: Role::System,
            organisation_id: None,
        }
    }
}

/// Why a change was not made. Nothing was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not in the transition table: this role cannot do this in this state.
    NotAllowed {
        from: ApplicationStatus,
        action: Action,
        role: Role,
    },
    /// The application changed since it was read (another tab, a second click, a reviewer).
    Stale,
    /// The stored answers cannot be read; they are kept as they are, for the center to look at.
    UnreadableDraft,
    /// The answers or the request need correcting, field by field.
    Invalid(Vec<FieldError>),
    /// The actor does not review for this application's organisations.
    NotReviewer,
}

impl Refusal {
    /// One field's problem, in both languages.
    pub fn field(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Refusal {
        Refusal::Invalid(vec![FieldError::new(field, zh, en)])
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

impl From<Refusal> for WorkflowError {
    fn from(r: Refusal) -> Self {
        WorkflowError::Refused(r)
    }
}

/// The table's answer for `actor` taking `action` on an application in `from`, or the refusal
/// (logged: a refused action is someone trying a door that is not theirs, or a page out of date).
pub fn allowed(
    from: ApplicationStatus,
    action: Action,
    actor: Actor,
) -> Result<ApplicationStatus, Refusal> {
    shared::workflow::next(from, action, actor.role).ok_or_else(|| {
        tracing::warn!(from = from.as_str(), action = action.as_str(), role = actor.role.as_str(), account = ?actor.account_id, organisation = ?actor.organisation_id, "action refused by the transition table");
        Refusal::NotAllowed { from, action, role: actor.role }
    })
}

/// The status code stored on a row, read back (an unknown code is a defect, reported as such).
pub fn status_of(code: &str) -> Result<ApplicationStatus, DbErr> {
    ApplicationStatus::from_code(code).ok_or_else(|| {
        DbErr::Custom(format!(
            "unknown application status {code:?} in the database"
        ))
    })
}

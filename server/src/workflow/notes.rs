//! Notes on an application: a reviewer writes one, marked internal (the reviewers and the center
//! only) or visible to the applicant, and it lands on the timeline with who, when and what. A note
//! changes no state, so it is not in the transition table; who may write one is whoever reviews
//! the application.

use chrono::{DateTime, FixedOffset};
use sea_orm::DatabaseConnection;

use super::review::Reviewers;
use super::transition::record_step;
use super::{Actor, Refusal, WorkflowError};
use crate::entity::application;

/// The longest note, in characters.
pub const MAX_CHARS: usize = 1000;

/// Who reads a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// The application's reviewers and the center.
    Internal,
    /// The applicant too, on their status page.
    Applicant,
}

impl Visibility {
    /// The form's value: `applicant`, anything else is internal (the safe reading).
    pub fn from_form(value: Option<&str>) -> Visibility {
        if value == Some("applicant") {
            Visibility::Applicant
        } else {
            Visibility::Internal
        }
    }
}

/// Adds a note to `app` as `actor`, one of its reviewers.
pub async fn add(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    text: &str,
    visibility: Visibility,
) -> Result<(), WorkflowError> {
    let reviews = Reviewers::of(db, app)
        .await?
        .is_some_and(|r| r.includes(actor));
    if !reviews {
        tracing::warn!(application = app.id, role = actor.role.as_str(), account = ?actor.account_id, organisation = ?actor.organisation_id, "a note by someone outside the application's organisations was refused");
        return Err(Refusal::NotReviewer.into());
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(Refusal::field("note", "请填写备注内容", "Write the note").into());
    }
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        return Err(Refusal::field(
            "note",
            format!("备注最多 {MAX_CHARS} 个字，现在是 {chars} 个字"),
            format!("A note has at most {MAX_CHARS} characters; this one has {chars}"),
        )
        .into());
    }
    record_step(
        db,
        app,
        actor,
        now,
        "note",
        Some(text.to_string()),
        visibility == Visibility::Internal,
    )
    .await
}

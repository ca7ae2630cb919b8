//! 五（四）: an application whose paper materials have not reached the center by the end of the
//! paper window is treated as withdrawn (视为自动放弃). `tick` makes it so once the window has
//! closed by `now`: every application of the round still waiting for its paper, and every one
//! returned for correction and not submitted again, becomes `abandoned`, with its step. It runs when the server starts, on a timer inside it, and as
//! `chuding tick`. Idempotent, and safe with several processes ticking on one database: each
//! application changes through the guarded transition, so only one of them writes it (and its
//! step); the others find it changed and pass on.

use chrono::{DateTime, FixedOffset};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::{Action, ApplicationStatus, Role, Round};

use super::transition::{self, Request};
use super::{Actor, Refusal, WorkflowError};
use crate::entity::application;

/// How many applications one pass reads at a time.
const BATCH: u64 = 500;

/// The reason on the timeline, as the applicant reads it: for an application waiting for its
/// paper, and for one returned for correction and not submitted again.
fn reason(round: &Round, status: ApplicationStatus) -> String {
    if status == ApplicationStatus::Draft {
        format!(
            "退回修改后未在 {} 前重新提交，视为自动放弃（通知 五（四））",
            round.paper_window.end
        )
    } else {
        format!(
            "纸质材料未在 {} 前报送，视为自动放弃（通知 五（四））",
            round.paper_window.end
        )
    }
}

/// The states the system abandons from: those waiting for paper, as the transition table says.
pub fn waiting_for_paper() -> Vec<ApplicationStatus> {
    ApplicationStatus::ALL
        .iter()
        .copied()
        .filter(|s| shared::workflow::next(*s, Action::Abandon, Role::System).is_some())
        .collect()
}

/// Abandons what the closed paper window leaves without paper; how many this call changed.
pub async fn tick(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
) -> Result<usize, WorkflowError> {
    if now.date_naive() <= round.paper_window.end {
        return Ok(0);
    }
    let states: Vec<&str> = waiting_for_paper().iter().map(|s| s.as_str()).collect();
    let mut changed = 0;
    let mut after = 0;
    loop {
        let batch: Vec<(i32, String, i32, String)> = application::Entity::find()
            .select_only()
            .column(application::Column::Id)
            .column(application::Column::Status)
            .column(application::Column::Version)
            .column(application::Column::Reference)
            .filter(application::Column::RoundId.eq(round.id.as_str()))
            .filter(application::Column::Status.is_in(states.clone()))
            // A draft counts only once it was submitted (returned for correction).
            .filter(
                sea_orm::Condition::any()
                    .add(application::Column::Status.ne(ApplicationStatus::Draft.as_str()))
                    .add(application::Column::SubmittedAt.is_not_null()),
            )
            // Paper in hand, logged late and confirmed: it waits for its approvals, not abandoned.
            .filter(application::Column::PaperChecklist.is_null())
            .filter(application::Column::Id.gt(after))
            .order_by_asc(application::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.0;
        let mut audited = Vec::new();
        for (id, status, version, reference) in batch {
            let Some(expected) = ApplicationStatus::from_code(&status) else {
                continue;
            };
            let request = Request {
                application_id: id,
                expected,
                version,
                action: Action::Abandon,
                reason: Some(reason(round, expected)),
                data: None,
                also: vec![],
            };
            match transition::transition(db, Actor::system(), now, request).await {
                Ok(_) => {
                    changed += 1;
                    audited.push(crate::audit::Entry::system(
                        now,
                        "abandon: no paper by the deadline (五（四）)",
                        Some(reference),
                    ));
                }
                // Another process (or a person) changed it first.
                Err(WorkflowError::Refused(Refusal::Stale)) => {}
                Err(e) => return Err(e),
            }
        }
        crate::audit::append(db, audited).await?;
    }
    if changed > 0 {
        tracing::info!(changed, round = %round.id, "applications without paper were treated as withdrawn (五（四）)");
    }
    Ok(changed)
}

//! The unified re-review (五（五））: after the paper deadline the center decides on every
//! application whose paper it received. Approve; or reject with reasons from the list and its own
//! words, which the applicant reads exactly. A decision that differs from the system's verdict
//! needs a written reason. A rejection is proposed by one member of the center's staff and
//! confirmed by another (four eyes); until then the application stays as it is, and only a second
//! member of staff decides: confirm it, or withdraw it with a reason. Nobody approves past a
//! pending proposal, one at a time or in bulk, and the proposer can do neither. The paper
//! decides too: an application whose checklist has a material missing is not approved.

use chrono::{DateTime, FixedOffset};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use shared::workflow::PaperItem;
use shared::{Action, ApplicationStatus, Outcome, ReasonText, Round};

use super::transition::{self, record_step, Request};
use super::{allowed, status_of, Actor, Refusal, WorkflowError};
use crate::entity::application;

/// A rejection waiting for its second signature, with the reasons' words as they were when it was
/// proposed (a later round file cannot change what the applicant reads).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    #[serde(deserialize_with = "reasons_as_stored")]
    pub reasons: Vec<ReasonText>,
    pub text: String,
    pub by: i32,
    pub at: DateTime<FixedOffset>,
}

/// Proposals written before the reasons were the round's hold bare codes of the built-in list.
fn reasons_as_stored<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ReasonText>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Words(ReasonText),
        Code(String),
    }
    Vec::<Stored>::deserialize(d)?
        .into_iter()
        .map(|r| match r {
            Stored::Words(w) => Ok(w),
            Stored::Code(code) => shared::workflow::RejectReason::from_code(&code)
                .map(|r| ReasonText {
                    code: code.clone(),
                    zh: r.label_zh().into(),
                    en: r.label_en().into(),
                    needs_text: r == shared::workflow::RejectReason::Other,
                })
                .ok_or_else(|| serde::de::Error::custom(format!("unknown reason {code:?}"))),
        })
        .collect()
}

impl Proposal {
    /// The reasons in words, as the applicant reads them ("other" says itself in the text).
    pub fn in_words(&self) -> String {
        let mut lines: Vec<String> = self
            .reasons
            .iter()
            .filter(|r| !r.needs_text)
            .map(|r| r.zh.clone())
            .collect();
        if !self.text.trim().is_empty() {
            lines.push(self.text.trim().to_string());
        }
        lines.join("；")
    }
}

/// The proposal recorded on the application, if any.
pub fn proposal(app: &application::Model) -> Option<Proposal> {
    app.rejection_proposal
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
}

/// Whether the re-review is open on `now`'s day: after the paper window (五（五））.
pub fn open(round: &Round, now: DateTime<FixedOffset>) -> Result<(), Refusal> {
    let end = round.paper_window.end;
    if now.date_naive() > end {
        Ok(())
    } else {
        Err(Refusal::field(
            "decision",
            format!("统一复审在纸质材料受理截止（{end}）之后开始（通知 五（五））"),
            format!("The re-review opens after the paper deadline ({end}) (notice section 5(5))"),
        ))
    }
}

/// The system's verdict at submission said eligible.
pub fn system_says_eligible(app: &application::Model) -> bool {
    app.verdict_json
        .as_deref()
        .and_then(|v| serde_json::from_str::<shared::Verdict>(v).ok())
        .is_some_and(|v| v.outcome == Outcome::Eligible)
}

/// Approves, with `why` when the system's verdict said otherwise.
pub async fn approve(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    why: &str,
) -> Result<ApplicationStatus, WorkflowError> {
    let status = status_of(&app.status)?;
    allowed(status, Action::Approve, actor)?;
    open(round, now)?;
    if proposal(app).is_some() {
        return Err(Refusal::field(
            "decision",
            "这份申报有待确认的不通过提议：须由另一位工作人员确认不通过，或写明理由撤回提议后再作决定（双人复核）",
            "A rejection is proposed: another member of staff confirms it, or withdraws it with a reason, before any other decision (four eyes)",
        )
        .into());
    }
    let missing: Vec<&str> = super::intake::recorded(app)
        .iter()
        .filter(|(_, item)| **item == PaperItem::Missing)
        .map(|(m, _)| m.label_zh())
        .collect();
    if !missing.is_empty() {
        return Err(Refusal::field(
            "decision",
            format!("纸质材料不全（缺少：{}），不能复审通过：可提议以“材料不全”不通过（通知 五（四）（五））", missing.join("、")),
            format!("The paper is incomplete ({} missing): it cannot be approved; propose a rejection for incomplete materials (notice 5(4), 5(5))", missing.len()),
        )
        .into());
    }
    if !system_says_eligible(app) && why.trim().is_empty() {
        return Err(Refusal::field(
            "why",
            "系统审核结论不是“符合条件”，复审通过须写明理由",
            "The system's verdict was not eligible: write why you approve",
        )
        .into());
    }
    let request = Request {
        application_id: app.id,
        expected: status,
        version: app.version,
        action: Action::Approve,
        reason: Some(why.trim().to_string()).filter(|w| !w.is_empty()),
        data: None,
        also: vec![],
    };
    transition::transition(db, actor, now, request).await
}

/// Proposes a rejection (no change of state yet), with reasons; a written one when the system's
/// verdict said eligible.
pub async fn propose_rejection(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    reasons: &[ReasonText],
    text: &str,
) -> Result<(), WorkflowError> {
    let status = status_of(&app.status)?;
    allowed(status, Action::Reject, actor)?;
    open(round, now)?;
    if reasons.is_empty() && text.trim().is_empty() {
        return Err(Refusal::field(
            "reasons",
            "请至少选择一项不通过的原因，或写明原因",
            "Choose at least one reason, or write one",
        )
        .into());
    }
    if (reasons.iter().any(|r| r.needs_text) || system_says_eligible(app)) && text.trim().is_empty()
    {
        return Err(Refusal::field(
            "reject_text",
            "系统审核结论为“符合条件”或选择了“其他原因”时，须写明不通过的理由",
            "When the system's verdict was eligible, or with “Other”, write why",
        )
        .into());
    }
    let Some(by) = actor.account_id else {
        return Err(Refusal::NotAllowed {
            from: status,
            action: Action::Reject,
            role: actor.role,
        }
        .into());
    };
    let proposal = Proposal {
        reasons: reasons.to_vec(),
        text: text.trim().to_string(),
        by,
        at: now,
    };
    let json = serde_json::to_string(&proposal)
        .map_err(|e| WorkflowError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
    let written = application::Entity::update_many()
        .col_expr(application::Column::RejectionProposal, Expr::value(json))
        .filter(application::Column::Id.eq(app.id))
        .filter(application::Column::Status.eq(status.as_str()))
        .filter(application::Column::Version.eq(app.version))
        .exec(db)
        .await?;
    if written.rows_affected != 1 {
        return Err(Refusal::Stale.into());
    }
    record_step(
        db,
        app,
        actor,
        now,
        "reject_proposed",
        Some(proposal.in_words()),
        true,
    )
    .await
}

/// A second member of the center's staff confirms the proposed rejection: the application is
/// rejected with the proposal's reasons.
pub async fn confirm_rejection(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
) -> Result<ApplicationStatus, WorkflowError> {
    let status = status_of(&app.status)?;
    allowed(status, Action::Reject, actor)?;
    open(round, now)?;
    let Some(proposal) = proposal(app) else {
        return Err(Refusal::field(
            "reasons",
            "还没有不通过的提议",
            "No rejection has been proposed",
        )
        .into());
    };
    if Some(proposal.by) == actor.account_id {
        return Err(Refusal::field(
            "confirm",
            "不通过须由另一位工作人员确认（双人复核）",
            "A rejection is confirmed by another member of staff (four eyes)",
        )
        .into());
    }
    let request = Request {
        application_id: app.id,
        expected: status,
        version: app.version,
        action: Action::Reject,
        reason: Some(proposal.in_words()),
        data: Some(serde_json::json!({ "reasons": proposal.reasons, "proposed_by": proposal.by, "confirmed_by": actor.account_id }).to_string()),
        also: vec![],
    };
    transition::transition(db, actor, now, request).await
}

/// A second member of the center's staff withdraws the proposed rejection, saying why; the
/// application waits for a decision again.
pub async fn withdraw_proposal(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    why: &str,
) -> Result<(), WorkflowError> {
    let status = status_of(&app.status)?;
    allowed(status, Action::Reject, actor)?;
    open(round, now)?;
    let Some(proposal) = proposal(app) else {
        return Err(Refusal::field(
            "withdraw_why",
            "没有待确认的不通过提议",
            "No rejection is proposed",
        )
        .into());
    };
    if Some(proposal.by) == actor.account_id {
        return Err(Refusal::field(
            "withdraw_why",
            "提议须由另一位工作人员确认或撤回（双人复核）",
            "Another member of staff confirms or withdraws a proposal (four eyes)",
        )
        .into());
    }
    if why.trim().is_empty() {
        return Err(Refusal::field(
            "withdraw_why",
            "撤回不通过的提议须写明理由",
            "Write why the proposal is withdrawn",
        )
        .into());
    }
    let written = application::Entity::update_many()
        .col_expr(
            application::Column::RejectionProposal,
            Expr::value(Option::<String>::None),
        )
        .filter(application::Column::Id.eq(app.id))
        .filter(application::Column::Status.eq(status.as_str()))
        .filter(application::Column::Version.eq(app.version))
        .filter(application::Column::RejectionProposal.is_not_null())
        .exec(db)
        .await?;
    if written.rows_affected != 1 {
        return Err(Refusal::Stale.into());
    }
    record_step(
        db,
        app,
        actor,
        now,
        "reject_withdrawn",
        Some(why.trim().to_string()),
        true,
    )
    .await
}

/// Approves each of `apps` (those the system found eligible; the others need their own reason):
/// one result, and one step, per application. Each goes through `approve`, so one with a pending
/// proposal (or any other bar) is skipped with its refusal, whatever the page offered.
pub async fn approve_many(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    apps: &[application::Model],
) -> Result<Vec<(String, Result<(), Refusal>)>, WorkflowError> {
    open(round, now)?;
    let mut results = Vec::with_capacity(apps.len());
    for app in apps {
        let result = match approve(db, round, now, actor, app, "").await {
            Ok(_) => Ok(()),
            Err(WorkflowError::Refused(r)) => Err(r),
            Err(e) => return Err(e),
        };
        results.push((app.reference.clone(), result));
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_proposal_of_bare_codes_still_reads() {
        let old = r#"{"reasons":["materials_untrue","other"],"text":"见说明","by":7,"at":"2026-06-08T10:00:00+08:00"}"#;
        let p: super::Proposal = serde_json::from_str(old).unwrap();
        assert_eq!(p.reasons[0].zh, "申报材料与事实不符");
        assert_eq!(p.in_words(), "申报材料与事实不符；见说明");
    }
}

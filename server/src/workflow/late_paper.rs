//! Paper handed in at the window on a working day inside the paper window but logged only later
//! (a busy day, a clerk away): it was in time (五（四）), so the application must not stay
//! abandoned. One member of staff logs it with its true day, what came and why it is logged
//! late; a second member confirms. The application goes back to the state it was abandoned from
//! (`transition::back`), and on to `paper_received` with the true day when its approvals were
//! complete; otherwise it waits for them with its paper in hand (`paper_checklist` set, which the
//! tick leaves alone), and the intake desk logs it once they are given.

use chrono::{DateTime, FixedOffset, NaiveDate};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use shared::workflow::{approvals_complete, To};
use shared::{Action, ApplicationStatus, Round};

use super::intake::Checklist;
use super::review::Reviewers;
use super::transition::{self, Request};
use super::{status_of, Actor, Refusal, WorkflowError};
use crate::entity::{application, application_event};

/// The step that logs late paper, waiting for a second member of staff.
pub const LOGGED: &str = "late_paper_logged";

/// What the first member of staff logged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatePaper {
    pub received_on: NaiveDate,
    pub checklist: Checklist,
    #[serde(skip)]
    pub reason: String,
    #[serde(skip)]
    pub logged_by: Option<i32>,
}

/// The late paper logged since the application was last abandoned and not yet confirmed.
pub async fn pending(
    db: &DatabaseConnection,
    app: &application::Model,
) -> Result<Option<LatePaper>, WorkflowError> {
    let steps = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(app.id))
        .filter(application_event::Column::Kind.is_in([
            LOGGED,
            Action::Abandon.as_str(),
            Action::Reinstate.as_str(),
        ]))
        .order_by_desc(application_event::Column::Id)
        .one(db)
        .await?;
    Ok(steps.filter(|s| s.kind == LOGGED).and_then(|s| {
        let mut late: LatePaper = serde_json::from_str(s.data_json.as_deref()?).ok()?;
        late.reason = s.reason.unwrap_or_default();
        late.logged_by = s.actor_account_id;
        Some(late)
    }))
}

/// The state the application was last abandoned from.
async fn origin(
    db: &DatabaseConnection,
    app: &application::Model,
) -> Result<Option<ApplicationStatus>, WorkflowError> {
    Ok(application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(app.id))
        .filter(application_event::Column::Kind.eq(Action::Abandon.as_str()))
        .order_by_desc(application_event::Column::Id)
        .one(db)
        .await?
        .and_then(|s| s.from_status)
        .and_then(|s| ApplicationStatus::from_code(&s)))
}

/// Logs paper received on `received_on` for an abandoned application, as `actor`; a second
/// member of staff confirms it (`confirm`).
#[allow(clippy::too_many_arguments)]
pub async fn log(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    received_on: NaiveDate,
    checklist: Checklist,
    reason: &str,
) -> Result<(), WorkflowError> {
    let status = status_of(&app.status)?;
    if shared::workflow::step(status, Action::Reinstate, actor.role) != Some(To::Origin) {
        return Err(Refusal::NotAllowed {
            from: status,
            action: Action::Reinstate,
            role: actor.role,
        }
        .into());
    }
    let w = round.paper_window;
    if !round.accepts_paper_on(received_on).unwrap_or(false) || received_on > now.date_naive() {
        return Err(Refusal::field(
            "received_on",
            format!("收到材料的日期须是 {} 至 {} 之间的工作日，且不晚于今天（通知 四、五（四））", w.start, w.end),
            format!("The day the paper came must be a working day from {} to {}, and not after today (notice sections 4 and 5(4))", w.start, w.end),
        )
        .into());
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::field(
            "reason",
            "请写明为什么补登（例如当日窗口未及时登记）",
            "Write why it is logged late (for example, the desk did not log it that day)",
        )
        .into());
    }
    match origin(db, app).await? {
        Some(ApplicationStatus::Draft) => {
            return Err(Refusal::field(
                "received_on",
                "这份申报退回修改后没有重新提交，不能受理纸质材料",
                "This application was returned for correction and never submitted again: there is no paper to log",
            )
            .into())
        }
        // Before its 公示 began, no 公示 can end in time any more (四（四）): the application
        // could never be approved, so it is not reinstated to wait for ever.
        Some(ApplicationStatus::Submitted | ApplicationStatus::UnitReview) | None => {
            return Err(Refusal::field(
                "received_on",
                "这份申报被视为放弃时单位尚未开始公示，受理截止后已无法完成公示和审核（通知 四（四）、五（四）），补登不能恢复",
                "When this application was treated as withdrawn its unit had not started the publicity: none can be completed after the deadline (notice sections 4(4) and 5(4)), so late paper cannot reinstate it",
            )
            .into())
        }
        Some(_) => {}
    }
    if pending(db, app).await?.is_some() {
        return Err(Refusal::field(
            "received_on",
            "已有一条待确认的补登记录，请由另一名工作人员确认",
            "Late paper is logged already and waits for a second member of staff",
        )
        .into());
    }
    let late = LatePaper {
        received_on,
        checklist,
        reason: String::new(),
        logged_by: None,
    };
    let step = application_event::Step {
        kind: LOGGED,
        from: Some(status),
        to: status,
        actor_account_id: actor.account_id,
        actor_role: actor.role,
        actor_organisation_id: actor.organisation_id,
        reason: Some(reason.to_string()),
        data: serde_json::to_string(&late).ok(),
        at: now,
        internal: true,
    };
    application_event::record(db, app.id, step).await?;
    Ok(())
}

/// A second member of staff confirms the late paper: the application goes back to where it was
/// abandoned from, and on to `paper_received` if its approvals were complete. The new state.
pub async fn confirm(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
) -> Result<ApplicationStatus, WorkflowError> {
    let status = status_of(&app.status)?;
    let Some(late) = pending(db, app).await? else {
        return Err(Refusal::field(
            "confirm",
            "没有待确认的补登记录",
            "No late paper waits for confirmation",
        )
        .into());
    };
    if late.logged_by.is_some() && late.logged_by == actor.account_id {
        return Err(Refusal::field(
            "confirm",
            "补登须由另一名工作人员确认，登记人本人不能确认",
            "A second member of staff confirms late paper: not the one who logged it",
        )
        .into());
    }
    let Some(origin) = origin(db, app).await? else {
        return Err(Refusal::NotAllowed {
            from: status,
            action: Action::Reinstate,
            role: actor.role,
        }
        .into());
    };
    let checklist = serde_json::to_string(&late.checklist)
        .map_err(|e| WorkflowError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
    let data = serde_json::json!({
        "received_on": late.received_on,
        "logged_by": late.logged_by,
    })
    .to_string();
    let back = transition::back(
        db,
        actor,
        now,
        Request {
            application_id: app.id,
            expected: status,
            version: app.version,
            action: Action::Reinstate,
            reason: Some(late.reason.clone()),
            data: Some(data.clone()),
            also: vec![(
                application::Column::PaperChecklist,
                checklist.clone().into(),
            )],
        },
        origin,
    )
    .await?;
    let Some(now_app) = application::Entity::find_by_id(app.id).one(db).await? else {
        return Ok(back);
    };
    let complete = match Reviewers::of(db, &now_app).await? {
        Some(r) => approvals_complete(back, r.unit_kind, r.dispatched),
        None => false,
    };
    if !complete {
        return Ok(back);
    }
    transition::transition(
        db,
        actor,
        now,
        Request {
            application_id: app.id,
            expected: back,
            version: now_app.version,
            action: Action::ReceivePaper,
            reason: None,
            data: Some(checklist),
            also: vec![],
        },
    )
    .await
}

/// The day the paper of `app` was received, when it was logged late (the reinstating step's).
pub async fn received_on(
    db: &DatabaseConnection,
    app: &application::Model,
) -> Result<Option<NaiveDate>, WorkflowError> {
    let step = application_event::Entity::find()
        .filter(application_event::Column::ApplicationId.eq(app.id))
        .filter(application_event::Column::Kind.eq(Action::Reinstate.as_str()))
        .order_by_desc(application_event::Column::Id)
        .one(db)
        .await?;
    Ok(step
        .and_then(|s| s.data_json)
        .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
        .and_then(|v| v.get("received_on")?.as_str()?.parse().ok()))
}

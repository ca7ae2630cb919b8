//! The center's paper intake (四, 五（四））: at its window, on working days inside the paper
//! window, once the approvals the case needs are complete, center staff log what they received of
//! each of the applicant's materials (the verdict's list): original seen, copy, not needed, or
//! missing. The application is then `paper_received`; the applicant sees what is missing.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use sea_orm::DatabaseConnection;
use shared::verdict::Material;
use shared::workflow::{approvals_complete, PaperItem};
use shared::{Action, ApplicationStatus, Round};

use app::questionnaire::answers::FieldError;

use super::review::Reviewers;
use super::transition::{self, Request};
use super::{status_of, Actor, Refusal, WorkflowError};
use crate::entity::application;

/// What was received of each material.
pub type Checklist = BTreeMap<Material, PaperItem>;

/// The applicant's materials, from the verdict at submission.
pub fn materials(app: &application::Model) -> Vec<Material> {
    app.verdict_json
        .as_deref()
        .and_then(|v| serde_json::from_str::<shared::Verdict>(v).ok())
        .map(|v| v.materials)
        .unwrap_or_default()
}

/// The checklist recorded at intake, if any.
pub fn recorded(app: &application::Model) -> Checklist {
    app.paper_checklist
        .as_deref()
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or_default()
}

/// Whether the center's window takes paper on `now`'s day (a working day inside the window), or
/// the refusal that says when it does.
pub fn window_open(round: &Round, now: DateTime<FixedOffset>) -> Result<(), Refusal> {
    let today = now.date_naive();
    if round.accepts_paper_on(today).unwrap_or(false) {
        return Ok(());
    }
    let w = &round.paper_window;
    Err(Refusal::field(
        "paper",
        format!("今天（{today}）不受理纸质材料：受理时间为 {} 至 {} 的工作日（通知 四、五（四））", w.start, w.end),
        format!("Paper is not taken today ({today}): the window is open on working days from {} to {} (notice sections 4 and 5(4))", w.start, w.end),
    ))
}

/// The item for each material from the form's `item_{material}` fields; every material needs one.
pub fn read_checklist(
    materials: &[Material],
    fields: &BTreeMap<String, String>,
) -> Result<Checklist, Vec<FieldError>> {
    let mut list = Checklist::new();
    let mut errors = Vec::new();
    for m in materials {
        let name = format!("item_{}", m.as_str());
        match fields.get(&name).and_then(|v| PaperItem::from_code(v)) {
            Some(item) => {
                list.insert(*m, item);
            }
            None => errors.push(FieldError::new(
                name,
                format!("请选择“{}”的收取情况", m.label_zh()),
                format!("Choose what was received of: {}", m.label_en()),
            )),
        }
    }
    if errors.is_empty() {
        Ok(list)
    } else {
        Err(errors)
    }
}

/// Logs the paper of `app` as `actor` (center staff).
pub async fn receive(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    checklist: &Checklist,
) -> Result<ApplicationStatus, WorkflowError> {
    let status = status_of(&app.status)?;
    // The table first: a role or state that may never log paper is refused as such.
    super::allowed(status, Action::ReceivePaper, actor)?;
    window_open(round, now)?;
    let complete = match Reviewers::of(db, app).await? {
        Some(r) => approvals_complete(status, r.unit_kind, r.dispatched),
        None => false,
    };
    if !complete {
        return Err(Refusal::field(
            "paper",
            "这份申报的单位（以及需要的主管部门、派遣单位）审核尚未全部完成，暂不能登记纸质材料（通知 四（四）（六））",
            "The approvals this application needs (unit, and department or agency where needed) are not all given yet (notice section 4(4)(6))",
        )
        .into());
    }
    let json = serde_json::to_string(checklist)
        .map_err(|e| WorkflowError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
    let request = Request {
        application_id: app.id,
        expected: status,
        version: app.version,
        action: Action::ReceivePaper,
        reason: None,
        data: Some(json.clone()),
        also: vec![(application::Column::PaperChecklist, json.into())],
    };
    transition::transition(db, actor, now, request).await
}

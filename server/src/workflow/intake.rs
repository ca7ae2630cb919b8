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

use content::questionnaire::answers::FieldError;

use super::review::Reviewers;
use super::transition::{self, Request};
use super::{status_of, Actor, Refusal, WorkflowError};
use crate::entity::application;

/// What was received of each material.
pub type Checklist = BTreeMap<Material, PaperItem>;

/// The applicant's materials: the verdict's at submission, the stamps' items following the kept
/// approval chain.
pub fn materials(app: &application::Model) -> Vec<Material> {
    verdict(app).map(|v| v.materials).unwrap_or_default()
}

/// The verdict at submission, its materials list following the kept approval chain (what the
/// applicant, the desk and the printed documents all read).
pub fn verdict(app: &application::Model) -> Option<shared::Verdict> {
    let mut verdict = app
        .verdict_json
        .as_deref()
        .and_then(|v| serde_json::from_str::<shared::Verdict>(v).ok())?;
    let materials = std::mem::take(&mut verdict.materials);
    verdict.materials = super::routing::kept(app).materials(materials);
    Some(verdict)
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
    // Paper logged late and confirmed (`late_paper`) was in time: its approvals came after.
    if app.paper_checklist.is_none() {
        window_open(round, now)?;
    }
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

/// The materials still missing in a recorded checklist, in the checklist's order.
pub fn missing(checklist: &Checklist) -> Vec<Material> {
    checklist
        .iter()
        .filter(|(_, item)| **item == PaperItem::Missing)
        .map(|(m, _)| *m)
        .collect()
}

/// What the form says was handed in now of the missing materials (`supply_{material}`: an original
/// or a copy; left empty, still missing).
pub fn read_supplement(
    checklist: &Checklist,
    fields: &BTreeMap<String, String>,
) -> Result<Checklist, Vec<FieldError>> {
    let mut now = Checklist::new();
    for m in missing(checklist) {
        let name = format!("supply_{}", m.as_str());
        match fields.get(&name).map(String::as_str).unwrap_or("") {
            "" | "missing" => {}
            code => match PaperItem::from_code(code) {
                Some(item @ (PaperItem::ReceivedOriginal | PaperItem::ReceivedCopy)) => {
                    now.insert(m, item);
                }
                _ => {
                    return Err(vec![FieldError::new(
                        name,
                        format!("“{}”的补交情况只能是原件或复印件", m.label_zh()),
                        format!(
                            "What was handed in of “{}” is an original or a copy",
                            m.label_en()
                        ),
                    )])
                }
            },
        }
    }
    if now.is_empty() {
        let first = missing(checklist)
            .first()
            .map(|m| format!("supply_{}", m.as_str()))
            .unwrap_or_else(|| "supplement".into());
        return Err(vec![FieldError::new(
            first,
            "请选择补交了哪份材料（原件或复印件）",
            "Choose which missing material was handed in (original or copy)",
        )]);
    }
    Ok(now)
}

/// Records a supplement (补交) of `app` as `actor` (center staff): materials logged as missing,
/// handed in on a working day inside the paper window (四、五（四））. The checklist keeps what
/// was received; the step keeps which materials came on which day, for the updated receipt.
pub async fn supplement(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    handed_in: &Checklist,
) -> Result<ApplicationStatus, WorkflowError> {
    let status = status_of(&app.status)?;
    super::allowed(status, Action::RecordSupplement, actor)?;
    window_open(round, now)?;
    let mut checklist = recorded(app);
    for (m, item) in handed_in {
        if checklist.get(m) != Some(&PaperItem::Missing) || *item == PaperItem::Missing {
            return Err(Refusal::field(
                &format!("supply_{}", m.as_str()),
                format!("“{}”没有登记为缺少，无需补交", m.label_zh()),
                format!("“{}” was not logged as missing", m.label_en()),
            )
            .into());
        }
        checklist.insert(*m, *item);
    }
    if handed_in.is_empty() {
        return Err(Refusal::field(
            "supplement",
            "请选择补交了哪份材料",
            "Choose which missing material was handed in",
        )
        .into());
    }
    let json = |v: &Checklist| {
        serde_json::to_string(v)
            .map_err(|e| WorkflowError::Db(sea_orm::DbErr::Custom(e.to_string())))
    };
    let request = Request {
        application_id: app.id,
        expected: status,
        version: app.version,
        action: Action::RecordSupplement,
        reason: None,
        data: Some(json(handed_in)?),
        also: vec![(
            application::Column::PaperChecklist,
            json(&checklist)?.into(),
        )],
    };
    transition::transition(db, actor, now, request).await
}

//! The review by the applicant's organisations (四（四）（六）, 五（二）): the unit opens the review,
//! returns the application for correction or declines it with reasons, runs the 公示 (at least
//! 5 working days by the round's calendar), records and resolves objections, and approves with
//! an appraisal once the 公示 has ended; the dispatch agency and the competent department then
//! approve or return it to the unit. Each step is a `transition`, and each checks first that the
//! actor acts for the application's own organisation.

use chrono::{DateTime, FixedOffset, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use shared::workflow::{approval_due, OrganisationKind, ReviewReason};
use shared::{Action, ApplicationStatus, Role, Round};

use content::questionnaire::answers::FieldError;

use super::transition::{self, record_step, Request};
use super::{status_of, Actor, Refusal, WorkflowError};
use crate::entity::{application, objection, organisation};

/// The reasons a reviewer gives: one or more from the list, and their own words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reasons {
    pub codes: Vec<ReviewReason>,
    pub text: String,
}

impl Reasons {
    /// At least one reason; "other" needs words.
    fn checked(&self) -> Result<String, Refusal> {
        let text = self.text.trim();
        if self.codes.is_empty() && text.is_empty() {
            return Err(Refusal::field(
                "reasons",
                "请至少选择一项原因，或写明原因",
                "Choose at least one reason, or write one",
            ));
        }
        if self.codes.contains(&ReviewReason::Other) && text.is_empty() {
            return Err(Refusal::field(
                "reason_text",
                "选择“其他原因”时，请写明原因",
                "With “Other”, write the reason",
            ));
        }
        let mut lines: Vec<String> = self
            .codes
            .iter()
            .filter(|c| **c != ReviewReason::Other)
            .map(|c| c.label_zh().to_string())
            .collect();
        if !text.is_empty() {
            lines.push(text.to_string());
        }
        Ok(lines.join("；"))
    }

    fn data(&self, extra: serde_json::Value) -> String {
        let mut data = serde_json::json!({ "reasons": self.codes.iter().map(|c| c.as_str()).collect::<Vec<_>>() });
        if let (Some(obj), serde_json::Value::Object(more)) = (data.as_object_mut(), extra) {
            obj.extend(more);
        }
        data.to_string()
    }
}

/// The states after the unit's approval.
pub const PAST_THE_UNIT: [ApplicationStatus; 8] = [
    ApplicationStatus::UnitApproved,
    ApplicationStatus::AgencyApproved,
    ApplicationStatus::DepartmentApproved,
    ApplicationStatus::PaperReceived,
    ApplicationStatus::Approved,
    ApplicationStatus::Rejected,
    ApplicationStatus::Certified,
    ApplicationStatus::Archived,
];

/// Whether the unit has approved the application: it is in a state after that, or it has the
/// appraisal the approval comes with (五（二）; returned to the unit or abandoned since, it stays in
/// view of those who saw it).
pub fn past_the_unit(status: Option<ApplicationStatus>, has_appraisal: bool) -> bool {
    has_appraisal || status.is_some_and(|s| PAST_THE_UNIT.contains(&s))
}

/// Which organisations review this application: its unit (and the unit's kind), the unit's
/// competent department, and the dispatch agency of a dispatched worker.
pub struct Reviewers {
    pub unit: organisation::Model,
    pub unit_kind: OrganisationKind,
    pub department_id: Option<i32>,
    pub agency_id: Option<i32>,
    pub dispatched: bool,
    /// Whether the application has reached the agency and the department: the notice's order is
    /// the unit, then the agency (四（六）), then the department; neither sees it before.
    reached_agency: bool,
    reached_department: bool,
}

impl Reviewers {
    pub async fn of(
        db: &DatabaseConnection,
        app: &application::Model,
    ) -> Result<Option<Reviewers>, WorkflowError> {
        let Some(unit_id) = app.unit_id else {
            return Ok(None);
        };
        let Some(unit) = organisation::Entity::find_by_id(unit_id).one(db).await? else {
            return Ok(None);
        };
        Ok(Some(Reviewers::with_unit(app, unit)?))
    }

    /// The reviewers of `app`, whose unit (already read) is `unit`.
    pub fn with_unit(
        app: &application::Model,
        unit: organisation::Model,
    ) -> Result<Reviewers, sea_orm::DbErr> {
        let unit_kind = OrganisationKind::from_code(&unit.kind).ok_or_else(|| {
            sea_orm::DbErr::Custom(format!("unknown organisation kind {:?}", unit.kind))
        })?;
        let dispatched = app.dispatch_agency_id.is_some();
        let status = ApplicationStatus::from_code(&app.status);
        let reached_agency = past_the_unit(status, app.appraisal.is_some());
        let reached_department =
            reached_agency && !(dispatched && status == Some(ApplicationStatus::UnitApproved));
        Ok(Reviewers {
            department_id: app.department_id.or(unit.department_id),
            agency_id: app.dispatch_agency_id,
            unit,
            unit_kind,
            dispatched,
            reached_agency,
            reached_department,
        })
    }

    /// Whether this case lets `role` take `action` now (the table allows it already): after the
    /// unit, only the reviewer whose approval is due approves or returns it to the unit.
    pub fn case_allows(&self, status: ApplicationStatus, action: Action, role: Role) -> bool {
        match action {
            Action::AgencyApprove | Action::DepartmentApprove | Action::ReturnToUnit => {
                approval_due(status, self.unit_kind, self.dispatched) == Some(role)
            }
            _ => true,
        }
    }

    /// Whether `actor` reviews for this application in their role, now: the agency and the
    /// department once it has reached them.
    pub fn includes(&self, actor: Actor) -> bool {
        let org = actor.organisation_id;
        match actor.role {
            Role::UnitReviewer => org == Some(self.unit.id),
            Role::AgencyReviewer => org.is_some() && org == self.agency_id && self.reached_agency,
            Role::DepartmentReviewer => {
                org.is_some() && org == self.department_id && self.reached_department
            }
            _ => false,
        }
    }
}

/// The application's reviewers, when `actor` is one of them and the transition table lets their
/// role take `action` in the application's state; anyone else is refused (logged). Every
/// reviewer's action comes through here first, so an action the state does not allow is refused
/// as such before its form is looked at.
async fn reviewers_for(
    db: &DatabaseConnection,
    app: &application::Model,
    action: Action,
    actor: Actor,
) -> Result<Reviewers, WorkflowError> {
    match Reviewers::of(db, app).await? {
        Some(r) if r.includes(actor) => {
            super::allowed(status_of(&app.status)?, action, actor)?;
            Ok(r)
        }
        _ => {
            tracing::warn!(application = app.id, action = action.as_str(), role = actor.role.as_str(), account = ?actor.account_id, organisation = ?actor.organisation_id, "a reviewer outside the application's organisations was refused");
            Err(Refusal::NotAllowed {
                from: status_of(&app.status)?,
                action,
                role: actor.role,
            }
            .into())
        }
    }
}

fn request(app: &application::Model, action: Action) -> Result<Request, WorkflowError> {
    Ok(Request {
        application_id: app.id,
        expected: status_of(&app.status)?,
        version: app.version,
        action,
        reason: None,
        data: None,
        also: vec![],
    })
}

/// The unit opens its review of a submitted application.
pub async fn open(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
) -> Result<ApplicationStatus, WorkflowError> {
    reviewers_for(db, app, Action::OpenReview, actor).await?;
    transition::transition(db, actor, now, request(app, Action::OpenReview)?).await
}

/// Back to the applicant as a draft, with the reasons they will read. The step keeps the answers
/// as returned, so the reviewer sees later which ones changed.
pub async fn return_for_correction(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    reasons: &Reasons,
) -> Result<ApplicationStatus, WorkflowError> {
    reviewers_for(db, app, Action::ReturnForCorrection, actor).await?;
    let reason = reasons.checked()?;
    returnable(round, now.date_naive())?;
    let answers: serde_json::Value =
        serde_json::from_str(&app.answers_json).unwrap_or(serde_json::Value::Null);
    let mut req = request(app, Action::ReturnForCorrection)?;
    req.reason = Some(reason);
    req.data = Some(reasons.data(serde_json::json!({ "answers": answers })));
    transition::transition(db, actor, now, req).await
}

/// Whether a return for correction on `today` leaves the applicant a way to the end: the
/// corrected application must still be able to get its 公示 and approvals before the paper
/// deadline. After the last such day the unit approves or declines instead.
fn returnable(round: &Round, today: NaiveDate) -> Result<(), Refusal> {
    let last = round.last_return_day().map_err(|e| {
        Refusal::field(
            "reasons",
            format!("无法按工作日计算：{e}"),
            format!("Cannot be counted in working days: {e}"),
        )
    })?;
    match last {
        Some(last) if today <= last => Ok(()),
        last => {
            let deadline = round.paper_window.end;
            let last = last.map(|d| d.to_string()).unwrap_or_default();
            Err(Refusal::field(
                "reasons",
                format!("{last} 之后退回修改，申报人重新提交后已来不及在纸质材料截止（{deadline}）前完成公示和审核：请审核通过或不予推荐（通知 四（四）、五（四））"),
                format!("Returned after {last}, a corrected application could not get its publicity and approvals before the paper deadline ({deadline}): approve or decline it instead (notice 4(4), 5(4))"),
            ))
        }
    }
}

/// The unit declines: the application ends, with the reasons the applicant will read.
pub async fn decline(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    reasons: &Reasons,
) -> Result<ApplicationStatus, WorkflowError> {
    reviewers_for(db, app, Action::Decline, actor).await?;
    let mut req = request(app, Action::Decline)?;
    req.reason = Some(reasons.checked()?);
    req.data = Some(reasons.data(serde_json::json!({})));
    transition::transition(db, actor, now, req).await
}

/// The last day a 公示 starting on `start` may end, at the earliest (四（四）: at least the
/// round's working days, counted with its calendar), or why it cannot be counted.
pub fn earliest_publicity_end(round: &Round, start: NaiveDate) -> Result<NaiveDate, Refusal> {
    round.publicity_ends(start).map_err(|e| {
        Refusal::field(
            "publicity_start",
            format!("无法按工作日计算这段公示：{e}"),
            format!("This publicity cannot be counted in working days: {e}"),
        )
    })
}

/// The 公示's dates: from today on (never backdated: a 公示 is posted, not recorded after the
/// fact), at least the round's working days (四（四））, longer allowed, and ending early enough to
/// leave a working day for the approvals before the paper deadline (五（四））; each refusal says
/// the day that would do.
fn checked_publicity(
    round: &Round,
    today: NaiveDate,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<(), Refusal> {
    if start < today {
        return Err(Refusal::field(
            "publicity_start",
            format!("公示不能补记：开始日期最早为今天（{today}）"),
            format!("A publicity is not recorded after the fact: it starts today ({today}) at the earliest"),
        ));
    }
    let latest = round.latest_publicity_end().map_err(|e| {
        Refusal::field(
            "publicity_end",
            format!("无法按工作日计算：{e}"),
            format!("Cannot be counted in working days: {e}"),
        )
    })?;
    let deadline = round.paper_window.end;
    match latest {
        Some(latest) if end > latest => {
            return Err(Refusal::field(
                "publicity_end",
                format!("公示须在 {latest} 前（含当日）结束，留出一个工作日办理审核，纸质材料受理截止于 {deadline}（通知 四（四）、五（四））"),
                format!("The publicity must end by {latest}, leaving a working day for the approvals before the paper deadline of {deadline} (notice sections 4(4) and 5(4))"),
            ));
        }
        None => {
            return Err(Refusal::field(
                "publicity_end",
                format!("纸质材料受理期（截止 {deadline}）已不足以完成公示和审核"),
                format!("The paper window (until {deadline}) no longer leaves time for a publicity and the approvals"),
            ));
        }
        Some(_) => {}
    }
    let earliest = earliest_publicity_end(round, start)?;
    if end < earliest {
        let n = round.publicity_working_days;
        return Err(Refusal::field(
            "publicity_end",
            format!("公示时间不少于 {n} 个工作日（通知 四（四））：从 {start} 开始，最早 {earliest} 结束"),
            format!("A publicity lasts at least {n} working days (notice section 4(4)): starting on {start}, it ends on {earliest} at the earliest"),
        ));
    }
    Ok(())
}

/// Starts the unit's 公示 from `start` to `end`.
pub async fn start_publicity(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<ApplicationStatus, WorkflowError> {
    reviewers_for(db, app, Action::StartPublicity, actor).await?;
    checked_publicity(round, now.date_naive(), start, end)?;
    let mut req = request(app, Action::StartPublicity)?;
    req.data = Some(serde_json::json!({ "start": start, "end": end }).to_string());
    req.also = vec![
        (application::Column::PublicityStart, start.into()),
        (application::Column::PublicityEnd, end.into()),
    ];
    transition::transition(db, actor, now, req).await
}

/// The same 公示 for many applications of the unit: the dates are checked once (a refusal there
/// starts nothing); then each application changes on its own, and those that could not (in
/// another state, changed meanwhile, another unit's) come back with why, by reference.
pub async fn start_publicity_for_many(
    db: &DatabaseConnection,
    round: &Round,
    now: DateTime<FixedOffset>,
    actor: Actor,
    apps: &[application::Model],
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(String, Result<(), Refusal>)>, WorkflowError> {
    checked_publicity(round, now.date_naive(), start, end)?;
    let mut results = Vec::with_capacity(apps.len());
    for app in apps {
        let result = match start_publicity(db, round, now, actor, app, start, end).await {
            Ok(_) => Ok(()),
            Err(WorkflowError::Refused(refusal)) => Err(refusal),
            Err(e) => return Err(e),
        };
        results.push((app.reference.clone(), result));
    }
    Ok(results)
}

/// Records an objection raised during the 公示 (no change of state; it blocks the approval).
pub async fn record_objection(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    text: &str,
    reporter: Option<&str>,
) -> Result<objection::Model, WorkflowError> {
    // Recorded during the 公示 only: the table lets the unit approve from there alone.
    reviewers_for(db, app, Action::UnitApprove, actor).await?;
    if text.trim().is_empty() {
        return Err(Refusal::field(
            "objection",
            "请写明异议的内容",
            "Write what the objection is",
        )
        .into());
    }
    let Some(account) = actor.account_id else {
        return Err(Refusal::NotAllowed {
            from: ApplicationStatus::Publicity,
            action: Action::UnitApprove,
            role: actor.role,
        }
        .into());
    };
    let row = objection::ActiveModel {
        application_id: Set(app.id),
        text: Set(text.trim().to_string()),
        reporter: Set(reporter
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)),
        recorded_by: Set(account),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // An objection is the unit's matter, kept from the applicant.
    record_step(
        db,
        app,
        actor,
        now,
        "objection_recorded",
        Some(row.text.clone()),
        true,
    )
    .await?;
    Ok(row)
}

/// Resolves an objection with a note.
pub async fn resolve_objection(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    objection_id: i32,
    resolution: &str,
) -> Result<(), WorkflowError> {
    reviewers_for(db, app, Action::UnitApprove, actor).await?;
    if resolution.trim().is_empty() {
        return Err(Refusal::field(
            "resolution",
            "请写明异议的处理结果",
            "Write how the objection was resolved",
        )
        .into());
    }
    let found = objection::Entity::find_by_id(objection_id)
        .one(db)
        .await?
        .filter(|o| o.application_id == app.id && o.resolved_at.is_none());
    let Some(open) = found else {
        return Err(super::Refusal::Stale.into());
    };
    let mut row: objection::ActiveModel = open.into();
    row.resolution = Set(Some(resolution.trim().to_string()));
    row.resolved_by = Set(actor.account_id);
    row.resolved_at = Set(Some(now));
    row.update(db).await?;
    record_step(
        db,
        app,
        actor,
        now,
        "objection_resolved",
        Some(resolution.trim().to_string()),
        true,
    )
    .await
}

/// The open objections of an application.
pub async fn open_objections(
    db: &DatabaseConnection,
    application_id: i32,
) -> Result<u64, WorkflowError> {
    Ok(objection::Entity::find()
        .filter(objection::Column::ApplicationId.eq(application_id))
        .filter(objection::Column::ResolvedAt.is_null())
        .count(db)
        .await?)
}

/// The unit approves with its appraisal, once the 公示 has ended by the server's clock and no
/// objection is open; the appraisal must be a real one (五（二）).
pub async fn unit_approve(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    appraisal: &str,
) -> Result<ApplicationStatus, WorkflowError> {
    reviewers_for(db, app, Action::UnitApprove, actor).await?;
    let today = now.date_naive();
    match app.publicity_end {
        Some(end) if today > end => {}
        Some(end) => {
            return Err(Refusal::field(
                "appraisal",
                format!("公示到 {end} 结束，结束后才能审核通过（通知 四（四））"),
                format!(
                    "The publicity ends on {end}; approve after it has ended (notice section 4(4))"
                ),
            )
            .into())
        }
        None => {
            return Err(Refusal::field(
                "appraisal",
                "尚未公示，公示结束后才能审核通过（通知 四（四））",
                "There has been no publicity yet (notice section 4(4))",
            )
            .into())
        }
    }
    if open_objections(db, app.id).await? > 0 {
        return Err(Refusal::field(
            "appraisal",
            "还有未处理的异议，处理后才能审核通过",
            "An objection is still open: resolve it first",
        )
        .into());
    }
    if let Some(problem) = shared::appraisal::check(appraisal) {
        return Err(Refusal::Invalid(vec![FieldError::from_finding("appraisal", &problem)]).into());
    }
    let mut req = request(app, Action::UnitApprove)?;
    req.also = vec![(
        application::Column::Appraisal,
        appraisal.trim().to_string().into(),
    )];
    transition::transition(db, actor, now, req).await
}

/// The dispatch agency's or the competent department's approval, where the case needs it
/// (四（四）（六）): the agency first for a dispatched worker, then the department.
pub async fn approve_after_unit(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
) -> Result<ApplicationStatus, WorkflowError> {
    let action = if actor.role == Role::AgencyReviewer {
        Action::AgencyApprove
    } else {
        Action::DepartmentApprove
    };
    due_reviewer(db, app, action, actor).await?;
    transition::transition(db, actor, now, request(app, action)?).await
}

/// The application's reviewers, when `actor` is the one whose approval is due.
async fn due_reviewer(
    db: &DatabaseConnection,
    app: &application::Model,
    action: Action,
    actor: Actor,
) -> Result<Reviewers, WorkflowError> {
    let reviewers = reviewers_for(db, app, action, actor).await?;
    let status = status_of(&app.status)?;
    if !reviewers.case_allows(status, action, actor.role) {
        return Err(Refusal::NotAllowed {
            from: status,
            action,
            role: actor.role,
        }
        .into());
    }
    Ok(reviewers)
}

/// The agency or the department returns the application to the unit, with reasons.
pub async fn return_to_unit(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    reasons: &Reasons,
) -> Result<ApplicationStatus, WorkflowError> {
    due_reviewer(db, app, Action::ReturnToUnit, actor).await?;
    let mut req = request(app, Action::ReturnToUnit)?;
    req.reason = Some(reasons.checked()?);
    req.data = Some(reasons.data(serde_json::json!({})));
    transition::transition(db, actor, now, req).await
}

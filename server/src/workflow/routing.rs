//! An application whose unit is not in the directory (the applicant named it instead) waits at
//! the center: staff add the organisation to the directory, or find it there, and route the
//! application to it. The approval chain is formed then, as at submission; until it is, no unit
//! sees the application and the applicant reads "等待人才服务中心确认工作单位".

use chrono::{DateTime, FixedOffset};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use shared::approval_chain::{approval_chain, Chain, Stamp};
use shared::{Action, ApplicationStatus, Role};

use content::questionnaire::answers::FieldError;

use super::submit::listed;
use super::transition::{self, Request};
use super::{status_of, Actor, Refusal, WorkflowError};
use crate::entity::{application, organisation};

/// The submitted applications of `round` that wait to be routed, oldest first.
pub async fn waiting(
    db: &DatabaseConnection,
    round: &str,
) -> Result<Vec<application::Model>, sea_orm::DbErr> {
    application::Entity::find()
        .filter(application::Column::RoundId.eq(round))
        .filter(application::Column::Status.eq(ApplicationStatus::Submitted.as_str()))
        .filter(application::Column::UnitId.is_null())
        .order_by_asc(application::Column::SubmittedAt)
        .order_by_asc(application::Column::Id)
        .all(db)
        .await
}

/// Routes `app` to the unit `unit_id` of the directory as `actor` (center staff): the chain of
/// that unit and the agency chosen at submission, or the reasons it cannot be formed.
pub async fn route(
    db: &DatabaseConnection,
    now: DateTime<FixedOffset>,
    actor: Actor,
    app: &application::Model,
    unit_id: i32,
) -> Result<ApplicationStatus, WorkflowError> {
    let status = status_of(&app.status)?;
    super::allowed(status, Action::RouteToUnit, actor)?;
    if app.unit_id.is_some() {
        return Err(Refusal::field(
            "unit_id",
            "这份申报已确认过工作单位",
            "This application has been routed already",
        )
        .into());
    }
    let unit = organisation::Entity::find_by_id(unit_id).one(db).await?;
    let agency = match app.dispatch_agency_id {
        Some(id) => organisation::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let chain = approval_chain(
        unit.as_ref().and_then(listed),
        app.dispatch_agency_id.is_some(),
        agency.as_ref().and_then(listed),
    );
    let stamps = match chain {
        Ok(Chain::Stamps(stamps)) => stamps,
        Ok(Chain::ToRoute) => {
            return Err(Refusal::field(
                "unit_id",
                "请从目录中选择工作单位",
                "Choose the unit from the directory",
            )
            .into())
        }
        Err(problems) => {
            return Err(Refusal::Invalid(
                problems
                    .into_iter()
                    .map(|p| FieldError::new("unit_id", p.zh, p.en))
                    .collect(),
            )
            .into())
        }
    };
    let department = stamps
        .iter()
        .find(|s| s.role == Role::DepartmentReviewer)
        .map(|s| s.organisation_id);
    let request = Request {
        application_id: app.id,
        expected: status,
        version: app.version,
        action: Action::RouteToUnit,
        reason: unit.map(|u| u.name),
        data: Some(serde_json::json!({ "unit_id": unit_id }).to_string()),
        also: vec![
            (application::Column::UnitId, Some(unit_id).into()),
            (application::Column::DepartmentId, department.into()),
        ],
    };
    transition::transition(db, actor, now, request).await
}

/// The chain kept on a submitted application: its unit, agency and department, in the notice's order.
pub fn kept(app: &application::Model) -> Chain {
    let Some(unit) = app.unit_id else {
        return Chain::ToRoute;
    };
    let stamp = |role, id: Option<i32>| {
        id.map(|organisation_id| Stamp {
            role,
            organisation_id,
        })
    };
    Chain::Stamps(
        [
            stamp(Role::UnitReviewer, Some(unit)),
            stamp(Role::AgencyReviewer, app.dispatch_agency_id),
            stamp(Role::DepartmentReviewer, app.department_id),
        ]
        .into_iter()
        .flatten()
        .collect(),
    )
}

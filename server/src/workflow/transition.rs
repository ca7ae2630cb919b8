//! The one place that writes an application's `status`: only where the row is still in the state
//! and at the version that were read, with the step on its timeline in the same transaction.

use chrono::{DateTime, FixedOffset};
use sea_orm::sea_query::{Expr, Query, UpdateStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement, TransactionTrait, Value};
use shared::{Action, ApplicationStatus};

use super::{allowed, status_of, Actor, Refusal, WorkflowError};
use crate::entity::{application, application_event};

/// A change of state as the workflow decided it, with the other columns it sets.
pub struct StatusChange {
    pub application_id: i32,
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
    /// The version as read; the row gets the next one.
    pub version: i32,
    pub at: DateTime<FixedOffset>,
    pub also: Vec<(application::Column, Value)>,
}

impl StatusChange {
    /// The values `update` binds, in its order: `also`, the status, the time, the next version,
    /// then the row's id, state and version as read.
    pub fn values(&self) -> Vec<Value> {
        let mut values: Vec<Value> = self.also.iter().map(|(_, v)| v.clone()).collect();
        values.extend([
            self.to.as_str().into(),
            self.at.into(),
            (self.version + 1).into(),
            self.application_id.into(),
            self.from.as_str().into(),
            self.version.into(),
        ]);
        values
    }

    /// `UPDATE application SET …, status, updated_at, version WHERE id AND status AND version`.
    pub fn update(&self) -> UpdateStatement {
        use application::Column as C;
        let mut update = Query::update();
        update.table(application::Entity);
        for (column, value) in &self.also {
            update.value(*column, value.clone());
        }
        update
            .value(C::Status, self.to.as_str())
            .value(C::UpdatedAt, self.at)
            .value(C::Version, self.version + 1)
            .and_where(Expr::col(C::Id).eq(self.application_id))
            .and_where(Expr::col(C::Status).eq(self.from.as_str()))
            .and_where(Expr::col(C::Version).eq(self.version));
        update
    }
}

/// What a transition is asked to do, on the application as it was read.
pub struct Request {
    pub application_id: i32,
    pub expected: ApplicationStatus,
    pub version: i32,
    pub action: Action,
    /// The reasons given (shown on the timeline; the applicant sees those meant for them).
    pub reason: Option<String>,
    /// Facts of the step, as JSON.
    pub data: Option<String>,
    pub also: Vec<(application::Column, Value)>,
}

/// Takes `action` as `actor`: allowed by the table, written only if the application is still in
/// the expected state at the expected version, with its step. Gives the new state.
pub async fn transition(
    db: &DatabaseConnection,
    actor: Actor,
    now: DateTime<FixedOffset>,
    request: Request,
) -> Result<ApplicationStatus, WorkflowError> {
    let to = allowed(request.expected, request.action, actor)?;
    write_to(db, actor, now, request, to).await
}

/// Takes a row of the table that goes back (`shared::workflow::To::Origin`) to `origin`, the
/// state the application was abandoned from; refused like any other cell the table does not allow.
pub async fn back(
    db: &DatabaseConnection,
    actor: Actor,
    now: DateTime<FixedOffset>,
    request: Request,
    origin: ApplicationStatus,
) -> Result<ApplicationStatus, WorkflowError> {
    let to = shared::workflow::back_to(request.expected, request.action, actor.role, origin)
        .ok_or(Refusal::NotAllowed {
            from: request.expected,
            action: request.action,
            role: actor.role,
        })?;
    write_to(db, actor, now, request, to).await
}

async fn write_to(
    db: &DatabaseConnection,
    actor: Actor,
    now: DateTime<FixedOffset>,
    request: Request,
    to: ApplicationStatus,
) -> Result<ApplicationStatus, WorkflowError> {
    let change = StatusChange {
        application_id: request.application_id,
        from: request.expected,
        to,
        version: request.version,
        at: now,
        also: request.also,
    };
    let step = application_event::Step {
        kind: request.action.as_str(),
        from: Some(request.expected),
        to,
        actor_account_id: actor.account_id,
        actor_role: actor.role,
        actor_organisation_id: actor.organisation_id,
        reason: request.reason,
        data: request.data,
        at: now,
        internal: false,
    };
    let id = request.application_id;
    let update = db.get_database_backend().build(&change.update());
    let written = write(db, update, id, step).await?;
    if !written {
        return Err(Refusal::Stale.into());
    }
    tracing::info!(
        application = id,
        action = request.action.as_str(),
        role = actor.role.as_str(),
        to = to.as_str(),
        "application changed state"
    );
    Ok(to)
}

/// The guarded update and, if it changed the row, the step, in one transaction. False when the
/// row was no longer in the state and version read (nothing written).
pub async fn write(
    db: &DatabaseConnection,
    update: Statement,
    application_id: i32,
    step: application_event::Step,
) -> Result<bool, DbErr> {
    db.transaction::<_, bool, DbErr>(|tx| {
        Box::pin(async move {
            if tx.execute(update).await?.rows_affected() != 1 {
                return Ok(false);
            }
            application_event::record(tx, application_id, step).await?;
            Ok(true)
        })
    })
    .await
    .map_err(|e| match e {
        sea_orm::TransactionError::Connection(e) | sea_orm::TransactionError::Transaction(e) => e,
    })
}

/// A step on the timeline that changes no state (a note, an objection), as `actor` for `app`.
pub async fn record_step(
    db: &DatabaseConnection,
    app: &application::Model,
    actor: Actor,
    now: DateTime<FixedOffset>,
    kind: &'static str,
    reason: Option<String>,
    internal: bool,
) -> Result<(), WorkflowError> {
    let status = status_of(&app.status)?;
    let step = application_event::Step {
        kind,
        from: Some(status),
        to: status,
        actor_account_id: actor.account_id,
        actor_role: actor.role,
        actor_organisation_id: actor.organisation_id,
        reason,
        data: None,
        at: now,
        internal,
    };
    application_event::record(db, app.id, step).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::DbBackend;

    #[test]
    fn the_update_is_guarded_by_state_and_version_and_binds_its_values_in_order() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-05-20T09:00:00+08:00").unwrap();
        let change = StatusChange {
            application_id: 7,
            from: ApplicationStatus::Draft,
            to: ApplicationStatus::Submitted,
            version: 3,
            at,
            also: vec![(
                application::Column::Level,
                Some("assistant".to_string()).into(),
            )],
        };
        let built = DbBackend::Sqlite.build(&change.update());
        assert!(
            built.sql.contains(r#""status" = ?"#)
                && built
                    .sql
                    .ends_with(r#"WHERE "id" = ? AND "status" = ? AND "version" = ?"#),
            "{}",
            built.sql
        );
        assert_eq!(built.values.unwrap().0, change.values());
    }
}

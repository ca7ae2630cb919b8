//! A timeline step names the organisation its actor acted for (a unit's reviewer, a department);
//! the session's CSRF token, written and never read, is gone (the token is a double-submit cookie).

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000003_event_actor_organisation"
    }
}

#[derive(DeriveIden)]
enum ApplicationEvent {
    Table,
    ActorOrganisationId,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    CsrfToken,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds no foreign key in ALTER TABLE; the workflow writes only ids it has read.
        m.alter_table(
            Table::alter()
                .table(ApplicationEvent::Table)
                .add_column(integer_null(ApplicationEvent::ActorOrganisationId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Session::Table)
                .drop_column(Session::CsrfToken)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Session::Table)
                .add_column(string(Session::CsrfToken).default(""))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ApplicationEvent::Table)
                .drop_column(ApplicationEvent::ActorOrganisationId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

//! A timeline step can be internal: seen by the application's reviewers and the center, never by
//! the applicant (a staff note marked internal, an objection raised during the 公示).

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000005_internal_steps"
    }
}

#[derive(DeriveIden)]
enum ApplicationEvent {
    Table,
    Internal,
    Kind,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ApplicationEvent::Table)
                .add_column(boolean(ApplicationEvent::Internal).default(false))
                .to_owned(),
        )
        .await?;
        // Objections recorded before this migration were shown to the applicant; they are staff matters.
        let hide = Query::update()
            .table(ApplicationEvent::Table)
            .value(ApplicationEvent::Internal, true)
            .and_where(
                Expr::col(ApplicationEvent::Kind)
                    .is_in(["objection_recorded", "objection_resolved"]),
            )
            .to_owned();
        m.exec_stmt(hide).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ApplicationEvent::Table)
                .drop_column(ApplicationEvent::Internal)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

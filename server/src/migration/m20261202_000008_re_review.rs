//! The unified re-review (五（五））: a proposed rejection waits on the application for a second
//! member of the center's staff to confirm it (four eyes).

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000008_re_review"
    }
}

#[derive(DeriveIden)]
enum Application {
    Table,
    /// `{reasons, text, by, at}` as JSON, until confirmed or replaced by an approval.
    RejectionProposal,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Application::Table)
                .add_column(text_null(Application::RejectionProposal))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Application::Table)
                .drop_column(Application::RejectionProposal)
                .to_owned(),
        )
        .await
    }
}

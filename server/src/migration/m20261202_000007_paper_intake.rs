//! The center's paper intake (四, 五（四））: what was received of each material, kept on the
//! application for the applicant's status page and the receipt.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000007_paper_intake"
    }
}

#[derive(DeriveIden)]
enum Application {
    Table,
    /// `{material code: shared::workflow::PaperItem code}` as JSON.
    PaperChecklist,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Application::Table)
                .add_column(text_null(Application::PaperChecklist))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Application::Table)
                .drop_column(Application::PaperChecklist)
                .to_owned(),
        )
        .await
    }
}

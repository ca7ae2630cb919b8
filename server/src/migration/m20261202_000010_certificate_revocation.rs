//! A certificate's revocation says why and who: the reason the public check shows, and the
//! administrator who revoked it.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000010_certificate_revocation"
    }
}

#[derive(DeriveIden)]
enum Certificate {
    Table,
    RevokedReason,
    RevokedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        m.alter_table(
            Table::alter()
                .table(Certificate::Table)
                .add_column(text_null(Certificate::RevokedReason))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Certificate::Table)
                .add_column(integer_null(Certificate::RevokedBy))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Certificate::RevokedBy, Certificate::RevokedReason] {
            m.alter_table(
                Table::alter()
                    .table(Certificate::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

//! Failed sign-ins, for throttling per account and per address across processes.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20260521_000002_login_attempt"
    }
}

#[derive(DeriveIden)]
enum LoginAttempt {
    Table,
    Id,
    AccountKey,
    Address,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LoginAttempt::Table)
                .if_not_exists()
                .col(pk_auto(LoginAttempt::Id))
                .col(string(LoginAttempt::AccountKey))
                .col(string(LoginAttempt::Address))
                .col(timestamp_with_time_zone(LoginAttempt::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("login_attempt_by_account")
                .table(LoginAttempt::Table)
                .col(LoginAttempt::AccountKey)
                .col(LoginAttempt::At)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("login_attempt_by_address")
                .table(LoginAttempt::Table)
                .col(LoginAttempt::Address)
                .col(LoginAttempt::At)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(LoginAttempt::Table)
                .if_exists()
                .to_owned(),
        )
        .await
    }
}

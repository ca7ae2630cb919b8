//! Limits every process enforces alike: one row per limited key (`rate_limit`, the GCRA's
//! theoretical arrival time), the addresses each account has signed in from (`known_address`:
//! the owner is never locked out from them), the server's own secret that keys both (so neither
//! table holds an address or an ID number), and the last TOTP step each account used (a code is
//! good once). The per-attempt `login_attempt` table, which held addresses in clear, goes.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000012_limits"
    }
}

#[derive(DeriveIden)]
enum RateLimit {
    Table,
    Key,
    Tat,
    Admitted,
}

#[derive(DeriveIden)]
enum KnownAddress {
    Table,
    AccountId,
    AddressKey,
    LastSeen,
}

#[derive(DeriveIden)]
enum ServerSecret {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    TotpLastStep,
}

#[derive(DeriveIden)]
enum LoginAttempt {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RateLimit::Table)
                .if_not_exists()
                .col(string(RateLimit::Key).primary_key())
                .col(big_integer(RateLimit::Tat))
                .col(big_integer(RateLimit::Admitted))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(KnownAddress::Table)
                .if_not_exists()
                .col(integer(KnownAddress::AccountId))
                .col(string(KnownAddress::AddressKey))
                .col(timestamp_with_time_zone(KnownAddress::LastSeen))
                .primary_key(
                    Index::create()
                        .col(KnownAddress::AccountId)
                        .col(KnownAddress::AddressKey),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ServerSecret::Table)
                .if_not_exists()
                .col(string(ServerSecret::Name).primary_key())
                .col(string(ServerSecret::Value))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(big_integer_null(Account::TotpLastStep))
                .to_owned(),
        )
        .await?;
        m.drop_table(
            Table::drop()
                .table(LoginAttempt::Table)
                .if_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .drop_column(Account::TotpLastStep)
                .to_owned(),
        )
        .await?;
        for table in [
            RateLimit::Table.into_iden(),
            KnownAddress::Table.into_iden(),
            ServerSecret::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

//! The keys that have sealed certificates (published for as long as what they signed is held),
//! and how often each certificate was checked online, per day (the holder's 查询记录).

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000011_seal_keys_and_checks"
    }
}

#[derive(DeriveIden)]
enum SealKey {
    Table,
    Kid,
    PublicKey,
    FirstUsed,
}

#[derive(DeriveIden)]
enum CertificateCheck {
    Table,
    CertificateId,
    Day,
    Count,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SealKey::Table)
                .if_not_exists()
                .col(string(SealKey::Kid).primary_key())
                .col(string(SealKey::PublicKey))
                .col(timestamp_with_time_zone(SealKey::FirstUsed))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CertificateCheck::Table)
                .if_not_exists()
                .col(integer(CertificateCheck::CertificateId))
                .col(date(CertificateCheck::Day))
                .col(big_integer(CertificateCheck::Count))
                .primary_key(
                    Index::create()
                        .col(CertificateCheck::CertificateId)
                        .col(CertificateCheck::Day),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CertificateCheck::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SealKey::Table).to_owned())
            .await
    }
}

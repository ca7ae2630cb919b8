//! Staff accounts: invitations by a one-time link (72 hours, revocable) to a role in one
//! organisation, and the second factor of center accounts (a TOTP secret, one-time recovery
//! codes, and the session's record of the second factor).

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000006_staff_accounts"
    }
}

#[derive(DeriveIden)]
enum Invitation {
    Table,
    Id,
    /// SHA-256 of the link's token: the token itself is shown once and never stored.
    TokenHash,
    OrganisationId,
    Role,
    RealName,
    IdType,
    IdNumber,
    Mobile,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    AcceptedAt,
    AccountId,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    /// The TOTP secret (RFC 6238), base32, once confirmed with a code.
    TotpSecret,
}

#[derive(DeriveIden)]
enum RecoveryCode {
    Table,
    Id,
    AccountId,
    CodeHash,
    UsedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    /// When this session passed the second factor (center accounts need it for staff pages).
    SecondFactorAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Invitation::Table)
                .if_not_exists()
                .col(pk_auto(Invitation::Id))
                .col(string_uniq(Invitation::TokenHash))
                .col(integer(Invitation::OrganisationId))
                .col(string(Invitation::Role))
                .col(string(Invitation::RealName))
                .col(string(Invitation::IdType))
                .col(string(Invitation::IdNumber))
                .col(string(Invitation::Mobile))
                .col(integer(Invitation::InvitedBy))
                .col(timestamp_with_time_zone(Invitation::CreatedAt))
                .col(timestamp_with_time_zone(Invitation::ExpiresAt))
                .col(timestamp_with_time_zone_null(Invitation::RevokedAt))
                .col(timestamp_with_time_zone_null(Invitation::AcceptedAt))
                .col(integer_null(Invitation::AccountId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Invitation::Table, Invitation::OrganisationId)
                        .to(Alias::new("organisation"), Alias::new("id")),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Invitation::Table, Invitation::InvitedBy)
                        .to(Account::Table, Account::Id),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .add_column(string_null(Account::TotpSecret))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RecoveryCode::Table)
                .if_not_exists()
                .col(pk_auto(RecoveryCode::Id))
                .col(integer(RecoveryCode::AccountId))
                .col(string(RecoveryCode::CodeHash))
                .col(timestamp_with_time_zone_null(RecoveryCode::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RecoveryCode::Table, RecoveryCode::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Session::Table)
                .add_column(timestamp_with_time_zone_null(Session::SecondFactorAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Session::Table)
                .drop_column(Session::SecondFactorAt)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(RecoveryCode::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Account::Table)
                .drop_column(Account::TotpSecret)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Invitation::Table).to_owned())
            .await?;
        Ok(())
    }
}

//! The whole life of an application (the state machine in ARCHITECTURE.md, after ../shared/spec/workflow.md) has a place from the start:
//! accounts and sessions, organisations and role grants, the application with its event log,
//! certificates, and saved self-checks. Later issues fill the tables; they do not rename them.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20260520_000001_initial"
    }
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    RealName,
    IdType,
    /// The full number is kept for the form and the certificate; logs show only a masked form.
    IdNumber,
    Mobile,
    PasswordHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    AccountId,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    Id,
    Name,
    /// unit, competent_department, dispatch_agency, center
    Kind,
    /// The competent department of a municipal unit, when it has one.
    DepartmentId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RoleGrant {
    Table,
    Id,
    AccountId,
    OrganisationId,
    /// applicant, unit_reviewer, department_reviewer, agency_reviewer, center_staff, center_admin
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
    Reference,
    AccountId,
    RoundId,
    /// ApplicationStatus: draft, submitted, unit_review, publicity, unit_approved, department_approved,
    /// paper_received, abandoned, approved, rejected, certified, archived
    Status,
    /// The draft: every answer as typed (flat form fields), so nothing typed is lost.
    AnswersJson,
    /// The profile the answers made at submission.
    ProfileJson,
    /// The server's verdict at submission, kept as it was then.
    VerdictJson,
    Level,
    UnitId,
    DepartmentId,
    DispatchAgencyId,
    /// Optimistic concurrency: every update bumps it.
    Version,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApplicationEvent {
    Table,
    Id,
    ApplicationId,
    /// submitted, returned, publicity_started, publicity_ended, unit_approved, …
    Kind,
    FromStatus,
    ToStatus,
    ActorAccountId,
    ActorRole,
    At,
    Reason,
    DataJson,
}

#[derive(DeriveIden)]
enum Certificate {
    Table,
    Id,
    ApplicationId,
    Number,
    VerificationCode,
    Level,
    Series,
    IssuedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum SelfCheck {
    Table,
    Id,
    RoundId,
    ProfileJson,
    VerdictJson,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Account::Table)
                .if_not_exists()
                .col(pk_auto(Account::Id))
                .col(string(Account::RealName))
                .col(string(Account::IdType))
                .col(string_uniq(Account::IdNumber))
                .col(string(Account::Mobile))
                .col(string(Account::PasswordHash))
                .col(timestamp_with_time_zone(Account::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Session::Table)
                .if_not_exists()
                .col(string(Session::Id).primary_key())
                .col(integer(Session::AccountId))
                .col(string(Session::CsrfToken))
                .col(timestamp_with_time_zone(Session::CreatedAt))
                .col(timestamp_with_time_zone(Session::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Organisation::Table)
                .if_not_exists()
                .col(pk_auto(Organisation::Id))
                .col(string(Organisation::Name))
                .col(string(Organisation::Kind))
                .col(integer_null(Organisation::DepartmentId))
                .col(timestamp_with_time_zone(Organisation::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Organisation::Table, Organisation::DepartmentId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RoleGrant::Table)
                .if_not_exists()
                .col(pk_auto(RoleGrant::Id))
                .col(integer(RoleGrant::AccountId))
                .col(integer_null(RoleGrant::OrganisationId))
                .col(string(RoleGrant::Role))
                .col(timestamp_with_time_zone(RoleGrant::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RoleGrant::Table, RoleGrant::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RoleGrant::Table, RoleGrant::OrganisationId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("role_grant_one_per_organisation")
                .table(RoleGrant::Table)
                .col(RoleGrant::AccountId)
                .col(RoleGrant::OrganisationId)
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Application::Table)
                .if_not_exists()
                .col(pk_auto(Application::Id))
                .col(string_uniq(Application::Reference))
                .col(integer(Application::AccountId))
                .col(string(Application::RoundId))
                .col(string(Application::Status))
                .col(text(Application::AnswersJson))
                .col(text_null(Application::ProfileJson))
                .col(text_null(Application::VerdictJson))
                .col(string_null(Application::Level))
                .col(integer_null(Application::UnitId))
                .col(integer_null(Application::DepartmentId))
                .col(integer_null(Application::DispatchAgencyId))
                .col(integer(Application::Version).default(0))
                .col(timestamp_with_time_zone_null(Application::SubmittedAt))
                .col(timestamp_with_time_zone(Application::CreatedAt))
                .col(timestamp_with_time_zone(Application::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Application::Table, Application::AccountId)
                        .to(Account::Table, Account::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Application::Table, Application::UnitId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Application::Table, Application::DepartmentId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Application::Table, Application::DispatchAgencyId)
                        .to(Organisation::Table, Organisation::Id),
                )
                .to_owned(),
        )
        .await?;
        // One application per person and round: the database refuses the second, whatever the race.
        m.create_index(
            Index::create()
                .name("application_one_per_round")
                .table(Application::Table)
                .col(Application::AccountId)
                .col(Application::RoundId)
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("application_by_status")
                .table(Application::Table)
                .col(Application::RoundId)
                .col(Application::Status)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ApplicationEvent::Table)
                .if_not_exists()
                .col(pk_auto(ApplicationEvent::Id))
                .col(integer(ApplicationEvent::ApplicationId))
                .col(string(ApplicationEvent::Kind))
                .col(string_null(ApplicationEvent::FromStatus))
                .col(string(ApplicationEvent::ToStatus))
                .col(integer_null(ApplicationEvent::ActorAccountId))
                .col(string(ApplicationEvent::ActorRole))
                .col(timestamp_with_time_zone(ApplicationEvent::At))
                .col(text_null(ApplicationEvent::Reason))
                .col(text_null(ApplicationEvent::DataJson))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApplicationEvent::Table, ApplicationEvent::ApplicationId)
                        .to(Application::Table, Application::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ApplicationEvent::Table, ApplicationEvent::ActorAccountId)
                        .to(Account::Table, Account::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("application_event_timeline")
                .table(ApplicationEvent::Table)
                .col(ApplicationEvent::ApplicationId)
                .col(ApplicationEvent::At)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Certificate::Table)
                .if_not_exists()
                .col(pk_auto(Certificate::Id))
                .col(integer_uniq(Certificate::ApplicationId))
                .col(string_uniq(Certificate::Number))
                .col(string(Certificate::VerificationCode))
                .col(string(Certificate::Level))
                .col(string(Certificate::Series))
                .col(timestamp_with_time_zone(Certificate::IssuedAt))
                .col(timestamp_with_time_zone_null(Certificate::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Certificate::Table, Certificate::ApplicationId)
                        .to(Application::Table, Application::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SelfCheck::Table)
                .if_not_exists()
                .col(string(SelfCheck::Id).primary_key())
                .col(string(SelfCheck::RoundId))
                .col(text(SelfCheck::ProfileJson))
                .col(text(SelfCheck::VerdictJson))
                .col(timestamp_with_time_zone(SelfCheck::CreatedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SelfCheck::Table.into_iden(),
            Certificate::Table.into_iden(),
            ApplicationEvent::Table.into_iden(),
            Application::Table.into_iden(),
            RoleGrant::Table.into_iden(),
            Organisation::Table.into_iden(),
            Session::Table.into_iden(),
            Account::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

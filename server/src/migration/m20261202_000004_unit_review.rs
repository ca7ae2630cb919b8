//! The unit's review (四（四）, 五（二）): an organisation's unified social credit code, the 公示's
//! dates and the appraisal on the application, and the objections raised during the 公示.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000004_unit_review"
    }
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
    CreditCode,
}

#[derive(DeriveIden)]
enum Application {
    Table,
    /// The series at submission (a `shared::Series` code), for the reviewers' filters.
    Series,
    PublicityStart,
    PublicityEnd,
    Appraisal,
}

#[derive(DeriveIden)]
enum Objection {
    Table,
    Id,
    ApplicationId,
    Text,
    /// Who reported it, when known.
    Reporter,
    RecordedBy,
    RecordedAt,
    Resolution,
    ResolvedBy,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column an ALTER: SQLite takes no more.
        m.alter_table(
            Table::alter()
                .table(Organisation::Table)
                .add_column(string_null(Organisation::CreditCode))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("organisation_credit_code")
                .table(Organisation::Table)
                .col(Organisation::CreditCode)
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Application::Table)
                .add_column(string_null(Application::Series))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Application::Table)
                .add_column(date_null(Application::PublicityStart))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Application::Table)
                .add_column(date_null(Application::PublicityEnd))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Application::Table)
                .add_column(text_null(Application::Appraisal))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Objection::Table)
                .if_not_exists()
                .col(pk_auto(Objection::Id))
                .col(integer(Objection::ApplicationId))
                .col(text(Objection::Text))
                .col(string_null(Objection::Reporter))
                .col(integer(Objection::RecordedBy))
                .col(timestamp_with_time_zone(Objection::RecordedAt))
                .col(text_null(Objection::Resolution))
                .col(integer_null(Objection::ResolvedBy))
                .col(timestamp_with_time_zone_null(Objection::ResolvedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Objection::Table, Objection::ApplicationId)
                        .to(Alias::new("application"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Objection::Table, Objection::RecordedBy)
                        .to(Account::Table, Account::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Objection::Table, Objection::ResolvedBy)
                        .to(Account::Table, Account::Id),
                )
                .to_owned(),
        )
        .await?;
        // A reviewer's queue: the unit's applications by state, series, level and submission, counted,
        // filtered and sorted from the index alone.
        m.create_index(
            Index::create()
                .name("application_queue")
                .table(Application::Table)
                .col(Alias::new("unit_id"))
                .col(Alias::new("status"))
                .col(Application::Series)
                .col(Alias::new("level"))
                .col(Alias::new("submitted_at"))
                .col(Alias::new("id"))
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("objection_by_application")
                .table(Objection::Table)
                .col(Objection::ApplicationId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Objection::Table).to_owned())
            .await?;
        for column in [
            Application::Appraisal,
            Application::PublicityEnd,
            Application::PublicityStart,
            Application::Series,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Application::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_index(
            Index::drop()
                .name("organisation_credit_code")
                .table(Organisation::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Organisation::Table)
                .drop_column(Organisation::CreditCode)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

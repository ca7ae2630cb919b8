//! The audit log (append-only, each entry chained to the previous by its hash, with a head row
//! that serialises appends across processes) and the indexes the center's list and dashboard
//! read the whole round through.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000009_audit_and_list"
    }
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    /// 1, 2, 3… without gaps: a removed row shows as a gap.
    Id,
    At,
    AccountId,
    /// The roles the person held where they acted, comma-separated (`system` for the server).
    Roles,
    OrganisationId,
    Address,
    /// What was done: the method and address, or a system action.
    Action,
    ApplicationReference,
    /// The HTTP status of the answer (0 for a system action).
    Outcome,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    LastId,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditEntry::Table)
                .col(big_integer(AuditEntry::Id).primary_key())
                .col(timestamp_with_time_zone(AuditEntry::At))
                .col(integer_null(AuditEntry::AccountId))
                .col(string(AuditEntry::Roles))
                .col(integer_null(AuditEntry::OrganisationId))
                .col(string_null(AuditEntry::Address))
                .col(text(AuditEntry::Action))
                .col(string_null(AuditEntry::ApplicationReference))
                .col(integer(AuditEntry::Outcome))
                .col(string(AuditEntry::PrevHash))
                .col(string(AuditEntry::Hash))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("audit_by_application")
                .table(AuditEntry::Table)
                .col(AuditEntry::ApplicationReference)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditHead::Table)
                .col(integer(AuditHead::Id).primary_key())
                .col(big_integer(AuditHead::LastId))
                .col(string(AuditHead::Hash))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(AuditHead::Table)
                .columns([AuditHead::Id, AuditHead::LastId, AuditHead::Hash])
                .values_panic([1.into(), 0i64.into(), "0".repeat(64).into()])
                .to_owned(),
        )
        .await?;
        // The center's list: the round's submitted applications in submission order (keyset).
        for (name, cols) in [
            (
                "application_round_list",
                &["round_id", "submitted_at", "id"][..],
            ),
            (
                "application_by_department",
                &["department_id", "status"][..],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Alias::new("application"));
            for c in cols {
                index.col(Alias::new(*c));
            }
            m.create_index(index.to_owned()).await?;
        }
        // The search by name is by prefix: SQLite compares names byte by byte (a range on this
        // index); PostgreSQL's collations do not, so its index compares by pattern.
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "CREATE INDEX account_by_name ON account (real_name text_pattern_ops)",
                )
                .await?;
        } else {
            m.create_index(
                Index::create()
                    .name("account_by_name")
                    .table(Alias::new("account"))
                    .col(Alias::new("real_name"))
                    .to_owned(),
            )
            .await?;
        }
        // Paper intakes per day, on the dashboard.
        m.create_index(
            Index::create()
                .name("application_event_by_kind")
                .table(Alias::new("application_event"))
                .col(Alias::new("kind"))
                .col(Alias::new("at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("application_event_by_kind", "application_event"),
            ("account_by_name", "account"),
            ("application_by_department", "application"),
            ("application_round_list", "application"),
        ] {
            m.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(AuditHead::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(AuditEntry::Table).to_owned())
            .await
    }
}

//! Schema migrations (sea-orm-migration). A new migration is a new module listed in `migrations()`.

use sea_orm_migration::prelude::*;

mod m20260520_000001_initial;
mod m20260521_000002_login_attempt;
mod m20261202_000003_event_actor_organisation;
mod m20261202_000004_unit_review;
mod m20261202_000005_internal_steps;
mod m20261202_000006_staff_accounts;
mod m20261202_000007_paper_intake;
mod m20261202_000008_re_review;
mod m20261202_000009_audit_and_list;
mod m20261202_000010_certificate_revocation;
mod m20261202_000011_seal_keys_and_checks;
mod m20261207_000012_limits;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260520_000001_initial::Migration),
            Box::new(m20260521_000002_login_attempt::Migration),
            Box::new(m20261202_000003_event_actor_organisation::Migration),
            Box::new(m20261202_000004_unit_review::Migration),
            Box::new(m20261202_000005_internal_steps::Migration),
            Box::new(m20261202_000006_staff_accounts::Migration),
            Box::new(m20261202_000007_paper_intake::Migration),
            Box::new(m20261202_000008_re_review::Migration),
            Box::new(m20261202_000009_audit_and_list::Migration),
            Box::new(m20261202_000010_certificate_revocation::Migration),
            Box::new(m20261202_000011_seal_keys_and_checks::Migration),
            Box::new(m20261207_000012_limits::Migration),
        ]
    }
}

//! SeaORM entities, one module per table that code reads or writes.

pub mod account;
pub mod application;
pub mod application_event;
pub mod audit_entry;
pub mod certificate;
pub mod certificate_check;
pub mod invitation;
pub mod objection;
pub mod organisation;
pub mod recovery_code;
pub mod role_grant;
pub mod seal_key;
pub mod self_check;
pub mod session;

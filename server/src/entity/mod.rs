//! SeaORM entities, one module per table that code reads or writes.

pub mod self_check;

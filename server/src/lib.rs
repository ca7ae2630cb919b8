//! The `chuding` server: configuration, persistence, the workflow that changes applications, the
//! HTTP layer around the Leptos app, printed documents, and the command-line tools.

pub mod audit;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod directory;
pub mod entity;
pub mod group_commit;
pub mod limits;
pub mod migration;
pub mod printed;
pub mod query_text;
pub mod reports;
pub mod secret;
pub mod self_checks;
pub mod verification;
pub mod views;
pub mod web;
pub mod workflow;

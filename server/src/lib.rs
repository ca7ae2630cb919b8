//! The `chuding` server: configuration, persistence, the HTTP routes around the Leptos app, and
//! the command-line tools (`migrate`, `check`).

pub mod auth;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod declaration;
pub mod demo;
pub mod entity;
pub mod migration;
pub mod query_text;
pub mod submission;
pub mod web;

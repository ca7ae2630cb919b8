//! The server's integration tests, one binary (as ripgrep keeps its own): each module was once a
//! binary of its own, and each linked the whole server (typst, SeaORM, Leptos SSR) again on a
//! 2-core machine. Modules still read as before: one concern each, its why at the top, the
//! fixtures they share in `support`. Run one with `cargo test -p server --test it <module>::`.

mod support;

mod abandonment;
mod api;
mod approval_chain;
mod certificate_seal;
mod certificates;
mod check_command;
mod crash;
mod declaration;
mod directory;
mod every_door;
mod form_fuzz;
mod hostile;
mod import_graph;
mod intake;
mod intake_desk;
mod journey;
mod limits;
mod openapi;
mod operations;
mod persistence;
mod re_review;
mod review;
mod round_reports;
mod round_simulation;
mod staff_accounts;
mod staff_member;
mod staff_review;
mod transition_walk;
mod workflow;

//! What the pages show, read in one place: one function per page's data (or per part a handler
//! needs before it acts), so that `web` parses, calls and renders without running queries of its
//! own. `tests/it/import_graph.rs` lists the web modules that still do and fails on a new one.

pub mod audit;
pub mod certificates;
pub mod intake;
pub mod re_review;
pub mod revocations;
pub mod staff;
pub mod to_route;

//! Form pieces shared by the self-check and the application form: labelled fields, the questions
//! as controls, what the server says back about a posted form, and the verdict panel.

pub mod confirm;
pub mod feedback;
pub mod fields;
pub mod questions;
pub mod verdict_panel;

//! Form pieces shared by the self-check and the application form: labelled fields, the flat
//! answers a form posts, their conversion into an `ApplicantProfile`, and the verdict panel.

pub mod answers;
pub mod feedback;
pub mod fields;
pub mod profile_sections;
pub mod verdict_panel;

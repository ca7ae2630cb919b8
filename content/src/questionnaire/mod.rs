//! The application's questionnaire without its views: the answers as posted and their reading
//! into the engine's profile, the field errors, the sections and the answers in words. Used by
//! the pages, the printed 申报表, the server's workflow and the staff's read-only page.

pub mod answers;
pub mod sections;

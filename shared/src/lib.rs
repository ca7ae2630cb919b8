//! The eligibility engine of the Lianyungang professional-title initial determination
//! (专业技术资格初定): the notice's rules as pure functions, the round's parameters and the
//! working-day calendar as data. No I/O and no clock (every date is an argument), so the same
//! code runs on the server and, compiled to wasm32, in the browser.

pub mod appraisal;
pub mod approval_chain;
pub mod calendar;
pub mod certificate;
pub mod clause;
pub mod credit_code;
mod document;
pub mod evaluate;
pub mod identity;
pub mod outlook;
pub mod person_name;
pub mod profile;
pub mod progress;
pub mod round;
pub mod rules;
pub mod seal;
pub mod status;
pub mod typed_date;
pub mod verdict;
mod vocabulary;
pub mod workflow;

pub use calendar::{CalendarError, WorkingCalendar};
pub use credit_code::{CreditCode, CreditCodeError};
pub use evaluate::evaluate;
pub use identity::{IdNumber, IdNumberError, IdType};
pub use outlook::{LevelOutlook, Outlook};
pub use person_name::{NameError, PersonName};
pub use profile::{
    parse_profile, AnnualAssessment, ApplicantProfile, AssessmentResult, Category, Completion,
    ContinuingEducation, Credential, Education, EducationLevel, EducationSource, ForeignPermit,
    ProfileError, Series, TechnicalClass,
};
pub use round::{DateWindow, ReasonText, Round, RoundAhead, RoundError};
pub use status::ApplicationStatus;
pub use verdict::{Finding, FindingStatus, Level, Material, Outcome, Verdict};
pub use vocabulary::{UnknownCode, Vocabulary};
pub use workflow::{Action, Role, Transition};

//! The pages, by route (see `App`). The applicant's bundle (`crate::bundle`) compiles only the
//! pages it makes live; the others stand there as `elsewhere::Elsewhere`.

pub mod account;
pub mod apply;
pub mod approval_chain;
pub mod check;
pub mod not_found;

#[cfg(feature = "desk")]
pub mod after_submit;
#[cfg(feature = "desk")]
pub mod home;
#[cfg(feature = "desk")]
pub mod progress;
#[cfg(feature = "desk")]
pub mod staff;
#[cfg(feature = "desk")]
pub mod staff_account;
#[cfg(feature = "desk")]
pub mod verify;

#[cfg(not(feature = "desk"))]
pub(crate) mod elsewhere;
#[cfg(not(feature = "desk"))]
pub use elsewhere::{after_submit, home, staff, staff_account, verify};

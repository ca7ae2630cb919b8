pub mod account;
pub mod after_submit;
pub mod apply;
pub mod check;
pub mod home;
pub mod not_found;
pub mod staff;
pub mod staff_account;

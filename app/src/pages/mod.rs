pub mod account;
pub mod check;
pub mod home;
pub mod not_found;

//! For anyone: the health check, the JSON API, the language switch, and the account forms
//! (register, sign in, sign out, change password) that applicants and staff share.

pub mod account;
pub mod api;
pub mod health;
pub mod lang;

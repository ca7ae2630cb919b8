//! For anyone: the health check, the JSON API and its OpenAPI document, the language switch, and
//! the account forms (register, sign in, sign out, change password) that applicants and staff
//! share, a staff invitation's page, and the second factor of center accounts.

pub mod account;
pub mod api;
pub mod health;
pub mod invite;
pub mod lang;
pub mod openapi;
pub mod second_factor;
pub mod verify;

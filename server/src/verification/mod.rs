//! Checking certificates: the center's seal key and the keys it publishes (`keys`), the signed
//! list of revoked numbers, and the tally of online checks the holder sees (`tally`).

pub mod keys;
pub mod offline;
pub mod tally;

pub use keys::Sealing;
pub use tally::CheckTally;

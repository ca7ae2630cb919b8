//! Checking certificates: the center's seal key and the keys it publishes (`keys`), the signed
//! list of revoked numbers, the tally of online checks the holder sees (`tally`) and the answers
//! just given (`answers`).

pub mod answers;
pub mod keys;
pub mod offline;
pub mod tally;

pub use answers::RecentAnswers;
pub use keys::Sealing;
pub use tally::CheckTally;

//! What the center reads of the whole round: the list (filters, search, keyset pages), its
//! exports, and the dashboard's counts. Reading only: state changes are `workflow`'s.

pub mod dashboard;
pub mod export;
pub mod list;

//! Reads: paginated lists, balances and reconciliation, each from one read snapshot.

pub mod lists;
pub mod page;
pub mod reconciliation;
pub mod reports;

//! Pure business rules: master data, valuation, stock movements, postings, documents and
//! roles. No storage, no HTTP, no clock reads: time comes in as an argument.

pub mod auth;
pub mod claims;
pub mod code39;
pub mod documents;
pub mod findings;
pub mod ledger;
pub mod master;
pub mod settlement;
pub mod status;
pub mod stock;
pub mod validate;
pub mod warranty;

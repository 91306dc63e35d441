//! Pure business rules: master data, valuation, stock movements, postings, documents and
//! roles. No storage, no HTTP, no clock reads: time comes in as an argument.

pub mod analytics;
pub mod attachments;
pub mod auth;
pub mod campaigns;
pub mod capitals;
pub mod claim_check;
pub mod claim_review;
pub mod claims;
pub mod code39;
pub mod documents;
pub mod drafts;
pub mod findings;
pub mod ids;
pub mod ledger;
pub mod master;
pub mod money;
pub mod numbered;
pub mod old_parts;
pub mod paper;
pub mod requisition_reversals;
pub mod requisitions;
pub mod reversals;
pub mod service_requests;
pub mod settlement;
pub mod settlements;
pub mod status;
pub mod stock;
pub mod stocktakes;
pub mod supplier_claims;
pub mod supply;
pub mod supply_rules;
pub mod transfers;
pub mod validate;
pub mod warranty;

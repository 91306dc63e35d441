//! Reads: paginated lists, balances and reconciliation, each from one read snapshot.

/// The database, from which every read opens its snapshot.
pub use crate::store::Db;
/// One read snapshot: what every query reads from.
pub use crate::store::Read as Snapshot;

pub mod analytics;
pub mod campaigns;
pub mod dealer_risk;
pub mod delivery_note;
pub mod lists;
pub mod page;
pub mod paper;
pub mod preauth;
pub mod reconciliation;
pub mod reorder;
pub mod reports;
pub mod reserve_plan_report;
pub mod service_requests;
pub mod stocktakes;

//! Stored records of `domain::reserve_plans`, version 1, their conversions and index
//! entries: each plan by dealer (`docs_by_dealer_v1`) and by status (`docs_by_status_v1`).

use super::time::{Day, Instant};
use super::{Convert, record, record_enum};
use crate::domain::numbered::DocumentKind;
use crate::domain::reserve_plans::{PlanLine, PlanStatus, ReservePlan};
use crate::domain::status::Named;
use crate::store::Table;
use crate::store::indexes::{Entry, Indexed, doc_entry};
use crate::store::keys::KeyReader;
use serde::{Deserialize, Serialize};

record_enum! {
    /// `PlanStatus` as stored, version 1.
    PlanStatus => PlanStatusV1 { Draft, Submitted, Approved, Converted, Cancelled }
}

record! {
    /// `PlanLine` as stored, version 1.
    PlanLine => PlanLineV1 {
        line: u32,
        part_no: String,
        qty: i64,
    }
}

record! {
    /// `ReservePlan` as stored, version 1.
    ReservePlan => ReservePlanV1 {
        number: String,
        dealer: String,
        season_start: Day,
        due_date: Day,
        status: PlanStatusV1,
        lines: Vec<PlanLineV1>,
        note: Option<String>,
        days_late: i64,
        order: Option<String>,
        version: u64,
        created_by: String,
        created_at: Instant,
        submitted_at: Option<Instant>,
        approved_by: Option<String>,
        approved_at: Option<Instant>,
        converted_at: Option<Instant>,
        cancelled_at: Option<Instant>,
        updated_at: Instant,
    }
}

impl crate::store::codec::Stored for ReservePlan {
    type Record = ReservePlanV1;
    const KIND: &'static str = "reserve_plan";
    const VERSION: u8 = 1;
}

impl Indexed for ReservePlan {
    const TABLE: Table = Table::ReservePlans;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        let n = KeyReader::new(key).u64().unwrap_or(0);
        let prefix = DocumentKind::ReservePlan.prefix();
        vec![
            (Table::DocsByDealer, doc_entry(prefix, &self.dealer, n)),
            (Table::DocsByStatus, doc_entry(prefix, self.status.name(), n)),
        ]
    }
}

/// At most this many plans are read for one dealer (a few a year).
pub const DEALER_PLANS_MAX: usize = 10_000;

/// The reserve plans of `dealer`, oldest first.
pub fn dealer_plans(r: &dyn crate::store::Read, dealer: &str) -> crate::store::StoreResult<Vec<ReservePlan>> {
    use crate::store::indexes::{doc_prefix, number_at_end};
    use crate::store::repo::{self, seq_key};
    let prefix = doc_prefix(DocumentKind::ReservePlan.prefix(), dealer);
    let scan = crate::store::Scan::prefix(&prefix).limit(DEALER_PLANS_MAX);
    let mut out = Vec::new();
    for (k, _) in r.scan(Table::DocsByDealer, &scan)? {
        let n = number_at_end(&k)?;
        if let Some(p) = repo::get::<ReservePlan>(r, Table::ReservePlans, &seq_key(n))? {
            out.push(p);
        }
    }
    Ok(out)
}

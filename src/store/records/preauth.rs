//! Stored records of pre-authorizations (`PA-…`), the per-unit highest odometer reading and
//! the bill of usage, version 1; the pre-authorization's index entries.

use super::claims::LineKindV1;
use super::time::{Day, Instant};
use super::{Convert, record, record_enum};
use crate::domain::preauth::{EstimateLine, PreauthStatus, Preauthorization};
use crate::domain::usage::{BillOfUsageLine, UnitReading};
use crate::store::Table;
use crate::store::indexes::{Entry, Indexed, doc_entry};
use crate::store::keys::{Key, KeyReader};
use serde::{Deserialize, Serialize};

record_enum! {
    /// `PreauthStatus` as stored, version 1.
    PreauthStatus => PreauthStatusV1 { Draft, Submitted, Approved, Reduced, Rejected, Returned, Cancelled }
}

record! {
    /// `EstimateLine` as stored, version 1.
    EstimateLine => EstimateLineV1 {
        line: u32,
        kind: LineKindV1,
        part_no: Option<String>,
        qty: i64,
        unit_price_fen: i64,
        amount_fen: i64,
        note: Option<String>,
    }
}

record! {
    /// `Preauthorization` as stored, version 1.
    Preauthorization => PreauthorizationV1 {
        number: String,
        dealer: String,
        unit_serial: String,
        fault_code: String,
        description: String,
        goodwill: bool,
        lines: Vec<EstimateLineV1>,
        total_fen: i64,
        status: PreauthStatusV1,
        approved_fen: Option<i64>,
        expires_on: Option<Day>,
        decision_note: Option<String>,
        decided_by: Option<String>,
        decided_at: Option<Instant>,
        used_by_claim: Option<String>,
        requested_by: String,
        created_at: Instant,
        submitted_at: Option<Instant>,
        updated_at: Instant,
        version: u64,
    }
}

record! {
    /// `UnitReading` as stored, version 1.
    UnitReading => UnitReadingV1 {
        km: i64,
        document: String,
        date: Day,
    }
}

record! {
    /// `BillOfUsageLine` as stored, version 1.
    BillOfUsageLine => BillOfUsageLineV1 {
        model: String,
        part_no: String,
        qty: i64,
        updated_by: String,
        updated_at: Instant,
    }
}

impl crate::store::codec::Stored for Preauthorization {
    type Record = PreauthorizationV1;
    const KIND: &'static str = "preauthorization";
    const VERSION: u8 = 1;
}

impl crate::store::codec::Stored for UnitReading {
    type Record = UnitReadingV1;
    const KIND: &'static str = "unit_reading";
    const VERSION: u8 = 1;
}

impl crate::store::codec::Stored for BillOfUsageLine {
    type Record = BillOfUsageLineV1;
    const KIND: &'static str = "bill_of_usage";
    const VERSION: u8 = 1;
}

/// Index entries of a pre-authorization: by dealer and by status.
impl Indexed for Preauthorization {
    const TABLE: Table = Table::Preauthorizations;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        use crate::domain::numbered::Numbered;
        use crate::domain::status::Named;
        let n = KeyReader::new(key).u64().unwrap_or(0);
        let kind = Self::DOCUMENT.prefix();
        vec![
            (Table::DocsByDealer, doc_entry(kind, &self.dealer, n)),
            (Table::DocsByStatus, doc_entry(kind, self.status.name(), n)),
        ]
    }
}

/// Key of `unit_readings_v1`: the serial.
pub fn reading_key(serial: &str) -> Vec<u8> {
    Key::new().str(serial).into_bytes()
}

/// Key of `bill_of_usage_v1`: (model, part).
pub fn usage_key(model: &str, part_no: &str) -> Vec<u8> {
    Key::new().str(model).str(part_no).into_bytes()
}

/// Prefix of a model's bill of usage.
pub fn usage_prefix(model: &str) -> Vec<u8> {
    Key::new().str(model).into_bytes()
}

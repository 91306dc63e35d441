//! Stored records of `domain::ledger`, version 1, and their conversions.

use super::time::Instant;
use super::{Convert, record, record_enum};
use crate::domain::ledger::{JournalEntry, JournalLine, Side, StockEntry};
use serde::{Deserialize, Serialize};

record! {
    /// `StockEntry` as stored, version 1.
    StockEntry => StockEntryV1 {
        seq: u64,
        part_no: String,
        location: String,
        qty_delta: i64,
        value_delta_fen: i64,
        qty_after: i64,
        value_after_fen: i64,
        document: String,
        actor: String,
        at: Instant,
    }
}

record_enum! {
    /// `Side` as stored, version 1.
    Side => SideV1 { Debit, Credit }
}

record! {
    /// `JournalLine` as stored, version 1.
    JournalLine => JournalLineV1 {
        account: String,
        side: SideV1,
        amount_fen: i64,
    }
}

record! {
    /// `JournalEntry` as stored, version 1.
    JournalEntry => JournalEntryV1 {
        seq: u64,
        document: String,
        memo: String,
        lines: Vec<JournalLineV1>,
        actor: String,
        at: Instant,
    }
}

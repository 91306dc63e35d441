//! Stored records of `domain::drafts` and `domain::reversals`, version 1, their
//! conversions, and how the documents are kept (codec version, table, index entries).

use super::documents::TransferModeV1;
use super::time::Instant;
use super::{Convert, record, record_enum};
use crate::domain::drafts::{Draft, DraftKind, DraftLine, DraftStatus};
use crate::domain::numbered::DocumentKind;
use crate::domain::reversals::{Move, Reversal, ReversedKind};
use crate::store::Table;
use crate::store::codec::Stored;
use crate::store::indexes::{Entry, Indexed, doc_entry};
use crate::store::keys::{Key, KeyReader};
use serde::{Deserialize, Serialize};

record_enum! {
    /// `DraftKind` as stored, version 1.
    DraftKind => DraftKindV1 { Receipt, TransferDispatch, TransferReceipt, Issue }
}

record_enum! {
    /// `DraftStatus` as stored, version 1.
    DraftStatus => DraftStatusV1 { Open, Posted, Discarded }
}

record! {
    /// `DraftLine` as stored, version 1.
    DraftLine => DraftLineV1 {
        line: u32,
        part_no: String,
        qty: i64,
        unit_cost_fen: Option<i64>,
    }
}

record! {
    /// `Draft` as stored, version 1.
    Draft => DraftV1 {
        number: String,
        kind: DraftKindV1,
        location: String,
        supplier: Option<String>,
        reference: Option<String>,
        to: Option<String>,
        mode: Option<TransferModeV1>,
        against: Option<String>,
        lines: Vec<DraftLineV1>,
        status: DraftStatusV1,
        posted_as: Option<String>,
        version: u64,
        actor: String,
        created_at: Instant,
        updated_at: Instant,
    }
}

record_enum! {
    /// `ReversedKind` as stored, version 1.
    ReversedKind => ReversedKindV1 { Receipt, Transfer, Issue, Return }
}

record! {
    /// `Move` as stored, version 1.
    Move => MoveV1 {
        part_no: String,
        location: String,
        qty_delta: i64,
        value_delta_fen: i64,
    }
}

record! {
    /// `Reversal` as stored, version 1 (receipts and transfers only), read to be upgraded.
    ReversalV1 {
        number: String,
        original: String,
        original_kind: ReversedKindV1,
        reason: String,
        moves: Vec<MoveV1>,
        total_value_fen: i64,
        actor: String,
        posted_at: Instant,
    }
}

record! {
    /// `Reversal` as stored, version 2: the stock ledger entry reversed, for one issue or
    /// return of a requisition.
    Reversal => ReversalV2 {
        number: String,
        original: String,
        original_kind: ReversedKindV1,
        entry: Option<u64>,
        reason: String,
        moves: Vec<MoveV1>,
        total_value_fen: i64,
        actor: String,
        posted_at: Instant,
    }
}

impl ReversalV1 {
    /// Version 2: a receipt or transfer names no entry.
    pub fn upgrade(self) -> ReversalV2 {
        ReversalV2 {
            number: self.number,
            original: self.original,
            original_kind: self.original_kind,
            entry: None,
            reason: self.reason,
            moves: self.moves,
            total_value_fen: self.total_value_fen,
            actor: self.actor,
            posted_at: self.posted_at,
        }
    }
}

impl Stored for Draft {
    type Record = DraftV1;
    const KIND: &'static str = "draft";
    const VERSION: u8 = 1;
}

impl Stored for Reversal {
    type Record = ReversalV2;
    const KIND: &'static str = "reversal";
    const VERSION: u8 = 2;

    fn decode_old(version: u8, payload: &[u8]) -> crate::store::StoreResult<Self> {
        match version {
            1 => {
                let v1: ReversalV1 = crate::store::codec::decode_payload(Self::KIND, payload)?;
                Ok(Reversal::from_record(v1.upgrade()))
            }
            other => Err(crate::store::StoreError::Corrupt {
                table: Self::KIND,
                reason: format!("unknown record version {other}"),
            }),
        }
    }
}

fn number_of(key: &[u8]) -> u64 {
    KeyReader::new(key).u64().unwrap_or(0)
}

/// Key of `reversals_by_original_v1`: (original number, reversal counter).
pub fn reversal_of(original: &str, reversal: u64) -> Vec<u8> {
    Key::new().str(original).u64(reversal).into_bytes()
}

/// Key prefix of the reversals of one original.
pub fn reversals_of(original: &str) -> Vec<u8> {
    Key::new().str(original).into_bytes()
}

impl Indexed for Draft {
    const TABLE: Table = Table::Drafts;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        vec![(
            Table::DocsByLocation,
            doc_entry(DocumentKind::Draft.prefix(), &self.location, number_of(key)),
        )]
    }
}

/// A reversal is found from its original (the link back; the original is never rewritten).
impl Indexed for Reversal {
    const TABLE: Table = Table::Reversals;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        vec![(Table::ReversalsByOriginal, reversal_of(&self.original, number_of(key)))]
    }
}

//! The usage index: the stock ledger entries that count as usage at a location — a
//! requisition's issues and returns, and the reversal of one — so reorder suggestions
//! read a location's usage over their window instead of every movement there (receipts
//! and transfers outnumber issues many times over in a warehouse). Written beside the
//! ledger entry in the same overlay by the requisition and reversal commands; built once
//! over an existing ledger when a database is opened ([`backfill`]); reconciliation
//! recounts it from the ledger (`queries::reconciliation`).

use super::indexes::build_once;
use super::keys::Key;
use super::repo::{doc_key, indexed_seq_key};
use super::{Overlay, Read, StoreResult, Table, WriteTx, codec};
use crate::domain::ledger::StockEntry;
use crate::domain::numbered::DocumentKind;
use crate::domain::reversals::{Reversal, ReversedKind};
use std::collections::HashMap;

/// Whether reversing a document of this kind moves stock that counts as usage.
pub fn of_reversal(kind: ReversedKind) -> bool {
    matches!(kind, ReversedKind::Issue | ReversedKind::Return)
}

/// The index key of a ledger entry: (location, seq).
pub fn key(entry: &StockEntry) -> Vec<u8> {
    indexed_seq_key(&entry.location, entry.seq)
}

/// Records that `entry` (just appended) counts as usage.
pub fn note(w: &mut Overlay<'_>, entry: &StockEntry) {
    w.put(Table::LedgerUsageByLocation, key(entry), Vec::new());
}

/// Decides which ledger entries count as usage: requisition entries at once, reversal
/// entries by their reversal's kind (read once per reversal).
#[derive(Default)]
pub struct Classifier {
    reversals: HashMap<String, bool>,
}

impl Classifier {
    /// Whether `entry` counts as usage.
    pub fn counts(&mut self, r: &dyn Read, entry: &StockEntry) -> StoreResult<bool> {
        match DocumentKind::of_number(&entry.document) {
            Some(DocumentKind::Requisition) => Ok(true),
            Some(DocumentKind::Reversal) => {
                if let Some(&known) = self.reversals.get(entry.document.as_str()) {
                    return Ok(known);
                }
                let key = doc_key(DocumentKind::Reversal.prefix(), entry.document.as_str());
                let usage = match r.get(Table::Reversals, &key)? {
                    Some(v) => of_reversal(codec::decode::<Reversal>(&v)?.original_kind),
                    None => false,
                };
                self.reversals.insert(entry.document.to_string(), usage);
                Ok(usage)
            }
            _ => Ok(false),
        }
    }
}

fn built_key() -> Vec<u8> {
    Key::new().str("ledger_usage_built").str("v1").into_bytes()
}

/// Builds the index over the ledger already stored, once (see `indexes::backfill`).
pub fn backfill(tx: &WriteTx) -> StoreResult<bool> {
    let mut classify = Classifier::default();
    build_once(tx, built_key(), &[Table::StockLedger], |r, _, _, v| {
        let e: StockEntry = codec::decode(v)?;
        let counts = classify.counts(r, &e)?;
        Ok(counts
            .then(|| (Table::LedgerUsageByLocation, key(&e)))
            .into_iter()
            .collect())
    })
}

//! The usage index (`store::usage`) recounted from the stock ledger as reconciliation
//! reads it: every requisition entry and every entry of an issue's or return's reversal
//! has its entry, and the index holds nothing else.

use super::views::StockRow;
use super::{Findings, blank};
use crate::domain::ledger::StockEntry;
use crate::domain::numbered::DocumentKind;
use crate::error::Result;
use crate::store::keys::KeyReader;
use crate::store::repo::{self, indexed_seq_key, seq_key};
use crate::store::usage::{Classifier, key};
use crate::store::{Read, Scan, Table};
use std::collections::BTreeSet;

/// Collects what the index must hold while the ledger is read.
#[derive(Default)]
pub(super) struct UsageCheck {
    want: BTreeSet<Vec<u8>>,
    reversal_seqs: Vec<u64>,
}

impl UsageCheck {
    /// Notes one ledger entry (reversals, few, are read again and classified after the
    /// read, once each).
    pub(super) fn entry(&mut self, e: &StockRow<'_>) {
        match DocumentKind::of_number(e.document) {
            Some(DocumentKind::Requisition) => {
                self.want.insert(indexed_seq_key(e.location, e.seq));
            }
            Some(DocumentKind::Reversal) => self.reversal_seqs.push(e.seq),
            _ => {}
        }
    }

    /// Compares the index with what the ledger needs; names each difference.
    pub(super) fn finish(mut self, r: &dyn Read, f: &mut Findings) -> Result<u64> {
        let mut classify = Classifier::default();
        for seq in &self.reversal_seqs {
            let Some(e) = repo::get::<StockEntry>(r, Table::StockLedger, &seq_key(*seq))? else {
                continue;
            };
            if classify.counts(r, &e)? {
                self.want.insert(key(&e));
            }
        }
        let mut checked = 0;
        let mut dangling = Vec::new();
        r.visit(Table::LedgerUsageByLocation, &Scan::all(), &mut |k, _| {
            checked += 1;
            if !self.want.remove(k) {
                dangling.push(k.to_vec());
            }
            Ok(true)
        })?;
        let name = Table::LedgerUsageByLocation.name();
        for k in self.want {
            f.add(
                "index_entry_missing",
                format!("{name} lacks the entry {} its record needs", describe(&k)),
                blank(),
            );
        }
        for k in dangling {
            f.add(
                "index_entry_dangling",
                format!("{name} holds the entry {} but no record matches it", describe(&k)),
                blank(),
            );
        }
        Ok(checked)
    }
}

fn describe(k: &[u8]) -> String {
    let mut r = KeyReader::new(k);
    match (r.str(), r.u64()) {
        (Some(location), Some(seq)) => format!("({location}, {seq})"),
        _ => format!("(malformed key {k:02x?})"),
    }
}

//! Checking every index against its records, for reconciliation: fingerprints first, and
//! key by key only where a fingerprint differs, so each difference is named.

use super::indexes::{INDEXES, Indexed, SOURCES};
use super::keys::KeyReader;
use super::{Read, Scan, StoreResult, Table};
use crate::domain::ledger::JournalEntry;
use std::collections::{BTreeSet, HashMap};

/// An index entry that does not match the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDifference {
    /// The index table's name.
    pub index: &'static str,
    /// The entry, its segments written out.
    pub entry: String,
    /// `true`: a record lacks this entry; `false`: the entry names no such record.
    pub missing: bool,
}

/// Order-independent fingerprint of a set of keys: count plus two sums of a mixed hash.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Print {
    count: u64,
    sum: u64,
    xor: u64,
}

impl Print {
    fn add(&mut self, key: &[u8]) {
        let mut h = key.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
        });
        // SplitMix64 finaliser, so near-identical keys spread over the whole range.
        h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        h ^= h >> 31;
        self.count += 1;
        self.sum = self.sum.wrapping_add(h);
        self.xor ^= h.rotate_left(17);
    }
}

/// Compares every index with its records. Fingerprints first (one pass, little memory);
/// only an index whose fingerprint differs is compared key by key, to name the entries.
#[derive(Default)]
pub struct IndexCheck {
    expected: HashMap<Table, Print>,
    seen_journal: bool,
}

impl IndexCheck {
    /// Starts a check.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts a journal entry the caller has read anyway (reconciliation reads them all),
    /// so the journal is not read twice.
    pub fn journal_entry(&mut self, entry: &JournalEntry) {
        self.seen_journal = true;
        for (t, k) in entry.index_entries(&[]) {
            self.expected.entry(t).or_default().add(&k);
        }
    }

    /// Reads the other record tables and every index; returns the index entries checked
    /// and the differences (at most `max` listed, all counted).
    pub fn finish(mut self, r: &dyn Read, max: usize) -> StoreResult<(u64, u64, Vec<IndexDifference>)> {
        for (table, entries) in SOURCES {
            if table == Table::Journal && self.seen_journal {
                continue;
            }
            let expected = &mut self.expected;
            r.visit(table, &Scan::all(), &mut |k, v| {
                for (t, key) in entries(k, v)? {
                    expected.entry(t).or_default().add(&key);
                }
                Ok(true)
            })?;
        }
        let (mut checked, mut count, mut list) = (0, 0, Vec::new());
        for index in INDEXES {
            let mut actual = Print::default();
            r.visit(index, &Scan::all(), &mut |k, _| {
                actual.add(k);
                Ok(true)
            })?;
            checked += actual.count;
            if actual == self.expected.get(&index).copied().unwrap_or_default() {
                continue;
            }
            for d in exact(r, index)? {
                count += 1;
                if list.len() < max {
                    list.push(d);
                }
            }
        }
        Ok((checked, count, list))
    }
}

/// Key-by-key comparison of one index with its records (only after a fingerprint differs).
fn exact(r: &dyn Read, index: Table) -> StoreResult<Vec<IndexDifference>> {
    let mut want: BTreeSet<Vec<u8>> = BTreeSet::new();
    for (table, entries) in SOURCES {
        r.visit(table, &Scan::all(), &mut |k, v| {
            want.extend(entries(k, v)?.into_iter().filter(|(t, _)| *t == index).map(|(_, k)| k));
            Ok(true)
        })?;
    }
    let mut out = Vec::new();
    r.visit(index, &Scan::all(), &mut |k, _| {
        if !want.remove(k) {
            out.push(IndexDifference {
                index: index.name(),
                entry: describe(index, k),
                missing: false,
            });
        }
        Ok(true)
    })?;
    out.extend(want.into_iter().map(|k| IndexDifference {
        index: index.name(),
        entry: describe(index, &k),
        missing: true,
    }));
    Ok(out)
}

/// An index key written out as its segments, e.g. `(RC, WH-01, 42)`.
pub fn describe(index: Table, key: &[u8]) -> String {
    // 's' a string segment, 'n' an integer segment.
    let layout = match index {
        Table::JournalByDocument | Table::ClaimsByFilingDate | Table::TransfersOpenByDestination => "sn",
        Table::DocsByLocation | Table::DocsByDealer | Table::DocsByStatus | Table::ClaimsByDealerStatus => "ssn",
        Table::OldPartsByClaim => "sns",
        _ => "ss",
    };
    let mut r = KeyReader::new(key);
    let parts: Option<Vec<String>> = layout
        .chars()
        .map(|c| {
            if c == 's' {
                r.str()
            } else {
                r.u64().map(|n| n.to_string())
            }
        })
        .collect();
    match parts {
        Some(p) => format!("({})", p.join(", ")),
        None => format!("(malformed key {key:02x?})"),
    }
}

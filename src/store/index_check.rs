//! Checking every index against its records, for reconciliation: fingerprints first, and
//! key by key only where a fingerprint differs, so each difference is named.

use super::hash::{self, FastMap};
use super::indexes::{INDEXES, SOURCES};
use super::keys::KeyReader;
use super::{Read, Scan, StoreResult, Table};
use std::collections::BTreeSet;

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
        let h = hash::finish(hash::fold(0, key));
        self.count += 1;
        self.sum = self.sum.wrapping_add(h);
        self.xor ^= h.rotate_left(17);
    }

    /// The fingerprint of both sets of keys together.
    fn join(&mut self, other: Print) {
        self.count += other.count;
        self.sum = self.sum.wrapping_add(other.sum);
        self.xor ^= other.xor;
    }
}

/// Compares every index with its records. Fingerprints first (one pass, little memory);
/// only an index whose fingerprint differs is compared key by key, to name the entries.
/// The records and the indexes can be read apart (on two threads) and the counts joined
/// with [`IndexCheck::absorb`] before [`IndexCheck::compare`].
#[derive(Default)]
pub struct IndexCheck {
    expected: FastMap<Table, Print>,
    journal: Print,
    seen_journal: bool,
    scratch: Vec<u8>,
}

/// What every index holds, fingerprinted: read by [`IndexCheck::read_indexes`].
pub struct IndexPrints(Vec<(Table, Print)>);

impl IndexCheck {
    /// Starts a check.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts a journal entry the caller has read anyway (reconciliation reads them all),
    /// so the journal is not read twice: from the two fields its one index entry holds,
    /// the bytes of `indexes::journal_by_document` built in a buffer kept between entries.
    pub fn journal_key(&mut self, document: &str, seq: u64) {
        self.seen_journal = true;
        let k = &mut self.scratch;
        k.clear();
        for &b in document.as_bytes() {
            k.push(b);
            if b == 0 {
                k.push(0xFF);
            }
        }
        k.extend_from_slice(&[0x00, 0x01]);
        k.extend_from_slice(&seq.to_be_bytes());
        self.journal.add(k);
    }

    /// Reads every record table with index entries (all but the journal when its entries
    /// were counted already).
    pub fn read_sources(&mut self, r: &dyn Read, skip_journal: bool) -> StoreResult<()> {
        for (table, entries) in SOURCES {
            if table == Table::Journal && (skip_journal || self.seen_journal) {
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
        Ok(())
    }

    /// Fingerprints every index table.
    pub fn read_indexes(r: &dyn Read) -> StoreResult<IndexPrints> {
        let mut out = Vec::with_capacity(INDEXES.len());
        for index in INDEXES {
            let mut actual = Print::default();
            r.visit(index, &Scan::all(), &mut |k, _| {
                actual.add(k);
                Ok(true)
            })?;
            out.push((index, actual));
        }
        Ok(IndexPrints(out))
    }

    /// Joins the counts of a check that read other records.
    pub fn absorb(&mut self, other: IndexCheck) {
        self.seen_journal |= other.seen_journal;
        self.journal.join(other.journal);
        for (t, p) in other.expected {
            self.expected.entry(t).or_default().join(p);
        }
    }

    /// Compares the records' counts with the indexes'; returns the index entries checked
    /// and the differences (at most `max` listed, all counted).
    pub fn compare(
        mut self,
        r: &dyn Read,
        prints: IndexPrints,
        max: usize,
    ) -> StoreResult<(u64, u64, Vec<IndexDifference>)> {
        let journal = std::mem::take(&mut self.journal);
        self.expected.entry(Table::JournalByDocument).or_default().join(journal);
        let (mut checked, mut count, mut list) = (0, 0, Vec::new());
        for (index, actual) in prints.0 {
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

    /// Reads the other record tables and every index; returns the index entries checked
    /// and the differences (at most `max` listed, all counted).
    pub fn finish(mut self, r: &dyn Read, max: usize) -> StoreResult<(u64, u64, Vec<IndexDifference>)> {
        self.read_sources(r, false)?;
        let prints = Self::read_indexes(r)?;
        self.compare(r, prints, max)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::JournalEntry;
    use crate::store::indexes::Indexed;

    /// A journal entry is counted under exactly the entries its record gives the indexes
    /// (one, by document), a zero byte in the document too.
    #[test]
    fn journal_keys_are_the_index_keys() {
        for (doc, seq) in [("RC-000001", 1), ("X\0Y", u64::MAX), ("", 0), ("发票-1", 42)] {
            let entry = JournalEntry {
                seq,
                document: doc.into(),
                memo: String::new(),
                lines: Vec::new(),
                actor: String::new(),
                at: chrono::Utc::now(),
            };
            let mut check = IndexCheck::new();
            check.journal_key(&entry.document, entry.seq);
            let mut want = std::collections::HashMap::<Table, Print>::new();
            for (t, k) in entry.index_entries(&[]) {
                want.entry(t).or_default().add(&k);
            }
            let got = std::collections::HashMap::from([(Table::JournalByDocument, check.journal)]);
            assert_eq!(got, want, "{doc}");
        }
        let mut a = Print::default();
        let mut b = Print::default();
        let mut both = Print::default();
        for k in [b"a".as_slice(), b"b", b"c"] {
            both.add(k);
        }
        a.add(b"a");
        b.add(b"b");
        b.add(b"c");
        a.join(b);
        assert_eq!(a, both);
    }
}

//! A command's private view of a write transaction: reads see the transaction plus the
//! command's own pending writes; writes stay pending until the command succeeds. A
//! refused command is dropped with its overlay, so it leaves the shared transaction —
//! and every other command in the same group commit — untouched.

use super::{Pair, Read, Scan, StoreResult, Table, Visitor};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

/// Writes not yet applied, by table and key (`None` deletes); a key written again keeps
/// only its last value.
#[derive(Default)]
pub(super) struct Writes(BTreeMap<Table, BTreeMap<Vec<u8>, Option<Vec<u8>>>>);

impl Writes {
    /// Sets `key` to `value` (`None` deletes it).
    pub(super) fn insert(&mut self, table: Table, key: Vec<u8>, value: Option<Vec<u8>>) {
        self.0.entry(table).or_default().insert(key, value);
    }

    /// Adds `later`'s writes over these.
    pub(super) fn extend(&mut self, later: Writes) {
        for (table, writes) in later.0 {
            match self.0.entry(table) {
                Entry::Vacant(e) => {
                    e.insert(writes);
                }
                Entry::Occupied(mut e) => e.get_mut().extend(writes),
            }
        }
    }

    /// Reads `key` through these writes from `base`.
    pub(super) fn get(&self, base: &dyn Read, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        match self.0.get(&table).and_then(|t| t.get(key)) {
            Some(v) => Ok(v.clone()),
            None => base.get(table, key),
        }
    }

    /// Scans `table` of `base` with these writes applied.
    pub(super) fn scan(&self, base: &dyn Read, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        let mine = self.within(table, scan);
        if mine.is_empty() {
            return base.scan(table, scan);
        }
        // Each pending entry hides at most one base pair, so this many base pairs suffice.
        let widened = scan.clone().limit(scan.limit.saturating_add(mine.len()));
        let base = base.scan(table, &widened)?;
        let ahead = |a: &[u8], b: &[u8]| if scan.reverse { a > b } else { a < b };
        let mut out = Vec::new();
        let (mut bi, mut mi) = (base.into_iter().peekable(), mine.into_iter().peekable());
        while out.len() < scan.limit {
            match (bi.peek(), mi.peek()) {
                (None, None) => break,
                (Some((bk, _)), Some((mk, _))) if ahead(bk, mk) => out.push(bi.next().unwrap()),
                (Some(_), None) => out.push(bi.next().unwrap()),
                (b, Some((mk, _))) => {
                    if b.is_some_and(|(bk, _)| bk == *mk) {
                        bi.next();
                    }
                    let (k, v) = mi.next().unwrap();
                    if let Some(v) = v {
                        out.push((k.clone(), v.clone()));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Visits `table` of `base` in key order with these writes applied.
    pub(super) fn visit(&self, base: &dyn Read, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        if self.0.get(&table).is_none_or(|t| t.is_empty()) {
            return base.visit(table, scan, visitor);
        }
        for (k, v) in self.scan(base, table, &scan.clone().reverse(false).limit(usize::MAX))? {
            if !visitor(&k, &v)? {
                break;
            }
        }
        Ok(())
    }

    /// The writes of `table` within the scan's bounds, in its direction.
    fn within<'s>(&'s self, table: Table, scan: &Scan) -> Vec<(&'s Vec<u8>, &'s Option<Vec<u8>>)> {
        let Some(writes) = self.0.get(&table).filter(|_| !scan.is_empty_range()) else {
            return Vec::new();
        };
        let range = writes.range::<[u8], _>(scan.bounds());
        if scan.reverse {
            range.rev().collect()
        } else {
            range.collect()
        }
    }
}

impl IntoIterator for Writes {
    type Item = (Table, Vec<u8>, Option<Vec<u8>>);
    type IntoIter = Box<dyn Iterator<Item = Self::Item>>;

    /// The writes by table, each table's in key order.
    fn into_iter(self) -> Self::IntoIter {
        Box::new(
            self.0
                .into_iter()
                .flat_map(|(t, writes)| writes.into_iter().map(move |(k, v)| (t, k, v))),
        )
    }
}

/// Pending writes over a readable base.
pub struct Overlay<'a> {
    base: &'a dyn Read,
    writes: Writes,
}

impl<'a> Overlay<'a> {
    /// Starts an empty overlay over `base`.
    pub fn new(base: &'a dyn Read) -> Self {
        Self {
            base,
            writes: Writes::default(),
        }
    }

    /// The pending writes, consumed.
    pub(super) fn into_writes(self) -> Writes {
        self.writes
    }

    /// Sets `key` to `value`.
    pub fn put(&mut self, table: Table, key: Vec<u8>, value: Vec<u8>) {
        self.writes.insert(table, key, Some(value));
    }

    /// Removes `key`.
    pub fn delete(&mut self, table: Table, key: Vec<u8>) {
        self.writes.insert(table, key, None);
    }
}

impl Read for Overlay<'_> {
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        self.writes.get(self.base, table, key)
    }

    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        self.writes.scan(self.base, table, scan)
    }

    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        self.writes.visit(self.base, table, scan, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A plain map as the base, the reference the overlay is checked against.
    struct MapBase(BTreeMap<Vec<u8>, Vec<u8>>);

    impl Read for MapBase {
        fn get(&self, _: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
            Ok(self.0.get(key).cloned())
        }
        fn scan(&self, _: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
            let it = self.0.iter().filter(|(k, _)| scan.contains(k));
            let v: Vec<_> = if scan.reverse {
                it.rev().take(scan.limit).map(|(k, v)| (k.clone(), v.clone())).collect()
            } else {
                it.take(scan.limit).map(|(k, v)| (k.clone(), v.clone())).collect()
            };
            Ok(v)
        }
        fn visit(&self, t: Table, scan: &Scan, f: Visitor<'_>) -> StoreResult<()> {
            for (k, v) in self.scan(t, scan)? {
                if !f(&k, &v)? {
                    break;
                }
            }
            Ok(())
        }
    }

    /// A key written again keeps its last value, a delete included, and a later batch of
    /// writes goes over an earlier one.
    #[test]
    fn a_key_written_again_keeps_its_last_value() {
        let base = MapBase(BTreeMap::from([(b"a".to_vec(), b"0".to_vec())]));
        let mut writes = Writes::default();
        writes.insert(Table::Parts, b"a".to_vec(), Some(b"1".to_vec()));
        writes.insert(Table::Parts, b"b".to_vec(), Some(b"1".to_vec()));
        let mut later = Writes::default();
        later.insert(Table::Parts, b"a".to_vec(), None);
        later.insert(Table::Parts, b"b".to_vec(), Some(b"2".to_vec()));
        writes.extend(later);
        assert_eq!(writes.get(&base, Table::Parts, b"a").unwrap(), None);
        assert_eq!(writes.get(&base, Table::Parts, b"b").unwrap(), Some(b"2".to_vec()));
        let all: Vec<_> = writes.into_iter().collect();
        assert_eq!(
            all,
            vec![
                (Table::Parts, b"a".to_vec(), None),
                (Table::Parts, b"b".to_vec(), Some(b"2".to_vec()))
            ]
        );
    }

    proptest::proptest! {
        /// Scans through an overlay equal scans of the base with the writes applied.
        #[test]
        fn overlay_scan_matches_applied_map(
            base in proptest::collection::btree_map(proptest::collection::vec(0u8..4, 1..3), proptest::collection::vec(0u8..9, 1), 0..12),
            writes in proptest::collection::vec((proptest::collection::vec(0u8..4, 1..3), proptest::option::of(proptest::collection::vec(0u8..9, 1))), 0..12),
            reverse: bool, limit in 0usize..15, lo in proptest::collection::vec(0u8..4, 0..2),
        ) {
            let base_store = MapBase(base.clone());
            let mut overlay = Overlay::new(&base_store);
            let mut expected = base;
            for (k, v) in writes {
                match v {
                    Some(v) => { overlay.put(Table::Parts, k.clone(), v.clone()); expected.insert(k, v); }
                    None => { overlay.delete(Table::Parts, k.clone()); expected.remove(&k); }
                }
            }
            let scan = Scan::prefix(&[]).after(Some(lo)).reverse(reverse).limit(limit);
            let got = overlay.scan(Table::Parts, &scan).unwrap();
            let want = MapBase(expected).scan(Table::Parts, &scan).unwrap();
            proptest::prop_assert_eq!(got, want);
        }
    }
}

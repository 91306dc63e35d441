//! A command's private view of a write transaction: reads see the transaction plus the
//! command's own pending writes; writes stay pending until the command succeeds. A
//! refused command is dropped with its overlay, so it leaves the shared transaction —
//! and every other command in the same group commit — untouched.

use super::{Pair, Read, Scan, StoreResult, Table, Visitor};
use std::collections::BTreeMap;

/// Writes not yet applied, by table and key (`None` deletes).
pub(super) type Pending = BTreeMap<(Table, Vec<u8>), Option<Vec<u8>>>;

/// Pending writes over a readable base.
pub struct Overlay<'a> {
    base: &'a dyn Read,
    pending: Pending,
}

impl<'a> Overlay<'a> {
    /// Starts an empty overlay over `base`.
    pub fn new(base: &'a dyn Read) -> Self {
        Self {
            base,
            pending: BTreeMap::new(),
        }
    }

    /// An overlay holding `pending` over `base` (a batch's writes not yet sent).
    pub(super) fn with_pending(base: &'a dyn Read, pending: Pending) -> Self {
        Self { base, pending }
    }

    /// The pending writes, consumed.
    pub(super) fn into_pending(self) -> Pending {
        self.pending
    }

    /// Sets `key` to `value`.
    pub fn put(&mut self, table: Table, key: Vec<u8>, value: Vec<u8>) {
        self.pending.insert((table, key), Some(value));
    }

    /// Removes `key`.
    pub fn delete(&mut self, table: Table, key: Vec<u8>) {
        self.pending.insert((table, key), None);
    }

    /// The pending writes in key order (`None` deletes), consumed.
    pub fn into_writes(self) -> impl Iterator<Item = (Table, Vec<u8>, Option<Vec<u8>>)> {
        self.pending.into_iter().map(|((t, k), v)| (t, k, v))
    }

    fn pending_in<'s>(&'s self, table: Table, scan: &Scan) -> Vec<(&'s Vec<u8>, &'s Option<Vec<u8>>)> {
        let mut v: Vec<_> = self
            .pending
            .range((table, Vec::new())..)
            .take_while(|((t, _), _)| *t == table)
            .filter(|((_, k), _)| scan.contains(k))
            .map(|((_, k), v)| (k, v))
            .collect();
        if scan.reverse {
            v.reverse();
        }
        v
    }
}

impl Read for Overlay<'_> {
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        match self.pending.get(&(table, key.to_vec())) {
            Some(v) => Ok(v.clone()),
            None => self.base.get(table, key),
        }
    }

    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        let mine = self.pending_in(table, scan);
        if mine.is_empty() {
            return self.base.scan(table, scan);
        }
        // Each pending entry hides at most one base pair, so this many base pairs suffice.
        let widened = scan.clone().limit(scan.limit.saturating_add(mine.len()));
        let base = self.base.scan(table, &widened)?;
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

    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        let scan = scan.clone().reverse(false);
        for (k, v) in self.scan(table, &scan)? {
            if !visitor(&k, &v)? {
                break;
            }
        }
        Ok(())
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

//! Reads of a redb file: a snapshot, and the tables of a write transaction.

use super::redb_backend::{BytesTable, backend, def};
use super::{Pair, Read, Scan, StoreResult, Table, Visitor};
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable, TableError, WriteTransaction};
use std::cell::{Ref, RefCell};

type Guard<'a> = redb::AccessGuard<'a, &'static [u8]>;

/// The tables of a write transaction as written so far, each opened once per batch on
/// first use.
pub(super) struct Tables<'t> {
    tx: &'t WriteTransaction,
    open: [RefCell<Option<BytesTable<'t>>>; Table::ALL.len()],
}

impl<'t> Tables<'t> {
    /// None opened yet.
    pub(super) fn new(tx: &'t WriteTransaction) -> Self {
        Self {
            tx,
            open: std::array::from_fn(|_| RefCell::new(None)),
        }
    }

    fn open(&self, table: Table) -> StoreResult<Ref<'_, BytesTable<'t>>> {
        let slot = &self.open[table as usize];
        if slot.borrow().is_none() {
            let opened = self.tx.open_table(def(table)).map_err(backend)?;
            *slot.borrow_mut() = Some(opened);
        }
        Ok(Ref::map(slot.borrow(), |t| t.as_ref().expect("opened above")))
    }
}

impl Read for Tables<'_> {
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        let t = self.open(table)?;
        Ok(t.get(key).map_err(backend)?.map(|v| v.value().to_vec()))
    }

    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        scan_table(&*self.open(table)?, scan)
    }

    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        visit_table(&*self.open(table)?, scan, visitor)
    }
}

fn scan_table<T: ReadableTable<&'static [u8], &'static [u8]>>(table: &T, scan: &Scan) -> StoreResult<Vec<Pair>> {
    if scan.is_empty_range() || scan.limit == 0 {
        return Ok(Vec::new());
    }
    let range = table.range::<&[u8]>(scan.bounds()).map_err(backend)?;
    let pair = |r: Result<(Guard<'_>, Guard<'_>), _>| {
        r.map(|(k, v)| (k.value().to_vec(), v.value().to_vec()))
            .map_err(backend)
    };
    if scan.reverse {
        range.rev().take(scan.limit).map(pair).collect()
    } else {
        range.take(scan.limit).map(pair).collect()
    }
}

fn visit_table<T: ReadableTable<&'static [u8], &'static [u8]>>(
    table: &T,
    scan: &Scan,
    visitor: Visitor<'_>,
) -> StoreResult<()> {
    if scan.is_empty_range() {
        return Ok(());
    }
    for item in table.range::<&[u8]>(scan.bounds()).map_err(backend)? {
        let (k, v) = item.map_err(backend)?;
        if !visitor(k.value(), v.value())? {
            break;
        }
    }
    Ok(())
}

/// A read-only snapshot.
pub struct RedbRead(pub(super) ReadTransaction);

impl RedbRead {
    fn table(&self, table: Table) -> StoreResult<Option<ReadOnlyTable<&'static [u8], &'static [u8]>>> {
        match self.0.open_table(def(table)) {
            Ok(t) => Ok(Some(t)),
            Err(TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(backend(e)),
        }
    }
}

impl Read for RedbRead {
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        let Some(t) = self.table(table)? else { return Ok(None) };
        Ok(t.get(key).map_err(backend)?.map(|v| v.value().to_vec()))
    }

    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        match self.table(table)? {
            Some(t) => scan_table(&t, scan),
            None => Ok(Vec::new()),
        }
    }

    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        match self.table(table)? {
            Some(t) => visit_table(&t, scan, visitor),
            None => Ok(()),
        }
    }
}

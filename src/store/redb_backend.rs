//! The redb backend: one `&[u8] → &[u8]` table per [`Table`].

use super::{Overlay, Pair, Read, Scan, StoreError, StoreResult, Table, Visitor, WriteTx};
use redb::{
    Database, DatabaseError, Durability, ReadOnlyTable, ReadTransaction, ReadableDatabase, ReadableTable,
    TableDefinition, TableError, WriteTransaction,
};
use std::cell::{Ref, RefCell, RefMut};
use std::ops::Bound;
use std::path::Path;

type BytesTable<'t> = redb::Table<'t, &'static [u8], &'static [u8]>;
type Guard<'a> = redb::AccessGuard<'a, &'static [u8]>;

fn def(table: Table) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    TableDefinition::new(table.name())
}

fn backend<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Why a database file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Another process (a running server) holds the file.
    #[error("database in use by another process")]
    InUse,
    /// Anything else.
    #[error("cannot open database: {0}")]
    Other(String),
}

/// An open database file.
pub struct RedbDb {
    inner: Database,
}

/// The page cache of a database opened for one pass over everything: such a pass reads a
/// page once, so a small cache reuses its memory instead of growing to the file's size,
/// and its evictions cost less than the page faults of ever fresh memory.
const SCAN_CACHE_BYTES: usize = 16 << 20;

impl RedbDb {
    /// Opens `path`, creating the file and its tables if needed.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        Self::open_with(path, redb::Builder::new())
    }

    /// Opens `path` as [`RedbDb::open`] for one pass over every table (reconciliation).
    pub fn open_to_scan(path: &Path) -> Result<Self, OpenError> {
        let mut builder = redb::Builder::new();
        builder.set_cache_size(SCAN_CACHE_BYTES);
        Self::open_with(path, builder)
    }

    fn open_with(path: &Path, builder: redb::Builder) -> Result<Self, OpenError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| OpenError::Other(e.to_string()))?;
        }
        let inner = builder.create(path).map_err(|e| match e {
            DatabaseError::DatabaseAlreadyOpen => OpenError::InUse,
            other => OpenError::Other(other.to_string()),
        })?;
        let tx = inner.begin_write().map_err(|e| OpenError::Other(e.to_string()))?;
        for table in Table::ALL {
            tx.open_table(def(table)).map_err(|e| OpenError::Other(e.to_string()))?;
        }
        // A file written before an index existed gets it built here, in the same
        // transaction that creates the index's table, so no reader sees it half built.
        let tx = WriteTx::Redb(RedbWrite { tx });
        super::indexes::backfill(&tx).map_err(|e| OpenError::Other(e.to_string()))?;
        super::unit_sales::backfill(&tx).map_err(|e| OpenError::Other(e.to_string()))?;
        tx.commit().map_err(|e| OpenError::Other(e.to_string()))?;
        Ok(Self { inner })
    }

    /// Writes a consistent copy of the whole database, as of one read snapshot, to `path`
    /// (which must not exist). The server keeps running and writing meanwhile.
    pub fn backup_to(&self, path: &Path) -> StoreResult<()> {
        if path.exists() {
            return Err(StoreError::Backend(format!("{} already exists", path.display())));
        }
        let snapshot = self.inner.begin_read().map_err(backend)?;
        let copy = Database::create(path).map_err(backend)?;
        let tx = copy.begin_write().map_err(backend)?;
        for table in Table::ALL {
            let mut dst = tx.open_table(def(table)).map_err(backend)?;
            let src = match snapshot.open_table(def(table)) {
                Ok(t) => t,
                Err(TableError::TableDoesNotExist(_)) => continue,
                Err(e) => return Err(backend(e)),
            };
            for item in src.iter().map_err(backend)? {
                let (k, v) = item.map_err(backend)?;
                dst.insert(k.value(), v.value()).map_err(backend)?;
            }
        }
        tx.commit().map_err(backend)
    }

    /// A consistent snapshot for reading; never waits for the writer.
    pub fn read(&self) -> StoreResult<RedbRead> {
        Ok(RedbRead(self.inner.begin_read().map_err(backend)?))
    }

    /// Starts a durable write transaction; a group of commands shares it through
    /// [`WriteTx::batch`].
    pub fn begin_write(&self) -> StoreResult<RedbWrite> {
        let mut tx = self.inner.begin_write().map_err(backend)?;
        tx.set_durability(Durability::Immediate).map_err(backend)?;
        Ok(RedbWrite { tx })
    }
}

/// A durable write transaction.
pub struct RedbWrite {
    tx: WriteTransaction,
}

impl RedbWrite {
    /// A view for running commands; drop it before [`WriteTx::commit`].
    pub fn batch(&self) -> RedbBatch<'_> {
        RedbBatch {
            tx: &self.tx,
            tables: std::array::from_fn(|_| RefCell::new(None)),
        }
    }

    /// Commits durably (fsync) before returning.
    pub fn commit(self) -> StoreResult<()> {
        self.tx.commit().map_err(backend)
    }
}

/// Commands sharing one write transaction, each in its own [`Overlay`]. Tables are
/// opened once per batch, on first use, and stay open until the batch is dropped.
pub struct RedbBatch<'t> {
    tx: &'t WriteTransaction,
    tables: [RefCell<Option<BytesTable<'t>>>; Table::ALL.len()],
}

impl<'t> RedbBatch<'t> {
    /// Runs one command; its writes join the transaction only if it returns `Ok`.
    pub fn run<T, E: From<StoreError>>(&mut self, body: impl FnOnce(&mut Overlay<'_>) -> Result<T, E>) -> Result<T, E> {
        let mut overlay = Overlay::new(&*self);
        let out = body(&mut overlay)?;
        let writes = overlay.into_writes();
        for (table, key, value) in writes {
            let mut handle = self.open_mut(table)?;
            match value {
                Some(v) => handle.insert(key.as_slice(), v.as_slice()).map_err(backend)?,
                None => handle.remove(key.as_slice()).map_err(backend)?,
            };
        }
        Ok(out)
    }

    fn slot(&self, table: Table) -> &RefCell<Option<BytesTable<'t>>> {
        &self.tables[table as usize]
    }

    fn open_mut(&self, table: Table) -> StoreResult<RefMut<'_, BytesTable<'t>>> {
        let mut slot = self.slot(table).try_borrow_mut().map_err(|_| in_use(table))?;
        if slot.is_none() {
            *slot = Some(self.tx.open_table(def(table)).map_err(backend)?);
        }
        Ok(RefMut::map(slot, |t| t.as_mut().expect("opened above")))
    }

    fn open(&self, table: Table) -> StoreResult<Ref<'_, BytesTable<'t>>> {
        if self.slot(table).try_borrow().map_err(|_| in_use(table))?.is_none() {
            drop(self.open_mut(table)?);
        }
        let slot = self.slot(table).try_borrow().map_err(|_| in_use(table))?;
        Ok(Ref::map(slot, |t| t.as_ref().expect("opened above")))
    }
}

fn in_use(table: Table) -> StoreError {
    StoreError::Backend(format!("table {} is being written", table.name()))
}

/// Reads from inside the shared write transaction.
impl Read for RedbBatch<'_> {
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

fn bound(b: &Bound<Vec<u8>>) -> Bound<&[u8]> {
    match b {
        Bound::Included(v) => Bound::Included(v.as_slice()),
        Bound::Excluded(v) => Bound::Excluded(v.as_slice()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

fn bounds(scan: &Scan) -> (Bound<&[u8]>, Bound<&[u8]>) {
    (bound(&scan.start), bound(&scan.end))
}

fn empty_range(scan: &Scan) -> bool {
    match (&scan.start, &scan.end) {
        (Bound::Included(s) | Bound::Excluded(s), Bound::Included(e) | Bound::Excluded(e)) => {
            s > e || (s == e && !matches!((&scan.start, &scan.end), (Bound::Included(_), Bound::Included(_))))
        }
        _ => false,
    }
}

fn scan_table<T: ReadableTable<&'static [u8], &'static [u8]>>(table: &T, scan: &Scan) -> StoreResult<Vec<Pair>> {
    if empty_range(scan) || scan.limit == 0 {
        return Ok(Vec::new());
    }
    let range = table.range::<&[u8]>(bounds(scan)).map_err(backend)?;
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
    if empty_range(scan) {
        return Ok(());
    }
    for item in table.range::<&[u8]>(bounds(scan)).map_err(backend)? {
        let (k, v) = item.map_err(backend)?;
        if !visitor(k.value(), v.value())? {
            break;
        }
    }
    Ok(())
}

/// A read-only snapshot.
pub struct RedbRead(ReadTransaction);

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

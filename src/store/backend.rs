//! The store boundary: the same read and write-batch API over redb (the default, one
//! file) or PostgreSQL (`postgres://…`, any number of instances on one database).

use super::overlay::Writes;
use super::pg_backend::{self, PgDb, PgTx, PgWrite};
use super::redb_backend::{RedbDb, RedbWrite};
use super::redb_read::{RedbRead, Tables};
use super::{OpenError, Overlay, Pair, Read, Scan, StoreError, StoreResult, Table, Visitor};
use std::cell::RefCell;
use std::path::Path;

/// An open database.
pub enum Db {
    /// A redb file.
    Redb(RedbDb),
    /// A PostgreSQL database.
    Postgres(PgDb),
}

impl Db {
    /// Opens the redb file at `path`, creating it and its tables if needed.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        RedbDb::open(path).map(Db::Redb)
    }

    /// Opens a store named by `spec`: `postgres://…` (tables created or upgraded as by
    /// `sanbao migrate-schema`), `redb:PATH` or a plain file path.
    pub fn open_store(spec: &str) -> Result<Self, OpenError> {
        Self::open_spec(spec, RedbDb::open)
    }

    /// Opens a store as [`Db::open_store`] for one pass over everything (`sanbao check`):
    /// a redb file then keeps a small page cache.
    pub fn open_store_to_scan(spec: &str) -> Result<Self, OpenError> {
        Self::open_spec(spec, RedbDb::open_to_scan)
    }

    fn open_spec(spec: &str, open: fn(&Path) -> Result<RedbDb, OpenError>) -> Result<Self, OpenError> {
        if pg_backend::is_url(spec) {
            let db = Db::Postgres(PgDb::connect(spec).map_err(|e| OpenError::Other(e.to_string()))?);
            db.upgrade().map_err(|e| OpenError::Other(e.to_string()))?;
            return Ok(db);
        }
        open(Path::new(spec.strip_prefix("redb:").unwrap_or(spec))).map(Db::Redb)
    }

    /// Builds what a newer version keeps beside the records (indexes, aggregates) in
    /// a database written before they existed; re-run whole when another instance wins.
    fn upgrade(&self) -> StoreResult<()> {
        let mut tries = 0;
        loop {
            let tx = self.begin_write()?;
            let outcome = super::indexes::backfill(&tx)
                .and_then(|_| super::unit_sales::backfill(&tx))
                .and_then(|_| tx.commit());
            match outcome {
                Err(StoreError::Conflict(_)) if tries < 10 => tries += 1,
                other => return other,
            }
        }
    }

    /// Makes the commits held only by a redb file's redo log durable in the file itself
    /// (nothing to do on PostgreSQL, which has its own log).
    pub fn checkpoint(&self) -> StoreResult<()> {
        match self {
            Db::Redb(db) => db.checkpoint(),
            Db::Postgres(_) => Ok(()),
        }
    }

    /// Whether other processes may write the same database (PostgreSQL): idempotency
    /// and conflicts are then settled inside the transaction.
    pub fn is_shared(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// Writes a consistent copy of the whole database, as of one read snapshot, to the
    /// redb file `path` (which must not exist).
    pub fn backup_to(&self, path: &Path) -> StoreResult<()> {
        match self {
            Db::Redb(db) => db.backup_to(path),
            Db::Postgres(_) => {
                if path.exists() {
                    return Err(StoreError::Backend(format!("{} already exists", path.display())));
                }
                let target = Db::open(path).map_err(|e| StoreError::Backend(e.to_string()))?;
                super::migrate::copy(self, &target, &mut |_| {})
            }
        }
    }

    /// A consistent snapshot for reading; never waits for the writer.
    pub fn read(&self) -> StoreResult<ReadTx> {
        Ok(match self {
            Db::Redb(db) => ReadTx::Redb(db.read()?),
            Db::Postgres(db) => ReadTx::Postgres(db.read()?),
        })
    }

    /// Runs `body` against a fresh durable write transaction; its writes commit only
    /// when it returns `Ok`. Used where no writer task runs (setup, the CLI).
    pub fn write_once<T, E: From<StoreError>>(
        &self,
        body: impl FnOnce(&mut Overlay<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self.begin_write()?;
        let out = tx.batch().run(body)?;
        tx.commit()?;
        Ok(out)
    }

    /// Starts a durable write transaction; a group of commands shares it through
    /// [`WriteTx::batch`].
    pub fn begin_write(&self) -> StoreResult<WriteTx> {
        Ok(match self {
            Db::Redb(db) => WriteTx::Redb(db.begin_write()?),
            Db::Postgres(db) => WriteTx::Postgres(db.begin_write()?),
        })
    }
}

/// A read-only snapshot.
pub enum ReadTx {
    /// Of a redb file.
    Redb(RedbRead),
    /// READ ONLY REPEATABLE READ on PostgreSQL.
    Postgres(PgTx),
}

impl Read for ReadTx {
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        match self {
            ReadTx::Redb(r) => r.get(table, key),
            ReadTx::Postgres(r) => r.get(table, key),
        }
    }

    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        match self {
            ReadTx::Redb(r) => r.scan(table, scan),
            ReadTx::Postgres(r) => r.scan(table, scan),
        }
    }

    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        match self {
            ReadTx::Redb(r) => r.visit(table, scan, visitor),
            ReadTx::Postgres(r) => r.visit(table, scan, visitor),
        }
    }
}

/// A durable write transaction.
// The redb variant, the default's hot path, stays inline: no allocation per batch.
#[allow(clippy::large_enum_variant)]
pub enum WriteTx {
    /// On a redb file.
    Redb(RedbWrite),
    /// SERIALIZABLE on PostgreSQL.
    Postgres(PgWrite),
}

impl WriteTx {
    /// A view for running commands; drop it before [`WriteTx::commit`].
    pub fn batch(&self) -> Batch<'_> {
        match self {
            WriteTx::Redb(w) => w.batch(),
            WriteTx::Postgres(w) => w.batch(),
        }
    }

    /// Commits durably before returning; [`StoreError::Conflict`] when a concurrent
    /// transaction won and the whole batch must be run again.
    pub fn commit(self) -> StoreResult<()> {
        match self {
            WriteTx::Redb(w) => w.commit(),
            WriteTx::Postgres(w) => w.commit(),
        }
    }
}

/// Commands sharing one write transaction, each in its own [`Overlay`]: a command that
/// succeeds adds its writes to the batch's, which later commands read through and the
/// commit puts into the database, each key once.
pub struct Batch<'t> {
    base: BatchBase<'t>,
    writes: &'t RefCell<Writes>,
}

/// What a batch reads beneath its writes.
// The redb tables, the default's hot path, stay inline: no allocation per batch.
#[allow(clippy::large_enum_variant)]
pub(super) enum BatchBase<'t> {
    /// The tables of a redb write transaction.
    Redb(Tables<'t>),
    /// A PostgreSQL transaction.
    Postgres(&'t PgTx),
}

impl<'t> Batch<'t> {
    /// A batch over `base`, its writes kept in `writes`.
    pub(super) fn new(base: BatchBase<'t>, writes: &'t RefCell<Writes>) -> Self {
        Self { base, writes }
    }

    /// Runs one command; its writes join the transaction only if it returns `Ok`.
    pub fn run<T, E: From<StoreError>>(&mut self, body: impl FnOnce(&mut Overlay<'_>) -> Result<T, E>) -> Result<T, E> {
        let mut overlay = Overlay::new(&*self);
        let out = body(&mut overlay)?;
        let mine = overlay.into_writes();
        self.writes.borrow_mut().extend(mine);
        Ok(out)
    }
}

impl Read for BatchBase<'_> {
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        match self {
            BatchBase::Redb(t) => t.get(table, key),
            BatchBase::Postgres(t) => t.get(table, key),
        }
    }

    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        match self {
            BatchBase::Redb(t) => t.scan(table, scan),
            BatchBase::Postgres(t) => t.scan(table, scan),
        }
    }

    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        match self {
            BatchBase::Redb(t) => t.visit(table, scan, visitor),
            BatchBase::Postgres(t) => t.visit(table, scan, visitor),
        }
    }
}

impl Read for Batch<'_> {
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        self.writes.borrow().get(&self.base, table, key)
    }

    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        self.writes.borrow().scan(&self.base, table, scan)
    }

    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        self.writes.borrow().visit(&self.base, table, scan, visitor)
    }
}

//! The redb backend: one `&[u8] → &[u8]` table per [`Table`], and the commit protocol
//! over the file ([`super::background_sync`]) and its redo log ([`super::redo_log`]).

use super::backend::{Batch, BatchBase};
use super::background_sync::{BackgroundSync, Syncs};
use super::overlay::Writes;
use super::redb_read::{RedbRead, Tables};
use super::redo_log::{self, RedoLog};
use super::{StoreError, StoreResult, Table, WriteTx};
use redb::{
    Database, DatabaseError, Durability, ReadableDatabase, ReadableTable, TableDefinition, TableError, WriteTransaction,
};
use std::cell::RefCell;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(super) type BytesTable<'t> = redb::Table<'t, &'static [u8], &'static [u8]>;

pub(super) fn def(table: Table) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    TableDefinition::new(table.name())
}

pub(super) fn backend<E: std::fmt::Display>(e: E) -> StoreError {
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
    redo: Shared,
}

/// The commit protocol's state as every transaction of the file shares it.
type Shared = Arc<Mutex<Redo>>;

/// Longest time between two checkpoints: a commit after it also writes to the file every
/// page changed since the last one, and syncs them behind the writer. It bounds the log's
/// replay, and the pages a crash can leave to it.
pub const CHECKPOINT: Duration = Duration::from_millis(50);

/// The commit protocol's state, shared by every write transaction of one file.
struct Redo {
    log: RedoLog,
    /// The file's epoch: records of another are not the file's.
    epoch: u64,
    /// The number of the last commit.
    number: u64,
    /// When the last checkpoint was made.
    checkpointed: Instant,
    /// The syncs of the file asked for up to the last checkpoint: once they are done, the
    /// file holds every record of the half before the current one.
    checkpoint_syncs: u64,
    /// The file's syncs.
    syncs: Syncs,
    /// The next commit is made durable by syncing the file, not by the log: a record may
    /// have been half written, or the writer is idle.
    sync_next: bool,
}

/// The facts of the commit protocol (`epoch`, `number`): a table of the file alone, not a
/// [`Table`], so copies (backup, migrate) never carry them and nothing above writes them.
const REDO: TableDefinition<'static, &'static str, u64> = TableDefinition::new("redo_v1");

fn read_fact(tx: &WriteTransaction, name: &str) -> StoreResult<Option<u64>> {
    let facts = tx.open_table(REDO).map_err(backend)?;
    Ok(facts.get(name).map_err(backend)?.map(|v| v.value()))
}

fn write_fact(tx: &WriteTransaction, name: &str, value: u64) -> StoreResult<()> {
    tx.open_table(REDO)
        .map_err(backend)?
        .insert(name, value)
        .map_err(backend)?;
    Ok(())
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
        let other = |e: &dyn std::fmt::Display| OpenError::Other(e.to_string());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| other(&e))?;
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| other(&e))?;
        let (file, syncs) = BackgroundSync::new(file).map_err(|e| other(&e))?;
        let inner = builder.create_with_backend(file).map_err(|e| match e {
            DatabaseError::DatabaseAlreadyOpen => OpenError::InUse,
            e => other(&e),
        })?;
        let log_path = redo_log::path_for(path);
        let mut log = RedoLog::open(&log_path).map_err(|e| other(&format!("{}: {e}", log_path.display())))?;
        let tx = inner.begin_write().map_err(|e| other(&e))?;
        for table in Table::ALL {
            tx.open_table(def(table)).map_err(|e| other(&e))?;
        }
        let (epoch, number) = replay(&tx, &log).map_err(|e| other(&e))?;
        // A file written before an index existed gets it built here, in the same
        // transaction that creates the index's table, so no reader sees it half built.
        let tx = WriteTx::Redb(RedbWrite::durable(tx));
        super::indexes::backfill(&tx).map_err(|e| other(&e))?;
        super::unit_sales::backfill(&tx).map_err(|e| other(&e))?;
        tx.commit().map_err(|e| other(&e))?;
        syncs.wait_all().map_err(|e| other(&e))?;
        log.restart();
        let redo = Redo {
            log,
            epoch,
            number,
            checkpointed: Instant::now(),
            checkpoint_syncs: syncs.requested(),
            syncs,
            sync_next: false,
        };
        Ok(Self {
            inner,
            redo: Arc::new(Mutex::new(redo)),
        })
    }

    /// Writes and syncs the file if commits were made durable only in the redo log since
    /// the last checkpoint (the writer calls this when idle; dropping the database does
    /// too).
    pub fn checkpoint(&self) -> StoreResult<()> {
        {
            let mut redo = self.redo.lock().map_err(|_| poisoned())?;
            if redo.log.is_empty() {
                return Ok(());
            }
            redo.sync_next = true;
        }
        self.begin_write()?.commit()
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
        let tx = self.inner.begin_write().map_err(backend)?;
        Ok(RedbWrite {
            tx,
            writes: RefCell::default(),
            redo: Some(self.redo.clone()),
        })
    }
}

impl Drop for RedbDb {
    fn drop(&mut self) {
        if let Err(e) = self.checkpoint() {
            tracing::error!(error = %e, "the database file was not synced at close; the redo log holds its last commits");
        }
    }
}

/// Puts `value` at `key`, or removes the key when there is none.
fn apply(table: &mut BytesTable<'_>, key: &[u8], value: Option<&[u8]>) -> StoreResult<()> {
    match value {
        Some(v) => table.insert(key, v).map(drop),
        None => table.remove(key).map(drop),
    }
    .map_err(backend)
}

fn poisoned() -> StoreError {
    StoreError::Backend("a commit panicked holding the redo log".into())
}

/// Replays into `tx` the records of the redo log the file does not hold; answers the
/// file's epoch (a new one for a new file) and the number of its last commit, both
/// written into `tx`.
fn replay(tx: &WriteTransaction, log: &RedoLog) -> StoreResult<(u64, u64)> {
    // A new file, and a copy (whose facts stayed behind), get a new epoch.
    let stored = read_fact(tx, "epoch")?;
    let epoch = stored.unwrap_or_else(rand::random);
    let done = read_fact(tx, "number")?.unwrap_or(0);
    let records = log.records(epoch, done).map_err(backend)?;
    let number = records.last().map_or(done, |r| r.number);
    for record in &records {
        for (table, key, value) in &record.writes {
            apply(&mut tx.open_table(def(*table)).map_err(backend)?, key, value.as_deref())?;
        }
    }
    if !records.is_empty() {
        tracing::info!(commits = records.len(), last = number, "replayed the redo log");
    }
    // Facts already stored are not written again, so opening a file to read it (`sanbao
    // check`) commits nothing: a commit that wrote them made the scan after it slower.
    if stored.is_none() {
        write_fact(tx, "epoch", epoch)?;
    }
    if stored.is_none() || number != done {
        write_fact(tx, "number", number)?;
    }
    Ok((epoch, number))
}

/// A write transaction: durable once [`RedbWrite::commit`] returns.
pub struct RedbWrite {
    tx: WriteTransaction,
    /// The batch's writes, put into the tables at commit: a key written by several
    /// commands (a counter, a balance) is written once.
    writes: RefCell<Writes>,
    /// The file's commit protocol, if the commit may go to the redo log.
    redo: Option<Shared>,
}

impl RedbWrite {
    /// A transaction committed by syncing the file.
    fn durable(tx: WriteTransaction) -> Self {
        Self {
            tx,
            writes: RefCell::default(),
            redo: None,
        }
    }

    /// A view for running commands; drop it before [`WriteTx::commit`].
    pub fn batch(&self) -> Batch<'_> {
        Batch::new(BatchBase::Redb(Tables::new(&self.tx)), &self.writes)
    }

    /// Commits durably before returning: the record of its writes appended to the redo
    /// log and synced, then the file committed without a sync, or with one behind the
    /// writer for a checkpoint; or, when the log cannot take the record, the file committed
    /// and synced before returning.
    pub fn commit(self) -> StoreResult<()> {
        let RedbWrite { mut tx, writes, redo } = self;
        let Some(redo) = redo else {
            put_all(&tx, writes.into_inner(), None)?;
            tx.set_durability(Durability::Immediate).map_err(backend)?;
            return tx.commit().map_err(backend);
        };
        let mut record = Vec::new();
        put_all(&tx, writes.into_inner(), Some(&mut record))?;
        let mut redo = redo.lock().map_err(|_| poisoned())?;
        let number = redo.number + 1;
        write_fact(&tx, "number", number)?;
        let logged = !redo.sync_next && {
            let epoch = redo.epoch;
            match redo.log.append(epoch, number, &record) {
                Ok(appended) => appended,
                Err(e) => {
                    redo.sync_next = true;
                    return Err(backend(format!("the redo log: {e}")));
                }
            }
        };
        let checkpoint = !logged || redo.checkpointed.elapsed() >= CHECKPOINT;
        let durability = if checkpoint {
            Durability::Immediate
        } else {
            Durability::None
        };
        tx.set_durability(durability).map_err(backend)?;
        if let Err(e) = tx.commit() {
            redo.sync_next = true;
            if logged {
                redo.log
                    .void_last()
                    .map_err(|v| backend(format!("{e}; then the redo log: {v}")))?;
            }
            return Err(backend(e));
        }
        redo.number = number;
        if !checkpoint {
            return Ok(());
        }
        // The half the log goes on in holds the records up to the last checkpoint: it may
        // be written over once the file holds them. A commit not in the log is durable
        // only once the file is synced.
        let (syncs, upto) = (redo.syncs.clone(), redo.checkpoint_syncs);
        let synced = if logged { syncs.wait(upto) } else { syncs.wait_all() };
        if let Err(e) = synced {
            redo.sync_next = true;
            return if logged {
                tracing::error!(error = %e, "the database file could not be synced; the redo log holds its commits");
                Ok(())
            } else {
                Err(backend(e))
            };
        }
        redo.log.restart();
        redo.checkpoint_syncs = syncs.requested();
        redo.checkpointed = Instant::now();
        redo.sync_next = false;
        Ok(())
    }
}

/// Puts `writes` into the tables of `tx`, each table opened once, and appends them to
/// the redo `record` if one is kept.
fn put_all(tx: &WriteTransaction, writes: Writes, mut record: Option<&mut Vec<u8>>) -> StoreResult<()> {
    let mut open: Option<(Table, BytesTable<'_>)> = None;
    for (table, key, value) in writes {
        if open.as_ref().is_none_or(|(t, _)| *t != table) {
            open = Some((table, tx.open_table(def(table)).map_err(backend)?));
        }
        let (_, t) = open.as_mut().expect("opened above");
        apply(t, &key, value.as_deref())?;
        if let Some(record) = record.as_deref_mut() {
            redo_log::encode(record, table, &key, value.as_deref());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::repo;

    /// Commands of one batch bump one counter: each reads the last one's write, a refused
    /// command leaves nothing, and the tables and the redo record hold the key once.
    #[test]
    fn a_key_written_by_several_commands_of_a_batch_is_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = RedbDb::open(&dir.path().join("t.redb")).unwrap();
        let tx = WriteTx::Redb(db.begin_write().unwrap());
        let mut batch = tx.batch();
        for want in 1..=2 {
            assert_eq!(batch.run(|w| repo::next_counter(w, "t")).unwrap(), want);
        }
        let refused = batch.run(|w| {
            repo::next_counter(w, "t")?;
            Err::<(), _>(StoreError::Backend("refused".into()))
        });
        assert!(refused.is_err());
        drop(batch);
        tx.commit().unwrap();

        assert_eq!(repo::counter(&db.read().unwrap(), "t").unwrap(), 2);
        let redo = db.redo.lock().unwrap();
        let records = redo.log.records(redo.epoch, redo.number - 1).unwrap();
        let meta: Vec<_> = records[0].writes.iter().filter(|(t, ..)| *t == Table::Meta).collect();
        assert_eq!(meta.len(), 1);
        assert_eq!(meta[0].2.as_deref(), Some(&2u64.to_be_bytes()[..]));
    }
}

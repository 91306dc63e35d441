//! The PostgreSQL backend: one `(k bytea primary key, v bytea not null)` table per
//! [`Table`], under the same versioned name as in redb. `bytea` compares byte by byte,
//! shorter first on a tie, exactly like redb's `&[u8]` keys, so ranges and their order
//! mean the same. Only portable SQL: no extensions, no server-side functions.
//!
//! A write transaction is SERIALIZABLE; its writes are buffered (so the commands of one
//! group commit see each other's writes) and sent at commit as one upsert and one delete
//! per table. A read transaction is READ ONLY REPEATABLE READ. Any error marks the
//! transaction failed; a serialization failure or deadlock comes back as
//! [`StoreError::Conflict`], and the writer re-runs its whole batch.

use super::backend::{Batch, BatchBase};
use super::overlay::Writes;
use super::{Pair, Read, Scan, StoreError, StoreResult, Table, Visitor};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Bound;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::task::{Context, Poll, Wake, Waker};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Row, Statement};

/// Connections one process opens at most (the writer holds one; readers share the rest).
const POOL_MAX: usize = 12;
/// Rows fetched per round trip when visiting a whole range.
const PAGE: usize = 2_000;
/// Rows per statement when a commit sends its writes.
const FLUSH: usize = 1_000;

type Params<'a> = Vec<&'a (dyn ToSql + Sync)>;
/// A table's writes at commit: keys and values to upsert, keys to delete.
type TableWrites = (Vec<Vec<u8>>, Vec<Vec<u8>>, Vec<Vec<u8>>);

/// The runtime that drives every connection's socket, whatever thread (a server's async
/// task, the writer thread, a blocking read) waits for the answer.
fn io_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("sanbao-pg-io")
            .enable_all()
            .build()
            .expect("start the PostgreSQL runtime")
    })
}

/// Waits for `future` on the calling thread, like any blocking storage call: the
/// connection's own task runs on [`io_runtime`], so this works inside or outside an
/// async runtime.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(out) => return out,
            Poll::Pending => std::thread::park(),
        }
    }
}

fn connect(config: &tokio_postgres::Config) -> StoreResult<Client> {
    let config = config.clone();
    let connected = block_on(io_runtime().spawn(async move {
        let (client, connection) = config.connect(NoTls).await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "PostgreSQL connection closed");
            }
        });
        Ok::<_, tokio_postgres::Error>(client)
    }));
    connected
        .map_err(|e| StoreError::Backend(e.to_string()))?
        .map_err(classify)
}

/// Runs `sql` (one or more statements, no parameters) on a new connection to `url`:
/// for setting up a database, as tests and tools do.
pub fn execute_sql(url: &str, sql: &str) -> StoreResult<()> {
    let config: tokio_postgres::Config = url
        .parse()
        .map_err(|e: tokio_postgres::Error| StoreError::Backend(e.to_string()))?;
    let client = connect(&config)?;
    block_on(client.batch_execute(sql)).map_err(classify)
}

fn classify(e: tokio_postgres::Error) -> StoreError {
    match e.code() {
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED => {
            StoreError::Conflict(e.to_string())
        }
        _ => StoreError::Backend(match e.as_db_error() {
            Some(db) => format!("{}: {}", db.code().code(), db.message()),
            None => e.to_string(),
        }),
    }
}

/// Whether `spec` names a PostgreSQL database.
pub fn is_url(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// One connection with its prepared statements.
struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl Conn {
    fn statement(&mut self, sql: &str) -> Result<Statement, tokio_postgres::Error> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = block_on(self.client.prepare(sql))?;
        self.statements.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
}

struct Pool {
    config: tokio_postgres::Config,
    state: Mutex<(Vec<Conn>, usize)>,
    freed: Condvar,
}

impl Pool {
    fn take(self: &Arc<Self>) -> StoreResult<Lease> {
        let mut state = self.state.lock().expect("pool lock");
        loop {
            if let Some(conn) = state.0.pop() {
                return Ok(Lease {
                    pool: self.clone(),
                    conn: Some(conn),
                });
            }
            if state.1 < POOL_MAX {
                state.1 += 1;
                drop(state);
                return match connect(&self.config) {
                    Ok(client) => Ok(Lease {
                        pool: self.clone(),
                        conn: Some(Conn {
                            client,
                            statements: HashMap::new(),
                        }),
                    }),
                    Err(e) => {
                        self.state.lock().expect("pool lock").1 -= 1;
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            state = self.freed.wait(state).expect("pool lock");
        }
    }
}

/// A connection borrowed from the pool; given back on drop unless it broke.
struct Lease {
    pool: Arc<Pool>,
    conn: Option<Conn>,
}

impl Lease {
    fn conn(&mut self) -> &mut Conn {
        self.conn.as_mut().expect("leased connection")
    }

    fn discard(&mut self) {
        self.conn = None;
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let mut state = self.pool.state.lock().expect("pool lock");
        match self.conn.take() {
            Some(conn) if !conn.client.is_closed() => state.0.push(conn),
            _ => state.1 -= 1,
        }
        self.pool.freed.notify_one();
    }
}

/// A PostgreSQL database: a pool of connections.
pub struct PgDb {
    pool: Arc<Pool>,
}

impl PgDb {
    /// Connects to `url` and creates any missing table (as `sanbao migrate-schema` does).
    pub fn connect(url: &str) -> StoreResult<Self> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| StoreError::Backend(e.to_string()))?;
        let pool = Arc::new(Pool {
            config,
            state: Mutex::new((Vec::new(), 0)),
            freed: Condvar::new(),
        });
        let db = Self { pool };
        db.create_tables()?;
        Ok(db)
    }

    fn create_tables(&self) -> StoreResult<()> {
        let mut lease = self.pool.take()?;
        let mut ddl = String::from("SET LOCAL client_min_messages = warning;\n");
        for table in Table::ALL {
            ddl.push_str(&format!(
                "CREATE TABLE IF NOT EXISTS {} (k bytea PRIMARY KEY, v bytea NOT NULL);\n",
                table.name()
            ));
        }
        // Two instances starting at once may race on the catalog: the loser sees the
        // tables on its next try.
        let mut last = None;
        for _ in 0..5 {
            match block_on(lease.conn().client.batch_execute(&format!("BEGIN;\n{ddl}COMMIT;"))) {
                Ok(()) => return Ok(()),
                Err(e) => {
                    let _ = block_on(lease.conn().client.batch_execute("ROLLBACK"));
                    last = Some(classify(e));
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
            }
        }
        Err(last.expect("tried"))
    }

    /// A READ ONLY REPEATABLE READ transaction.
    pub fn read(&self) -> StoreResult<PgTx> {
        PgTx::begin(&self.pool, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    }

    /// A SERIALIZABLE write transaction with its writes buffered until commit.
    pub fn begin_write(&self) -> StoreResult<PgWrite> {
        Ok(PgWrite {
            tx: PgTx::begin(&self.pool, "BEGIN ISOLATION LEVEL SERIALIZABLE")?,
            pending: RefCell::default(),
        })
    }
}

/// One transaction on one leased connection; rolled back on drop unless committed.
pub struct PgTx {
    lease: RefCell<Lease>,
    failed: RefCell<Option<(bool, String)>>,
    open: bool,
}

impl PgTx {
    fn begin(pool: &Arc<Pool>, begin: &str) -> StoreResult<Self> {
        let mut lease = pool.take()?;
        if let Err(e) = block_on(lease.conn().client.batch_execute(begin)) {
            lease.discard();
            return Err(classify(e));
        }
        Ok(Self {
            lease: RefCell::new(lease),
            failed: RefCell::new(None),
            open: true,
        })
    }

    fn failure(&self) -> Option<StoreError> {
        self.failed.borrow().as_ref().map(|(conflict, m)| match conflict {
            true => StoreError::Conflict(m.clone()),
            false => StoreError::Backend(m.clone()),
        })
    }

    fn rows(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> StoreResult<Vec<Row>> {
        if let Some(e) = self.failure() {
            return Err(e);
        }
        let mut lease = self.lease.borrow_mut();
        let conn = lease.conn();
        let result = conn
            .statement(sql)
            .and_then(|s| block_on(conn.client.query(&s, params)));
        result.map_err(|e| {
            let e = classify(e);
            let conflict = matches!(e, StoreError::Conflict(_));
            *self.failed.borrow_mut() = Some((conflict, e.to_string()));
            e
        })
    }

    fn finish(&mut self, sql: &str) -> StoreResult<()> {
        self.open = false;
        let mut lease = self.lease.borrow_mut();
        block_on(lease.conn().client.batch_execute(sql)).map_err(|e| {
            lease.discard();
            classify(e)
        })
    }
}

impl Drop for PgTx {
    fn drop(&mut self) {
        if self.open {
            let _ = self.finish("ROLLBACK");
        }
    }
}

fn pairs(rows: Vec<Row>) -> Vec<Pair> {
    rows.into_iter().map(|r| (r.get(0), r.get(1))).collect()
}

fn bound_sql<'a>(b: &'a Bound<Vec<u8>>, op: [&str; 2], sql: &mut String, params: &mut Params<'a>) {
    let (op, v) = match b {
        Bound::Included(v) => (op[0], v),
        Bound::Excluded(v) => (op[1], v),
        Bound::Unbounded => return,
    };
    params.push(v);
    sql.push_str(&format!(" AND k {op} ${}", params.len()));
}

impl Read for PgTx {
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        let rows = self.rows(&format!("SELECT v FROM {} WHERE k = $1", table.name()), &[&key])?;
        Ok(rows.into_iter().next().map(|r| r.get(0)))
    }

    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>> {
        if scan.limit == 0 {
            return Ok(Vec::new());
        }
        let mut sql = format!("SELECT k, v FROM {} WHERE TRUE", table.name());
        let mut params: Params<'_> = Vec::new();
        bound_sql(&scan.start, [">=", ">"], &mut sql, &mut params);
        bound_sql(&scan.end, ["<=", "<"], &mut sql, &mut params);
        sql.push_str(if scan.reverse {
            " ORDER BY k DESC"
        } else {
            " ORDER BY k"
        });
        let limit = i64::try_from(scan.limit).unwrap_or(i64::MAX);
        if limit < i64::MAX {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        Ok(pairs(self.rows(&sql, &params)?))
    }

    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()> {
        let mut page = scan.clone().reverse(false).limit(PAGE);
        loop {
            let rows = self.scan(table, &page)?;
            let full = rows.len() == PAGE;
            let Some(last) = rows.last().map(|(k, _)| k.clone()) else {
                return Ok(());
            };
            for (k, v) in &rows {
                if !visitor(k, v)? {
                    return Ok(());
                }
            }
            if !full {
                return Ok(());
            }
            page.start = Bound::Excluded(last);
        }
    }
}

/// A SERIALIZABLE write transaction.
pub struct PgWrite {
    tx: PgTx,
    pending: RefCell<Writes>,
}

impl PgWrite {
    /// A view for running commands over the buffered writes.
    pub fn batch(&self) -> Batch<'_> {
        Batch::new(BatchBase::Postgres(&self.tx), &self.pending)
    }

    /// Sends the buffered writes and commits; a conflict anywhere in the transaction
    /// comes back as [`StoreError::Conflict`].
    pub fn commit(mut self) -> StoreResult<()> {
        let pending = self.pending.take();
        let mut by_table: HashMap<Table, TableWrites> = HashMap::new();
        for (table, k, v) in pending {
            let (keys, values, deletes) = by_table.entry(table).or_default();
            match v {
                Some(v) => {
                    keys.push(k);
                    values.push(v);
                }
                None => deletes.push(k),
            }
        }
        for (table, (keys, values, deletes)) in by_table {
            let name = table.name();
            for chunk in deletes.chunks(FLUSH) {
                let chunk = chunk.to_vec();
                self.tx
                    .rows(&format!("DELETE FROM {name} WHERE k = ANY($1)"), &[&chunk])?;
            }
            for (ks, vs) in keys.chunks(FLUSH).zip(values.chunks(FLUSH)) {
                let (ks, vs) = (ks.to_vec(), vs.to_vec());
                self.tx.rows(
                    &format!(
                        "INSERT INTO {name} (k, v) SELECT * FROM UNNEST($1::bytea[], $2::bytea[]) \
                         ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v"
                    ),
                    &[&ks, &vs],
                )?;
            }
        }
        if let Some(e) = self.tx.failure() {
            return Err(e);
        }
        self.tx.finish("COMMIT")
    }
}

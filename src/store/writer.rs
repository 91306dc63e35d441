//! Group commit: one thread owns the write side of the database. Callers queue commands
//! on a bounded channel; the thread blocks for the first, takes whatever else is queued
//! (up to `batch_max`, waiting at most `batch_wait_us` for more), runs each in its own
//! overlay inside one write transaction, commits once durably (on a redb file, by a synced
//! record in its redo log), and only then answers every caller. When no command comes for
//! a while, it syncs the file itself (a checkpoint). A refused command leaves the others
//! untouched; a full queue answers `overloaded` at once instead of growing a backlog. On a
//! shared database (PostgreSQL) a batch that loses to a concurrent transaction is run
//! again whole, every command against fresh reads, a few times; then its callers are
//! answered `overloaded`. The thread runs at a raised priority where the process may
//! ([`WRITER_NICE`]).

use super::{Batch, Db, Overlay, StoreError};
use crate::clock::Clock;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Limits of the writer.
#[derive(Debug, Clone, Copy)]
pub struct WriterConfig {
    /// Commands that may wait; one more is refused with `overloaded`.
    pub queue_capacity: usize,
    /// Most commands in one commit.
    pub batch_max: usize,
    /// Longest wait for more commands after the first, in microseconds (0 = take only
    /// what is already queued).
    pub batch_wait_us: u64,
}

impl Default for WriterConfig {
    fn default() -> Self {
        Self {
            queue_capacity: 4_096,
            batch_max: 512,
            batch_wait_us: 0,
        }
    }
}

/// Runs of a batch before its callers are told `overloaded`.
const TRIES: u32 = 5;

/// One queued command: run (again, on a shared database) inside a batch, then answered.
trait Job: Send {
    /// Runs the command; `again` keeps it runnable for another try.
    fn run(&mut self, batch: &mut Batch<'_>, now: DateTime<Utc>, again: bool);
    /// Answers the caller: the command's outcome, or `failure` when the commit failed.
    fn answer(self: Box<Self>, failure: Option<Error>);
}

struct Queued<T, F> {
    command: Option<F>,
    outcome: Option<Result<T>>,
    reply: oneshot::Sender<Result<T>>,
}

impl<T, F> Job for Queued<T, F>
where
    T: Send + 'static,
    F: FnOnce(&mut Overlay<'_>, DateTime<Utc>) -> Result<T> + Clone + Send + 'static,
{
    fn run(&mut self, batch: &mut Batch<'_>, now: DateTime<Utc>, again: bool) {
        let command = if again {
            self.command.clone()
        } else {
            self.command.take()
        };
        self.outcome = None;
        let Some(command) = command else { return };
        let outcome = catch_unwind(AssertUnwindSafe(|| batch.run(|w| command(w, now))));
        self.outcome = Some(outcome.unwrap_or_else(|_| {
            tracing::error!("a command panicked; its writes were discarded");
            Err(Error::Internal("the command failed inside the writer".into()))
        }));
    }

    fn answer(self: Box<Self>, failure: Option<Error>) {
        let answer = match failure {
            Some(e) => Err(e),
            None => self
                .outcome
                .unwrap_or_else(|| Err(Error::Internal("the command did not run".into()))),
        };
        let _ = self.reply.send(answer);
    }
}

/// Handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    queue: SyncSender<Box<dyn Job>>,
}

impl Writer {
    /// Starts the writer thread over `db`.
    pub fn start(db: Arc<Db>, clock: Arc<dyn Clock>, config: WriterConfig) -> Self {
        let (queue, jobs) = sync_channel::<Box<dyn Job>>(config.queue_capacity);
        std::thread::Builder::new()
            .name("sanbao-writer".into())
            .spawn(move || {
                raise_priority();
                run(&db, clock.as_ref(), &jobs, config)
            })
            .expect("spawn writer thread");
        Self { queue }
    }

    /// Runs `command` in the next group commit and returns its outcome once durable.
    /// `command` gets the transaction view and the batch's time; on a shared database it
    /// may run more than once (a copy per try), only the committed run counts.
    pub async fn execute<T, F>(&self, command: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Overlay<'_>, DateTime<Utc>) -> Result<T> + Clone + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        let job = Box::new(Queued {
            command: Some(command),
            outcome: None,
            reply,
        });
        match self.queue.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(Error::Overloaded),
            Err(TrySendError::Disconnected(_)) => return Err(Error::Internal("writer stopped".into())),
        }
        rx.await
            .unwrap_or_else(|_| Err(Error::Internal("the command failed inside the writer".into())))
    }
}

/// The writer's nice value: about three times the share of a busy CPU that a thread at the
/// default (0) gets, so scanning at the counters stays quick while a report or a
/// reconciliation keeps the other threads busy. Raising it needs `CAP_SYS_NICE`.
pub const WRITER_NICE: i32 = -5;

/// Gives the calling thread [`WRITER_NICE`] if the process may; otherwise it runs at the
/// default priority, and says so once.
fn raise_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = set_thread_nice(WRITER_NICE) {
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            tracing::info!(error = %e, "the writer runs at the default priority: raising it needs CAP_SYS_NICE");
        });
    }
}

/// Sets the calling thread's nice value; an error if the process may not.
#[cfg(target_os = "linux")]
pub fn set_thread_nice(nice: i32) -> std::io::Result<()> {
    // SAFETY: gettid and setpriority take plain integers and touch no memory.
    let set = unsafe {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, nice) == 0
    };
    if set {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

fn run(db: &Db, clock: &dyn Clock, jobs: &Receiver<Box<dyn Job>>, config: WriterConfig) {
    loop {
        let first = match jobs.recv_timeout(IDLE) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => {
                checkpoint(db);
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut batch_jobs = vec![first];
        let deadline = Instant::now() + Duration::from_micros(config.batch_wait_us);
        while batch_jobs.len() < config.batch_max {
            let next = match jobs.try_recv() {
                Ok(job) => Some(job),
                Err(_) if config.batch_wait_us == 0 => None,
                Err(_) => jobs
                    .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                    .ok(),
            };
            match next {
                Some(job) => batch_jobs.push(job),
                None => break,
            }
        }
        commit_group(db, clock.now(), batch_jobs);
    }
}

/// How long the writer waits for a command before it syncs the file (a checkpoint), so
/// the redo log of a server gone quiet is short.
const IDLE: Duration = super::redb_backend::CHECKPOINT;

fn checkpoint(db: &Db) {
    if let Err(e) = db.checkpoint() {
        tracing::error!(error = %e, "checkpoint failed; the redo log still holds the commits");
    }
}

fn commit_group(db: &Db, now: DateTime<Utc>, mut jobs: Vec<Box<dyn Job>>) {
    let retry = db.is_shared();
    let mut tries = 0;
    let failure = loop {
        tries += 1;
        match try_group(db, now, &mut jobs, retry && tries < TRIES) {
            Ok(()) => break None,
            Err(StoreError::Conflict(e)) if retry && tries < TRIES => {
                tracing::debug!(error = %e, tries, "batch lost to a concurrent transaction; running it again");
                let jitter = rand::random::<u64>() % (2_000 << tries);
                std::thread::sleep(Duration::from_micros(1_000 + jitter));
            }
            Err(StoreError::Conflict(e)) => {
                tracing::warn!(error = %e, tries, "batch kept losing to concurrent transactions");
                break Some(None);
            }
            Err(e) => {
                tracing::error!(error = %e, "group commit failed");
                break Some(Some(format!("commit failed: {e}")));
            }
        }
    };
    for job in jobs {
        job.answer(failure.clone().map(|f| match f {
            None => Error::Overloaded,
            Some(e) => Error::Internal(e),
        }));
    }
}

fn try_group(db: &Db, now: DateTime<Utc>, jobs: &mut [Box<dyn Job>], again: bool) -> Result<(), StoreError> {
    let tx = db.begin_write()?;
    let mut batch = tx.batch();
    for job in jobs.iter_mut() {
        job.run(&mut batch, now, again);
    }
    drop(batch);
    tx.commit()
}

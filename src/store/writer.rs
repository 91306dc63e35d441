//! Group commit: one thread owns the write side of the database. Callers queue commands
//! on a bounded channel; the thread blocks for the first, takes whatever else is queued
//! (up to `batch_max`, waiting at most `batch_wait_us` for more), runs each in its own
//! overlay inside one write transaction, commits once with fsync, and only then answers
//! every caller. A refused command leaves the others untouched; a full queue answers
//! `overloaded` at once instead of growing a backlog.

use super::{Batch, Db, Overlay};
use crate::clock::Clock;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
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

/// Called after the commit with its error, if any.
type Reply = Box<dyn FnOnce(Option<&str>) + Send>;
type Job = Box<dyn for<'t> FnOnce(&mut Batch<'t>, DateTime<Utc>) -> Reply + Send>;

/// Handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    queue: SyncSender<Job>,
}

impl Writer {
    /// Starts the writer thread over `db`.
    pub fn start(db: Arc<Db>, clock: Arc<dyn Clock>, config: WriterConfig) -> Self {
        let (queue, jobs) = sync_channel::<Job>(config.queue_capacity);
        std::thread::Builder::new()
            .name("sanbao-writer".into())
            .spawn(move || run(&db, clock.as_ref(), &jobs, config))
            .expect("spawn writer thread");
        Self { queue }
    }

    /// Runs `command` in the next group commit and returns its outcome once durable.
    /// `command` gets the transaction view and the batch's time.
    pub async fn execute<T, F>(&self, command: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Overlay<'_>, DateTime<Utc>) -> Result<T> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |batch: &mut Batch<'_>, now| {
            let outcome = batch.run(|w| command(w, now));
            Box::new(move |commit_error: Option<&str>| {
                let answer = match commit_error {
                    None => outcome,
                    Some(e) => Err(Error::Internal(format!("commit failed: {e}"))),
                };
                let _ = tx.send(answer);
            })
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

fn run(db: &Db, clock: &dyn Clock, jobs: &Receiver<Job>, config: WriterConfig) {
    while let Ok(first) = jobs.recv() {
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

fn commit_group(db: &Db, now: DateTime<Utc>, jobs: Vec<Job>) {
    let tx = match db.begin_write() {
        Ok(tx) => tx,
        Err(e) => {
            tracing::error!(error = %e, "cannot begin write transaction");
            return; // dropping the jobs answers their callers with an internal error
        }
    };
    let mut replies = Vec::with_capacity(jobs.len());
    let mut batch = tx.batch();
    for job in jobs {
        match catch_unwind(AssertUnwindSafe(|| job(&mut batch, now))) {
            Ok(reply) => replies.push(reply),
            Err(_) => tracing::error!("a command panicked; its writes were discarded"),
        }
    }
    drop(batch);
    let error = tx.commit().err().map(|e| e.to_string());
    if let Some(e) = &error {
        tracing::error!(error = %e, "group commit failed");
    }
    for reply in replies {
        reply(error.as_deref());
    }
}

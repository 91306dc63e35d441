//! The redb file behind a storage backend that syncs on a thread of its own, so the sync
//! that ends a checkpoint does not hold the writer.
//!
//! redb ends a durable commit with `sync_data`. This backend hands the sync to its thread
//! and returns; every later change of the file (a write, a new length) first waits for it.
//! So the file passes through the same states on disk as with a sync in place, and a crash
//! leaves what a crash during such a sync would leave. Only the moment a commit is known
//! durable moves: [`Syncs::wait`] tells it, and the redo log keeps every record whose
//! commit a pending sync has not yet made durable.

use redb::backends::FileBackend;
use redb::{BackendError, StorageBackend};
use std::fs::File;
use std::io;
use std::ops::Bound;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// What the backend, its thread and the commit protocol share.
#[derive(Default)]
struct State {
    /// Syncs asked for so far.
    requested: u64,
    /// Syncs done so far (a sync covers every request made before it started).
    done: u64,
    /// The error of a failed sync: the file is no longer known to match its commits.
    failed: Option<String>,
    /// The backend is closing: the thread stops once every sync asked for is done.
    closing: bool,
}

impl State {
    /// An error once a sync has failed.
    fn check(&self) -> io::Result<()> {
        match &self.failed {
            Some(e) => Err(io::Error::other(format!("syncing the database file failed: {e}"))),
            None => Ok(()),
        }
    }
}

/// The count of syncs asked for and done, and a way to wait for them.
#[derive(Clone, Default)]
pub struct Syncs(Arc<(Mutex<State>, Condvar)>);

impl Syncs {
    fn state(&self) -> MutexGuard<'_, State> {
        self.0.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sleep<'a>(&self, state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.0.1.wait(state).unwrap_or_else(|p| p.into_inner())
    }

    fn wake(&self) {
        self.0.1.notify_all();
    }

    /// Waits as long as `pending` holds; an error if a sync failed.
    fn wait_while(&self, pending: impl Fn(&State) -> bool) -> io::Result<()> {
        let mut state = self.state();
        loop {
            state.check()?;
            if !pending(&state) {
                return Ok(());
            }
            state = self.sleep(state);
        }
    }

    /// How many syncs were asked for so far: [`Syncs::wait`] on it waits for them all.
    pub fn requested(&self) -> u64 {
        self.state().requested
    }

    /// Waits until the first `count` syncs are done; an error if a sync failed.
    pub fn wait(&self, count: u64) -> io::Result<()> {
        self.wait_while(|state| state.done < count)
    }

    /// Waits for every sync asked for so far.
    pub fn wait_all(&self) -> io::Result<()> {
        self.wait_while(|state| state.done < state.requested)
    }

    /// The thread's loop: one `fdatasync` for all the requests made before it started.
    fn run(&self, file: File) {
        let mut state = self.state();
        loop {
            if state.done < state.requested && state.failed.is_none() {
                let target = state.requested;
                drop(state);
                let result = file.sync_data();
                state = self.state();
                match result {
                    Ok(()) => state.done = target,
                    Err(e) => state.failed = Some(e.to_string()),
                }
                self.wake();
            } else if state.closing {
                return;
            } else {
                state = self.sleep(state);
            }
        }
    }
}

/// redb's file backend with its syncs made on a thread of their own.
pub struct BackgroundSync {
    file: FileBackend,
    syncs: Syncs,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl std::fmt::Debug for BackgroundSync {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackgroundSync").finish_non_exhaustive()
    }
}

impl BackgroundSync {
    /// The backend over `file`, and the handle to its syncs.
    pub fn new(file: File) -> io::Result<(Self, Syncs)> {
        let syncs = Syncs::default();
        let (for_thread, thread_file) = (syncs.clone(), file.try_clone()?);
        let thread = std::thread::Builder::new()
            .name("sanbao-sync".into())
            .spawn(move || for_thread.run(thread_file))?;
        let file = FileBackend::new(file).map_err(io::Error::other)?;
        let backend = Self {
            file,
            syncs: syncs.clone(),
            thread: Mutex::new(Some(thread)),
        };
        Ok((backend, syncs))
    }
}

impl StorageBackend for BackgroundSync {
    fn len(&self) -> io::Result<u64> {
        self.file.len()
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        self.file.read(offset, out)
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        self.syncs.wait_all()?;
        self.file.set_len(len)
    }

    fn sync_data(&self) -> io::Result<()> {
        let mut state = self.syncs.state();
        state.check()?;
        state.requested += 1;
        self.syncs.wake();
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        self.syncs.wait_all()?;
        self.file.write(offset, data)
    }

    fn close(&self) -> io::Result<()> {
        let settled = self.syncs.wait_all();
        self.syncs.state().closing = true;
        self.syncs.wake();
        if let Some(thread) = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = thread.join();
        }
        self.file.close()?;
        settled
    }

    fn try_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.file.try_lock_range(start, end)
    }

    fn try_lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.file.try_lock_shared_range(start, end)
    }

    fn lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.file.lock_range(start, end)
    }

    fn lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.file.lock_shared_range(start, end)
    }

    fn unlock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.file.unlock_range(start, end)
    }

    fn query_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.file.query_lock_range(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileExt;

    #[test]
    fn a_write_after_a_sync_waits_for_it_and_close_waits_for_every_sync() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file");
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .unwrap();
        let (backend, syncs) = BackgroundSync::new(file.try_clone().unwrap()).unwrap();
        backend.set_len(8).unwrap();
        backend.write(0, &[1; 4]).unwrap();
        backend.sync_data().unwrap();
        backend.sync_data().unwrap();
        assert_eq!(syncs.requested(), 2);
        // The write after the syncs returns only once they are done.
        backend.write(4, &[2; 4]).unwrap();
        assert_eq!(syncs.0.0.lock().unwrap().done, 2);
        syncs.wait_all().unwrap();
        backend.sync_data().unwrap();
        backend.close().unwrap();
        assert_eq!(syncs.0.0.lock().unwrap().done, 3);
        let mut out = [0u8; 8];
        file.read_exact_at(&mut out, 0).unwrap();
        assert_eq!(out, [1, 1, 1, 1, 2, 2, 2, 2]);
    }
}

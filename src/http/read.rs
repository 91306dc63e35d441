//! Reads off the async workers: every list, report and single read runs on tokio's
//! blocking pool against its own snapshot, so a long scan never stalls the workers that
//! accept connections and answer other requests. The one exception is [`short`]: a read
//! of a few keys from one index (one part's stock), which costs less than the hand-off.

use super::AppState;
use crate::error::{Error, Result};
use crate::queries::Snapshot;

/// Runs `query` against a fresh read snapshot on the blocking pool and returns its answer.
pub(super) async fn read<T, F>(s: &AppState, query: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&dyn Snapshot) -> Result<T> + Send + 'static,
{
    let db = s.db.clone();
    tokio::task::spawn_blocking(move || query(&db.read()?))
        .await
        .map_err(|e| Error::Internal(format!("read task failed: {e}")))?
}

/// Runs `query`, a read of a few keys from one index, against a fresh snapshot of a local
/// database right here on the async worker (its pages are in memory or one disk read
/// away, and no lock is held); on a shared database, where every key is a network round
/// trip, it goes to the blocking pool like any other read.
pub(super) async fn short<T, F>(s: &AppState, query: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&dyn Snapshot) -> Result<T> + Send + 'static,
{
    if s.db.is_shared() {
        return read(s, query).await;
    }
    query(&s.db.read()?)
}

/// Runs `query` on the blocking pool with the database itself, for a query that opens its
/// own snapshot (reconciliation shares one between two threads).
pub(super) async fn with_db<T, F>(s: &AppState, query: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&crate::queries::Db) -> Result<T> + Send + 'static,
{
    let db = s.db.clone();
    tokio::task::spawn_blocking(move || query(&db))
        .await
        .map_err(|e| Error::Internal(format!("read task failed: {e}")))?
}

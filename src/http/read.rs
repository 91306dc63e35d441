//! Reads off the async workers: every list, report and single read runs on tokio's
//! blocking pool against its own snapshot, so a long scan never stalls the workers that
//! accept connections and answer other requests.

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

//! Idempotent answers: kept in the same transaction as the command they answer, replayed
//! for a retried request, and forgotten after a week by the server's hourly timer.

use super::Ctx;
use crate::error::Result;
use crate::store::indexes::{self, idempotency_by_time};
use crate::store::keys::Key;
pub use crate::store::repo::IdempotentResponse;
use crate::store::{Overlay, Read, Scan, Table, repo};
use std::ops::Bound;

/// How long a stored idempotent answer is kept for replay.
pub const KEEP_DAYS: i64 = 7;

/// Most answers forgotten in one purge, so one run never holds the writer for long; the
/// next hourly run takes the rest.
pub const PURGE_MAX: usize = 50_000;

/// The key of an idempotent answer: the token, method and path it is scoped to, and the
/// client's key.
pub fn scope(token: &str, method: &str, path: &str, key: &str) -> Vec<u8> {
    Key::new().str(token).str(method).str(path).str(key).into_bytes()
}

/// The answer kept under `scope`, if any.
pub fn stored(r: &dyn Read, scope: &[u8]) -> Result<Option<IdempotentResponse>> {
    Ok(repo::get(r, Table::Idempotency, scope)?)
}

/// Keeps `answer` under `scope`, in the command's own transaction.
pub fn keep(w: &mut Overlay<'_>, scope: Vec<u8>, answer: &IdempotentResponse) -> Result<()> {
    Ok(indexes::put(w, scope, answer)?)
}

/// Forgets answers stored more than `keep_days` ago, at most [`PURGE_MAX`], oldest first,
/// reading only those through the by-time index; returns how many.
pub fn purge(w: &mut Overlay<'_>, ctx: &Ctx, keep_days: i64) -> Result<usize> {
    let cutoff = ctx.now.timestamp() - keep_days * 86_400;
    let expired = Scan {
        start: Bound::Unbounded,
        end: Bound::Excluded(idempotency_by_time(cutoff, &[])),
        reverse: false,
        limit: PURGE_MAX,
    };
    let entries = w.scan(Table::IdempotencyByTime, &expired)?;
    for (k, _) in &entries {
        indexes::delete::<IdempotentResponse>(w, k[8..].to_vec())?;
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;
    use chrono::{Duration, Utc};

    /// Answers older than the window are forgotten with their index entries; newer ones stay.
    #[test]
    fn purge_keeps_the_last_seven_days() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("p.redb")).unwrap();
        let now = Utc::now();
        db.write_once(|w| {
            for (key, age_days) in [(b"old".to_vec(), 8), (b"new".to_vec(), 6)] {
                let r = IdempotentResponse {
                    request_hash: [0; 32],
                    status: 201,
                    body: vec![],
                    stored_at_s: (now - Duration::days(age_days)).timestamp(),
                };
                keep(w, key, &r)?;
            }
            Ok::<_, crate::error::Error>(())
        })
        .unwrap();
        let ctx = Ctx::system("t", now);
        let purged = db.write_once(|w| purge(w, &ctx, KEEP_DAYS)).unwrap();
        assert_eq!(purged, 1);
        let r = db.read().unwrap();
        assert!(r.get(Table::Idempotency, b"old").unwrap().is_none());
        assert!(r.get(Table::Idempotency, b"new").unwrap().is_some());
        assert_eq!(r.scan(Table::IdempotencyByTime, &Scan::all()).unwrap().len(), 1);
        let again = db.write_once(|w| purge(w, &ctx, KEEP_DAYS)).unwrap();
        assert_eq!(again, 0);
    }
}

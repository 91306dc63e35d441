//! Housekeeping the server runs on its daily timer.

use super::Ctx;
use crate::error::Result;
use crate::store::repo::{IdempotentResponse, decode_all};
use crate::store::{Overlay, Read, Scan, Table};

/// How long a stored idempotent answer is kept for replay.
pub const IDEMPOTENCY_KEEP_DAYS: i64 = 7;

/// Forgets idempotent answers stored more than `keep_days` ago; returns how many.
pub fn purge_idempotency(w: &mut Overlay<'_>, ctx: &Ctx, keep_days: i64) -> Result<usize> {
    let cutoff = ctx.now.timestamp() - keep_days * 86_400;
    let old: Vec<Vec<u8>> = decode_all::<IdempotentResponse>(w.scan(Table::Idempotency, &Scan::all())?)?
        .into_iter()
        .filter(|(_, r)| r.stored_at_s < cutoff)
        .map(|(k, _)| k)
        .collect();
    let n = old.len();
    for key in old {
        w.delete(Table::Idempotency, key);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::repo::{self, IdempotentResponse};
    use crate::store::{Db, Table};
    use chrono::{Duration, Utc};

    /// Answers older than the window are forgotten; newer ones stay.
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
                repo::put(w, Table::Idempotency, key, &r);
            }
            Ok::<_, crate::error::Error>(())
        })
        .unwrap();
        let ctx = Ctx::system("t", now);
        let purged = db
            .write_once(|w| purge_idempotency(w, &ctx, IDEMPOTENCY_KEEP_DAYS))
            .unwrap();
        assert_eq!(purged, 1);
        let r = db.read().unwrap();
        assert!(r.get(Table::Idempotency, b"old").unwrap().is_none());
        assert!(r.get(Table::Idempotency, b"new").unwrap().is_some());
    }
}

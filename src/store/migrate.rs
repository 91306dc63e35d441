//! Copies every record of one database into another, either way between redb and
//! PostgreSQL, from one read snapshot of the source, in chunks so neither side holds it
//! all at once.

use super::{Db, Read, Scan, StoreError, StoreResult, Table};

/// Records written per target transaction.
const CHUNK: usize = 5_000;

/// Records in the source, for a progress bar: one snapshot, every table.
pub fn count(from: &Db) -> StoreResult<u64> {
    let snapshot = from.read()?;
    let mut n = 0u64;
    for table in Table::ALL {
        snapshot.visit(table, &Scan::all(), &mut |_, _| {
            n += 1;
            Ok(true)
        })?;
    }
    Ok(n)
}

/// Copies `from` into `to`, which must hold no record yet (only the schema facts every
/// new database starts with); calls `progress` with the records copied so far.
pub fn copy(from: &Db, to: &Db, progress: &mut dyn FnMut(u64)) -> StoreResult<()> {
    {
        let target = to.read()?;
        for table in Table::ALL.into_iter().filter(|t| *t != Table::Meta) {
            if !target.scan(table, &Scan::all().limit(1))?.is_empty() {
                return Err(StoreError::Backend(format!(
                    "the target already holds records (table {}); migrate only into a new database",
                    table.name()
                )));
            }
        }
    }
    let snapshot = from.read()?;
    let mut done = 0u64;
    for table in Table::ALL {
        let mut after = None;
        loop {
            let pairs = snapshot.scan(table, &Scan::all().after(after.take()).limit(CHUNK))?;
            let Some((last, _)) = pairs.last() else { break };
            after = Some(last.clone());
            let full = pairs.len() == CHUNK;
            let n = pairs.len() as u64;
            to.write_once(|w| {
                for (k, v) in pairs {
                    w.put(table, k, v);
                }
                Ok::<(), StoreError>(())
            })?;
            done += n;
            progress(done);
            if !full {
                break;
            }
        }
    }
    Ok(())
}

/// The first difference between two databases, record by record, if any.
pub fn first_difference(a: &Db, b: &Db) -> StoreResult<Option<String>> {
    let (ra, rb) = (a.read()?, b.read()?);
    for table in Table::ALL {
        let mut after = None;
        loop {
            let scan = Scan::all().after(after.take()).limit(CHUNK);
            let (pa, pb) = (ra.scan(table, &scan)?, rb.scan(table, &scan)?);
            if pa != pb {
                let at = pa
                    .iter()
                    .zip(&pb)
                    .position(|(x, y)| x != y)
                    .unwrap_or(pa.len().min(pb.len()));
                return Ok(Some(format!(
                    "table {} differs at record {at} of a chunk",
                    table.name()
                )));
            }
            match pa.last() {
                Some((last, _)) if pa.len() == CHUNK => after = Some(last.clone()),
                _ => break,
            }
        }
    }
    Ok(None)
}

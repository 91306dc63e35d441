//! Builds a large database for benchmarks through the real commands: the demo master data
//! first, then receipts into the central warehouse and direct transfers to the service
//! stations until the stock ledger holds the wanted number of entries. Many commands
//! share one durable transaction, each in its own overlay, exactly as under group commit,
//! so the result reconciles like any database the server wrote.

use crate::commands::receipts::{ReceiptInput, ReceiptLineInput};
use crate::commands::transfers::{ScanLine, TransferInput};
use crate::commands::{Ctx, receipts, transfers};
use crate::domain::documents::TransferMode;
use crate::domain::money::Fen;
use crate::error::Result;
use crate::fixtures;
use crate::store::{Db, repo};
use chrono::{DateTime, Utc};
use std::io::{IsTerminal, Write};
use std::time::Instant;

/// Ledger entries written per transaction.
pub const ENTRIES_PER_COMMIT: u64 = 20_000;

/// Where receipts go and transfers leave from.
pub const WAREHOUSE: &str = "WH-01";
/// Where direct transfers arrive, in turn.
pub const STATIONS: [&str; 3] = ["ST-D001", "ST-D002", "ST-D003"];

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Ledger entries before the run.
    pub before: u64,
    /// Ledger entries after the run.
    pub after: u64,
    /// Receipts posted.
    pub receipts: u64,
    /// Transfers shipped.
    pub transfers: u64,
}

/// A small deterministic generator (SplitMix64): the same run builds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Progress on stderr: a bar redrawn in place on a terminal, a line per tenth otherwise.
struct Progress {
    total: u64,
    started: Instant,
    tty: bool,
    last_tenth: u64,
}

impl Progress {
    fn new(total: u64) -> Self {
        Self {
            total,
            started: Instant::now(),
            tty: std::io::stderr().is_terminal(),
            last_tenth: 0,
        }
    }

    fn show(&mut self, done: u64) {
        let total = self.total.max(1);
        let tenth = done * 10 / total;
        if !self.tty && tenth == self.last_tenth && done < total {
            return;
        }
        self.last_tenth = tenth;
        const WIDTH: u64 = 30;
        let filled = (done * WIDTH / total) as usize;
        let secs = self.started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let bar = format!(
            "[{}{}] {:>3}% {done}/{} entries, {rate:.0}/s",
            "#".repeat(filled),
            ".".repeat(WIDTH as usize - filled),
            done * 100 / total,
            self.total,
        );
        let mut err = std::io::stderr().lock();
        let _ = if self.tty {
            write!(err, "\r{bar}")
        } else {
            writeln!(err, "{bar}")
        };
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.tty {
            eprintln!();
        }
    }
}

fn receipt(part_no: &str, qty: i64, unit_cost_fen: i64) -> ReceiptInput {
    ReceiptInput {
        location: WAREHOUSE.into(),
        supplier: None,
        reference: None,
        lines: vec![ReceiptLineInput {
            part_no: Some(part_no.into()),
            barcode: None,
            qty,
            unit_cost_fen: Fen(unit_cost_fen),
        }],
    }
}

fn transfer(part_no: &str, to: &str, qty: i64) -> TransferInput {
    TransferInput {
        from: WAREHOUSE.into(),
        to: to.into(),
        mode: TransferMode::Direct,
        lines: vec![ScanLine {
            part_no: Some(part_no.into()),
            barcode: None,
            qty,
        }],
    }
}

/// Loads the demo data (unless present) and posts commands until the stock ledger holds
/// at least `entries` entries. A receipt of one line writes one entry; a direct transfer
/// of one line writes two. `now` is the time stamped on every record.
pub fn run(db: &Db, entries: u64, now: DateTime<Utc>, show_progress: bool) -> Result<Generated> {
    fixtures::load_demo(db, now)?;
    let before = repo::counter(&db.read()?, "stock_ledger")?;
    let parts: Vec<String> = fixtures::demo().parts.into_iter().map(|p| p.part_no).collect();
    let ctx = Ctx::system("generator", now);
    let mut rng = Rng(before ^ 0x5A4E_BA00);
    let mut progress = Progress::new(entries.saturating_sub(before));
    let mut out = Generated {
        before,
        after: before,
        receipts: 0,
        transfers: 0,
    };
    while out.after < entries {
        let tx = db.begin_write()?;
        let mut batch = tx.batch();
        let commit_at = (out.after + ENTRIES_PER_COMMIT).min(entries);
        while out.after < commit_at {
            let part = &parts[rng.below(parts.len() as u64) as usize];
            let qty = 1 + rng.below(10) as i64;
            let cost = 100 + rng.below(50_000) as i64;
            batch.run(|w| receipts::post(w, &ctx, receipt(part, qty, cost)))?;
            out.receipts += 1;
            out.after += 1;
            // About one receipt in three is followed by a direct transfer of part of it.
            if out.after + 2 <= commit_at && rng.below(3) == 0 {
                let to = STATIONS[rng.below(STATIONS.len() as u64) as usize];
                let moved = 1 + rng.below(qty as u64) as i64;
                batch.run(|w| transfers::ship(w, &ctx, transfer(part, to, moved)))?;
                out.transfers += 1;
                out.after += 2;
            }
        }
        drop(batch);
        tx.commit()?;
        if show_progress {
            progress.show(out.after - before);
        }
    }
    if show_progress {
        progress.finish();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queries::reconciliation;

    #[test]
    fn generated_database_holds_the_entries_and_reconciles() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("g.redb")).unwrap();
        let now = Utc::now();
        let first = run(&db, 1_500, now, false).unwrap();
        assert_eq!(first.after, 1_500);
        assert!(first.receipts > 0 && first.transfers > 0, "{first:?}");
        let r = db.read().unwrap();
        assert_eq!(repo::counter(&r, "stock_ledger").unwrap(), 1_500);
        let report = reconciliation::run(&r).unwrap();
        assert!(report.balanced, "{:?}", report.differences);
        assert_eq!(report.checked.stock_entries, 1_500);
        drop(r);
        // Asking for fewer entries than held changes nothing; more tops the ledger up.
        assert_eq!(run(&db, 10, now, false).unwrap().after, 1_500);
        assert_eq!(run(&db, 1_600, now, false).unwrap().after, 1_600);
    }
}

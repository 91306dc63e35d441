//! Group commit keeps each command's outcome separate: a refused command in a batch
//! leaves the accepted ones posted and itself posts nothing.

use chrono::{TimeZone, Utc};
use sanbao::clock::ManualClock;
use sanbao::commands::master::{LocationInput, PartInput};
use sanbao::commands::receipts::{ReceiptInput, ReceiptLineInput};
use sanbao::commands::transfers::{ScanLine, TransferInput};
use sanbao::commands::{Ctx, master, receipts, transfers};
use sanbao::domain::documents::TransferMode;
use sanbao::domain::master::LocationKind;
use sanbao::domain::money::Fen;
use sanbao::error::Error;
use sanbao::queries::reconciliation;
#[cfg(target_os = "linux")]
use sanbao::store::writer::{WRITER_NICE, set_thread_nice};
use sanbao::store::writer::{Writer, WriterConfig};
use sanbao::store::{Db, repo};
use std::sync::Arc;

fn setup() -> (tempfile::TempDir, Arc<Db>) {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Db::open(&dir.path().join("g.redb")).unwrap());
    let ctx = Ctx::system("t", Utc::now());
    db.write_once(|w| {
        master::ensure_in_transit(w, &ctx)?;
        for code in ["WH-01", "WH-02"] {
            let loc = LocationInput {
                code: code.into(),
                name: code.into(),
                kind: LocationKind::Warehouse,
                dealer: None,
            };
            master::create_location(w, &ctx, loc)?;
        }
        let part = PartInput {
            part_no: "P-1".into(),
            name: "Part".into(),
            unit: "pc".into(),
            barcodes: vec![],
            standard_cost_fen: Fen(100),
            dealer_price_fen: Fen(120),
            supplier: None,
            warranty_covered: false,
            return_required: false,
            wear_part: false,
        };
        master::create_part(w, &ctx, part)?;
        let line = ReceiptLineInput {
            part_no: Some("P-1".into()),
            barcode: None,
            qty: 5,
            unit_cost_fen: Fen(100),
        };
        receipts::post(
            w,
            &ctx,
            ReceiptInput {
                location: "WH-01".into(),
                supplier: None,
                reference: None,
                lines: vec![line],
            },
        )?;
        Ok::<_, Error>(())
    })
    .unwrap();
    (dir, db)
}

fn transfer(qty: i64) -> TransferInput {
    TransferInput {
        from: "WH-01".into(),
        to: "WH-02".into(),
        mode: TransferMode::Direct,
        lines: vec![ScanLine {
            part_no: Some("P-1".into()),
            barcode: None,
            qty,
        }],
    }
}

/// Three transfers queued together land in one commit: the over-issue is refused, the
/// other two post, and the books reconcile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_command_in_a_batch_leaves_the_others_posted() {
    let (_dir, db) = setup();
    let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()));
    // The writer waits up to 2 s for three commands, so all three share one transaction.
    let config = WriterConfig {
        queue_capacity: 16,
        batch_max: 3,
        batch_wait_us: 2_000_000,
    };
    let writer = Writer::start(db.clone(), clock, config);
    let run = |qty: i64| {
        let writer = writer.clone();
        tokio::spawn(async move {
            writer
                .execute(move |w, now| transfers::ship(w, &Ctx::system("t", now), transfer(qty)))
                .await
        })
    };
    let (a, b, c) = (run(2), run(9), run(3));
    let (a, b, c) = (a.await.unwrap(), b.await.unwrap(), c.await.unwrap());
    assert!(a.is_ok() && c.is_ok(), "{a:?} {c:?}");
    assert!(matches!(b, Err(Error::InsufficientStock { requested: 9, .. })), "{b:?}");
    let r = db.read().unwrap();
    assert_eq!(repo::balance(&r, "P-1", "WH-01").unwrap().qty, 0);
    assert_eq!(repo::balance(&r, "P-1", "WH-02").unwrap().qty, 5);
    assert_eq!(
        repo::counter(&r, "TR").unwrap(),
        2,
        "the refused command took no number"
    );
    assert!(reconciliation::run(&r).unwrap().balanced);
}

/// A writer that takes one command at a time, with room for one more to wait.
fn one_at_a_time(db: Arc<Db>) -> Writer {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let config = WriterConfig {
        queue_capacity: 1,
        batch_max: 1,
        batch_wait_us: 0,
    };
    Writer::start(db, clock, config)
}

/// When the queue is full, callers are refused with `overloaded` at once.
#[tokio::test]
async fn full_queue_answers_overloaded() {
    let (_dir, db) = setup();
    let writer = one_at_a_time(db);
    let (release, gate) = std::sync::mpsc::channel::<()>();
    let gate = Arc::new(std::sync::Mutex::new(gate));
    // The first command blocks the writer until released; the second fills the queue.
    let w1 = writer.clone();
    let first = tokio::spawn(async move {
        w1.execute(move |_, _| {
            gate.lock().unwrap().recv().ok();
            Ok(())
        })
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let w2 = writer.clone();
    let second = tokio::spawn(async move { w2.execute(|_, _| Ok(())).await });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let third = writer.execute(|_, _| Ok(())).await;
    assert_eq!(third, Err(Error::Overloaded));
    release.send(()).unwrap();
    assert!(first.await.unwrap().is_ok());
    assert!(second.await.unwrap().is_ok());
}

/// The writer thread runs at `WRITER_NICE` when the process may raise a thread's priority,
/// and at the priority it was started with otherwise.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_writer_runs_at_a_raised_priority_when_the_process_may() {
    let (_dir, db) = setup();
    let writer = one_at_a_time(db);
    // The command runs on the writer thread, so it reads that thread's own priority.
    let writers = writer.execute(|_, _| Ok(own_nice())).await.unwrap();
    let (default, may) = std::thread::spawn(|| {
        let default = own_nice();
        (default, set_thread_nice(WRITER_NICE).is_ok())
    })
    .join()
    .unwrap();
    assert_eq!(writers, if may { WRITER_NICE } else { default });
}

/// The calling thread's nice value, field 19 of its `/proc` stat line.
#[cfg(target_os = "linux")]
fn own_nice() -> i32 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    // The fields after the name in parentheses start at field 3.
    let after_name = &stat[stat.rfind(')').unwrap() + 1..];
    after_name.split_whitespace().nth(19 - 3).unwrap().parse().unwrap()
}

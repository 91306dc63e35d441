//! Two writers (as two instances have) on one PostgreSQL database, both incrementing the
//! same counter: batches that lose the serializable race are run again whole against
//! fresh reads, so no increment is lost or applied twice. Runs when the suite is
//! switched to PostgreSQL (`SANBAO_TEST_STORE`).

mod common;

use chrono::Utc;
use sanbao::clock::ManualClock;
use sanbao::error::Error;
use sanbao::store::writer::{Writer, WriterConfig};
use sanbao::store::{Db, Read, Table};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const KEY: &[u8] = b"test-counter";

fn counter(r: &dyn Read) -> u64 {
    r.get(Table::Meta, KEY)
        .unwrap()
        .map(|v| u64::from_be_bytes(v.try_into().unwrap()))
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicting_batches_are_run_again_whole() {
    let Some(base) = common::test_store() else {
        eprintln!(
            "skipped: runs when the suite is switched to PostgreSQL ({})",
            common::STORE_SWITCH
        );
        return;
    };
    let url = common::fresh_pg_url(&base);
    let (a, b) = (
        Arc::new(Db::open_store(&url).unwrap()),
        Arc::new(Db::open_store(&url).unwrap()),
    );
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let config = WriterConfig::default();
    let writers = [
        Writer::start(a.clone(), clock.clone(), config),
        Writer::start(b.clone(), clock.clone(), config),
    ];
    let runs = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for i in 0..200 {
        let (writer, runs) = (writers[i % 2].clone(), runs.clone());
        tasks.push(tokio::spawn(async move {
            writer
                .execute(move |w, _| {
                    runs.fetch_add(1, Ordering::Relaxed);
                    let n = counter(&*w);
                    w.put(Table::Meta, KEY.to_vec(), (n + 1).to_be_bytes().to_vec());
                    Ok(())
                })
                .await
        }));
    }
    let (mut done, mut overloaded) = (0u64, 0u64);
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => done += 1,
            Err(Error::Overloaded) => overloaded += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(done + overloaded, 200);
    assert!(done > 0);
    // Every acknowledged increment is there once, read through either instance.
    assert_eq!(counter(&a.read().unwrap()), done);
    assert_eq!(counter(&b.read().unwrap()), done);
    println!(
        "200 increments from two writers: {done} committed, {overloaded} overloaded, {} command runs",
        runs.load(Ordering::Relaxed)
    );
}

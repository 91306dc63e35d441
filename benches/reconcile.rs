//! Reconciliation of a database of 100,000 stock-ledger entries (and their journal),
//! built once per run with the generator: every check, in turn on one thread (as the HTTP
//! endpoint runs it) and split over two threads sharing one snapshot (as `sanbao check`).
//!
//! `cargo bench --bench reconcile` (add `-- --quick` for a short run).

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use sanbao::queries::reconciliation;
use sanbao::store::Db;
use std::time::Duration;

const ENTRIES: u64 = 100_000;

fn reconcile(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = Db::open(&dir.path().join("reconcile.redb")).expect("database");
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap();
    sanbao::generate::run(&db, ENTRIES, now, false).expect("generated data");
    let tx = db.read().expect("snapshot");
    let report = reconciliation::run(&tx).expect("reconciliation");
    assert!(report.balanced, "{:?}", report.differences);
    assert_eq!(report.checked.stock_entries, ENTRIES);

    let mut g = c.benchmark_group("reconcile_100k");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("one_thread", |b| b.iter(|| reconciliation::run(&tx).unwrap()));
    g.bench_function("snapshot", |b| b.iter(|| reconciliation::run_snapshot(&tx).unwrap()));
    g.finish();
}

criterion_group!(benches, reconcile);
criterion_main!(benches);

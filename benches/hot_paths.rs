//! Micro-benchmarks of the write path's pieces: valuation, journal postings, key
//! encoding, record encoding, and whole receipt commands on a temporary database.
//!
//! `cargo bench --bench hot_paths` (add `-- --quick` for a short run).

use chrono::{TimeZone, Utc};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use sanbao::commands::idempotency::{self, IdempotentResponse};
use sanbao::commands::receipts::{self, ReceiptInput, ReceiptLineInput};
use sanbao::commands::{Ctx, master};
use sanbao::domain::ids::PartNo;
use sanbao::domain::ledger::{Posting, StockEntry, accounts};
use sanbao::domain::master::{LocationKind, Part};
use sanbao::domain::money::Fen;
use sanbao::domain::stock::{Balance, share};
use sanbao::http::dto::stock::Receipt as ReceiptDto;
use sanbao::store::keys::Key;
use sanbao::store::{Db, codec};
use std::hint::black_box;

/// The allocator the server runs with (`src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn valuation(c: &mut Criterion) {
    let mut g = c.benchmark_group("valuation");
    g.bench_function("share", |b| {
        b.iter(|| share(black_box(Fen(1_234_567)), black_box(97), black_box(13)))
    });
    let part = PartNo::from("BC-3519");
    let balance = Balance {
        qty: 97,
        value_fen: Fen(1_234_567),
    };
    g.bench_function("outgoing_value", |b| {
        b.iter(|| black_box(&balance).outgoing_value(black_box(13), &part, "WH-01"))
    });
    g.bench_function("outgoing_value_refused", |b| {
        b.iter(|| black_box(&balance).outgoing_value(black_box(98), &part, "WH-01"))
    });
    g.finish();
}

fn posting(c: &mut Criterion) {
    c.bench_function("posting/receipt_into_lines", |b| {
        b.iter(|| {
            Posting::new()
                .debit(accounts::inventory(black_box("WH-01")), black_box(Fen(32_000)))
                .credit(accounts::GRNI, black_box(Fen(32_000)))
                .into_lines()
        })
    });
}

fn keys(c: &mut Criterion) {
    let mut g = c.benchmark_group("keys");
    g.bench_function("stock_key", |b| {
        b.iter(|| {
            Key::new()
                .str(black_box("BC-3519"))
                .str(black_box("WH-01"))
                .into_bytes()
        })
    });
    g.bench_function("indexed_seq_key", |b| {
        b.iter(|| {
            Key::new()
                .str(black_box("inventory:WH-01"))
                .u64(black_box(1_234_567))
                .into_bytes()
        })
    });
    g.finish();
}

fn entry() -> StockEntry {
    StockEntry {
        seq: 1_234_567,
        part_no: "BC-3519".into(),
        location: "WH-01".into(),
        qty_delta: 1,
        value_delta_fen: Fen(32_000),
        qty_after: 42,
        value_after_fen: Fen(1_344_000),
        document: "RC-123456".into(),
        actor: "demo-clerk".into(),
        at: Utc.with_ymd_and_hms(2026, 9, 15, 8, 30, 0).unwrap(),
    }
}

fn part() -> Part {
    Part {
        part_no: "BC-3519".into(),
        name: "Brake chamber T24/30".into(),
        unit: "pc".into(),
        barcodes: vec!["6901234535190".into()],
        standard_cost_fen: Fen(32_000),
        dealer_price_fen: Fen(38_000),
        supplier: Some("S-03".into()),
        warranty_covered: true,
        return_required: true,
        wear_part: false,
        version: 1,
        updated_at: Utc.with_ymd_and_hms(2026, 9, 15, 8, 30, 0).unwrap(),
    }
}

fn records(c: &mut Criterion) {
    let mut g = c.benchmark_group("codec");
    let e = entry();
    let e_bytes = codec::encode(&e);
    g.bench_function("encode_stock_entry", |b| b.iter(|| codec::encode(black_box(&e))));
    g.bench_function("decode_stock_entry", |b| {
        b.iter(|| codec::decode::<StockEntry>(black_box(&e_bytes)).unwrap())
    });
    let p = part();
    let p_bytes = codec::encode(&p);
    g.bench_function("encode_part", |b| b.iter(|| codec::encode(black_box(&p))));
    g.bench_function("decode_part", |b| {
        b.iter(|| codec::decode::<Part>(black_box(&p_bytes)).unwrap())
    });
    g.finish();
}

fn receipt(part_no: &str) -> ReceiptInput {
    ReceiptInput {
        location: "WH-01".into(),
        supplier: None,
        reference: None,
        lines: vec![ReceiptLineInput {
            part_no: Some(part_no.into()),
            barcode: None,
            qty: 1,
            unit_cost_fen: Fen(32_000),
        }],
    }
}

/// A database with one warehouse and `parts` parts.
fn database(parts: usize) -> (tempfile::TempDir, Db, Vec<String>) {
    database_in(tempfile::tempdir().unwrap(), parts)
}

/// The same, in `dir`.
fn database_in(dir: tempfile::TempDir, parts: usize) -> (tempfile::TempDir, Db, Vec<String>) {
    let db = Db::open(&dir.path().join("bench.redb")).unwrap();
    let ctx = Ctx::system("bench", Utc::now());
    let part_nos: Vec<String> = (0..parts).map(|i| format!("P-{i:04}")).collect();
    db.write_once(|w| {
        master::ensure_in_transit(w, &ctx)?;
        let loc = master::LocationInput {
            code: "WH-01".into(),
            name: "Warehouse".into(),
            kind: LocationKind::Warehouse,
            dealer: None,
        };
        master::create_location(w, &ctx, loc)?;
        for p in &part_nos {
            let input = master::PartInput {
                part_no: p.clone().into(),
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
            master::create_part(w, &ctx, input)?;
        }
        Ok::<_, sanbao::error::Error>(())
    })
    .unwrap();
    (dir, db, part_nos)
}

fn commands(c: &mut Criterion) {
    let (_dir, db, parts) = database(220);
    let ctx = Ctx::system("bench", Utc::now());
    let mut g = c.benchmark_group("receipt");
    g.sample_size(20);
    let mut i = 0usize;
    // One receipt per durable transaction: dominated by the fsync.
    g.bench_function("one_per_durable_commit", |b| {
        b.iter(|| {
            i += 1;
            db.write_once(|w| receipts::post(w, &ctx, receipt(&parts[i % parts.len()])))
                .unwrap()
        })
    });
    // A group commit of 100 receipts, each in its own overlay.
    g.bench_function("batch_of_100_one_commit", |b| {
        b.iter_batched(
            || (),
            |()| {
                let tx = db.begin_write().unwrap();
                let mut batch = tx.batch();
                for _ in 0..100 {
                    i += 1;
                    batch
                        .run(|w| receipts::post(w, &ctx, receipt(&parts[i % parts.len()])))
                        .unwrap();
                }
                drop(batch);
                tx.commit().unwrap();
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// The writer's cost per receipt on the full product path: each receipt in its own
/// overlay, its answer serialised and kept as an idempotent answer, every batch one
/// durable commit (as the group-commit writer runs them: a synced redo-log record, and
/// the file synced every 50 ms), at three batch sizes. The disk's syncs weigh on those, so
/// the same runs again on a file in memory (`/dev/shm`, where there is one), where a sync
/// costs next to nothing: that is the writer's CPU alone.
fn writer(c: &mut Criterion) {
    writer_batches(c, "writer", database(220));
    if let Ok(dir) = tempfile::tempdir_in("/dev/shm") {
        writer_batches(c, "writer_in_memory", database_in(dir, 220));
    }
}

fn writer_batches(c: &mut Criterion, group: &str, (_dir, db, parts): (tempfile::TempDir, Db, Vec<String>)) {
    let ctx = Ctx::system("bench", Utc::now());
    let mut g = c.benchmark_group(group);
    g.sample_size(20);
    let mut i = 0usize;
    for size in [1usize, 16, 64] {
        g.throughput(Throughput::Elements(size as u64));
        g.bench_function(format!("receipts_per_durable_batch_{size}"), |b| {
            b.iter(|| {
                let tx = db.begin_write().unwrap();
                let mut batch = tx.batch();
                for _ in 0..size {
                    i += 1;
                    let scope = idempotency::scope("bench", "POST", "/api/v1/stock/receipts", &i.to_string());
                    batch
                        .run(|w| {
                            let out = receipts::post(w, &ctx, receipt(&parts[i % parts.len()]))?;
                            let body = serde_json::to_vec(&ReceiptDto::from(out)).unwrap();
                            let answer = IdempotentResponse {
                                request_hash: [7; 32],
                                status: 201,
                                body: body.clone(),
                                stored_at_s: ctx.now.timestamp(),
                            };
                            idempotency::keep(w, scope, &answer)?;
                            Ok::<_, sanbao::error::Error>(body)
                        })
                        .unwrap();
                }
                drop(batch);
                tx.commit().unwrap();
            })
        });
    }
    g.finish();
}

criterion_group!(benches, valuation, posting, keys, records, commands, writer);
criterion_main!(benches);

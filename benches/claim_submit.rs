//! How long one claim submit takes on a database that already holds many old-part tags.
//!
//! Builds the demo database, then files and submits dealer-stock claims of return-required
//! parts through the real commands until `SANBAO_TAGS` tags exist (default 100,000), then
//! times `SANBAO_RUNS` (default 30) submits of a one-part claim, each in its own durable
//! transaction as the writer would run it. Prints the command time (inside the
//! transaction) and the time including the commit.
//!
//! `cargo bench --bench claim_submit`

use chrono::{Days, Utc};
use sanbao::commands::Ctx;
use sanbao::commands::claims::{self, ClaimInput, ClaimLineInput};
use sanbao::domain::claims::PartSource;
use sanbao::domain::warranty::business_date;
use sanbao::fixtures;
use sanbao::store::{Db, repo};
use std::time::{Duration, Instant};

/// Tags per generated claim (one line of this quantity).
const TAGS_PER_CLAIM: i64 = 500;
/// Claims filed and submitted per transaction while building.
const CLAIMS_PER_COMMIT: usize = 10;
/// Demo units whose registration card came back on time (dealers D001–D003, k = 0–4).
const UNITS: [u64; 15] = [
    1000, 1001, 1002, 1003, 1004, 2000, 2001, 2002, 2003, 2004, 3000, 3001, 3002, 3003, 3004,
];
/// Return-required, covered, non-wear demo parts.
const PARTS: [&str; 8] = [
    "BC-1013", "BC-1014", "BC-1015", "BC-1016", "BC-1017", "BC-1018", "BC-1019", "BC-1020",
];

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The n-th distinct (unit, part, failure date) combination, so no claim is a duplicate.
fn claim(n: u64, qty: i64, today: chrono::NaiveDate) -> ClaimInput {
    let unit = UNITS[(n % UNITS.len() as u64) as usize];
    let rest = n / UNITS.len() as u64;
    let part = PARTS[(rest % PARTS.len() as u64) as usize];
    let days = 1 + rest / PARTS.len() as u64 % 25;
    let repair = today.checked_sub_days(Days::new(days)).expect("a date");
    ClaimInput {
        unit_serial: format!("LZYTBGBW5N1{unit:06}").into(),
        failure_date: repair,
        repair_date: repair,
        usage_km: Some(10_000),
        usage_hours: None,
        fault_code: "BRK-021".into(),
        description: "generated for the benchmark".into(),
        service_report: None,
        lines: vec![ClaimLineInput::Part {
            part_no: part.into(),
            qty,
            source: PartSource::DealerStock,
            requisition: None,
            note: None,
        }],
        kind: Default::default(),
        campaign: None,
        preauthorization: None,
        service_request: None,
    }
}

fn tags(db: &Db) -> u64 {
    repo::counter(&db.read().expect("read"), "OP").expect("counter")
}

fn file_and_submit(db: &Db, ctx: &Ctx, input: ClaimInput) -> (Duration, Duration) {
    let number = db
        .write_once(|w| claims::create(w, ctx, None, input))
        .expect("claim filed")
        .number;
    let started = Instant::now();
    let tx = db.begin_write().expect("write");
    let mut batch = tx.batch();
    let result = batch.run(|w| claims::submit(w, ctx, &number, None)).expect("submitted");
    let command = started.elapsed();
    drop(batch);
    tx.commit().expect("commit");
    assert_eq!(
        result.claim.lines[0].status,
        sanbao::domain::claims::LineStatus::AwaitingOldPart
    );
    (command, started.elapsed())
}

fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<28} median {:>8.2} ms   p90 {:>8.2} ms   min {:>8.2} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[0])
    );
}

fn main() {
    let target = env("SANBAO_TAGS", 100_000);
    let runs = env("SANBAO_RUNS", 30).max(1);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("bench.redb")).expect("open");
    let now = Utc::now();
    let today = business_date(now);
    fixtures::load_demo(&db, now).expect("demo data");
    let ctx = Ctx::system("bench", now);
    let built = Instant::now();
    let mut n = 0;
    while tags(&db) < target {
        let tx = db.begin_write().expect("write");
        let mut batch = tx.batch();
        for _ in 0..CLAIMS_PER_COMMIT {
            let input = claim(n, TAGS_PER_CLAIM, today);
            n += 1;
            batch
                .run(|w| {
                    let c = claims::create(w, &ctx, None, input)?;
                    claims::submit(w, &ctx, &c.number, None)
                })
                .expect("generated claim submitted");
        }
        drop(batch);
        tx.commit().expect("commit");
    }
    println!(
        "built {} old-part tags with {n} claims in {:.1} s",
        tags(&db),
        built.elapsed().as_secs_f64()
    );
    let (mut command, mut total) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (c, t) = file_and_submit(&db, &ctx, claim(n, 1, today));
        n += 1;
        command.push(c);
        total.push(t);
    }
    println!("claim submit on {} tags, {runs} runs:", tags(&db));
    summary("command (in transaction)", command);
    summary("with durable commit", total);
}

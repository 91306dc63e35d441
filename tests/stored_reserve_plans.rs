//! The stored format of reserve plans is pinned like every other record (see
//! `stored_records.rs`): a byte-exact fixture and the status enum's variant positions.
//! The fixture is written once (`WRITE_RECORD_FIXTURES=1 cargo test --test
//! stored_reserve_plans` writes only a missing file) and never regenerated for a released
//! version.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sanbao::domain::reserve_plans::*;
use sanbao::store::codec::{self, Stored};
use sanbao::store::records::reserve_plans as rec;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str, ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/records/{name}_v1.{ext}"))
}

fn t(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, d, h, 0, 0).unwrap()
}

fn sample() -> ReservePlan {
    ReservePlan {
        number: "RP-000042".into(),
        dealer: "D001".into(),
        season_start: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        due_date: NaiveDate::from_ymd_opt(2027, 1, 30).unwrap(),
        status: PlanStatus::Converted,
        lines: vec![
            PlanLine {
                line: 1,
                part_no: "FLT-0042".into(),
                qty: 40,
            },
            PlanLine {
                line: 2,
                part_no: "BC-3519".into(),
                qty: 2,
            },
        ],
        note: Some("春季储备".into()),
        days_late: 3,
        order: Some("SO-000017".into()),
        version: 4,
        created_by: "demo-dealer-D001".into(),
        created_at: t(2, 1),
        submitted_at: Some(t(2, 3)),
        approved_by: Some("demo-finance".into()),
        approved_at: Some(t(3, 1)),
        converted_at: Some(t(3, 2)),
        cancelled_at: None,
        updated_at: t(3, 2),
    }
}

#[test]
fn reserve_plan_has_a_byte_exact_fixture() {
    let name = "reserve_plan";
    let value = sample();
    let (bin, json) = (fixture(name, "bin"), fixture(name, "json"));
    if std::env::var_os("WRITE_RECORD_FIXTURES").is_some() && !bin.exists() {
        std::fs::write(&bin, codec::encode(&value)).unwrap();
        let record: rec::ReservePlanV1 = codec::decode_payload(ReservePlan::KIND, &codec::encode(&value)[1..]).unwrap();
        let pretty = serde_json::to_string_pretty(&serde_json::to_value(record).unwrap()).unwrap();
        std::fs::write(&json, pretty + "\n").unwrap();
    }
    let stored = std::fs::read(&bin).unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    assert_eq!(stored[0], 1, "{name}");
    let record: rec::ReservePlanV1 = codec::decode_payload(ReservePlan::KIND, &stored[1..]).unwrap();
    let expected: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(record).unwrap(),
        expected,
        "{name} decodes to its pinned value"
    );
    let decoded: ReservePlan = codec::decode(&stored).unwrap();
    assert_eq!(decoded, value, "{name} reads back as the value it was written from");
    assert_eq!(codec::encode(&decoded), stored, "{name} encodes back byte for byte");
}

#[test]
fn plan_status_keeps_its_stored_positions() {
    let names: Vec<String> = rec::PlanStatusV1::ALL.iter().map(|v| format!("{v:?}")).collect();
    assert_eq!(names, ["Draft", "Submitted", "Approved", "Converted", "Cancelled"]);
    for (i, v) in rec::PlanStatusV1::ALL.iter().enumerate() {
        let bytes = bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap();
        assert_eq!(bytes, vec![i as u8], "{v:?}");
    }
}

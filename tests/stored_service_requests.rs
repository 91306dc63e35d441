//! The stored format of service requests and the service policy is pinned like every other
//! record (see `stored_records.rs`): a byte-exact fixture of each record type, and every
//! record enum's variant positions. Fixtures are written once
//! (`WRITE_RECORD_FIXTURES=1 cargo test --test stored_service_requests` writes only
//! missing files) and never regenerated for a released version.

use chrono::{DateTime, TimeZone, Utc};
use sanbao::domain::money::Fen;
use sanbao::domain::service_requests::kpi::Targets;
use sanbao::domain::service_requests::standards::ServicePolicy;
use sanbao::domain::service_requests::*;
use sanbao::store::codec::{self, Stored};
use sanbao::store::records::service_requests as rec;
use sanbao::store::records::time::Instant;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str, ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/records/{name}_v1.{ext}"))
}

fn t(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
}

/// Checks (and, when writing, creates) the fixture of `value`: it decodes to the pinned
/// JSON of its record and encodes back byte for byte.
fn check<T: Stored + PartialEq + std::fmt::Debug>(name: &str, value: &T)
where
    T::Record: serde::Serialize,
{
    let (bin, json) = (fixture(name, "bin"), fixture(name, "json"));
    if std::env::var_os("WRITE_RECORD_FIXTURES").is_some() && !bin.exists() {
        std::fs::write(&bin, codec::encode(value)).unwrap();
        let record: T::Record = codec::decode_payload(T::KIND, &codec::encode(value)[1..]).unwrap();
        let pretty = serde_json::to_string_pretty(&serde_json::to_value(record).unwrap()).unwrap();
        std::fs::write(&json, pretty + "\n").unwrap();
    }
    let stored = std::fs::read(&bin).unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    assert_eq!(stored[0], 1, "{name}");
    let record: T::Record = codec::decode_payload(T::KIND, &stored[1..]).unwrap();
    let expected: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(record).unwrap(),
        expected,
        "{name} decodes to its pinned value"
    );
    let decoded: T = codec::decode(&stored).unwrap();
    assert_eq!(&decoded, value, "{name} reads back as the value it was written from");
    assert_eq!(codec::encode(&decoded), stored, "{name} encodes back byte for byte");
}

fn sample() -> ServiceRequest {
    ServiceRequest {
        number: "SV-000042".into(),
        status: RequestStatus::Closed,
        channel: Channel::Letter,
        customer: "哈尔滨公交12路".into(),
        contact: "13800000000".into(),
        unit_serial: Some("LZYTBGBW5N1000123".into()),
        dealer: Some("D001".into()),
        fault_class: FaultClass::ChassisEngine,
        distance_km: 150,
        needs_supplier: true,
        description: "发动机故障灯亮".into(),
        received_at: t(1, 0),
        standards: Standards::default(),
        assignee_kind: Some(AssigneeKind::Department),
        assignee: Some("TECH".into()),
        plan: Some("engineer calls back".into()),
        arranged_at: Some(t(2, 30)),
        arranged_by: Some("demo-clerk".into()),
        checked_at: Some(t(4, 0)),
        checked_by: Some("demo-supervisor".into()),
        check_note: Some("confirmed".into()),
        on_site_at: Some(t(9, 0)),
        answered_at: Some(t(5, 0)),
        resolved_at: Some(t(12, 0)),
        resolution: Some("injector replaced".into()),
        service_reports: vec!["SR-000001".into()],
        requisitions: vec!["RQ-000001".into()],
        claims: vec!["CL-000001".into()],
        follow_up_due_at: Some(t(12, 0) + chrono::Duration::days(7)),
        follow_ups: vec![
            FollowUp {
                at: t(13, 0),
                by: "demo-clerk".into(),
                outcome: FollowUpOutcome::Unreachable,
                satisfaction: None,
                complaint: None,
                service_fault: false,
                note: Some("no answer".into()),
            },
            FollowUp {
                at: t(14, 0),
                by: "demo-clerk".into(),
                outcome: FollowUpOutcome::Reached,
                satisfaction: Some(3),
                complaint: Some("came late".into()),
                service_fault: true,
                note: None,
            },
        ],
        closed_at: Some(t(14, 0)),
        closed_reason: Some(ClosedReason::FollowUpDone),
        cancelled_at: None,
        cancel_reason: None,
        paid: Some(PaidService {
            travel_fen: Fen(15_000),
            wages_fen: Fen(20_000),
            total_fen: Fen(35_000),
            note: Some("coverage ended".into()),
            status: QuoteStatus::Collected,
            quoted_by: "demo-clerk".into(),
            quoted_at: t(6, 0),
            decided_by: Some("demo-supervisor".into()),
            decided_at: Some(t(6, 30)),
            decision_comment: None,
            collected_fen: Some(Fen(35_000)),
            collected_at: Some(t(12, 30)),
            reference: Some("POS-17".into()),
        }),
        created_by: "demo-clerk".into(),
        created_at: t(1, 5),
        updated_at: t(14, 0),
        version: 9,
    }
}

/// Requests are at version 2: the version-1 fixture reads as its record, upgrades to the
/// same request (why it closed told from the follow-up at the closing instant) and is
/// written at version 2, whose own fixture round-trips byte for byte.
fn requests_read_version_1_and_write_version_2(value: &ServiceRequest) {
    let path = |v: u8, ext: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/records/service_request_v{v}.{ext}"))
    };
    let v1 = std::fs::read(path(1, "bin")).unwrap();
    assert_eq!(v1[0], 1);
    let record: rec::ServiceRequestV1 = codec::decode_payload("service_request", &v1[1..]).unwrap();
    let pinned: Value = serde_json::from_slice(&std::fs::read(path(1, "json")).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(record).unwrap(),
        pinned,
        "version 1 decodes to its pinned value"
    );
    let upgraded: ServiceRequest = codec::decode(&v1).unwrap();
    assert_eq!(
        &upgraded, value,
        "version 1 reads back as the request, closed by its follow-up"
    );
    let (bin, json) = (path(2, "bin"), path(2, "json"));
    if std::env::var_os("WRITE_RECORD_FIXTURES").is_some() && !bin.exists() {
        let bytes = codec::encode(value);
        std::fs::write(&bin, &bytes).unwrap();
        let record: rec::ServiceRequestV2 = codec::decode_payload("service_request", &bytes[1..]).unwrap();
        let pretty = serde_json::to_string_pretty(&serde_json::to_value(record).unwrap()).unwrap();
        std::fs::write(&json, pretty + "\n").unwrap();
    }
    let v2 = std::fs::read(&bin).unwrap();
    assert_eq!(v2[0], 2);
    let record: rec::ServiceRequestV2 = codec::decode_payload("service_request", &v2[1..]).unwrap();
    let pinned: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(record).unwrap(),
        pinned,
        "version 2 decodes to its pinned value"
    );
    let decoded: ServiceRequest = codec::decode(&v2).unwrap();
    assert_eq!(&decoded, value);
    assert_eq!(codec::encode(&decoded), v2, "version 2 encodes back byte for byte");
    assert_eq!(
        codec::encode(&upgraded),
        v2,
        "an upgraded request is written at version 2"
    );
    // A version-1 request the desk closed (no call at the closing instant) upgrades as such.
    let mut by_desk = record_v1(&v1);
    by_desk.closed_at = Some(Instant(t(15, 0)));
    assert_eq!(by_desk.upgrade().closed_reason, Some(rec::ClosedReasonV1::ClosedByDesk));
}

fn record_v1(bytes: &[u8]) -> rec::ServiceRequestV1 {
    codec::decode_payload("service_request", &bytes[1..]).unwrap()
}

#[test]
fn service_records_have_byte_exact_fixtures() {
    requests_read_version_1_and_write_version_2(&sample());
    let mut policy = ServicePolicy::default();
    policy.standards.arrange_minutes = 90;
    policy.targets = Targets {
        timeliness_pct: 92,
        satisfaction_pct: 85,
        complaint_pct: 3,
    };
    check("service_policy", &policy);
}

fn names<T: std::fmt::Debug>(variants: &[T]) -> Vec<String> {
    variants.iter().map(|v| format!("{v:?}")).collect()
}

#[test]
fn service_record_enums_keep_their_stored_positions() {
    macro_rules! pinned {
        ($($ty:ty => [$($v:literal),*];)*) => {$({
            let expected: Vec<&str> = vec![$($v),*];
            assert_eq!(names(<$ty>::ALL), expected, stringify!($ty));
            for (i, v) in <$ty>::ALL.iter().enumerate() {
                let bytes = bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap();
                assert_eq!(bytes, vec![i as u8], "{} {v:?}", stringify!($ty));
            }
        })*};
    }
    pinned! {
        rec::ChannelV1 => ["Phone", "Letter", "Visit", "Web"];
        rec::FaultClassV1 => ["Body", "ChassisEngine", "Other"];
        rec::RequestStatusV1 => ["Received", "Arranged", "OnSite", "Resolved", "Closed", "Cancelled"];
        rec::AssigneeKindV1 => ["Dealer", "Department"];
        rec::FollowUpOutcomeV1 => ["Reached", "Unreachable"];
        rec::QuoteStatusV1 => ["Quoted", "Approved", "Rejected", "Collected"];
        rec::ClosedReasonV1 => ["FollowUpDone", "FollowUpUnreachable", "NoFollowUp", "ClosedByDesk"];
    }
}

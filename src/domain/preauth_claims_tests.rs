use super::*;
use crate::domain::preauth::PreauthStatus;
use chrono::{DateTime, TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 2, 0, 0).unwrap()
}

fn unit() -> Unit {
    Unit {
        serial: "LZYTBGBW5N1000123".into(),
        model: "K9-City".into(),
        dealer: "D001".into(),
        customer: "Bus line".into(),
        sale_date: d("2026-03-02"),
        acceptance_date: None,
        built_on: None,
        registration_received_date: None,
        version: 1,
        updated_at: at(),
    }
}

/// Approved for 5,000.00 yuan, usable to 2026-09-30.
fn pa() -> Preauthorization {
    Preauthorization {
        number: "PA-000001".into(),
        dealer: "D001".into(),
        unit_serial: "LZYTBGBW5N1000123".into(),
        fault_code: "BRK-021".into(),
        description: "制动器异响".into(),
        goodwill: false,
        lines: vec![],
        total_fen: Fen(600_000),
        status: PreauthStatus::Reduced,
        approved_fen: Some(Fen(500_000)),
        expires_on: Some(d("2026-09-30")),
        decision_note: None,
        decided_by: None,
        decided_at: None,
        used_by_claim: None,
        requested_by: "TK-000003".into(),
        created_at: at(),
        submitted_at: None,
        updated_at: at(),
        version: 1,
    }
}

fn codes(
    kind: ClaimKind,
    needs: bool,
    cited: Option<&Preauthorization>,
    repair: &str,
    total: i64,
) -> Vec<(&'static str, u32, Severity)> {
    let u = unit();
    let facts = PreauthFacts {
        claim_number: "CL-000009",
        kind,
        unit: &u,
        repair_date: d(repair),
        needs: needs.then(|| "above the threshold".to_owned()),
        cited: cited.map(|p| p.number.as_str()),
        found: cited,
        claim_total: Fen(total),
    };
    findings(&facts, &[1, 2])
        .into_iter()
        .map(|f| (f.code.as_str(), f.line, f.severity))
        .collect()
}

fn first(v: Vec<(&'static str, u32, Severity)>) -> Option<&'static str> {
    v.first().map(|f| f.0)
}

/// Needed and not cited: missing on every line; not needed and not cited: nothing.
#[test]
fn missing_when_needed() {
    assert_eq!(
        codes(ClaimKind::Warranty, true, None, "2026-09-10", 600_000),
        vec![
            ("preauth_missing", 1, Severity::Error),
            ("preauth_missing", 2, Severity::Error)
        ]
    );
    assert!(codes(ClaimKind::Warranty, false, None, "2026-09-10", 600_000).is_empty());
    assert_eq!(
        first(codes(ClaimKind::Goodwill, false, None, "2026-09-10", 100)),
        Some("preauth_missing")
    );
}

/// The expiry day itself is good for the repair; the day after is expired.
#[test]
fn expiry_boundary_on_the_repair_date() {
    let p = pa();
    assert!(codes(ClaimKind::Warranty, true, Some(&p), "2026-09-30", 500_000).is_empty());
    assert_eq!(
        first(codes(ClaimKind::Warranty, true, Some(&p), "2026-10-01", 500_000)),
        Some("preauth_expired")
    );
}

/// Used by another claim: refused; held by this very claim (submitted again): good.
#[test]
fn used_by_another_claim_only() {
    let mut p = pa();
    p.used_by_claim = Some("CL-000001".into());
    assert_eq!(
        first(codes(ClaimKind::Warranty, true, Some(&p), "2026-09-10", 500_000)),
        Some("preauth_used")
    );
    p.used_by_claim = Some("CL-000009".into());
    assert!(codes(ClaimKind::Warranty, true, Some(&p), "2026-09-10", 500_000).is_empty());
}

/// Not approved, another unit: missing; a goodwill claim needs a goodwill one.
#[test]
fn not_approved_other_unit_and_goodwill() {
    let mut p = pa();
    p.status = PreauthStatus::Submitted;
    assert_eq!(
        first(codes(ClaimKind::Warranty, false, Some(&p), "2026-09-10", 1)),
        Some("preauth_missing")
    );
    let mut p = pa();
    p.unit_serial = "LZYTBGBW5N1000999".into();
    assert_eq!(
        first(codes(ClaimKind::Warranty, true, Some(&p), "2026-09-10", 1)),
        Some("preauth_missing")
    );
    let mut p = pa();
    assert_eq!(
        first(codes(ClaimKind::Goodwill, false, Some(&p), "2026-09-10", 1)),
        Some("preauth_missing")
    );
    p.goodwill = true;
    assert!(codes(ClaimKind::Goodwill, false, Some(&p), "2026-09-10", 1).is_empty());
}

/// Exactly the authorized amount passes; one fen more warns on every line.
#[test]
fn over_preauth_boundary() {
    let p = pa();
    assert!(codes(ClaimKind::Warranty, true, Some(&p), "2026-09-10", 500_000).is_empty());
    assert_eq!(
        codes(ClaimKind::Warranty, true, Some(&p), "2026-09-10", 500_001),
        vec![
            ("over_preauth", 1, Severity::Warning),
            ("over_preauth", 2, Severity::Warning)
        ]
    );
}

/// An approval within the room stays; above it is reduced to the room; with nothing left
/// it is rejected; a reduction above the room is refused.
#[test]
fn cap_boundaries() {
    let ok = |o, a, room| cap("lines[0]", o, Fen(a), Fen(room)).unwrap();
    assert_eq!(ok(Outcome::Approve, 300, 300), (Outcome::Approve, Fen(300), false));
    assert_eq!(ok(Outcome::Approve, 301, 300), (Outcome::Reduce, Fen(300), true));
    assert_eq!(ok(Outcome::Approve, 301, 0), (Outcome::Reject, Fen::ZERO, true));
    assert_eq!(ok(Outcome::Reduce, 200, 300), (Outcome::Reduce, Fen(200), false));
    assert_eq!(ok(Outcome::Reject, 0, 0), (Outcome::Reject, Fen::ZERO, false));
    assert!(cap("lines[0]", Outcome::Reduce, Fen(301), Fen(300)).is_err());
}

#[test]
fn coverage_codes() {
    assert!(is_coverage(FindingCode::WarrantyExpired));
    assert!(!is_coverage(FindingCode::DuplicateClaim));
    assert!(!is_coverage(FindingCode::PolicyMissing));
}

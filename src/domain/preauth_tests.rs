use super::*;
use crate::domain::warranty::{CoverageStart, defaults};
use chrono::TimeZone;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 2, 0, 0).unwrap()
}

fn line(kind: LineKind, qty: i64, price: i64) -> EstimateLine {
    EstimateLine {
        line: 1,
        kind,
        part_no: (kind == LineKind::Part).then(|| "BC-3519".into()),
        qty,
        unit_price_fen: Fen(price),
        amount_fen: EstimateLine::amount(kind, qty, Fen(price)),
        note: None,
    }
}

fn pa() -> Preauthorization {
    let lines = vec![line(LineKind::Part, 2, 320_000), line(LineKind::Labor, 90, 8_000)];
    Preauthorization {
        number: "PA-000001".into(),
        dealer: "D001".into(),
        unit_serial: "LZYTBGBW5N1000123".into(),
        fault_code: "BRK-021".into(),
        description: "制动器异响".into(),
        goodwill: false,
        total_fen: total(&lines),
        lines,
        status: PreauthStatus::Draft,
        approved_fen: None,
        expires_on: None,
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

fn policy() -> Policy {
    Policy {
        model: "K9-City".into(),
        effective_from_date: d("2020-01-01"),
        months: 24,
        usage_limit_km: None,
        usage_limit_hours: None,
        coverage_start: CoverageStart::Sale,
        labor_rate_fen: Fen(8_000),
        registration_days: 20,
        filing_days: 30,
        return_days: 30,
        part_overrides: vec![],
        labor_standards: vec![],
        preauth_threshold_fen: Fen(defaults::PREAUTH_THRESHOLD_FEN),
        preauth_parts: vec!["ECU-7000".into()],
        preauth_fault_codes: vec!["ENG-001".into()],
        preauth_valid_days: defaults::PREAUTH_VALID_DAYS,
        max_km_per_day: defaults::MAX_KM_PER_DAY,
        near_expiry_days: defaults::NEAR_EXPIRY_DAYS,
        version: 1,
        updated_at: at(),
    }
}

fn submitted() -> Preauthorization {
    let mut p = pa();
    p.submit(at()).unwrap();
    p
}

/// 2 × ¥3,200.00 + 90 minutes at ¥80.00 an hour = ¥6,520.00.
#[test]
fn estimate_total() {
    assert_eq!(pa().total_fen, Fen(652_000));
    assert_eq!(EstimateLine::amount(LineKind::Labor, 1, Fen(100)), Fen(2));
}

#[test]
fn approve_in_full_expires_after_the_policy_days() {
    let mut p = submitted();
    p.decide(
        "TK-000005",
        at(),
        d("2026-09-01"),
        DecisionInput {
            decision: PreauthDecision::Approve,
            amount_fen: None,
            note: None,
        },
        30,
    )
    .unwrap();
    assert_eq!(p.status, PreauthStatus::Approved);
    assert_eq!(p.approved_fen, Some(Fen(652_000)));
    assert_eq!(p.expires_on, Some(d("2026-10-01")));
    assert_eq!(p.decided_by.as_deref(), Some("TK-000005"));
}

#[test]
fn approve_for_less_reduces_and_needs_a_note() {
    let mut p = submitted();
    let e = p
        .decide(
            "TK-000005",
            at(),
            d("2026-09-01"),
            DecisionInput {
                decision: PreauthDecision::Approve,
                amount_fen: Some(Fen(600_000)),
                note: None,
            },
            30,
        )
        .unwrap_err();
    assert_eq!(e.code(), "validation_failed");
    p.decide(
        "TK-000005",
        at(),
        d("2026-09-01"),
        DecisionInput {
            decision: PreauthDecision::Approve,
            amount_fen: Some(Fen(600_000)),
            note: Some("工时按标准".into()),
        },
        30,
    )
    .unwrap();
    assert_eq!(p.status, PreauthStatus::Reduced);
    assert_eq!(p.approved_fen, Some(Fen(600_000)));
    let mut over = submitted();
    let e = over
        .decide(
            "TK-000005",
            at(),
            d("2026-09-01"),
            DecisionInput {
                decision: PreauthDecision::Approve,
                amount_fen: Some(Fen(652_001)),
                note: None,
            },
            30,
        )
        .unwrap_err();
    assert_eq!(e.code(), "validation_failed");
    // Exactly the total is a full approval.
    over.decide(
        "TK-000005",
        at(),
        d("2026-09-01"),
        DecisionInput {
            decision: PreauthDecision::Approve,
            amount_fen: Some(Fen(652_000)),
            note: None,
        },
        30,
    )
    .unwrap();
    assert_eq!(over.status, PreauthStatus::Approved);
}

#[test]
fn the_requester_never_decides() {
    let mut p = submitted();
    let e = p
        .decide(
            "TK-000003",
            at(),
            d("2026-09-01"),
            DecisionInput {
                decision: PreauthDecision::Approve,
                amount_fen: None,
                note: None,
            },
            30,
        )
        .unwrap_err();
    assert_eq!(e.code(), "self_approval");
    assert_eq!(p.status, PreauthStatus::Submitted);
}

#[test]
fn returned_is_amended_and_resubmitted() {
    let mut p = submitted();
    assert_eq!(
        p.decide(
            "TK-000005",
            at(),
            d("2026-09-01"),
            DecisionInput {
                decision: PreauthDecision::Return,
                amount_fen: None,
                note: None
            },
            30
        )
        .unwrap_err()
        .code(),
        "validation_failed"
    );
    p.decide(
        "TK-000005",
        at(),
        d("2026-09-01"),
        DecisionInput {
            decision: PreauthDecision::Return,
            amount_fen: None,
            note: Some("请补充照片".into()),
        },
        30,
    )
    .unwrap();
    assert_eq!(p.status, PreauthStatus::Returned);
    p.amend(
        "BRK-021".into(),
        "制动器异响，附照片".into(),
        false,
        vec![line(LineKind::Part, 1, 320_000)],
    )
    .unwrap();
    assert_eq!(p.total_fen, Fen(320_000));
    p.submit(at()).unwrap();
    assert_eq!(p.status, PreauthStatus::Submitted);
    // A submitted request is not amended, and a decided one is not cancelled.
    assert_eq!(
        p.amend("BRK-021".into(), "x".into(), false, vec![]).unwrap_err().code(),
        "invalid_state"
    );
    p.decide(
        "TK-000005",
        at(),
        d("2026-09-01"),
        DecisionInput {
            decision: PreauthDecision::Reject,
            amount_fen: None,
            note: Some("非三包故障".into()),
        },
        30,
    )
    .unwrap();
    assert_eq!(p.status, PreauthStatus::Rejected);
    assert_eq!(p.cancel().unwrap_err().code(), "invalid_state");
    assert_eq!(
        p.decide(
            "TK-000005",
            at(),
            d("2026-09-01"),
            DecisionInput {
                decision: PreauthDecision::Approve,
                amount_fen: None,
                note: None
            },
            30
        )
        .unwrap_err()
        .code(),
        "invalid_state"
    );
}

#[test]
fn an_empty_estimate_is_not_submitted_and_a_draft_is_cancelled() {
    let mut p = pa();
    p.lines.clear();
    assert_eq!(p.submit(at()).unwrap_err().code(), "validation_failed");
    p.cancel().unwrap();
    assert_eq!(p.status, PreauthStatus::Cancelled);
}

/// ¥5,000.00 exactly needs none; one fen more does; listed parts and fault codes do.
#[test]
fn needs_preauth_boundaries() {
    let p = policy();
    assert_eq!(needs_preauth(&p, Fen(500_000), &["BC-3519".into()], "BRK-021"), None);
    assert!(
        needs_preauth(&p, Fen(500_001), &[], "BRK-021")
            .unwrap()
            .contains("threshold")
    );
    assert!(
        needs_preauth(&p, Fen(1), &["BC-3519".into(), "ECU-7000".into()], "BRK-021")
            .unwrap()
            .contains("ECU-7000")
    );
    assert!(needs_preauth(&p, Fen(1), &[], "ENG-001").unwrap().contains("ENG-001"));
}

/// Decided 2026-09-01 with 30 days: usable through 2026-10-01, expired on 2026-10-02.
#[test]
fn preauth_usable_until_its_expiry_day() {
    let mut p = submitted();
    p.decide(
        "TK-000005",
        at(),
        d("2026-09-01"),
        DecisionInput {
            decision: PreauthDecision::Approve,
            amount_fen: None,
            note: None,
        },
        30,
    )
    .unwrap();
    let u = unit();
    assert_eq!(preauth_usable(&p, &u, d("2026-10-01")), Ok(()));
    assert_eq!(
        preauth_usable(&p, &u, d("2026-10-02")).unwrap_err().code,
        FindingCode::PreauthExpired
    );
    let mut other = u.clone();
    other.serial = "LZYTBGBW5N1000999".into();
    assert_eq!(
        preauth_usable(&p, &other, d("2026-09-02")).unwrap_err().code,
        FindingCode::PreauthMissing
    );
    p.used_by_claim = Some("CL-000007".into());
    assert_eq!(
        preauth_usable(&p, &u, d("2026-09-02")).unwrap_err().code,
        FindingCode::PreauthUsed
    );
    assert_eq!(
        preauth_usable(&submitted(), &u, d("2026-09-02")).unwrap_err().code,
        FindingCode::PreauthMissing
    );
}

use super::kpi::{Tally, Targets, tenths};
use super::standards::applicable;
use super::*;
use crate::domain::money::Fen;
use chrono::TimeZone;

/// 2026-03-02 at h:m business time (UTC+8).
pub(super) fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, h, m, 0).unwrap() - Duration::hours(8)
}

pub(super) fn request(class: FaultClass, km: i64, supplier: bool) -> ServiceRequest {
    ServiceRequest {
        number: "SV-000001".into(),
        status: RequestStatus::Received,
        channel: Channel::Phone,
        customer: "Harbin Bus Line 12".into(),
        contact: "13800000000".into(),
        unit_serial: None,
        dealer: None,
        fault_class: class,
        distance_km: km,
        needs_supplier: supplier,
        description: "door will not close".into(),
        received_at: at(2, 9, 0),
        standards: Standards::default(),
        assignee_kind: None,
        assignee: None,
        plan: None,
        arranged_at: None,
        arranged_by: None,
        checked_at: None,
        checked_by: None,
        check_note: None,
        on_site_at: None,
        answered_at: None,
        resolved_at: None,
        resolution: None,
        service_reports: vec![],
        requisitions: vec![],
        claims: vec![],
        follow_up_due_at: None,
        follow_ups: vec![],
        closed_at: None,
        closed_reason: None,
        cancelled_at: None,
        cancel_reason: None,
        paid: None,
        created_by: "desk".into(),
        created_at: at(2, 9, 0),
        updated_at: at(2, 9, 0),
        version: 1,
    }
}

pub(super) fn arrange(r: &mut ServiceRequest, t: DateTime<Utc>) {
    r.arrange(t, "desk", AssigneeKind::Dealer, "D001", "technician by 14:00")
        .unwrap();
}

fn standing(r: &ServiceRequest, kind: StandardKind, now: DateTime<Utc>) -> Standing {
    evaluate(r, now)
        .standards
        .iter()
        .find(|m| m.kind == kind)
        .unwrap()
        .standing
}

pub(super) fn reached(satisfaction: u8, complaint: bool) -> FollowUpInput {
    FollowUpInput {
        outcome: FollowUpOutcome::Reached,
        satisfaction: Some(satisfaction),
        complaint: complaint.then(|| "came late".to_string()),
        service_fault: complaint,
        note: None,
    }
}

pub(super) fn unreachable() -> FollowUpInput {
    FollowUpInput {
        outcome: FollowUpOutcome::Unreachable,
        satisfaction: None,
        complaint: None,
        service_fault: false,
        note: None,
    }
}

#[test]
fn which_standards_apply_turns_on_distance_supplier_and_class() {
    let s = Standards::default();
    use StandardKind::*;
    assert_eq!(
        applicable(&s, FaultClass::Body, 100, false),
        vec![Arrange, Check, OnSite]
    );
    assert_eq!(
        applicable(&s, FaultClass::Body, 101, false),
        vec![Arrange, Check, Answer]
    );
    assert_eq!(applicable(&s, FaultClass::Body, 0, true), vec![Arrange, Check, Answer]);
    assert_eq!(
        applicable(&s, FaultClass::ChassisEngine, 5, false),
        vec![Arrange, Check, Contact]
    );
    assert_eq!(applicable(&s, FaultClass::Other, 5, false), vec![Arrange, Check]);
}

#[test]
fn exactly_at_the_limit_is_on_time_one_minute_more_is_not() {
    let mut r = request(FaultClass::Other, 0, false);
    arrange(&mut r, at(2, 11, 0));
    assert_eq!(standing(&r, StandardKind::Arrange, at(2, 12, 0)), Standing::Met);
    let mut late = request(FaultClass::Other, 0, false);
    arrange(&mut late, at(2, 11, 1));
    assert_eq!(standing(&late, StandardKind::Arrange, at(2, 12, 0)), Standing::Missed);
    // The check counts from arranging: 4 h exactly is met.
    r.check(at(2, 15, 0), "office", None).unwrap();
    assert_eq!(standing(&r, StandardKind::Check, at(2, 16, 0)), Standing::Met);
}

#[test]
fn open_standards_are_pending_then_overdue_and_missed_once_finished() {
    let mut r = request(FaultClass::Body, 80, false);
    assert_eq!(standing(&r, StandardKind::Arrange, at(2, 11, 0)), Standing::Pending);
    assert_eq!(standing(&r, StandardKind::Arrange, at(2, 11, 1)), Standing::Overdue);
    let e = evaluate(&r, at(2, 10, 0));
    assert_eq!(e.next_due_at, Some(at(2, 11, 0)));
    assert_eq!(e.on_time, None);
    // The check has no due time before the request is arranged.
    let check = e.standards.iter().find(|m| m.kind == StandardKind::Check).unwrap();
    assert_eq!(check.due_at, None);
    arrange(&mut r, at(2, 10, 0));
    assert_eq!(evaluate(&r, at(2, 10, 0)).next_due_at, Some(at(2, 14, 0)));
    r.answer(at(2, 12, 0)).unwrap();
    r.resolve(at(2, 13, 0), "fixed by phone", Links::default(), 7).unwrap();
    // Never checked, never on site: both missed on a resolved request.
    let e = evaluate(&r, at(2, 13, 0));
    assert_eq!(e.on_time, Some(false));
    assert_eq!(e.next_due_at, None);
    assert_eq!(standing(&r, StandardKind::OnSite, at(2, 13, 0)), Standing::Missed);
}

/// Scenario G, request by request.
#[test]
fn scenario_g_requests_are_measured_as_worked() {
    let mut r1 = request(FaultClass::Body, 80, false);
    arrange(&mut r1, at(2, 10, 30));
    r1.check(at(2, 14, 0), "office", None).unwrap();
    r1.on_site(at(3, 8, 30)).unwrap();
    r1.resolve(at(3, 12, 0), "hinge replaced", Links::default(), 7).unwrap();
    assert_eq!(evaluate(&r1, at(3, 12, 0)).on_time, Some(true));

    let mut r2 = request(FaultClass::ChassisEngine, 30, false);
    arrange(&mut r2, at(2, 11, 30));
    r2.check(at(2, 12, 0), "office", None).unwrap();
    r2.answer(at(2, 13, 0)).unwrap();
    r2.resolve(at(2, 18, 0), "injector replaced", Links::default(), 7)
        .unwrap();
    let e = evaluate(&r2, at(2, 18, 0));
    assert_eq!(e.on_time, Some(false));
    let missed: Vec<_> = e
        .standards
        .iter()
        .filter(|m| m.standing == Standing::Missed)
        .map(|m| m.kind)
        .collect();
    assert_eq!(missed, vec![StandardKind::Arrange]);
    assert_eq!(e.standards[0].minutes, Some(150));

    let mut r3 = request(FaultClass::Body, 150, false);
    arrange(&mut r3, at(2, 10, 0));
    r3.check(at(2, 14, 30), "office", None).unwrap();
    r3.answer(at(2, 20, 0)).unwrap();
    r3.resolve(at(2, 21, 0), "parts on order", Links::default(), 7).unwrap();
    let e = evaluate(&r3, at(2, 21, 0));
    assert_eq!(e.on_time, Some(false));
    assert_eq!(standing(&r3, StandardKind::Answer, at(2, 21, 0)), Standing::Met);
    assert_eq!(standing(&r3, StandardKind::Check, at(2, 21, 0)), Standing::Missed);

    r1.follow_up(at(5, 10, 0), "desk", reached(5, false), 3).unwrap();
    r2.follow_up(at(5, 10, 0), "desk", reached(3, true), 3).unwrap();
    for _ in 0..3 {
        r3.follow_up(at(5, 10, 0), "desk", unreachable(), 3).unwrap();
    }
    let mut t = Tally::default();
    for r in [&r1, &r2, &r3] {
        assert_eq!(r.status, RequestStatus::Closed);
        t.add(r, &evaluate(r, at(6, 0, 0)));
    }
    assert_eq!(
        (t.closed, t.on_time, t.reached, t.satisfied, t.complaints),
        (3, 1, 2, 1, 1)
    );
    assert_eq!(t.timeliness(), Some(333));
    assert_eq!(t.satisfaction(), Some(500));
    assert_eq!(t.complaint(), Some(333));
    assert_eq!(t.meets(&Targets::default()), [Some(false), Some(false), Some(false)]);
}

#[test]
fn rates_round_half_up_and_targets_compare_exact_fractions() {
    assert_eq!(tenths(2, 3), Some(667));
    assert_eq!(tenths(1, 8), Some(125));
    assert_eq!(tenths(1, 2000), Some(1)); // 0.05 % → 0.1 %
    assert_eq!(tenths(0, 0), None);
    let t = Targets::default();
    let tally = |closed, on_time, complaints| Tally {
        closed,
        on_time,
        complaints,
        ..Tally::default()
    };
    assert_eq!(tally(10, 9, 0).meets(&t)[0], Some(true)); // exactly 90 %
    assert_eq!(tally(1000, 899, 0).meets(&t)[0], Some(false));
    assert_eq!(tally(100, 100, 3).meets(&t)[2], Some(false)); // 3 % is not below 3 %
    assert_eq!(tally(101, 100, 3).meets(&t)[2], Some(true));
    assert_eq!(Tally::default().meets(&t), [None, None, None]);
}

#[test]
fn transitions_refuse_the_wrong_state() {
    let mut r = request(FaultClass::Body, 10, false);
    for e in [
        r.clone().on_site(at(2, 10, 0)),
        r.clone().check(at(2, 10, 0), "o", None),
        r.clone().resolve(at(2, 10, 0), "x", Links::default(), 7),
        r.clone().close(at(2, 10, 0)),
        r.clone().follow_up(at(2, 10, 0), "o", reached(5, false), 3),
    ] {
        let e = e.unwrap_err();
        assert_eq!(e.code(), "invalid_state");
        assert_eq!(e.params()["state"], "received");
    }
    arrange(&mut r, at(2, 9, 30));
    // Forwarded again: the first arrangement time stays.
    r.arrange(
        at(2, 9, 45),
        "desk",
        AssigneeKind::Department,
        "TECH",
        "engineer calls back",
    )
    .unwrap();
    assert_eq!(r.arranged_at, Some(at(2, 9, 30)));
    assert_eq!(r.assignee.as_deref(), Some("TECH"));
    r.check(at(2, 10, 0), "office", Some("assignee confirmed".into()))
        .unwrap();
    assert_eq!(
        r.check(at(2, 10, 0), "office", None).unwrap_err().params()["state"],
        "checked"
    );
    r.on_site(at(2, 12, 0)).unwrap();
    assert_eq!(r.on_site(at(2, 12, 0)).unwrap_err().code(), "invalid_state");
    assert_eq!(
        r.arrange(at(2, 12, 0), "d", AssigneeKind::Dealer, "D1", "p")
            .unwrap_err()
            .code(),
        "invalid_state"
    );
    r.resolve(at(2, 13, 0), "fixed", Links::default(), 7).unwrap();
    assert_eq!(r.follow_up_due_at, Some(at(9, 13, 0)));
    assert_eq!(r.cancel(at(2, 13, 0), "x").unwrap_err().params()["state"], "resolved");
    r.close(at(2, 14, 0)).unwrap();
    // A follow-up may still reach the customer of a request closed without one.
    r.follow_up(at(3, 9, 0), "desk", reached(4, false), 3).unwrap();
    assert_eq!(r.closed_at, Some(at(2, 14, 0)));
    assert_eq!(
        r.follow_up(at(3, 9, 0), "desk", reached(4, false), 3)
            .unwrap_err()
            .params()["state"],
        "followed_up"
    );
}

#[test]
fn follow_ups_close_on_reaching_or_after_the_last_try() {
    let mut r = request(FaultClass::Other, 0, false);
    arrange(&mut r, at(2, 9, 30));
    r.answer(at(2, 10, 0)).unwrap();
    r.resolve(at(2, 11, 0), "advice given", Links::default(), 7).unwrap();
    let bad = FollowUpInput {
        satisfaction: Some(6),
        ..reached(5, false)
    };
    assert_eq!(
        r.follow_up(at(3, 9, 0), "d", bad, 3).unwrap_err().params()["field"],
        "satisfaction"
    );
    let bad = FollowUpInput {
        satisfaction: Some(2),
        ..unreachable()
    };
    assert_eq!(
        r.follow_up(at(3, 9, 0), "d", bad, 3).unwrap_err().code(),
        "validation_failed"
    );
    let bad = FollowUpInput {
        complaint: None,
        ..reached(2, true)
    };
    assert_eq!(
        r.follow_up(at(3, 9, 0), "d", bad, 3).unwrap_err().params()["field"],
        "service_fault"
    );
    r.follow_up(at(3, 9, 0), "d", unreachable(), 2).unwrap();
    assert_eq!(r.status, RequestStatus::Resolved);
    r.follow_up(at(3, 15, 0), "d", unreachable(), 2).unwrap();
    assert_eq!(r.status, RequestStatus::Closed);
    assert_eq!(r.closed_at, Some(at(3, 15, 0)));
    assert!(r.follow_up(at(3, 16, 0), "d", unreachable(), 2).is_err());
}

#[test]
fn cancel_needs_an_open_request() {
    let mut r = request(FaultClass::Other, 0, false);
    r.cancel(at(2, 9, 5), "customer fixed it").unwrap();
    assert_eq!(r.status, RequestStatus::Cancelled);
    assert_eq!(
        r.cancel(at(2, 9, 6), "again").unwrap_err().params()["state"],
        "cancelled"
    );
    assert_eq!(evaluate(&r, at(2, 10, 0)).on_time, None);
    assert_eq!(evaluate(&r, at(2, 10, 0)).next_due_at, None);
}

#[test]
fn paid_service_is_quoted_approved_by_another_and_collected_once() {
    let mut r = request(FaultClass::Body, 40, false);
    assert_eq!(
        r.decide_quote(at(2, 9, 0), "sup", true, None).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        r.quote(at(2, 9, 0), "desk", Fen(0), Fen(0), None).unwrap_err().code(),
        "validation_failed"
    );
    r.quote(
        at(2, 9, 0),
        "desk",
        Fen(15_000),
        Fen(20_000),
        Some("coverage ended".into()),
    )
    .unwrap();
    assert_eq!(r.paid.as_ref().unwrap().total_fen, Fen(35_000));
    assert_eq!(
        r.collect_fee(at(2, 9, 0), Fen(1), "R1").unwrap_err().params()["state"],
        "quoted"
    );
    assert_eq!(
        r.decide_quote(at(2, 9, 5), "desk", true, None).unwrap_err().code(),
        "self_approval"
    );
    assert_eq!(
        r.decide_quote(at(2, 9, 5), "sup", false, None).unwrap_err().params()["field"],
        "comment"
    );
    r.decide_quote(at(2, 9, 5), "sup", false, Some("too dear".into()))
        .unwrap();
    r.quote(at(2, 9, 10), "desk", Fen(10_000), Fen(20_000), None).unwrap();
    r.decide_quote(at(2, 9, 15), "sup", true, None).unwrap();
    assert_eq!(
        r.quote(at(2, 9, 20), "desk", Fen(1), Fen(1), None)
            .unwrap_err()
            .params()["state"],
        "approved"
    );
    assert_eq!(
        r.collect_fee(at(2, 9, 20), Fen(30_001), "R1").unwrap_err().params()["field"],
        "amount_fen"
    );
    let posting = r.collect_fee(at(2, 9, 20), Fen(30_000), "R1").unwrap();
    let lines = posting.into_lines();
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .any(|l| l.account == "bank" && l.signed_fen() == Fen(30_000))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.account == SERVICE_INCOME && l.signed_fen() == Fen(-30_000))
    );
    assert_eq!(
        r.collect_fee(at(2, 9, 20), Fen(1), "R2").unwrap_err().params()["state"],
        "collected"
    );
    assert_eq!(r.cancel(at(2, 9, 30), "x").unwrap_err().params()["state"], "collected");
}

#[test]
fn policy_refuses_nonsense() {
    assert!(standards::ServicePolicy::default().validate().is_ok());
    let mut p = standards::ServicePolicy::default();
    p.standards.arrange_minutes = 0;
    assert_eq!(p.validate().unwrap_err().params()["field"], "standards.arrange_minutes");
    let mut p = standards::ServicePolicy::default();
    p.targets.complaint_pct = 101;
    assert!(p.validate().is_err());
}

use super::*;
use chrono::TimeZone;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 20, 2, 0, 0).unwrap()
}

fn plan(season_start: NaiveDate) -> ReservePlan {
    ReservePlan {
        number: "RP-000001".into(),
        dealer: "D001".into(),
        season_start,
        due_date: due_date(season_start).unwrap(),
        status: PlanStatus::Draft,
        lines: vec![PlanLine {
            line: 1,
            part_no: "FLT-0042".into(),
            qty: 20,
        }],
        note: None,
        days_late: 0,
        order: None,
        version: 1,
        created_by: "dealer".into(),
        created_at: now(),
        submitted_at: None,
        approved_by: None,
        approved_at: None,
        converted_at: None,
        cancelled_at: None,
        updated_at: now(),
    }
}

/// Due exactly 30 days before the season, across month, year and leap-day boundaries.
#[test]
fn due_date_is_thirty_days_before() {
    assert_eq!(due_date(d(2027, 3, 1)), Some(d(2027, 1, 30)));
    assert_eq!(
        due_date(d(2028, 3, 1)),
        Some(d(2028, 1, 31)),
        "2028 is a leap year: February has 29 days"
    );
    assert_eq!(due_date(d(2027, 1, 15)), Some(d(2026, 12, 16)), "over the year end");
    assert_eq!(due_date(d(2027, 5, 31)), Some(d(2027, 5, 1)), "within one 31-day month");
    assert_eq!(due_date(d(2027, 7, 1)), Some(d(2027, 6, 1)), "after a 30-day month");
    assert_eq!(due_date(d(2028, 3, 30)), Some(d(2028, 2, 29)), "onto the leap day");
    assert_eq!(due_date(NaiveDate::MIN), None);
}

/// On the due date is on time; the day after is one day late.
#[test]
fn days_late_boundaries() {
    let due = d(2027, 1, 30);
    assert_eq!(days_late(due, d(2027, 1, 1)), 0);
    assert_eq!(days_late(due, d(2027, 1, 30)), 0);
    assert_eq!(days_late(due, d(2027, 1, 31)), 1);
    assert_eq!(days_late(due, d(2027, 2, 14)), 15);
}

#[test]
fn submit_keeps_days_late() {
    let mut p = plan(d(2027, 3, 1));
    p.submit(d(2027, 1, 30), now()).unwrap();
    assert_eq!((p.status, p.days_late, p.late()), (PlanStatus::Submitted, 0, false));
    let mut q = plan(d(2027, 3, 1));
    q.submit(d(2027, 2, 3), now()).unwrap();
    assert_eq!((q.days_late, q.late()), (4, true));
    let err = q.submit(d(2027, 2, 3), now()).unwrap_err();
    assert_eq!(err.code(), "invalid_state");
}

#[test]
fn life_of_a_plan() {
    let mut p = plan(d(2027, 3, 1));
    assert_eq!(
        p.approve("finance", now()).unwrap_err().code(),
        "invalid_state",
        "a draft is not approved"
    );
    assert_eq!(
        p.convert("SO-000001".into(), now()).unwrap_err().code(),
        "invalid_state"
    );
    p.submit(d(2027, 1, 2), now()).unwrap();
    assert_eq!(
        p.convert("SO-000001".into(), now()).unwrap_err().code(),
        "invalid_state",
        "submitted is not yet approved"
    );
    p.approve("finance", now()).unwrap();
    assert_eq!(p.approved_by.as_deref(), Some("finance"));
    assert_eq!(p.approve("finance", now()).unwrap_err().code(), "invalid_state");
    p.convert("SO-000007".into(), now()).unwrap();
    assert_eq!(
        (p.status, p.order.as_ref().map(|o| o.as_str())),
        (PlanStatus::Converted, Some("SO-000007"))
    );
    assert_eq!(
        p.cancel(now()).unwrap_err().code(),
        "invalid_state",
        "a converted plan stands"
    );
}

#[test]
fn cancel_before_conversion() {
    for steps in 0..3 {
        let mut p = plan(d(2027, 3, 1));
        if steps > 0 {
            p.submit(d(2027, 1, 2), now()).unwrap();
        }
        if steps > 1 {
            p.approve("finance", now()).unwrap();
        }
        p.cancel(now()).unwrap();
        assert_eq!(p.status, PlanStatus::Cancelled);
        assert!(!p.counts());
        assert_eq!(p.cancel(now()).unwrap_err().code(), "invalid_state");
    }
}

#[test]
fn standing_of_a_dealer() {
    let due = d(2027, 1, 30);
    let mut on_time = plan(d(2027, 3, 1));
    on_time.submit(due, now()).unwrap();
    let mut late = plan(d(2027, 3, 1));
    late.submit(d(2027, 2, 1), now()).unwrap();
    let draft = plan(d(2027, 3, 1));
    let mut cancelled = plan(d(2027, 3, 1));
    cancelled.submit(d(2027, 1, 1), now()).unwrap();
    cancelled.cancel(now()).unwrap();
    assert_eq!(standing(&[&on_time], due, d(2027, 2, 5)), PlanStanding::OnTime);
    assert_eq!(standing(&[&late], due, d(2027, 2, 5)), PlanStanding::Late);
    assert_eq!(standing(&[&late, &on_time], due, d(2027, 2, 5)), PlanStanding::OnTime);
    assert_eq!(
        standing(&[&draft, &cancelled], due, due),
        PlanStanding::Pending,
        "due today: not yet missing"
    );
    assert_eq!(
        standing(&[&draft, &cancelled], due, d(2027, 1, 31)),
        PlanStanding::Missing
    );
    assert_eq!(standing(&[], due, d(2027, 1, 31)), PlanStanding::Missing);
}

//! The reports count days by the business calendar.

use super::*;
use chrono::TimeZone;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_late_utc_evening_counts_in_the_next_business_day() {
    // 17:00 UTC on 31 March is 01:00 on 1 April in China: an April submission.
    let at = Utc.with_ymd_and_hms(2026, 3, 31, 17, 0, 0).unwrap();
    assert!(in_period(at, Some(d("2026-04-01")), Some(d("2026-04-30"))));
    assert!(!in_period(at, Some(d("2026-03-01")), Some(d("2026-03-31"))));
    assert!(in_period(at, None, None));
}

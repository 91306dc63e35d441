//! The check before submit: what a submit would find, with the coverage and registration
//! facts the dealer needs to read it, computed from the same findings a submit writes.

use crate::domain::findings::{Finding, Severity};
use crate::domain::warranty::{CoverageStart, Policy, Unit, coverage_end};
use chrono::{Days, NaiveDate};

/// Where the unit's registration card (三包回执卡) stands against the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// Received within the policy's days after the sale.
    OnTime,
    /// Received, but later than the policy allows.
    Late,
    /// Not received.
    Missing,
}

/// What a submit would find, without submitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precheck {
    /// Every finding a submit would record, per line.
    pub findings: Vec<Finding>,
    /// Lines a submit would reject at once (an `error` finding).
    pub rejected_lines: Vec<u32>,
    /// Lines left for the reviewer with warnings only.
    pub warned_lines: Vec<u32>,
    /// First covered day (no policy: none).
    pub coverage_start_date: Option<NaiveDate>,
    /// Last covered day (no policy: none).
    pub coverage_end_date: Option<NaiveDate>,
    /// The registration card.
    pub registration: Registration,
    /// When the card came back.
    pub registration_received_date: Option<NaiveDate>,
    /// The last day it may come back on time (no policy: none).
    pub registration_due_date: Option<NaiveDate>,
}

/// Sums up `findings` for `unit` under `policy`.
pub fn summarize(unit: &Unit, policy: Option<&Policy>, findings: Vec<Finding>) -> Precheck {
    let lines_with = |severity: Severity| {
        let mut v: Vec<u32> = findings
            .iter()
            .filter(|f| f.severity == severity)
            .map(|f| f.line)
            .collect();
        v.dedup();
        v
    };
    let rejected_lines = lines_with(Severity::Error);
    let warned_lines = lines_with(Severity::Warning)
        .into_iter()
        .filter(|l| !rejected_lines.contains(l))
        .collect();
    let coverage_start_date = policy.map(|p| match p.coverage_start {
        CoverageStart::Sale => unit.sale_date,
        CoverageStart::Acceptance => unit.acceptance_date.unwrap_or(unit.sale_date),
    });
    let coverage_end_date = policy.zip(coverage_start_date).map(|(p, s)| coverage_end(s, p.months));
    let registration_due_date = policy.and_then(|p| {
        unit.sale_date
            .checked_add_days(Days::new(p.registration_days.max(0) as u64))
    });
    let registration = match (unit.registration_received_date, registration_due_date) {
        (None, _) => Registration::Missing,
        (Some(r), Some(due)) if r > due => Registration::Late,
        (Some(_), _) => Registration::OnTime,
    };
    Precheck {
        findings,
        rejected_lines,
        warned_lines,
        coverage_start_date,
        coverage_end_date,
        registration,
        registration_received_date: unit.registration_received_date,
        registration_due_date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::findings::FindingCode;
    use crate::domain::money::Fen;
    use chrono::{TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn unit(received: Option<&str>) -> Unit {
        Unit {
            serial: "LZYTBGBW5N1000123".into(),
            model: "K9-City".into(),
            dealer: "D001".into(),
            customer: "Bus line".into(),
            sale_date: d("2026-03-02"),
            acceptance_date: None,
            built_on: None,
            registration_received_date: received.map(d),
            version: 1,
            updated_at: Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap(),
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
            version: 1,
            updated_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        }
    }

    fn finding(line: u32, severity: Severity) -> Finding {
        Finding {
            line,
            code: FindingCode::WearPart,
            severity,
            message: String::new(),
        }
    }

    /// Coverage runs 24 months from the sale, to the day before; the card is due 20 days
    /// after the sale: on the 20th day it is on time, on the 21st late.
    #[test]
    fn coverage_and_registration_boundaries() {
        let p = policy();
        let on_time = summarize(&unit(Some("2026-03-22")), Some(&p), vec![]);
        assert_eq!(on_time.coverage_start_date, Some(d("2026-03-02")));
        assert_eq!(on_time.coverage_end_date, Some(d("2028-03-01")));
        assert_eq!(on_time.registration_due_date, Some(d("2026-03-22")));
        assert_eq!(on_time.registration, Registration::OnTime);
        let late = summarize(&unit(Some("2026-03-23")), Some(&p), vec![]);
        assert_eq!(late.registration, Registration::Late);
        let missing = summarize(&unit(None), Some(&p), vec![]);
        assert_eq!(missing.registration, Registration::Missing);
        let no_policy = summarize(&unit(Some("2026-04-30")), None, vec![]);
        assert_eq!(
            (no_policy.coverage_end_date, no_policy.registration_due_date),
            (None, None)
        );
        assert_eq!(no_policy.registration, Registration::OnTime);
    }

    /// A line with an error is rejected whatever its warnings; warnings alone stay.
    #[test]
    fn rejected_and_warned_lines() {
        let p = policy();
        let s = summarize(
            &unit(Some("2026-03-10")),
            Some(&p),
            vec![
                finding(1, Severity::Error),
                finding(1, Severity::Warning),
                finding(2, Severity::Warning),
                finding(2, Severity::Warning),
            ],
        );
        assert_eq!(s.rejected_lines, vec![1]);
        assert_eq!(s.warned_lines, vec![2]);
    }
}

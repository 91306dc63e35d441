//! The check before submit: what a submit would find, with the coverage and registration
//! facts the dealer needs to read it, computed from the same findings a submit writes.

use crate::domain::findings::FindingCode;
use crate::domain::findings::{Finding, Severity};
use crate::domain::warranty::{CoverageStart, Policy, Unit, coverage_end, coverage_start};
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
        v.sort_unstable();
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

/// One claim line as the usage checks read it.
#[derive(Debug, Clone)]
pub struct UsageLine<'a> {
    /// Line number.
    pub line: u32,
    /// The part of a part line.
    pub part_no: Option<&'a str>,
    /// Its quantity.
    pub qty: Option<i64>,
    /// How many of the part the unit's model uses, where the bill of usage says.
    pub per_unit: Option<i64>,
}

/// What the usage checks read besides the lines.
#[derive(Debug, Clone)]
pub struct UsageFacts<'a> {
    /// The unit.
    pub unit: &'a Unit,
    /// The policy in force on the failure date.
    pub policy: &'a Policy,
    /// Failure date.
    pub failure_date: NaiveDate,
    /// The claim's odometer reading, km.
    pub usage_km: Option<i64>,
    /// The highest reading already recorded for the unit (earlier claims and service
    /// reports), km, and the document it came from.
    pub recorded_km: Option<(i64, &'a str)>,
}

/// The checks on the odometer, the quantities and the coverage end:
/// `odometer_backwards` (error, every line) when the reading is below one already recorded
/// (equal passes); `usage_implausible` (warning, every line) when km ÷ days since the sale
/// (at least one day) is above the policy's limit (exactly the limit passes);
/// `qty_over_usage` (error, on the line) when a part line's quantity is above the bill of
/// usage; `near_expiry` (warning, every line) when the failure is on or after the coverage
/// end minus the policy's days (the 30th day before the end is inside, the 31st outside)
/// and not after the end.
pub fn usage_checks(f: &UsageFacts<'_>, lines: &[UsageLine<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut all = |code: FindingCode, severity: Severity, message: String| {
        for l in lines {
            out.push(Finding {
                line: l.line,
                code,
                severity,
                message: message.clone(),
            });
        }
    };
    if let (Some(km), Some((recorded, document))) = (f.usage_km, f.recorded_km)
        && km < recorded
    {
        all(
            FindingCode::OdometerBackwards,
            Severity::Error,
            format!("{km} km is below the {recorded} km already recorded on {document}"),
        );
    }
    if let Some(km) = f.usage_km {
        let days = (f.failure_date - f.unit.sale_date).num_days().max(1);
        let limit = f.policy.max_km_per_day;
        if km > limit.saturating_mul(days) {
            all(
                FindingCode::UsageImplausible,
                Severity::Warning,
                format!(
                    "{km} km in {days} days since the sale on {} is more than {limit} km a day",
                    f.unit.sale_date
                ),
            );
        }
    }
    let end = coverage_end(coverage_start(f.unit, f.policy), f.policy.months);
    let window = end
        .checked_sub_days(Days::new(f.policy.near_expiry_days.max(0) as u64))
        .unwrap_or(NaiveDate::MIN);
    if f.policy.near_expiry_days > 0 && f.failure_date >= window && f.failure_date <= end {
        all(
            FindingCode::NearExpiry,
            Severity::Warning,
            format!(
                "the failure on {} is {} days before the coverage end on {end}",
                f.failure_date,
                (end - f.failure_date).num_days()
            ),
        );
    }
    for l in lines {
        if let (Some(part), Some(qty), Some(per_unit)) = (l.part_no, l.qty, l.per_unit)
            && qty > per_unit
        {
            out.push(Finding {
                line: l.line,
                code: FindingCode::QtyOverUsage,
                severity: Severity::Error,
                message: format!("{qty} × {part}, but the model uses {per_unit}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
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
            preauth_threshold_fen: Fen(crate::domain::warranty::defaults::PREAUTH_THRESHOLD_FEN),
            preauth_parts: vec![],
            preauth_fault_codes: vec![],
            preauth_valid_days: 30,
            max_km_per_day: 1_500,
            near_expiry_days: 30,
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

    fn usage_codes(
        failure: &str,
        km: Option<i64>,
        recorded: Option<i64>,
        qty: i64,
        per_unit: Option<i64>,
    ) -> Vec<&'static str> {
        let u = unit(Some("2026-03-10"));
        let p = policy();
        let facts = UsageFacts {
            unit: &u,
            policy: &p,
            failure_date: d(failure),
            usage_km: km,
            recorded_km: recorded.map(|r| (r, "SR-000001")),
        };
        let lines = [UsageLine {
            line: 1,
            part_no: Some("BC-3519"),
            qty: Some(qty),
            per_unit,
        }];
        usage_checks(&facts, &lines)
            .into_iter()
            .map(|f| f.code.as_str())
            .collect()
    }

    /// A reading equal to the recorded one passes; one km less is an error.
    #[test]
    fn odometer_backwards_boundary() {
        assert!(usage_codes("2026-09-12", Some(20_000), Some(20_000), 1, None).is_empty());
        assert_eq!(
            usage_codes("2026-09-12", Some(19_999), Some(20_000), 1, None),
            vec!["odometer_backwards"]
        );
        assert!(usage_codes("2026-09-12", None, Some(20_000), 1, None).is_empty());
    }

    /// Sold 2026-03-02; 10 days later exactly 15,000 km (1,500 a day) passes, 15,001 warns;
    /// a failure on the day of the sale counts as one day.
    #[test]
    fn usage_implausible_boundary() {
        assert!(usage_codes("2026-03-12", Some(15_000), None, 1, None).is_empty());
        assert_eq!(
            usage_codes("2026-03-12", Some(15_001), None, 1, None),
            vec!["usage_implausible"]
        );
        assert!(usage_codes("2026-03-02", Some(1_500), None, 1, None).is_empty());
        assert_eq!(
            usage_codes("2026-03-02", Some(1_501), None, 1, None),
            vec!["usage_implausible"]
        );
    }

    /// The bill of usage: as many as the model uses passes, one more is an error; no entry,
    /// no check.
    #[test]
    fn qty_over_usage_boundary() {
        assert!(usage_codes("2026-09-12", None, None, 2, Some(2)).is_empty());
        assert_eq!(
            usage_codes("2026-09-12", None, None, 3, Some(2)),
            vec!["qty_over_usage"]
        );
        assert!(usage_codes("2026-09-12", None, None, 30, None).is_empty());
    }

    /// Coverage ends 2028-03-01: the 30th day before (2028-01-31) is near expiry, the 31st
    /// (2028-01-30) is not, the last day is, the day after is expired rather than near.
    #[test]
    fn near_expiry_boundary() {
        assert_eq!(usage_codes("2028-01-31", None, None, 1, None), vec!["near_expiry"]);
        assert!(usage_codes("2028-01-30", None, None, 1, None).is_empty());
        assert_eq!(usage_codes("2028-03-01", None, None, 1, None), vec!["near_expiry"]);
        assert!(usage_codes("2028-03-02", None, None, 1, None).is_empty());
    }
}

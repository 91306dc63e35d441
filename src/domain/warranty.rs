//! Warranty (三包) rules: units, policies, coverage, and the automatic checks a claim
//! runs at submit. Pure: dates come in as arguments.

use crate::domain::findings::{Finding, FindingCode, Severity};
use crate::domain::ids::{PartNo, Serial};
use crate::domain::master::Part;
use crate::domain::money::Fen;
use chrono::{DateTime, Days, Months, NaiveDate, Utc};

/// Business dates are kept in China Standard Time (Asia/Shanghai, UTC+8, no daylight time).
pub const BUSINESS_UTC_OFFSET_HOURS: i64 = 8;

/// The business date of an instant.
pub fn business_date(at: DateTime<Utc>) -> NaiveDate {
    (at + chrono::Duration::hours(BUSINESS_UTC_OFFSET_HOURS)).date_naive()
}

/// A sold vehicle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Serial number / VIN, the key.
    pub serial: Serial,
    /// Model (policies are per model).
    pub model: String,
    /// Selling dealer.
    pub dealer: String,
    /// Customer.
    pub customer: String,
    /// Sale date.
    pub sale_date: NaiveDate,
    /// Acceptance date, where the policy counts from acceptance.
    pub acceptance_date: Option<NaiveDate>,
    /// Production date (出厂日期), where known: the production-month cut of the analytics.
    pub built_on: Option<NaiveDate>,
    /// When the registration card (三包回执卡) came back.
    pub registration_received_date: Option<NaiveDate>,
    /// Version, from 1.
    pub version: u64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Where coverage starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageStart {
    /// The sale date.
    Sale,
    /// The acceptance date (the sale date when none is recorded).
    Acceptance,
}

/// A per-part exception to a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartOverride {
    /// Part.
    pub part_no: PartNo,
    /// Shorter (or longer) coverage in months.
    pub months: Option<u32>,
    /// Whether the part is covered at all.
    pub covered: bool,
}

/// Standard labor for a fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaborStandard {
    /// Fault code.
    pub fault_code: String,
    /// Standard minutes.
    pub minutes: i64,
}

/// A model's warranty policy (三包政策) from a date on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Model.
    pub model: String,
    /// In force for failures on or after this date (until the next version).
    pub effective_from_date: NaiveDate,
    /// Coverage months.
    pub months: u32,
    /// Usage limit, km.
    pub usage_limit_km: Option<i64>,
    /// Usage limit, engine hours.
    pub usage_limit_hours: Option<i64>,
    /// Where coverage starts.
    pub coverage_start: CoverageStart,
    /// Labor rate per hour, fen.
    pub labor_rate_fen: Fen,
    /// Days after sale within which the registration card must come back.
    pub registration_days: i64,
    /// Days after the repair within which the claim must be filed.
    pub filing_days: i64,
    /// Days after the repair within which old parts must come back.
    pub return_days: i64,
    /// Per-part exceptions.
    pub part_overrides: Vec<PartOverride>,
    /// Standard minutes per fault code.
    pub labor_standards: Vec<LaborStandard>,
    /// A claim whose total is above this needs a pre-authorization, fen.
    pub preauth_threshold_fen: Fen,
    /// Parts whose replacement needs a pre-authorization.
    pub preauth_parts: Vec<PartNo>,
    /// Fault codes whose repair needs a pre-authorization.
    pub preauth_fault_codes: Vec<String>,
    /// Days a pre-authorization stays usable after its decision.
    pub preauth_valid_days: i64,
    /// Most km per day since the sale that are plausible.
    pub max_km_per_day: i64,
    /// A failure this many days (or fewer) before the coverage end is near expiry.
    pub near_expiry_days: i64,
    /// Version, from 1.
    pub version: u64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Policy settings a policy written before them reads as, and a new one starts from.
pub mod defaults {
    /// A claim above ¥5,000.00 needs a pre-authorization.
    pub const PREAUTH_THRESHOLD_FEN: i64 = 500_000;
    /// A pre-authorization is usable for 30 days after its decision.
    pub const PREAUTH_VALID_DAYS: i64 = 30;
    /// More than 1,500 km a day since the sale is implausible.
    pub const MAX_KM_PER_DAY: i64 = 1_500;
    /// The last 30 days of coverage are near expiry.
    pub const NEAR_EXPIRY_DAYS: i64 = 30;
}

/// The first covered day of `unit` under `policy`.
pub fn coverage_start(unit: &Unit, policy: &Policy) -> NaiveDate {
    match policy.coverage_start {
        CoverageStart::Sale => unit.sale_date,
        CoverageStart::Acceptance => unit.acceptance_date.unwrap_or(unit.sale_date),
    }
}

/// The last covered day of coverage that starts on `start` and runs `months`: start +
/// months − 1 day, month end clamped (Jan 31 + 1 month − 1 day = Feb 27/28).
pub fn coverage_end(start: NaiveDate, months: u32) -> NaiveDate {
    let end = start.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX);
    end.checked_sub_days(Days::new(1)).unwrap_or(end)
}

/// What the checks need to know about one claim line.
#[derive(Debug, Clone)]
pub struct LineFacts<'a> {
    /// Line number.
    pub line: u32,
    /// The part of a part line.
    pub part: Option<&'a Part>,
    /// Labor minutes of a labor line.
    pub labor_minutes: Option<i64>,
    /// Another claim already names this unit, part and failure date.
    pub duplicate_of: Option<String>,
}

/// The claim header facts the checks read.
#[derive(Debug, Clone)]
pub struct ClaimFacts<'a> {
    /// The unit.
    pub unit: &'a Unit,
    /// The policy in force on the failure date, if any.
    pub policy: Option<&'a Policy>,
    /// Failure date.
    pub failure_date: NaiveDate,
    /// Repair date.
    pub repair_date: NaiveDate,
    /// Filing date (business date of the first submit).
    pub filing_date: NaiveDate,
    /// Usage, km.
    pub usage_km: Option<i64>,
    /// Usage, hours.
    pub usage_hours: Option<i64>,
    /// Fault code.
    pub fault_code: &'a str,
}

/// Runs every automatic check; returns the findings of every line.
pub fn check_claim(claim: &ClaimFacts<'_>, lines: &[LineFacts<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut all = |code: FindingCode, message: String| {
        for l in lines {
            out.push(Finding {
                line: l.line,
                code,
                severity: Severity::Error,
                message: message.clone(),
            });
        }
    };
    let unit = claim.unit;
    let Some(policy) = claim.policy else {
        all(
            FindingCode::PolicyMissing,
            format!("no warranty policy for model {} on {}", unit.model, claim.failure_date),
        );
        return out;
    };
    match unit.registration_received_date {
        None => all(
            FindingCode::RegistrationMissing,
            format!("the registration card of {} has not come back", unit.serial),
        ),
        Some(received) => {
            let days = (received - unit.sale_date).num_days();
            if days > policy.registration_days {
                all(
                    FindingCode::RegistrationLate,
                    format!(
                        "registration card received {received}, {days} days after the sale on {}; the limit is {} days",
                        unit.sale_date, policy.registration_days
                    ),
                );
            }
        }
    }
    let start = match policy.coverage_start {
        CoverageStart::Sale => unit.sale_date,
        CoverageStart::Acceptance => unit.acceptance_date.unwrap_or(unit.sale_date),
    };
    let expiry = coverage_end(start, policy.months);
    if claim.failure_date > expiry {
        all(
            FindingCode::WarrantyExpired,
            format!("coverage ended on {expiry}; the failure was on {}", claim.failure_date),
        );
    }
    if let (Some(limit), Some(used)) = (policy.usage_limit_km, claim.usage_km)
        && used > limit
    {
        all(
            FindingCode::UsageExceeded,
            format!("{used} km exceeds the {limit} km limit"),
        );
    }
    if let (Some(limit), Some(used)) = (policy.usage_limit_hours, claim.usage_hours)
        && used > limit
    {
        all(
            FindingCode::UsageExceeded,
            format!("{used} h exceeds the {limit} h limit"),
        );
    }
    let filed_days = (claim.filing_date - claim.repair_date).num_days();
    if filed_days > policy.filing_days {
        all(
            FindingCode::FiledLate,
            format!(
                "filed {} days after the repair on {}; the limit is {} days",
                filed_days, claim.repair_date, policy.filing_days
            ),
        );
    }
    for l in lines {
        let mut err = |code: FindingCode, message: String| {
            out.push(Finding {
                line: l.line,
                code,
                severity: Severity::Error,
                message,
            });
        };
        if let Some(part) = l.part {
            let over = policy.part_overrides.iter().find(|o| o.part_no == part.part_no);
            if !part.warranty_covered || over.is_some_and(|o| !o.covered) {
                err(
                    FindingCode::PartNotCovered,
                    format!("{} is not covered by the warranty", part.part_no),
                );
            }
            if part.wear_part {
                err(
                    FindingCode::WearPart,
                    format!("{} is a wear part (易损件), not covered", part.part_no),
                );
            }
            if let Some(months) = over.and_then(|o| o.months) {
                let part_expiry = coverage_end(start, months);
                if claim.failure_date > part_expiry && part_expiry < expiry {
                    err(
                        FindingCode::WarrantyExpired,
                        format!(
                            "coverage of {} ended on {part_expiry}; the failure was on {}",
                            part.part_no, claim.failure_date
                        ),
                    );
                }
            }
            if let Some(other) = &l.duplicate_of {
                err(
                    FindingCode::DuplicateClaim,
                    format!(
                        "claim {other} already names {} on this unit for {}",
                        part.part_no, claim.failure_date
                    ),
                );
            }
        }
        if let Some(minutes) = l.labor_minutes
            && let Some(std) = policy.labor_standards.iter().find(|s| s.fault_code == claim.fault_code)
            && minutes > std.minutes
        {
            out.push(Finding {
                line: l.line,
                code: FindingCode::LaborOverStandard,
                severity: Severity::Warning,
                message: format!(
                    "{minutes} minutes of labor exceed the {} minute standard for {}",
                    std.minutes, claim.fault_code
                ),
            });
        }
    }
    out
}

/// Labor amount: round(rate × minutes / 60) half up.
pub fn labor_amount(rate_fen: Fen, minutes: i64) -> Fen {
    Fen(((2 * rate_fen.get() as i128 * minutes as i128 + 60) / 120) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
            usage_limit_km: Some(200_000),
            usage_limit_hours: None,
            coverage_start: CoverageStart::Sale,
            labor_rate_fen: Fen(8_000),
            registration_days: 20,
            filing_days: 30,
            return_days: 30,
            part_overrides: vec![],
            labor_standards: vec![LaborStandard {
                fault_code: "BRK-021".into(),
                minutes: 120,
            }],
            preauth_threshold_fen: Fen(defaults::PREAUTH_THRESHOLD_FEN),
            preauth_parts: vec![],
            preauth_fault_codes: vec![],
            preauth_valid_days: defaults::PREAUTH_VALID_DAYS,
            max_km_per_day: defaults::MAX_KM_PER_DAY,
            near_expiry_days: defaults::NEAR_EXPIRY_DAYS,
            version: 1,
            updated_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        }
    }

    fn codes(unit: &Unit, failure: &str, km: i64, filed: &str) -> Vec<String> {
        let p = policy();
        let facts = ClaimFacts {
            unit,
            policy: Some(&p),
            failure_date: d(failure),
            repair_date: d(failure),
            filing_date: d(filed),
            usage_km: Some(km),
            usage_hours: None,
            fault_code: "BRK-021",
        };
        let lines = [LineFacts {
            line: 1,
            part: None,
            labor_minutes: Some(150),
            duplicate_of: None,
        }];
        check_claim(&facts, &lines)
            .into_iter()
            .map(|f| f.code.as_str().to_string())
            .collect()
    }

    #[test]
    fn coverage_end_clamps_month_ends() {
        assert_eq!(coverage_end(d("2026-03-02"), 24), d("2028-03-01"));
        assert_eq!(coverage_end(d("2026-01-31"), 1), d("2026-02-27"));
        assert_eq!(coverage_end(d("2024-02-29"), 12), d("2025-02-27"));
    }

    #[test]
    fn registration_day_20_is_on_time_and_day_21_late() {
        assert!(
            !codes(&unit(Some("2026-03-22")), "2026-09-12", 81_300, "2026-09-15").contains(&"registration_late".into())
        );
        assert!(
            codes(&unit(Some("2026-03-23")), "2026-09-12", 81_300, "2026-09-15").contains(&"registration_late".into())
        );
        assert!(codes(&unit(None), "2026-09-12", 81_300, "2026-09-15").contains(&"registration_missing".into()));
    }

    #[test]
    fn last_day_of_coverage_is_covered() {
        let u = unit(Some("2026-03-10"));
        assert!(!codes(&u, "2028-03-01", 1, "2028-03-01").contains(&"warranty_expired".into()));
        assert!(codes(&u, "2028-03-02", 1, "2028-03-02").contains(&"warranty_expired".into()));
    }

    #[test]
    fn usage_at_the_limit_is_covered() {
        let u = unit(Some("2026-03-10"));
        assert!(!codes(&u, "2026-09-12", 200_000, "2026-09-15").contains(&"usage_exceeded".into()));
        assert!(codes(&u, "2026-09-12", 200_001, "2026-09-15").contains(&"usage_exceeded".into()));
    }

    #[test]
    fn filing_deadline_and_labor_standard() {
        let u = unit(Some("2026-03-10"));
        assert!(!codes(&u, "2026-09-12", 1, "2026-10-12").contains(&"filed_late".into()));
        assert!(codes(&u, "2026-09-12", 1, "2026-10-13").contains(&"filed_late".into()));
        assert_eq!(
            codes(&u, "2026-09-12", 1, "2026-09-15"),
            vec!["labor_over_standard".to_string()]
        );
    }

    #[test]
    fn labor_amount_rounds_half_up() {
        assert_eq!(labor_amount(Fen(8_000), 150), Fen(20_000));
        assert_eq!(labor_amount(Fen(100), 1), Fen(2)); // 1.67
        assert_eq!(labor_amount(Fen(30), 1), Fen(1)); // 0.5 → 1
    }

    #[test]
    fn business_date_is_shanghai() {
        assert_eq!(
            business_date(Utc.with_ymd_and_hms(2026, 9, 14, 16, 30, 0).unwrap()),
            d("2026-09-15")
        );
    }
}

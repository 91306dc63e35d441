//! Bodies of the warranty routes: units, registration cards, policies and the unit
//! import; the claims and their review are in `claims`.

mod claims;

pub use claims::*;

use super::{dto, dto_enum};
use crate::commands::units;
use crate::domain::warranty;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

dto! {
    /// A sold vehicle.
    warranty::Unit => Unit {
        /// Serial number / VIN, the key.
        serial: String,
        /// Model (policies are per model).
        model: String,
        /// Selling dealer.
        dealer: String,
        /// Customer.
        customer: String,
        /// Sale date.
        sale_date: NaiveDate,
        /// Acceptance date, where the policy counts from acceptance.
        acceptance_date: Option<NaiveDate>,
        /// Production date (出厂日期), where known.
        built_on: Option<NaiveDate>,
        /// When the registration card (三包回执卡) came back.
        registration_received_date: Option<NaiveDate>,
        /// Version, from 1.
        version: u64,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto_enum! {
    /// Where coverage starts.
    warranty::CoverageStart => CoverageStart {
        /// The sale date.
        Sale,
        /// The acceptance date (the sale date when none is recorded).
        Acceptance,
    }
}

dto! {
    /// A per-part exception to a policy.
    warranty::PartOverride => PartOverride {
        /// Part.
        part_no: String,
        /// Shorter (or longer) coverage in months.
        months: Option<u32>,
        /// Whether the part is covered at all.
        covered: bool,
    }
}

dto! {
    /// Standard labor for a fault.
    warranty::LaborStandard => LaborStandard {
        /// Fault code.
        fault_code: String,
        /// Standard minutes.
        minutes: i64,
    }
}

dto! {
    /// A model's warranty policy (三包政策) from a date on.
    warranty::Policy => Policy {
        /// Model.
        model: String,
        /// In force for failures on or after this date (until the next version).
        effective_from_date: NaiveDate,
        /// Coverage months.
        months: u32,
        /// Usage limit, km.
        usage_limit_km: Option<i64>,
        /// Usage limit, engine hours.
        usage_limit_hours: Option<i64>,
        /// Where coverage starts.
        coverage_start: CoverageStart,
        /// Labor rate per hour, fen.
        labor_rate_fen: i64,
        /// Days after sale within which the registration card must come back.
        registration_days: i64,
        /// Days after the repair within which the claim must be filed.
        filing_days: i64,
        /// Days after the repair within which old parts must come back.
        return_days: i64,
        /// Per-part exceptions.
        part_overrides: Vec<PartOverride>,
        /// Standard minutes per fault code.
        labor_standards: Vec<LaborStandard>,
        /// A claim whose total is above this needs a pre-authorization, fen.
        preauth_threshold_fen: i64,
        /// Parts whose replacement needs a pre-authorization.
        preauth_parts: Vec<String>,
        /// Fault codes whose repair needs a pre-authorization.
        preauth_fault_codes: Vec<String>,
        /// Days a pre-authorization stays usable after its decision.
        preauth_valid_days: i64,
        /// Most km per day since the sale that are plausible (`usage_implausible` above).
        max_km_per_day: i64,
        /// A failure this many days (or fewer) before the coverage end is `near_expiry`.
        near_expiry_days: i64,
        /// Version, from 1.
        version: u64,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// A sold unit.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"serial": "LZYTBGBW5N1000123", "model": "K9-City", "dealer": "D001",
        "customer": "Harbin Bus Line 12", "sale_date": "2026-03-02", "built_on": "2026-02-10"}))]
    units::UnitInput => UnitInput {
        /// Serial number / VIN.
        serial: String,
        /// Model.
        model: String,
        /// Selling dealer.
        dealer: String,
        /// Customer.
        customer: String,
        /// Sale date.
        sale_date: NaiveDate,
        /// Acceptance date.
        #[serde(default)]
        acceptance_date: Option<NaiveDate>,
        /// Production date (出厂日期), on or before the sale.
        #[serde(default)]
        built_on: Option<NaiveDate>,
    }
}

dto! {
    /// The registration card's arrival.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"received_date": "2026-03-10"}))]
    units::RegistrationInput => RegistrationInput {
        /// Date the card was received.
        received_date: NaiveDate,
    }
}

dto! {
    /// A policy version to put in force.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"model": "K9-City", "effective_from_date": "2026-01-01", "months": 24, "usage_limit_km": 200000,
        "coverage_start": "sale", "labor_rate_fen": 8000, "registration_days": 20, "filing_days": 30, "return_days": 30,
        "part_overrides": [{"part_no": "MIR-1141", "months": 12, "covered": true}], "labor_standards": [{"fault_code": "BRK-021", "minutes": 180}]}))]
    units::PolicyInput => PolicyInput {
        /// Model.
        model: String,
        /// In force for failures on or after this date.
        effective_from_date: NaiveDate,
        /// Coverage months (default 24).
        #[serde(default = "default_months")]
        months: u32,
        /// Usage limit, km.
        #[serde(default)]
        usage_limit_km: Option<i64>,
        /// Usage limit, engine hours.
        #[serde(default)]
        usage_limit_hours: Option<i64>,
        /// Coverage start.
        #[serde(default = "default_start")]
        coverage_start: CoverageStart,
        /// Labor rate per hour, fen.
        labor_rate_fen: i64,
        /// Registration deadline, days after sale (default 20).
        #[serde(default = "default_registration_days")]
        registration_days: i64,
        /// Filing deadline, days after repair (default 30).
        #[serde(default = "default_thirty")]
        filing_days: i64,
        /// Old-part return deadline, days after repair (default 30).
        #[serde(default = "default_thirty")]
        return_days: i64,
        /// Per-part exceptions.
        #[serde(default)]
        part_overrides: Vec<PartOverride>,
        /// Standard minutes per fault code.
        #[serde(default)]
        labor_standards: Vec<LaborStandard>,
        /// A claim whose total is above this needs a pre-authorization, fen (default 500000, ¥5,000.00).
        #[serde(default = "default_preauth_threshold")]
        preauth_threshold_fen: i64,
        /// Parts whose replacement needs a pre-authorization.
        #[serde(default)]
        preauth_parts: Vec<String>,
        /// Fault codes whose repair needs a pre-authorization.
        #[serde(default)]
        preauth_fault_codes: Vec<String>,
        /// Days a pre-authorization stays usable after its decision (default 30).
        #[serde(default = "default_thirty")]
        preauth_valid_days: i64,
        /// Most km per day since the sale that are plausible (default 1500).
        #[serde(default = "default_max_km_per_day")]
        max_km_per_day: i64,
        /// Days before the coverage end that are near expiry (default 30).
        #[serde(default = "default_thirty")]
        near_expiry_days: i64,
    }
}

fn default_preauth_threshold() -> i64 {
    warranty::defaults::PREAUTH_THRESHOLD_FEN
}
fn default_max_km_per_day() -> i64 {
    warranty::defaults::MAX_KM_PER_DAY
}

fn default_months() -> u32 {
    24
}
fn default_start() -> CoverageStart {
    CoverageStart::Sale
}
fn default_registration_days() -> i64 {
    20
}
fn default_thirty() -> i64 {
    30
}

/// Units to import.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    /// Up to 1,000 units; all are recorded or none.
    pub units: Vec<UnitInput>,
}

/// How many units were recorded.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ImportResult {
    /// Units recorded.
    pub imported: usize,
}

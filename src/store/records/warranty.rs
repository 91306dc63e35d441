//! Stored records of `domain::warranty`, version 1, and their conversions.

use super::time::{Day, Instant};
use super::{Convert, record, record_enum};
use crate::domain::warranty::{CoverageStart, LaborStandard, PartOverride, Policy, Unit};
use serde::{Deserialize, Serialize};

record! {
    /// `Unit` as version 1 wrote it (no production date).
    UnitV1 {
        serial: String,
        model: String,
        dealer: String,
        customer: String,
        sale_date: Day,
        acceptance_date: Option<Day>,
        registration_received_date: Option<Day>,
        version: u64,
        updated_at: Instant,
    }
}

record! {
    /// `Unit` as stored from version 2: with its production date.
    Unit => UnitV2 {
        serial: String,
        model: String,
        dealer: String,
        customer: String,
        sale_date: Day,
        acceptance_date: Option<Day>,
        built_on: Option<Day>,
        registration_received_date: Option<Day>,
        version: u64,
        updated_at: Instant,
    }
}

impl UnitV1 {
    /// Version 2 of the unit: no production date known.
    pub fn upgrade(self) -> UnitV2 {
        UnitV2 {
            serial: self.serial,
            model: self.model,
            dealer: self.dealer,
            customer: self.customer,
            sale_date: self.sale_date,
            acceptance_date: self.acceptance_date,
            built_on: None,
            registration_received_date: self.registration_received_date,
            version: self.version,
            updated_at: self.updated_at,
        }
    }
}

record_enum! {
    /// `CoverageStart` as stored, version 1.
    CoverageStart => CoverageStartV1 { Sale, Acceptance }
}

record! {
    /// `PartOverride` as stored, version 1.
    PartOverride => PartOverrideV1 {
        part_no: String,
        months: Option<u32>,
        covered: bool,
    }
}

record! {
    /// `LaborStandard` as stored, version 1.
    LaborStandard => LaborStandardV1 {
        fault_code: String,
        minutes: i64,
    }
}

record! {
    /// `Policy` as version 1 wrote it (no pre-authorization or plausibility settings).
    PolicyV1 {
        model: String,
        effective_from_date: Day,
        months: u32,
        usage_limit_km: Option<i64>,
        usage_limit_hours: Option<i64>,
        coverage_start: CoverageStartV1,
        labor_rate_fen: i64,
        registration_days: i64,
        filing_days: i64,
        return_days: i64,
        part_overrides: Vec<PartOverrideV1>,
        labor_standards: Vec<LaborStandardV1>,
        version: u64,
        updated_at: Instant,
    }
}

record! {
    /// `Policy` as stored from version 2: with the pre-authorization rule and the limits of
    /// the usage checks.
    Policy => PolicyV2 {
        model: String,
        effective_from_date: Day,
        months: u32,
        usage_limit_km: Option<i64>,
        usage_limit_hours: Option<i64>,
        coverage_start: CoverageStartV1,
        labor_rate_fen: i64,
        registration_days: i64,
        filing_days: i64,
        return_days: i64,
        part_overrides: Vec<PartOverrideV1>,
        labor_standards: Vec<LaborStandardV1>,
        preauth_threshold_fen: i64,
        preauth_parts: Vec<String>,
        preauth_fault_codes: Vec<String>,
        preauth_valid_days: i64,
        max_km_per_day: i64,
        near_expiry_days: i64,
        version: u64,
        updated_at: Instant,
    }
}

impl PolicyV1 {
    /// Version 2 of the policy: the settings it did not have take their defaults.
    pub fn upgrade(self) -> PolicyV2 {
        use crate::domain::warranty::defaults;
        PolicyV2 {
            model: self.model,
            effective_from_date: self.effective_from_date,
            months: self.months,
            usage_limit_km: self.usage_limit_km,
            usage_limit_hours: self.usage_limit_hours,
            coverage_start: self.coverage_start,
            labor_rate_fen: self.labor_rate_fen,
            registration_days: self.registration_days,
            filing_days: self.filing_days,
            return_days: self.return_days,
            part_overrides: self.part_overrides,
            labor_standards: self.labor_standards,
            preauth_threshold_fen: defaults::PREAUTH_THRESHOLD_FEN,
            preauth_parts: Vec::new(),
            preauth_fault_codes: Vec::new(),
            preauth_valid_days: defaults::PREAUTH_VALID_DAYS,
            max_km_per_day: defaults::MAX_KM_PER_DAY,
            near_expiry_days: defaults::NEAR_EXPIRY_DAYS,
            version: self.version,
            updated_at: self.updated_at,
        }
    }
}

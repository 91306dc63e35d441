//! Stored records of `domain::warranty`, version 1, and their conversions.

use super::{Convert, record, record_enum};
use crate::domain::warranty::{
    CoverageStart, Finding, FindingCode, LaborStandard, PartOverride, Policy, Severity, Unit,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

record! {
    /// `Unit` as stored, version 1.
    Unit => UnitV1 {
        serial: String,
        model: String,
        dealer: String,
        customer: String,
        sale_date: NaiveDate,
        acceptance_date: Option<NaiveDate>,
        registration_received_date: Option<NaiveDate>,
        version: u64,
        updated_at: DateTime<Utc>,
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
    /// `Policy` as stored, version 1.
    Policy => PolicyV1 {
        model: String,
        effective_from_date: NaiveDate,
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
        updated_at: DateTime<Utc>,
    }
}

record_enum! {
    /// `Severity` as stored, version 1.
    Severity => SeverityV1 { Error, Warning }
}

record_enum! {
    /// `FindingCode` as stored (from claim records version 2).
    FindingCode => FindingCodeV1 {
        PolicyMissing, RegistrationMissing, RegistrationLate, WarrantyExpired, UsageExceeded, PartNotCovered,
        WearPart, FiledLate, DuplicateClaim, LaborOverStandard, OldPartNotReturned
    }
}

record! {
    /// `Finding` as claim records version 1 wrote it: the code as text.
    FindingV1 {
        line: u32,
        code: String,
        severity: SeverityV1,
        message: String,
    }
}

record! {
    /// `Finding` as stored from claim records version 2: the code from a closed set.
    Finding => FindingV2 {
        line: u32,
        code: FindingCodeV1,
        severity: SeverityV1,
        message: String,
    }
}

impl FindingV1 {
    /// The finding with its code parsed; a code no build ever wrote is refused.
    pub fn upgrade(self) -> Result<FindingV2, String> {
        let code = FindingCode::parse(&self.code).ok_or_else(|| format!("unknown finding code {:?}", self.code))?;
        Ok(FindingV2 {
            line: self.line,
            code: code.to_record(),
            severity: self.severity,
            message: self.message,
        })
    }
}

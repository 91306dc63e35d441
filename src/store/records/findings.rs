//! Stored records of `domain::findings`: the code as text in claim records version 1, from a
//! closed set from version 2.

use super::{Convert, record, record_enum};
use crate::domain::findings::{Finding, FindingCode, Severity};
use serde::{Deserialize, Serialize};

record_enum! {
    /// `Severity` as stored, version 1.
    Severity => SeverityV1 { Error, Warning }
}

record_enum! {
    /// `FindingCode` as stored (from claim records version 2).
    FindingCode => FindingCodeV1 {
        PolicyMissing, RegistrationMissing, RegistrationLate, WarrantyExpired, UsageExceeded, PartNotCovered,
        WearPart, FiledLate, DuplicateClaim, LaborOverStandard, OldPartNotReturned, OdometerBackwards,
        UsageImplausible, QtyOverUsage, NearExpiry, PreauthMissing, PreauthExpired, PreauthUsed, OverPreauth,
        CampaignUnitNotListed, CampaignClosed, CampaignAlreadyCompleted
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

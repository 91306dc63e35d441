//! What the automatic checks find on a claim line: a closed set of codes, each an error
//! (the line is rejected at once) or a warning (for the reviewer).

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The line is rejected at once.
    Error,
    /// For the reviewer to weigh.
    Warning,
}

/// What an automatic check found: a closed set, so a reviewer's free-text reason can never
/// pass for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingCode {
    /// No policy for the model on the failure date.
    PolicyMissing,
    /// The registration card never came back.
    RegistrationMissing,
    /// The registration card came back too late.
    RegistrationLate,
    /// The failure is after the coverage end.
    WarrantyExpired,
    /// Usage above the policy limit.
    UsageExceeded,
    /// The part is not covered.
    PartNotCovered,
    /// A wear part (易损件).
    WearPart,
    /// Filed after the filing deadline.
    FiledLate,
    /// The same unit, part and failure date as an earlier claim.
    DuplicateClaim,
    /// Labor above the standard minutes (a warning).
    LaborOverStandard,
    /// The old part did not come back by its due date (the sweep).
    OldPartNotReturned,
    /// The odometer reads below a reading already recorded for the unit.
    OdometerBackwards,
    /// More km per day since the sale than the policy finds plausible (a warning).
    UsageImplausible,
    /// More of a part than the model uses, by the bill of usage.
    QtyOverUsage,
    /// The failure falls in the last days of coverage (a warning).
    NearExpiry,
    /// The claim needs a pre-authorization and cites no usable one.
    PreauthMissing,
    /// The cited pre-authorization has expired.
    PreauthExpired,
    /// The cited pre-authorization was already used by another claim.
    PreauthUsed,
    /// The claim is above the amount pre-authorized (a warning).
    OverPreauth,
    /// The unit is not on the campaign's list.
    CampaignUnitNotListed,
    /// The repair falls outside the campaign's dates, or the campaign is not open.
    CampaignClosed,
    /// The campaign's work on this unit was already claimed.
    CampaignAlreadyCompleted,
}

impl FindingCode {
    /// Every code.
    pub const ALL: &[FindingCode] = &[
        FindingCode::PolicyMissing,
        FindingCode::RegistrationMissing,
        FindingCode::RegistrationLate,
        FindingCode::WarrantyExpired,
        FindingCode::UsageExceeded,
        FindingCode::PartNotCovered,
        FindingCode::WearPart,
        FindingCode::FiledLate,
        FindingCode::DuplicateClaim,
        FindingCode::LaborOverStandard,
        FindingCode::OldPartNotReturned,
        FindingCode::OdometerBackwards,
        FindingCode::UsageImplausible,
        FindingCode::QtyOverUsage,
        FindingCode::NearExpiry,
        FindingCode::PreauthMissing,
        FindingCode::PreauthExpired,
        FindingCode::PreauthUsed,
        FindingCode::OverPreauth,
        FindingCode::CampaignUnitNotListed,
        FindingCode::CampaignClosed,
        FindingCode::CampaignAlreadyCompleted,
    ];

    /// The stable wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::PolicyMissing => "policy_missing",
            FindingCode::RegistrationMissing => "registration_missing",
            FindingCode::RegistrationLate => "registration_late",
            FindingCode::WarrantyExpired => "warranty_expired",
            FindingCode::UsageExceeded => "usage_exceeded",
            FindingCode::PartNotCovered => "part_not_covered",
            FindingCode::WearPart => "wear_part",
            FindingCode::FiledLate => "filed_late",
            FindingCode::DuplicateClaim => "duplicate_claim",
            FindingCode::LaborOverStandard => "labor_over_standard",
            FindingCode::OldPartNotReturned => "old_part_not_returned",
            FindingCode::OdometerBackwards => "odometer_backwards",
            FindingCode::UsageImplausible => "usage_implausible",
            FindingCode::QtyOverUsage => "qty_over_usage",
            FindingCode::NearExpiry => "near_expiry",
            FindingCode::PreauthMissing => "preauth_missing",
            FindingCode::PreauthExpired => "preauth_expired",
            FindingCode::PreauthUsed => "preauth_used",
            FindingCode::OverPreauth => "over_preauth",
            FindingCode::CampaignUnitNotListed => "campaign_unit_not_listed",
            FindingCode::CampaignClosed => "campaign_closed",
            FindingCode::CampaignAlreadyCompleted => "campaign_already_completed",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<FindingCode> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

/// One automatic-check result on one claim line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Line number, from 1.
    pub line: u32,
    /// What was found.
    pub code: FindingCode,
    /// Error or warning.
    pub severity: Severity,
    /// What was found, with the facts (dates, limits).
    pub message: String,
}

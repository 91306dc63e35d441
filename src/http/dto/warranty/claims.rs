//! Bodies of claims: the claim and its lines, the automatic findings, filing, the submit
//! answer and the reviewer's decision.

use crate::commands::claims;
use crate::domain::claims as dom;
use crate::domain::findings;
use crate::domain::money::Fen;
use crate::http::dto::{Wire, dto, dto_enum};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

dto_enum! {
    /// Where a claim stands.
    dom::ClaimStatus => ClaimStatus {
        /// Being written by the dealer.
        Draft,
        /// Checked and waiting for review (or old parts).
        Submitted,
        /// Sent back to the dealer for more information.
        Returned,
        /// Every line decided.
        Decided,
        /// Every accrued line settled with the dealer.
        Settled,
    }
}

dto_enum! {
    /// What a line claims.
    dom::LineKind => LineKind {
        /// A replaced part.
        Part,
        /// Labor.
        Labor,
        /// Travel.
        Travel,
        /// Anything else.
        Other,
    }
}

dto_enum! {
    /// Where a replaced part came from.
    dom::PartSource => PartSource {
        /// Company stock issued on a requisition: claims its net issue cost.
        CompanyStock,
        /// The dealer's own stock: claims dealer price × qty.
        DealerStock,
    }
}

dto_enum! {
    /// Where a claim line stands.
    dom::LineStatus => LineStatus {
        /// Waiting for review.
        Open,
        /// Waiting for its old parts to come back and be inspected.
        AwaitingOldPart,
        /// Approved in full.
        Approved,
        /// Approved for less.
        Reduced,
        /// Refused.
        Rejected,
        /// Paid out in a settlement.
        Settled,
    }
}

dto_enum! {
    /// A reviewer's decision on one line.
    dom::Outcome => Outcome {
        /// Pay in full.
        Approve,
        /// Pay less (`amount_fen`, with a reason).
        Reduce,
        /// Pay nothing (with a reason).
        Reject,
    }
}

dto! {
    /// One line of a claim.
    dom::ClaimLine => ClaimLine {
        /// Line number, from 1 in filing order.
        line: u32,
        /// Kind.
        kind: LineKind,
        /// Part (part lines).
        part_no: Option<String>,
        /// Quantity (part lines).
        qty: Option<i64>,
        /// Source (part lines).
        source: Option<PartSource>,
        /// Requisition the part was issued on (company stock).
        requisition: Option<String>,
        /// Labor minutes (labor lines).
        minutes: Option<i64>,
        /// Note.
        note: Option<String>,
        /// Amount claimed, computed by the server, fen.
        claimed_fen: i64,
        /// Amount approved (after a decision), fen.
        approved_fen: Option<i64>,
        /// Status.
        status: LineStatus,
        /// Why it was reduced or rejected: the reviewer's words, or the code of the automatic
        /// check that rejected it.
        reason: Option<String>,
        /// The automatic check that rejected the line, if one did; only such a rejection may a
        /// reviewer reopen (a reviewer's own reason, whatever its words, never counts).
        rejected_by: Option<FindingCode>,
        /// Automatic-check findings of the last submit.
        findings: Vec<Finding>,
        /// When decided.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        decided_at: Option<DateTime<Utc>>,
        /// Settlement that paid it.
        settlement: Option<String>,
    }
}

dto! {
    /// A dealer's claim for a warranty repair.
    dom::Claim => Claim {
        /// `CL-…`.
        number: String,
        /// Dealer filing it (the unit's dealer).
        dealer: String,
        /// The unit repaired.
        unit_serial: String,
        /// Failure date.
        failure_date: NaiveDate,
        /// Repair date.
        repair_date: NaiveDate,
        /// Odometer, km.
        usage_km: Option<i64>,
        /// Engine hours.
        usage_hours: Option<i64>,
        /// Fault code.
        fault_code: String,
        /// What failed.
        description: String,
        /// The service report.
        service_report: Option<String>,
        /// Lines.
        lines: Vec<ClaimLine>,
        /// Status.
        status: ClaimStatus,
        /// Sum claimed.
        claimed_fen: i64,
        /// Sum approved so far.
        approved_fen: i64,
        /// Filing date: the business date of the first submit.
        filing_date: Option<NaiveDate>,
        /// The reviewer's comment when sent back.
        return_comment: Option<String>,
        /// Version, from 1; every version is kept (`/claims/{id}/versions`).
        version: u64,
        /// Token id of the author.
        author: String,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// First submitted.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        submitted_at: Option<DateTime<Utc>>,
        /// Last submitted.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        last_submitted_at: Option<DateTime<Utc>>,
        /// When every line was decided.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        decided_at: Option<DateTime<Utc>>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
        /// Warranty, campaign or goodwill.
        kind: ClaimKind,
        /// The campaign's code (campaign claims).
        campaign: Option<String>,
        /// The pre-authorization cited (`PA-…`).
        preauthorization: Option<String>,
        /// The service request the work answered (`SV-…`).
        service_request: Option<String>,
    }
}

dto_enum! {
    /// What a claim is for.
    #[derive(Default)]
    dom::ClaimKind => ClaimKind {
        /// A repair under the warranty policy (三包).
        #[default]
        Warranty,
        /// Work of a recall or service campaign: checked against the campaign, not coverage.
        Campaign,
        /// Goodwill outside coverage (with a goodwill pre-authorization).
        Goodwill,
    }
}

dto_enum! {
    /// How bad a finding is.
    findings::Severity => Severity {
        /// The line is rejected at once.
        Error,
        /// For the reviewer to weigh.
        Warning,
    }
}

dto_enum! {
    /// What an automatic check found: a closed set, so a reviewer's free-text reason can never
    /// pass for one.
    findings::FindingCode => FindingCode {
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
}

dto! {
    /// One automatic-check result on one claim line.
    findings::Finding => Finding {
        /// Line number, from 1.
        line: u32,
        /// What was found.
        code: FindingCode,
        /// Error or warning.
        severity: Severity,
        /// What was found, with the facts (dates, limits).
        message: String,
    }
}

dto! {
    /// A claim as filed (and amended).
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"unit_serial": "LZYTBGBW5N1000123", "failure_date": "2026-09-12", "repair_date": "2026-09-14",
        "usage_km": 81300, "fault_code": "BRK-021", "description": "Rear brake chamber leaking", "service_report": "SR-000001",
        "lines": [{"kind": "part", "part_no": "BC-3519", "qty": 1, "source": "company_stock", "requisition": "RQ-000001"},
            {"kind": "labor", "minutes": 150}, {"kind": "travel", "amount_fen": 15000, "note": "42 km round trip"}]}))]
    claims::ClaimInput => ClaimInput {
        /// The unit repaired (one of the dealer's units).
        unit_serial: String,
        /// Failure date.
        failure_date: NaiveDate,
        /// Repair date.
        repair_date: NaiveDate,
        /// Odometer, km.
        #[serde(default)]
        usage_km: Option<i64>,
        /// Engine hours.
        #[serde(default)]
        usage_hours: Option<i64>,
        /// Fault code.
        fault_code: String,
        /// What failed.
        description: String,
        /// The service report.
        #[serde(default)]
        service_report: Option<String>,
        /// Lines, numbered from 1 in this order.
        lines: Vec<ClaimLineInput>,
        /// Warranty (the default), campaign or goodwill.
        #[serde(default)]
        kind: ClaimKind,
        /// The campaign's code (campaign claims only).
        #[serde(default)]
        campaign: Option<String>,
        /// The pre-authorization cited (`PA-…`).
        #[serde(default)]
        preauthorization: Option<String>,
        /// The service request the work answered (`SV-…`): one the caller sees, for the same
        /// unit, not cancelled.
        #[serde(default)]
        service_request: Option<String>,
    }
}

dto! {
    /// A reviewer's decision on one line.
    #[serde(deny_unknown_fields)]
    claims::LineDecision => LineDecision {
        /// Line number.
        line: u32,
        /// `approve`, `reduce` or `reject`.
        outcome: Outcome,
        /// Approved amount (reduce only; less than claimed).
        #[serde(default)]
        amount_fen: Option<i64>,
        /// Why (required to reduce, reject or reopen; e.g. `misuse`).
        #[serde(default)]
        reason: Option<String>,
        /// Reopen a line the automatic checks rejected, then decide it.
        #[serde(default)]
        reopen: bool,
    }
}

dto! {
    /// The answer to a submit: the status and every finding.
    claims::SubmitResult => SubmitResult {
        /// Claim status after the checks.
        status: ClaimStatus,
        /// Findings per line; `error` lines were rejected at once.
        findings: Vec<Finding>,
        /// The claim.
        claim: Claim,
    }
}

/// One claimed line.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClaimLineInput {
    /// A replaced part.
    Part {
        /// Part.
        part_no: String,
        /// Quantity.
        qty: i64,
        /// `company_stock` (cite the requisition) or `dealer_stock`.
        source: PartSource,
        /// The warranty requisition it was issued on (company stock).
        #[serde(default)]
        requisition: Option<String>,
        /// Note.
        #[serde(default)]
        note: Option<String>,
    },
    /// Labor at the policy's rate.
    Labor {
        /// Minutes.
        minutes: i64,
        /// Note.
        #[serde(default)]
        note: Option<String>,
    },
    /// Travel.
    Travel {
        /// Amount, fen.
        amount_fen: i64,
        /// Note.
        #[serde(default)]
        note: Option<String>,
    },
    /// Other cost.
    Other {
        /// Amount, fen.
        amount_fen: i64,
        /// Note.
        #[serde(default)]
        note: Option<String>,
    },
}

impl Wire<claims::ClaimLineInput> for ClaimLineInput {
    fn from_domain(value: claims::ClaimLineInput) -> Self {
        use claims::ClaimLineInput as C;
        match value {
            C::Part {
                part_no,
                qty,
                source,
                requisition,
                note,
            } => ClaimLineInput::Part {
                part_no: part_no.to_string(),
                qty,
                source: source.into(),
                requisition,
                note,
            },
            C::Labor { minutes, note } => ClaimLineInput::Labor { minutes, note },
            C::Travel { amount_fen, note } => ClaimLineInput::Travel {
                amount_fen: amount_fen.get(),
                note,
            },
            C::Other { amount_fen, note } => ClaimLineInput::Other {
                amount_fen: amount_fen.get(),
                note,
            },
        }
    }
    fn into_domain(self) -> claims::ClaimLineInput {
        use claims::ClaimLineInput as C;
        match self {
            ClaimLineInput::Part {
                part_no,
                qty,
                source,
                requisition,
                note,
            } => C::Part {
                part_no: part_no.into(),
                qty,
                source: source.into(),
                requisition,
                note,
            },
            ClaimLineInput::Labor { minutes, note } => C::Labor { minutes, note },
            ClaimLineInput::Travel { amount_fen, note } => C::Travel {
                amount_fen: Fen(amount_fen),
                note,
            },
            ClaimLineInput::Other { amount_fen, note } => C::Other {
                amount_fen: Fen(amount_fen),
                note,
            },
        }
    }
}

/// What a reviewer does with a claim.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[schema(example = json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}, {"line": 2, "outcome": "reduce", "amount_fen": 16000, "reason": "labor over standard"}]}))]
pub enum ReviewInput {
    /// Decide lines.
    Decide {
        /// Decisions.
        lines: Vec<LineDecision>,
    },
    /// Send the claim back to the dealer for more information.
    Return {
        /// What the dealer must add or correct.
        comment: String,
    },
}

impl From<ReviewInput> for claims::ReviewInput {
    fn from(value: ReviewInput) -> Self {
        match value {
            ReviewInput::Decide { lines } => claims::ReviewInput::Decide {
                lines: Wire::into_domain(lines),
            },
            ReviewInput::Return { comment } => claims::ReviewInput::Return { comment },
        }
    }
}

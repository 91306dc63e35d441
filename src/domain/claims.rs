//! Warranty claims (三包索赔) and old-part tags (旧件): states, amounts and the posting of
//! every decision.

use crate::domain::findings::{Finding, FindingCode};
use crate::domain::ids::{DocNo, PartNo, Serial};
use crate::domain::ledger::{Posting, accounts};
use crate::domain::money::Fen;
use chrono::{DateTime, NaiveDate, Utc};

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
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

/// What a claim is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClaimKind {
    /// A repair under the warranty policy (三包).
    #[default]
    Warranty,
    /// Work of a recall or service campaign: checked against the campaign, not coverage.
    Campaign,
    /// Goodwill outside coverage (with a goodwill pre-authorization).
    Goodwill,
}

/// What a line claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A replaced part.
    Part,
    /// Labor.
    Labor,
    /// Travel.
    Travel,
    /// Anything else.
    Other,
}

/// Where a replaced part came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartSource {
    /// Company stock issued on a requisition: claims its net issue cost.
    CompanyStock,
    /// The dealer's own stock: claims dealer price × qty.
    DealerStock,
}

/// Where a claim line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStatus {
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

impl LineStatus {
    /// Whether the line has been decided (approved, reduced, rejected or settled).
    pub fn is_decided(self) -> bool {
        matches!(
            self,
            LineStatus::Approved | LineStatus::Reduced | LineStatus::Rejected | LineStatus::Settled
        )
    }
}

/// A reviewer's decision on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Pay in full.
    Approve,
    /// Pay less (`amount_fen`, with a reason).
    Reduce,
    /// Pay nothing (with a reason).
    Reject,
}

/// One line of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimLine {
    /// Line number, from 1 in filing order.
    pub line: u32,
    /// Kind.
    pub kind: LineKind,
    /// Part (part lines).
    pub part_no: Option<PartNo>,
    /// Quantity (part lines).
    pub qty: Option<i64>,
    /// Source (part lines).
    pub source: Option<PartSource>,
    /// Requisition the part was issued on (company stock).
    pub requisition: Option<String>,
    /// Labor minutes (labor lines).
    pub minutes: Option<i64>,
    /// Note.
    pub note: Option<String>,
    /// Amount claimed, computed by the server, fen.
    pub claimed_fen: Fen,
    /// Amount approved (after a decision), fen.
    pub approved_fen: Option<Fen>,
    /// Status.
    pub status: LineStatus,
    /// Why it was reduced or rejected: the reviewer's words, or the code of the automatic
    /// check that rejected it.
    pub reason: Option<String>,
    /// The automatic check that rejected the line, if one did; only such a rejection may a
    /// reviewer reopen (a reviewer's own reason, whatever its words, never counts).
    pub rejected_by: Option<FindingCode>,
    /// Automatic-check findings of the last submit.
    pub findings: Vec<Finding>,
    /// When decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// Settlement that paid it.
    pub settlement: Option<DocNo>,
}

impl ClaimLine {
    /// The expense account an approved line of this kind debits.
    pub fn expense_account(&self) -> &'static str {
        match self.kind {
            LineKind::Part => "warranty:expense:parts",
            LineKind::Labor => "warranty:expense:labor",
            LineKind::Travel => "warranty:expense:travel",
            LineKind::Other => "warranty:expense:other",
        }
    }

    /// Whether the line's cost sits in `warranty:pending` (a company-stock part).
    pub fn is_company_stock(&self) -> bool {
        self.source == Some(PartSource::CompanyStock)
    }

    /// Whether a decision of this line credited `warranty:accrued` (and so is settled with
    /// the dealer): approved or reduced, not company stock.
    pub fn accrues(&self) -> bool {
        !self.is_company_stock()
            && matches!(
                self.status,
                LineStatus::Approved | LineStatus::Reduced | LineStatus::Settled
            )
    }
}

/// Who decided a line, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// An automatic check (at submit, or the old-part sweep).
    Check(FindingCode),
    /// A reviewer, in their own words (required to reduce or reject).
    Reviewer(Option<String>),
}

impl ClaimLine {
    /// Records who decided the line and why.
    pub fn record_why(&mut self, why: Why) {
        (self.rejected_by, self.reason) = match why {
            Why::Check(code) => (Some(code), Some(code.as_str().to_string())),
            Why::Reviewer(reason) => (None, reason),
        };
    }

    /// Whether a reviewer may reopen the line: an automatic check rejected it.
    pub fn reopenable(&self) -> bool {
        self.status == LineStatus::Rejected && self.rejected_by.is_some()
    }
}

/// The journal lines of deciding `line` for `dealer` with `outcome` at `approved_fen`.
///
/// | outcome | company stock (claimed c) | dealer stock, labor, travel, other |
/// |---|---|---|
/// | approve a=c | Dr expense c / Cr pending c | Dr expense a / Cr accrued a |
/// | reduce a<c | Dr expense a, Dr dealer c−a / Cr pending c | Dr expense a / Cr accrued a |
/// | reject | Dr dealer c / Cr pending c | — |
///
/// `expense` is the account the claim's line debits (`Claim::expense_account_of`).
pub fn decision_posting(
    line: &ClaimLine,
    outcome: Outcome,
    approved_fen: Fen,
    dealer: &str,
    expense: String,
) -> Posting {
    let c = line.claimed_fen;
    let a = if outcome == Outcome::Reject {
        Fen::ZERO
    } else {
        approved_fen
    };
    if line.is_company_stock() {
        Posting::new()
            .debit(expense, a)
            .debit(accounts::dealer(dealer), c - a)
            .credit(accounts::WARRANTY_PENDING, c)
    } else {
        Posting::new().debit(expense, a).credit(accounts::WARRANTY_ACCRUED, a)
    }
}

/// A dealer's claim for a warranty repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// `CL-…`.
    pub number: DocNo,
    /// Dealer filing it (the unit's dealer).
    pub dealer: String,
    /// The unit repaired.
    pub unit_serial: Serial,
    /// Failure date.
    pub failure_date: NaiveDate,
    /// Repair date.
    pub repair_date: NaiveDate,
    /// Odometer, km.
    pub usage_km: Option<i64>,
    /// Engine hours.
    pub usage_hours: Option<i64>,
    /// Fault code.
    pub fault_code: String,
    /// What failed.
    pub description: String,
    /// The service report.
    pub service_report: Option<DocNo>,
    /// Lines.
    pub lines: Vec<ClaimLine>,
    /// Status.
    pub status: ClaimStatus,
    /// Sum claimed.
    pub claimed_fen: Fen,
    /// Sum approved so far.
    pub approved_fen: Fen,
    /// Filing date: the business date of the first submit.
    pub filing_date: Option<NaiveDate>,
    /// The reviewer's comment when sent back.
    pub return_comment: Option<String>,
    /// Version, from 1; every version is kept (`/claims/{id}/versions`).
    pub version: u64,
    /// Token id of the author.
    pub author: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// First submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last submitted.
    pub last_submitted_at: Option<DateTime<Utc>>,
    /// When every line was decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Warranty, campaign or goodwill.
    pub kind: ClaimKind,
    /// The campaign's code (campaign claims).
    pub campaign: Option<String>,
    /// The pre-authorization cited (`PA-…`).
    pub preauthorization: Option<DocNo>,
    /// The service request the work answered (`SV-…`).
    pub service_request: Option<DocNo>,
}

/// Where an old part stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagStatus {
    /// Due back from the dealer.
    Due,
    /// Shipped by the dealer.
    Shipped,
    /// Received at the old-parts store.
    Received,
    /// Inspected and disposed.
    Inspected,
    /// Not back by its due date; its claim line was rejected.
    Overdue,
}

/// What the inspection found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Fit for reuse: to the reusable store.
    Reusable,
    /// Scrap.
    Scrap,
    /// The supplier is to blame: kept as evidence for the supplier claim.
    SupplierFault,
}

/// One returned old part (one tag per unit of quantity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldPart {
    /// `OP-2026-000123`.
    pub tag: DocNo,
    /// Claim.
    pub claim: DocNo,
    /// Claim line.
    pub line: u32,
    /// Part.
    pub part_no: PartNo,
    /// Dealer who must return it.
    pub dealer: String,
    /// Unit it came off.
    pub unit_serial: Serial,
    /// Due back by (repair date + return days).
    pub due_date: NaiveDate,
    /// Status.
    pub status: TagStatus,
    /// Carrier reference of the shipment.
    pub carrier_ref: Option<String>,
    /// Where it is held once received.
    pub location: Option<String>,
    /// When it was received.
    pub received_at: Option<DateTime<Utc>>,
    /// Inspection result.
    pub disposition: Option<Disposition>,
    /// Supplier to blame (supplier fault).
    pub supplier: Option<String>,
    /// Inspection notes and photo references.
    pub notes: Option<String>,
    /// When inspected.
    pub inspected_at: Option<DateTime<Utc>>,
    /// Supplier claim that used it as evidence.
    pub supplier_claim: Option<DocNo>,
    /// Version, from 1.
    pub version: u64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Claim {
    /// The campaign whose accounts the claim's approved lines debit (campaign claims).
    pub fn campaign_account(&self) -> Option<&str> {
        match self.kind {
            ClaimKind::Campaign => self.campaign.as_deref(),
            _ => None,
        }
    }

    /// The account an approved `line` of this claim debits: a campaign claim's
    /// `campaign:<code>:<kind>`, a goodwill claim's `warranty:expense:goodwill`, otherwise
    /// `warranty:expense:<kind>`.
    pub fn expense_account_of(&self, line: &ClaimLine) -> String {
        match (self.kind, self.campaign_account()) {
            (_, Some(code)) => crate::domain::campaigns::Campaign::account(code, line.kind),
            (ClaimKind::Goodwill, None) => crate::domain::preauth_claims::GOODWILL_EXPENSE.to_owned(),
            _ => line.expense_account().to_string(),
        }
    }
}

//! Warranty claims: filed by a dealer, checked at submit, decided line by line by a
//! reviewer; every decision posts in the same transaction, and every version is kept.

mod check;
mod cite;
pub mod decision;
mod file;
mod preauth;
mod review;
mod submit;
mod usage;

pub use check::check;
pub use file::{amend, create};
pub use review::review;
pub use submit::submit;

use crate::domain::claims::{Claim, ClaimKind, ClaimStatus, Outcome, PartSource};
use crate::domain::findings::Finding;
use crate::domain::ids::{DocNo, PartNo, Serial};
use crate::domain::money::Fen;
use crate::error::Result;
use crate::store::keys::Key;
use crate::store::repo;
use crate::store::{Read, Scan, Table};
use chrono::NaiveDate;

/// A claim as filed (and amended).
#[derive(Debug, Clone)]
pub struct ClaimInput {
    /// The unit repaired (one of the dealer's units).
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
    /// Lines, numbered from 1 in this order.
    pub lines: Vec<ClaimLineInput>,
    /// Warranty (the default), campaign or goodwill.
    pub kind: ClaimKind,
    /// The campaign's code (campaign claims only).
    pub campaign: Option<String>,
    /// The pre-authorization cited (`PA-…`).
    pub preauthorization: Option<DocNo>,
    /// The service request the work answered (`SV-…`): seen by the caller, same unit, not
    /// cancelled; its detail then lists the claim.
    pub service_request: Option<DocNo>,
}

/// One claimed line.
#[derive(Debug, Clone)]
pub enum ClaimLineInput {
    /// A replaced part.
    Part {
        /// Part.
        part_no: PartNo,
        /// Quantity.
        qty: i64,
        /// `company_stock` (cite the requisition) or `dealer_stock`.
        source: PartSource,
        /// The warranty requisition it was issued on (company stock).
        requisition: Option<String>,
        /// Note.
        note: Option<String>,
    },
    /// Labor at the policy's rate.
    Labor {
        /// Minutes.
        minutes: i64,
        /// Note.
        note: Option<String>,
    },
    /// Travel.
    Travel {
        /// Amount, fen.
        amount_fen: Fen,
        /// Note.
        note: Option<String>,
    },
    /// Other cost.
    Other {
        /// Amount, fen.
        amount_fen: Fen,
        /// Note.
        note: Option<String>,
    },
}

/// The answer to a submit: the status and every finding.
#[derive(Debug, Clone)]
pub struct SubmitResult {
    /// Claim status after the checks.
    pub status: ClaimStatus,
    /// Findings per line; `error` lines were rejected at once.
    pub findings: Vec<Finding>,
    /// The claim.
    pub claim: Claim,
}

/// A reviewer's decision on one line.
#[derive(Debug, Clone)]
pub struct LineDecision {
    /// Line number.
    pub line: u32,
    /// `approve`, `reduce` or `reject`.
    pub outcome: Outcome,
    /// Approved amount (reduce only; less than claimed).
    pub amount_fen: Option<Fen>,
    /// Why (required to reduce, reject or reopen; e.g. `misuse`).
    pub reason: Option<String>,
    /// Reopen a line the automatic checks rejected, then decide it.
    pub reopen: bool,
}

/// What a reviewer does with a claim.
#[derive(Debug, Clone)]
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

/// Every version of a claim, oldest first.
pub fn versions(r: &dyn Read, number: &str) -> Result<Vec<Claim>> {
    let prefix = Key::new().str(number).into_bytes();
    Ok(
        repo::decode_all::<Claim>(r.scan(Table::ClaimVersions, &Scan::prefix(&prefix))?)?
            .into_iter()
            .map(|(_, c)| c)
            .collect(),
    )
}

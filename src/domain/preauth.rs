//! Pre-authorization (预授权): a dealer asks before an expensive or listed repair, with an
//! estimate; a reviewer or supervisor approves (possibly for less), rejects or returns it
//! for more information. The state machine, the policy's rule for when one is needed, and
//! whether one may be cited by a claim.

use crate::domain::claims::LineKind;
use crate::domain::findings::{Finding, FindingCode, Severity};
use crate::domain::ids::{PartNo, Serial};
use crate::domain::money::Fen;
use crate::domain::warranty::{Policy, Unit, labor_amount};
use crate::error::{Error, Result};
use chrono::{DateTime, Days, NaiveDate, Utc};

/// The entity name in refusals and audit events.
pub const ENTITY: &str = "preauthorization";
/// Most estimate lines on one request.
pub const LINES_MAX: usize = 100;

/// Where a pre-authorization stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreauthStatus {
    /// Being written by the dealer.
    Draft,
    /// Waiting for a decision.
    Submitted,
    /// Approved for the estimate's total.
    Approved,
    /// Approved for less than the estimate.
    Reduced,
    /// Refused.
    Rejected,
    /// Sent back for more information; the dealer amends and submits again.
    Returned,
    /// Withdrawn by the dealer before a decision.
    Cancelled,
}

impl PreauthStatus {
    /// Approved, in full or for less: the states a claim may cite.
    pub fn is_approved(self) -> bool {
        matches!(self, PreauthStatus::Approved | PreauthStatus::Reduced)
    }
}

impl crate::domain::status::Named for PreauthStatus {
    fn name(&self) -> &'static str {
        match self {
            PreauthStatus::Draft => "draft",
            PreauthStatus::Submitted => "submitted",
            PreauthStatus::Approved => "approved",
            PreauthStatus::Reduced => "reduced",
            PreauthStatus::Rejected => "rejected",
            PreauthStatus::Returned => "returned",
            PreauthStatus::Cancelled => "cancelled",
        }
    }
}

/// A reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreauthDecision {
    /// Approve: the estimate's total, or the amount given when it is lower (reduced).
    Approve,
    /// Refuse.
    Reject,
    /// Send back for more information.
    Return,
}

/// A decision as the reviewer gives it.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    /// Approve, reject or return.
    pub decision: PreauthDecision,
    /// The amount approved (approve only; default the estimate's total; lower reduces).
    pub amount_fen: Option<Fen>,
    /// Why: required to reduce, reject or return.
    pub note: Option<String>,
}

/// One line of the estimate, like a claim line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstimateLine {
    /// Line number, from 1.
    pub line: u32,
    /// Part, labor, travel or other.
    pub kind: LineKind,
    /// The part of a part line.
    pub part_no: Option<PartNo>,
    /// Quantity; on a labor line, minutes.
    pub qty: i64,
    /// Price per piece, fen; on a labor line, the rate per hour.
    pub unit_price_fen: Fen,
    /// The line's amount: qty × price (labor: rate × minutes ÷ 60, half up).
    pub amount_fen: Fen,
    /// Note.
    pub note: Option<String>,
}

impl EstimateLine {
    /// The amount of `qty` at `unit_price` for a line of `kind`.
    pub fn amount(kind: LineKind, qty: i64, unit_price: Fen) -> Fen {
        match kind {
            LineKind::Labor => labor_amount(unit_price, qty),
            _ => Fen(unit_price.get().saturating_mul(qty)),
        }
    }
}

/// A pre-authorization request (`PA-…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preauthorization {
    /// Number, `PA-000042`.
    pub number: String,
    /// The dealer asking (the unit's dealer).
    pub dealer: String,
    /// The unit.
    pub unit_serial: Serial,
    /// Fault code.
    pub fault_code: String,
    /// What is wrong and what the dealer means to do.
    pub description: String,
    /// Goodwill (善意补偿): a repair outside coverage the manufacturer may still pay.
    pub goodwill: bool,
    /// The estimate.
    pub lines: Vec<EstimateLine>,
    /// The estimate's total, fen.
    pub total_fen: Fen,
    /// Status.
    pub status: PreauthStatus,
    /// The amount authorized (approved or reduced), fen.
    pub approved_fen: Option<Fen>,
    /// Last day the authorization may be used (approved or reduced).
    pub expires_on: Option<NaiveDate>,
    /// The reviewer's words: why reduced, rejected or returned.
    pub decision_note: Option<String>,
    /// Who decided (token id).
    pub decided_by: Option<String>,
    /// When decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// The claim that used it, once one does.
    pub used_by_claim: Option<String>,
    /// Who asked (token id).
    pub requested_by: String,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Version, from 1.
    pub version: u64,
}

impl Preauthorization {
    fn refuse(&self, action: &'static str) -> Error {
        Error::invalid_state(ENTITY, &self.number, &self.status, action)
    }

    /// Replaces the estimate (draft or returned only).
    pub fn amend(
        &mut self,
        fault_code: String,
        description: String,
        goodwill: bool,
        lines: Vec<EstimateLine>,
    ) -> Result<()> {
        if !matches!(self.status, PreauthStatus::Draft | PreauthStatus::Returned) {
            return Err(self.refuse("amend"));
        }
        self.total_fen = total(&lines);
        self.fault_code = fault_code;
        self.description = description;
        self.goodwill = goodwill;
        self.lines = lines;
        Ok(())
    }

    /// Submits a draft, or a returned request once amended.
    pub fn submit(&mut self, now: DateTime<Utc>) -> Result<()> {
        if !matches!(self.status, PreauthStatus::Draft | PreauthStatus::Returned) {
            return Err(self.refuse("submit"));
        }
        if self.lines.is_empty() {
            return Err(Error::invalid("lines", "an estimate needs at least one line"));
        }
        self.status = PreauthStatus::Submitted;
        self.submitted_at = Some(now);
        Ok(())
    }

    /// Withdraws a request not yet decided.
    pub fn cancel(&mut self) -> Result<()> {
        if !matches!(
            self.status,
            PreauthStatus::Draft | PreauthStatus::Submitted | PreauthStatus::Returned
        ) {
            return Err(self.refuse("cancel"));
        }
        self.status = PreauthStatus::Cancelled;
        Ok(())
    }

    /// Decides a submitted request. `actor` is the decider's token id (never the
    /// requester's: `self_approval`); `today` the business date; `valid_days` the policy's
    /// validity. Approving with an amount below the total reduces; above it is refused. A
    /// reduction, rejection or return needs a note.
    pub fn decide(
        &mut self,
        actor: &str,
        now: DateTime<Utc>,
        today: NaiveDate,
        input: DecisionInput,
        valid_days: i64,
    ) -> Result<()> {
        let DecisionInput {
            decision,
            amount_fen: amount,
            note,
        } = input;
        if self.status != PreauthStatus::Submitted {
            return Err(self.refuse("decide"));
        }
        if actor == self.requested_by {
            return Err(Error::SelfApproval);
        }
        let needs_note = |note: &Option<String>| {
            if note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                Err(Error::invalid("note", "say why"))
            } else {
                Ok(())
            }
        };
        match decision {
            PreauthDecision::Approve => {
                let approved = amount.unwrap_or(self.total_fen);
                if approved.get() <= 0 {
                    return Err(Error::invalid("amount_fen", "must be above zero"));
                }
                if approved > self.total_fen {
                    return Err(Error::invalid(
                        "amount_fen",
                        format!("must not exceed the estimate's total of {} fen", self.total_fen.get()),
                    ));
                }
                self.status = if approved < self.total_fen {
                    needs_note(&note)?;
                    PreauthStatus::Reduced
                } else {
                    PreauthStatus::Approved
                };
                self.approved_fen = Some(approved);
                self.expires_on = Some(expiry(today, valid_days));
            }
            PreauthDecision::Reject | PreauthDecision::Return => {
                if amount.is_some() {
                    return Err(Error::invalid("amount_fen", "only an approval has an amount"));
                }
                needs_note(&note)?;
                self.status = if decision == PreauthDecision::Reject {
                    PreauthStatus::Rejected
                } else {
                    PreauthStatus::Returned
                };
                self.approved_fen = None;
                self.expires_on = None;
            }
        }
        self.decision_note = note;
        self.decided_by = Some(actor.to_owned());
        self.decided_at = Some(now);
        Ok(())
    }
}

/// The total of an estimate.
pub fn total(lines: &[EstimateLine]) -> Fen {
    Fen(lines.iter().map(|l| l.amount_fen.get()).fold(0i64, i64::saturating_add))
}

/// The last day an authorization decided on `today` may be used: `today` + `valid_days`.
pub fn expiry(today: NaiveDate, valid_days: i64) -> NaiveDate {
    today
        .checked_add_days(Days::new(valid_days.max(0) as u64))
        .unwrap_or(NaiveDate::MAX)
}

/// Why a claim needs a pre-authorization under `policy`, if it does: the total above the
/// threshold (the threshold itself does not need one), a listed part, or a listed fault
/// code. The first reason found, in that order.
pub fn needs_preauth(policy: &Policy, claim_total: Fen, parts: &[PartNo], fault_code: &str) -> Option<String> {
    if claim_total > policy.preauth_threshold_fen {
        return Some(format!(
            "the claim's total of {} fen is above the pre-authorization threshold of {} fen",
            claim_total.get(),
            policy.preauth_threshold_fen.get()
        ));
    }
    if let Some(p) = parts.iter().find(|p| policy.preauth_parts.contains(p)) {
        return Some(format!("part {p} needs a pre-authorization"));
    }
    if policy.preauth_fault_codes.iter().any(|c| c == fault_code) {
        return Some(format!("fault code {fault_code} needs a pre-authorization"));
    }
    None
}

/// Whether `pa` may be cited by a claim on `unit` repaired on `today`: approved (or
/// reduced), for the same unit, not yet used by a claim, and not expired (the expiry day
/// itself is still good). The finding says why not.
pub fn preauth_usable(pa: &Preauthorization, unit: &Unit, today: NaiveDate) -> std::result::Result<(), Finding> {
    let finding = |code: FindingCode, message: String| Finding {
        line: 0,
        code,
        severity: Severity::Error,
        message,
    };
    if !pa.status.is_approved() || pa.unit_serial != unit.serial {
        return Err(finding(
            FindingCode::PreauthMissing,
            format!("{} is no approved pre-authorization for {}", pa.number, unit.serial),
        ));
    }
    if let Some(claim) = &pa.used_by_claim {
        return Err(finding(
            FindingCode::PreauthUsed,
            format!("{} was already used by claim {claim}", pa.number),
        ));
    }
    match pa.expires_on {
        Some(last) if today <= last => Ok(()),
        last => Err(finding(
            FindingCode::PreauthExpired,
            format!(
                "{} expired on {}; today is {today}",
                pa.number,
                last.map_or_else(|| "-".to_owned(), |d| d.to_string())
            ),
        )),
    }
}

#[cfg(test)]
#[path = "preauth_tests.rs"]
mod tests;

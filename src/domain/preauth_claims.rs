//! A claim and its pre-authorization: whether the claim must cite one, whether the one it
//! cites may be used (on the repair date), the goodwill rule, and the cap the authorized
//! amount puts on what a reviewer approves.

use crate::domain::claims::{ClaimKind, Outcome};
use crate::domain::findings::{Finding, FindingCode, Severity};
use crate::domain::money::Fen;
use crate::domain::preauth::{Preauthorization, preauth_usable};
use crate::domain::warranty::Unit;
use crate::error::{Error, Result};
use chrono::NaiveDate;

/// The account approved goodwill lines debit, whatever their kind.
pub const GOODWILL_EXPENSE: &str = "warranty:expense:goodwill";

/// What the pre-authorization checks read.
#[derive(Debug, Clone)]
pub struct PreauthFacts<'a> {
    /// The claim's number (a pre-authorization it already holds is not "used").
    pub claim_number: &'a str,
    /// Warranty, campaign or goodwill.
    pub kind: ClaimKind,
    /// The unit repaired.
    pub unit: &'a Unit,
    /// Repair date: the authorization must not have expired by then.
    pub repair_date: NaiveDate,
    /// Why the policy requires a pre-authorization (`needs_preauth`), if it does.
    pub needs: Option<String>,
    /// The number the claim cites.
    pub cited: Option<&'a str>,
    /// The cited pre-authorization, when it exists and is the claim's dealer's.
    pub found: Option<&'a Preauthorization>,
    /// The claim's total, fen.
    pub claim_total: Fen,
}

/// The pre-authorization findings of a claim, on every line of `lines`:
/// `preauth_missing` (error) when one is required (the policy's rule, or a goodwill claim)
/// and none is cited, when the cited one does not exist, is another dealer's, is not
/// approved, is for another unit, or (goodwill claim) is no goodwill one;
/// `preauth_used` (error) when another claim used it; `preauth_expired` (error) when it
/// expired before the repair date (the expiry day itself is good); `over_preauth`
/// (warning) when the claim's total is above the authorized amount. A cited one is checked
/// even when none was required.
pub fn findings(f: &PreauthFacts<'_>, lines: &[u32]) -> Vec<Finding> {
    let required = f.needs.clone().or_else(|| {
        (f.kind == ClaimKind::Goodwill).then(|| "a goodwill claim needs a goodwill pre-authorization".to_owned())
    });
    let missing = |message: String| (FindingCode::PreauthMissing, Severity::Error, message);
    let found = match (f.cited, f.found) {
        (None, _) => required.map(missing),
        (Some(number), None) => Some(missing(format!(
            "{number} is no pre-authorization of the unit's dealer"
        ))),
        (Some(_), Some(pa)) if f.kind == ClaimKind::Goodwill && !pa.goodwill => {
            Some(missing(format!("{} is not a goodwill pre-authorization", pa.number)))
        }
        (Some(_), Some(pa)) => {
            let mut pa = pa.clone();
            if pa.used_by_claim.as_deref() == Some(f.claim_number) {
                pa.used_by_claim = None;
            }
            match preauth_usable(&pa, f.unit, f.repair_date) {
                Err(e) => Some((e.code, e.severity, e.message)),
                Ok(()) => {
                    let authorized = pa.approved_fen.unwrap_or_default();
                    (f.claim_total > authorized).then(|| {
                        (
                            FindingCode::OverPreauth,
                            Severity::Warning,
                            format!(
                                "the claim's total of {} fen is above the {} fen {} authorized",
                                f.claim_total.get(),
                                authorized.get(),
                                pa.number
                            ),
                        )
                    })
                }
            }
        }
    };
    let Some((code, severity, message)) = found else {
        return Vec::new();
    };
    lines
        .iter()
        .map(|&line| Finding {
            line,
            code,
            severity,
            message: message.clone(),
        })
        .collect()
}

/// Whether `code` is a coverage finding, which a goodwill claim (outside coverage by
/// design) does not meet: registration, warranty period, usage limit, part not covered,
/// wear part.
pub fn is_coverage(code: FindingCode) -> bool {
    matches!(
        code,
        FindingCode::RegistrationMissing
            | FindingCode::RegistrationLate
            | FindingCode::WarrantyExpired
            | FindingCode::UsageExceeded
            | FindingCode::PartNotCovered
            | FindingCode::WearPart
    )
}

/// Caps a reviewer's decision of one line of a claim whose pre-authorization leaves `room`
/// fen (the authorized amount less what the claim's other lines approved). An approval
/// above the room is reduced to it, or rejected when nothing is left; a reduction above
/// the room is refused; a rejection stays. Answers the outcome and amount to book, and
/// whether the cap changed them.
pub fn cap(field: &str, outcome: Outcome, amount: Fen, room: Fen) -> Result<(Outcome, Fen, bool)> {
    match outcome {
        Outcome::Reject => Ok((outcome, amount, false)),
        _ if amount <= room => Ok((outcome, amount, false)),
        Outcome::Approve if room > Fen::ZERO => Ok((Outcome::Reduce, room, true)),
        Outcome::Approve => Ok((Outcome::Reject, Fen::ZERO, true)),
        Outcome::Reduce => Err(Error::invalid(
            format!("{field}.amount_fen"),
            format!("the pre-authorization leaves {} fen for this claim", room.get().max(0)),
        )),
    }
}

#[cfg(test)]
#[path = "preauth_claims_tests.rs"]
mod tests;

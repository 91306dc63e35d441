//! A claim's life: draft → submitted (the checks run) → decided line by line → settled; a
//! reviewer may send a submitted claim back (`returned`) before any line is decided, and
//! the dealer amends and submits it again. Each step checks the state it starts from.

use crate::domain::claims::{Claim, ClaimStatus, LineStatus, Outcome};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};

/// What deciding one line takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStep {
    /// The line is open: decide it.
    Decide,
    /// A check rejected it and the reviewer reopens it: reverse that, then decide.
    ReopenThenDecide,
}

impl Claim {
    fn refuse(&self, action: &'static str) -> Error {
        Error::invalid_state(DocumentKind::Claim.entity(), &self.number, &self.status, action)
    }

    /// Refuses `action` (amend, submit) unless the claim is a draft or was sent back.
    pub fn check_editable(&self, action: &'static str) -> Result<()> {
        match self.status {
            ClaimStatus::Draft | ClaimStatus::Returned => Ok(()),
            _ => Err(self.refuse(action)),
        }
    }

    /// Sends a submitted claim back to the dealer with `comment`, before any line is decided.
    pub fn send_back(&mut self, comment: String) -> Result<()> {
        if self.status != ClaimStatus::Submitted {
            return Err(self.refuse("send_back"));
        }
        if let Some(decided) = self.lines.iter().find(|l| l.status.is_decided()) {
            return Err(Error::LineAlreadyDecided {
                entity: DocumentKind::Claim.entity(),
                key: self.number.to_string(),
                line: decided.line,
            });
        }
        self.status = ClaimStatus::Returned;
        self.return_comment = Some(comment);
        Ok(())
    }

    /// Refuses a review unless the claim is submitted (or decided, for a reopened line).
    pub fn check_reviewable(&self) -> Result<()> {
        match self.status {
            ClaimStatus::Submitted | ClaimStatus::Decided => Ok(()),
            _ => Err(self.refuse("review")),
        }
    }

    /// The amount and step of deciding line `i` with `outcome`: the claimed amount, 0, or a
    /// reduced `amount_fen` strictly between; a reason to reduce, reject or reopen; never a
    /// line waiting for its old part or decided already (unless a check rejected it and the
    /// reviewer reopens it). `field` names the request's line in refusals.
    pub fn plan_decision(
        &self,
        i: usize,
        field: &str,
        outcome: Outcome,
        amount_fen: Option<Fen>,
        reason: Option<&str>,
        reopen: bool,
    ) -> Result<(Fen, LineStep)> {
        let line = &self.lines[i];
        let claimed = line.claimed_fen;
        let amount = match outcome {
            Outcome::Approve => claimed,
            Outcome::Reject => Fen::ZERO,
            Outcome::Reduce => match amount_fen {
                Some(a) if a > Fen::ZERO && a < claimed => a,
                _ => {
                    return Err(Error::invalid(
                        format!("{field}.amount_fen"),
                        format!(
                            "a reduced amount is more than 0 and less than the {} fen claimed",
                            claimed.get()
                        ),
                    ));
                }
            },
        };
        if outcome != Outcome::Approve && reason.is_none() {
            return Err(Error::invalid(
                format!("{field}.reason"),
                "say why the line is reduced or rejected",
            ));
        }
        let step = match line.status {
            LineStatus::Open => LineStep::Decide,
            LineStatus::AwaitingOldPart => {
                return Err(Error::OldPartNotInspected {
                    claim: self.number.to_string(),
                    line: line.line,
                });
            }
            LineStatus::Rejected if reopen && line.reopenable() => {
                if reason.is_none() {
                    return Err(Error::invalid(
                        format!("{field}.reason"),
                        "say why the line is reopened",
                    ));
                }
                LineStep::ReopenThenDecide
            }
            _ => {
                return Err(Error::LineAlreadyDecided {
                    entity: DocumentKind::Claim.entity(),
                    key: self.number.to_string(),
                    line: line.line,
                });
            }
        };
        Ok((amount, step))
    }

    /// Marks a submitted claim decided once every line is.
    pub fn settle_status(&mut self, now: DateTime<Utc>) {
        if self.status == ClaimStatus::Submitted && self.lines.iter().all(|l| l.status.is_decided()) {
            self.status = ClaimStatus::Decided;
            self.decided_at = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claims::{ClaimLine, LineKind, Why};
    use crate::domain::findings::FindingCode;
    use chrono::NaiveDate;

    fn claim(status: LineStatus) -> Claim {
        let at = DateTime::<Utc>::MIN_UTC;
        let date = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
        Claim {
            number: "CL-000001".into(),
            dealer: "D001".into(),
            unit_serial: "VIN-1".into(),
            failure_date: date,
            repair_date: date,
            usage_km: None,
            usage_hours: None,
            fault_code: "BRK-021".into(),
            description: "leak".into(),
            service_report: None,
            lines: vec![ClaimLine {
                line: 1,
                kind: LineKind::Labor,
                part_no: None,
                qty: None,
                source: None,
                requisition: None,
                minutes: Some(60),
                note: None,
                claimed_fen: Fen(8_000),
                approved_fen: None,
                status,
                reason: None,
                rejected_by: None,
                findings: Vec::new(),
                decided_at: None,
                settlement: None,
            }],
            status: ClaimStatus::Submitted,
            claimed_fen: Fen(8_000),
            approved_fen: Fen::ZERO,
            filing_date: Some(date),
            return_comment: None,
            version: 2,
            author: "dealer".into(),
            created_at: at,
            submitted_at: Some(at),
            last_submitted_at: Some(at),
            decided_at: None,
            updated_at: at,
            kind: crate::domain::claims::ClaimKind::Warranty,
            campaign: None,
            preauthorization: None,
            service_request: None,
        }
    }

    #[test]
    fn a_decision_plans_its_amount_and_refuses_what_the_line_state_forbids() {
        let c = claim(LineStatus::Open);
        assert_eq!(
            c.plan_decision(0, "l", Outcome::Approve, None, None, false).unwrap(),
            (Fen(8_000), LineStep::Decide)
        );
        assert_eq!(
            c.plan_decision(0, "l", Outcome::Reduce, Some(Fen(5_000)), Some("2 h"), false)
                .unwrap()
                .0,
            Fen(5_000)
        );
        assert_eq!(
            c.plan_decision(0, "l", Outcome::Reduce, Some(Fen(8_000)), Some("x"), false)
                .unwrap_err()
                .code(),
            "validation_failed"
        );
        assert_eq!(
            c.plan_decision(0, "l", Outcome::Reject, None, None, false)
                .unwrap_err()
                .code(),
            "validation_failed"
        );
        let waiting = claim(LineStatus::AwaitingOldPart);
        assert_eq!(
            waiting
                .plan_decision(0, "l", Outcome::Approve, None, None, false)
                .unwrap_err()
                .code(),
            "old_part_not_inspected"
        );
        let mut by_reviewer = claim(LineStatus::Rejected);
        by_reviewer.lines[0].record_why(Why::Reviewer(Some("wear_part".into())));
        assert_eq!(
            by_reviewer
                .plan_decision(0, "l", Outcome::Approve, None, Some("x"), true)
                .unwrap_err()
                .code(),
            "line_already_decided"
        );
        let mut by_check = claim(LineStatus::Rejected);
        by_check.lines[0].record_why(Why::Check(FindingCode::RegistrationLate));
        assert_eq!(
            by_check
                .plan_decision(0, "l", Outcome::Approve, None, Some("card lost"), true)
                .unwrap()
                .1,
            LineStep::ReopenThenDecide
        );
    }

    #[test]
    fn a_claim_is_sent_back_only_before_any_line_is_decided() {
        let mut c = claim(LineStatus::Open);
        assert_eq!(c.check_editable("amend").unwrap_err().code(), "invalid_state");
        c.send_back("photos please".into()).unwrap();
        assert_eq!(c.status, ClaimStatus::Returned);
        c.check_editable("amend").unwrap();
        let mut decided = claim(LineStatus::Approved);
        assert_eq!(
            decided.send_back("x".into()).unwrap_err().code(),
            "line_already_decided"
        );
        decided.settle_status(Utc::now());
        assert_eq!(decided.status, ClaimStatus::Decided);
    }
}

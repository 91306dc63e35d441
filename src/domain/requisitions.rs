//! A requisition's life (领料单): draft → submitted → approved or rejected → issued by scan
//! → closed (or cancelled before anything is issued). Each transition checks the state it
//! starts from and the quantities it may move; the command supplies the facts it cannot
//! know (the stock's value) and posts what the transition decided.

use crate::domain::documents::{Requisition, RequisitionStatus};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::stock::share;
use crate::domain::validate;
use crate::error::{Error, QtyLimit, Result};
use chrono::{DateTime, Utc};

impl Requisition {
    fn refuse(&self, action: &'static str) -> Error {
        Error::invalid_state(DocumentKind::Requisition.entity(), &self.number, &self.status, action)
    }

    fn require(&self, allowed: &[RequisitionStatus], action: &'static str) -> Result<()> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(self.refuse(action))
        }
    }

    /// Submits a draft for approval.
    pub fn submit(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(&[RequisitionStatus::Draft], "submit")?;
        self.status = RequisitionStatus::Submitted;
        self.submitted_at.get_or_insert(now);
        Ok(())
    }

    /// A supervisor `by` approves or rejects a submitted requisition; never the requester,
    /// and a rejection says why.
    pub fn decide(&mut self, by: &str, approve: bool, comment: Option<String>, now: DateTime<Utc>) -> Result<()> {
        self.require(
            &[RequisitionStatus::Submitted],
            if approve { "approve" } else { "reject" },
        )?;
        if self.requester == by {
            return Err(Error::SelfApproval);
        }
        match (&comment, approve) {
            (None, false) => return Err(Error::invalid("comment", "say why the requisition is rejected")),
            (c, _) => validate::opt_text("comment", c.as_deref())?,
        }
        self.status = if approve {
            RequisitionStatus::Approved
        } else {
            RequisitionStatus::Rejected
        };
        self.decided_by = Some(by.to_string());
        self.decision_comment = comment;
        self.decided_at = Some(now);
        if !approve {
            self.closed_at = Some(now);
        }
        Ok(())
    }

    /// Refuses an issue of `qty` on line `i` beyond what was approved and not yet issued.
    pub fn check_issue(&self, i: usize, qty: i64) -> Result<()> {
        self.require(
            &[RequisitionStatus::Approved, RequisitionStatus::PartiallyIssued],
            "issue",
        )?;
        let line = &self.lines[i];
        let remaining = line.qty - line.issued_qty;
        if qty > remaining {
            return Err(Error::QtyExceeded {
                limit: QtyLimit::Approved,
                document: self.number.to_string(),
                part_no: line.part_no.to_string(),
                requested: qty,
                available: remaining,
            });
        }
        Ok(())
    }

    /// Records `qty` issued on line `i` at `value_fen` (checked by [`Self::check_issue`]).
    pub fn record_issue(&mut self, i: usize, qty: i64, value_fen: Fen, now: DateTime<Utc>) {
        let line = &mut self.lines[i];
        line.issued_qty += qty;
        line.issued_value_fen += value_fen;
        self.first_issue_at.get_or_insert(now);
        self.status = if self.lines.iter().all(|l| l.issued_qty == l.qty) {
            RequisitionStatus::Issued
        } else {
            RequisitionStatus::PartiallyIssued
        };
    }

    /// The value a return of `qty` on line `i` takes back: its share of what is issued and
    /// not returned (the last unit takes the rest). Refused once a claim line citing the
    /// part is decided, or beyond what is neither returned nor claimed.
    pub fn plan_return(&self, i: usize, qty: i64) -> Result<Fen> {
        self.require(
            &[RequisitionStatus::PartiallyIssued, RequisitionStatus::Issued],
            "return",
        )?;
        let line = &self.lines[i];
        if line.cleared_value_fen != Fen::ZERO {
            return Err(Error::ClaimLineDecided {
                requisition: self.number.to_string(),
                part_no: line.part_no.to_string(),
            });
        }
        let returnable = line.outstanding_qty() - line.claimed_qty;
        if qty > returnable {
            return Err(Error::QtyExceeded {
                limit: QtyLimit::Returnable,
                document: self.number.to_string(),
                part_no: line.part_no.to_string(),
                requested: qty,
                available: returnable,
            });
        }
        Ok(share(line.outstanding_value_fen(), line.outstanding_qty(), qty))
    }

    /// Records `qty` returned on line `i` at `value_fen` (from [`Self::plan_return`]).
    pub fn record_return(&mut self, i: usize, qty: i64, value_fen: Fen) {
        let line = &mut self.lines[i];
        line.returned_qty += qty;
        line.returned_value_fen += value_fen;
    }

    /// Withdraws a requisition before anything is issued.
    pub fn cancel(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(
            &[
                RequisitionStatus::Draft,
                RequisitionStatus::Submitted,
                RequisitionStatus::Approved,
            ],
            "cancel",
        )?;
        self.status = RequisitionStatus::Cancelled;
        self.closed_at = Some(now);
        Ok(())
    }

    /// Closes an issued requisition: nothing more is issued or returned.
    pub fn close(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(
            &[RequisitionStatus::PartiallyIssued, RequisitionStatus::Issued],
            "close",
        )?;
        self.status = RequisitionStatus::Closed;
        self.closed_at = Some(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::documents::{Purpose, RequisitionLine};
    use chrono::TimeZone;

    fn rq(qty: i64) -> Requisition {
        let at = Utc.with_ymd_and_hms(2026, 9, 14, 8, 0, 0).unwrap();
        Requisition {
            number: "RQ-000001".into(),
            location: "ST-D001".into(),
            purpose: Purpose::Warranty,
            unit_serial: Some("VIN-1".into()),
            lines: vec![RequisitionLine {
                line: 1,
                part_no: "BC-3519".into(),
                qty,
                reason: None,
                issued_qty: 0,
                issued_value_fen: Fen::ZERO,
                returned_qty: 0,
                returned_value_fen: Fen::ZERO,
                claimed_qty: 0,
                claimed_value_fen: Fen::ZERO,
                cleared_value_fen: Fen::ZERO,
            }],
            status: RequisitionStatus::Draft,
            requester: "dealer".into(),
            decided_by: None,
            decision_comment: None,
            version: 1,
            created_at: at,
            submitted_at: None,
            decided_at: None,
            first_issue_at: None,
            closed_at: None,
            updated_at: at,
            service_request: None,
        }
    }

    #[test]
    fn a_requisition_moves_only_along_its_states() {
        let now = Utc::now();
        let mut r = rq(2);
        assert_eq!(
            r.check_issue(0, 1).unwrap_err().code(),
            "invalid_state",
            "a draft issues nothing"
        );
        r.submit(now).unwrap();
        assert_eq!(r.submit(now).unwrap_err().code(), "invalid_state");
        assert_eq!(r.decide("dealer", true, None, now).unwrap_err(), Error::SelfApproval);
        assert_eq!(
            r.decide("boss", false, None, now).unwrap_err().code(),
            "validation_failed"
        );
        r.decide("boss", true, None, now).unwrap();
        assert_eq!(r.check_issue(0, 3).unwrap_err().code(), "issue_exceeds_approved");
        r.check_issue(0, 1).unwrap();
        r.record_issue(0, 1, Fen(32_000), now);
        assert_eq!(r.status, RequisitionStatus::PartiallyIssued);
        r.record_issue(0, 1, Fen(32_001), now);
        assert_eq!(r.status, RequisitionStatus::Issued);
        assert_eq!(
            r.cancel(now).unwrap_err().code(),
            "invalid_state",
            "issued parts are returned, not cancelled"
        );
        assert_eq!(r.plan_return(0, 3).unwrap_err().code(), "return_exceeds_outstanding");
        assert_eq!(r.plan_return(0, 1).unwrap(), Fen(32_001), "half up of 64,001 / 2");
        r.lines[0].cleared_value_fen = Fen(1);
        assert_eq!(r.plan_return(0, 1).unwrap_err().code(), "claim_line_decided");
        r.close(now).unwrap();
        assert_eq!(r.close(now).unwrap_err().code(), "invalid_state");
    }
}

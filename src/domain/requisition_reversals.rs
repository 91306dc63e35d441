//! Reversal (红冲) of one issue or one return of a requisition: the requisition's line
//! takes back exactly what that movement recorded, so the line, the stock and
//! `warranty:pending` keep agreeing. The movements themselves are never rewritten.

use crate::domain::documents::{Requisition, RequisitionStatus};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::error::{Error, QtyLimit, Result};

impl Requisition {
    fn check_reversible(&self, i: usize) -> Result<()> {
        if !matches!(
            self.status,
            RequisitionStatus::PartiallyIssued | RequisitionStatus::Issued
        ) {
            return Err(Error::invalid_state(
                DocumentKind::Requisition.entity(),
                &self.number,
                &self.status,
                "reverse",
            ));
        }
        let line = &self.lines[i];
        if line.cleared_value_fen != Fen::ZERO {
            return Err(Error::ClaimLineDecided {
                requisition: self.number.to_string(),
                part_no: line.part_no.to_string(),
            });
        }
        Ok(())
    }

    /// Takes back an issue of `qty` at `value_fen` on line `i`. What it issued must still
    /// be out — not returned, not cited by a claim — and, when it is the last still out,
    /// be what is left of the line's value (a return since took a share of another value:
    /// reverse that return first).
    pub fn unissue(&mut self, i: usize, qty: i64, value_fen: Fen) -> Result<()> {
        self.check_reversible(i)?;
        let line = &self.lines[i];
        let free = line.outstanding_qty() - line.claimed_qty;
        if qty > free {
            return Err(Error::QtyExceeded {
                limit: QtyLimit::Returnable,
                document: self.number.to_string(),
                part_no: line.part_no.to_string(),
                requested: qty,
                available: free,
            });
        }
        let (qty_left, value_left) = (line.outstanding_qty() - qty, line.outstanding_value_fen() - value_fen);
        if value_left < Fen::ZERO || (qty_left == 0 && value_left != Fen::ZERO) {
            return Err(Error::invalid_state(
                DocumentKind::Requisition.entity(),
                &self.number,
                &"returned",
                "reverse",
            ));
        }
        let line = &mut self.lines[i];
        line.issued_qty -= qty;
        line.issued_value_fen -= value_fen;
        self.status = if self.lines.iter().all(|l| l.issued_qty == 0) {
            RequisitionStatus::Approved
        } else if self.lines.iter().all(|l| l.issued_qty == l.qty) {
            RequisitionStatus::Issued
        } else {
            RequisitionStatus::PartiallyIssued
        };
        Ok(())
    }

    /// Takes back a return of `qty` at `value_fen` on line `i`: the parts count as issued
    /// again.
    pub fn unreturn(&mut self, i: usize, qty: i64, value_fen: Fen) -> Result<()> {
        self.check_reversible(i)?;
        let line = &mut self.lines[i];
        if qty > line.returned_qty {
            return Err(Error::Internal(format!(
                "{} line {} returned {} but a return of {qty} is reversed",
                self.number, line.line, line.returned_qty
            )));
        }
        line.returned_qty -= qty;
        line.returned_value_fen -= value_fen;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::documents::{Purpose, Requisition, RequisitionLine, RequisitionStatus};
    use crate::domain::money::Fen;
    use chrono::{TimeZone, Utc};

    fn issued(qty: i64) -> Requisition {
        let at = Utc.with_ymd_and_hms(2026, 9, 14, 8, 0, 0).unwrap();
        let mut r = Requisition {
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
            status: RequisitionStatus::Approved,
            requester: "dealer".into(),
            decided_by: Some("boss".into()),
            decision_comment: None,
            version: 3,
            created_at: at,
            submitted_at: Some(at),
            decided_at: Some(at),
            first_issue_at: None,
            closed_at: None,
            updated_at: at,
            service_request: None,
        };
        r.record_issue(0, 1, Fen(100), at);
        r.record_issue(0, 1, Fen(120), at);
        r
    }

    /// Reversing both issues brings the line back to approved; the status follows.
    #[test]
    fn issues_come_back_one_by_one() {
        let mut r = issued(2);
        assert_eq!(r.status, RequisitionStatus::Issued);
        r.unissue(0, 1, Fen(120)).unwrap();
        assert_eq!(r.status, RequisitionStatus::PartiallyIssued);
        assert_eq!((r.lines[0].issued_qty, r.lines[0].issued_value_fen), (1, Fen(100)));
        r.unissue(0, 1, Fen(100)).unwrap();
        assert_eq!(r.status, RequisitionStatus::Approved);
        assert_eq!(r.unissue(0, 1, Fen(100)).unwrap_err().code(), "invalid_state");
    }

    /// What is returned or claimed cannot be un-issued; a return at a share of another
    /// value blocks the last issue until the return is reversed.
    #[test]
    fn returned_or_claimed_parts_block_the_issue_reversal() {
        let mut r = issued(2);
        r.lines[0].claimed_qty = 1;
        r.unissue(0, 1, Fen(120)).unwrap();
        assert_eq!(
            r.unissue(0, 1, Fen(100)).unwrap_err().code(),
            "return_exceeds_outstanding"
        );
        let mut r = issued(2);
        r.record_return(0, 1, Fen(110));
        assert_eq!(
            r.unissue(0, 1, Fen(120)).unwrap_err().code(),
            "invalid_state",
            "110 left, 120 asked"
        );
        r.unreturn(0, 1, Fen(110)).unwrap();
        r.unissue(0, 1, Fen(120)).unwrap();
        r.lines[0].cleared_value_fen = Fen(1);
        assert_eq!(r.unissue(0, 1, Fen(100)).unwrap_err().code(), "claim_line_decided");
    }

    /// A closed requisition takes no reversal.
    #[test]
    fn closed_is_final() {
        let mut r = issued(2);
        r.record_return(0, 1, Fen(110));
        r.status = RequisitionStatus::Closed;
        assert_eq!(r.unreturn(0, 1, Fen(110)).unwrap_err().code(), "invalid_state");
    }
}

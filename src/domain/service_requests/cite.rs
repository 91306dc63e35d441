//! What another document may do with a service request, and how a request ends without a
//! follow-up: a requisition cites the request whose work it does (open or resolved, the
//! same unit, and for paid service an approved quote); the customer's phone in digits only
//! (the key requests are found by at the desk); the sweep that closes a resolved request
//! whose follow-up window passed; and why a closed request closed.

use super::{QuoteStatus, RequestStatus, ServiceRequest};
use crate::domain::ids::Serial;
use crate::domain::status::Named;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};

/// Most digits a phone number keeps (an international number with extension).
pub const PHONE_DIGITS_MAX: usize = 20;
/// Fewest digits a phone lookup takes (a short number would match too many customers).
pub const PHONE_DIGITS_MIN: usize = 5;

/// The phone number in digits only (`139-0000 1111` → `13900001111`), at most
/// [`PHONE_DIGITS_MAX`] of them.
pub fn phone_digits(contact: &str) -> String {
    contact
        .chars()
        .filter(char::is_ascii_digit)
        .take(PHONE_DIGITS_MAX)
        .collect()
}

/// Why a closed request closed (stored with the request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedReason {
    /// The follow-up call reached the customer.
    FollowUpDone,
    /// The last allowed follow-up call found nobody.
    FollowUpUnreachable,
    /// No follow-up reached the customer within the policy's days (closed by the sweep).
    NoFollowUp,
    /// The desk closed it without a follow-up.
    ClosedByDesk,
}

impl ServiceRequest {
    /// Refuses to let a document cite this request: it must be neither closed nor
    /// cancelled, of the same unit when both name one, and — for paid service — have its
    /// quote approved (or its fee collected).
    pub fn may_be_cited(&self, unit: Option<&Serial>, paid_service: bool) -> Result<()> {
        if matches!(self.status, RequestStatus::Closed | RequestStatus::Cancelled) {
            return Err(Error::RequestNotCitable {
                request: self.number.to_string(),
                status: self.status.name().into(),
            });
        }
        if let (Some(mine), Some(theirs)) = (&self.unit_serial, unit)
            && mine != theirs
        {
            return Err(Error::RequestOtherUnit {
                request: self.number.to_string(),
                request_unit: mine.to_string(),
                unit: theirs.to_string(),
            });
        }
        if paid_service {
            let status = self.paid.as_ref().map(|p| p.status);
            if !matches!(status, Some(QuoteStatus::Approved | QuoteStatus::Collected)) {
                return Err(Error::QuoteNotApproved {
                    request: self.number.to_string(),
                    quote_status: status.map_or("none", |s| s.name()).into(),
                });
            }
        }
        Ok(())
    }

    /// Whether the sweep of business date `date` closes the request: resolved, no
    /// follow-up reached the customer, and its follow-up window ended before `date` (a
    /// request resolved on day 0 with 7 days may still be followed up on day 7; the sweep
    /// of day 8 closes it).
    pub fn follow_up_lapsed(&self, date: NaiveDate) -> bool {
        self.status == RequestStatus::Resolved
            && self.reached().is_none()
            && self.follow_up_due_at.is_some_and(|due| business_date(due) < date)
    }

    /// The sweep closes a request whose follow-up window lapsed (see
    /// [`ServiceRequest::follow_up_lapsed`]): "no follow-up within N days".
    pub fn close_lapsed(&mut self, now: DateTime<Utc>, date: NaiveDate) -> Result<()> {
        if !self.follow_up_lapsed(date) {
            return Err(Error::InvalidState {
                entity: super::ENTITY,
                key: self.number.to_string(),
                state: self.status.name().into(),
                action: "close_lapsed",
            });
        }
        self.status = RequestStatus::Closed;
        self.closed_at = Some(now);
        self.closed_reason = Some(ClosedReason::NoFollowUp);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{arrange, at, reached, request, unreachable};
    use super::*;
    use crate::domain::money::Fen;
    use crate::domain::service_requests::{FaultClass, Links};

    fn resolved_on_day_2() -> ServiceRequest {
        let mut r = request(FaultClass::Body, 40, false);
        arrange(&mut r, at(2, 10, 0));
        r.on_site(at(2, 12, 0)).unwrap();
        r.resolve(at(2, 16, 0), "hinge replaced", Links::default(), 7).unwrap();
        r
    }

    #[test]
    fn phone_numbers_are_their_digits() {
        assert_eq!(phone_digits("139-0000 1111"), "13900001111");
        assert_eq!(phone_digits("+86 (451) 8888-0000 ext 12"), "864518888000012");
        assert_eq!(phone_digits("无"), "");
        assert_eq!(phone_digits(&"9".repeat(40)).len(), PHONE_DIGITS_MAX);
    }

    #[test]
    fn the_follow_up_window_lapses_on_day_8_not_day_7() {
        let r = resolved_on_day_2();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        assert!(!r.follow_up_lapsed(day(9)), "day 7: the follow-up may still be made");
        assert!(r.follow_up_lapsed(day(10)), "day 8: the sweep closes it");
        let mut tried = resolved_on_day_2();
        tried.follow_up(at(5, 9, 0), "desk", unreachable(), 3).unwrap();
        assert!(
            tried.follow_up_lapsed(day(10)),
            "an unreachable try does not stop the clock"
        );
        let mut done = resolved_on_day_2();
        done.follow_up(at(5, 9, 0), "desk", reached(5, false), 3).unwrap();
        assert!(!done.follow_up_lapsed(day(10)), "closed by the follow-up");
    }

    #[test]
    fn a_closed_request_tells_why() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let mut swept = resolved_on_day_2();
        assert_eq!(swept.closed_reason, None);
        let early = swept.close_lapsed(at(9, 23, 0), day(9)).unwrap_err();
        assert_eq!(early.code(), "invalid_state");
        swept.close_lapsed(at(10, 0, 5), day(10)).unwrap();
        assert_eq!(
            (swept.status, swept.closed_reason),
            (RequestStatus::Closed, Some(ClosedReason::NoFollowUp))
        );
        assert_eq!(
            swept.close_lapsed(at(11, 0, 5), day(11)).unwrap_err().code(),
            "invalid_state"
        );
        // A customer reached after the sweep does not change why it closed.
        swept.follow_up(at(10, 0, 5), "desk", reached(4, false), 3).unwrap();
        assert_eq!(swept.closed_reason, Some(ClosedReason::NoFollowUp));
        let mut desk = resolved_on_day_2();
        desk.close(at(3, 9, 0)).unwrap();
        assert_eq!(desk.closed_reason, Some(ClosedReason::ClosedByDesk));
        let mut done = resolved_on_day_2();
        done.follow_up(at(4, 9, 0), "desk", reached(5, false), 3).unwrap();
        assert_eq!(done.closed_reason, Some(ClosedReason::FollowUpDone));
        let mut gone = resolved_on_day_2();
        gone.follow_up(at(3, 9, 0), "desk", unreachable(), 2).unwrap();
        assert_eq!(gone.closed_reason, None, "one try of two");
        gone.follow_up(at(4, 9, 0), "desk", unreachable(), 2).unwrap();
        assert_eq!(gone.closed_reason, Some(ClosedReason::FollowUpUnreachable));
    }

    #[test]
    fn citing_needs_an_open_request_of_the_unit_and_an_approved_quote_for_paid_service() {
        let mut r = request(FaultClass::Body, 40, false);
        r.unit_serial = Some("VIN-1".into());
        r.may_be_cited(Some(&"VIN-1".into()), false).unwrap();
        r.may_be_cited(None, false).unwrap();
        let other = r.may_be_cited(Some(&"VIN-2".into()), false).unwrap_err();
        assert_eq!(other.code(), "request_other_unit");
        let unquoted = r.may_be_cited(Some(&"VIN-1".into()), true).unwrap_err();
        assert_eq!(
            (unquoted.code(), unquoted.params()["quote_status"].as_str()),
            ("quote_not_approved", Some("none"))
        );
        r.quote(at(2, 9, 0), "desk", Fen(100), Fen(200), None).unwrap();
        let quoted = r.may_be_cited(None, true).unwrap_err();
        assert_eq!(quoted.params()["quote_status"], "quoted");
        r.decide_quote(at(2, 10, 0), "sup", true, None).unwrap();
        r.may_be_cited(None, true).unwrap();
        r.cancel(at(2, 11, 0), "customer fixed it").unwrap();
        let cancelled = r.may_be_cited(None, false).unwrap_err();
        assert_eq!(
            (cancelled.code(), cancelled.params()["status"].as_str()),
            ("request_not_citable", Some("cancelled"))
        );
        let mut closed = resolved_on_day_2();
        closed.close(at(3, 9, 0)).unwrap();
        assert_eq!(
            closed.may_be_cited(None, false).unwrap_err().code(),
            "request_not_citable"
        );
        let mut resolved = resolved_on_day_2();
        resolved.unit_serial = None;
        resolved.may_be_cited(Some(&"VIN-9".into()), false).unwrap();
    }
}

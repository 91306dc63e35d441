//! An old-part tag's life (旧件): due → shipped by the dealer → received at the old-parts
//! store → inspected and disposed of; a tag not back by its due date is overdue (its claim
//! line is rejected), and a late part is still received, once.

use crate::domain::claims::{Disposition, OldPart, TagStatus};
use crate::domain::numbered::DocumentKind;
use crate::error::{Error, Result, state_name};
use chrono::{DateTime, NaiveDate, Utc};

impl OldPart {
    fn refuse(&self, state: &TagStatus, action: &'static str) -> Error {
        Error::invalid_state(DocumentKind::OldPart.entity(), &self.tag, state, action)
    }

    /// The dealer ships a due tag with the carrier's reference.
    pub fn ship(&mut self, carrier_ref: &str) -> Result<()> {
        if self.status != TagStatus::Due {
            return Err(self.refuse(&self.status, "ship"));
        }
        self.status = TagStatus::Shipped;
        self.carrier_ref = Some(carrier_ref.to_string());
        Ok(())
    }

    /// The old-parts store receives the part at `location`. An overdue tag keeps its
    /// status (its line stays rejected), so its receipt time tells whether it is in.
    pub fn receive(&mut self, location: &str, now: DateTime<Utc>) -> Result<()> {
        let open = matches!(self.status, TagStatus::Due | TagStatus::Shipped | TagStatus::Overdue);
        if !open || self.received_at.is_some() {
            return Err(Error::TagAlreadyReceived {
                status: state_name(&self.status),
                tag: self.tag.to_string(),
            });
        }
        if self.status != TagStatus::Overdue {
            self.status = TagStatus::Received;
        }
        self.location = Some(location.to_string());
        self.received_at = Some(now);
        Ok(())
    }

    /// Refuses to inspect a part not yet received or already inspected.
    pub fn check_inspectable(&self) -> Result<()> {
        if self.received_at.is_none() {
            return Err(self.refuse(&self.status, "inspect"));
        }
        if self.disposition.is_some() {
            return Err(self.refuse(&TagStatus::Inspected, "inspect"));
        }
        Ok(())
    }

    /// Records the inspection (checked by [`Self::check_inspectable`]).
    pub fn record_inspection(&mut self, disposition: Disposition, notes: Option<String>, now: DateTime<Utc>) {
        self.disposition = Some(disposition);
        self.notes = notes;
        self.inspected_at = Some(now);
        if self.status == TagStatus::Received {
            self.status = TagStatus::Inspected;
        }
    }

    /// Whether the sweep of `date` finds the tag overdue: still due or in transit after
    /// its due date.
    pub fn is_overdue_on(&self, date: NaiveDate) -> bool {
        matches!(self.status, TagStatus::Due | TagStatus::Shipped) && date > self.due_date
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn tag() -> OldPart {
        let at = Utc.with_ymd_and_hms(2026, 9, 14, 8, 0, 0).unwrap();
        OldPart {
            tag: "OP-2026-000001".into(),
            claim: "CL-000001".into(),
            line: 1,
            part_no: "BC-3519".into(),
            dealer: "D001".into(),
            unit_serial: "VIN-1".into(),
            due_date: NaiveDate::from_ymd_opt(2026, 10, 14).unwrap(),
            status: TagStatus::Due,
            carrier_ref: None,
            location: None,
            received_at: None,
            disposition: None,
            supplier: None,
            notes: None,
            inspected_at: None,
            supplier_claim: None,
            version: 1,
            updated_at: at,
        }
    }

    #[test]
    fn a_tag_moves_only_along_its_states() {
        let now = Utc::now();
        let mut t = tag();
        assert_eq!(
            t.check_inspectable().unwrap_err().code(),
            "invalid_state",
            "not received"
        );
        assert!(
            !t.is_overdue_on(NaiveDate::from_ymd_opt(2026, 10, 14).unwrap()),
            "due on the day"
        );
        assert!(t.is_overdue_on(NaiveDate::from_ymd_opt(2026, 10, 15).unwrap()));
        t.ship("SF1").unwrap();
        assert_eq!(t.ship("SF2").unwrap_err().code(), "invalid_state");
        t.receive("OLD-01", now).unwrap();
        assert_eq!(t.status, TagStatus::Received);
        assert_eq!(t.receive("OLD-01", now).unwrap_err().code(), "tag_already_received");
        t.check_inspectable().unwrap();
        t.record_inspection(Disposition::Scrap, None, now);
        assert_eq!(t.status, TagStatus::Inspected);
        assert_eq!(t.check_inspectable().unwrap_err().code(), "invalid_state");
    }

    #[test]
    fn a_late_part_is_received_once_and_stays_overdue() {
        let now = Utc::now();
        let mut t = tag();
        t.status = TagStatus::Overdue;
        t.receive("OLD-01", now).unwrap();
        assert_eq!(t.status, TagStatus::Overdue);
        assert_eq!(t.receive("OLD-01", now).unwrap_err().code(), "tag_already_received");
    }
}

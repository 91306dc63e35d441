//! Bodies of the desk's lookup by phone or serial, and why a request closed.

use super::claim_check::Registration;
use super::service_requests::ServiceRequest;
use super::warranty::Unit;
use super::{dto, dto_enum};
use crate::domain::service_requests as dom;
use crate::queries::service_requests::lookup as q;
use chrono::NaiveDate;

dto_enum! {
    /// Why a closed request closed.
    dom::ClosedReason => ClosedReason {
        /// The follow-up call reached the customer.
        FollowUpDone,
        /// The last allowed follow-up call found nobody.
        FollowUpUnreachable,
        /// No follow-up reached the customer within the policy's days.
        NoFollowUp,
        /// The desk closed it before the follow-up window ended.
        ClosedByDesk,
    }
}

dto! {
    /// A unit with its coverage today.
    q::UnitCoverage => UnitCoverage {
        /// The unit.
        #[serde(flatten)]
        unit: Unit,
        /// Last covered day (null when no policy covers the model).
        coverage_end_date: Option<NaiveDate>,
        /// Whether today is within coverage (null without a policy).
        covered: Option<bool>,
        /// The registration card (三包回执卡).
        registration: Registration,
    }
}

dto! {
    /// What the desk finds by a phone number or a serial.
    #[schema(example = json!({"phone": "13900001111", "units": [{"serial": "LZYTBGBW5N1000123", "model": "K9-City",
        "dealer": "D001", "customer": "Harbin Bus Line 12", "sale_date": "2026-03-02", "acceptance_date": null,
        "built_on": null, "registration_received_date": "2026-03-10", "version": 2,
        "updated_at": "2026-03-10T01:00:00Z", "coverage_end_date": "2028-03-01", "covered": true,
        "registration": "on_time"}], "requests": [], "truncated": false}))]
    q::Lookup => Lookup {
        /// The phone number searched, digits only (null for a serial).
        phone: Option<String>,
        /// The unit searched, or the units of the customer's earlier requests.
        units: Vec<UnitCoverage>,
        /// Earlier requests, newest first (at most 50).
        requests: Vec<ServiceRequest>,
        /// Whether there are more earlier requests than listed.
        truncated: bool,
    }
}

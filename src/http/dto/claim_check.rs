//! The answer of the check before submit.

use super::warranty::Finding;
use super::{dto, dto_enum};
use crate::domain::claim_check as dom;
use chrono::NaiveDate;

dto_enum! {
    /// Where the unit's registration card (三包回执卡) stands.
    dom::Registration => Registration {
        /// Received within the policy's days after the sale.
        OnTime,
        /// Received later than the policy allows.
        Late,
        /// Not received.
        Missing,
    }
}

dto! {
    /// What a submit would find now; nothing was changed.
    #[schema(example = json!({"findings": [{"line": 1, "code": "registration_missing", "severity": "error",
        "message": "the registration card of LZYTBGBW5N1000123 has not come back"}],
        "rejected_lines": [1], "warned_lines": [], "coverage_start_date": "2026-03-02",
        "coverage_end_date": "2028-03-01", "registration": "missing", "registration_received_date": null,
        "registration_due_date": "2026-03-22"}))]
    dom::Precheck => Precheck {
        /// Every finding a submit would record, per line.
        findings: Vec<Finding>,
        /// Lines a submit would reject at once (an `error` finding).
        rejected_lines: Vec<u32>,
        /// Lines that would go to the reviewer with warnings.
        warned_lines: Vec<u32>,
        /// First covered day (none without a policy).
        coverage_start_date: Option<NaiveDate>,
        /// Last covered day (none without a policy).
        coverage_end_date: Option<NaiveDate>,
        /// The registration card.
        registration: Registration,
        /// When the card came back.
        registration_received_date: Option<NaiveDate>,
        /// The last day it could come back on time (none without a policy).
        registration_due_date: Option<NaiveDate>,
    }
}

//! Bodies of the pre-authorization routes (预授权), the bill of usage and the unit's
//! recorded reading.

use super::warranty::LineKind;
use super::{dto, dto_enum};
use crate::commands::preauth as cmd;
use crate::domain::preauth as dom;
use crate::domain::usage;
use chrono::{DateTime, NaiveDate, Utc};

dto_enum! {
    /// Where a pre-authorization stands.
    dom::PreauthStatus => PreauthStatus {
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
}

dto_enum! {
    /// A reviewer's decision.
    dom::PreauthDecision => PreauthDecision {
        /// Approve: the estimate's total, or `amount_fen` when lower (reduced).
        Approve,
        /// Refuse.
        Reject,
        /// Send back for more information.
        Return,
    }
}

dto! {
    /// One line of the estimate.
    dom::EstimateLine => EstimateLine {
        /// Line number, from 1.
        line: u32,
        /// Part, labor, travel or other.
        kind: LineKind,
        /// The part of a part line.
        part_no: Option<String>,
        /// Quantity; on a labor line, minutes.
        qty: i64,
        /// Price per piece, fen; on a labor line, the rate per hour.
        unit_price_fen: i64,
        /// qty × price (labor: rate × minutes ÷ 60, half up), fen.
        amount_fen: i64,
        /// Note.
        note: Option<String>,
    }
}

dto! {
    /// A pre-authorization (`PA-…`).
    dom::Preauthorization => Preauthorization {
        /// Number, `PA-000042`.
        number: String,
        /// The dealer asking (the unit's dealer).
        dealer: String,
        /// The unit.
        unit_serial: String,
        /// Fault code.
        fault_code: String,
        /// What is wrong and what the dealer means to do.
        description: String,
        /// Goodwill (善意补偿): a repair outside coverage.
        goodwill: bool,
        /// The estimate.
        lines: Vec<EstimateLine>,
        /// The estimate's total, fen.
        total_fen: i64,
        /// Status.
        status: PreauthStatus,
        /// The amount authorized (approved or reduced), fen.
        approved_fen: Option<i64>,
        /// Last day the authorization may be used.
        expires_on: Option<NaiveDate>,
        /// The reviewer's words: why reduced, rejected or returned.
        decision_note: Option<String>,
        /// Who decided (token id).
        decided_by: Option<String>,
        /// When decided.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        decided_at: Option<DateTime<Utc>>,
        /// The claim that used it, once one does.
        used_by_claim: Option<String>,
        /// Who asked (token id).
        requested_by: String,
        /// When created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// When last submitted.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        submitted_at: Option<DateTime<Utc>>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
        /// Version, from 1.
        version: u64,
    }
}

dto! {
    /// One estimate line as entered.
    #[serde(deny_unknown_fields)]
    cmd::LineInput => EstimateLineInput {
        /// Part, labor, travel or other.
        kind: LineKind,
        /// The part of a part line (no other kind names one).
        #[serde(default)]
        part_no: Option<String>,
        /// Pieces; on a labor line, minutes (1 to 100000).
        qty: i64,
        /// Price per piece, fen; on a labor line, the rate per hour.
        unit_price_fen: i64,
        /// Note.
        #[serde(default)]
        note: Option<String>,
    }
}

dto! {
    /// A pre-authorization request (create, or amend a draft or returned one).
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"unit_serial": "LZYTBGBW5N1000123", "fault_code": "BRK-021", "description": "制动盘裂纹，需更换前桥两侧制动盘",
        "lines": [{"kind": "part", "part_no": "BD-1023", "qty": 2, "unit_price_fen": 70920},
                  {"kind": "labor", "qty": 180, "unit_price_fen": 8000}]}))]
    cmd::PreauthInput => PreauthInput {
        /// The unit (a dealer's own).
        unit_serial: String,
        /// Fault code.
        fault_code: String,
        /// What is wrong and what the dealer means to do.
        description: String,
        /// A goodwill request (outside coverage).
        #[serde(default)]
        goodwill: bool,
        /// The estimate, 1 to 100 lines.
        lines: Vec<EstimateLineInput>,
    }
}

dto! {
    /// A decision on a submitted request.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"decision": "approve", "amount_fen": 150000, "note": "工时按标准核减"}))]
    cmd::DecisionInput => DecisionInput {
        /// Approve, reject or return.
        decision: PreauthDecision,
        /// The amount approved (approve only; default the total; lower reduces).
        #[serde(default)]
        amount_fen: Option<i64>,
        /// Why: required to reduce, reject or return.
        #[serde(default)]
        note: Option<String>,
    }
}

dto! {
    /// How many of a part one unit of a model carries (bill of usage).
    usage::BillOfUsageLine => BillOfUsageLine {
        /// Model.
        model: String,
        /// Part.
        part_no: String,
        /// Pieces per unit.
        qty: i64,
        /// Who set it.
        updated_by: String,
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

/// A bill-of-usage line to set; `qty` 0 removes it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"model": "K9-City", "part_no": "BC-3519", "qty": 4}))]
pub struct BillOfUsageInput {
    /// Model.
    pub model: String,
    /// Part.
    pub part_no: String,
    /// Pieces per unit, 0 to 10000 (0 removes the line).
    pub qty: i64,
}

dto! {
    /// The highest odometer reading recorded for a unit.
    usage::UnitReading => UnitReading {
        /// Km.
        km: i64,
        /// The claim or service report that recorded it.
        document: String,
        /// Its business date.
        date: NaiveDate,
    }
}

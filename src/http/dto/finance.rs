//! Bodies of the finance routes: dealer settlements and supplier claims.

use super::warranty::LineKind;
use super::{dto, dto_enum};
use crate::commands::{settlements, supplier_claims};
use crate::domain::settlement as dom;
use chrono::{DateTime, NaiveDate, Utc};

dto_enum! {
    /// Where a settlement stands.
    dom::SettlementStatus => SettlementStatus {
        /// Lines collected; finance may still cancel.
        Draft,
        /// Sent to the dealer.
        Issued,
        /// Confirmed: the amount is credited to the dealer's account.
        Confirmed,
        /// Withdrawn; its lines are free again.
        Cancelled,
    }
}

dto! {
    /// One claim line paid out by a settlement.
    dom::SettlementLine => SettlementLine {
        /// Claim.
        claim: String,
        /// Claim line.
        line: u32,
        /// What the line was for.
        kind: LineKind,
        /// The approved amount.
        amount_fen: i64,
        /// Business date of the decision.
        decided_date: NaiveDate,
    }
}

dto! {
    /// A write-off notice to a dealer for approved warranty cost.
    dom::Settlement => Settlement {
        /// `SE-…`.
        number: String,
        /// Dealer.
        dealer: String,
        /// First decision date included.
        period_from_date: NaiveDate,
        /// Last decision date included.
        period_to_date: NaiveDate,
        /// Status.
        status: SettlementStatus,
        /// Lines, fixed when the settlement is created.
        lines: Vec<SettlementLine>,
        /// Parts total.
        parts_fen: i64,
        /// Labor total.
        labor_fen: i64,
        /// Travel total.
        travel_fen: i64,
        /// Other total.
        other_fen: i64,
        /// Everything.
        total_fen: i64,
        /// The dealer's balance (what it owes, debit positive) when the settlement was created.
        dealer_balance_fen: i64,
        /// That balance less the total: what the dealer owes once confirmed.
        resulting_balance_fen: i64,
        /// Version, from 1.
        version: u64,
        /// Token id of the creator.
        created_by: String,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Issued.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        issued_at: Option<DateTime<Utc>>,
        /// Confirmed.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        confirmed_at: Option<DateTime<Utc>>,
        /// Token id that confirmed (the dealer, or finance on its behalf).
        confirmed_by: Option<String>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto_enum! {
    /// Where a supplier claim stands.
    dom::SupplierClaimStatus => SupplierClaimStatus {
        /// Lines collected.
        Draft,
        /// Sent with the evidence parts.
        Submitted,
        /// Every line answered.
        Answered,
        /// Every accepted fen paid.
        Closed,
    }
}

dto_enum! {
    /// The supplier's answer to one line.
    dom::SupplierOutcome => SupplierOutcome {
        /// In full.
        Accepted,
        /// For less (`amount_fen`).
        PartiallyAccepted,
        /// Not at all (with a reason).
        Rejected,
    }
}

dto! {
    /// One supplier-fault old part claimed back.
    dom::SupplierClaimLine => SupplierClaimLine {
        /// Line number, from 1.
        line: u32,
        /// The old part (evidence).
        tag: String,
        /// The dealer claim.
        claim: String,
        /// The dealer claim's line.
        claim_line: u32,
        /// Part.
        part_no: String,
        /// Share of the approved part amount.
        parts_fen: i64,
        /// Share of the approved labor.
        labor_fen: i64,
        /// parts + labor.
        amount_fen: i64,
        /// The supplier's answer.
        outcome: Option<SupplierOutcome>,
        /// Accepted amount.
        accepted_fen: Option<i64>,
        /// Reason given.
        reason: Option<String>,
    }
}

dto! {
    /// A recovery claim against a supplier.
    dom::SupplierClaim => SupplierClaim {
        /// `SC-…`.
        number: String,
        /// Supplier.
        supplier: String,
        /// Status.
        status: SupplierClaimStatus,
        /// Lines.
        lines: Vec<SupplierClaimLine>,
        /// Sum claimed.
        claimed_fen: i64,
        /// Sum accepted.
        accepted_fen: i64,
        /// Sum received.
        paid_fen: i64,
        /// Payments received.
        payments: Vec<Payment>,
        /// Version, from 1.
        version: u64,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Submitted.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        submitted_at: Option<DateTime<Utc>>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// Money received from a supplier.
    dom::Payment => Payment {
        /// Amount, fen.
        amount_fen: i64,
        /// Bank reference.
        reference: String,
        /// When recorded.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        at: DateTime<Utc>,
    }
}

dto! {
    /// A settlement to draw up.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"dealer": "D001", "period_from_date": "2026-09-01", "period_to_date": "2026-09-30"}))]
    settlements::SettlementInput => SettlementInput {
        /// Dealer.
        dealer: String,
        /// First decision date included.
        period_from_date: NaiveDate,
        /// Last decision date included.
        period_to_date: NaiveDate,
    }
}

dto! {
    /// A supplier claim to draw up.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"supplier": "S-03"}))]
    supplier_claims::SupplierClaimInput => SupplierClaimInput {
        /// Supplier.
        supplier: String,
        /// Only these tags (default: every eligible one of the supplier).
        #[serde(default)]
        tags: Option<Vec<String>>,
    }
}

dto! {
    /// The supplier's answer to one line.
    #[serde(deny_unknown_fields)]
    supplier_claims::LineAnswer => LineAnswer {
        /// Line number.
        line: u32,
        /// `accepted`, `partially_accepted` or `rejected`.
        outcome: SupplierOutcome,
        /// Accepted amount (partially accepted only).
        #[serde(default)]
        amount_fen: Option<i64>,
        /// The supplier's reason.
        #[serde(default)]
        reason: Option<String>,
    }
}

dto! {
    /// The supplier's response.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"lines": [{"line": 1, "outcome": "partially_accepted", "amount_fen": 40000, "reason": "labor capped"}]}))]
    supplier_claims::ResponseInput => ResponseInput {
        /// Answers; each line is answered once.
        lines: Vec<LineAnswer>,
    }
}

dto! {
    /// Money received.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"amount_fen": 40000, "reference": "BOC-20261120-0042"}))]
    supplier_claims::PaymentInput => PaymentInput {
        /// Amount, fen.
        amount_fen: i64,
        /// Bank reference.
        reference: String,
    }
}

//! Stored records of `domain::settlement`, version 1, and their conversions.

use super::claims::LineKindV1;
use super::time::{Day, Instant};
use super::{Convert, record, record_enum};
use crate::domain::settlement::{
    Payment, Settlement, SettlementLine, SettlementStatus, SupplierClaim, SupplierClaimLine, SupplierClaimStatus,
    SupplierOutcome,
};
use serde::{Deserialize, Serialize};

record_enum! {
    /// `SettlementStatus` as stored, version 1.
    SettlementStatus => SettlementStatusV1 { Draft, Issued, Confirmed, Cancelled }
}

record! {
    /// `SettlementLine` as stored, version 1.
    SettlementLine => SettlementLineV1 {
        claim: String,
        line: u32,
        kind: LineKindV1,
        amount_fen: i64,
        decided_date: Day,
    }
}

record! {
    /// `Settlement` as stored, version 1.
    Settlement => SettlementV1 {
        number: String,
        dealer: String,
        period_from_date: Day,
        period_to_date: Day,
        status: SettlementStatusV1,
        lines: Vec<SettlementLineV1>,
        parts_fen: i64,
        labor_fen: i64,
        travel_fen: i64,
        other_fen: i64,
        total_fen: i64,
        dealer_balance_fen: i64,
        resulting_balance_fen: i64,
        version: u64,
        created_by: String,
        created_at: Instant,
        issued_at: Option<Instant>,
        confirmed_at: Option<Instant>,
        confirmed_by: Option<String>,
        updated_at: Instant,
    }
}

record_enum! {
    /// `SupplierClaimStatus` as stored, version 1.
    SupplierClaimStatus => SupplierClaimStatusV1 { Draft, Submitted, Answered, Closed }
}

record_enum! {
    /// `SupplierOutcome` as stored, version 1.
    SupplierOutcome => SupplierOutcomeV1 { Accepted, PartiallyAccepted, Rejected }
}

record! {
    /// `SupplierClaimLine` as stored, version 1.
    SupplierClaimLine => SupplierClaimLineV1 {
        line: u32,
        tag: String,
        claim: String,
        claim_line: u32,
        part_no: String,
        parts_fen: i64,
        labor_fen: i64,
        amount_fen: i64,
        outcome: Option<SupplierOutcomeV1>,
        accepted_fen: Option<i64>,
        reason: Option<String>,
    }
}

record! {
    /// `Payment` as stored, version 1.
    Payment => PaymentV1 {
        amount_fen: i64,
        reference: String,
        at: Instant,
    }
}

record! {
    /// `SupplierClaim` as stored, version 1.
    SupplierClaim => SupplierClaimV1 {
        number: String,
        supplier: String,
        status: SupplierClaimStatusV1,
        lines: Vec<SupplierClaimLineV1>,
        claimed_fen: i64,
        accepted_fen: i64,
        paid_fen: i64,
        payments: Vec<PaymentV1>,
        version: u64,
        created_at: Instant,
        submitted_at: Option<Instant>,
        updated_at: Instant,
    }
}

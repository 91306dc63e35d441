//! Stored records of `domain::supply`, version 1, and their conversions.

use super::time::{Day, Instant};
use super::{Convert, record, record_enum};
use crate::domain::supply::{
    DealerFunds, DealerPayment, DealerReturn, FreightPayer, OrderLine, OrderStatus, PartsOrder, ReturnLine,
    ReturnReason, ReturnStatus, Shipment, ShipmentLine,
};
use serde::{Deserialize, Serialize};

record! {
    /// `DealerFunds` as stored, version 1.
    DealerFunds => DealerFundsV1 {
        dealer: String,
        credit_limit_fen: i64,
        held_fen: i64,
        version: u64,
    }
}

record! {
    /// `DealerPayment` as stored, version 1.
    DealerPayment => DealerPaymentV1 {
        number: String,
        dealer: String,
        amount_fen: i64,
        reference: String,
        received_date: Day,
        recorded_by: String,
        recorded_at: Instant,
    }
}

record_enum! {
    /// `OrderStatus` as stored, version 1.
    OrderStatus => OrderStatusV1 { Draft, Submitted, Released, PartiallyShipped, Shipped, Cancelled }
}

record! {
    /// `OrderLine` as stored, version 1.
    OrderLine => OrderLineV1 {
        line: u32,
        part_no: String,
        qty: i64,
        unit_price_fen: i64,
        amount_fen: i64,
        shipped_qty: i64,
    }
}

record! {
    /// `PartsOrder` as stored, version 1.
    PartsOrder => PartsOrderV1 {
        number: String,
        dealer: String,
        status: OrderStatusV1,
        lines: Vec<OrderLineV1>,
        total_fen: i64,
        shipped_fen: i64,
        held_fen: i64,
        note: Option<String>,
        version: u64,
        created_by: String,
        created_at: Instant,
        submitted_at: Option<Instant>,
        released_at: Option<Instant>,
        cancelled_at: Option<Instant>,
        updated_at: Instant,
    }
}

record! {
    /// `ShipmentLine` as stored, version 1.
    ShipmentLine => ShipmentLineV1 {
        line: u32,
        order_line: u32,
        part_no: String,
        qty: i64,
        unit_price_fen: i64,
        price_fen: i64,
        cost_fen: i64,
        returned_qty: i64,
        returned_cost_fen: i64,
        pending_return_qty: i64,
    }
}

record! {
    /// `Shipment` as stored, version 1.
    Shipment => ShipmentV1 {
        number: String,
        order: String,
        dealer: String,
        location: String,
        lines: Vec<ShipmentLineV1>,
        price_fen: i64,
        cost_fen: i64,
        carrier_ref: Option<String>,
        shipped_by: String,
        shipped_at: Instant,
        acknowledged_at: Option<Instant>,
        acknowledged_by: Option<String>,
        signed_copy_ref: Option<String>,
        version: u64,
        updated_at: Instant,
    }
}

record_enum! {
    /// `ReturnReason` as stored, version 1.
    ReturnReason => ReturnReasonV1 { Quality, DealerDisassembled, Unsold }
}

record_enum! {
    /// `FreightPayer` as stored, version 1.
    FreightPayer => FreightPayerV1 { Company, Dealer }
}

record_enum! {
    /// `ReturnStatus` as stored, version 1.
    ReturnStatus => ReturnStatusV1 { Requested, Received, Cancelled }
}

record! {
    /// `ReturnLine` as stored, version 1.
    ReturnLine => ReturnLineV1 {
        line: u32,
        shipment_line: u32,
        part_no: String,
        qty: i64,
        price_fen: i64,
        cost_fen: i64,
    }
}

record! {
    /// `DealerReturn` as stored, version 1.
    DealerReturn => DealerReturnV1 {
        number: String,
        dealer: String,
        shipment: String,
        reason: ReturnReasonV1,
        freight_fen: i64,
        freight_paid_by: FreightPayerV1,
        labor_fen: i64,
        status: ReturnStatusV1,
        lines: Vec<ReturnLineV1>,
        price_fen: i64,
        cost_fen: i64,
        location: Option<String>,
        note: Option<String>,
        version: u64,
        created_by: String,
        created_at: Instant,
        received_at: Option<Instant>,
        updated_at: Instant,
    }
}

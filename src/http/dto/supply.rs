//! Bodies of the dealer-supply routes: funds, payments, parts orders, shipments and
//! returns.

use super::{dto, dto_enum};
use crate::commands::supply::{funds, orders, returns, shipments};
use crate::domain::supply as dom;
use chrono::{DateTime, NaiveDate, Utc};

dto! {
    /// What a dealer has to order with.
    #[schema(example = json!({"dealer": "D001", "balance_fen": -150000, "held_fen": 50000, "credit_limit_fen": 0, "available_fen": 100000}))]
    dom::FundsView => Funds {
        /// Dealer.
        dealer: String,
        /// `dealer:<code>` balance, debit positive (negative: money in the dealer's favour).
        balance_fen: i64,
        /// Held for released orders not yet shipped.
        held_fen: i64,
        /// Credit allowed beyond what was paid.
        credit_limit_fen: i64,
        /// −balance − held + credit limit: what a release may still hold.
        available_fen: i64,
    }
}

/// The credit a dealer may order on beyond what it paid.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"credit_limit_fen": 500000}))]
pub struct CreditLimitInput {
    /// Credit limit, fen (0: cash before goods).
    pub credit_limit_fen: i64,
}

dto! {
    /// Money received from a dealer.
    dom::DealerPayment => DealerPayment {
        /// `DP-…`.
        number: String,
        /// Dealer.
        dealer: String,
        /// Amount, fen.
        amount_fen: i64,
        /// Bank reference of the transfer.
        reference: String,
        /// Business date the money arrived.
        received_date: NaiveDate,
        /// Token id that recorded it.
        recorded_by: String,
        /// Recorded.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        recorded_at: DateTime<Utc>,
    }
}

dto! {
    /// A payment to record.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"dealer": "D001", "amount_fen": 150000, "reference": "ICBC-20260302-0017", "received_date": "2026-03-02"}))]
    funds::PaymentInput => DealerPaymentInput {
        /// Dealer.
        dealer: String,
        /// Amount, fen (at least 1).
        amount_fen: i64,
        /// Bank reference of the transfer.
        reference: String,
        /// Business date the money arrived.
        received_date: NaiveDate,
    }
}

dto_enum! {
    /// Where a parts order stands.
    dom::OrderStatus => OrderStatus {
        /// Being written by the dealer.
        Draft,
        /// Sent; waits for the money.
        Submitted,
        /// Paid for: its value is held and the warehouse may ship.
        Released,
        /// Some shipped, the rest on backorder.
        PartiallyShipped,
        /// Everything shipped.
        Shipped,
        /// Withdrawn; its hold released.
        Cancelled,
    }
}

dto! {
    /// One line of a parts order.
    dom::OrderLine => OrderLine {
        /// Line number, from 1.
        line: u32,
        /// Part.
        part_no: String,
        /// Quantity ordered.
        qty: i64,
        /// Dealer price per unit.
        unit_price_fen: i64,
        /// qty × unit price.
        amount_fen: i64,
        /// Quantity shipped so far (qty − shipped is on backorder).
        shipped_qty: i64,
    }
}

dto! {
    /// A dealer's order for parts, paid before it ships (款到发货).
    dom::PartsOrder => PartsOrder {
        /// `SO-…`.
        number: String,
        /// Dealer.
        dealer: String,
        /// Status.
        status: OrderStatus,
        /// Lines.
        lines: Vec<OrderLine>,
        /// Sum of the lines.
        total_fen: i64,
        /// Value shipped so far.
        shipped_fen: i64,
        /// Value held against the dealer's funds now.
        held_fen: i64,
        /// The dealer's note.
        note: Option<String>,
        /// Version, from 1.
        version: u64,
        /// Token id of the creator.
        created_by: String,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Submitted.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        submitted_at: Option<DateTime<Utc>>,
        /// Released.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        released_at: Option<DateTime<Utc>>,
        /// Cancelled.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        cancelled_at: Option<DateTime<Utc>>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// One ordered part.
    #[serde(deny_unknown_fields)]
    orders::OrderLineInput => OrderLineInput {
        /// Part.
        part_no: String,
        /// Quantity.
        qty: i64,
    }
}

dto! {
    /// An order to write (a dealer token orders for its own dealer).
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"lines": [{"part_no": "FLT-0042", "qty": 3}], "note": "spring stock"}))]
    orders::OrderInput => PartsOrderInput {
        /// Dealer (a dealer token: its own, the default).
        #[serde(default)]
        dealer: Option<String>,
        /// Lines, each part once.
        lines: Vec<OrderLineInput>,
        /// A note.
        #[serde(default)]
        note: Option<String>,
    }
}

dto! {
    /// One line of a shipment.
    dom::ShipmentLine => ShipmentLine {
        /// Line number, from 1.
        line: u32,
        /// The order line shipped.
        order_line: u32,
        /// Part.
        part_no: String,
        /// Quantity shipped.
        qty: i64,
        /// Price per unit charged.
        unit_price_fen: i64,
        /// What the dealer is charged.
        price_fen: i64,
        /// The moving-average value that left stock.
        cost_fen: i64,
        /// Quantity returned (received).
        returned_qty: i64,
        /// Cost taken back by those returns.
        returned_cost_fen: i64,
        /// Quantity on return requests not yet received.
        pending_return_qty: i64,
    }
}

dto! {
    /// Goods shipped to a dealer; its delivery note (销售发货清单) prints at
    /// `/print/delivery-notes/{number}`.
    dom::Shipment => Shipment {
        /// `SH-…`.
        number: String,
        /// The order.
        order: String,
        /// Dealer.
        dealer: String,
        /// The warehouse it left.
        location: String,
        /// Lines.
        lines: Vec<ShipmentLine>,
        /// Sum of line prices.
        price_fen: i64,
        /// Sum of line costs.
        cost_fen: i64,
        /// Carrier's waybill.
        carrier_ref: Option<String>,
        /// Token id of the clerk.
        shipped_by: String,
        /// Shipped.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        shipped_at: DateTime<Utc>,
        /// When the signed delivery note came back.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        acknowledged_at: Option<DateTime<Utc>>,
        /// Who recorded it.
        acknowledged_by: Option<String>,
        /// Where the signed copy is kept.
        signed_copy_ref: Option<String>,
        /// Version, from 1.
        version: u64,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// One scan (qty 1) or counted line: the part by number or barcode.
    #[serde(deny_unknown_fields)]
    shipments::ScanLine => ScanLine {
        /// Part number (or give `barcode`).
        #[serde(default)]
        part_no: Option<String>,
        /// A barcode of the part (or give `part_no`).
        #[serde(default)]
        barcode: Option<String>,
        /// Quantity (default 1: one scan).
        #[serde(default = "one")]
        qty: i64,
    }
}

fn one() -> i64 {
    1
}

dto! {
    /// What the clerk scanned for one shipment.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"location": "WH-01", "carrier_ref": "SF1234567890", "lines": [{"barcode": "6901234500421"}, {"part_no": "FLT-0042", "qty": 1}]}))]
    shipments::ShipmentInput => ShipmentInput {
        /// The warehouse it leaves.
        location: String,
        /// Carrier's waybill.
        #[serde(default)]
        carrier_ref: Option<String>,
        /// Scans or counted lines; the same part may appear on several.
        lines: Vec<ScanLine>,
    }
}

/// The signed delivery note came back.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"signed_copy_ref": "archive box 2026-03 / 17"}))]
pub struct AcknowledgementInput {
    /// Where the signed copy is kept (archive number or scan reference).
    #[serde(default)]
    pub signed_copy_ref: Option<String>,
}

dto_enum! {
    /// Why parts come back to the company; decides who bears the freight.
    dom::ReturnReason => ReturnReason {
        /// A quality problem: the company bears the freight.
        Quality,
        /// The dealer took the parts apart: it bears the freight and pays restoration.
        DealerDisassembled,
        /// Unsold parts: the dealer bears the freight.
        Unsold,
    }
}

dto_enum! {
    /// Who paid the carrier.
    dom::FreightPayer => FreightPayer {
        /// The company.
        Company,
        /// The dealer.
        Dealer,
    }
}

dto_enum! {
    /// Where a return stands.
    dom::ReturnStatus => ReturnStatus {
        /// Asked for; the quantities are reserved on the shipment.
        Requested,
        /// Received by scan and posted.
        Received,
        /// Withdrawn before it arrived.
        Cancelled,
    }
}

dto! {
    /// One line of a return.
    dom::ReturnLine => ReturnLine {
        /// Line number, from 1.
        line: u32,
        /// The shipment line it cites.
        shipment_line: u32,
        /// Part.
        part_no: String,
        /// Quantity.
        qty: i64,
        /// Price credited to the dealer.
        price_fen: i64,
        /// Cost taken back into stock (when received).
        cost_fen: i64,
    }
}

dto! {
    /// Parts a dealer sends back to the company (返厂).
    dom::DealerReturn => DealerReturn {
        /// `RT-…`.
        number: String,
        /// Dealer.
        dealer: String,
        /// The shipment the parts came on.
        shipment: String,
        /// Why.
        reason: ReturnReason,
        /// Freight, fen.
        freight_fen: i64,
        /// Who paid the carrier.
        freight_paid_by: FreightPayer,
        /// Restoration labor charged to the dealer.
        labor_fen: i64,
        /// Status.
        status: ReturnStatus,
        /// Lines.
        lines: Vec<ReturnLine>,
        /// Sum credited to the dealer.
        price_fen: i64,
        /// Sum taken back into stock.
        cost_fen: i64,
        /// Where it was received.
        location: Option<String>,
        /// The dealer's note.
        note: Option<String>,
        /// Version, from 1.
        version: u64,
        /// Token id of the creator.
        created_by: String,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Received.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        received_at: Option<DateTime<Utc>>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// One returned shipment line.
    #[serde(deny_unknown_fields)]
    returns::ReturnLineInput => ReturnLineInput {
        /// The shipment line.
        shipment_line: u32,
        /// Quantity.
        qty: i64,
    }
}

dto! {
    /// A return to ask for.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"shipment": "SH-000001", "reason": "quality", "freight_fen": 2000, "freight_paid_by": "dealer", "lines": [{"shipment_line": 1, "qty": 1}]}))]
    returns::ReturnInput => DealerReturnInput {
        /// The shipment the parts came on.
        shipment: String,
        /// Why.
        reason: ReturnReason,
        /// Freight, fen.
        #[serde(default)]
        freight_fen: i64,
        /// Who paid the carrier.
        freight_paid_by: FreightPayer,
        /// Restoration labor (`dealer_disassembled` only).
        #[serde(default)]
        labor_fen: i64,
        /// A note.
        #[serde(default)]
        note: Option<String>,
        /// Lines citing the shipment's lines.
        lines: Vec<ReturnLineInput>,
    }
}

/// A return received at a warehouse.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"location": "WH-01", "lines": [{"barcode": "6901234500421"}]}))]
pub struct ReturnReceiptInput {
    /// The warehouse receiving it.
    pub location: String,
    /// The scans; when given they must come to exactly what the return lists.
    #[serde(default)]
    pub lines: Option<Vec<ScanLine>>,
}

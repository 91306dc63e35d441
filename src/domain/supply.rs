//! Dealer parts supply (款到发货): dealer payments, the funds a dealer may order with,
//! parts orders, shipments with their delivery notes (销售发货清单) and returns to the
//! company (返厂). Plain types; the state machines and postings are in `supply_rules`.

use crate::domain::ids::{DocNo, PartNo};
use crate::domain::money::Fen;
use chrono::{DateTime, NaiveDate, Utc};

/// A dealer's money held against released orders and its credit limit, kept per dealer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealerFunds {
    /// Dealer.
    pub dealer: String,
    /// Credit the company allows beyond what was paid (0: cash before goods).
    pub credit_limit_fen: Fen,
    /// The unshipped value of the dealer's released orders.
    pub held_fen: Fen,
    /// Version, from 1 (0 before the first write).
    pub version: u64,
}

impl DealerFunds {
    /// What the dealer may still order with, given `balance_fen` of `dealer:<code>`
    /// (debit positive: what it owes): −balance − held + credit limit.
    pub fn available_fen(&self, balance_fen: Fen) -> Fen {
        -balance_fen - self.held_fen + self.credit_limit_fen
    }
}

/// Money received from a dealer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerPayment {
    /// `DP-…`.
    pub number: DocNo,
    /// Dealer.
    pub dealer: String,
    /// Amount, fen (positive).
    pub amount_fen: Fen,
    /// Bank reference of the transfer.
    pub reference: String,
    /// Business date the money arrived.
    pub received_date: NaiveDate,
    /// Token id that recorded it.
    pub recorded_by: String,
    /// Recorded.
    pub recorded_at: DateTime<Utc>,
}

/// Where a parts order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
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
    /// Withdrawn; its hold (the unshipped value) released.
    Cancelled,
}

/// One line of a parts order, at the part's dealer price when ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    /// Line number, from 1.
    pub line: u32,
    /// Part.
    pub part_no: PartNo,
    /// Quantity ordered.
    pub qty: i64,
    /// Dealer price per unit.
    pub unit_price_fen: Fen,
    /// qty × unit price.
    pub amount_fen: Fen,
    /// Quantity shipped so far.
    pub shipped_qty: i64,
}

impl OrderLine {
    /// Ordered and not yet shipped (the backorder once something shipped).
    pub fn open_qty(&self) -> i64 {
        self.qty - self.shipped_qty
    }
}

/// A dealer's order for parts, paid before it ships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartsOrder {
    /// `SO-…`.
    pub number: DocNo,
    /// Dealer.
    pub dealer: String,
    /// Status.
    pub status: OrderStatus,
    /// Lines.
    pub lines: Vec<OrderLine>,
    /// Sum of the lines.
    pub total_fen: Fen,
    /// Value shipped so far (at the order's prices).
    pub shipped_fen: Fen,
    /// Value held against the dealer's funds now (released orders: the unshipped value).
    pub held_fen: Fen,
    /// The dealer's note.
    pub note: Option<String>,
    /// Version, from 1.
    pub version: u64,
    /// Token id of the creator.
    pub created_by: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Released.
    pub released_at: Option<DateTime<Utc>>,
    /// Cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// One line of a shipment: what left the warehouse, at what cost and price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentLine {
    /// Line number, from 1.
    pub line: u32,
    /// The order line shipped.
    pub order_line: u32,
    /// Part.
    pub part_no: PartNo,
    /// Quantity shipped.
    pub qty: i64,
    /// Price per unit charged.
    pub unit_price_fen: Fen,
    /// qty × unit price: what the dealer is charged.
    pub price_fen: Fen,
    /// The moving-average value that left stock.
    pub cost_fen: Fen,
    /// Quantity returned to the company (received).
    pub returned_qty: i64,
    /// Cost taken back into stock by those returns.
    pub returned_cost_fen: Fen,
    /// Quantity on return requests not yet received.
    pub pending_return_qty: i64,
}

impl ShipmentLine {
    /// Shipped and neither returned nor on a pending return.
    pub fn returnable_qty(&self) -> i64 {
        self.qty - self.returned_qty - self.pending_return_qty
    }
}

/// Goods shipped to a dealer against one order; its delivery note is printed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipment {
    /// `SH-…`.
    pub number: DocNo,
    /// The order.
    pub order: DocNo,
    /// Dealer.
    pub dealer: String,
    /// The warehouse it left.
    pub location: String,
    /// Lines.
    pub lines: Vec<ShipmentLine>,
    /// Sum of line prices.
    pub price_fen: Fen,
    /// Sum of line costs.
    pub cost_fen: Fen,
    /// Carrier's waybill, if given.
    pub carrier_ref: Option<String>,
    /// Token id of the clerk.
    pub shipped_by: String,
    /// Shipped.
    pub shipped_at: DateTime<Utc>,
    /// When the dealer's signed delivery note came back.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Who recorded it.
    pub acknowledged_by: Option<String>,
    /// Where the signed copy is kept (a scan's reference or archive number).
    pub signed_copy_ref: Option<String>,
    /// Version, from 1.
    pub version: u64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Why parts come back to the company; decides who bears the freight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnReason {
    /// A quality problem: the company bears the freight.
    Quality,
    /// The dealer took the parts apart: the dealer bears the freight and pays restoration.
    DealerDisassembled,
    /// Unsold parts: the dealer bears the freight.
    Unsold,
}

/// Who paid the carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreightPayer {
    /// The company paid the carrier.
    Company,
    /// The dealer paid the carrier.
    Dealer,
}

/// Where a return stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnStatus {
    /// Asked for by the dealer; the quantities are reserved on the shipment.
    Requested,
    /// Received by scan: stock, credit, freight and labor posted.
    Received,
    /// Withdrawn before it arrived.
    Cancelled,
}

/// One line of a return, citing a shipment line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnLine {
    /// Line number, from 1.
    pub line: u32,
    /// The shipment line it cites.
    pub shipment_line: u32,
    /// Part.
    pub part_no: PartNo,
    /// Quantity.
    pub qty: i64,
    /// Price credited to the dealer (the price charged).
    pub price_fen: Fen,
    /// Cost taken back into stock (set when received).
    pub cost_fen: Fen,
}

/// Parts a dealer sends back to the company (返厂).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerReturn {
    /// `RT-…`.
    pub number: DocNo,
    /// Dealer.
    pub dealer: String,
    /// The shipment the parts came on.
    pub shipment: DocNo,
    /// Why.
    pub reason: ReturnReason,
    /// Freight for the return, fen.
    pub freight_fen: Fen,
    /// Who paid the carrier.
    pub freight_paid_by: FreightPayer,
    /// Restoration labor charged to the dealer (`dealer_disassembled` only).
    pub labor_fen: Fen,
    /// Status.
    pub status: ReturnStatus,
    /// Lines.
    pub lines: Vec<ReturnLine>,
    /// Sum credited to the dealer.
    pub price_fen: Fen,
    /// Sum taken back into stock (when received).
    pub cost_fen: Fen,
    /// Where it was received.
    pub location: Option<String>,
    /// The dealer's note.
    pub note: Option<String>,
    /// Version, from 1.
    pub version: u64,
    /// Token id of the creator.
    pub created_by: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Received.
    pub received_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Days after shipping past which an unsigned delivery note is overdue.
pub const ACK_DAYS: i64 = 15;

/// What a dealer has to order with, as the dealer and finance see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundsView {
    /// Dealer.
    pub dealer: String,
    /// `dealer:<code>` balance, debit positive (negative: money in the dealer's favour).
    pub balance_fen: Fen,
    /// Held for released orders not yet shipped.
    pub held_fen: Fen,
    /// Credit allowed beyond what was paid.
    pub credit_limit_fen: Fen,
    /// −balance − held + credit limit: what a release may still hold.
    pub available_fen: Fen,
}

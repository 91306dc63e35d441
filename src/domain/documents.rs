//! Stock documents: receipts, transfers and stocktakes, and the audit event every write
//! leaves behind.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A document number: prefix and a zero-padded counter (`RC-000001`).
pub fn number(prefix: &str, n: u64) -> String {
    format!("{prefix}-{n:06}")
}

/// Goods in from a supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Receipt {
    /// `RC-…`.
    pub number: String,
    /// Receiving location.
    pub location: String,
    /// Supplier code.
    pub supplier: Option<String>,
    /// Delivery note or invoice reference.
    pub reference: Option<String>,
    /// Lines, in request order.
    pub lines: Vec<ReceiptLine>,
    /// Sum of line values.
    pub total_value_fen: i64,
    /// Who posted it.
    pub actor: String,
    /// When it was posted.
    pub posted_at: DateTime<Utc>,
}

/// One part received at a cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReceiptLine {
    /// Part.
    pub part_no: String,
    /// Quantity.
    pub qty: i64,
    /// Cost per unit.
    pub unit_cost_fen: i64,
    /// qty × unit cost.
    pub value_fen: i64,
}

/// How a transfer moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferMode {
    /// Leaves and arrives in one posting.
    Direct,
    /// Shipped into in-transit, received by scan at the destination.
    TwoStep,
}

/// Where a transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    /// Shipped, nothing received.
    Shipped,
    /// Some received.
    PartiallyReceived,
    /// All received (or a direct transfer).
    Completed,
}

/// Stock moved between two locations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Transfer {
    /// `TR-…`.
    pub number: String,
    /// Source.
    pub from: String,
    /// Destination.
    pub to: String,
    /// Direct or two-step.
    pub mode: TransferMode,
    /// Status.
    pub status: TransferStatus,
    /// Lines.
    pub lines: Vec<TransferLine>,
    /// Version, from 1; each receipt adds one.
    pub version: u64,
    /// Who shipped it.
    pub actor: String,
    /// When it was shipped.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// One part on a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TransferLine {
    /// Part.
    pub part_no: String,
    /// Shipped quantity.
    pub qty: i64,
    /// Value that left the source.
    pub value_fen: i64,
    /// Received so far.
    pub received_qty: i64,
    /// Value received so far.
    pub received_value_fen: i64,
}

impl TransferLine {
    /// Still in transit.
    pub fn outstanding_qty(&self) -> i64 {
        self.qty - self.received_qty
    }

    /// Value still in transit.
    pub fn outstanding_value_fen(&self) -> i64 {
        self.value_fen - self.received_value_fen
    }
}

/// Where a stocktake stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StocktakeStatus {
    /// Counting.
    Open,
    /// Variances posted.
    Posted,
    /// Abandoned; nothing posted.
    Cancelled,
}

/// A count of one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Stocktake {
    /// `ST-…`.
    pub number: String,
    /// Counted location.
    pub location: String,
    /// Uncounted parts with stock count as zero.
    pub full: bool,
    /// Status.
    pub status: StocktakeStatus,
    /// Counted quantity per part, sorted by part.
    pub counts: Vec<Count>,
    /// Variances posted (after posting).
    pub adjustments: Vec<Adjustment>,
    /// Version, from 1.
    pub version: u64,
    /// Who opened it.
    pub actor: String,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A part's counted quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Count {
    /// Part.
    pub part_no: String,
    /// Counted so far.
    pub counted_qty: i64,
}

/// A variance posted by a stocktake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Adjustment {
    /// Part.
    pub part_no: String,
    /// Booked when posted.
    pub booked_qty: i64,
    /// Counted.
    pub counted_qty: i64,
    /// counted − booked.
    pub qty_delta: i64,
    /// Value posted (signed).
    pub value_delta_fen: i64,
}

/// Who changed what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditEvent {
    /// Order, from 1.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Token id of the actor.
    pub actor: String,
    /// What was done (`receipt.post`, `part.update`…).
    pub action: String,
    /// The record's kind.
    pub entity: String,
    /// The record's key.
    pub key: String,
    /// Version before (none on create).
    pub before_version: Option<u64>,
    /// Version after.
    pub after_version: Option<u64>,
}

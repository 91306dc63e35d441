//! Stock documents: receipts, transfers and stocktakes, and the audit event every write
//! leaves behind.

use crate::domain::ids::{DocNo, PartNo, Serial};
use crate::domain::money::Fen;
use chrono::{DateTime, Utc};

/// A document number: prefix and a zero-padded counter (`RC-000001`).
pub fn number(prefix: &str, n: u64) -> String {
    format!("{prefix}-{n:06}")
}

/// Goods in from a supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// `RC-…`.
    pub number: DocNo,
    /// Receiving location.
    pub location: String,
    /// Supplier code.
    pub supplier: Option<String>,
    /// Delivery note or invoice reference.
    pub reference: Option<String>,
    /// Lines, in request order.
    pub lines: Vec<ReceiptLine>,
    /// Sum of line values.
    pub total_value_fen: Fen,
    /// Who posted it.
    pub actor: String,
    /// When it was posted.
    pub posted_at: DateTime<Utc>,
}

/// One part received at a cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    /// Part.
    pub part_no: PartNo,
    /// Quantity.
    pub qty: i64,
    /// Cost per unit.
    pub unit_cost_fen: Fen,
    /// qty × unit cost.
    pub value_fen: Fen,
}

/// How a transfer moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferMode {
    /// Leaves and arrives in one posting.
    Direct,
    /// Shipped into in-transit, received by scan at the destination.
    TwoStep,
}

/// Where a transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferStatus {
    /// Shipped, nothing received.
    Shipped,
    /// Some received.
    PartiallyReceived,
    /// All received (or a direct transfer).
    Completed,
}

/// Stock moved between two locations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// `TR-…`.
    pub number: DocNo,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferLine {
    /// Part.
    pub part_no: PartNo,
    /// Shipped quantity.
    pub qty: i64,
    /// Value that left the source.
    pub value_fen: Fen,
    /// Received so far.
    pub received_qty: i64,
    /// Value received so far.
    pub received_value_fen: Fen,
}

impl TransferLine {
    /// Still in transit.
    pub fn outstanding_qty(&self) -> i64 {
        self.qty - self.received_qty
    }

    /// Value still in transit.
    pub fn outstanding_value_fen(&self) -> Fen {
        self.value_fen - self.received_value_fen
    }
}

/// Where a stocktake stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StocktakeStatus {
    /// Counting.
    Open,
    /// Variances posted.
    Posted,
    /// Abandoned; nothing posted.
    Cancelled,
}

/// A count of one location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stocktake {
    /// `ST-…`.
    pub number: DocNo,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Part.
    pub part_no: PartNo,
    /// Counted so far.
    pub counted_qty: i64,
}

/// A variance posted by a stocktake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    /// Part.
    pub part_no: PartNo,
    /// Booked when posted.
    pub booked_qty: i64,
    /// Counted.
    pub counted_qty: i64,
    /// counted − booked.
    pub qty_delta: i64,
    /// Value posted (signed).
    pub value_delta_fen: Fen,
}

/// Who changed what, when.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Why parts leave for a repair; decides the account an issue debits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A warranty repair of a unit: Dr `warranty:pending` until its claim line is decided.
    Warranty,
    /// Paid service at a dealer's station: the parts are sold to the dealer (Dr `dealer:<code>`).
    PaidService,
    /// Internal work: Dr `service:cost`.
    Internal,
}

/// Where a requisition stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequisitionStatus {
    /// Being written.
    Draft,
    /// Waiting for a supervisor.
    Submitted,
    /// Approved, nothing issued yet.
    Approved,
    /// Refused by a supervisor.
    Rejected,
    /// Some parts issued.
    PartiallyIssued,
    /// Every approved part issued.
    Issued,
    /// Done; nothing more is issued or returned.
    Closed,
    /// Withdrawn before any issue.
    Cancelled,
}

/// A request to take parts out for a repair (领料单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requisition {
    /// `RQ-…`.
    pub number: DocNo,
    /// Location the parts come from.
    pub location: String,
    /// Why.
    pub purpose: Purpose,
    /// The unit repaired (required for warranty).
    pub unit_serial: Option<Serial>,
    /// Lines, numbered from 1.
    pub lines: Vec<RequisitionLine>,
    /// Status.
    pub status: RequisitionStatus,
    /// Token id of the requester.
    pub requester: String,
    /// Token id of the supervisor who approved or rejected it.
    pub decided_by: Option<String>,
    /// The supervisor's comment.
    pub decision_comment: Option<String>,
    /// Version, from 1.
    pub version: u64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// First submitted (the clock of the approval standard starts here).
    pub submitted_at: Option<DateTime<Utc>>,
    /// Approved or rejected.
    pub decided_at: Option<DateTime<Utc>>,
    /// First scan issued.
    pub first_issue_at: Option<DateTime<Utc>>,
    /// Closed or cancelled.
    pub closed_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// The service request (`SV-…`) whose work it does, when it cites one.
    pub service_request: Option<DocNo>,
}

/// One part requested, with what was issued and returned against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequisitionLine {
    /// Line number, from 1.
    pub line: u32,
    /// Part.
    pub part_no: PartNo,
    /// Requested (and approved) quantity.
    pub qty: i64,
    /// Why it is needed.
    pub reason: Option<String>,
    /// Issued so far.
    pub issued_qty: i64,
    /// Value issued so far.
    pub issued_value_fen: Fen,
    /// Returned unused so far.
    pub returned_qty: i64,
    /// Value returned so far.
    pub returned_value_fen: Fen,
    /// Quantity cited by submitted claim lines.
    pub claimed_qty: i64,
    /// Cost of that quantity (what the claim lines claim).
    pub claimed_value_fen: Fen,
    /// Cost cleared from `warranty:pending` by decided claim lines.
    pub cleared_value_fen: Fen,
}

impl RequisitionLine {
    /// Issued and not returned.
    pub fn outstanding_qty(&self) -> i64 {
        self.issued_qty - self.returned_qty
    }

    /// Value issued and not returned.
    pub fn outstanding_value_fen(&self) -> Fen {
        self.issued_value_fen - self.returned_value_fen
    }
}

/// What was done on a unit (服务报告).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceReport {
    /// `SR-…`.
    pub number: DocNo,
    /// The unit repaired.
    pub unit_serial: Serial,
    /// The requisition the parts came from, if any.
    pub requisition: Option<String>,
    /// The station or location where the work was done.
    pub location: String,
    /// Fault code.
    pub fault_code: String,
    /// What was wrong and what was done.
    pub description: String,
    /// Odometer reading, km.
    pub usage_km: Option<i64>,
    /// Engine hours.
    pub usage_hours: Option<i64>,
    /// Labor, minutes.
    pub labor_minutes: i64,
    /// Travel cost, fen.
    pub travel_fen: Fen,
    /// Parts consumed from the requisition.
    pub consumed: Vec<Consumed>,
    /// Customer who signed the report.
    pub customer_name: String,
    /// When the customer signed.
    pub customer_signed_at: DateTime<Utc>,
    /// Token id of the supervisor who confirmed it.
    pub confirmed_by: Option<String>,
    /// When it was confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Token id of the author.
    pub author: String,
    /// Version, from 1.
    pub version: u64,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A part consumed in a repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consumed {
    /// Part.
    pub part_no: PartNo,
    /// Quantity.
    pub qty: i64,
}

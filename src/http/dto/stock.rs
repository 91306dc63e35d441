//! Bodies of the stock routes: receipts, transfers, stocktakes and the stock ledger.

use super::{dto, dto_enum};
use crate::commands::{receipts, stocktakes, transfers};
use crate::domain::documents as dom;
use crate::domain::ledger;
use chrono::{DateTime, Utc};

dto! {
    /// Goods in from a supplier.
    dom::Receipt => Receipt {
        /// `RC-…`.
        number: String,
        /// Receiving location.
        location: String,
        /// Supplier code.
        supplier: Option<String>,
        /// Delivery note or invoice reference.
        reference: Option<String>,
        /// Lines, in request order.
        lines: Vec<ReceiptLine>,
        /// Sum of line values.
        total_value_fen: i64,
        /// Who posted it.
        actor: String,
        /// When it was posted.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        posted_at: DateTime<Utc>,
    }
}

dto! {
    /// One part received at a cost.
    dom::ReceiptLine => ReceiptLine {
        /// Part.
        part_no: String,
        /// Quantity.
        qty: i64,
        /// Cost per unit.
        unit_cost_fen: i64,
        /// qty × unit cost.
        value_fen: i64,
    }
}

dto_enum! {
    /// How a transfer moves.
    dom::TransferMode => TransferMode {
        /// Leaves and arrives in one posting.
        Direct,
        /// Shipped into in-transit, received by scan at the destination.
        TwoStep,
    }
}

dto_enum! {
    /// Where a transfer stands.
    dom::TransferStatus => TransferStatus {
        /// Shipped, nothing received.
        Shipped,
        /// Some received.
        PartiallyReceived,
        /// All received (or a direct transfer).
        Completed,
    }
}

dto! {
    /// Stock moved between two locations.
    dom::Transfer => Transfer {
        /// `TR-…`.
        number: String,
        /// Source.
        from: String,
        /// Destination.
        to: String,
        /// Direct or two-step.
        mode: TransferMode,
        /// Status.
        status: TransferStatus,
        /// Lines.
        lines: Vec<TransferLine>,
        /// Version, from 1; each receipt adds one.
        version: u64,
        /// Who shipped it.
        actor: String,
        /// When it was shipped.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// One part on a transfer.
    dom::TransferLine => TransferLine {
        /// Part.
        part_no: String,
        /// Shipped quantity.
        qty: i64,
        /// Value that left the source.
        value_fen: i64,
        /// Received so far.
        received_qty: i64,
        /// Value received so far.
        received_value_fen: i64,
    }
}

dto_enum! {
    /// Where a stocktake stands.
    dom::StocktakeStatus => StocktakeStatus {
        /// Counting.
        Open,
        /// Variances posted.
        Posted,
        /// Abandoned; nothing posted.
        Cancelled,
    }
}

dto! {
    /// A count of one location.
    dom::Stocktake => Stocktake {
        /// `ST-…`.
        number: String,
        /// Counted location.
        location: String,
        /// Uncounted parts with stock count as zero.
        full: bool,
        /// Status.
        status: StocktakeStatus,
        /// Counted quantity per part, sorted by part.
        counts: Vec<Count>,
        /// Variances posted (after posting).
        adjustments: Vec<Adjustment>,
        /// Version, from 1.
        version: u64,
        /// Who opened it.
        actor: String,
        /// When it was opened.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// A part's counted quantity.
    dom::Count => Count {
        /// Part.
        part_no: String,
        /// Counted so far.
        counted_qty: i64,
    }
}

dto! {
    /// A variance posted by a stocktake.
    dom::Adjustment => Adjustment {
        /// Part.
        part_no: String,
        /// Booked when posted.
        booked_qty: i64,
        /// Counted.
        counted_qty: i64,
        /// counted − booked.
        qty_delta: i64,
        /// Value posted (signed).
        value_delta_fen: i64,
    }
}

dto! {
    /// One change of one part at one location.
    ledger::StockEntry => StockEntry {
        /// Posting order, from 1, gap-free.
        seq: u64,
        /// Part.
        part_no: String,
        /// Location.
        location: String,
        /// Quantity change.
        qty_delta: i64,
        /// Value change in fen.
        value_delta_fen: i64,
        /// Quantity after the change.
        qty_after: i64,
        /// Value after the change.
        value_after_fen: i64,
        /// The causing document's number.
        document: String,
        /// Who posted it.
        actor: String,
        /// When it was posted.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        at: DateTime<Utc>,
    }
}

dto! {
    /// A receipt to post.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"location": "WH-01", "supplier": "S-03", "reference": "DN-2026-0915",
        "lines": [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000}]}))]
    receipts::ReceiptInput => ReceiptInput {
        /// Receiving location (a warehouse or service station).
        location: String,
        /// Supplier code.
        #[serde(default)]
        supplier: Option<String>,
        /// Delivery note or invoice reference.
        #[serde(default)]
        reference: Option<String>,
        /// Lines; a part may appear on several.
        lines: Vec<ReceiptLineInput>,
    }
}

dto! {
    /// One received line: the part by number or barcode.
    #[serde(deny_unknown_fields)]
    receipts::ReceiptLineInput => ReceiptLineInput {
        /// Part number (or give `barcode`).
        #[serde(default)]
        part_no: Option<String>,
        /// A barcode of the part (or give `part_no`).
        #[serde(default)]
        barcode: Option<String>,
        /// Quantity received.
        qty: i64,
        /// Cost per unit, fen.
        unit_cost_fen: i64,
    }
}

dto! {
    /// A transfer to ship.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"from": "WH-01", "to": "ST-D001", "mode": "two_step", "lines": [{"part_no": "BC-3519", "qty": 4}]}))]
    transfers::TransferInput => TransferInput {
        /// Source location.
        from: String,
        /// Destination location.
        to: String,
        /// `direct` or `two_step`.
        mode: TransferMode,
        /// Lines.
        lines: Vec<ScanLine>,
    }
}

dto! {
    /// A part by number or barcode, and a quantity: one scan is `{"barcode": "…"}`.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"barcode": "6901234535190", "qty": 1}))]
    transfers::ScanLine => ScanLine {
        /// Part number (or give `barcode`).
        #[serde(default)]
        part_no: Option<String>,
        /// A barcode of the part (or give `part_no`).
        #[serde(default)]
        barcode: Option<String>,
        /// Quantity (a single scan is 1).
        #[serde(default = "one")]
        qty: i64,
    }
}

dto! {
    /// Scanned arrivals of a two-step transfer.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"lines": [{"barcode": "6901234535190", "qty": 1}]}))]
    transfers::TransferReceiptInput => TransferReceiptInput {
        /// Lines received.
        lines: Vec<ScanLine>,
    }
}

dto! {
    /// A stocktake to open.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"location": "WH-01", "full": false}))]
    stocktakes::StocktakeInput => StocktakeInput {
        /// Location to count.
        location: String,
        /// Count uncounted parts with stock as zero when posting.
        #[serde(default)]
        full: bool,
    }
}

dto! {
    /// One count: a scan adds `qty` (default 1); `counted_qty` sets the count.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"barcode": "6901234535190"}))]
    stocktakes::CountInput => CountInput {
        /// Part number (or give `barcode`).
        #[serde(default)]
        part_no: Option<String>,
        /// A barcode of the part (or give `part_no`).
        #[serde(default)]
        barcode: Option<String>,
        /// Units to add to the count (default 1).
        #[serde(default)]
        qty: Option<i64>,
        /// Sets the count instead of adding.
        #[serde(default)]
        counted_qty: Option<i64>,
    }
}

fn one() -> i64 {
    1
}

/// A stock row is its own wire form.
impl super::Wire<crate::queries::lists::StockRow> for crate::queries::lists::StockRow {
    fn from_domain(value: Self) -> Self {
        value
    }
    fn into_domain(self) -> Self {
        self
    }
}

//! Bodies of the draft and reversal routes.

use super::stock::TransferMode;
use super::{dto, dto_enum};
use crate::commands::{drafts, reversals};
use crate::domain::drafts as dom;
use crate::domain::reversals as rev;
use chrono::{DateTime, Utc};

dto_enum! {
    /// What a draft becomes when it posts.
    dom::DraftKind => DraftKind {
        /// A goods receipt at the draft's location.
        Receipt,
        /// A transfer shipped from the draft's location.
        TransferDispatch,
        /// The arrival of a two-step transfer at the draft's location.
        TransferReceipt,
        /// Parts issued against an approved requisition.
        Issue,
    }
}

dto_enum! {
    /// Where a draft stands.
    dom::DraftStatus => DraftStatus {
        /// Scanning.
        Open,
        /// Posted as its document.
        Posted,
        /// Abandoned; nothing was posted.
        Discarded,
    }
}

dto! {
    /// A document being scanned: lines collect scans; posting writes the document, its
    /// stock movements and journal entry at once.
    dom::Draft => Draft {
        /// `DR-…`.
        number: String,
        /// What it posts as.
        kind: DraftKind,
        /// Where the scanning happens.
        location: String,
        /// Supplier of a receipt.
        supplier: Option<String>,
        /// Reference of a receipt.
        reference: Option<String>,
        /// Destination of a transfer dispatch.
        to: Option<String>,
        /// Mode of a transfer dispatch.
        mode: Option<TransferMode>,
        /// The transfer arriving or the requisition issued against.
        against: Option<String>,
        /// Lines, numbered from 1.
        lines: Vec<DraftLine>,
        /// Status.
        status: DraftStatus,
        /// The document it posted as.
        posted_as: Option<String>,
        /// Version, from 1; every scan and correction adds one.
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
    /// One part on a draft.
    dom::DraftLine => DraftLine {
        /// Line number, from 1.
        line: u32,
        /// Part.
        part_no: String,
        /// Quantity.
        qty: i64,
        /// Cost per unit of a receipt line.
        unit_cost_fen: Option<i64>,
    }
}

dto! {
    /// A draft to open.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"kind": "receipt", "location": "WH-01", "supplier": "S-03", "reference": "DN-2026-0915"}))]
    drafts::DraftInput => DraftInput {
        /// What it posts as.
        kind: DraftKind,
        /// Where the scanning happens (a transfer arrival or an issue takes its
        /// document's location when absent).
        #[serde(default)]
        location: Option<String>,
        /// Supplier of a receipt.
        #[serde(default)]
        supplier: Option<String>,
        /// Delivery note or reference of a receipt.
        #[serde(default)]
        reference: Option<String>,
        /// Destination of a transfer dispatch.
        #[serde(default)]
        to: Option<String>,
        /// Mode of a transfer dispatch (default `direct`).
        #[serde(default)]
        mode: Option<TransferMode>,
        /// The transfer arriving (`TR-…`) or the requisition issued against (`RQ-…`).
        #[serde(default)]
        against: Option<String>,
    }
}

dto! {
    /// One scan: `{"barcode": "…"}` adds one unit to the part's line.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"barcode": "6901234535190"}))]
    drafts::ScanInput => ScanInput {
        /// Part number (or give `barcode`).
        #[serde(default)]
        part_no: Option<String>,
        /// A barcode of the part (or give `part_no`).
        #[serde(default)]
        barcode: Option<String>,
        /// Units (default 1).
        #[serde(default = "one")]
        qty: i64,
        /// Cost per unit of a receipt line (default: the line's cost, else the part's
        /// standard cost).
        #[serde(default)]
        unit_cost_fen: Option<i64>,
    }
}

dto! {
    /// A correction of one draft line.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"qty": 9}))]
    drafts::LineInput => LineInput {
        /// The line's quantity (1 or more; remove the line to drop it).
        qty: i64,
        /// A receipt line's cost per unit.
        #[serde(default)]
        unit_cost_fen: Option<i64>,
    }
}

fn one() -> i64 {
    1
}

dto_enum! {
    /// The kind of document a reversal undoes.
    rev::ReversedKind => ReversedKind {
        /// A goods receipt.
        Receipt,
        /// A transfer.
        Transfer,
        /// One issue of a requisition.
        Issue,
        /// One return of unused parts to a requisition's location.
        Return,
    }
}

dto! {
    /// A reversal (红冲): the exact opposite of the original's stock movements and journal
    /// entries, under its own number.
    rev::Reversal => Reversal {
        /// `RV-…`.
        number: String,
        /// The document reversed.
        original: String,
        /// Its kind.
        original_kind: ReversedKind,
        /// The stock ledger entry (`seq`) reversed, for one issue or return of a requisition.
        entry: Option<u64>,
        /// Why.
        reason: String,
        /// The stock movements posted.
        moves: Vec<ReversalMove>,
        /// Value taken back out of the locations the original filled.
        total_value_fen: i64,
        /// Who reversed it.
        actor: String,
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        posted_at: DateTime<Utc>,
    }
}

dto! {
    /// One stock movement of a reversal.
    rev::Move => ReversalMove {
        /// Part.
        part_no: String,
        /// Location.
        location: String,
        /// Quantity change (signed).
        qty_delta: i64,
        /// Value change in fen (signed).
        value_delta_fen: i64,
    }
}

dto! {
    /// Why a document is reversed.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"reason": "供应商送错货"}))]
    reversals::ReversalInput => ReversalInput {
        /// The reason (required).
        reason: String,
    }
}

//! Body of the reversal of a requisition's issue or return.

use super::dto;
use crate::commands::requisition_reversals;

dto! {
    /// Which issue or return of the requisition is reversed (its stock ledger entry), and why.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"entry": 17, "reason": "发错料，实物未领走"}))]
    requisition_reversals::EntryReversalInput => EntryReversalInput {
        /// The `seq` of the or return's stock ledger entry (`GET /stock/ledger`,
        /// `document` = the requisition).
        entry: u64,
        /// The reason (required).
        reason: String,
    }
}

//! Bodies of the system routes: tokens, the caller, the audit trail and reconciliation.

use super::{dto, dto_enum};
use crate::commands::tokens;
use crate::domain::{auth, documents, numbered};
use crate::queries::reconciliation;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

dto_enum! {
    /// A token's role.
    auth::Role => Role {
        /// Everything.
        Admin,
        /// Stock operations at its locations.
        Clerk,
        /// Approves requisitions.
        Supervisor,
        /// A dealer: its own units, stock and claims only.
        Dealer,
        /// Inspects old parts, decides claims.
        Reviewer,
        /// Settlements, supplier claims, the books.
        Finance,
    }
}

dto! {
    /// A stored API token (the secret itself is never stored, only its hash).
    auth::Token => Token {
        /// Public id (`TK-…`), shown in audit events.
        id: String,
        /// Human label.
        name: String,
        /// Role.
        role: Role,
        /// The dealer of a dealer token.
        dealer: Option<String>,
        /// Locations a clerk may post at; empty = all.
        locations: Vec<String>,
        /// Who created it.
        created_by: String,
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
    }
}

dto_enum! {
    /// The kind of document a posting names, so that a client can open it without knowing
    /// how numbers are made.
    numbered::DocumentKind => DocumentKind {
        /// `RC-…`, at `/stock/receipts/{id}`.
        Receipt,
        /// `TR-…`, at `/stock/transfers/{id}`.
        Transfer,
        /// `ST-…`, at `/stocktakes/{id}`.
        Stocktake,
        /// `RQ-…`, at `/requisitions/{id}`.
        Requisition,
        /// `SR-…`, at `/service-reports/{id}`.
        ServiceReport,
        /// `CL-…`, at `/claims/{id}`.
        Claim,
        /// `SE-…`, at `/settlements/{id}`.
        Settlement,
        /// `SC-…`, at `/supplier-claims/{id}`.
        SupplierClaim,
        /// `OP-YYYY-…` (an old-part tag), at `/old-parts/{tag}`.
        OldPart,
        /// `DR-…` (a document being scanned), at `/drafts/{id}`.
        Draft,
        /// `RV-…` (a reversal, 红冲), at `/reversals/{id}`.
        Reversal,
        /// `SO-…`, at `/parts-orders/{id}`.
        PartsOrder,
        /// `SH-…`, at `/shipments/{id}`.
        Shipment,
        /// `DP-…`, at `/dealer-payments/{id}`.
        DealerPayment,
        /// `RT-…`, at `/dealer-returns/{id}`.
        DealerReturn,
        /// `SV-…`, at `/service-requests/{id}`.
        ServiceRequest,
        /// `PA-…` (a pre-authorization, 预授权), at `/preauthorizations/{id}`.
        Preauthorization,
        /// `RP-…` (a reserve plan, 储备计划), at `/reserve-plans/{id}`.
        ReservePlan,
    }
}

dto! {
    /// Who changed what, when.
    documents::AuditEvent => AuditEvent {
        /// Order, from 1.
        seq: u64,
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        at: DateTime<Utc>,
        /// Token id of the actor.
        actor: String,
        /// What was done (`receipt.post`, `part.update`…).
        action: String,
        /// The record's kind.
        entity: String,
        /// The record's key.
        key: String,
        /// Version before (none on create).
        before_version: Option<u64>,
        /// Version after.
        after_version: Option<u64>,
    }
}

dto! {
    /// A token to create.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"name": "WH-01 scanner 3", "role": "clerk", "locations": ["WH-01"]}))]
    tokens::TokenInput => TokenInput {
        /// Human label.
        name: String,
        /// Role.
        role: Role,
        /// Dealer code (dealer tokens only, required there).
        #[serde(default)]
        dealer: Option<String>,
        /// Locations a clerk may post at; empty = all.
        #[serde(default)]
        locations: Vec<String>,
    }
}

dto! {
    /// A created token with its secret (shown this once).
    tokens::CreatedToken => CreatedToken {
        /// The token's record.
        token: Token,
        /// The bearer secret; store it now, it cannot be shown again. `null` in an idempotent
        /// replay: secrets are never stored, so a lost first answer means revoking the token
        /// and creating another.
        secret: Option<String>,
    }
}

dto! {
    /// One thing that does not agree.
    reconciliation::Difference => Difference {
        /// Stable kind: `unbalanced_entry`, `account_balance_mismatch`, `stock_balance_mismatch`,
        /// `ledger_chain_broken`, `negative_stock`, `value_at_zero_qty`, `inventory_mismatch`,
        /// `warranty_pending_mismatch`, `sequence_gap`, `index_entry_missing`, `index_entry_dangling`,
        /// `held_funds_mismatch`, `cost_of_sales_mismatch`,
        /// `unit_sales_mismatch`.
        code: String,
        /// What is wrong, in words.
        message: String,
        /// The account concerned.
        account: Option<String>,
        /// The part concerned.
        part_no: Option<String>,
        /// The location concerned.
        location: Option<String>,
        /// The document that caused (or last touched) it.
        document: Option<String>,
        /// What kind of document `document` is (how to open it).
        document_kind: Option<DocumentKind>,
        /// What the data says it should be.
        expected: Option<i64>,
        /// What is stored.
        actual: Option<i64>,
    }
}

dto! {
    /// How much was checked.
    reconciliation::Checked => Checked {
        /// Journal entries read.
        journal_entries: u64,
        /// Stock ledger entries read.
        stock_entries: u64,
        /// Accounts compared.
        accounts: u64,
        /// Stock balances compared.
        stock_balances: u64,
        /// Secondary index entries compared with their records.
        index_entries: u64,
    }
}

dto! {
    /// The outcome.
    reconciliation::Report => Report {
        /// True when nothing differs.
        balanced: bool,
        /// Number of differences found (all of them).
        difference_count: u64,
        /// The differences (at most 1000).
        differences: Vec<Difference>,
        /// What was read.
        checked: Checked,
    }
}

impl CreatedToken {
    /// The answer kept for an idempotent replay: secrets are never stored.
    pub fn without_secret(&self) -> CreatedToken {
        CreatedToken {
            token: self.token.clone(),
            secret: None,
        }
    }
}

/// The caller as its token names it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"token_id": "TK-000007", "role": "clerk", "dealer": null, "locations": ["WH-01"]}))]
pub struct WhoAmI {
    /// Token id (`TK-…`, or the demo token's name).
    pub token_id: String,
    /// Role.
    pub role: Role,
    /// The dealer of a dealer token.
    pub dealer: Option<String>,
    /// Locations a clerk may post at; empty = all.
    pub locations: Vec<String>,
}

//! Bodies of paid service (有偿服务) on a service request: the quote, the supervisor's
//! decision and the fee collected.

use super::{dto, dto_enum};
use crate::commands::service_requests as cmd;
use crate::domain::service_requests as dom;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

dto_enum! {
    /// Where a paid-service quote stands.
    dom::QuoteStatus => QuoteStatus { Quoted, Approved, Rejected, Collected }
}

dto! {
    /// Paid service (有偿服务): quote, approval, fee collected.
    dom::PaidService => PaidService {
        /// Travel, fen.
        travel_fen: i64,
        /// Wages, fen.
        wages_fen: i64,
        /// Travel + wages, fen.
        total_fen: i64,
        /// Why the work is paid.
        note: Option<String>,
        /// Where it stands.
        status: QuoteStatus,
        /// Token id of who quoted.
        quoted_by: String,
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        quoted_at: DateTime<Utc>,
        /// Token id of the supervisor who decided.
        decided_by: Option<String>,
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        decided_at: Option<DateTime<Utc>>,
        /// The supervisor's comment.
        decision_comment: Option<String>,
        /// The fee collected, fen.
        collected_fen: Option<i64>,
        /// When it was handed in.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        collected_at: Option<DateTime<Utc>>,
        /// Receipt or bank reference.
        reference: Option<String>,
    }
}

dto! {
    /// A paid-service quote.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"travel_fen": 15000, "wages_fen": 20000, "note": "Coverage ended 2025-12-31"}))]
    cmd::QuoteInput => QuoteInput {
        /// Travel, fen.
        travel_fen: i64,
        /// Wages, fen.
        wages_fen: i64,
        /// Why the work is paid.
        #[serde(default)]
        note: Option<String>,
    }
}

/// A supervisor's decision on a quote.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteDecisionInput {
    /// Comment (required to reject).
    #[serde(default)]
    pub comment: Option<String>,
}

/// The fee collected.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount_fen": 35000, "reference": "POS-20260302-17"}))]
pub struct FeeInput {
    /// Amount collected, fen (at most the approved quote).
    pub amount_fen: i64,
    /// Receipt or bank reference.
    pub reference: String,
}

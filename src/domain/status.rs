//! Stable snake_case names of the statuses a refusal reports (`invalid_state`'s `state`).
//! The API shows the same names; `http::dto` tests that its enums agree.

use super::claims::{ClaimStatus, TagStatus};
use super::documents::{RequisitionStatus, StocktakeStatus};
use super::settlement::{SettlementStatus, SupplierClaimStatus};
use super::supply::{OrderStatus, ReturnStatus};

/// A status with a stable name.
pub trait Named {
    /// The snake_case name (`partially_issued`).
    fn name(&self) -> &'static str;
}

impl Named for &'static str {
    fn name(&self) -> &'static str {
        self
    }
}

/// Names every variant of a status enum.
macro_rules! named {
    ($($t:ident { $($variant:ident => $name:literal),* $(,)? })*) => {
        $(impl Named for $t {
            fn name(&self) -> &'static str {
                match self {
                    $($t::$variant => $name,)*
                }
            }
        })*
    };
}

named! {
    ClaimStatus { Draft => "draft", Submitted => "submitted", Returned => "returned", Decided => "decided", Settled => "settled" }
    TagStatus { Due => "due", Shipped => "shipped", Received => "received", Inspected => "inspected", Overdue => "overdue" }
    StocktakeStatus { Open => "open", Posted => "posted", Cancelled => "cancelled" }
    RequisitionStatus {
        Draft => "draft", Submitted => "submitted", Approved => "approved", Rejected => "rejected",
        PartiallyIssued => "partially_issued", Issued => "issued", Closed => "closed", Cancelled => "cancelled",
    }
    SettlementStatus { Draft => "draft", Issued => "issued", Confirmed => "confirmed", Cancelled => "cancelled" }
    SupplierClaimStatus { Draft => "draft", Submitted => "submitted", Answered => "answered", Closed => "closed" }
    OrderStatus {
        Draft => "draft", Submitted => "submitted", Released => "released",
        PartiallyShipped => "partially_shipped", Shipped => "shipped", Cancelled => "cancelled",
    }
    ReturnStatus { Requested => "requested", Received => "received", Cancelled => "cancelled" }
}

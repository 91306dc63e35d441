//! Dealer supply in the store: each dealer's funds record, and the index entries of the
//! dealer-supply documents in the shared document indexes: each
//! document by dealer (`docs_by_dealer_v1`), orders and returns by status
//! (`docs_by_status_v1`), and shipments whose signed delivery note has not come back
//! (status segment `unsigned`), so the overdue list reads only those.

use super::indexes::{Entry, Indexed, doc_entry};
use super::keys::KeyReader;
use super::repo::{self, code_key};
use super::{Read, StoreResult, Table};
use crate::domain::numbered::DocumentKind;
use crate::domain::supply::{
    DealerFunds, DealerPayment, DealerReturn, OrderStatus, PartsOrder, ReturnStatus, Shipment,
};

/// The dealer's funds record (a dealer never written to has none held and no credit).
pub fn dealer_funds(r: &dyn Read, dealer: &str) -> StoreResult<DealerFunds> {
    Ok(
        repo::get(r, Table::DealerFunds, &code_key(dealer))?.unwrap_or_else(|| DealerFunds {
            dealer: dealer.into(),
            ..DealerFunds::default()
        }),
    )
}

/// The number at the start of a document key.
fn number_of(key: &[u8]) -> u64 {
    KeyReader::new(key).u64().unwrap_or(0)
}

/// Stable key segment for an order status; stored in keys, so never renamed.
pub fn order_status(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Draft => "draft",
        OrderStatus::Submitted => "submitted",
        OrderStatus::Released => "released",
        OrderStatus::PartiallyShipped => "partially_shipped",
        OrderStatus::Shipped => "shipped",
        OrderStatus::Cancelled => "cancelled",
    }
}

/// Stable key segment for a return status; stored in keys, so never renamed.
pub fn return_status(s: ReturnStatus) -> &'static str {
    match s {
        ReturnStatus::Requested => "requested",
        ReturnStatus::Received => "received",
        ReturnStatus::Cancelled => "cancelled",
    }
}

/// The status segment of shipments whose signed delivery note has not come back.
pub const UNSIGNED: &str = "unsigned";

fn by_dealer(kind: DocumentKind, dealer: &str, n: u64) -> Entry {
    (Table::DocsByDealer, doc_entry(kind.prefix(), dealer, n))
}

impl Indexed for DealerPayment {
    const TABLE: Table = Table::DealerPayments;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        vec![by_dealer(DocumentKind::DealerPayment, &self.dealer, number_of(key))]
    }
}

impl Indexed for PartsOrder {
    const TABLE: Table = Table::PartsOrders;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        let n = number_of(key);
        let kind = DocumentKind::PartsOrder;
        vec![
            by_dealer(kind, &self.dealer, n),
            (
                Table::DocsByStatus,
                doc_entry(kind.prefix(), order_status(self.status), n),
            ),
        ]
    }
}

impl Indexed for Shipment {
    const TABLE: Table = Table::Shipments;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        let n = number_of(key);
        let kind = DocumentKind::Shipment;
        let mut out = vec![by_dealer(kind, &self.dealer, n)];
        if self.acknowledged_at.is_none() {
            out.push((Table::DocsByStatus, doc_entry(kind.prefix(), UNSIGNED, n)));
        }
        out
    }
}

impl Indexed for DealerReturn {
    const TABLE: Table = Table::DealerReturns;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        let n = number_of(key);
        let kind = DocumentKind::DealerReturn;
        vec![
            by_dealer(kind, &self.dealer, n),
            (
                Table::DocsByStatus,
                doc_entry(kind.prefix(), return_status(self.status), n),
            ),
        ]
    }
}

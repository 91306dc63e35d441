//! Dealer parts supply: funds, payments, parts orders, shipments (with the overdue
//! unsigned delivery notes) and returns — a dealer sees only its own.

use super::shared::{Source, dealer_scope, dealer_visible, documents_from};
use crate::domain::auth::Principal;
use crate::domain::ledger::accounts;
use crate::domain::numbered::DocumentKind;
use crate::domain::supply::{DealerPayment, DealerReturn, FundsView, OrderStatus, PartsOrder, ReturnStatus, Shipment};
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest};
use crate::store::indexes::doc_prefix;
use crate::store::repo::{self, code_key};
use crate::store::supply::{UNSIGNED, order_status, return_status};
use crate::store::{Read, Table, document};
use chrono::{DateTime, Utc};

/// A dealer's funds: balance, held, credit limit and what is available.
pub fn dealer_funds(r: &dyn Read, principal: &Principal, dealer: &str) -> Result<FundsView> {
    if !dealer_visible(principal, dealer) || r.get(Table::Dealers, &code_key(dealer))?.is_none() {
        return Err(Error::not_found("dealer", dealer));
    }
    let funds = crate::store::supply::dealer_funds(r, dealer)?;
    let balance_fen = repo::account_balance(r, &accounts::dealer(dealer))?;
    Ok(FundsView {
        dealer: dealer.into(),
        balance_fen,
        held_fen: funds.held_fen,
        credit_limit_fen: funds.credit_limit_fen,
        available_fen: funds.available_fen(balance_fen),
    })
}

fn by_dealer(kind: DocumentKind, principal: &Principal, dealer: Option<&str>) -> Source {
    match dealer_scope(principal, dealer) {
        Some(d) => Source::Index(Table::DocsByDealer, doc_prefix(kind.prefix(), d)),
        None => Source::All,
    }
}

/// Payments the caller may see (a dealer: its own), newest first.
pub fn dealer_payments(
    r: &dyn Read,
    principal: &Principal,
    dealer: Option<&str>,
    page: &PageRequest,
) -> Result<Page<DealerPayment>> {
    let source = by_dealer(DocumentKind::DealerPayment, principal, dealer);
    documents_from(
        r,
        Table::DealerPayments,
        source,
        &format!("dealer-payments?{dealer:?}"),
        page,
        |p: &DealerPayment| Ok(dealer.is_none_or(|d| d == p.dealer) && dealer_visible(principal, &p.dealer)),
    )
}

/// One payment (another dealer's answers 404).
pub fn dealer_payment(r: &dyn Read, principal: &Principal, number: &str) -> Result<DealerPayment> {
    let p = document::get::<DealerPayment>(r, number)?;
    visible(principal, &p.dealer, DocumentKind::DealerPayment, number)?;
    Ok(p)
}

fn visible(principal: &Principal, dealer: &str, kind: DocumentKind, number: &str) -> Result<()> {
    if dealer_visible(principal, dealer) {
        Ok(())
    } else {
        Err(Error::not_found(kind.entity(), number))
    }
}

/// Parts orders the caller may see, newest first, by dealer and status (the picking list
/// is status `released` and `partially_shipped`).
pub fn parts_orders(
    r: &dyn Read,
    principal: &Principal,
    dealer: Option<&str>,
    status: Option<OrderStatus>,
    page: &PageRequest,
) -> Result<Page<PartsOrder>> {
    let kind = DocumentKind::PartsOrder;
    let source = match (dealer_scope(principal, dealer), status) {
        (None, Some(s)) => Source::Index(Table::DocsByStatus, doc_prefix(kind.prefix(), order_status(s))),
        _ => by_dealer(kind, principal, dealer),
    };
    documents_from(
        r,
        Table::PartsOrders,
        source,
        &format!("parts-orders?{dealer:?}&{status:?}"),
        page,
        |o: &PartsOrder| {
            Ok(dealer.is_none_or(|d| d == o.dealer)
                && status.is_none_or(|s| s == o.status)
                && dealer_visible(principal, &o.dealer))
        },
    )
}

/// One parts order (another dealer's answers 404).
pub fn parts_order(r: &dyn Read, principal: &Principal, number: &str) -> Result<PartsOrder> {
    let o = document::get::<PartsOrder>(r, number)?;
    visible(principal, &o.dealer, DocumentKind::PartsOrder, number)?;
    Ok(o)
}

/// Shipment filters.
#[derive(Debug, Clone, Default)]
pub struct ShipmentFilter {
    /// Only this dealer's.
    pub dealer: Option<String>,
    /// Only this order's.
    pub order: Option<String>,
    /// Only those whose signed delivery note is overdue at this instant.
    pub overdue_at: Option<DateTime<Utc>>,
}

/// Shipments the caller may see, newest first; `overdue_at` reads only the unsigned ones.
pub fn shipments(
    r: &dyn Read,
    principal: &Principal,
    f: &ShipmentFilter,
    page: &PageRequest,
) -> Result<Page<Shipment>> {
    let kind = DocumentKind::Shipment;
    let dealer = f.dealer.as_deref();
    let source = match (dealer_scope(principal, dealer), f.overdue_at) {
        (None, Some(_)) => Source::Index(Table::DocsByStatus, doc_prefix(kind.prefix(), UNSIGNED)),
        _ => by_dealer(kind, principal, dealer),
    };
    documents_from(
        r,
        Table::Shipments,
        source,
        &format!("shipments?{dealer:?}&{:?}&{:?}", f.order, f.overdue_at),
        page,
        |s: &Shipment| {
            Ok(dealer.is_none_or(|d| d == s.dealer)
                && f.order.as_deref().is_none_or(|o| o == s.order.as_str())
                && f.overdue_at.is_none_or(|at| s.acknowledgement_overdue(at))
                && dealer_visible(principal, &s.dealer))
        },
    )
}

/// One shipment (another dealer's answers 404).
pub fn shipment(r: &dyn Read, principal: &Principal, number: &str) -> Result<Shipment> {
    let s = document::get::<Shipment>(r, number)?;
    visible(principal, &s.dealer, DocumentKind::Shipment, number)?;
    Ok(s)
}

/// Returns the caller may see, newest first, by dealer and status.
pub fn dealer_returns(
    r: &dyn Read,
    principal: &Principal,
    dealer: Option<&str>,
    status: Option<ReturnStatus>,
    page: &PageRequest,
) -> Result<Page<DealerReturn>> {
    let kind = DocumentKind::DealerReturn;
    let source = match (dealer_scope(principal, dealer), status) {
        (None, Some(s)) => Source::Index(Table::DocsByStatus, doc_prefix(kind.prefix(), return_status(s))),
        _ => by_dealer(kind, principal, dealer),
    };
    documents_from(
        r,
        Table::DealerReturns,
        source,
        &format!("dealer-returns?{dealer:?}&{status:?}"),
        page,
        |x: &DealerReturn| {
            Ok(dealer.is_none_or(|d| d == x.dealer)
                && status.is_none_or(|s| s == x.status)
                && dealer_visible(principal, &x.dealer))
        },
    )
}

/// One return (another dealer's answers 404).
pub fn dealer_return(r: &dyn Read, principal: &Principal, number: &str) -> Result<DealerReturn> {
    let x = document::get::<DealerReturn>(r, number)?;
    visible(principal, &x.dealer, DocumentKind::DealerReturn, number)?;
    Ok(x)
}

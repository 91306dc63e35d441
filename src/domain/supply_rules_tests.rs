use super::*;
use crate::domain::ledger::Side;
use crate::domain::supply::{OrderLine, ShipmentLine};
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
}

fn order(lines: &[(&str, i64, i64)]) -> PartsOrder {
    let lines: Vec<OrderLine> = lines
        .iter()
        .enumerate()
        .map(|(i, (p, q, price))| OrderLine {
            line: i as u32 + 1,
            part_no: (*p).into(),
            qty: *q,
            unit_price_fen: Fen(*price),
            amount_fen: Fen(price * q),
            shipped_qty: 0,
        })
        .collect();
    PartsOrder {
        number: "SO-000001".into(),
        dealer: "D".into(),
        status: OrderStatus::Draft,
        total_fen: lines.iter().map(|l| l.amount_fen).sum(),
        lines,
        shipped_fen: Fen::ZERO,
        held_fen: Fen::ZERO,
        note: None,
        version: 1,
        created_by: "t".into(),
        created_at: now(),
        submitted_at: None,
        released_at: None,
        cancelled_at: None,
        updated_at: now(),
    }
}

fn funds(credit: i64, held: i64) -> DealerFunds {
    DealerFunds {
        dealer: "D".into(),
        credit_limit_fen: Fen(credit),
        held_fen: Fen(held),
        version: 1,
    }
}

fn signed(p: &Posting, account: &str) -> i64 {
    p.clone()
        .into_lines()
        .iter()
        .filter(|l| l.account == account)
        .map(|l| match l.side {
            Side::Debit => l.amount_fen.get(),
            Side::Credit => -l.amount_fen.get(),
        })
        .sum()
}

/// Scenario E: refused with the shortfall until paid; available exactly equal releases.
#[test]
fn release_needs_available_at_least_the_total() {
    let mut o = order(&[("P", 3, 500)]);
    o.submit(now()).unwrap();
    let e = o.clone().release(&funds(0, 0), Fen(0), now()).unwrap_err();
    assert_eq!(
        e,
        Error::InsufficientFunds {
            dealer: "D".into(),
            required: 1_500,
            available: 0,
            shortfall: 1_500
        }
    );
    let e = o.clone().release(&funds(0, 0), Fen(-1_000), now()).unwrap_err();
    assert!(matches!(e, Error::InsufficientFunds { shortfall: 500, .. }));
    // One fen short is refused; the exact amount passes.
    assert!(o.clone().release(&funds(0, 0), Fen(-1_499), now()).is_err());
    assert_eq!(o.clone().release(&funds(0, 0), Fen(-1_500), now()).unwrap(), Fen(1_500));
    // Credit counts, and what is held for other orders does not.
    assert!(o.clone().release(&funds(1_500, 0), Fen(0), now()).is_ok());
    assert!(o.clone().release(&funds(1_500, 1), Fen(0), now()).is_err());
    assert_eq!(o.status, OrderStatus::Submitted);
}

#[test]
fn only_a_submitted_order_is_released_and_a_shipped_one_is_not_cancelled() {
    let mut o = order(&[("P", 1, 500)]);
    assert!(matches!(
        o.release(&funds(0, 0), Fen(-500), now()),
        Err(Error::InvalidState { .. })
    ));
    o.submit(now()).unwrap();
    assert!(o.submit(now()).is_err());
    o.release(&funds(0, 0), Fen(-500), now()).unwrap();
    assert!(o.shippable().is_ok());
    let line = o.line_to_ship(&"P".into(), 1).unwrap();
    assert_eq!(o.ship(line, 1), Fen(500));
    assert_eq!(o.status, OrderStatus::Shipped);
    assert!(o.cancel(now()).is_err());
}

#[test]
fn partial_shipments_leave_a_backorder_and_cancel_releases_the_rest() {
    let mut o = order(&[("P", 3, 500), ("Q", 2, 100)]);
    o.submit(now()).unwrap();
    o.release(&funds(0, 0), Fen(-2_000), now()).unwrap();
    assert_eq!(o.held_fen, Fen(1_700));
    o.ship(1, 2);
    assert_eq!(o.status, OrderStatus::PartiallyShipped);
    assert_eq!((o.held_fen, o.unshipped_fen()), (Fen(700), Fen(700)));
    let e = o.line_to_ship(&"P".into(), 2).unwrap_err();
    assert_eq!(e.code(), "ship_exceeds_ordered");
    assert_eq!(
        o.line_to_ship(&"X".into(), 1).unwrap_err().code(),
        "part_not_on_document"
    );
    assert_eq!(o.cancel(now()).unwrap(), Fen(700));
    assert_eq!((o.status, o.held_fen), (OrderStatus::Cancelled, Fen::ZERO));
    assert!(o.shippable().is_err());
}

/// A draft or submitted order holds nothing, so cancelling it releases nothing.
#[test]
fn cancelling_before_release_releases_nothing() {
    let mut o = order(&[("P", 3, 500)]);
    o.submit(now()).unwrap();
    assert_eq!(o.cancel(now()).unwrap(), Fen::ZERO);
}

fn shipment(qty: i64, cost: i64) -> Shipment {
    Shipment {
        number: "SH-000001".into(),
        order: "SO-000001".into(),
        dealer: "D".into(),
        location: "WH-01".into(),
        lines: vec![ShipmentLine {
            line: 1,
            order_line: 1,
            part_no: "P".into(),
            qty,
            unit_price_fen: Fen(500),
            price_fen: Fen(500 * qty),
            cost_fen: Fen(cost),
            returned_qty: 0,
            returned_cost_fen: Fen::ZERO,
            pending_return_qty: 0,
        }],
        price_fen: Fen(500 * qty),
        cost_fen: Fen(cost),
        carrier_ref: None,
        shipped_by: "t".into(),
        shipped_at: now(),
        acknowledged_at: None,
        acknowledged_by: None,
        signed_copy_ref: None,
        version: 1,
        updated_at: now(),
    }
}

/// Scenario F: 1 of 2 at 667 comes back at 334 (half up), the last at the remaining 333;
/// a third is refused.
#[test]
fn returns_take_back_the_shipment_cost_and_never_more_than_shipped() {
    let mut s = shipment(2, 667);
    s.reserve_return(1, 1).unwrap();
    assert_eq!(s.take_back(1, 1), Fen(334));
    s.reserve_return(1, 1).unwrap();
    let e = s.clone().reserve_return(1, 1).unwrap_err();
    assert_eq!(e.code(), "return_exceeds_shipped");
    assert!(matches!(e, Error::QtyExceeded { available: 0, .. }));
    assert_eq!(s.take_back(1, 1), Fen(333));
    assert_eq!(s.lines[0].returned_cost_fen, Fen(667));
    assert!(s.reserve_return(2, 1).is_err());
    s.unreserve_return(1, 5);
    assert_eq!(s.lines[0].pending_return_qty, 0);
}

#[test]
fn delivery_note_overdue_after_fifteen_days_unsigned() {
    let mut s = shipment(1, 1);
    assert!(!s.acknowledgement_overdue(now() + chrono::Duration::days(15)));
    assert!(s.acknowledgement_overdue(now() + chrono::Duration::days(15) + chrono::Duration::seconds(1)));
    s.acknowledged_at = Some(now());
    assert!(!s.acknowledgement_overdue(now() + chrono::Duration::days(100)));
}

fn a_return(reason: ReturnReason, paid_by: FreightPayer, freight: i64, labor: i64) -> DealerReturn {
    DealerReturn {
        number: "RT-000001".into(),
        dealer: "D".into(),
        shipment: "SH-000001".into(),
        reason,
        freight_fen: Fen(freight),
        freight_paid_by: paid_by,
        labor_fen: Fen(labor),
        status: ReturnStatus::Requested,
        lines: Vec::new(),
        price_fen: Fen(500),
        cost_fen: Fen(334),
        location: None,
        note: None,
        version: 1,
        created_by: "t".into(),
        created_at: now(),
        received_at: None,
        updated_at: now(),
    }
}

fn total(postings: &[(&str, Posting)], account: &str) -> i64 {
    postings.iter().map(|(_, p)| signed(p, account)).sum()
}

/// Scenario F's postings, and the freight rule for every reason and payer.
#[test]
fn freight_follows_the_reason() {
    let p = return_postings(
        &a_return(ReturnReason::Quality, FreightPayer::Dealer, 2_000, 0),
        "WH-01",
    );
    assert_eq!(total(&p, "inventory:WH-01"), 334);
    assert_eq!(total(&p, COST_OF_SALES_PARTS), -334);
    assert_eq!(total(&p, SALES_PARTS), 500);
    assert_eq!(total(&p, "dealer:D"), -2_500);
    assert_eq!(total(&p, FREIGHT_EXPENSE), 2_000);
    let mut r = a_return(ReturnReason::DealerDisassembled, FreightPayer::Company, 1_200, 3_000);
    r.cost_fen = Fen(333);
    let p = return_postings(&r, "WH-01");
    assert_eq!(total(&p, "dealer:D"), -500 + 3_000 + 1_200);
    assert_eq!(total(&p, SERVICE_INCOME), -3_000);
    assert_eq!(total(&p, accounts::BANK), -1_200);
    assert_eq!(total(&p, FREIGHT_EXPENSE), 0);
    // Recharged freight is its own entry, so the expense shows both ways.
    assert_eq!(p.len(), 4);
    let p = return_postings(&a_return(ReturnReason::Unsold, FreightPayer::Dealer, 900, 0), "WH-01");
    assert_eq!((total(&p, FREIGHT_EXPENSE), total(&p, "dealer:D")), (0, -500));
    let p = return_postings(&a_return(ReturnReason::Quality, FreightPayer::Company, 900, 0), "WH-01");
    assert_eq!((total(&p, FREIGHT_EXPENSE), total(&p, accounts::BANK)), (900, -900));
    assert_eq!(freight_borne_by(ReturnReason::Unsold), FreightPayer::Dealer);
}

#[test]
fn payment_and_shipment_postings() {
    let p = payment_posting("D", Fen(1_000));
    assert_eq!((signed(&p, "bank"), signed(&p, "dealer:D")), (1_000, -1_000));
    let s = shipment_posting("D", "WH-01", Fen(667), Fen(1_000));
    assert_eq!(signed(&s, COST_OF_SALES_PARTS), 667);
    assert_eq!(signed(&s, "inventory:WH-01"), -667);
    assert_eq!(signed(&s, "dealer:D"), 1_000);
    assert_eq!(signed(&s, SALES_PARTS), -1_000);
}

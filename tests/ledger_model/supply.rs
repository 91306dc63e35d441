//! The dealer supply side of the ledger model: payments, parts orders released against
//! funds, shipments by scan, cancellations and returns (返厂), each checked against a plain
//! oracle of the dealer's balance, its held funds and the sales accounts.

use super::{LOCATIONS, Op, Oracle, PARTS};
use sanbao::commands::Ctx;
use sanbao::commands::supply::funds::{self, PaymentInput};
use sanbao::commands::supply::orders::{self, OrderInput, OrderLineInput};
use sanbao::commands::supply::returns::{self, ReturnInput, ReturnLineInput};
use sanbao::commands::supply::shipments::{self, ScanLine, ShipmentInput};
use sanbao::domain::money::Fen;
use sanbao::domain::stock::share;
use sanbao::domain::supply::{FreightPayer, ReturnReason};
use sanbao::error::{Error, QtyLimit};
use sanbao::store::{Db, Read, repo};

const DEALER: &str = "D1";
/// The model's parts' dealer price.
const PRICE: i64 = 900;
const REASONS: [ReturnReason; 3] = [
    ReturnReason::Quality,
    ReturnReason::DealerDisassembled,
    ReturnReason::Unsold,
];

/// A modelled order: one line.
#[derive(Debug, Clone)]
pub struct Order {
    number: String,
    part: String,
    qty: i64,
    shipped: i64,
    released: bool,
    cancelled: bool,
}

/// A modelled shipment: one line.
#[derive(Debug, Clone)]
pub struct Shipment {
    number: String,
    part: String,
    qty: i64,
    cost: i64,
    returned: i64,
    returned_cost: i64,
}

/// What the supply side of the books should hold.
#[derive(Debug, Default)]
pub struct Books {
    /// `dealer:D1`, debit positive.
    dealer: i64,
    held: i64,
    bank: i64,
    sales: i64,
    cost_of_sales: i64,
    freight: i64,
    service_income: i64,
    orders: Vec<Order>,
    shipments: Vec<Shipment>,
}

impl Books {
    fn available(&self) -> i64 {
        -self.dealer - self.held
    }
}

pub fn apply(db: &Db, ctx: &Ctx, oracle: &mut Oracle, op: &Op) {
    match *op {
        Op::Pay { amount } => {
            let input = PaymentInput {
                dealer: DEALER.into(),
                amount_fen: Fen(amount),
                reference: format!("BANK-{amount}"),
                received_date: ctx.now.date_naive(),
            };
            db.write_once(|w| funds::record_payment(w, ctx, input)).unwrap();
            oracle.supply.dealer -= amount;
            oracle.supply.bank += amount;
        }
        Op::Order { part, qty, release } => {
            let input = OrderInput {
                dealer: Some(DEALER.into()),
                lines: vec![OrderLineInput {
                    part_no: PARTS[part].into(),
                    qty,
                }],
                note: None,
            };
            let o = db
                .write_once(|w| {
                    let o = orders::create(w, ctx, input)?;
                    orders::submit(w, ctx, o.number.as_str(), None)
                })
                .unwrap();
            assert_eq!(o.total_fen, Fen(qty * PRICE));
            oracle.supply.orders.push(Order {
                number: o.number.to_string(),
                part: PARTS[part].into(),
                qty,
                shipped: 0,
                released: false,
                cancelled: false,
            });
            if release {
                let last = oracle.supply.orders.len() - 1;
                release_order(db, ctx, &mut oracle.supply, last);
            }
        }
        Op::Release { order } => {
            let order = pick(&oracle.supply.orders, order, |o| !o.released && !o.cancelled);
            if order < oracle.supply.orders.len() {
                release_order(db, ctx, &mut oracle.supply, order);
            }
        }
        Op::CancelOrder { order } => {
            let Some(o) = oracle.supply.orders.get(order).cloned() else {
                return;
            };
            let result = db.write_once(|w| orders::cancel(w, ctx, &o.number, None));
            if o.cancelled || o.shipped == o.qty {
                assert!(matches!(result, Err(Error::InvalidState { .. })), "{result:?}");
                return;
            }
            let cancelled = result.unwrap();
            assert_eq!(cancelled.held_fen, Fen(0));
            if o.released {
                oracle.supply.held -= (o.qty - o.shipped) * PRICE;
            }
            oracle.supply.orders[order].cancelled = true;
        }
        Op::Ship { order, loc, qty } => ship(db, ctx, oracle, order, loc, qty),
        Op::ReturnToCompany { .. } => return_to_company(db, ctx, oracle, op),
        _ => unreachable!("not a supply operation"),
    }
}

fn release_order(db: &Db, ctx: &Ctx, books: &mut Books, order: usize) {
    let o = books.orders[order].clone();
    let result = db.write_once(|w| orders::release(w, ctx, &o.number, None));
    if o.released || o.cancelled {
        assert!(matches!(result, Err(Error::InvalidState { .. })), "{result:?}");
        return;
    }
    let total = o.qty * PRICE;
    let available = books.available();
    if total > available {
        assert!(
            matches!(&result, Err(Error::InsufficientFunds { required, available: a, shortfall, .. })
                if *required == total && *a == available && *shortfall == total - available),
            "{result:?}"
        );
        return;
    }
    assert_eq!(result.unwrap().held_fen, Fen(total));
    books.held += total;
    books.orders[order].released = true;
}

/// The `n`th of the items `open` picks, or else the `n`th of all (which the command refuses).
fn pick<T>(items: &[T], n: usize, open: impl Fn(&T) -> bool) -> usize {
    let open: Vec<usize> = (0..items.len()).filter(|&i| open(&items[i])).collect();
    if open.is_empty() { n } else { open[n % open.len()] }
}

fn ship(db: &Db, ctx: &Ctx, oracle: &mut Oracle, order: usize, loc: usize, qty: i64) {
    let order = pick(&oracle.supply.orders, order, |o| {
        o.released && !o.cancelled && o.shipped < o.qty
    });
    let Some(o) = oracle.supply.orders.get(order).cloned() else {
        return;
    };
    let input = ShipmentInput {
        location: LOCATIONS[loc].into(),
        carrier_ref: None,
        lines: vec![ScanLine {
            part_no: None,
            barcode: Some(format!("BAR-{}", o.part)),
            qty,
        }],
    };
    let result = db.write_once(|w| shipments::ship(w, ctx, &o.number, input));
    if !o.released || o.cancelled || o.shipped == o.qty {
        assert!(matches!(result, Err(Error::InvalidState { .. })), "{result:?}");
        return;
    }
    if qty > o.qty - o.shipped {
        assert!(
            matches!(&result, Err(Error::QtyExceeded { limit: QtyLimit::Ordered, available, .. }) if *available == o.qty - o.shipped),
            "{result:?}"
        );
        return;
    }
    let Some(cost) = oracle.take(&o.part, LOCATIONS[loc], qty) else {
        assert!(matches!(result, Err(Error::InsufficientStock { .. })), "{result:?}");
        return;
    };
    let s = result.unwrap();
    assert_eq!((s.cost_fen, s.price_fen), (Fen(cost), Fen(qty * PRICE)));
    let b = &mut oracle.supply;
    b.dealer += qty * PRICE;
    b.sales -= qty * PRICE;
    b.held -= qty * PRICE;
    b.cost_of_sales += cost;
    b.orders[order].shipped += qty;
    b.shipments.push(Shipment {
        number: s.number.to_string(),
        part: o.part,
        qty,
        cost,
        returned: 0,
        returned_cost: 0,
    });
}

fn return_to_company(db: &Db, ctx: &Ctx, oracle: &mut Oracle, op: &Op) {
    let Op::ReturnToCompany {
        shipment,
        loc,
        qty,
        reason,
        freight,
        company_paid,
        cancel,
    } = *op
    else {
        unreachable!()
    };
    let shipment = pick(&oracle.supply.shipments, shipment, |s| s.returned < s.qty);
    let Some(s) = oracle.supply.shipments.get(shipment).cloned() else {
        return;
    };
    let reason = REASONS[reason];
    let labor = if reason == ReturnReason::DealerDisassembled {
        300
    } else {
        0
    };
    let payer = if company_paid {
        FreightPayer::Company
    } else {
        FreightPayer::Dealer
    };
    let input = ReturnInput {
        shipment: s.number.as_str().into(),
        reason,
        freight_fen: Fen(freight),
        freight_paid_by: payer,
        labor_fen: Fen(labor),
        note: None,
        lines: vec![ReturnLineInput { shipment_line: 1, qty }],
    };
    let result = db.write_once(|w| {
        let r = returns::request(w, ctx, input)?;
        if cancel {
            returns::cancel(w, ctx, r.number.as_str(), None)
        } else {
            returns::receive(w, ctx, r.number.as_str(), LOCATIONS[loc], None, None)
        }
    });
    let open = s.qty - s.returned;
    if qty > open {
        assert!(
            matches!(&result, Err(Error::QtyExceeded { limit: QtyLimit::Shipped, available, .. }) if *available == open),
            "{result:?}"
        );
        return;
    }
    let r = result.unwrap();
    if cancel {
        return;
    }
    let cost = share(Fen(s.cost - s.returned_cost), open, qty).get();
    assert_eq!((r.cost_fen, r.price_fen), (Fen(cost), Fen(qty * PRICE)));
    oracle.add(&s.part, LOCATIONS[loc], qty, cost);
    let b = &mut oracle.supply;
    b.cost_of_sales -= cost;
    b.sales += qty * PRICE;
    b.dealer -= qty * PRICE;
    b.dealer += labor;
    b.service_income -= labor;
    let borne_by_company = reason == ReturnReason::Quality;
    match (company_paid, borne_by_company) {
        (true, true) => {
            b.freight += freight;
            b.bank -= freight;
        }
        (true, false) => {
            b.bank -= freight;
            b.dealer += freight;
        }
        (false, true) => {
            b.freight += freight;
            b.dealer -= freight;
        }
        (false, false) => {}
    }
    b.shipments[shipment].returned += qty;
    b.shipments[shipment].returned_cost += cost;
}

/// The dealer's balance and held funds, and every account the supply posts to, equal the
/// oracle's, and the held funds are the unshipped value of the released orders.
pub fn check(r: &dyn Read, b: &Books) {
    let account = |a: &str| repo::account_balance(r, a).unwrap().get();
    assert_eq!(account("dealer:D1"), b.dealer, "dealer:D1");
    assert_eq!(account("sales:parts"), b.sales, "sales:parts");
    assert_eq!(account("cost_of_sales:parts"), b.cost_of_sales, "cost_of_sales:parts");
    assert_eq!(account("freight:expense"), b.freight, "freight:expense");
    assert_eq!(account("service:income"), b.service_income, "service:income");
    assert_eq!(account("bank"), b.bank, "bank");
    let funds = sanbao::commands::supply::dealer_funds(r, DEALER).unwrap();
    assert_eq!(funds.held_fen, Fen(b.held), "held");
    let open: i64 = b
        .orders
        .iter()
        .filter(|o| o.released && !o.cancelled)
        .map(|o| (o.qty - o.shipped) * PRICE)
        .sum();
    assert_eq!(b.held, open, "held = unshipped value of released orders");
}

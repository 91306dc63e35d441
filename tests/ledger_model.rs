//! Property test: random receipts, transfers (direct and two-step), transfer receipts,
//! stocktakes, requisition issues and returns, drafts built by scanning and posted once,
//! reversals of receipts, transfers, issues and returns, and the dealer supply (payments,
//! parts orders, releases against funds, shipments by scan, cancellations and returns) and
//! campaign and goodwill claims (`ledger_model/campaigns.rs`, `ledger_model/goodwill.rs`) run through the real commands against a simple in-memory oracle. After every
//! step: quantities and values match the oracle, qty ≥ 0, value = 0 at qty 0, every journal
//! entry balances, inventory accounts equal stock values and balances equal the sums of
//! their ledger entries (the reconciliation report is balanced).

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use sanbao::commands::drafts::{DraftInput, LineInput, ScanInput};
use sanbao::commands::master::{DealerInput, LocationInput, PartInput};
use sanbao::commands::receipts::{ReceiptInput, ReceiptLineInput};
use sanbao::commands::requisition_reversals::{self, EntryReversalInput};
use sanbao::commands::requisitions::{self, DecisionInput, RequisitionInput, RequisitionLineInput};
use sanbao::commands::reversals::ReversalInput;
use sanbao::commands::stocktakes::{CountInput, StocktakeInput};
use sanbao::commands::transfers::{ScanLine, TransferInput, TransferReceiptInput};
use sanbao::commands::units::UnitInput;
use sanbao::commands::{Ctx, drafts, master, receipts, reversals, stocktakes, transfers, units};
use sanbao::domain::documents::{Purpose, TransferMode};
use sanbao::domain::drafts::DraftKind;
use sanbao::domain::ledger::StockEntry;
use sanbao::domain::master::LocationKind;
use sanbao::domain::money::Fen;
use sanbao::domain::stock::share;
use sanbao::error::{Error, QtyLimit};
use sanbao::queries::reconciliation;
use sanbao::store::{Db, Read, Scan, Table, repo};
use std::collections::HashMap;

#[path = "ledger_model/supply.rs"]
mod supply;

#[path = "ledger_model/campaigns.rs"]
mod campaigns;

#[path = "ledger_model/goodwill.rs"]
mod goodwill;

const LOCATIONS: [&str; 3] = ["WH-01", "WH-02", "ST-01"];
const PARTS: [&str; 2] = ["P-1", "P-2"];
const STANDARD_COST: i64 = 700;

#[derive(Debug, Clone)]
enum Op {
    Receive {
        loc: usize,
        part: usize,
        qty: i64,
        cost: i64,
    },
    Transfer {
        from: usize,
        to: usize,
        part: usize,
        qty: i64,
        two_step: bool,
    },
    ReceiveTransfer {
        transfer: usize,
        qty: i64,
    },
    Count {
        loc: usize,
        part: usize,
        counted: i64,
    },
    Issue {
        loc: usize,
        part: usize,
        qty: i64,
        warranty: bool,
    },
    Return {
        requisition: usize,
        qty: i64,
    },
    /// A receipt built by scans (each `(part, qty)`), line 1 corrected when asked, posted once.
    DraftReceipt {
        loc: usize,
        scans: Vec<(usize, i64)>,
        correct: Option<i64>,
    },
    /// A direct transfer built by `scans` single scans, posted once.
    DraftTransfer {
        from: usize,
        to: usize,
        part: usize,
        scans: i64,
    },
    ReverseReceipt {
        receipt: usize,
    },
    ReverseTransfer {
        transfer: usize,
    },
    /// Reverses the issue of a requisition (each requisition has one issue).
    ReverseIssue {
        requisition: usize,
    },
    /// Reverses one of a requisition's returns.
    ReverseReturn {
        requisition: usize,
        nth: usize,
    },
    /// A payment from the dealer.
    Pay {
        amount: i64,
    },
    /// A parts order for one part, submitted, and released at once when asked.
    Order {
        part: usize,
        qty: i64,
        release: bool,
    },
    Release {
        order: usize,
    },
    CancelOrder {
        order: usize,
    },
    /// Parts of an order shipped by scan from a warehouse.
    Ship {
        order: usize,
        loc: usize,
        qty: i64,
    },
    /// A return citing a shipment's line, received at a warehouse unless `cancel`.
    ReturnToCompany {
        shipment: usize,
        loc: usize,
        qty: i64,
        reason: usize,
        freight: i64,
        company_paid: bool,
        cancel: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 0..2usize, 1..20i64, 0..5_000i64).prop_map(|(loc, part, qty, cost)| Op::Receive {
            loc,
            part,
            qty,
            cost
        }),
        1 => (0..3usize, 0..3usize, 0..2usize, 1..15i64, any::<bool>()).prop_map(|(from, to, part, qty, two_step)| {
            Op::Transfer {
                from,
                to,
                part,
                qty,
                two_step,
            }
        }),
        1 => (0..6usize, 1..6i64).prop_map(|(transfer, qty)| Op::ReceiveTransfer { transfer, qty }),
        1 => (0..3usize, 0..2usize, 0..25i64).prop_map(|(loc, part, counted)| Op::Count { loc, part, counted }),
        1 => (0..3usize, 0..2usize, 1..10i64, any::<bool>()).prop_map(|(loc, part, qty, warranty)| Op::Issue {
            loc,
            part,
            qty,
            warranty
        }),
        1 => (0..6usize, 1..6i64).prop_map(|(requisition, qty)| Op::Return { requisition, qty }),
        1 => (
            0..3usize,
            proptest::collection::vec((0..2usize, 1..6i64), 1..6),
            proptest::option::of(1..8i64)
        )
            .prop_map(|(loc, scans, correct)| Op::DraftReceipt { loc, scans, correct }),
        1 => (0..3usize, 0..3usize, 0..2usize, 1..6i64).prop_map(|(from, to, part, scans)| Op::DraftTransfer {
            from,
            to,
            part,
            scans
        }),
        1 => (0..8usize).prop_map(|receipt| Op::ReverseReceipt { receipt }),
        1 => (0..8usize).prop_map(|transfer| Op::ReverseTransfer { transfer }),
        3 => (1..30_000i64).prop_map(|amount| Op::Pay { amount }),
        3 => (0..2usize, 1..12i64, any::<bool>()).prop_map(|(part, qty, release)| Op::Order { part, qty, release }),
        2 => (0..6usize).prop_map(|order| Op::Release { order }),
        1 => (0..6usize).prop_map(|order| Op::CancelOrder { order }),
        4 => (0..6usize, 0..3usize, 1..8i64).prop_map(|(order, loc, qty)| Op::Ship { order, loc, qty }),
        4 => (0..6usize, 0..3usize, 1..5i64, 0..3usize, 0..500i64, any::<bool>(), proptest::bool::weighted(0.2)).prop_map(
            |(shipment, loc, qty, reason, freight, company_paid, cancel)| Op::ReturnToCompany {
                shipment,
                loc,
                qty,
                reason,
                freight,
                company_paid,
                cancel
            }
        ),
        1 => (0..6usize).prop_map(|requisition| Op::ReverseIssue { requisition }),
        1 => (0..6usize, 0..4usize).prop_map(|(requisition, nth)| Op::ReverseReturn { requisition, nth }),
    ]
}

/// Mostly issues, returns and their reversals, with receipts and counts between them that
/// move the average, so reversals meet re-averaged stock.
fn requisition_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..2usize, 0..2usize, 1..20i64, 0..5_000i64).prop_map(|(loc, part, qty, cost)| Op::Receive {
            loc,
            part,
            qty,
            cost
        }),
        1 => (0..2usize, 0..2usize, 0..25i64).prop_map(|(loc, part, counted)| Op::Count { loc, part, counted }),
        3 => (0..2usize, 0..2usize, 1..6i64, any::<bool>()).prop_map(|(loc, part, qty, warranty)| Op::Issue {
            loc,
            part,
            qty,
            warranty
        }),
        3 => (0..4usize, 1..4i64).prop_map(|(requisition, qty)| Op::Return { requisition, qty }),
        2 => (0..4usize).prop_map(|requisition| Op::ReverseIssue { requisition }),
        3 => (0..4usize, 0..4usize).prop_map(|(requisition, nth)| Op::ReverseReturn { requisition, nth }),
    ]
}

/// A receipt line: part, qty, value.
type ReceiptLine = (String, i64, i64);

/// What the books should hold, computed the plain way.
#[derive(Default)]
struct Oracle {
    stock: HashMap<(String, String), (i64, i64)>,
    /// Two-step transfers: number, part, destination, outstanding qty and value.
    transit: Vec<(String, String, String, i64, i64)>,
    /// Issued requisitions: number, part, location, warranty?, outstanding qty and value.
    issued: Vec<(String, String, String, bool, i64, i64)>,
    /// Expected warranty:pending.
    pending: i64,
    /// Receipts: number, location, and (part, qty, value) per line.
    receipts: Vec<(String, String, Vec<ReceiptLine>)>,
    /// Transfers: number, part, from, to, qty, value, two-step.
    shipped: Vec<(String, String, String, String, i64, i64, bool)>,
    /// Documents reversed.
    reversed: Vec<String>,
    /// The supply side (款到发货).
    supply: supply::Books,
    /// Per issued requisition (as `issued`): its issue's stock entry, qty, value and
    /// whether it is reversed, and its returns likewise.
    movements: Vec<Movements>,
}

/// The issue and returns of one requisition: (entry seq, qty, value, reversed).
#[derive(Default, Clone)]
struct Movements {
    issue: (u64, i64, i64, bool),
    returns: Vec<(u64, i64, i64, bool)>,
}

impl Oracle {
    fn get(&self, part: &str, loc: &str) -> (i64, i64) {
        self.stock.get(&(part.into(), loc.into())).copied().unwrap_or((0, 0))
    }
    fn add(&mut self, part: &str, loc: &str, q: i64, v: i64) {
        let e = self.stock.entry((part.into(), loc.into())).or_default();
        e.0 += q;
        e.1 += v;
    }
    /// Whether taking exactly (q, v) out leaves a valid balance.
    fn may_remove(&self, part: &str, loc: &str, q: i64, v: i64) -> bool {
        let (qty, value) = self.get(part, loc);
        let (qa, va) = (qty - q, value - v);
        qa >= 0 && va >= 0 && (qa != 0 || va == 0)
    }
    fn take(&mut self, part: &str, loc: &str, q: i64) -> Option<i64> {
        let (qty, value) = self.get(part, loc);
        if q > qty {
            return None;
        }
        let v = share(Fen(value), qty, q).get();
        self.add(part, loc, -q, -v);
        Some(v)
    }
}

fn setup(db: &Db, ctx: &Ctx) {
    db.write_once(|w| {
        master::ensure_in_transit(w, ctx)?;
        let dealer = DealerInput {
            code: "D1".into(),
            name: "Dealer one".into(),
        };
        master::create_dealer(w, ctx, dealer)?;
        let unit = UnitInput {
            serial: "VIN-1".into(),
            model: "M1".into(),
            dealer: "D1".into(),
            customer: "Customer".into(),
            sale_date: chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            acceptance_date: None,
            built_on: None,
        };
        units::create_unit(w, ctx, unit)?;
        for code in LOCATIONS {
            let loc = LocationInput {
                code: code.into(),
                name: code.into(),
                kind: LocationKind::Warehouse,
                dealer: None,
            };
            master::create_location(w, ctx, loc)?;
        }
        for p in PARTS {
            let part = PartInput {
                part_no: p.into(),
                name: p.into(),
                unit: "pc".into(),
                barcodes: vec![format!("BAR-{p}")],
                standard_cost_fen: Fen(STANDARD_COST),
                dealer_price_fen: Fen(900),
                supplier: None,
                warranty_covered: false,
                return_required: false,
                wear_part: false,
            };
            master::create_part(w, ctx, part)?;
        }
        Ok::<_, Error>(())
    })
    .unwrap();
}

fn apply(db: &Db, ctx: &Ctx, oracle: &mut Oracle, op: &Op) {
    match *op {
        Op::Receive { loc, part, qty, cost } => {
            let line = ReceiptLineInput {
                part_no: Some(PARTS[part].into()),
                barcode: None,
                qty,
                unit_cost_fen: Fen(cost),
            };
            let input = ReceiptInput {
                location: LOCATIONS[loc].into(),
                supplier: None,
                reference: None,
                lines: vec![line],
            };
            let rc = db.write_once(|w| receipts::post(w, ctx, input)).unwrap();
            oracle.add(PARTS[part], LOCATIONS[loc], qty, qty * cost);
            oracle.receipts.push((
                rc.number.to_string(),
                LOCATIONS[loc].into(),
                vec![(PARTS[part].into(), qty, qty * cost)],
            ));
        }
        Op::Transfer {
            from,
            to,
            part,
            qty,
            two_step,
        } => {
            let mode = if two_step {
                TransferMode::TwoStep
            } else {
                TransferMode::Direct
            };
            let input = TransferInput {
                from: LOCATIONS[from].into(),
                to: LOCATIONS[to].into(),
                mode,
                lines: vec![ScanLine {
                    part_no: None,
                    barcode: Some(format!("BAR-{}", PARTS[part])),
                    qty,
                }],
            };
            let result = db.write_once(|w| transfers::ship(w, ctx, input));
            let (p, f, t) = (PARTS[part], LOCATIONS[from], LOCATIONS[to]);
            if from == to {
                assert!(matches!(result, Err(Error::Validation { .. })), "{result:?}");
                return;
            }
            match oracle.take(p, f, qty) {
                None => assert!(matches!(result, Err(Error::InsufficientStock { .. })), "{result:?}"),
                Some(v) => {
                    let tr = result.unwrap();
                    assert_eq!(tr.lines[0].value_fen, Fen(v));
                    oracle
                        .shipped
                        .push((tr.number.to_string(), p.into(), f.into(), t.into(), qty, v, two_step));
                    if two_step {
                        oracle.add(p, "in-transit", qty, v);
                        oracle.transit.push((tr.number.to_string(), p.into(), t.into(), qty, v));
                    } else {
                        oracle.add(p, t, qty, v);
                    }
                }
            }
        }
        Op::ReceiveTransfer { transfer, qty } => {
            let Some((number, part, to, out_q, out_v)) = oracle.transit.get(transfer).cloned() else {
                return;
            };
            let input = TransferReceiptInput {
                lines: vec![ScanLine {
                    part_no: Some(part.as_str().into()),
                    barcode: None,
                    qty,
                }],
            };
            let result = db.write_once(|w| transfers::receive(w, ctx, &number, None, input));
            if oracle.reversed.contains(&number) {
                assert!(matches!(result, Err(Error::InvalidState { .. })), "{result:?}");
                return;
            }
            if qty > out_q {
                assert!(
                    matches!(result, Err(Error::QtyExceeded { limit: QtyLimit::InTransit, available, .. }) if available == out_q),
                    "{result:?}"
                );
                return;
            }
            result.unwrap();
            let v = share(Fen(out_v), out_q, qty).get();
            oracle.add(&part, "in-transit", -qty, -v);
            oracle.add(&part, &to, qty, v);
            oracle.transit[transfer].3 -= qty;
            oracle.transit[transfer].4 -= v;
        }
        Op::Count { loc, part, counted } => {
            let (p, l) = (PARTS[part], LOCATIONS[loc]);
            db.write_once(|w| {
                let st = stocktakes::open(
                    w,
                    ctx,
                    StocktakeInput {
                        location: l.into(),
                        full: false,
                    },
                )?;
                let count = CountInput {
                    part_no: Some(p.into()),
                    barcode: None,
                    qty: None,
                    counted_qty: Some(counted),
                };
                stocktakes::count(w, ctx, &st.number, count)?;
                stocktakes::post(w, ctx, &st.number, None)
            })
            .unwrap();
            let (qty, value) = oracle.get(p, l);
            if counted < qty {
                oracle.take(p, l, qty - counted).unwrap();
            } else if counted > qty {
                let gain = if qty == 0 {
                    STANDARD_COST * (counted - qty)
                } else {
                    share_up(value, qty, counted - qty)
                };
                oracle.add(p, l, counted - qty, gain);
            }
        }
        Op::Issue {
            loc,
            part,
            qty,
            warranty,
        } => {
            let (p, l) = (PARTS[part], LOCATIONS[loc]);
            let purpose = if warranty { Purpose::Warranty } else { Purpose::Internal };
            let input = RequisitionInput {
                location: l.into(),
                purpose,
                unit_serial: Some("VIN-1".into()),
                lines: vec![RequisitionLineInput {
                    part_no: p.into(),
                    qty,
                    reason: None,
                }],
                submit: true,
                service_request: None,
            };
            let supervisor = Ctx::system("supervisor", ctx.now);
            let result = db.write_once(|w| {
                let rq = requisitions::create(w, ctx, input)?;
                requisitions::decide(w, &supervisor, &rq.number, None, true, DecisionInput::default())?;
                let scan = ScanLine {
                    part_no: None,
                    barcode: Some(format!("BAR-{p}")),
                    qty,
                };
                requisitions::issue(w, ctx, &rq.number, scan)
            });
            match oracle.take(p, l, qty) {
                None => assert!(matches!(result, Err(Error::InsufficientStock { .. })), "{result:?}"),
                Some(v) => {
                    let rq = result.unwrap();
                    assert_eq!(rq.lines[0].issued_value_fen, Fen(v));
                    if warranty {
                        oracle.pending += v;
                    }
                    oracle
                        .issued
                        .push((rq.number.to_string(), p.into(), l.into(), warranty, qty, v));
                    let seq = last_entry(db, &rq.number).seq;
                    oracle.movements.push(Movements {
                        issue: (seq, qty, v, false),
                        returns: Vec::new(),
                    });
                }
            }
        }
        Op::Return { requisition, qty } => {
            let Some((number, part, loc, warranty, out_q, out_v)) = oracle.issued.get(requisition).cloned() else {
                return;
            };
            let input = ScanLine {
                part_no: Some(part.as_str().into()),
                barcode: None,
                qty,
            };
            let result = db.write_once(|w| requisitions::return_unused(w, ctx, &number, input));
            if oracle.movements[requisition].issue.3 {
                assert!(
                    matches!(result, Err(Error::InvalidState { .. })),
                    "nothing is issued: {result:?}"
                );
                return;
            }
            if qty > out_q {
                assert!(
                    matches!(result, Err(Error::QtyExceeded { limit: QtyLimit::Returnable, available, .. }) if available == out_q),
                    "{result:?}"
                );
                return;
            }
            result.unwrap();
            let v = share(Fen(out_v), out_q, qty).get();
            oracle.add(&part, &loc, qty, v);
            if warranty {
                oracle.pending -= v;
            }
            oracle.issued[requisition].4 -= qty;
            oracle.issued[requisition].5 -= v;
            let seq = last_entry(db, &number).seq;
            oracle.movements[requisition].returns.push((seq, qty, v, false));
        }
        Op::DraftReceipt { .. } | Op::DraftTransfer { .. } | Op::ReverseReceipt { .. } | Op::ReverseTransfer { .. } => {
            apply_drafts(db, ctx, oracle, op)
        }
        Op::ReverseIssue { .. } | Op::ReverseReturn { .. } => apply_entry_reversal(db, ctx, oracle, op),
        _ => supply::apply(db, ctx, oracle, op),
    }
}

fn apply_drafts(db: &Db, ctx: &Ctx, oracle: &mut Oracle, op: &Op) {
    match op {
        Op::DraftReceipt { loc, scans, correct } => {
            let l = LOCATIONS[*loc];
            let result = db.write_once(|w| {
                let d = drafts::open(
                    w,
                    ctx,
                    DraftInput {
                        kind: DraftKind::Receipt,
                        location: Some(l.into()),
                        supplier: None,
                        reference: None,
                        to: None,
                        mode: None,
                        against: None,
                    },
                )?;
                for (part, qty) in scans {
                    let scan = ScanInput {
                        part_no: None,
                        barcode: Some(format!("BAR-{}", PARTS[*part])),
                        qty: *qty,
                        unit_cost_fen: None,
                    };
                    drafts::scan(w, ctx, &d.number, scan)?;
                }
                if let Some(qty) = correct {
                    let input = LineInput {
                        qty: *qty,
                        unit_cost_fen: None,
                    };
                    drafts::correct(w, ctx, &d.number, 1, None, input)?;
                }
                drafts::post(w, ctx, &d.number, None)
            });
            let draft = result.unwrap();
            // Lines in first-scanned order, the first one corrected.
            let mut lines: Vec<(String, i64)> = Vec::new();
            for (part, qty) in scans {
                match lines.iter_mut().find(|(p, _)| p == PARTS[*part]) {
                    Some((_, q)) => *q += qty,
                    None => lines.push((PARTS[*part].into(), *qty)),
                }
            }
            if let Some(qty) = correct {
                lines[0].1 = *qty;
            }
            for (p, q) in &lines {
                oracle.add(p, l, *q, q * STANDARD_COST);
            }
            let number = draft.posted_as.unwrap().to_string();
            let lines = lines.into_iter().map(|(p, q)| (p, q, q * STANDARD_COST)).collect();
            oracle.receipts.push((number, l.into(), lines));
        }
        Op::DraftTransfer { from, to, part, scans } => {
            let (p, f, t) = (PARTS[*part], LOCATIONS[*from], LOCATIONS[*to]);
            let result = db.write_once(|w| {
                let d = drafts::open(
                    w,
                    ctx,
                    DraftInput {
                        kind: DraftKind::TransferDispatch,
                        location: Some(f.into()),
                        supplier: None,
                        reference: None,
                        to: Some(t.into()),
                        mode: None,
                        against: None,
                    },
                )?;
                for _ in 0..*scans {
                    let scan = ScanInput {
                        part_no: Some(p.into()),
                        barcode: None,
                        qty: 1,
                        unit_cost_fen: None,
                    };
                    drafts::scan(w, ctx, &d.number, scan)?;
                }
                drafts::post(w, ctx, &d.number, None)
            });
            if from == to {
                assert!(matches!(result, Err(Error::Validation { .. })), "{result:?}");
                return;
            }
            match oracle.take(p, f, *scans) {
                None => assert!(matches!(result, Err(Error::InsufficientStock { .. })), "{result:?}"),
                Some(v) => {
                    let number = result.unwrap().posted_as.unwrap().to_string();
                    oracle.add(p, t, *scans, v);
                    oracle
                        .shipped
                        .push((number, p.into(), f.into(), t.into(), *scans, v, false));
                }
            }
        }
        Op::ReverseReceipt { receipt } => {
            let Some((number, loc, lines)) = oracle.receipts.get(*receipt).cloned() else {
                return;
            };
            let input = ReversalInput { reason: "wrong".into() };
            let result = db.write_once(|w| reversals::reverse_receipt(w, ctx, &number, input));
            if oracle.reversed.contains(&number) {
                assert!(matches!(result, Err(Error::InvalidState { .. })), "{result:?}");
                return;
            }
            if lines.iter().any(|(p, q, v)| !oracle.may_remove(p, &loc, *q, *v)) {
                assert!(matches!(result, Err(Error::InsufficientStock { .. })), "{result:?}");
                return;
            }
            result.unwrap();
            for (p, q, v) in &lines {
                oracle.add(p, &loc, -q, -v);
            }
            oracle.reversed.push(number);
        }
        Op::ReverseTransfer { transfer } => {
            let Some((number, p, f, t, qty, value, two_step)) = oracle.shipped.get(*transfer).cloned() else {
                return;
            };
            let input = ReversalInput { reason: "wrong".into() };
            let result = db.write_once(|w| reversals::reverse_transfer(w, ctx, &number, input));
            if oracle.reversed.contains(&number) {
                assert!(matches!(result, Err(Error::InvalidState { .. })), "{result:?}");
                return;
            }
            let (out_q, out_v) = if two_step {
                let e = oracle.transit.iter().find(|e| e.0 == number).unwrap();
                (e.3, e.4)
            } else {
                (0, 0)
            };
            let (got_q, got_v) = (qty - out_q, value - out_v);
            if !oracle.may_remove(&p, &t, got_q, got_v) || !oracle.may_remove(&p, "in-transit", out_q, out_v) {
                assert!(matches!(result, Err(Error::InsufficientStock { .. })), "{result:?}");
                return;
            }
            result.unwrap();
            oracle.add(&p, &t, -got_q, -got_v);
            oracle.add(&p, "in-transit", -out_q, -out_v);
            oracle.add(&p, &f, qty, value);
            oracle.reversed.push(number);
        }
        _ => unreachable!("not a draft or reversal"),
    }
}

/// The newest stock ledger entry of `document`.
fn last_entry(db: &Db, document: &str) -> StockEntry {
    let r = db.read().unwrap();
    let all = repo::decode_all::<StockEntry>(r.scan(Table::StockLedger, &Scan::all()).unwrap()).unwrap();
    all.into_iter()
        .rev()
        .map(|(_, e)| e)
        .find(|e| e.document.as_str() == document)
        .expect("the document moved stock")
}

/// Reversals of one issue or one return of a requisition, against the oracle's rules: an
/// issue comes back only while nothing of it is returned; a return only while its parts are
/// still there; each once.
fn apply_entry_reversal(db: &Db, ctx: &Ctx, oracle: &mut Oracle, op: &Op) {
    let requisition = match *op {
        Op::ReverseIssue { requisition } | Op::ReverseReturn { requisition, .. } => requisition,
        _ => unreachable!("not an entry reversal"),
    };
    if oracle.issued.is_empty() {
        return;
    }
    // Any issued requisition: the index wraps, so most reversals find one.
    let requisition = requisition % oracle.issued.len();
    let (number, part, loc, warranty, out_q, out_v) = oracle.issued[requisition].clone();
    let moves = oracle.movements[requisition].clone();
    let (seq, q, v, reversed, is_issue, nth) = match *op {
        Op::ReverseIssue { .. } => {
            let (seq, q, v, reversed) = moves.issue;
            (seq, q, v, reversed, true, 0)
        }
        Op::ReverseReturn { nth, .. } => {
            if moves.returns.is_empty() {
                return;
            }
            let nth = nth % moves.returns.len();
            let (seq, q, v, reversed) = moves.returns[nth];
            (seq, q, v, reversed, false, nth)
        }
        _ => unreachable!(),
    };
    let input = EntryReversalInput {
        entry: seq,
        reason: "scanned by mistake".into(),
    };
    let result = db.write_once(|w| requisition_reversals::reverse_entry(w, ctx, &number, input));
    if reversed {
        assert!(
            matches!(result, Err(Error::InvalidState { .. })),
            "reversed once: {result:?}"
        );
        return;
    }
    if is_issue {
        if q > out_q {
            assert!(
                matches!(
                    result,
                    Err(Error::QtyExceeded {
                        limit: QtyLimit::Returnable,
                        ..
                    })
                ),
                "{result:?}"
            );
            return;
        }
        if out_v - v < 0 || (out_q == q && out_v != v) {
            assert!(matches!(result, Err(Error::InvalidState { .. })), "{result:?}");
            return;
        }
        let rv = result.unwrap();
        assert_eq!(rv.entry, Some(seq));
        oracle.add(&part, &loc, q, v);
        if warranty {
            oracle.pending -= v;
        }
        oracle.issued[requisition].4 -= q;
        oracle.issued[requisition].5 -= v;
        oracle.movements[requisition].issue.3 = true;
    } else {
        if !oracle.may_remove(&part, &loc, q, v) {
            assert!(matches!(result, Err(Error::InsufficientStock { .. })), "{result:?}");
            return;
        }
        result.unwrap();
        oracle.add(&part, &loc, -q, -v);
        if warranty {
            oracle.pending += v;
        }
        oracle.issued[requisition].4 += q;
        oracle.issued[requisition].5 += v;
        oracle.movements[requisition].returns[nth].3 = true;
    }
}

/// The gain rule: round(value × g / qty) half up, where g may exceed qty.
fn share_up(value: i64, qty: i64, g: i64) -> i64 {
    ((2 * value as i128 * g as i128 + qty as i128) / (2 * qty as i128)) as i64
}

fn check(db: &Db, oracle: &Oracle) {
    let r = db.read().unwrap();
    for p in PARTS {
        for l in LOCATIONS.iter().chain(&["in-transit"]) {
            let b = repo::balance(&r, p, l).unwrap();
            assert_eq!((b.qty, b.value_fen.get()), oracle.get(p, l), "{p} at {l}");
            assert!(b.qty >= 0 && b.value_fen >= Fen(0));
            assert!(b.qty != 0 || b.value_fen == Fen(0), "value at zero quantity");
        }
    }
    assert_eq!(
        repo::account_balance(&r, "warranty:pending").unwrap(),
        Fen(oracle.pending)
    );
    supply::check(&r, &oracle.supply);
    let report = reconciliation::run(&r).unwrap();
    assert!(report.balanced, "{:?}", report.differences);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn stock_and_books_agree_after_every_step(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("model.redb")).unwrap();
        let ctx = Ctx::system("model", Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        setup(&db, &ctx);
        let mut oracle = Oracle::default();
        for op in &ops {
            apply(&db, &ctx, &mut oracle, op);
            check(&db, &oracle);
        }
    }

    #[test]
    fn issues_returns_and_their_reversals_keep_every_invariant(
        costs in proptest::collection::vec(0..5_000i64, 4),
        ops in proptest::collection::vec(requisition_op(), 1..30),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("model.redb")).unwrap();
        let ctx = Ctx::system("model", Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        setup(&db, &ctx);
        let mut oracle = Oracle::default();
        // Stock of both parts at both locations first, so most issues go through.
        let opening = (0..4).map(|i| Op::Receive { loc: i / 2, part: i % 2, qty: 12, cost: costs[i] });
        for op in opening.chain(ops.iter().cloned()) {
            let op = &op;
            apply(&db, &ctx, &mut oracle, op);
            check(&db, &oracle);
        }
    }
}

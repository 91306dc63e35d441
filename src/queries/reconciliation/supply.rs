//! Reconciliation of dealer parts supply: each dealer's held funds equal the unshipped
//! value of its released orders, and `cost_of_sales:parts` equals the cost shipped less
//! the cost taken back by returns.

use super::{Difference, Findings, blank};
use crate::domain::money::Fen;
use crate::domain::supply::{DealerFunds, OrderStatus, PartsOrder, Shipment};
use crate::domain::supply_rules::COST_OF_SALES_PARTS;
use crate::error::Result;
use crate::store::codec;
use crate::store::repo;
use crate::store::{Read, Scan, Table};
use std::collections::BTreeMap;

pub(super) fn check(r: &dyn Read, f: &mut Findings) -> Result<()> {
    // What released orders should hold, per dealer (with the last order that holds some).
    let mut expected: BTreeMap<String, (Fen, Option<String>)> = BTreeMap::new();
    r.visit(Table::PartsOrders, &Scan::all(), &mut |_, v| {
        let o: PartsOrder = codec::decode(v)?;
        let open = match o.status {
            OrderStatus::Released | OrderStatus::PartiallyShipped => o.unshipped_fen(),
            _ => Fen::ZERO,
        };
        let slot = expected.entry(o.dealer.clone()).or_default();
        slot.0 += open;
        if open != Fen::ZERO {
            slot.1 = Some(o.number.to_string());
        }
        if o.held_fen != open {
            f.add(
                "held_funds_mismatch",
                format!(
                    "{} holds {} but its unshipped value is {}",
                    o.number,
                    o.held_fen.get(),
                    open.get()
                ),
                Difference {
                    document: Some(o.number.to_string()),
                    expected: Some(open.get()),
                    actual: Some(o.held_fen.get()),
                    ..blank()
                },
            );
        }
        Ok(true)
    })?;
    let mut stored: BTreeMap<String, Fen> = BTreeMap::new();
    r.visit(Table::DealerFunds, &Scan::all(), &mut |_, v| {
        let funds: DealerFunds = codec::decode(v)?;
        stored.insert(funds.dealer, funds.held_fen);
        Ok(true)
    })?;
    let mut dealers: Vec<&String> = expected.keys().chain(stored.keys()).collect();
    dealers.sort();
    dealers.dedup();
    for dealer in dealers {
        let (want, document) = expected.get(dealer).cloned().unwrap_or_default();
        let held = stored.get(dealer).copied().unwrap_or_default();
        if want != held {
            f.add(
                "held_funds_mismatch",
                format!(
                    "dealer {dealer} has {} held but its released orders' unshipped value is {}",
                    held.get(),
                    want.get()
                ),
                Difference {
                    account: Some(format!("dealer:{dealer}")),
                    document,
                    expected: Some(want.get()),
                    actual: Some(held.get()),
                    ..blank()
                },
            );
        }
    }

    // cost_of_sales:parts = shipped cost − returned cost.
    let mut net = Fen::ZERO;
    let mut last = None;
    r.visit(Table::Shipments, &Scan::all(), &mut |_, v| {
        let s: Shipment = codec::decode(v)?;
        net += s.cost_fen - s.lines.iter().map(|l| l.returned_cost_fen).sum::<Fen>();
        last = Some(s.number.to_string());
        Ok(true)
    })?;
    let booked = repo::account_balance(r, COST_OF_SALES_PARTS)?;
    if booked != net {
        f.add(
            "cost_of_sales_mismatch",
            format!(
                "{COST_OF_SALES_PARTS} is {} but shipped cost less returned cost is {}",
                booked.get(),
                net.get()
            ),
            Difference {
                account: Some(COST_OF_SALES_PARTS.into()),
                document: last,
                expected: Some(net.get()),
                actual: Some(booked.get()),
                ..blank()
            },
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use crate::commands::{Ctx, post_journal};
    use crate::domain::ledger::Posting;
    use crate::domain::money::Fen;
    use crate::domain::supply::DealerFunds;
    use crate::error::Error;
    use crate::store::{Db, Table, repo};

    fn codes(db: &Db) -> Vec<String> {
        let mut c: Vec<String> = run(&db.read().unwrap())
            .unwrap()
            .differences
            .into_iter()
            .map(|d| d.code)
            .collect();
        c.sort();
        c.dedup();
        c
    }

    /// Funds held with no released order, and a cost of sales no shipment explains, are named.
    #[test]
    fn held_funds_and_cost_of_sales_are_proved() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("s.redb")).unwrap();
        assert!(codes(&db).is_empty());
        db.write_once(|w| {
            let funds = DealerFunds {
                dealer: "D".into(),
                credit_limit_fen: Fen(0),
                held_fen: Fen(7),
                version: 1,
            };
            repo::put(w, Table::DealerFunds, repo::code_key("D"), &funds);
            Ok::<_, Error>(())
        })
        .unwrap();
        assert_eq!(codes(&db), vec!["held_funds_mismatch"]);
        db.write_once(|w| {
            let ctx = Ctx::system("t", chrono::Utc::now());
            let p = Posting::new()
                .debit(super::COST_OF_SALES_PARTS, Fen(5))
                .credit("bank", Fen(5));
            post_journal(w, &ctx, &"X-1".into(), "tampered", p)?;
            Ok::<_, Error>(())
        })
        .unwrap();
        assert_eq!(codes(&db), vec!["cost_of_sales_mismatch", "held_funds_mismatch"]);
    }
}

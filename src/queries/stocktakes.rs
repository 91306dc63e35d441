//! A stocktake's variances as they stand now: what the preview shows and what posting
//! writes, computed in one place so the two can never disagree.

use crate::domain::documents::{Adjustment, Stocktake};
use crate::domain::ids::PartNo;
use crate::domain::master::{Location, Part};
use crate::domain::money::Fen;
use crate::error::{Error, Result};
use crate::store::keys::Key;
use crate::store::repo::{self, code_key};
use crate::store::{Read, Scan, Table};

/// Booked against counted per part at `loc` (a full count takes every uncounted part with
/// stock as counted at zero), and the value each variance moves: a loss at the moving
/// average, a gain at it or, where the location holds none, at the part's standard cost.
/// Old-part locations hold no value. Parts whose count equals the books are left out.
pub fn variances(r: &dyn Read, st: &Stocktake, loc: &Location) -> Result<Vec<Adjustment>> {
    let mut counted: Vec<(PartNo, i64)> = st.counts.iter().map(|c| (c.part_no.clone(), c.counted_qty)).collect();
    if st.full {
        let prefix = Key::new().str(&loc.code).into_bytes();
        for (key, _) in r.scan(Table::StockByLocation, &Scan::prefix(&prefix))? {
            let part_no = PartNo::from(repo::second_str(&key)?);
            if let Err(i) = counted.binary_search_by(|(p, _)| p.cmp(&part_no)) {
                counted.insert(i, (part_no, 0));
            }
        }
    }
    let holds_value = !loc.kind.holds_old_parts();
    let mut out = Vec::new();
    for (part_no, counted_qty) in counted {
        let balance = repo::balance(r, &part_no, &loc.code)?;
        let qty_delta = counted_qty - balance.qty;
        if qty_delta == 0 {
            continue;
        }
        let value_delta_fen = if !holds_value {
            Fen::ZERO
        } else if qty_delta < 0 {
            -balance.outgoing_value(-qty_delta, &part_no, &loc.code)?
        } else {
            let part: Part = repo::get(r, Table::Parts, &code_key(&part_no))?
                .ok_or_else(|| Error::not_found("part", part_no.as_str()))?;
            balance.gain_value(qty_delta, part.standard_cost_fen, &part_no)?
        };
        out.push(Adjustment {
            part_no,
            booked_qty: balance.qty,
            counted_qty,
            qty_delta,
            value_delta_fen,
        });
    }
    Ok(out)
}

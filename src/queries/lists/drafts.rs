//! Drafts, reversals and a stocktake's preview, scoped to what the caller may see.

use super::shared::{at_location, documents_from, hide_unless_visible, location_visible};
use crate::domain::auth::Principal;
use crate::domain::documents::{Adjustment, Receipt, Stocktake, Transfer};
use crate::domain::drafts::{Draft, DraftStatus};
use crate::domain::ids::PartNo;
use crate::domain::master::{Location, Part};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::reversals::Reversal;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest};
use crate::store::document;
use crate::store::indexes::number_at_end;
use crate::store::keys::Key;
use crate::store::records::drafts::reversals_of;
use crate::store::repo::{self, code_key};
use crate::store::{Read, Scan, Table};

/// Drafts, newest first, at `location` and of `status` when given.
pub fn drafts(
    r: &dyn Read,
    principal: &Principal,
    location: Option<&str>,
    status: Option<DraftStatus>,
    page: &PageRequest,
) -> Result<Page<Draft>> {
    documents_from(
        r,
        Table::Drafts,
        at_location(DocumentKind::Draft.prefix(), location),
        &format!("drafts?{location:?}&{status:?}"),
        page,
        |d: &Draft| {
            Ok(location.is_none_or(|l| l == d.location)
                && status.is_none_or(|s| s == d.status)
                && location_visible(r, principal, &d.location)?)
        },
    )
}

/// One draft.
pub fn draft(r: &dyn Read, principal: &Principal, number: &str) -> Result<Draft> {
    let d = document::get::<Draft>(r, number)?;
    hide_unless_visible(r, principal, &[&d.location], DocumentKind::Draft.entity(), number)?;
    Ok(d)
}

/// The locations whose callers see a reversal: those of its original.
fn original_locations(r: &dyn Read, original: &str) -> Result<Vec<String>> {
    Ok(match DocumentKind::of_number(original) {
        Some(DocumentKind::Receipt) => vec![document::get::<Receipt>(r, original)?.location],
        Some(DocumentKind::Transfer) => {
            let t = document::get::<Transfer>(r, original)?;
            vec![t.from, t.to]
        }
        Some(DocumentKind::Requisition) => {
            vec![document::get::<crate::domain::documents::Requisition>(r, original)?.location]
        }
        _ => Vec::new(),
    })
}

/// One reversal.
pub fn reversal(r: &dyn Read, principal: &Principal, number: &str) -> Result<Reversal> {
    let d = document::get::<Reversal>(r, number)?;
    let locations = original_locations(r, &d.original)?;
    let refs: Vec<&str> = locations.iter().map(String::as_str).collect();
    hide_unless_visible(r, principal, &refs, DocumentKind::Reversal.entity(), number)?;
    Ok(d)
}

/// The reversal of receipt or transfer `original` (`not_found` while it stands).
pub fn reversal_of(r: &dyn Read, principal: &Principal, entity: &'static str, original: &str) -> Result<Reversal> {
    let locations = original_locations(r, original)?;
    let refs: Vec<&str> = locations.iter().map(String::as_str).collect();
    hide_unless_visible(r, principal, &refs, entity, original)?;
    let found = r.scan(
        Table::ReversalsByOriginal,
        &Scan::prefix(&reversals_of(original)).limit(1),
    )?;
    let Some((key, _)) = found.first() else {
        return Err(Error::not_found(DocumentKind::Reversal.entity(), original));
    };
    let number = crate::domain::documents::number(DocumentKind::Reversal.prefix(), number_at_end(key)?);
    document::get::<Reversal>(r, &number)
}

/// What posting an open stocktake would write now: booked against counted per part, and
/// the value each variance would post (a loss at the moving average, a gain at it or at the
/// part's standard cost). Nothing is written.
pub fn stocktake_preview(r: &dyn Read, principal: &Principal, number: &str) -> Result<Vec<Adjustment>> {
    let st = document::get::<Stocktake>(r, number)?;
    hide_unless_visible(r, principal, &[&st.location], DocumentKind::Stocktake.entity(), number)?;
    st.require_open("preview")?;
    let loc: Location = repo::get(r, Table::Locations, &code_key(&st.location))?
        .ok_or_else(|| Error::not_found("location", &st.location))?;
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

//! Requisitions as a supervisor decides them: who asked, for which station, and per line
//! the part's name, what is on hand at the issuing location and what the parts are worth
//! at today's moving average there.

use super::search::Search;
use super::shared::{Source, at_location, documents_from, location_visible};
use crate::domain::auth::{Principal, Token};
use crate::domain::documents::{Requisition, RequisitionStatus};
use crate::domain::master::{Dealer, Location, Part};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::stock::share;
use crate::error::Result;
use crate::queries::page::{Page, PageRequest};
use crate::store::repo::{self, code_key};
use crate::store::{Read, Scan, Table};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Most tokens read to name requesters (people, not documents: a few hundred at most).
const TOKENS_MAX: usize = 10_000;

/// Which requisitions the approvals list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalView {
    /// Waiting for a supervisor (`submitted`).
    Pending,
    /// Approved or rejected by a supervisor, or cancelled.
    Decided,
}

/// One requested line as the approver sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LineContext {
    /// Line number, from 1.
    pub line: u32,
    /// Part number.
    pub part_no: String,
    /// Part name (absent if the part is no longer in the master data).
    pub part_name: Option<String>,
    /// The part's base unit.
    pub unit: Option<String>,
    /// Requested quantity.
    pub qty: i64,
    /// On hand now at the issuing location.
    pub on_hand_qty: i64,
    /// Requested minus on hand when more is asked than is there, else 0.
    pub shortfall_qty: i64,
    /// Value of one unit, fen: the location's moving average, rounded half up, or the
    /// standard cost when nothing is on hand.
    pub unit_value_fen: i64,
    /// Value of the requested quantity, fen: the share of the location's value it would
    /// take now (the issue rule), or unit value × quantity beyond what is on hand.
    pub line_value_fen: i64,
    /// Valued at standard cost because nothing is on hand.
    pub at_standard_cost: bool,
}

/// What an approver needs beside the requisition itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RequisitionContext {
    /// The requester's token name, when the token is known.
    pub requester_name: Option<String>,
    /// Name of the issuing location.
    pub location_name: Option<String>,
    /// Dealer of the issuing location (a service station).
    pub dealer: Option<String>,
    /// The dealer's name.
    pub dealer_name: Option<String>,
    /// The lines with names, stock on hand and value.
    pub lines: Vec<LineContext>,
    /// Sum of the line values, fen.
    pub total_value_fen: i64,
    /// Whether any line asks for more than is on hand.
    pub short: bool,
}

/// Requisitions the caller may see for approval, newest first, each with its context.
pub fn approvals(
    r: &dyn Read,
    principal: &Principal,
    view: ApprovalView,
    location: Option<&str>,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<(Requisition, RequisitionContext)>> {
    let docs = match view {
        ApprovalView::Pending => {
            super::requisitions(r, principal, location, Some(RequisitionStatus::Submitted), search, page)?
        }
        ApprovalView::Decided => documents_from(
            r,
            Table::Requisitions,
            match location {
                Some(_) => at_location(DocumentKind::Requisition.prefix(), location),
                None => Source::All,
            },
            &format!("approvals?decided&{location:?}{}", search.tag()),
            page,
            |d: &Requisition| {
                let text = [d.number.as_str(), d.location.as_str(), d.requester.as_str()]
                    .into_iter()
                    .chain(d.decided_by.as_deref())
                    .chain(d.lines.iter().map(|l| l.part_no.as_str()));
                Ok((d.decided_at.is_some() || d.status == RequisitionStatus::Cancelled)
                    && location.is_none_or(|l| l == d.location)
                    && search.at(d.decided_at.or(d.closed_at).unwrap_or(d.updated_at))
                    && search.text(text)
                    && location_visible(r, principal, &d.location)?)
            },
        )?,
    };
    let names = token_names(r)?;
    let mut items = Vec::with_capacity(docs.items.len());
    for d in docs.items {
        let c = context(r, &d, &names)?;
        items.push((d, c));
    }
    Ok(Page {
        items,
        next_cursor: docs.next_cursor,
    })
}

/// Token names by token id.
fn token_names(r: &dyn Read) -> Result<HashMap<String, String>> {
    let tokens = repo::decode_all::<Token>(r.scan(Table::Tokens, &Scan::all().limit(TOKENS_MAX))?)?;
    Ok(tokens.into_iter().map(|(_, t)| (t.id, t.name)).collect())
}

/// The context of one requisition, read now.
fn context(r: &dyn Read, d: &Requisition, names: &HashMap<String, String>) -> Result<RequisitionContext> {
    let loc: Option<Location> = repo::get(r, Table::Locations, &code_key(&d.location))?;
    let dealer = loc.as_ref().and_then(|l| l.dealer.clone());
    let dealer_name = match &dealer {
        Some(code) => repo::get::<Dealer>(r, Table::Dealers, &code_key(code))?.map(|x| x.name),
        None => None,
    };
    let mut lines = Vec::with_capacity(d.lines.len());
    for l in &d.lines {
        let part: Option<Part> = repo::get(r, Table::Parts, &code_key(l.part_no.as_str()))?;
        let balance = repo::balance(r, l.part_no.as_str(), &d.location)?;
        let standard = part.as_ref().map_or(Fen::ZERO, |p| p.standard_cost_fen);
        let (unit_value, line_value, at_standard) = value(balance.qty, balance.value_fen, standard, l.qty);
        lines.push(LineContext {
            line: l.line,
            part_no: l.part_no.to_string(),
            part_name: part.as_ref().map(|p| p.name.clone()),
            unit: part.as_ref().map(|p| p.unit.clone()),
            qty: l.qty,
            on_hand_qty: balance.qty,
            shortfall_qty: (l.qty - balance.qty).max(0),
            unit_value_fen: unit_value.get(),
            line_value_fen: line_value.get(),
            at_standard_cost: at_standard,
        });
    }
    let total_value_fen = lines.iter().map(|l| l.line_value_fen).sum();
    Ok(RequisitionContext {
        requester_name: names.get(&d.requester).cloned(),
        location_name: loc.map(|l| l.name),
        dealer,
        dealer_name,
        short: lines.iter().any(|l| l.shortfall_qty > 0),
        lines,
        total_value_fen,
    })
}

/// Unit value, value of `qty` and whether it is at standard cost, given `on_hand` units
/// worth `value` in total: the issue rule's share up to what is on hand, the rounded
/// average for any shortfall; the standard cost when nothing is on hand.
fn value(on_hand: i64, value: Fen, standard: Fen, qty: i64) -> (Fen, Fen, bool) {
    if on_hand <= 0 || value < Fen::ZERO {
        return (standard, standard.checked_mul(qty.max(0)).unwrap_or(Fen::ZERO), true);
    }
    let unit = share(value, on_hand, 1.min(on_hand));
    let qty = qty.max(0);
    let line = if qty <= on_hand {
        share(value, on_hand, qty)
    } else {
        value + unit.checked_mul(qty - on_hand).unwrap_or(Fen::ZERO)
    };
    (unit, line, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_the_moving_average_up_to_what_is_on_hand() {
        // 3 on hand worth ¥100.00: one unit takes ¥33.33, two take ¥66.67, all three ¥100.00.
        assert_eq!(value(3, Fen(10_000), Fen(5_000), 1), (Fen(3_333), Fen(3_333), false));
        assert_eq!(value(3, Fen(10_000), Fen(5_000), 2), (Fen(3_333), Fen(6_667), false));
        assert_eq!(value(3, Fen(10_000), Fen(5_000), 3), (Fen(3_333), Fen(10_000), false));
        // Beyond what is on hand: everything there plus the rounded average per unit short.
        assert_eq!(value(3, Fen(10_000), Fen(5_000), 5), (Fen(3_333), Fen(16_666), false));
        // Nothing on hand: the standard cost.
        assert_eq!(value(0, Fen::ZERO, Fen(5_000), 2), (Fen(5_000), Fen(10_000), true));
        assert_eq!(value(0, Fen::ZERO, Fen(5_000), 0), (Fen(5_000), Fen::ZERO, true));
    }
}

//! Old parts returned for claims, by tag.

use super::search::Search;
use super::shared::{dealer_scope, dealer_visible, decode};
use crate::domain::auth::Principal;
use crate::domain::claims::{OldPart, TagStatus};
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::indexes;
use crate::store::lookup;
use crate::store::{Read, Scan, Table};

/// Old parts the caller may see, by tag (of one claim: by line, then tag), filtered by
/// claim, status and dealer.
pub fn old_parts(
    r: &dyn Read,
    principal: &Principal,
    claim: Option<&str>,
    status: Option<TagStatus>,
    dealer: Option<&str>,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<OldPart>> {
    let keep = |t: &OldPart| {
        let text = [
            t.tag.as_str(),
            t.claim.as_str(),
            t.part_no.as_str(),
            t.dealer.as_str(),
            t.unit_serial.as_str(),
        ]
        .into_iter()
        .chain(t.carrier_ref.as_deref())
        .chain(t.supplier.as_deref());
        claim.is_none_or(|c| c == t.claim)
            && search.day(t.due_date)
            && search.text(text)
            && status.is_none_or(|s| s == t.status)
            && dealer.is_none_or(|d| d == t.dealer)
            && dealer_visible(principal, &t.dealer)
    };
    // The narrowest index the filters allow: a claim, else a dealer, else a status.
    let (index, prefix) = match (claim, dealer_scope(principal, dealer), status) {
        (Some(c), _, _) => (Table::OldPartsByClaim, indexes::str_prefix(c)),
        (None, Some(d), _) => (Table::OldPartsByDealer, indexes::str_prefix(d)),
        (None, None, Some(s)) => (Table::OldPartsByStatus, indexes::str_prefix(indexes::tag_status(s))),
        (None, None, None) => (Table::OldParts, Vec::new()),
    };
    let filters = format!(
        "old-parts?{claim:?}&{status:?}&{dealer:?}{}&from={}",
        search.tag(),
        index.name()
    );
    paginate(r, index, Scan::prefix(&prefix), &filters, page, |k, v| {
        let t: OldPart = if index == Table::OldParts {
            decode(v)?
        } else {
            lookup::old_part(r, &indexes::tag_at_end(index, k)?)?
        };
        Ok(keep(&t).then_some(t))
    })
}

/// One old part (another dealer's answers 404).
pub fn old_part(r: &dyn Read, principal: &Principal, tag: &str) -> Result<OldPart> {
    let t = lookup::old_part(r, tag)?;
    if !dealer_visible(principal, &t.dealer) {
        return Err(Error::not_found("old part", tag));
    }
    Ok(t)
}

//! Drafts, reversals and a stocktake's preview, scoped to what the caller may see.

use super::shared::{at_location, documents_from, hide_unless_visible, location_visible};
use crate::domain::auth::Principal;
use crate::domain::documents::{Adjustment, Receipt, Stocktake, Transfer};
use crate::domain::drafts::{Draft, DraftStatus};
use crate::domain::master::Location;
use crate::domain::numbered::DocumentKind;
use crate::domain::reversals::Reversal;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest};
use crate::store::document;
use crate::store::indexes::number_at_end;
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
    crate::queries::stocktakes::variances(r, &st, &loc)
}

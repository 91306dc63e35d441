//! What every list shares: who may see a location or a dealer's records, and reading
//! documents newest first from their table or from one range of an index.

use crate::domain::auth::{Principal, Role};
use crate::domain::master::Location;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::codec::{self, Stored};
use crate::store::indexes;
use crate::store::repo::{self, code_key, seq_key};
use crate::store::{Read, Scan, Table};

/// Whether `principal` may see stock and documents of `location`.
pub fn location_visible(r: &dyn Read, principal: &Principal, location: &str) -> Result<bool> {
    if principal.sees_all_locations() {
        return Ok(true);
    }
    let loc: Option<Location> = repo::get(r, Table::Locations, &code_key(location))?;
    Ok(loc.is_some_and(|l| principal.sees_location(&l)))
}

/// Answers `not_found` for a location the caller may not see (as if it did not exist).
pub fn require_visible(r: &dyn Read, principal: &Principal, location: &str) -> Result<()> {
    if location_visible(r, principal, location)? {
        Ok(())
    } else {
        Err(Error::not_found("location", location))
    }
}

/// Answers `not_found` for a document (`entity` `key`) unless the caller may see one of
/// its `locations`.
pub(super) fn hide_unless_visible(
    r: &dyn Read,
    principal: &Principal,
    locations: &[&str],
    entity: &'static str,
    key: &str,
) -> Result<()> {
    for l in locations {
        if location_visible(r, principal, l)? {
            return Ok(());
        }
    }
    Err(Error::not_found(entity, key))
}

/// Whether the caller may see records of `dealer` (dealer tokens: only their own).
pub fn dealer_visible(principal: &Principal, dealer: &str) -> bool {
    principal.role != Role::Dealer || principal.dealer.as_deref() == Some(dealer)
}

/// The dealer a list is narrowed to: a dealer token's own, else the `dealer` filter.
pub(super) fn dealer_scope<'a>(principal: &'a Principal, dealer: Option<&'a str>) -> Option<&'a str> {
    match principal.role {
        Role::Dealer => principal.dealer.as_deref().or(Some("")),
        _ => dealer,
    }
}

/// A stored value, decoded; a decoding failure is an internal error.
pub(super) fn decode<T: Stored>(v: &[u8]) -> Result<T> {
    Ok(codec::decode(v)?)
}

/// Documents of one table, newest first, filtered by `keep`.
pub(super) fn documents<T: Stored>(
    r: &dyn Read,
    table: Table,
    filters: &str,
    page: &PageRequest,
    keep: impl Fn(&T) -> Result<bool>,
) -> Result<Page<T>> {
    paginate(r, table, Scan::all().reverse(true), filters, page, |_, v| {
        let d: T = decode(v)?;
        Ok(keep(&d)?.then_some(d))
    })
}

/// Where a document list reads from: the whole table, or one range of an index whose
/// keys end in the document number.
pub(super) enum Source {
    All,
    Index(Table, Vec<u8>),
}

impl Source {
    /// Names the source in the cursor's filters, so a cursor of one source is never
    /// read as a position in another.
    fn tag(&self) -> &'static str {
        match self {
            Source::All => "all",
            Source::Index(t, _) => t.name(),
        }
    }
}

/// Documents of `table`, newest first, read from `source` and filtered by `keep`.
pub(super) fn documents_from<T: Stored>(
    r: &dyn Read,
    table: Table,
    source: Source,
    filters: &str,
    page: &PageRequest,
    keep: impl Fn(&T) -> Result<bool>,
) -> Result<Page<T>> {
    let filters = format!("{filters}&from={}", source.tag());
    match source {
        Source::All => documents(r, table, &filters, page, keep),
        Source::Index(index, prefix) => {
            paginate(r, index, Scan::prefix(&prefix).reverse(true), &filters, page, |k, _| {
                let n = indexes::number_at_end(k)?;
                let d: T = repo::get(r, table, &seq_key(n))?
                    .ok_or_else(|| Error::Internal(format!("{} names a missing document {n}", index.name())))?;
                Ok(keep(&d)?.then_some(d))
            })
        }
    }
}

/// The by-location index range of documents of `kind` at `location`, if filtered by one.
pub(super) fn at_location(kind: &str, location: Option<&str>) -> Source {
    match location {
        Some(l) => Source::Index(Table::DocsByLocation, indexes::doc_prefix(kind, l)),
        None => Source::All,
    }
}

//! Master data: parts (also by barcode), locations, dealers and suppliers.

use super::shared::{decode, location_visible, require_visible};
use crate::domain::auth::{Principal, Role};
use crate::domain::master::{Dealer, Location, LocationKind, Part, Supplier};
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::repo::{self, code_key};
use crate::store::{Read, Scan, Table};

/// Parts, by part number; `q` matches part number, name or a barcode (case-insensitive).
pub fn parts(r: &dyn Read, q: Option<&str>, page: &PageRequest) -> Result<Page<Part>> {
    let needle = q.map(str::to_lowercase);
    paginate(
        r,
        Table::Parts,
        Scan::all(),
        &format!("parts?q={needle:?}"),
        page,
        |_, v| {
            let p: Part = decode(v)?;
            let hit = needle.as_ref().is_none_or(|n| {
                p.part_no.to_lowercase().contains(n)
                    || p.name.to_lowercase().contains(n)
                    || p.barcodes.iter().any(|b| b.to_lowercase().contains(n))
            });
            Ok(hit.then_some(p))
        },
    )
}

/// One part.
pub fn part(r: &dyn Read, part_no: &str) -> Result<Part> {
    repo::get(r, Table::Parts, &code_key(part_no))?.ok_or_else(|| Error::not_found("part", part_no))
}

/// The part a barcode belongs to.
pub fn part_by_barcode(r: &dyn Read, barcode: &str) -> Result<Part> {
    let owner = r
        .get(Table::Barcodes, &code_key(barcode))?
        .ok_or_else(|| Error::not_found("barcode", barcode))?;
    part(r, &String::from_utf8_lossy(&owner))
}

/// Locations the caller may see, by code, optionally of one kind.
pub fn locations(
    r: &dyn Read,
    principal: &Principal,
    kind: Option<LocationKind>,
    page: &PageRequest,
) -> Result<Page<Location>> {
    paginate(
        r,
        Table::Locations,
        Scan::all(),
        &format!("locations?kind={kind:?}"),
        page,
        |_, v| {
            let l: Location = decode(v)?;
            let shown = kind.is_none_or(|k| k == l.kind)
                && (principal.role != Role::Dealer || location_visible(r, principal, &l.code)?);
            Ok(shown.then_some(l))
        },
    )
}

/// One location.
pub fn location(r: &dyn Read, principal: &Principal, code: &str) -> Result<Location> {
    let loc: Location =
        repo::get(r, Table::Locations, &code_key(code))?.ok_or_else(|| Error::not_found("location", code))?;
    if principal.role == Role::Dealer {
        require_visible(r, principal, code)?;
    }
    Ok(loc)
}

/// Dealers, by code.
pub fn dealers(r: &dyn Read, page: &PageRequest) -> Result<Page<Dealer>> {
    paginate(r, Table::Dealers, Scan::all(), "dealers", page, |_, v| {
        decode(v).map(Some)
    })
}

/// One dealer.
pub fn dealer(r: &dyn Read, code: &str) -> Result<Dealer> {
    repo::get(r, Table::Dealers, &code_key(code))?.ok_or_else(|| Error::not_found("dealer", code))
}

/// Whether a dealer with this code exists.
pub fn dealer_exists(r: &dyn Read, code: &str) -> Result<bool> {
    Ok(r.get(Table::Dealers, &code_key(code))?.is_some())
}

/// Suppliers, by code.
pub fn suppliers(r: &dyn Read, page: &PageRequest) -> Result<Page<Supplier>> {
    paginate(r, Table::Suppliers, Scan::all(), "suppliers", page, |_, v| {
        decode(v).map(Some)
    })
}

/// One supplier.
pub fn supplier(r: &dyn Read, code: &str) -> Result<Supplier> {
    repo::get(r, Table::Suppliers, &code_key(code))?.ok_or_else(|| Error::not_found("supplier", code))
}

//! Numbered documents (receipts, transfers, stocktakes, requisitions, service reports,
//! claims, settlements, supplier claims): one way to read one, to load it against the
//! caller's version, and to write it with its index entries. Keys come from the number's
//! counter, so a number with another kind's prefix is simply not found.

use super::indexes::{self, Indexed};
use super::{Overlay, Read, repo};
use crate::domain::numbered::{Numbered, check_version};

use crate::error::{Error, Result};

/// A numbered document kept in its own table.
pub trait Document: Numbered + Indexed {}

impl<T: Numbered + Indexed> Document for T {}

/// The table key of document `number` of kind `D`.
pub fn key<D: Numbered>(number: &str) -> Vec<u8> {
    repo::doc_key(D::DOCUMENT.prefix(), number)
}

/// Reads document `number`; a missing one (or another kind's number) answers `not_found`.
pub fn get<D: Document>(r: &dyn Read, number: &str) -> Result<D> {
    repo::get(r, D::TABLE, &key::<D>(number))?.ok_or_else(|| Error::not_found(D::DOCUMENT.entity(), number))
}

/// Reads document `number` for a change the caller made against version `if_match`.
pub fn load<D: Document>(r: &dyn Read, number: &str, if_match: Option<u64>) -> Result<D> {
    let doc: D = get(r, number)?;
    check_version(if_match, doc.version())?;
    Ok(doc)
}

/// Writes `doc` with its index entries (the audit event is the command's: see
/// `commands::create_document` and `commands::save_document`).
pub fn put<D: Document>(w: &mut Overlay<'_>, doc: &D) -> Result<()> {
    indexes::put(w, key::<D>(doc.number()), doc)?;
    Ok(())
}

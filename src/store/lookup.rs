//! Records read by their code that commands and queries both need: a unit by serial, an
//! old-part tag by its tag.

use super::repo::{self, code_key, decode_all};
use super::{Read, Scan, Table};
use crate::domain::claims::OldPart;
use crate::domain::numbered::DocumentKind;

use crate::domain::warranty::Unit;
use crate::error::{Error, Result};

/// The unit with this serial.
pub fn unit(r: &dyn Read, serial: &str) -> Result<Unit> {
    repo::get(r, Table::Units, &code_key(serial))?.ok_or_else(|| Error::not_found("unit", serial))
}

/// The old-part tag `tag`.
pub fn old_part(r: &dyn Read, tag: &str) -> Result<OldPart> {
    repo::get(r, Table::OldParts, &code_key(tag))?.ok_or_else(|| Error::not_found(DocumentKind::OldPart.entity(), tag))
}

/// Every tag, a full scan: for reports and demo data only, never inside a request's write.
pub fn all_old_parts(r: &dyn Read) -> Result<Vec<OldPart>> {
    Ok(decode_all::<OldPart>(r.scan(Table::OldParts, &Scan::all())?)?
        .into_iter()
        .map(|(_, t)| t)
        .collect())
}

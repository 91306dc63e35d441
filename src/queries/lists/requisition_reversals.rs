//! Reversals (红冲) of a requisition's issues and returns.

use crate::domain::auth::Principal;
use crate::domain::numbered::DocumentKind;
use crate::domain::reversals::Reversal;
use crate::error::Result;
use crate::store::document;
use crate::store::indexes::number_at_end;
use crate::store::records::drafts::reversals_of;
use crate::store::{Read, Scan, Table};

/// Every reversal of requisition `number`, oldest first, without a visibility check (for
/// the writer, which has checked).
pub fn requisition_reversals_unchecked(r: &dyn Read, number: &str) -> Result<Vec<Reversal>> {
    let mut out = Vec::new();
    for (key, _) in r.scan(Table::ReversalsByOriginal, &Scan::prefix(&reversals_of(number)))? {
        let rv = crate::domain::documents::number(DocumentKind::Reversal.prefix(), number_at_end(&key)?);
        out.push(document::get::<Reversal>(r, &rv)?);
    }
    Ok(out)
}

/// The reversals of the issues and returns of a requisition the caller sees.
pub fn requisition_reversals(r: &dyn Read, principal: &Principal, number: &str) -> Result<Vec<Reversal>> {
    super::requisition(r, principal, number)?;
    requisition_reversals_unchecked(r, number)
}

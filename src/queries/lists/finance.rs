//! Finance: dealer settlements and supplier claims.

use super::shared::{Source, dealer_scope, dealer_visible, documents, documents_from};
use crate::domain::auth::Principal;
use crate::domain::numbered::DocumentKind;

use crate::domain::settlement::{Settlement, SupplierClaim};
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest};
use crate::store::document;
use crate::store::indexes;
use crate::store::{Read, Table};

/// Settlements the caller may see (a dealer: its own), newest first.
pub fn settlements(
    r: &dyn Read,
    principal: &Principal,
    dealer: Option<&str>,
    page: &PageRequest,
) -> Result<Page<Settlement>> {
    let source = match dealer_scope(principal, dealer) {
        Some(d) => Source::Index(
            Table::DocsByDealer,
            indexes::doc_prefix(DocumentKind::Settlement.prefix(), d),
        ),
        None => Source::All,
    };
    documents_from(
        r,
        Table::Settlements,
        source,
        &format!("settlements?{dealer:?}"),
        page,
        |s: &Settlement| Ok(dealer.is_none_or(|d| d == s.dealer) && dealer_visible(principal, &s.dealer)),
    )
}

/// One settlement (another dealer's answers 404).
pub fn settlement(r: &dyn Read, principal: &Principal, number: &str) -> Result<Settlement> {
    let s = document::get::<Settlement>(r, number)?;
    if !dealer_visible(principal, &s.dealer) {
        return Err(Error::not_found("settlement", number));
    }
    Ok(s)
}

/// Supplier claims, newest first.
pub fn supplier_claims(r: &dyn Read, supplier: Option<&str>, page: &PageRequest) -> Result<Page<SupplierClaim>> {
    documents(
        r,
        Table::SupplierClaims,
        &format!("supplier-claims?{supplier:?}"),
        page,
        |c: &SupplierClaim| Ok(supplier.is_none_or(|s| s == c.supplier)),
    )
}

/// One supplier claim (finance and reviewers see them all).
pub fn supplier_claim(r: &dyn Read, number: &str) -> Result<SupplierClaim> {
    document::get::<SupplierClaim>(r, number)
}

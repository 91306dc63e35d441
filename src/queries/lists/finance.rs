//! Finance: dealer settlements and supplier claims.

use super::search::Search;
use super::shared::{Source, dealer_scope, dealer_visible, documents, documents_from};
use crate::domain::auth::Principal;
use crate::domain::numbered::DocumentKind;

use crate::domain::settlement::{Settlement, SettlementStatus, SupplierClaim, SupplierClaimStatus};
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
    status: Option<SettlementStatus>,
    search: &Search,
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
        &format!("settlements?{dealer:?}&{status:?}{}", search.tag()),
        page,
        |s: &Settlement| {
            Ok(dealer.is_none_or(|d| d == s.dealer)
                && status.is_none_or(|x| x == s.status)
                && search.at(s.created_at)
                && search.text([s.number.as_str(), s.dealer.as_str()])
                && dealer_visible(principal, &s.dealer))
        },
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
pub fn supplier_claims(
    r: &dyn Read,
    supplier: Option<&str>,
    status: Option<SupplierClaimStatus>,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<SupplierClaim>> {
    documents(
        r,
        Table::SupplierClaims,
        &format!("supplier-claims?{supplier:?}&{status:?}{}", search.tag()),
        page,
        |c: &SupplierClaim| {
            Ok(supplier.is_none_or(|s| s == c.supplier)
                && status.is_none_or(|s| s == c.status)
                && search.at(c.created_at)
                && search.text([c.number.as_str(), c.supplier.as_str()]))
        },
    )
}

/// One supplier claim (finance and reviewers see them all).
pub fn supplier_claim(r: &dyn Read, number: &str) -> Result<SupplierClaim> {
    document::get::<SupplierClaim>(r, number)
}

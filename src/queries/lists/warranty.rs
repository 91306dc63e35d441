//! Warranty: units, policy versions and claims.

use super::search::Search;
use super::shared::{Source, dealer_scope, dealer_visible, decode, documents_from};
use crate::domain::auth::Principal;
use crate::domain::claims::{Claim, ClaimStatus};
use crate::domain::numbered::DocumentKind;

use crate::domain::warranty::{Policy, Unit};
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::document;
use crate::store::indexes;
use crate::store::keys::Key;
use crate::store::lookup;
use crate::store::repo;
use crate::store::{Read, Scan, Table};

/// Units the caller may see, by serial, filtered by model, dealer, the search text and
/// the sale date.
pub fn units(
    r: &dyn Read,
    principal: &Principal,
    model: Option<&str>,
    dealer: Option<&str>,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<Unit>> {
    paginate(
        r,
        Table::Units,
        Scan::all(),
        &format!("units?{model:?}&{dealer:?}{}", search.tag()),
        page,
        |_, v| {
            let u: Unit = decode(v)?;
            let shown = model.is_none_or(|m| m == u.model)
                && dealer.is_none_or(|d| d == u.dealer)
                && search.day(u.sale_date)
                && search.text([
                    u.serial.as_str(),
                    u.model.as_str(),
                    u.dealer.as_str(),
                    u.customer.as_str(),
                ])
                && dealer_visible(principal, &u.dealer);
            Ok(shown.then_some(u))
        },
    )
}

/// One unit (another dealer's answers 404).
pub fn unit(r: &dyn Read, principal: &Principal, serial: &str) -> Result<Unit> {
    let u = lookup::unit(r, serial)?;
    if !dealer_visible(principal, &u.dealer) {
        return Err(Error::not_found("unit", serial));
    }
    Ok(u)
}

/// Policy versions, by model then effective date.
pub fn policies(r: &dyn Read, model: Option<&str>, page: &PageRequest) -> Result<Page<Policy>> {
    let prefix = model.map(|m| Key::new().str(m).into_bytes()).unwrap_or_default();
    paginate(
        r,
        Table::Policies,
        Scan::prefix(&prefix),
        &format!("policies?{model:?}"),
        page,
        |_, v| decode(v).map(Some),
    )
}

/// Claims the caller may see, newest first, by status, unit and dealer.
pub fn claims(
    r: &dyn Read,
    principal: &Principal,
    status: Option<ClaimStatus>,
    unit: Option<&str>,
    dealer: Option<&str>,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<Claim>> {
    let filters = format!("claims?{status:?}&{unit:?}&{dealer:?}{}", search.tag());
    let keep = |c: &Claim| {
        let text = [
            c.number.as_str(),
            c.dealer.as_str(),
            c.unit_serial.as_str(),
            c.fault_code.as_str(),
            c.description.as_str(),
        ]
        .into_iter()
        .chain(c.lines.iter().filter_map(|l| l.part_no.as_ref().map(|p| p.as_str())));
        Ok(status.is_none_or(|s| s == c.status)
            && search.day(c.repair_date)
            && search.text(text)
            && unit.is_none_or(|u| u == c.unit_serial)
            && dealer.is_none_or(|d| d == c.dealer)
            && dealer_visible(principal, &c.dealer))
    };
    if let Some(u) = unit {
        // A unit has few claims: its index range, newest first, then the other filters.
        let scan = Scan::prefix(&Key::new().str(u).into_bytes()).reverse(true);
        return paginate(
            r,
            Table::ClaimsByUnit,
            scan,
            &format!("{filters}&from=unit"),
            page,
            |k, _| {
                let c = document::get::<Claim>(r, &repo::second_str(k)?)?;
                Ok(keep(&c)?.then_some(c))
            },
        );
    }
    let source = match (dealer_scope(principal, dealer), status) {
        (Some(d), Some(s)) => Source::Index(Table::ClaimsByDealerStatus, indexes::dealer_status_prefix(d, s)),
        (Some(d), None) => Source::Index(
            Table::DocsByDealer,
            indexes::doc_prefix(DocumentKind::Claim.prefix(), d),
        ),
        (None, Some(s)) => Source::Index(
            Table::DocsByStatus,
            indexes::doc_prefix(DocumentKind::Claim.prefix(), indexes::claim_status(s)),
        ),
        (None, None) => Source::All,
    };
    documents_from(r, Table::Claims, source, &filters, page, keep)
}

/// One claim (another dealer's answers 404).
pub fn claim(r: &dyn Read, principal: &Principal, number: &str) -> Result<Claim> {
    let c = document::get::<Claim>(r, number)?;
    if !dealer_visible(principal, &c.dealer) {
        return Err(Error::not_found("claim", number));
    }
    Ok(c)
}

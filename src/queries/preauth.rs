//! Pre-authorizations as their readers see them (a dealer: its own only), listed from the
//! dealer or status index; the bill of usage of a model; the unit's highest reading.

use crate::domain::auth::{Principal, Role};
use crate::domain::numbered::DocumentKind;
use crate::domain::preauth::{ENTITY, PreauthStatus, Preauthorization};
use crate::domain::status::Named;
use crate::domain::usage::BillOfUsageLine;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::records::preauth::usage_prefix;
use crate::store::{Read, Scan, Table, codec, document, indexes, repo};

/// One pre-authorization, if the caller may see it.
pub fn preauthorization(r: &dyn Read, principal: &Principal, number: &str) -> Result<Preauthorization> {
    let pa = document::get::<Preauthorization>(r, number)?;
    principal.may_see_dealers(&pa.dealer, ENTITY, number)?;
    Ok(pa)
}

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only this status.
    pub status: Option<PreauthStatus>,
    /// Only this dealer's (a dealer: its own, whatever it asks).
    pub dealer: Option<String>,
    /// Only this unit's.
    pub unit_serial: Option<String>,
}

fn load_n(r: &dyn Read, n: u64) -> Result<Preauthorization> {
    repo::get(r, Table::Preauthorizations, &repo::seq_key(n))?
        .ok_or_else(|| Error::Internal(format!("an index names missing pre-authorization {n}")))
}

/// Pre-authorizations the caller may see, newest first, read from the index of the
/// narrowest filter given.
pub fn preauthorizations(
    r: &dyn Read,
    principal: &Principal,
    f: &Filters,
    page: &PageRequest,
) -> Result<Page<Preauthorization>> {
    let dealer = match (principal.role, principal.dealer.as_deref(), f.dealer.as_deref()) {
        (Role::Dealer, Some(own), Some(d)) if d != own => return Err(Error::not_found("dealer", d)),
        (Role::Dealer, own, _) => Some(own.unwrap_or("").to_owned()),
        (_, _, d) => d.map(str::to_owned),
    };
    let kind = DocumentKind::Preauthorization.prefix();
    let filters = format!(
        "preauthorizations?{:?}&{dealer:?}&{:?}",
        f.status.map(|s| s.name()),
        f.unit_serial
    );
    let (table, scan, tag) = if let Some(d) = &dealer {
        (
            Table::DocsByDealer,
            Scan::prefix(&indexes::doc_prefix(kind, d)).reverse(true),
            "dealer",
        )
    } else if let Some(s) = f.status {
        (
            Table::DocsByStatus,
            Scan::prefix(&indexes::doc_prefix(kind, s.name())).reverse(true),
            "status",
        )
    } else {
        (Table::Preauthorizations, Scan::all().reverse(true), "all")
    };
    let keep = |pa: &Preauthorization| {
        principal.sees_dealer(&pa.dealer)
            && f.status.is_none_or(|s| s == pa.status)
            && dealer.as_deref().is_none_or(|d| pa.dealer == d)
            && f.unit_serial.as_deref().is_none_or(|u| pa.unit_serial == u)
    };
    paginate(r, table, scan, &format!("{filters}&from={tag}"), page, |k, v| {
        let pa: Preauthorization = if table == Table::Preauthorizations {
            codec::decode(v)?
        } else {
            load_n(r, indexes::number_at_end(k)?)?
        };
        Ok(keep(&pa).then_some(pa))
    })
}

/// The bill of usage of `model` (every model without one), by model and part.
pub fn bill_of_usage(r: &dyn Read, model: Option<&str>, page: &PageRequest) -> Result<Page<BillOfUsageLine>> {
    let scan = match model {
        Some(m) => Scan::prefix(&usage_prefix(m)),
        None => Scan::all(),
    };
    paginate(
        r,
        Table::BillOfUsage,
        scan,
        &format!("bill-of-usage?{model:?}"),
        page,
        |_, v| Ok(Some(codec::decode::<BillOfUsageLine>(v)?)),
    )
}

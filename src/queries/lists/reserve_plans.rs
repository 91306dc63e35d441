//! Reserve plans (储备计划) the caller may see — a dealer only its own — by dealer and
//! status, newest first.

use super::shared::{Source, dealer_scope, dealer_visible, documents_from};
use crate::domain::auth::Principal;
use crate::domain::numbered::DocumentKind;
use crate::domain::reserve_plans::{PlanStatus, ReservePlan};
use crate::domain::status::Named;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest};
use crate::store::indexes::doc_prefix;
use crate::store::{Read, Table, document};
use chrono::NaiveDate;

/// Reserve plan filters.
#[derive(Debug, Clone, Default)]
pub struct PlanFilter {
    /// Only this dealer's.
    pub dealer: Option<String>,
    /// Only this status.
    pub status: Option<PlanStatus>,
    /// Only plans for the season starting on this date.
    pub season_start: Option<NaiveDate>,
}

/// Reserve plans the caller may see, newest first.
pub fn reserve_plans(
    r: &dyn Read,
    principal: &Principal,
    f: &PlanFilter,
    page: &PageRequest,
) -> Result<Page<ReservePlan>> {
    let prefix = DocumentKind::ReservePlan.prefix();
    let dealer = f.dealer.as_deref();
    let source = match (dealer_scope(principal, dealer), f.status) {
        (Some(d), _) => Source::Index(Table::DocsByDealer, doc_prefix(prefix, d)),
        (None, Some(s)) => Source::Index(Table::DocsByStatus, doc_prefix(prefix, s.name())),
        (None, None) => Source::All,
    };
    documents_from(
        r,
        Table::ReservePlans,
        source,
        &format!("reserve-plans?{dealer:?}&{:?}&{:?}", f.status, f.season_start),
        page,
        |p: &ReservePlan| {
            Ok(dealer.is_none_or(|d| d == p.dealer)
                && f.status.is_none_or(|s| s == p.status)
                && f.season_start.is_none_or(|s| s == p.season_start)
                && dealer_visible(principal, &p.dealer))
        },
    )
}

/// One reserve plan (another dealer's answers 404).
pub fn reserve_plan(r: &dyn Read, principal: &Principal, number: &str) -> Result<ReservePlan> {
    let p = document::get::<ReservePlan>(r, number)?;
    if !dealer_visible(principal, &p.dealer) {
        return Err(Error::not_found(DocumentKind::ReservePlan.entity(), number));
    }
    Ok(p)
}

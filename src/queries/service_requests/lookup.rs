//! The desk's lookups at phone-call speed: a customer's earlier requests and units by the
//! phone number they call from (digits only, from its index), or a unit's by its serial
//! (from the requests-by-unit index), each unit with its coverage; and the requisitions
//! citing a request (from their index). Every read is one bounded index range.

use super::RequestView;
use crate::domain::auth::Principal;
use crate::domain::claim_check::{Registration, summarize};
use crate::domain::documents::Requisition;
use crate::domain::ids::{DocNo, Serial};
use crate::domain::service_requests::{PHONE_DIGITS_MIN, ServiceRequest, phone_digits};
use crate::domain::warranty::{Policy, Unit, business_date};
use crate::error::{Error, Result};
use crate::store::keys::Key;
use crate::store::{Read, Scan, Table, indexes, lookup, repo};
use chrono::{DateTime, NaiveDate, Utc};
use std::ops::Bound;

/// Most earlier requests a lookup reads (newest first).
pub const LOOKUP_MAX: usize = 50;
/// Most requisitions listed as citing one request.
pub const CITING_MAX: usize = 200;

/// The requisitions citing request `number`, oldest first.
pub fn citing_requisitions(r: &dyn Read, number: &DocNo) -> Result<Vec<DocNo>> {
    let prefix = Key::new().str(number.as_str()).into_bytes();
    let mut out = Vec::new();
    for (k, _) in r.scan(Table::RequisitionsByRequest, &Scan::prefix(&prefix).limit(CITING_MAX))? {
        let n = indexes::number_at_end(&k)?;
        let rq: Requisition = repo::get(r, Table::Requisitions, &repo::seq_key(n))?.ok_or_else(|| {
            Error::Internal(format!(
                "the requisitions-by-request index names missing requisition {n}"
            ))
        })?;
        out.push(rq.number);
    }
    Ok(out)
}

/// A unit as the desk sees it on the phone: who sold it, and its coverage today.
#[derive(Debug, Clone)]
pub struct UnitCoverage {
    /// The unit.
    pub unit: Unit,
    /// Last covered day (no policy for the model: none).
    pub coverage_end_date: Option<NaiveDate>,
    /// Whether today is within coverage (no policy: none).
    pub covered: Option<bool>,
    /// The registration card (三包回执卡).
    pub registration: Registration,
}

/// What the desk finds by a phone number or a serial.
#[derive(Debug, Clone)]
pub struct Lookup {
    /// The phone number searched, digits only.
    pub phone: Option<String>,
    /// The units: the one searched, or those of the customer's earlier requests.
    pub units: Vec<UnitCoverage>,
    /// Earlier requests, newest first.
    pub requests: Vec<RequestView>,
    /// Whether more earlier requests exist than were read.
    pub truncated: bool,
}

/// The policy of `model` in force on `date`.
fn policy_on(r: &dyn Read, model: &str, date: NaiveDate) -> Result<Option<Policy>> {
    let scan = Scan {
        start: Bound::Included(Key::new().str(model).into_bytes()),
        end: Bound::Included(Key::new().str(model).str(&date.to_string()).into_bytes()),
        reverse: true,
        limit: 1,
    };
    Ok(repo::decode_all::<Policy>(r.scan(Table::Policies, &scan)?)?
        .pop()
        .map(|(_, p)| p))
}

fn coverage(r: &dyn Read, unit: Unit, today: NaiveDate) -> Result<UnitCoverage> {
    let policy = policy_on(r, &unit.model, today)?;
    let check = summarize(&unit, policy.as_ref(), Vec::new());
    Ok(UnitCoverage {
        coverage_end_date: check.coverage_end_date,
        covered: check
            .coverage_start_date
            .zip(check.coverage_end_date)
            .map(|(start, end)| start <= today && today <= end),
        registration: check.registration,
        unit,
    })
}

/// Requests named by an index range, newest first, those the caller may see.
fn requests_of(
    r: &dyn Read,
    principal: &Principal,
    table: Table,
    prefix: &[u8],
    now: DateTime<Utc>,
) -> Result<(Vec<RequestView>, bool)> {
    let keys = r.scan(table, &Scan::prefix(prefix).reverse(true).limit(LOOKUP_MAX + 1))?;
    let truncated = keys.len() > LOOKUP_MAX;
    let mut out = Vec::new();
    for (k, _) in keys.into_iter().take(LOOKUP_MAX) {
        let n = indexes::number_at_end(&k)?;
        let d: ServiceRequest = repo::get(r, Table::ServiceRequests, &repo::seq_key(n))?
            .ok_or_else(|| Error::Internal(format!("a service request index names missing request {n}")))?;
        if d.visible_to(principal) {
            out.push(RequestView::read(r, d, now)?);
        }
    }
    Ok((out, truncated))
}

/// The customer calling from `phone`: earlier requests (any punctuation; at least five
/// digits) and the units they named, each unit the caller may see with its coverage.
pub fn by_phone(r: &dyn Read, principal: &Principal, phone: &str, now: DateTime<Utc>) -> Result<Lookup> {
    let digits = phone_digits(phone);
    if digits.len() < PHONE_DIGITS_MIN {
        return Err(Error::invalid(
            "phone",
            format!("give at least {PHONE_DIGITS_MIN} digits of the phone number"),
        ));
    }
    let prefix = Key::new().str(&digits).into_bytes();
    let (requests, truncated) = requests_of(r, principal, Table::ServiceRequestsByPhone, &prefix, now)?;
    let mut serials: Vec<&Serial> = Vec::new();
    for v in &requests {
        if let Some(s) = &v.request.unit_serial
            && !serials.contains(&s)
        {
            serials.push(s);
        }
    }
    let today = business_date(now);
    let mut units = Vec::new();
    for s in serials {
        let Ok(unit) = lookup::unit(r, s) else { continue };
        if principal.sees_dealer(&unit.dealer) {
            units.push(coverage(r, unit, today)?);
        }
    }
    Ok(Lookup {
        phone: Some(digits),
        units,
        requests,
        truncated,
    })
}

/// The unit `serial` with its coverage and its earlier requests (another dealer's unit
/// answers `not_found`).
pub fn by_serial(r: &dyn Read, principal: &Principal, serial: &str, now: DateTime<Utc>) -> Result<Lookup> {
    let unit = lookup::unit(r, serial)?;
    if !principal.sees_dealer(&unit.dealer) {
        return Err(Error::not_found("unit", serial));
    }
    let prefix = Key::new().str(unit.serial.as_str()).into_bytes();
    let (requests, truncated) = requests_of(r, principal, Table::ServiceRequestsByUnit, &prefix, now)?;
    Ok(Lookup {
        phone: None,
        units: vec![coverage(r, unit, business_date(now))?],
        requests,
        truncated,
    })
}

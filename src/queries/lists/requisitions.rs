//! Requisitions and service reports.

use super::search::Search;
use super::shared::{Source, at_location, documents, documents_from, hide_unless_visible, location_visible};
use crate::domain::auth::Principal;
use crate::domain::documents::{Requisition, RequisitionStatus, ServiceReport};
use crate::domain::numbered::DocumentKind;
use crate::error::Result;
use crate::queries::page::{Page, PageRequest};
use crate::store::document;
use crate::store::indexes;
use crate::store::{Read, Table};

/// Requisitions the caller may see, newest first, by location and status.
pub fn requisitions(
    r: &dyn Read,
    principal: &Principal,
    location: Option<&str>,
    status: Option<RequisitionStatus>,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<Requisition>> {
    let source = match (location, status) {
        (None, Some(s)) => Source::Index(
            Table::DocsByStatus,
            indexes::doc_prefix(DocumentKind::Requisition.prefix(), indexes::requisition_status(s)),
        ),
        _ => at_location(DocumentKind::Requisition.prefix(), location),
    };
    documents_from(
        r,
        Table::Requisitions,
        source,
        &format!("requisitions?{location:?}&{status:?}{}", search.tag()),
        page,
        |d: &Requisition| {
            let text = [d.number.as_str(), d.location.as_str(), d.requester.as_str()]
                .into_iter()
                .chain(d.unit_serial.as_ref().map(|u| u.as_str()))
                .chain(d.lines.iter().map(|l| l.part_no.as_str()));
            Ok(location.is_none_or(|l| l == d.location)
                && status.is_none_or(|s| s == d.status)
                && search.at(d.created_at)
                && search.text(text)
                && location_visible(r, principal, &d.location)?)
        },
    )
}

/// One requisition.
pub fn requisition(r: &dyn Read, principal: &Principal, number: &str) -> Result<Requisition> {
    let d = document::get::<Requisition>(r, number)?;
    hide_unless_visible(r, principal, &[&d.location], DocumentKind::Requisition.entity(), number)?;
    Ok(d)
}

/// Service reports the caller may see, newest first, optionally of one unit and only
/// those confirmed (or not yet) by a supervisor.
pub fn service_reports(
    r: &dyn Read,
    principal: &Principal,
    unit: Option<&str>,
    confirmed: Option<bool>,
    page: &PageRequest,
) -> Result<Page<ServiceReport>> {
    documents(
        r,
        Table::ServiceReports,
        &format!("service-reports?{unit:?}&{confirmed:?}"),
        page,
        |d: &ServiceReport| {
            Ok(unit.is_none_or(|u| u == d.unit_serial)
                && confirmed.is_none_or(|c| c == d.confirmed_at.is_some())
                && location_visible(r, principal, &d.location)?)
        },
    )
}

/// One service report.
pub fn service_report(r: &dyn Read, principal: &Principal, number: &str) -> Result<ServiceReport> {
    let d = document::get::<ServiceReport>(r, number)?;
    hide_unless_visible(
        r,
        principal,
        &[&d.location],
        DocumentKind::ServiceReport.entity(),
        number,
    )?;
    Ok(d)
}

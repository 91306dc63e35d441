//! Service requests as their readers see them: each with its standards measured now; the
//! lists by status, assignee, dealer and due time, each read from its index; the live watch
//! list of requests about to breach or overdue; and the KPI report (`kpi.rs`).

pub mod kpi;
pub mod lookup;

use crate::domain::auth::{Principal, Role};
use crate::domain::ids::DocNo;
use crate::domain::numbered::DocumentKind;
use crate::domain::service_requests::standards::{Evaluation, ServicePolicy};
use crate::domain::service_requests::{ENTITY, RequestStatus, ServiceRequest, evaluate};
use crate::domain::status::Named;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::keys::Key;
use crate::store::records::service_requests::due_key;
use crate::store::{Read, Scan, Table, codec, document, indexes, repo};
use chrono::{DateTime, Duration, Utc};
use std::ops::Bound;

/// A request with its standards measured at the time of reading.
#[derive(Debug, Clone)]
pub struct RequestView {
    /// The request.
    pub request: ServiceRequest,
    /// Its standards now.
    pub evaluation: Evaluation,
    /// The requisitions citing it, from their index.
    pub cited_by_requisitions: Vec<DocNo>,
}

impl RequestView {
    /// Measures `request` at `now`, with the requisitions citing it.
    pub fn read(r: &dyn Read, request: ServiceRequest, now: DateTime<Utc>) -> Result<Self> {
        let evaluation = evaluate(&request, now);
        let cited_by_requisitions = lookup::citing_requisitions(r, &request.number)?;
        Ok(RequestView {
            request,
            evaluation,
            cited_by_requisitions,
        })
    }
}

/// The service policy in force.
pub fn policy(r: &dyn Read) -> Result<ServicePolicy> {
    Ok(repo::get(r, Table::Meta, &Key::new().str("service_policy").into_bytes())?.unwrap_or_default())
}

/// One request, if the caller may see it.
pub fn request(r: &dyn Read, principal: &Principal, number: &str, now: DateTime<Utc>) -> Result<RequestView> {
    let mut d = document::get::<ServiceRequest>(r, number)?;
    if !d.visible_to(principal) {
        return Err(Error::not_found(ENTITY, number));
    }
    // The claims that cite the request, besides those linked when it was resolved.
    let prefix = Key::new().str(number).into_bytes();
    for (k, _) in r.scan(
        Table::ClaimsByServiceRequest,
        &Scan::prefix(&prefix).limit(CITING_CLAIMS_MAX),
    )? {
        let claim = crate::domain::ids::DocNo::from(repo::second_str(&k)?);
        if !d.claims.contains(&claim) {
            d.claims.push(claim);
        }
    }
    RequestView::read(r, d, now)
}

/// Most citing claims listed on a request.
const CITING_CLAIMS_MAX: usize = 100;

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only this status.
    pub status: Option<RequestStatus>,
    /// Only those forwarded to this dealer or department.
    pub assignee: Option<String>,
    /// Only this dealer's (its customers' or forwarded to it).
    pub dealer: Option<String>,
    /// Only open requests whose next standard falls due by then (soonest first).
    pub due_before: Option<DateTime<Utc>>,
}

fn load_n(r: &dyn Read, n: u64) -> Result<ServiceRequest> {
    repo::get(r, Table::ServiceRequests, &repo::seq_key(n))?
        .ok_or_else(|| Error::Internal(format!("a service request index names missing request {n}")))
}

fn dealer_of_list<'a>(principal: &'a Principal, f: &'a Filters) -> Result<Option<&'a str>> {
    if principal.role != Role::Dealer {
        return Ok(f.dealer.as_deref());
    }
    match (principal.dealer.as_deref(), f.dealer.as_deref()) {
        (Some(own), Some(d)) if d != own => Err(Error::not_found("dealer", d)),
        (own, _) => Ok(Some(own.unwrap_or(""))),
    }
}

/// Requests the caller may see, newest first (by due time, soonest first, with
/// `due_before`), read from the index of the narrowest filter given.
pub fn requests(
    r: &dyn Read,
    principal: &Principal,
    f: &Filters,
    page: &PageRequest,
    now: DateTime<Utc>,
) -> Result<Page<RequestView>> {
    let dealer = dealer_of_list(principal, f)?;
    let kind = DocumentKind::ServiceRequest.prefix();
    let keep = |d: &ServiceRequest| {
        d.visible_to(principal)
            && f.status.is_none_or(|s| s == d.status)
            && f.assignee.as_deref().is_none_or(|a| d.assignee.as_deref() == Some(a))
            && dealer.is_none_or(|x| d.dealer.as_deref() == Some(x) || d.assigned_to_dealer(Some(x)))
    };
    let filters = format!(
        "service-requests?{:?}&{:?}&{dealer:?}&{:?}",
        f.status.map(|s| s.name()),
        f.assignee,
        f.due_before
    );
    let (table, scan, tag) = if let Some(due) = f.due_before {
        let end = due_key(due, u64::MAX);
        let scan = Scan {
            start: Bound::Unbounded,
            end: Bound::Included(end),
            reverse: false,
            limit: usize::MAX,
        };
        (Table::ServiceRequestsByDue, scan, "due")
    } else if let Some(a) = &f.assignee {
        let p = Key::new().str(a).into_bytes();
        (
            Table::ServiceRequestsByAssignee,
            Scan::prefix(&p).reverse(true),
            "assignee",
        )
    } else if let Some(d) = dealer {
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
        (Table::ServiceRequests, Scan::all().reverse(true), "all")
    };
    paginate(r, table, scan, &format!("{filters}&from={tag}"), page, |k, v| {
        let d: ServiceRequest = if table == Table::ServiceRequests {
            codec::decode(v)?
        } else {
            load_n(r, indexes::number_at_end(k)?)?
        };
        keep(&d).then(|| RequestView::read(r, d, now)).transpose()
    })
}

/// The watch list: open requests whose next standard is overdue or falls due within
/// `within_minutes`, soonest first, optionally of one assignee.
#[derive(Debug, Clone)]
pub struct Watch {
    /// When measured.
    pub now: DateTime<Utc>,
    /// The window, minutes.
    pub within_minutes: i64,
    /// Requests overdue now.
    pub overdue: u64,
    /// Requests falling due within the window.
    pub due_soon: u64,
    /// Per assignee (none: not yet arranged).
    pub assignees: Vec<WatchGroup>,
    /// The requests, soonest first.
    pub items: Vec<RequestView>,
    /// Whether more requests fall due in the window than were read.
    pub truncated: bool,
}

/// One assignee's share of the watch list.
#[derive(Debug, Clone)]
pub struct WatchGroup {
    /// The dealer or department; `None` for requests not yet arranged.
    pub assignee: Option<String>,
    /// Overdue now.
    pub overdue: u64,
    /// Due within the window.
    pub due_soon: u64,
}

/// Most requests the watch list reads.
pub const WATCH_MAX: usize = 500;

/// The live watch list at `now`.
pub fn watch(
    r: &dyn Read,
    principal: &Principal,
    now: DateTime<Utc>,
    within_minutes: i64,
    assignee: Option<&str>,
) -> Result<Watch> {
    if !(0..=7 * 24 * 60).contains(&within_minutes) {
        return Err(Error::invalid("within_minutes", "must be 0 to 10080"));
    }
    let f = Filters {
        assignee: assignee.map(str::to_string),
        due_before: Some(now + Duration::minutes(within_minutes)),
        ..Filters::default()
    };
    let page = requests(
        r,
        principal,
        &f,
        &PageRequest {
            limit: Some(WATCH_MAX),
            cursor: None,
        },
        now,
    )?;
    let mut w = Watch {
        now,
        within_minutes,
        overdue: 0,
        due_soon: 0,
        assignees: Vec::new(),
        items: Vec::new(),
        truncated: page.next_cursor.is_some(),
    };
    for v in page.items {
        let overdue = v.evaluation.next_due_at.is_some_and(|d| d < now);
        let i = match w.assignees.iter().position(|g| g.assignee == v.request.assignee) {
            Some(i) => i,
            None => {
                w.assignees.push(WatchGroup {
                    assignee: v.request.assignee.clone(),
                    overdue: 0,
                    due_soon: 0,
                });
                w.assignees.len() - 1
            }
        };
        if overdue {
            w.overdue += 1;
            w.assignees[i].overdue += 1;
        } else {
            w.due_soon += 1;
            w.assignees[i].due_soon += 1;
        }
        w.items.push(v);
    }
    Ok(w)
}

//! The sweep's share of service requests: a resolved request whose follow-up window ended
//! without reaching the customer is closed ("no follow-up within N days"). Only resolved
//! requests are read, from the status index; running it again changes nothing.

use super::super::{Ctx, save_document};
use crate::domain::numbered::DocumentKind;
use crate::domain::service_requests::{RequestStatus, ServiceRequest};
use crate::domain::status::Named;
use crate::error::{Error, Result};
use crate::store::{Overlay, Read, Scan, Table, indexes, repo};
use chrono::NaiveDate;

/// Closes every resolved request whose follow-up window ended before business date
/// `date`; answers their numbers in order.
pub fn close_lapsed(w: &mut Overlay<'_>, ctx: &Ctx, date: NaiveDate) -> Result<Vec<String>> {
    let prefix = indexes::doc_prefix(DocumentKind::ServiceRequest.prefix(), RequestStatus::Resolved.name());
    let keys = w.scan(Table::DocsByStatus, &Scan::prefix(&prefix))?;
    let mut closed = Vec::new();
    for (k, _) in keys {
        let n = indexes::number_at_end(&k)?;
        let mut request: ServiceRequest = repo::get(w, Table::ServiceRequests, &repo::seq_key(n))?
            .ok_or_else(|| Error::Internal(format!("the status index names missing service request {n}")))?;
        if request.follow_up_lapsed(date) {
            request.close_lapsed(ctx.now, date)?;
            save_document(w, ctx, &mut request, "service_request.auto_close")?;
            closed.push(request.number.to_string());
        }
    }
    Ok(closed)
}

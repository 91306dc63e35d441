//! The audit trail.

use super::search::Search;
use super::shared::documents;
use crate::domain::documents::AuditEvent;
use crate::error::Result;
use crate::queries::page::{Page, PageRequest};
use crate::store::{Read, Table};

/// Audit events, newest first, optionally of one entity kind and key.
pub fn audit(
    r: &dyn Read,
    entity: Option<&str>,
    key: Option<&str>,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<AuditEvent>> {
    documents(
        r,
        Table::Audit,
        &format!("audit?{entity:?}&{key:?}{}", search.tag()),
        page,
        |e: &AuditEvent| {
            Ok(entity.is_none_or(|x| x == e.entity)
                && key.is_none_or(|x| x == e.key)
                && search.at(e.at)
                && search.text([e.actor.as_str(), e.action.as_str(), e.entity.as_str(), e.key.as_str()]))
        },
    )
}

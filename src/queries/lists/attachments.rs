//! Attachments of a document, seen by exactly those who see the document.

use crate::domain::attachments::{Attachment, FileChunk, PER_DOCUMENT_MAX, chunks};
use crate::domain::auth::Principal;
use crate::domain::numbered::DocumentKind;
use crate::domain::service_requests::ServiceRequest;
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::records::attachments::{attachment_key, attachments_of, chunk_key};
use crate::store::{Read, Scan, Table, repo};

/// The kind of `number` if it is a document that takes attachments and `principal` sees
/// it (`not_found` otherwise, as if absent). The documents that take files are the arms
/// here: a new kind is one more arm, with that document's own visibility.
pub fn attachable(r: &dyn Read, principal: &Principal, number: &str) -> Result<DocumentKind> {
    let kind = DocumentKind::of_number(number);
    match kind {
        Some(DocumentKind::Claim) => super::claim(r, principal, number).map(drop)?,
        Some(DocumentKind::ServiceReport) => super::service_report(r, principal, number).map(drop)?,
        Some(DocumentKind::ServiceRequest) => {
            let request = document::get::<ServiceRequest>(r, number)?;
            if !request.visible_to(principal) {
                return Err(Error::not_found(DocumentKind::ServiceRequest.entity(), number));
            }
        }
        Some(DocumentKind::Preauthorization) => {
            crate::queries::preauth::preauthorization(r, principal, number).map(drop)?
        }
        Some(DocumentKind::Shipment) => super::shipment(r, principal, number).map(drop)?,
        _ => return Err(Error::not_found("document", number)),
    }
    Ok(kind.expect("matched above"))
}

/// A document's attachments in the order they were attached (at most
/// [`PER_DOCUMENT_MAX`]), without the visibility check: for the writer.
pub fn attachments_unchecked(r: &dyn Read, number: &str) -> Result<Vec<Attachment>> {
    let scan = Scan::prefix(&attachments_of(number)).limit(PER_DOCUMENT_MAX + 1);
    let found = repo::decode_all::<Attachment>(r.scan(Table::Attachments, &scan)?)?;
    Ok(found.into_iter().map(|(_, a)| a).collect())
}

/// The attachments of a document the caller sees.
pub fn attachments(r: &dyn Read, principal: &Principal, number: &str) -> Result<Vec<Attachment>> {
    attachable(r, principal, number)?;
    attachments_unchecked(r, number)
}

/// One attachment and its content.
pub fn attachment_file(r: &dyn Read, principal: &Principal, number: &str, seq: u32) -> Result<(Attachment, Vec<u8>)> {
    attachable(r, principal, number)?;
    let key = format!("{number}/{seq}");
    let a: Attachment = repo::get(r, Table::Attachments, &attachment_key(number, seq))?
        .ok_or_else(|| Error::not_found("attachment", &key))?;
    let size = usize::try_from(a.size_bytes).map_err(|_| Error::Internal(format!("attachment {key} is too large")))?;
    let mut bytes = Vec::with_capacity(size);
    for i in 0..chunks(size) {
        let c: FileChunk = repo::get(r, Table::FileChunks, &chunk_key(&a.sha256, i))?
            .ok_or_else(|| Error::Internal(format!("chunk {i} of attachment {key} is missing")))?;
        bytes.extend_from_slice(&c.bytes);
    }
    if bytes.len() != size {
        return Err(Error::Internal(format!(
            "attachment {key} has {} bytes, not {size}",
            bytes.len()
        )));
    }
    Ok((a, bytes))
}

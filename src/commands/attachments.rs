//! Attaching a file to a document: checked (size, type by content, count), its content
//! stored once per SHA-256 in chunks, the attachment written with an audit event, all in
//! the command's one transaction.

use super::{Ctx, audit};
use crate::domain::attachments::{self, Attachment, CHUNK_BYTES, FileChunk};
use crate::domain::ids::DocNo;
use crate::error::Result;
use crate::queries::lists;
use crate::store::records::attachments::{attachment_key, chunk_key};
use crate::store::{Overlay, Read, Table, repo};
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// A file to attach.
#[derive(Debug, Clone)]
pub struct AttachInput {
    /// The file name to keep (one is made up when absent).
    pub name: Option<String>,
    /// The media type the client declared (only quoted back in a refusal).
    pub declared_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Attaches a file to the document `number`, which the caller must see (another dealer's
/// document answers `not_found`, before anything about the file).
pub fn attach(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: AttachInput) -> Result<Attachment> {
    let kind = lists::attachable(w, &ctx.caller, number)?;
    let document = DocNo::from(number);
    let existing = lists::attachments_unchecked(w, number)?;
    let (file_type, name) = attachments::check(
        &document,
        existing.len(),
        &input.declared_type,
        input.name.as_deref(),
        &input.bytes,
    )?;
    let sha256 = sha256_hex(&input.bytes);
    // The same content attached twice (to any document) is stored once.
    if w.get(Table::FileChunks, &chunk_key(&sha256, 0))?.is_none() {
        for (i, piece) in input.bytes.chunks(CHUNK_BYTES).enumerate() {
            let chunk = FileChunk { bytes: piece.to_vec() };
            repo::put(w, Table::FileChunks, chunk_key(&sha256, i), &chunk);
        }
    }
    let seq = existing.last().map_or(1, |a| a.seq + 1);
    let attachment = Attachment {
        document,
        seq,
        name,
        file_type,
        size_bytes: input.bytes.len() as u64,
        sha256,
        actor: ctx.actor.clone(),
        attached_at: ctx.now,
    };
    repo::put(w, Table::Attachments, attachment_key(number, seq), &attachment);
    audit(w, ctx, "attach", kind.entity(), number, None, None)?;
    Ok(attachment)
}

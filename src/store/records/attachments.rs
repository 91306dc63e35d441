//! Stored records of `domain::attachments`, version 1: the attachment of a document and
//! the chunks of a file's content, and their keys.

use super::time::Instant;
use super::{Convert, record, record_enum};
use crate::domain::attachments::{Attachment, FileChunk, FileType};
use crate::store::codec::Stored;
use crate::store::keys::Key;
use serde::{Deserialize, Serialize};

record_enum! {
    /// `FileType` as stored, version 1.
    FileType => FileTypeV1 { Jpeg, Png, Pdf }
}

record! {
    /// `Attachment` as stored, version 1.
    Attachment => AttachmentV1 {
        document: String,
        seq: u32,
        name: String,
        file_type: FileTypeV1,
        size_bytes: u64,
        sha256: String,
        actor: String,
        attached_at: Instant,
    }
}

record! {
    /// `FileChunk` as stored, version 1.
    FileChunk => FileChunkV1 {
        bytes: Vec<u8>,
    }
}

impl Stored for Attachment {
    type Record = AttachmentV1;
    const KIND: &'static str = "attachment";
    const VERSION: u8 = 1;
}

impl Stored for FileChunk {
    type Record = FileChunkV1;
    const KIND: &'static str = "file_chunk";
    const VERSION: u8 = 1;
}

/// Key of `attachments_v1`: (document number, attachment number).
pub fn attachment_key(document: &str, seq: u32) -> Vec<u8> {
    Key::new().str(document).u64(u64::from(seq)).into_bytes()
}

/// Key prefix of one document's attachments.
pub fn attachments_of(document: &str) -> Vec<u8> {
    Key::new().str(document).into_bytes()
}

/// Key of `file_chunks_v1`: (SHA-256 hex, chunk number from 0).
pub fn chunk_key(sha256: &str, chunk: usize) -> Vec<u8> {
    Key::new().str(sha256).u64(chunk as u64).into_bytes()
}

//! Bodies of the attachment routes.

use super::{dto, dto_enum};
use crate::domain::attachments as dom;
use chrono::{DateTime, Utc};

dto_enum! {
    /// What a file is, told by its content.
    dom::FileType => FileType {
        /// `image/jpeg`.
        Jpeg,
        /// `image/png`.
        Png,
        /// `application/pdf`.
        Pdf,
    }
}

dto! {
    /// A file on a document (a claim or a service report): a photo or a scanned paper.
    #[schema(example = json!({"document": "CL-000001", "seq": 1, "name": "故障照片.jpg", "file_type": "jpeg",
        "size_bytes": 812345,
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "actor": "TK-000003", "attached_at": "2026-03-02T09:30:00Z"}))]
    dom::Attachment => Attachment {
        /// The document.
        document: String,
        /// Its number on the document, from 1; download at `/documents/{document}/attachments/{seq}`.
        seq: u32,
        /// File name.
        name: String,
        /// Type, by content.
        file_type: FileType,
        /// Size in bytes.
        size_bytes: u64,
        /// SHA-256 of the content, lower-case hex.
        sha256: String,
        /// Who attached it (token id).
        actor: String,
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        attached_at: DateTime<Utc>,
    }
}

//! Attachments: photos and scanned papers (JPEG, PNG, PDF) on a document, ≤ 10 MiB each,
//! ≤ 20 per document, the type told by the content, never by the name. Files are stored
//! once per content (content-addressed by SHA-256) in chunks, in the database itself, so a
//! backup carries them. An attachment is seen by exactly those who see its document.

use crate::domain::ids::DocNo;
use crate::domain::validate;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};

/// Largest file.
pub const FILE_BYTES_MAX: usize = 10 * 1024 * 1024;
/// Most files on one document.
pub const PER_DOCUMENT_MAX: usize = 20;
/// Size of a stored chunk (the last one of a file may be shorter).
pub const CHUNK_BYTES: usize = 256 * 1024;
/// Longest file name kept.
pub const NAME_CHARS_MAX: usize = 120;

/// What a file is, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// `image/jpeg`.
    Jpeg,
    /// `image/png`.
    Png,
    /// `application/pdf`.
    Pdf,
}

impl FileType {
    /// The type of `bytes` by their signature, if it is one that may be attached.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileType::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else {
            None
        }
    }

    /// The media type it is served as.
    pub const fn media_type(self) -> &'static str {
        match self {
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Pdf => "application/pdf",
        }
    }

    /// The usual file name extension.
    pub const fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Pdf => "pdf",
        }
    }
}

/// One file on a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The document it belongs to.
    pub document: DocNo,
    /// Its number on the document, from 1.
    pub seq: u32,
    /// The file name shown and offered on download.
    pub name: String,
    /// Its type (by content).
    pub file_type: FileType,
    /// Its size.
    pub size_bytes: u64,
    /// SHA-256 of the content, lower-case hex: the key of its stored chunks.
    pub sha256: String,
    /// Who attached it (token id).
    pub actor: String,
    /// When.
    pub attached_at: DateTime<Utc>,
}

/// One stored piece of a file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChunk {
    /// At most [`CHUNK_BYTES`] bytes.
    pub bytes: Vec<u8>,
}

/// Checks a file before it is attached as number `existing + 1` of `document`: the size,
/// the type by content and the count; the name (when given) is text without path
/// separators or control characters. Returns the type and the name to keep. (Which
/// documents take files, and who sees them, is `queries::lists::attachable`.)
pub fn check(
    document: &DocNo,
    existing: usize,
    declared_type: &str,
    name: Option<&str>,
    bytes: &[u8],
) -> Result<(FileType, String)> {
    if bytes.len() > FILE_BYTES_MAX {
        return Err(Error::FileTooLarge {
            limit_bytes: FILE_BYTES_MAX,
        });
    }
    if bytes.is_empty() {
        return Err(Error::invalid("body", "the file is empty"));
    }
    let file_type = FileType::sniff(bytes).ok_or_else(|| Error::FileTypeNotAllowed {
        content_type: declared_type.chars().take(100).collect(),
    })?;
    if existing >= PER_DOCUMENT_MAX {
        return Err(Error::TooManyAttachments {
            document: document.to_string(),
            limit: PER_DOCUMENT_MAX,
        });
    }
    let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => {
            validate::text("name", n)?;
            if n.chars().count() > NAME_CHARS_MAX || n.contains(['/', '\\']) || n.chars().any(char::is_control) {
                return Err(Error::invalid(
                    "name",
                    format!(
                        "a file name of at most {NAME_CHARS_MAX} characters, without / or \\ or control characters"
                    ),
                ));
            }
            n.to_string()
        }
        None => format!("{document}-{}.{}", existing + 1, file_type.extension()),
    };
    Ok((file_type, name))
}

/// How many chunks a file of `size` bytes is stored in.
pub fn chunks(size: usize) -> usize {
    size.div_ceil(CHUNK_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];

    fn doc() -> DocNo {
        "CL-000001".into()
    }

    /// The type comes from the content: a PNG named `.jpg` is a PNG, text named `.jpg` is refused.
    #[test]
    fn type_by_content_not_name() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0];
        assert_eq!(
            check(&doc(), 0, "image/jpeg", Some("a.jpg"), &png).unwrap().0,
            FileType::Png
        );
        assert_eq!(FileType::sniff(b"%PDF-1.7\n").unwrap(), FileType::Pdf);
        let e = check(&doc(), 0, "image/jpeg", Some("a.jpg"), b"hello").unwrap_err();
        assert_eq!(e.code(), "file_type_not_allowed");
        assert!(FileType::sniff(&[0xFF, 0xD8]).is_none());
    }

    /// 10 MiB is allowed, one byte more is not; nothing is empty.
    #[test]
    fn size_boundaries() {
        let mut big = vec![0u8; FILE_BYTES_MAX];
        big[..JPEG.len()].copy_from_slice(JPEG);
        check(&doc(), 0, "image/jpeg", None, &big).unwrap();
        big.push(0);
        assert_eq!(
            check(&doc(), 0, "image/jpeg", None, &big).unwrap_err().code(),
            "file_too_large"
        );
        assert_eq!(
            check(&doc(), 0, "image/jpeg", None, &[]).unwrap_err().code(),
            "validation_failed"
        );
    }

    /// The 20th file is allowed, the 21st is not.
    #[test]
    fn count_boundaries() {
        check(&doc(), PER_DOCUMENT_MAX - 1, "image/jpeg", None, JPEG).unwrap();
        let e = check(&doc(), PER_DOCUMENT_MAX, "image/jpeg", None, JPEG).unwrap_err();
        assert_eq!(e.code(), "too_many_attachments");
    }

    /// A name is kept when given, made up when not, refused with a path in it.
    #[test]
    fn names() {
        assert_eq!(check(&doc(), 2, "", None, JPEG).unwrap().1, "CL-000001-3.jpg");
        assert_eq!(
            check(&doc(), 0, "", Some(" 故障照片.jpg "), JPEG).unwrap().1,
            "故障照片.jpg"
        );
        assert!(check(&doc(), 0, "", Some("../x.jpg"), JPEG).is_err());
        assert!(check(&doc(), 0, "", Some(&"x".repeat(NAME_CHARS_MAX + 1)), JPEG).is_err());
    }

    /// Chunk counts at the boundaries.
    #[test]
    fn chunk_counts() {
        assert_eq!(chunks(1), 1);
        assert_eq!(chunks(CHUNK_BYTES), 1);
        assert_eq!(chunks(CHUNK_BYTES + 1), 2);
        assert_eq!(chunks(FILE_BYTES_MAX), 40);
    }
}

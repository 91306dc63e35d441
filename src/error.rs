//! The one error type of every operation, with the stable code, status and facts a
//! caller needs to act. HTTP maps it to problem+json; the table in [`Error::code`] and
//! [`Error::status`] is the contract (pinned by a unit test).

use crate::store::StoreError;
use serde_json::{Map, Value, json};

/// Everything that can go wrong, user-caused or not.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    /// The request body is not valid JSON.
    #[error("malformed request body: {0}")]
    MalformedBody(String),
    /// The request itself cannot be understood: a path segment that does not decode, a
    /// request line or header that is not valid HTTP.
    #[error("malformed request: {0}")]
    MalformedRequest(String),
    /// The body is not JSON (`Content-Type` must be `application/json`).
    #[error("unsupported content type {content_type:?}: send application/json")]
    UnsupportedMediaType {
        /// What the request said it sent.
        content_type: String,
    },
    /// The path exists, but not with this method.
    #[error("method not allowed on this path")]
    MethodNotAllowed,
    /// The request target is longer than the server reads.
    #[error("the request target is too long")]
    UriTooLong,
    /// The request headers are larger than the server reads.
    #[error("the request headers are too large")]
    HeadersTooLarge,
    /// A field has a value the operation cannot accept.
    #[error("{field}: {message}")]
    Validation {
        /// The offending field (dotted path).
        field: String,
        /// What is wrong and what is expected.
        message: String,
    },
    /// No such record (or not visible to this caller).
    #[error("{entity} {key} not found")]
    NotFound {
        /// Kind of record.
        entity: &'static str,
        /// The key asked for.
        key: String,
    },
    /// The record already exists.
    #[error("{entity} {key} already exists")]
    AlreadyExists {
        /// Kind of record.
        entity: &'static str,
        /// The key.
        key: String,
    },
    /// A barcode already belongs to another part.
    #[error("barcode {barcode} already belongs to part {part_no}")]
    DuplicateBarcode {
        /// The barcode.
        barcode: String,
        /// Its current part.
        part_no: String,
    },
    /// The operation conflicts with the record's state.
    #[error("{0}")]
    Conflict(String),
    /// `If-Match` named an older version.
    #[error("version {expected} is stale; the record is at version {actual}")]
    StaleVersion {
        /// The version the caller had.
        expected: u64,
        /// The current version.
        actual: u64,
    },
    /// Not enough on hand; stock never goes negative.
    #[error("insufficient stock of {part_no} at {location}: {available} available, {requested} requested")]
    InsufficientStock {
        /// Part.
        part_no: String,
        /// Location.
        location: String,
        /// On hand.
        available: i64,
        /// Asked for.
        requested: i64,
    },
    /// No or an unknown bearer token.
    #[error("a valid bearer token is required")]
    Unauthorized,
    /// The caller's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// A document's creator may not approve, reject or confirm it.
    #[error("the token that created this document may not approve, reject or confirm it")]
    SelfApproval,
    /// The request body is larger than allowed.
    #[error("request body larger than {limit_bytes} bytes")]
    PayloadTooLarge {
        /// The limit.
        limit_bytes: usize,
    },
    /// The request took longer than allowed (a slow client included).
    #[error("the request took too long")]
    Timeout,
    /// The writer queue is full; retry shortly.
    #[error("the server is busy; retry shortly")]
    Overloaded,
    /// A storage or internal failure (details logged, never shown).
    #[error("internal error")]
    Internal(String),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Internal(e.to_string())
    }
}

impl Error {
    /// Shorthand for a validation failure.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Shorthand for a missing record.
    pub fn not_found(entity: &'static str, key: impl Into<String>) -> Self {
        Error::NotFound {
            entity,
            key: key.into(),
        }
    }

    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::MalformedBody(_) => "malformed_json",
            Error::MalformedRequest(_) => "malformed_request",
            Error::UnsupportedMediaType { .. } => "unsupported_media_type",
            Error::MethodNotAllowed => "method_not_allowed",
            Error::UriTooLong => "uri_too_long",
            Error::HeadersTooLarge => "headers_too_large",
            Error::Validation { .. } => "validation_failed",
            Error::NotFound { .. } => "not_found",
            Error::AlreadyExists { .. } => "already_exists",
            Error::DuplicateBarcode { .. } => "duplicate_barcode",
            Error::Conflict(_) => "conflict",
            Error::StaleVersion { .. } => "stale_version",
            Error::InsufficientStock { .. } => "insufficient_stock",
            Error::Unauthorized => "unauthorized",
            Error::Forbidden(_) => "forbidden",
            Error::SelfApproval => "self_approval",
            Error::PayloadTooLarge { .. } => "payload_too_large",
            Error::Timeout => "timeout",
            Error::Overloaded => "overloaded",
            Error::Internal(_) => "internal",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Error::MalformedBody(_) | Error::MalformedRequest(_) => 400,
            Error::UnsupportedMediaType { .. } => 415,
            Error::MethodNotAllowed => 405,
            Error::UriTooLong => 414,
            Error::HeadersTooLarge => 431,
            Error::Validation { .. } => 422,
            Error::NotFound { .. } => 404,
            Error::AlreadyExists { .. }
            | Error::DuplicateBarcode { .. }
            | Error::Conflict(_)
            | Error::StaleVersion { .. }
            | Error::InsufficientStock { .. } => 409,
            Error::Unauthorized => 401,
            Error::Forbidden(_) | Error::SelfApproval => 403,
            Error::PayloadTooLarge { .. } => 413,
            Error::Timeout => 408,
            Error::Overloaded => 503,
            Error::Internal(_) => 500,
        }
    }

    /// The facts a caller needs to act, as problem+json extension members.
    pub fn facts(&self) -> Map<String, Value> {
        let v = match self {
            Error::Validation { field, .. } => json!({ "field": field }),
            Error::NotFound { entity, key } | Error::AlreadyExists { entity, key } => {
                json!({ "entity": entity, "key": key })
            }
            Error::DuplicateBarcode { barcode, part_no } => {
                json!({ "barcode": barcode, "part_no": part_no })
            }
            Error::StaleVersion { expected, actual } => {
                json!({ "expected_version": expected, "current_version": actual })
            }
            Error::InsufficientStock {
                part_no,
                location,
                available,
                requested,
            } => json!({
                "part_no": part_no, "location": location,
                "available_qty": available, "requested_qty": requested
            }),
            Error::PayloadTooLarge { limit_bytes } => json!({ "limit_bytes": limit_bytes }),
            Error::UnsupportedMediaType { content_type } => json!({ "content_type": content_type }),
            _ => json!({}),
        };
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}

/// Result of every operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the code → status table: a change here is a change of the public contract.
    #[test]
    fn code_status_table_is_stable() {
        let cases = [
            (Error::MalformedBody("x".into()), "malformed_json", 400),
            (Error::MalformedRequest("x".into()), "malformed_request", 400),
            (
                Error::UnsupportedMediaType {
                    content_type: "text/plain".into(),
                },
                "unsupported_media_type",
                415,
            ),
            (Error::MethodNotAllowed, "method_not_allowed", 405),
            (Error::UriTooLong, "uri_too_long", 414),
            (Error::HeadersTooLarge, "headers_too_large", 431),
            (Error::invalid("f", "m"), "validation_failed", 422),
            (Error::not_found("part", "P"), "not_found", 404),
            (
                Error::AlreadyExists {
                    entity: "part",
                    key: "P".into(),
                },
                "already_exists",
                409,
            ),
            (
                Error::DuplicateBarcode {
                    barcode: "b".into(),
                    part_no: "P".into(),
                },
                "duplicate_barcode",
                409,
            ),
            (Error::Conflict("c".into()), "conflict", 409),
            (Error::StaleVersion { expected: 1, actual: 2 }, "stale_version", 409),
            (
                Error::InsufficientStock {
                    part_no: "P".into(),
                    location: "L".into(),
                    available: 1,
                    requested: 2,
                },
                "insufficient_stock",
                409,
            ),
            (Error::Unauthorized, "unauthorized", 401),
            (Error::Forbidden("f".into()), "forbidden", 403),
            (Error::SelfApproval, "self_approval", 403),
            (Error::PayloadTooLarge { limit_bytes: 1 }, "payload_too_large", 413),
            (Error::Timeout, "timeout", 408),
            (Error::Overloaded, "overloaded", 503),
            (Error::Internal("x".into()), "internal", 500),
        ];
        for (err, code, status) in cases {
            assert_eq!((err.code(), err.status()), (code, status), "{err:?}");
        }
    }
}

//! Errors as RFC 9457 problem+json; 5xx details are logged, never shown.

use crate::error::Error;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoResponses, ToSchema};

/// An error answer. Clients decide on `code` and `params` only; `detail` is English for
/// people and may change wording.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"type": "urn:sanbao:problem:insufficient_stock", "title": "insufficient_stock", "status": 409,
    "code": "insufficient_stock", "detail": "insufficient stock of BC-3519 at WH-01: 2 available, 3 requested",
    "params": {"part_no": "BC-3519", "location": "WH-01", "available": 2, "requested": 3},
    "part_no": "BC-3519", "location": "WH-01", "available_qty": 2, "requested_qty": 3}))]
pub struct Problem {
    /// `urn:sanbao:problem:<code>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short summary (the code).
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Stable machine code.
    pub code: String,
    /// What went wrong and what to do, in English words (never matched on).
    pub detail: String,
    /// The facts of this refusal by name, fixed per `code`: e.g. `insufficient_stock` →
    /// `part_no`, `location`, `available`, `requested`; `invalid_state` → `entity`, `key`,
    /// `state`, `action`; `stale_version` → `expected_version`, `current_version`;
    /// `validation_failed` → `field`. Empty when the code says it all.
    #[schema(value_type = Object, example = json!({"entity": "claim", "key": "CL-000001", "state": "submitted", "action": "submit"}))]
    #[serde(default)]
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Earlier top-level facts, kept for existing clients (`field`, `entity`, `key`,
    /// `available_qty`, `requested_qty`, `current_version`…); new clients read `params`.
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub facts: serde_json::Map<String, serde_json::Value>,
}

impl Problem {
    /// The answer to an error (an internal one's reason is logged, not shown).
    pub fn of(e: &Error) -> Self {
        let detail = match e {
            Error::Internal(reason) => {
                tracing::error!(%reason, "internal error");
                "internal error; the details are in the server log".to_string()
            }
            other => other.to_string(),
        };
        Problem {
            type_uri: format!("urn:sanbao:problem:{}", e.code()),
            title: e.code().into(),
            status: e.status(),
            code: e.code().into(),
            detail,
            params: e.params(),
            facts: e.facts(),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let problem = Problem::of(&self);
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (status, axum::Json(problem)).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(s) = self.retry_after_s() {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if matches!(self, Error::Unauthorized) {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

/// Errors any authenticated read can answer.
#[derive(IntoResponses)]
pub enum ReadErrors {
    /// A path segment that does not decode.
    #[response(
        status = 400,
        description = "malformed_request: a path segment that does not decode",
        content_type = "application/problem+json"
    )]
    Malformed(Problem),
    /// Missing or unknown token.
    #[response(
        status = 401,
        description = "unauthorized: missing or unknown bearer token",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    /// Role may not read this.
    #[response(
        status = 403,
        description = "forbidden: the token's role may not do this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    /// Not found or not visible.
    #[response(
        status = 404,
        description = "not_found (or not visible to this token)",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    /// Bad query parameter or cursor.
    #[response(
        status = 422,
        description = "validation_failed: a parameter is out of range",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
}

/// Errors any write can answer.
#[derive(IntoResponses)]
pub enum WriteErrors {
    /// Malformed JSON or request.
    #[response(
        status = 400,
        description = "malformed_json, malformed_request",
        content_type = "application/problem+json"
    )]
    Malformed(Problem),
    /// Missing or unknown token.
    #[response(
        status = 401,
        description = "unauthorized",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    /// Role or location not allowed.
    #[response(
        status = 403,
        description = "forbidden (params: role, location), self_approval",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    /// A referenced record does not exist.
    #[response(status = 404, description = "not_found", content_type = "application/problem+json")]
    NotFound(Problem),
    /// The record's state, version or stock refuses the write; `code` says which.
    #[response(
        status = 409,
        description = "invalid_state, stale_version, insufficient_stock, already_exists, duplicate_barcode, \
            idempotency_in_flight (retry after the Retry-After seconds), idempotency_key_reused, \
            line_already_decided, old_part_not_inspected, issue_exceeds_approved, return_exceeds_outstanding, \
            claim_exceeds_issued, consumption_exceeds_issued, receipt_exceeds_in_transit, part_not_on_document, \
            claim_line_decided, stocktake_already_open, tag_already_received, tag_of_another_dealer, \
            tag_not_claimable, nothing_to_claim, nothing_to_settle, below_minimum_claim, no_location_of_kind; \
            `params` holds the facts",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    /// The body did not arrive in time.
    #[response(
        status = 408,
        description = "timeout: send the body within 10 s",
        content_type = "application/problem+json"
    )]
    Timeout(Problem),
    /// Body too large.
    #[response(
        status = 413,
        description = "payload_too_large",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
    /// The body is not declared as JSON.
    #[response(
        status = 415,
        description = "unsupported_media_type: send Content-Type: application/json",
        content_type = "application/problem+json"
    )]
    UnsupportedMediaType(Problem),
    /// A field is invalid.
    #[response(
        status = 422,
        description = "validation_failed: the `field` member names the offending field",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    /// Writer queue full.
    #[response(
        status = 503,
        description = "overloaded: retry after the Retry-After seconds",
        content_type = "application/problem+json"
    )]
    Overloaded(Problem),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A retry of a request still being answered is told to come back shortly, by code
    /// and header; a reused key with another body is not (retrying cannot help).
    #[test]
    fn in_flight_answers_retry_after_and_reuse_does_not() {
        let busy = Error::IdempotencyInFlight.into_response();
        assert_eq!(busy.status(), StatusCode::CONFLICT);
        assert_eq!(busy.headers()[header::RETRY_AFTER], "1");
        assert_eq!(Problem::of(&Error::IdempotencyInFlight).code, "idempotency_in_flight");
        let reused = Error::IdempotencyKeyReused.into_response();
        assert_eq!(reused.status(), StatusCode::CONFLICT);
        assert!(reused.headers().get(header::RETRY_AFTER).is_none());
    }

    /// The body carries `params` beside the earlier top-level members.
    #[test]
    fn problem_carries_params_and_the_old_members() {
        let e = Error::InsufficientStock {
            part_no: "BC-3519".into(),
            location: "WH-01".into(),
            available: 2,
            requested: 3,
        };
        let body = serde_json::to_value(Problem::of(&e)).expect("problem serializes");
        assert_eq!(body["params"]["available"], 2);
        assert_eq!(body["available_qty"], 2);
        assert_eq!(body["code"], "insufficient_stock");
    }
}

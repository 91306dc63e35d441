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
    /// The record's state does not allow the action (a claim already submitted, a
    /// settlement already confirmed, a stocktake no longer open…).
    #[error("cannot {} {} {key}: it is {}", words(.action), words(.entity), words(.state))]
    InvalidState {
        /// Kind of record (`claim`, `requisition`, `settlement`…).
        entity: &'static str,
        /// Its number or key.
        key: String,
        /// The state it is in (its `status`, snake_case).
        state: String,
        /// The action refused (`submit`, `confirm`, `send_back`…).
        action: &'static str,
    },
    /// A line of a document has been decided already (a claim line reviewed, a supplier
    /// claim line answered): it is not decided twice, and its document not sent back.
    #[error("line {line} of {} {key} is already decided", words(.entity))]
    LineAlreadyDecided {
        /// Kind of document.
        entity: &'static str,
        /// Its number.
        key: String,
        /// The line number.
        line: u32,
    },
    /// A claim line whose old part must come back is decided only after inspection.
    #[error("line {line} of claim {claim} waits for its old part to be inspected")]
    OldPartNotInspected {
        /// The claim.
        claim: String,
        /// The line.
        line: u32,
    },
    /// More of a part than the document line still allows; `limit` says which quantity.
    #[error("{requested} of {part_no} {} but {document} {}", .limit.verb(), .limit.allows(*.available))]
    QtyExceeded {
        /// Which limit was passed (it decides the code).
        limit: QtyLimit,
        /// The document whose line limits the quantity.
        document: String,
        /// Part.
        part_no: String,
        /// Asked for.
        requested: i64,
        /// At most this much is possible now.
        available: i64,
    },
    /// The part is not on the document scanned against.
    #[error("{part_no} is not on {document}")]
    PartNotOnDocument {
        /// The document.
        document: String,
        /// The part scanned.
        part_no: String,
    },
    /// Parts cited by a decided claim line cannot come back to stock.
    #[error("a claim line citing {requisition} is decided; its {part_no} can no longer come back")]
    ClaimLineDecided {
        /// The requisition the parts were issued on.
        requisition: String,
        /// Part.
        part_no: String,
    },
    /// One open stocktake per location at a time.
    #[error("stocktake {stocktake} is already open at {location}")]
    StocktakeAlreadyOpen {
        /// The location.
        location: String,
        /// The stocktake open there.
        stocktake: String,
    },
    /// An old-part tag scanned again after it arrived (a duplicate scan, usually harmless).
    #[error("{tag} was already received")]
    TagAlreadyReceived {
        /// The tag.
        tag: String,
        /// Its status now.
        status: String,
    },
    /// An old-part tag scanned into another dealer's parcel.
    #[error("{tag} belongs to dealer {dealer}, not {expected_dealer}")]
    TagOfAnotherDealer {
        /// The tag.
        tag: String,
        /// The dealer it belongs to.
        dealer: String,
        /// The dealer whose parcel was being received.
        expected_dealer: String,
    },
    /// An old-part tag named for a supplier claim cannot go on it.
    #[error("{field}: {message}")]
    TagNotClaimable {
        /// Where in the request (`tags[2]`).
        field: String,
        /// The tag.
        tag: String,
        /// Stable reason: `not_supplier_fault`, `other_supplier`, `already_claimed`,
        /// `line_not_approved`, `window_ended`.
        reason: &'static str,
        /// The reason in words.
        message: String,
    },
    /// A supplier has no eligible supplier-fault old parts to claim.
    #[error("supplier {supplier} has no eligible supplier-fault old parts")]
    NothingToClaim {
        /// The supplier.
        supplier: String,
    },
    /// A dealer has no approved, unsettled claim lines in the period.
    #[error("dealer {dealer} has no approved, unsettled claim lines decided from {from_date} to {to_date}")]
    NothingToSettle {
        /// The dealer.
        dealer: String,
        /// First day of the period.
        from_date: String,
        /// Last day of the period.
        to_date: String,
    },
    /// A supplier claim below the supplier's minimum amount.
    #[error("{total_fen} fen is below supplier {supplier}'s minimum claim of {min_fen} fen")]
    BelowMinimumClaim {
        /// The supplier.
        supplier: String,
        /// What the claim would total.
        total_fen: i64,
        /// The supplier's minimum.
        min_fen: i64,
    },
    /// The operation needs a location of a kind that does not exist yet.
    #[error("no {} location exists", words(.kind))]
    NoLocationOfKind {
        /// The location kind (`supplier_return`…).
        kind: &'static str,
    },
    /// Demo mode refuses a database that is not empty or demo (`reason`: `holds_tokens`,
    /// `holds_data`): demo tokens are well known.
    #[error("{}", demo_refusal(.reason))]
    DemoRefused {
        /// Why.
        reason: &'static str,
    },
    /// The first request with this `Idempotency-Key` is still being answered; retry shortly.
    #[error("a request with this Idempotency-Key is still in flight; retry shortly")]
    IdempotencyInFlight,
    /// The `Idempotency-Key` was used with another request body.
    #[error("this Idempotency-Key was used with a different request body")]
    IdempotencyKeyReused,
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
    /// The caller's role may not do this, or its token may not post at the location.
    #[error("{}", forbidden_message(.role, .location.as_deref()))]
    Forbidden {
        /// The caller's role.
        role: String,
        /// The location refused, when the token is limited to others.
        location: Option<String>,
    },
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

/// Which quantity a [`Error::QtyExceeded`] passed; each is its own code, since a client
/// offers a different correction for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QtyLimit {
    /// Issue beyond what a requisition line approved and has not issued yet.
    Approved,
    /// Return beyond what was issued, not returned and not cited by a claim.
    Returnable,
    /// Claim beyond what a requisition issued, not returned and not claimed.
    Claimable,
    /// Consumption in a service report beyond what the requisition issued, not returned.
    Consumable,
    /// Receipt beyond what a transfer still has in transit.
    InTransit,
}

impl QtyLimit {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            QtyLimit::Approved => "issue_exceeds_approved",
            QtyLimit::Returnable => "return_exceeds_outstanding",
            QtyLimit::Claimable => "claim_exceeds_issued",
            QtyLimit::Consumable => "consumption_exceeds_issued",
            QtyLimit::InTransit => "receipt_exceeds_in_transit",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            QtyLimit::Approved => "to issue",
            QtyLimit::Returnable => "returned",
            QtyLimit::Claimable => "claimed",
            QtyLimit::Consumable => "consumed",
            QtyLimit::InTransit => "received",
        }
    }

    fn allows(self, available: i64) -> String {
        match self {
            QtyLimit::Approved => format!("has only {available} approved and not yet issued"),
            QtyLimit::Returnable => format!("has only {available} issued, not returned and not cited by a claim"),
            QtyLimit::Claimable => format!("has {available} issued, not returned and not claimed"),
            QtyLimit::Consumable => format!("issued {available} not returned"),
            QtyLimit::InTransit => format!("has only {available} still in transit"),
        }
    }
}

/// The wire name of a status enum (`partially_issued`), for error params.
pub fn state_name(state: &impl serde::Serialize) -> String {
    match serde_json::to_value(state) {
        Ok(Value::String(s)) => s,
        _ => "unknown".to_string(),
    }
}

/// A snake_case name as words for a message (`send_back` → `send back`).
fn words(name: &str) -> String {
    name.replace('_', " ")
}

fn forbidden_message(role: &str, location: Option<&str>) -> String {
    match location {
        Some(l) => format!("this token may not post at location {l}"),
        None => format!("the {role} role may not do this"),
    }
}

fn demo_refusal(reason: &str) -> &'static str {
    if reason == "holds_tokens" {
        "this database holds API tokens; demo mode accepts the well-known demo tokens, so it refuses a \
         database with tokens (serve it without --demo)"
    } else {
        "this database holds real data; demo mode needs an empty or demo database"
    }
}

/// Every code [`Error::code`] can answer: what clients (the web pages included) may match
/// on. A unit test keeps it equal to the table.
pub const ALL_CODES: &[&str] = &[
    "malformed_json",
    "malformed_request",
    "unsupported_media_type",
    "method_not_allowed",
    "uri_too_long",
    "headers_too_large",
    "validation_failed",
    "not_found",
    "already_exists",
    "duplicate_barcode",
    "invalid_state",
    "line_already_decided",
    "old_part_not_inspected",
    "issue_exceeds_approved",
    "return_exceeds_outstanding",
    "claim_exceeds_issued",
    "consumption_exceeds_issued",
    "receipt_exceeds_in_transit",
    "part_not_on_document",
    "claim_line_decided",
    "stocktake_already_open",
    "tag_already_received",
    "tag_of_another_dealer",
    "tag_not_claimable",
    "nothing_to_claim",
    "nothing_to_settle",
    "below_minimum_claim",
    "no_location_of_kind",
    "demo_refused",
    "idempotency_in_flight",
    "idempotency_key_reused",
    "stale_version",
    "insufficient_stock",
    "unauthorized",
    "forbidden",
    "self_approval",
    "payload_too_large",
    "timeout",
    "overloaded",
    "internal",
];

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

    /// Shorthand for a refused state transition; `state` is the record's status (any
    /// snake_case serializable enum).
    pub fn invalid_state(
        entity: &'static str,
        key: impl Into<String>,
        state: &impl serde::Serialize,
        action: &'static str,
    ) -> Self {
        Error::InvalidState {
            entity,
            key: key.into(),
            state: state_name(state),
            action,
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
            Error::InvalidState { .. } => "invalid_state",
            Error::LineAlreadyDecided { .. } => "line_already_decided",
            Error::OldPartNotInspected { .. } => "old_part_not_inspected",
            Error::QtyExceeded { limit, .. } => limit.code(),
            Error::PartNotOnDocument { .. } => "part_not_on_document",
            Error::ClaimLineDecided { .. } => "claim_line_decided",
            Error::StocktakeAlreadyOpen { .. } => "stocktake_already_open",
            Error::TagAlreadyReceived { .. } => "tag_already_received",
            Error::TagOfAnotherDealer { .. } => "tag_of_another_dealer",
            Error::TagNotClaimable { .. } => "tag_not_claimable",
            Error::NothingToClaim { .. } => "nothing_to_claim",
            Error::NothingToSettle { .. } => "nothing_to_settle",
            Error::BelowMinimumClaim { .. } => "below_minimum_claim",
            Error::NoLocationOfKind { .. } => "no_location_of_kind",
            Error::DemoRefused { .. } => "demo_refused",
            Error::IdempotencyInFlight => "idempotency_in_flight",
            Error::IdempotencyKeyReused => "idempotency_key_reused",
            Error::StaleVersion { .. } => "stale_version",
            Error::InsufficientStock { .. } => "insufficient_stock",
            Error::Unauthorized => "unauthorized",
            Error::Forbidden { .. } => "forbidden",
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
            | Error::InvalidState { .. }
            | Error::LineAlreadyDecided { .. }
            | Error::OldPartNotInspected { .. }
            | Error::QtyExceeded { .. }
            | Error::PartNotOnDocument { .. }
            | Error::ClaimLineDecided { .. }
            | Error::StocktakeAlreadyOpen { .. }
            | Error::TagAlreadyReceived { .. }
            | Error::TagOfAnotherDealer { .. }
            | Error::TagNotClaimable { .. }
            | Error::NothingToClaim { .. }
            | Error::NothingToSettle { .. }
            | Error::BelowMinimumClaim { .. }
            | Error::NoLocationOfKind { .. }
            | Error::DemoRefused { .. }
            | Error::IdempotencyInFlight
            | Error::IdempotencyKeyReused
            | Error::StaleVersion { .. }
            | Error::InsufficientStock { .. } => 409,
            Error::Unauthorized => 401,
            Error::Forbidden { .. } | Error::SelfApproval => 403,
            Error::PayloadTooLarge { .. } => 413,
            Error::Timeout => 408,
            Error::Overloaded => 503,
            Error::Internal(_) => 500,
        }
    }

    /// Seconds after which a retry may succeed, for the refusals that are only transient.
    pub fn retry_after_s(&self) -> Option<u32> {
        match self {
            Error::Overloaded | Error::IdempotencyInFlight => Some(1),
            _ => None,
        }
    }

    /// The members problem+json bodies carried at the top level before `params` existed;
    /// kept so that clients reading them keep working.
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
        object(v)
    }

    /// The facts of the refusal, by name: what a client renders or acts on (with `code`).
    pub fn params(&self) -> Map<String, Value> {
        let v = match self {
            Error::MalformedBody(_)
            | Error::MalformedRequest(_)
            | Error::MethodNotAllowed
            | Error::UriTooLong
            | Error::HeadersTooLarge
            | Error::IdempotencyInFlight
            | Error::IdempotencyKeyReused
            | Error::Unauthorized
            | Error::SelfApproval
            | Error::Timeout
            | Error::Overloaded
            | Error::Internal(_) => json!({}),
            Error::UnsupportedMediaType { content_type } => json!({ "content_type": content_type }),
            Error::Validation { field, .. } => json!({ "field": field }),
            Error::NotFound { entity, key } | Error::AlreadyExists { entity, key } => {
                json!({ "entity": entity, "key": key })
            }
            Error::DuplicateBarcode { barcode, part_no } => {
                json!({ "barcode": barcode, "part_no": part_no })
            }
            Error::InvalidState {
                entity,
                key,
                state,
                action,
            } => json!({ "entity": entity, "key": key, "state": state, "action": action }),
            Error::LineAlreadyDecided { entity, key, line } => {
                json!({ "entity": entity, "key": key, "line": line })
            }
            Error::OldPartNotInspected { claim, line } => json!({ "claim": claim, "line": line }),
            Error::QtyExceeded {
                document,
                part_no,
                requested,
                available,
                ..
            } => json!({
                "document": document, "part_no": part_no,
                "requested": requested, "available": available
            }),
            Error::PartNotOnDocument { document, part_no } => {
                json!({ "document": document, "part_no": part_no })
            }
            Error::ClaimLineDecided { requisition, part_no } => {
                json!({ "requisition": requisition, "part_no": part_no })
            }
            Error::StocktakeAlreadyOpen { location, stocktake } => {
                json!({ "location": location, "stocktake": stocktake })
            }
            Error::TagAlreadyReceived { tag, status } => json!({ "tag": tag, "status": status }),
            Error::TagOfAnotherDealer {
                tag,
                dealer,
                expected_dealer,
            } => json!({ "tag": tag, "dealer": dealer, "expected_dealer": expected_dealer }),
            Error::TagNotClaimable { field, tag, reason, .. } => {
                json!({ "field": field, "tag": tag, "reason": reason })
            }
            Error::NothingToClaim { supplier } => json!({ "supplier": supplier }),
            Error::NothingToSettle {
                dealer,
                from_date,
                to_date,
            } => json!({ "dealer": dealer, "from_date": from_date, "to_date": to_date }),
            Error::BelowMinimumClaim {
                supplier,
                total_fen,
                min_fen,
            } => json!({ "supplier": supplier, "total_fen": total_fen, "min_fen": min_fen }),
            Error::NoLocationOfKind { kind } => json!({ "kind": kind }),
            Error::DemoRefused { reason } => json!({ "reason": reason }),
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
                "available": available, "requested": requested
            }),
            Error::Forbidden { role, location } => match location {
                Some(l) => json!({ "role": role, "location": l }),
                None => json!({ "role": role }),
            },
            Error::PayloadTooLarge { limit_bytes } => json!({ "limit_bytes": limit_bytes }),
        };
        object(v)
    }
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Result of every operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn qty(limit: QtyLimit) -> Error {
        Error::QtyExceeded {
            limit,
            document: "RQ-000001".into(),
            part_no: "P".into(),
            requested: 3,
            available: 1,
        }
    }

    /// One sample of every variant (and of every code a variant can answer) with its code
    /// and status: a change here is a change of the public contract.
    fn table() -> Vec<(Error, &'static str, u16)> {
        vec![
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
            (
                Error::invalid_state("claim", "CL-000001", &"submitted", "submit"),
                "invalid_state",
                409,
            ),
            (
                Error::LineAlreadyDecided {
                    entity: "claim",
                    key: "CL-000001".into(),
                    line: 1,
                },
                "line_already_decided",
                409,
            ),
            (
                Error::OldPartNotInspected {
                    claim: "CL-000001".into(),
                    line: 1,
                },
                "old_part_not_inspected",
                409,
            ),
            (qty(QtyLimit::Approved), "issue_exceeds_approved", 409),
            (qty(QtyLimit::Returnable), "return_exceeds_outstanding", 409),
            (qty(QtyLimit::Claimable), "claim_exceeds_issued", 409),
            (qty(QtyLimit::Consumable), "consumption_exceeds_issued", 409),
            (qty(QtyLimit::InTransit), "receipt_exceeds_in_transit", 409),
            (
                Error::PartNotOnDocument {
                    document: "TR-000001".into(),
                    part_no: "P".into(),
                },
                "part_not_on_document",
                409,
            ),
            (
                Error::ClaimLineDecided {
                    requisition: "RQ-000001".into(),
                    part_no: "P".into(),
                },
                "claim_line_decided",
                409,
            ),
            (
                Error::StocktakeAlreadyOpen {
                    location: "WH-01".into(),
                    stocktake: "ST-000001".into(),
                },
                "stocktake_already_open",
                409,
            ),
            (
                Error::TagAlreadyReceived {
                    tag: "OP-2026-000001".into(),
                    status: "received".into(),
                },
                "tag_already_received",
                409,
            ),
            (
                Error::TagOfAnotherDealer {
                    tag: "OP-2026-000001".into(),
                    dealer: "D001".into(),
                    expected_dealer: "D002".into(),
                },
                "tag_of_another_dealer",
                409,
            ),
            (
                Error::TagNotClaimable {
                    field: "tags[0]".into(),
                    tag: "OP-2026-000001".into(),
                    reason: "already_claimed",
                    message: "m".into(),
                },
                "tag_not_claimable",
                409,
            ),
            (
                Error::NothingToClaim {
                    supplier: "S-01".into(),
                },
                "nothing_to_claim",
                409,
            ),
            (
                Error::NothingToSettle {
                    dealer: "D001".into(),
                    from_date: "2026-01-01".into(),
                    to_date: "2026-01-31".into(),
                },
                "nothing_to_settle",
                409,
            ),
            (
                Error::BelowMinimumClaim {
                    supplier: "S-01".into(),
                    total_fen: 1,
                    min_fen: 2,
                },
                "below_minimum_claim",
                409,
            ),
            (
                Error::NoLocationOfKind {
                    kind: "supplier_return",
                },
                "no_location_of_kind",
                409,
            ),
            (Error::DemoRefused { reason: "holds_data" }, "demo_refused", 409),
            (Error::IdempotencyInFlight, "idempotency_in_flight", 409),
            (Error::IdempotencyKeyReused, "idempotency_key_reused", 409),
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
            (
                Error::Forbidden {
                    role: "clerk".into(),
                    location: None,
                },
                "forbidden",
                403,
            ),
            (Error::SelfApproval, "self_approval", 403),
            (Error::PayloadTooLarge { limit_bytes: 1 }, "payload_too_large", 413),
            (Error::Timeout, "timeout", 408),
            (Error::Overloaded, "overloaded", 503),
            (Error::Internal("x".into()), "internal", 500),
        ]
    }

    /// Does not compile when a variant is added without a row in [`table`] (add both).
    fn listed(e: &Error) -> bool {
        match e {
            Error::MalformedBody(_)
            | Error::MalformedRequest(_)
            | Error::UnsupportedMediaType { .. }
            | Error::MethodNotAllowed
            | Error::UriTooLong
            | Error::HeadersTooLarge
            | Error::Validation { .. }
            | Error::NotFound { .. }
            | Error::AlreadyExists { .. }
            | Error::DuplicateBarcode { .. }
            | Error::InvalidState { .. }
            | Error::LineAlreadyDecided { .. }
            | Error::OldPartNotInspected { .. }
            | Error::QtyExceeded { .. }
            | Error::PartNotOnDocument { .. }
            | Error::ClaimLineDecided { .. }
            | Error::StocktakeAlreadyOpen { .. }
            | Error::TagAlreadyReceived { .. }
            | Error::TagOfAnotherDealer { .. }
            | Error::TagNotClaimable { .. }
            | Error::NothingToClaim { .. }
            | Error::NothingToSettle { .. }
            | Error::BelowMinimumClaim { .. }
            | Error::NoLocationOfKind { .. }
            | Error::DemoRefused { .. }
            | Error::IdempotencyInFlight
            | Error::IdempotencyKeyReused
            | Error::StaleVersion { .. }
            | Error::InsufficientStock { .. }
            | Error::Unauthorized
            | Error::Forbidden { .. }
            | Error::SelfApproval
            | Error::PayloadTooLarge { .. }
            | Error::Timeout
            | Error::Overloaded
            | Error::Internal(_) => true,
        }
    }

    /// Pins the code → status table: a change here is a change of the public contract.
    #[test]
    fn code_status_table_is_stable() {
        for (err, code, status) in table() {
            assert!(listed(&err));
            assert_eq!((err.code(), err.status()), (code, status), "{err:?}");
        }
    }

    /// Codes are unique snake_case names, and `ALL_CODES` is exactly the table's codes.
    #[test]
    fn codes_are_unique_snake_case_and_all_listed() {
        let rows = table();
        let codes: BTreeSet<&str> = rows.iter().map(|(e, ..)| e.code()).collect();
        assert_eq!(codes.len(), rows.len(), "two rows share a code");
        for code in &codes {
            assert!(
                !code.is_empty()
                    && code.starts_with(|c: char| c.is_ascii_lowercase())
                    && code
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    && !code.contains("__")
                    && !code.ends_with('_'),
                "{code} is not snake_case"
            );
        }
        let all: BTreeSet<&str> = ALL_CODES.iter().copied().collect();
        assert_eq!(all.len(), ALL_CODES.len(), "ALL_CODES lists a code twice");
        assert_eq!(all, codes);
        assert!(!codes.contains("conflict"), "`conflict` alone is retired");
    }

    /// Every refusal a user can cause names its facts in `params` (the catch-alls aside),
    /// and the English detail says what it refused.
    #[test]
    fn refusals_carry_params_and_words() {
        let state = Error::invalid_state("service_report", "SR-000001", &"confirmed", "send_back");
        assert_eq!(
            state.to_string(),
            "cannot send back service report SR-000001: it is confirmed"
        );
        assert_eq!(
            Value::Object(state.params()),
            json!({"entity": "service_report", "key": "SR-000001", "state": "confirmed", "action": "send_back"})
        );
        let stock = Error::InsufficientStock {
            part_no: "P".into(),
            location: "L".into(),
            available: 3,
            requested: 5,
        };
        assert_eq!(
            Value::Object(stock.params()),
            json!({"part_no": "P", "location": "L", "available": 3, "requested": 5})
        );
        assert_eq!(stock.facts()["available_qty"], 3, "the old top-level member stays");
        let over = qty(QtyLimit::InTransit);
        assert_eq!(
            over.to_string(),
            "3 of P received but RQ-000001 has only 1 still in transit"
        );
        for (err, ..) in table() {
            let no_params = matches!(
                err,
                Error::MalformedBody(_)
                    | Error::MalformedRequest(_)
                    | Error::MethodNotAllowed
                    | Error::UriTooLong
                    | Error::HeadersTooLarge
                    | Error::IdempotencyInFlight
                    | Error::IdempotencyKeyReused
                    | Error::Unauthorized
                    | Error::SelfApproval
                    | Error::Timeout
                    | Error::Overloaded
                    | Error::Internal(_)
            );
            assert_eq!(err.params().is_empty(), no_params, "{err:?}");
        }
    }
}

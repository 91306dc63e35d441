//! What each error is to a client: its code, HTTP status, `Retry-After`, and the facts to
//! act on.

use super::*;

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

    /// Shorthand for a refused state transition; `state` is the record's status.
    pub fn invalid_state(
        entity: &'static str,
        key: impl Into<String>,
        state: &impl crate::domain::status::Named,
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
            Error::InsufficientFunds { .. } => "insufficient_funds",
            Error::FileTooLarge { .. } => "file_too_large",
            Error::FileTypeNotAllowed { .. } => "file_type_not_allowed",
            Error::TooManyAttachments { .. } => "too_many_attachments",
            Error::RequestNotCitable { .. } => "request_not_citable",
            Error::RequestOtherUnit { .. } => "request_other_unit",
            Error::QuoteNotApproved { .. } => "quote_not_approved",
            Error::ReorderMinAboveMax { .. } => "reorder_min_above_max",
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
            Error::InsufficientFunds { .. } => 409,
            Error::FileTooLarge { .. } => 413,
            Error::FileTypeNotAllowed { .. } => 415,
            Error::TooManyAttachments { .. } => 409,
            Error::RequestNotCitable { .. } | Error::QuoteNotApproved { .. } => 409,
            Error::RequestOtherUnit { .. } => 422,
            Error::ReorderMinAboveMax { .. } => 422,
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
        let legacy = matches!(
            self,
            Error::Validation { .. }
                | Error::NotFound { .. }
                | Error::AlreadyExists { .. }
                | Error::DuplicateBarcode { .. }
                | Error::StaleVersion { .. }
                | Error::InsufficientStock { .. }
                | Error::PayloadTooLarge { .. }
                | Error::UnsupportedMediaType { .. }
        );
        if !legacy {
            return Map::new();
        }
        let mut facts = self.params();
        // `insufficient_stock` named its quantities with a unit suffix before `params` existed.
        for (name, legacy_name) in [("available", "available_qty"), ("requested", "requested_qty")] {
            if let Some(v) = facts.remove(name) {
                facts.insert(legacy_name.into(), v);
            }
        }
        facts
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
            Error::InsufficientFunds {
                dealer,
                required,
                available,
                shortfall,
            } => json!({
                "dealer": dealer, "required": required,
                "available": available, "shortfall": shortfall
            }),
            Error::FileTooLarge { limit_bytes } => json!({ "limit_bytes": limit_bytes }),
            Error::FileTypeNotAllowed { content_type } => json!({ "content_type": content_type }),
            Error::TooManyAttachments { document, limit } => json!({ "document": document, "limit": limit }),
            Error::RequestNotCitable { request, status } => json!({ "request": request, "status": status }),
            Error::RequestOtherUnit {
                request,
                request_unit,
                unit,
            } => json!({ "request": request, "request_unit": request_unit, "unit": unit }),
            Error::QuoteNotApproved { request, quote_status } => {
                json!({ "request": request, "quote_status": quote_status })
            }
            Error::ReorderMinAboveMax {
                location,
                part_no,
                min_qty,
                max_qty,
            } => json!({ "location": location, "part_no": part_no, "min_qty": min_qty, "max_qty": max_qty }),
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

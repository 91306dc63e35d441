//! The code → status table and the problem members, pinned.

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
        (
            Error::InsufficientFunds {
                dealer: "D".into(),
                required: 1_500,
                available: 1_000,
                shortfall: 500,
            },
            "insufficient_funds",
            409,
        ),
        (qty(QtyLimit::Ordered), "ship_exceeds_ordered", 409),
        (qty(QtyLimit::Shipped), "return_exceeds_shipped", 409),
        (Error::FileTooLarge { limit_bytes: 10 }, "file_too_large", 413),
        (
            Error::FileTypeNotAllowed {
                content_type: "text/plain".into(),
            },
            "file_type_not_allowed",
            415,
        ),
        (
            Error::TooManyAttachments {
                document: "CL-000001".into(),
                limit: 20,
            },
            "too_many_attachments",
            409,
        ),
        (
            Error::RequestNotCitable {
                request: "SV-000001".into(),
                status: "closed".into(),
            },
            "request_not_citable",
            409,
        ),
        (
            Error::RequestOtherUnit {
                request: "SV-000001".into(),
                request_unit: "A".into(),
                unit: "B".into(),
            },
            "request_other_unit",
            422,
        ),
        (
            Error::QuoteNotApproved {
                request: "SV-000001".into(),
                quote_status: "quoted".into(),
            },
            "quote_not_approved",
            409,
        ),
        (
            Error::ReorderMinAboveMax {
                location: "WH-01".into(),
                part_no: "P".into(),
                min_qty: 5,
                max_qty: 3,
            },
            "reorder_min_above_max",
            422,
        ),
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
        | Error::Internal(_)
        | Error::InsufficientFunds { .. } => true,
        Error::FileTooLarge { .. } | Error::FileTypeNotAllowed { .. } | Error::TooManyAttachments { .. } => true,
        Error::RequestNotCitable { .. } | Error::RequestOtherUnit { .. } | Error::QuoteNotApproved { .. } => true,
        Error::ReorderMinAboveMax { .. } => true,
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

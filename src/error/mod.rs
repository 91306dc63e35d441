//! The one error type of every operation, with the stable code, status and facts a
//! caller needs to act. HTTP maps it to problem+json; the table in [`Error::code`] and
//! [`Error::status`] is the contract (pinned by a unit test).

use serde_json::{Map, Value, json};

mod table;

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
    /// A dealer's available funds (paid, less held, plus credit) do not cover an order.
    #[error("dealer {dealer} has {available} fen available but {required} fen is required: pay {shortfall} fen more")]
    InsufficientFunds {
        /// The dealer.
        dealer: String,
        /// The order total to hold.
        required: i64,
        /// Available funds now.
        available: i64,
        /// required − available.
        shortfall: i64,
    },
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
    /// An attached file is larger than allowed.
    #[error("a file is at most {limit_bytes} bytes")]
    FileTooLarge {
        /// The limit.
        limit_bytes: usize,
    },
    /// An attached file is not of an allowed type (by its content, whatever its name).
    #[error("a file of type {content_type} cannot be attached; JPEG, PNG and PDF can")]
    FileTypeNotAllowed {
        /// The type the client declared.
        content_type: String,
    },
    /// A document already holds the most attachments it may.
    #[error("{document} already holds {limit} attachments")]
    TooManyAttachments {
        /// The document.
        document: String,
        /// The limit.
        limit: usize,
    },
    /// A document cites a service request that is closed or cancelled.
    #[error("service request {request} is {status} and cannot be cited")]
    RequestNotCitable {
        /// The request.
        request: String,
        /// Its status.
        status: String,
    },
    /// A document cites a service request of another unit.
    #[error("service request {request} is for unit {request_unit}, not {unit}")]
    RequestOtherUnit {
        /// The request.
        request: String,
        /// The request's unit.
        request_unit: String,
        /// The citing document's unit.
        unit: String,
    },
    /// A paid-service requisition cites a request whose paid-service quote is not approved.
    #[error("the paid-service quote of {request} is not approved")]
    QuoteNotApproved {
        /// The request.
        request: String,
        /// The quote's status (`none` when nothing was quoted).
        quote_status: String,
    },
    /// A reorder level whose minimum is above its maximum.
    #[error("the minimum {min_qty} of {part_no} at {location} is above its maximum {max_qty}")]
    ReorderMinAboveMax {
        /// The location.
        location: String,
        /// The part.
        part_no: String,
        /// The minimum asked for.
        min_qty: i64,
        /// The maximum asked for.
        max_qty: i64,
    },
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
    /// Shipment beyond what a parts order still has open.
    Ordered,
    /// Return beyond what a shipment line shipped and has not had returned.
    Shipped,
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
            QtyLimit::Ordered => "ship_exceeds_ordered",
            QtyLimit::Shipped => "return_exceeds_shipped",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            QtyLimit::Approved => "to issue",
            QtyLimit::Returnable => "returned",
            QtyLimit::Claimable => "claimed",
            QtyLimit::Consumable => "consumed",
            QtyLimit::InTransit => "received",
            QtyLimit::Ordered => "to ship",
            QtyLimit::Shipped => "to return",
        }
    }

    fn allows(self, available: i64) -> String {
        match self {
            QtyLimit::Approved => format!("has only {available} approved and not yet issued"),
            QtyLimit::Returnable => format!("has only {available} issued, not returned and not cited by a claim"),
            QtyLimit::Claimable => format!("has {available} issued, not returned and not claimed"),
            QtyLimit::Consumable => format!("issued {available} not returned"),
            QtyLimit::InTransit => format!("has only {available} still in transit"),
            QtyLimit::Ordered => format!("has only {available} ordered and not yet shipped"),
            QtyLimit::Shipped => format!("has only {available} shipped and not returned or on a return"),
        }
    }
}

/// The wire name of a status enum (`partially_issued`), for error params.
pub fn state_name(state: &impl crate::domain::status::Named) -> String {
    state.name().to_string()
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
    "insufficient_funds",
    "ship_exceeds_ordered",
    "return_exceeds_shipped",
    "file_too_large",
    "file_type_not_allowed",
    "too_many_attachments",
    "request_not_citable",
    "request_other_unit",
    "quote_not_approved",
    "reorder_min_above_max",
];

/// Result of every operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests;

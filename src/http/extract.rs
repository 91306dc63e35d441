//! Request extractors whose refusals are problem+json: the caller, JSON bodies, query
//! strings, `If-Match` and `Idempotency-Key`.

use super::AppState;
use super::strict;
use crate::commands::tokens;
use crate::config::IDEMPOTENCY_KEY_LEN_MAX;
use crate::domain::auth::{ANY_ROLE, Principal, Role, RoleSet};
use crate::error::Error;
use crate::queries::{Snapshot, lists};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::ops::Deref;

/// The authenticated caller, whose role is in `ROLES` (admin always is). The role is
/// checked here, before any body is read, so a refused request costs no body upload.
pub struct Caller<const ROLES: RoleSet = ANY_ROLE>(pub Principal);

impl<const ROLES: RoleSet> Deref for Caller<ROLES> {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.0
    }
}

/// The principal of a demo token, if `secret` is one and names something that exists.
fn demo_principal(r: &dyn Snapshot, secret: &str) -> Result<Option<Principal>, Error> {
    let role = match secret {
        "demo-admin" => Role::Admin,
        "demo-clerk" => Role::Clerk,
        "demo-supervisor" => Role::Supervisor,
        "demo-reviewer" => Role::Reviewer,
        "demo-finance" => Role::Finance,
        other => match other.strip_prefix("demo-dealer-") {
            Some(dealer) if lists::dealer_exists(r, dealer)? => {
                return Ok(Some(Principal {
                    token_id: secret.into(),
                    role: Role::Dealer,
                    dealer: Some(dealer.into()),
                    locations: Vec::new(),
                }));
            }
            _ => return Ok(None),
        },
    };
    Ok(Some(Principal {
        token_id: secret.into(),
        role,
        dealer: None,
        locations: Vec::new(),
    }))
}

impl<const ROLES: RoleSet> FromRequestParts<AppState> for Caller<ROLES> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let secret = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.len() <= 200)
            .ok_or(Error::Unauthorized)?;
        let principal = match state.callers.get(secret) {
            Ok(p) => p,
            Err(lookup) => {
                let r = state.db.read()?;
                let p = match state.demo.then(|| demo_principal(&r, secret)).transpose()?.flatten() {
                    Some(p) => p,
                    None => {
                        let token = tokens::lookup(&r, secret)?.ok_or(Error::Unauthorized)?;
                        Principal {
                            token_id: token.id,
                            role: token.role,
                            dealer: token.dealer,
                            locations: token.locations,
                        }
                    }
                };
                state.callers.remember(lookup, &p);
                p
            }
        };
        principal.require_any(ROLES)?;
        Ok(Caller(principal))
    }
}

/// A JSON body and the SHA-256 of its canonical form (for idempotency).
pub struct Body<T>(pub T, pub [u8; 32]);

/// The body of a POST that carries none (actions like `/post`): accepts empty or `{}`.
pub const EMPTY_BODY_HASH: [u8; 32] = [0; 32];

/// A refusal naming the field by its path in the input (`lines[0].qty`); a missing or
/// unknown field is named under its parent, anything else at the top as `root`.
fn refusal(root: &str, e: serde_path_to_error::Error<impl std::fmt::Display>) -> Error {
    let message = e.inner().to_string();
    let parent = match e.path().to_string() {
        p if p == "." => String::new(),
        p => p,
    };
    let named = (message.starts_with("missing field") || message.starts_with("unknown field"))
        .then(|| message.split('`').nth(1))
        .flatten();
    let field = match (named, parent.is_empty()) {
        (Some(name), true) => name.to_string(),
        (Some(name), false) => format!("{parent}.{name}"),
        (None, true) => root.to_string(),
        (None, false) => parent,
    };
    Error::Validation { field, message }
}

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Error> {
        require_json(req.headers())?;
        let limit = state.body_bytes_max;
        let read = tokio::time::timeout(state.body_read_timeout, Bytes::from_request(req, state));
        let bytes = read.await.map_err(|_| Error::Timeout)?.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                Error::PayloadTooLarge { limit_bytes: limit }
            } else {
                Error::MalformedBody(e.body_text())
            }
        })?;
        let mut value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| Error::MalformedBody(e.to_string()))?;
        if !value.is_object() {
            return Err(Error::invalid("body", "must be a JSON object"));
        }
        strict::json("", None, &mut value)?;
        let hash: [u8; 32] = Sha256::digest(serde_json::to_vec(&value).expect("a Value serializes")).into();
        let parsed = serde_path_to_error::deserialize(value).map_err(|e| refusal("body", e))?;
        Ok(Body(parsed, hash))
    }
}

/// Path parameters; a segment that does not decode (say `%ff`, not UTF-8) is refused as
/// problem+json `malformed_request`, like every other 4xx.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(p) => Ok(Path(p.0)),
            Err(e) => Err(Error::MalformedRequest(e.body_text())),
        }
    }
}

/// A master-data code in the path (part number, location, dealer, supplier, serial), in its
/// stored form: `/locations/wh-01` is `WH-01`.
pub struct CodePath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CodePath {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let Path(code) = Path::<String>::from_request_parts(parts, state).await?;
        Ok(CodePath(crate::domain::validate::normalize_code(&code)))
    }
}

/// Query parameters, refused as `validation_failed`.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded_from(query).map(Q)
    }
}

fn serde_urlencoded_from<T: DeserializeOwned>(query: &str) -> Result<T, Error> {
    let mut pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|_| Error::invalid("query", "malformed query string"))?;
    for (key, value) in &mut pairs {
        strict::query_value(key, value)?;
    }
    let query = serde_urlencoded::to_string(&pairs).map_err(|_| Error::invalid("query", "malformed query string"))?;
    let pairs = form_urlencoded::parse(query.as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|e| refusal("query", e))
}

/// Refuses a body that is not declared as JSON (`application/json`, or a `+json` type).
fn require_json(headers: &axum::http::HeaderMap) -> Result<(), Error> {
    let declared = headers
        .get(axum::http::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let essence = declared
        .as_deref()
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match essence {
        Some(t) if t == "application/json" || (t.starts_with("application/") && t.ends_with("+json")) => Ok(()),
        _ => Err(Error::UnsupportedMediaType {
            content_type: declared.unwrap_or_default(),
        }),
    }
}

/// The version named by `If-Match` (`"3"`, `W/"3"` or `3`), if any.
pub struct IfMatch(pub Option<u64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        let Some(v) = parts.headers.get(axum::http::header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        let bad = || Error::invalid("If-Match", "must be the record's version, e.g. \"3\"");
        let s = v.to_str().map_err(|_| bad())?.trim();
        let s = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
        s.parse().map(|n| IfMatch(Some(n))).map_err(|_| bad())
    }
}

/// An `Idempotency-Key` with the method and path it is scoped to.
pub struct Idem {
    /// The key, if sent.
    pub key: Option<String>,
    /// Request method.
    pub method: String,
    /// Request path.
    pub path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Idem {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        let key = match parts.headers.get("idempotency-key") {
            None => None,
            Some(v) => {
                let k = v
                    .to_str()
                    .map_err(|_| Error::invalid("Idempotency-Key", "must be printable ASCII"))?;
                if k.is_empty() || k.len() > IDEMPOTENCY_KEY_LEN_MAX {
                    return Err(Error::invalid(
                        "Idempotency-Key",
                        format!("must be 1 to {IDEMPOTENCY_KEY_LEN_MAX} characters"),
                    ));
                }
                Some(k.to_string())
            }
        };
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map(|u| u.path().to_string())
            .unwrap_or_else(|| parts.uri.path().to_string());
        Ok(Idem {
            key,
            method: parts.method.to_string(),
            path,
        })
    }
}

//! Runs a command through the group-commit writer with `Idempotency-Key` semantics: a
//! replay returns the stored first answer; the stored answer is written in the same
//! transaction as the command; a refusal stores nothing.

use super::AppState;
use super::extract::Idem;
use crate::commands::Ctx;
use crate::commands::Tx;
use crate::commands::idempotency::{self, IdempotentResponse};
use crate::domain::auth::Principal;
use crate::error::{Error, Result};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// Removes an idempotency scope from the in-flight set when the request ends.
struct InFlight {
    set: Arc<Mutex<HashSet<Vec<u8>>>>,
    scope: Vec<u8>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.set.lock().expect("in-flight lock").remove(&self.scope);
    }
}

fn json_response(status: StatusCode, body: Vec<u8>, replayed: bool) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if replayed {
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

/// Runs `command` for `caller` and answers `status` with its JSON result.
pub async fn run<T, F>(
    state: &AppState,
    caller: &Principal,
    idem: Idem,
    body_hash: [u8; 32],
    status: StatusCode,
    command: F,
) -> Result<Response>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Tx<'_>, &Ctx) -> Result<T> + Clone + Send + 'static,
{
    run_keeping(state, caller, idem, body_hash, status, command, None::<fn(&T) -> _>).await
}

/// Like [`run`], but the answer kept for an idempotent replay is `stored(result)`: how an
/// answer carrying a secret is kept without it (secrets are never stored).
pub async fn run_storing<T, F, K>(
    state: &AppState,
    caller: &Principal,
    idem: Idem,
    body_hash: [u8; 32],
    status: StatusCode,
    command: F,
    keep: K,
) -> Result<Response>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Tx<'_>, &Ctx) -> Result<T> + Clone + Send + 'static,
    K: FnOnce(&T) -> serde_json::Result<Vec<u8>> + Clone + Send + 'static,
{
    run_keeping(state, caller, idem, body_hash, status, command, Some(keep)).await
}

/// The write path: `keep` makes the stored answer; without it the answer is stored as sent,
/// serialised once.
async fn run_keeping<T, F, K>(
    state: &AppState,
    caller: &Principal,
    idem: Idem,
    body_hash: [u8; 32],
    status: StatusCode,
    command: F,
    keep: Option<K>,
) -> Result<Response>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut Tx<'_>, &Ctx) -> Result<T> + Clone + Send + 'static,
    K: FnOnce(&T) -> serde_json::Result<Vec<u8>> + Clone + Send + 'static,
{
    let principal = caller.clone();
    let Some(key) = idem.key else {
        let body = state
            .writer
            .execute(move |w, now| {
                let out = command(w, &Ctx::of(principal, now))?;
                serde_json::to_vec(&out).map_err(|e| Error::Internal(e.to_string()))
            })
            .await?;
        return Ok(json_response(status, body, false));
    };

    let scope = idempotency::scope(&caller.token_id, &idem.method, &idem.path, &key);
    if !state.in_flight.lock().expect("in-flight lock").insert(scope.clone()) {
        return Err(Error::IdempotencyInFlight);
    }
    let _guard = InFlight {
        set: state.in_flight.clone(),
        scope: scope.clone(),
    };

    let stored = idempotency::stored(&state.db.read()?, &scope)?;
    if let Some(first) = stored {
        return replay(first, body_hash);
    }
    let code = status.as_u16();
    // Another instance on a shared database may have answered the same key meanwhile:
    // the check runs again inside the transaction, which conflicts with that one's.
    let shared = state.db.is_shared();
    let outcome = state
        .writer
        .execute(move |w, now| {
            if shared && let Some(first) = idempotency::stored(&*w, &scope)? {
                return Ok(Err(first));
            }
            let out = command(w, &Ctx::of(principal, now))?;
            let body = serde_json::to_vec(&out).map_err(|e| Error::Internal(e.to_string()))?;
            let kept = match keep {
                Some(keep) => keep(&out).map_err(|e| Error::Internal(e.to_string()))?,
                None => body.clone(),
            };
            let record = IdempotentResponse {
                request_hash: body_hash,
                status: code,
                body: kept,
                stored_at_s: now.timestamp(),
            };
            idempotency::keep(w, scope, &record)?;
            Ok(Ok(body))
        })
        .await?;
    match outcome {
        Ok(body) => Ok(json_response(status, body, false)),
        Err(first) => replay(first, body_hash),
    }
}

fn replay(first: IdempotentResponse, body_hash: [u8; 32]) -> Result<Response> {
    if first.request_hash != body_hash {
        return Err(Error::IdempotencyKeyReused);
    }
    let status = StatusCode::from_u16(first.status).unwrap_or(StatusCode::OK);
    Ok(json_response(status, first.body, true))
}

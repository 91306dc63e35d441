//! Attachment routes: a document's files (photos from a phone camera, scanned papers),
//! uploaded as the raw body, listed and downloaded with the document's own visibility.

use super::AppState;
use super::dto::attachments::Attachment;
use super::dto::wire;
use super::extract::{Caller, Idem, Path, Q};
use super::problem::{Problem, ReadErrors};
use super::read::read;
use super::write;
use crate::commands::attachments::{self, AttachInput};
use crate::domain::attachments::FILE_BYTES_MAX;
use crate::domain::auth::*;
use crate::error::{Error, Result};
use crate::queries::lists;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, IntoResponses};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_attachments, attach))
        .routes(routes!(download))
        // A file may be larger than a JSON body; the file's own limit is checked as it is read.
        .layer(DefaultBodyLimit::max(FILE_BYTES_MAX))
}

/// Errors an upload can answer.
#[derive(IntoResponses)]
#[allow(dead_code)]
enum AttachErrors {
    /// Malformed request.
    #[response(
        status = 400,
        description = "malformed_request",
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
    /// Role not allowed.
    #[response(status = 403, description = "forbidden", content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such document, one that takes no files, or one the caller does not see.
    #[response(status = 404, description = "not_found", content_type = "application/problem+json")]
    NotFound(Problem),
    /// The file did not arrive in time.
    #[response(status = 408, description = "timeout", content_type = "application/problem+json")]
    Timeout(Problem),
    /// The document holds its most files, or the key was reused.
    #[response(
        status = 409,
        description = "too_many_attachments (params: document, limit), idempotency_in_flight, idempotency_key_reused",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    /// The file is over 10 MiB.
    #[response(
        status = 413,
        description = "file_too_large (params: limit_bytes)",
        content_type = "application/problem+json"
    )]
    TooLarge(Problem),
    /// The content is not JPEG, PNG or PDF, whatever its name or declared type.
    #[response(
        status = 415,
        description = "file_type_not_allowed (params: content_type, as declared)",
        content_type = "application/problem+json"
    )]
    WrongType(Problem),
    /// Empty file or a bad name.
    #[response(
        status = 422,
        description = "validation_failed (field: body or name)",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    /// Writer queue full.
    #[response(status = 503, description = "overloaded", content_type = "application/problem+json")]
    Overloaded(Problem),
}

/// The uploaded file: the raw body and the media type the client declared.
struct FileBody {
    declared_type: String,
    bytes: Bytes,
}

impl FromRequest<AppState> for FileBody {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Error> {
        let declared_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        let read = tokio::time::timeout(state.body_read_timeout, Bytes::from_request(req, state));
        let bytes = read.await.map_err(|_| Error::Timeout)?.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Error::FileTooLarge {
                    limit_bytes: FILE_BYTES_MAX,
                }
            } else {
                Error::MalformedRequest(e.body_text())
            }
        })?;
        Ok(FileBody { declared_type, bytes })
    }
}

/// Upload options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttachParams {
    /// File name to keep (default: the document number, the file's number and its type's
    /// extension).
    pub name: Option<String>,
}

/// Attaches a file (JPEG, PNG or PDF by content; at most 10 MiB; at most 20 per
/// document) to a claim (`CL-…`), a service report (`SR-…`), a service request
/// (`SV-…`) or a shipment (`SH-…`: the signed delivery note) the caller sees. The body is
/// the file itself, as a phone camera's `<input type=file>` gives it.
#[utoipa::path(post, path = "/documents/{id}/attachments", tag = "warranty",
    params(("id" = String, Path, description = "Document number, e.g. CL-000001 or SR-000001"), AttachParams,
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried upload")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The file's bytes (any declared type; the content decides)"),
    responses((status = 201, description = "Attached", body = Attachment), AttachErrors))]
async fn attach(
    State(s): State<AppState>,
    caller: Caller<{ DEALER | CLERK | SUPERVISOR | REVIEWER }>,
    idem: Idem,
    Path(id): Path<String>,
    Q(p): Q<AttachParams>,
    file: FileBody,
) -> Result<Response> {
    let mut hasher = Sha256::new();
    hasher.update(p.name.as_deref().unwrap_or("").as_bytes());
    hasher.update([0]);
    hasher.update(&file.bytes);
    let hash: [u8; 32] = hasher.finalize().into();
    let input = AttachInput {
        name: p.name,
        declared_type: file.declared_type,
        bytes: file.bytes.to_vec(),
    };
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        attachments::attach(w, ctx, &id, input).map(Attachment::from)
    })
    .await
}

/// The files of a document the caller sees, in the order they were attached.
#[utoipa::path(get, path = "/documents/{id}/attachments", tag = "warranty",
    params(("id" = String, Path, description = "Document number, e.g. CL-000001 or SR-000001")),
    responses((status = 200, description = "Its files", body = Vec<Attachment>), ReadErrors))]
async fn list_attachments(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Attachment>>> {
    Ok(Json(wire(
        read(&s, move |r| lists::attachments(r, &caller, &id)).await?,
    )))
}

/// RFC 5987 encoding of a file name for `Content-Disposition`.
fn encoded_name(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One file, as it was attached, with its type and name.
#[utoipa::path(get, path = "/documents/{id}/attachments/{seq}", tag = "warranty",
    params(("id" = String, Path, description = "Document number"), ("seq" = u32, Path, description = "The file's number on the document, from 1")),
    responses((status = 200, description = "The file (image/jpeg, image/png or application/pdf)", content_type = "application/octet-stream", body = Vec<u8>), ReadErrors))]
async fn download(State(s): State<AppState>, caller: Caller, Path((id, seq)): Path<(String, u32)>) -> Result<Response> {
    let (a, bytes) = read(&s, move |r| lists::attachment_file(r, &caller, &id, seq)).await?;
    Response::builder()
        .header(header::CONTENT_TYPE, a.file_type.media_type())
        .header(header::CONTENT_LENGTH, bytes.len())
        .header(
            header::CONTENT_DISPOSITION,
            format!("inline; filename*=UTF-8''{}", encoded_name(&a.name)),
        )
        .header(header::CACHE_CONTROL, "private, max-age=86400, immutable")
        .body(axum::body::Body::from(bytes))
        .map_err(|e| Error::Internal(e.to_string()))
}

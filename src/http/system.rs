//! Health, reconciliation, tokens, audit, and the request log line.

use super::AppState;
use super::dto::system::{AuditEvent, CreatedToken, Report, Token, TokenInput, WhoAmI};
use super::dto::wire;
use super::extract::Path;
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::tokens;
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists;
use crate::queries::page::{Page, PageRequest};
use crate::queries::reconciliation;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;
use std::time::Instant;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(whoami))
        .routes(routes!(reconcile))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(list_audit))
        .routes(routes!(backup))
}

pub(super) fn root_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz))
}

/// One log line per request: method, path, status, milliseconds.
pub(super) async fn log_request(req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let started = Instant::now();
    let resp = next.run(req).await;
    tracing::info!(
        target: "sanbao::http",
        "{method} {path} {} {:.1}ms",
        resp.status().as_u16(),
        started.elapsed().as_secs_f64() * 1e3
    );
    resp
}

/// Health: 200 once the database is open (no token needed).
#[utoipa::path(get, path = "/healthz", tag = "system", security(()),
    responses((status = 200, description = "The database is open", body = String, example = "ok")))]
async fn healthz(State(s): State<AppState>) -> Result<&'static str> {
    s.db.read()?;
    Ok("ok")
}

/// Who the caller is: the token's id, role, dealer and locations (any valid token).
#[utoipa::path(get, path = "/whoami", tag = "system",
    responses((status = 200, description = "The caller", body = WhoAmI), ReadErrors))]
async fn whoami(caller: Caller) -> Json<WhoAmI> {
    let p = caller.0;
    Json(WhoAmI {
        token_id: p.token_id,
        role: p.role.into(),
        dealer: p.dealer,
        locations: p.locations,
    })
}

/// Proves from the data that stock and books agree; lists each difference.
#[utoipa::path(get, path = "/reconciliation", tag = "system",
    responses((status = 200, description = "The reconciliation report", body = Report), ReadErrors))]
async fn reconcile(
    State(s): State<AppState>,
    _caller: Caller<{ FINANCE | SUPERVISOR | REVIEWER }>,
) -> Result<Json<Report>> {
    Ok(Json(wire(super::read::with_db(&s, reconciliation::run_latest).await?)))
}

/// Lists tokens (admin); secrets are never shown again.
#[utoipa::path(get, path = "/tokens", tag = "system",
    responses((status = 200, description = "Tokens", body = Vec<Token>), ReadErrors))]
async fn list_tokens(State(s): State<AppState>, _caller: Caller<{ ADMIN_ONLY }>) -> Result<Json<Vec<Token>>> {
    let all = read(&s, move |r| tokens::all(r)).await?;
    Ok(Json(wire(all.into_iter().map(|(_, t)| t).collect())))
}

/// Creates a token (admin); the secret is in this answer only.
#[utoipa::path(post, path = "/tokens", tag = "system", request_body = TokenInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Created; store the secret now", body = CreatedToken), WriteErrors))]
async fn create_token(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<TokenInput>,
) -> Result<Response> {
    let create = move |w: &mut crate::commands::Tx<'_>, ctx: &crate::commands::Ctx| {
        tokens::create(w, ctx, input.into()).map(CreatedToken::from)
    };
    let keep = |t: &CreatedToken| serde_json::to_vec(&t.without_secret());
    write::run_storing(&s, &caller, idem, hash, StatusCode::CREATED, create, keep).await
}

/// Revokes a token (admin).
#[utoipa::path(delete, path = "/tokens/{id}", tag = "system", params(("id" = String, Path, description = "Token id, e.g. TK-000001")),
    responses((status = 200, description = "Revoked", body = Token), WriteErrors))]
async fn revoke_token(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Path(id): Path<String>,
) -> Result<Response> {
    let answer = write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        tokens::revoke(w, ctx, &id).map(Token::from)
    })
    .await;
    // Committed (or refused): either way no remembered caller may outlive the answer.
    s.callers.forget_all();
    answer
}

/// A consistent copy of the live database (admin), built from one read transaction
/// while writes go on, streamed as a redb file. Restore: stop the server, put the file in
/// place of the database (or serve it with `--db`), run `sanbao check`.
#[utoipa::path(post, path = "/admin/backup", tag = "system",
    responses((status = 200, description = "The database file", content_type = "application/octet-stream", body = Vec<u8>), ReadErrors))]
async fn backup(State(s): State<AppState>, _caller: Caller<{ ADMIN_ONLY }>) -> Result<Response> {
    let db = s.db.clone();
    let path = std::env::temp_dir().join(format!(
        "sanbao-backup-{}-{}.redb",
        std::process::id(),
        s.clock.now().timestamp_nanos_opt().unwrap_or(0)
    ));
    let file = tokio::task::spawn_blocking(move || -> Result<std::fs::File> {
        db.backup_to(&path)?;
        let file = std::fs::File::open(&path).map_err(|e| crate::error::Error::Internal(e.to_string()));
        let _ = std::fs::remove_file(&path); // the open handle keeps the data until it is streamed
        file
    })
    .await
    .map_err(|e| crate::error::Error::Internal(e.to_string()))??;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    Response::builder()
        .header(axum::http::header::CONTENT_TYPE, "application/octet-stream")
        .header(axum::http::header::CONTENT_LENGTH, len)
        .header(
            axum::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"sanbao-backup.redb\"",
        )
        .body(axum::body::Body::from_stream(stream))
        .map_err(|e| crate::error::Error::Internal(e.to_string()))
}

/// Audit filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only this kind of record (`part`, `receipt`…).
    pub entity: Option<String>,
    /// Only this record's key.
    pub key: Option<String>,
    /// Text to look for (numbers, codes, names, memo), ignoring case.
    pub q: Option<String>,
    /// From this business date (China Standard Time), inclusive.
    pub from_date: Option<chrono::NaiveDate>,
    /// Up to this business date, inclusive.
    pub to_date: Option<chrono::NaiveDate>,
    /// `json` (one page, the default), or `csv` / `xlsx`: every row as a file to download.
    pub format: Option<super::export::ListFormat>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Audit events (admin), newest first.
#[utoipa::path(get, path = "/audit", tag = "system", params(AuditParams),
    responses((status = 200, description = "Audit events", content((Page<AuditEvent> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_audit(
    State(s): State<AppState>,
    _caller: Caller<{ ADMIN_ONLY }>,
    Q(p): Q<AuditParams>,
) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, AuditEvent, _>(&s, "audit", p.format, page, move |r, page| {
        lists::audit(r, p.entity.as_deref(), p.key.as_deref(), &search, page)
    })
    .await
}

//! The check before submit (`POST /claims/{id}/check`).

use super::AppState;
use super::dto::claim_check::Precheck;
use super::extract::{Caller, EMPTY_BODY_HASH, Idem, Path};
use super::problem::WriteErrors;
use super::write;
use crate::commands::claims;
use crate::domain::auth::*;
use crate::error::Result;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(check_claim))
}

/// Shows the findings a submit would produce now — coverage end and registration status
/// included — without changing anything: no version, audit event, journal entry or tag.
/// Refused as a submit would be (another dealer's claim 404, a submitted claim 409).
#[utoipa::path(post, path = "/claims/{id}/check", tag = "warranty",
    params(("id" = String, Path, description = "Claim number"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "What a submit would find", body = Precheck), WriteErrors))]
async fn check_claim(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    Path(id): Path<String>,
) -> Result<Response> {
    // Run by the writer so the checks see exactly what a submit would; the command writes
    // nothing (only an Idempotency-Key's answer is kept, to be replayed).
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        claims::check(w, ctx, &id).map(Precheck::from)
    })
    .await
}

//! The web pages: one HTML shell and its scripts and styles, embedded in the binary and
//! served outside `/api/v1` (not part of the OpenAPI document). The pages use the HTTP API
//! with the bearer token the user pastes; they have no other way into the data.

use super::AppState;
use super::extract::Path;
use crate::error::Error;
use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// The pages the shell answers for; the script decides what each shows.
const PAGES: &[&str] = &[
    "scan",
    "dealer",
    "approvals",
    "review",
    "finance",
    "service",
    "service-kpi",
    "supply",
    "analytics",
    "lists",
    "part-ledger",
    "admin",
    "preauth",
    "reserve",
    "campaigns",
    "requisitions",
    "reorder",
];

/// `(file name, content type, content)` of every asset.
const ASSETS: &[(&str, &str, &str)] = &[
    ("app.css", CSS, include_str!("../../web/app.css")),
    ("app.js", JS, include_str!("../../web/app.js")),
    ("api.js", JS, include_str!("../../web/api.js")),
    ("ui.js", JS, include_str!("../../web/ui.js")),
    ("login.js", JS, include_str!("../../web/login.js")),
    ("scan.js", JS, include_str!("../../web/scan.js")),
    ("dealer.js", JS, include_str!("../../web/dealer.js")),
    ("review.js", JS, include_str!("../../web/review.js")),
    ("approvals.js", JS, include_str!("../../web/approvals.js")),
    ("finance.js", JS, include_str!("../../web/finance.js")),
    ("charts.js", JS, include_str!("../../web/charts.js")),
    ("i18n.js", JS, include_str!("../../web/i18n.js")),
    ("i18n-zh.js", JS, include_str!("../../web/i18n-zh.js")),
    ("i18n-en.js", JS, include_str!("../../web/i18n-en.js")),
    ("icon.svg", "image/svg+xml", include_str!("../../web/icon.svg")),
    ("service.js", JS, include_str!("../../web/service.js")),
    ("service-kpi.js", JS, include_str!("../../web/service-kpi.js")),
    ("attachments.js", JS, include_str!("../../web/attachments.js")),
    ("claim_check.js", JS, include_str!("../../web/claim_check.js")),
    ("scan_reversals.js", JS, include_str!("../../web/scan_reversals.js")),
    ("supply.js", JS, include_str!("../../web/supply.js")),
    ("analytics.js", JS, include_str!("../../web/analytics.js")),
    ("lists.js", JS, include_str!("../../web/lists.js")),
    ("part_ledger.js", JS, include_str!("../../web/part_ledger.js")),
    ("admin.js", JS, include_str!("../../web/admin.js")),
    ("admin_tokens.js", JS, include_str!("../../web/admin_tokens.js")),
    ("preauth.js", JS, include_str!("../../web/preauth.js")),
    ("reserve.js", JS, include_str!("../../web/reserve.js")),
    ("service_reports.js", JS, include_str!("../../web/service_reports.js")),
    ("documents.js", JS, include_str!("../../web/documents.js")),
    ("books.js", JS, include_str!("../../web/books.js")),
    ("campaigns.js", JS, include_str!("../../web/campaigns.js")),
    ("requisitions.js", JS, include_str!("../../web/requisitions.js")),
    ("reorder.js", JS, include_str!("../../web/reorder.js")),
    ("risk.js", JS, include_str!("../../web/risk.js")),
    ("open_campaigns.js", JS, include_str!("../../web/open_campaigns.js")),
];

const SHELL: &str = include_str!("../../web/index.html");
const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// `/` and `/ui/…`.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui/") }))
        .route("/ui", get(|| async { Redirect::to("/ui/") }))
        .route("/ui/", get(|| async { shell() }))
        .route("/ui/{page}", get(page))
        .route("/ui/assets/{file}", get(asset))
}

fn respond(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

fn shell() -> Response {
    respond(HTML, SHELL)
}

async fn page(Path(page): Path<String>) -> Result<Response, Error> {
    if PAGES.contains(&page.as_str()) {
        Ok(shell())
    } else {
        Err(Error::not_found("page", &page))
    }
}

async fn asset(Path(file): Path<String>) -> Result<Response, Error> {
    ASSETS
        .iter()
        .find(|(name, _, _)| *name == file)
        .map(|(_, content_type, body)| respond(content_type, body))
        .ok_or_else(|| Error::not_found("asset", &file))
}

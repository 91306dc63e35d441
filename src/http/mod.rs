//! HTTP: axum routers per resource, documented with utoipa. Handlers parse, check the
//! caller's role, call one command or query, and map the result; nothing else. The web
//! pages (`web.rs`) are static files over the same API, outside the OpenAPI document.

mod analytics;
mod approvals;
mod attachments;
mod books;
pub mod callers;
mod campaigns;
mod claim_check;
mod dealer_risk;
mod drafts;
pub mod dto;
mod export;
pub mod extract;
mod finance;
mod headers;
mod html;
mod master;
mod old_parts;
mod opening;
mod preauth;
mod print;
pub mod problem;
mod read;
mod reorder;
mod requisition_reversals;
mod requisitions;
mod reserve_plans;
pub mod serve;
mod service_kpi;
mod service_lookup;
mod service_requests;
mod stock;
mod strict;
mod supply;
mod supply_returns;
mod system;
mod warranty;
mod web;
mod write;

use crate::clock::Clock;
use crate::commands::Writer;
use crate::config::Config;
use crate::error::Error;
use crate::queries::Db;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The database (reads open their own snapshots).
    pub db: Arc<Db>,
    /// The group-commit writer.
    pub writer: Writer,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Demo tokens accepted.
    pub demo: bool,
    /// Largest request body.
    pub body_bytes_max: usize,
    /// Requests handled at once.
    pub concurrency_max: usize,
    /// Request time limit.
    pub request_timeout: std::time::Duration,
    /// Request body time limit.
    pub body_read_timeout: std::time::Duration,
    /// Service-time targets.
    pub time_targets: crate::queries::reports::TimeTargets,
    /// Idempotency scopes with a request in flight.
    pub in_flight: Arc<Mutex<HashSet<Vec<u8>>>>,
    /// Callers remembered by their token (see [`callers`]).
    pub callers: Arc<callers::Callers>,
    /// The issuer printed on documents.
    pub issuer: Arc<str>,
}

impl AppState {
    /// State over an open database, starting its writer.
    pub fn new(db: Arc<Db>, clock: Arc<dyn Clock>, config: &Config) -> Self {
        let writer = Writer::start(db.clone(), clock.clone(), config.writer);
        let callers = Arc::new(callers::Callers::new(!db.is_shared()));
        Self {
            db,
            writer,
            clock,
            demo: config.demo,
            body_bytes_max: config.body_bytes_max,
            concurrency_max: config.concurrency_max,
            request_timeout: std::time::Duration::from_secs(config.request_timeout_s),
            body_read_timeout: config.body_read_timeout,
            time_targets: config.time_targets,
            in_flight: Arc::default(),
            callers,
            issuer: config.issuer.as_str().into(),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "sanbao", description = "After-sales spare parts and warranty (三包): stock, requisitions, old parts, claims and supplier recovery on transactional ledgers. Money is integer fen; every error is application/problem+json with a stable `code`."),
    modifiers(&BearerAuth),
    components(schemas(problem::Problem, stock::Order)),
    security(("bearer" = [])),
    tags(
        (name = "system", description = "Health, reconciliation, tokens and audit"),
        (name = "master data", description = "Parts, locations, dealers, suppliers"),
        (name = "stock", description = "Balances, the stock ledger, receipts, transfers, stocktakes"),
        (name = "requisitions", description = "Requisitions (领料单), scan issues and returns, service reports, service-time standards"),
        (name = "warranty", description = "Units, registration cards, policies, claims and their review"),
        (name = "old parts", description = "Old-part tags, return shipments, scan receipt, inspection, the deadline sweep"),
        (name = "finance", description = "Dealer settlements (核销通知), supplier claims (二次索赔), recovery"),
        (name = "books", description = "Accounts and the double-entry journal"),
        (name = "supply", description = "Dealer parts supply (款到发货): payments, funds, parts orders, shipments by scan with delivery notes, returns (返厂)"),
        (name = "service requests", description = "Service requests (售后服务登记), time standards, follow-up visits (回访), paid service and the service KPIs"),
        (name = "analytics", description = "Warranty analytics: months in service, Nevada table, early warning, reserve"),
        (name = "campaigns", description = "Recall and service campaigns (召回, 服务活动): unit lists, release, completion, the dealer's to-do list"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(
            "/api/v1",
            OpenApiRouter::new()
                .merge(system::routes())
                .merge(master::routes())
                .merge(stock::routes())
                .merge(requisitions::routes())
                .merge(warranty::routes())
                .merge(old_parts::routes())
                .merge(finance::routes())
                .merge(print::routes())
                .merge(books::routes())
                .merge(drafts::routes())
                .merge(supply::routes())
                .merge(supply_returns::routes())
                .merge(service_requests::routes())
                .merge(attachments::routes())
                .merge(claim_check::routes())
                .merge(requisition_reversals::routes())
                .merge(analytics::routes())
                .merge(opening::routes())
                .merge(preauth::routes())
                .merge(reserve_plans::routes())
                .merge(approvals::routes())
                .merge(campaigns::routes())
                .merge(reorder::routes())
                .merge(dealer_risk::routes()),
        )
        .merge(system::root_routes())
}

/// The OpenAPI document (the one checked in at `api/openapi.json`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().split_for_parts().1
}

/// The OpenAPI document as pretty JSON with a trailing newline.
pub fn openapi_json() -> String {
    openapi().to_pretty_json().expect("the OpenAPI document serializes") + "\n"
}

/// The whole application. The concurrency limit and the time limit wrap the whole router
/// as one service, so the limit is server-wide (a layer on the router would give every
/// route a limit of its own).
pub fn app(state: AppState) -> Router {
    let limit = state.body_bytes_max;
    // Shed load instead of queueing without bound: past the concurrency limit a request is
    // answered 503 at once; a request (a slow client's body included) has a time limit.
    let guard = tower::ServiceBuilder::new()
        .layer(axum::error_handling::HandleErrorLayer::new(
            |e: tower::BoxError| async move {
                if e.is::<tower::timeout::error::Elapsed>() {
                    Error::Timeout
                } else {
                    Error::Overloaded
                }
            },
        ))
        .load_shed()
        .concurrency_limit(state.concurrency_max)
        .timeout(state.request_timeout);
    let (router, doc) = api().split_for_parts();
    let routes = router
        .merge(SwaggerUi::new("/docs").url("/api/v1/openapi.json", doc))
        .merge(web::routes())
        .fallback(|| async { Error::not_found("route", "this path") })
        .method_not_allowed_fallback(|| async { Error::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state);
    Router::new()
        .fallback_service(guard.service(routes))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(axum::middleware::from_fn(system::log_request))
}

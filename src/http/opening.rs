//! Opening stock and imports. Opening stock is the stock on hand when the system starts,
//! posted as a receipt that credits `opening:balance` instead of `grni`; an import takes
//! a whole file (CSV in UTF-8 or GBK, or XLSX) of master data, opening stock or units and
//! writes all its rows or none — what `sanbao import` does on a file.

use super::AppState;
use super::dto::stock::{Receipt, ReceiptInput};
use super::extract::{Body, Caller, Idem, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::receipts;
use crate::domain::auth::*;
use crate::domain::validate::normalize_code;
use crate::error::{Error, Result};
use crate::import_apply;
use crate::import_campaign;
use crate::import_plan::Kind;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_opening_stock))
        .routes(routes!(import_file))
}

/// Posts opening stock (admin): stock in at the given cost; Dr `inventory:<location>` /
/// Cr `opening:balance`. The receipt is numbered and listed like any other.
#[utoipa::path(post, path = "/stock/opening", tag = "stock", request_body = ReceiptInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Posted", body = Receipt), WriteErrors))]
async fn post_opening_stock(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<ReceiptInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        receipts::post_opening(w, ctx, input.into()).map(Receipt::from)
    })
    .await
}

/// What an import file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ImportKind {
    /// part_no, name, unit, barcodes (separated by `;`), standard_cost_fen, dealer_price_fen, supplier, warranty_covered, return_required, wear_part.
    Parts,
    /// code, name, kind, dealer.
    Locations,
    /// code, name.
    Dealers,
    /// code, name, parts_pct, labor_pct, claim_window_months, min_amount_fen.
    Suppliers,
    /// location, part_no, qty, unit_cost_fen: one receipt per location, Dr inventory / Cr opening:balance.
    OpeningStock,
    /// serial, model, dealer, customer, sale_date, acceptance_date.
    Units,
    /// serial, dealer (optional: who does the work instead of the selling dealer): the list of the campaign named by `campaign`.
    CampaignUnits,
}

impl From<ImportKind> for Kind {
    fn from(k: ImportKind) -> Kind {
        match k {
            ImportKind::Parts => Kind::Parts,
            ImportKind::Locations => Kind::Locations,
            ImportKind::Dealers => Kind::Dealers,
            ImportKind::Suppliers => Kind::Suppliers,
            ImportKind::OpeningStock => Kind::OpeningStock,
            ImportKind::Units => Kind::Units,
            ImportKind::CampaignUnits => Kind::CampaignUnits,
        }
    }
}

/// Import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Skip rows whose record is already there (a re-run is safe).
    #[serde(default)]
    pub skip_existing: bool,
    /// Check every row and answer what would change (200), writing nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// The campaign whose unit list the file holds (`campaign-units` only).
    pub campaign: Option<String>,
}

/// What an import wrote (or would write).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"imported": 12, "skipped": 3, "dry_run": false}))]
pub struct ImportSummary {
    /// Rows written (on a dry run: that would be written).
    pub imported: usize,
    /// Rows skipped as already there.
    pub skipped: usize,
    /// Whether nothing was written.
    pub dry_run: bool,
}

/// The request body as it came: a file.
struct File(Bytes, [u8; 32]);

impl FromRequest<AppState> for File {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Error> {
        let limit = state.body_bytes_max;
        let read = tokio::time::timeout(state.body_read_timeout, Bytes::from_request(req, state));
        let bytes = read.await.map_err(|_| Error::Timeout)?.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Error::PayloadTooLarge { limit_bytes: limit }
            } else {
                Error::MalformedBody(e.body_text())
            }
        })?;
        let hash = Sha256::digest(&bytes).into();
        Ok(File(bytes, hash))
    }
}

/// Imports a file (admin; a campaign's unit list also a supervisor): CSV in UTF-8 (with or without BOM) or GBK, or an XLSX
/// workbook whose first row names the columns. Every row is checked first — fields,
/// references, whether it is already there — and every bad line is named in one
/// `validation_failed` on `file`; then all rows are written in one transaction, or none.
#[utoipa::path(post, path = "/imports/{kind}", tag = "system",
    params(("kind" = inline(ImportKind), Path, description = "What the file holds"), ImportParams,
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    request_body(description = "The file", content(("text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 201, description = "Imported", body = ImportSummary),
        (status = 200, description = "Dry run: what would be imported", body = ImportSummary), WriteErrors, ReadErrors))]
async fn import_file(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    Path(kind): Path<ImportKind>,
    Q(p): Q<ImportParams>,
    idem: Idem,
    req: Request,
) -> Result<Response> {
    let kind = Kind::from(kind);
    let campaign = match (kind, p.campaign.as_deref()) {
        (Kind::CampaignUnits, Some(c)) if !c.trim().is_empty() => Some(normalize_code(c)),
        (Kind::CampaignUnits, _) => {
            return Err(Error::invalid(
                "campaign",
                "name the campaign whose unit list the file holds",
            ));
        }
        (_, Some(_)) => {
            return Err(Error::invalid(
                "campaign",
                "only a campaign-units file names a campaign",
            ));
        }
        (_, None) => {
            caller.require_any(ADMIN_ONLY)?;
            None
        }
    };
    // The role is checked before the body is read.
    let File(bytes, hash) = File::from_request(req, &s).await?;
    if let Some(code) = campaign {
        return import_campaign(s, caller, idem, hash, code, p, bytes).await;
    }
    if p.dry_run {
        let plan = read(&s, move |r| import_apply::check(r, kind, &bytes, p.skip_existing)).await?;
        let summary = ImportSummary {
            imported: plan.create.len(),
            skipped: plan.skipped.len(),
            dry_run: true,
        };
        return Ok(Json(summary).into_response());
    }
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        let done = import_apply::run(w, ctx, kind, &bytes, p.skip_existing)?;
        Ok(ImportSummary {
            imported: done.imported,
            skipped: done.skipped,
            dry_run: false,
        })
    })
    .await
}

/// A campaign's unit list: checked (a dry run answers there), then written in one
/// transaction.
async fn import_campaign(
    s: AppState,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    hash: [u8; 32],
    code: String,
    p: ImportParams,
    bytes: Bytes,
) -> Result<Response> {
    if p.dry_run {
        let plan = read(&s, move |r| import_campaign::check(r, &code, &bytes, p.skip_existing)).await?;
        let summary = ImportSummary {
            imported: plan.create.len(),
            skipped: plan.skipped.len(),
            dry_run: true,
        };
        return Ok(Json(summary).into_response());
    }
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        let done = import_campaign::run(w, ctx, &code, &bytes, p.skip_existing)?;
        Ok(ImportSummary {
            imported: done.imported,
            skipped: done.skipped,
            dry_run: false,
        })
    })
    .await
}

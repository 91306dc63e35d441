//! Stock routes: balances, the stock ledger, receipts, transfers and stocktakes.

use super::AppState;
use super::dto::stock::{
    CountInput, Receipt, ReceiptInput, StockEntry, Stocktake, StocktakeInput, Transfer, TransferInput,
    TransferReceiptInput, TransferStatus,
};
use super::dto::wire;
use super::extract::Path;
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::{receipts, stocktakes, transfers};
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists::{self, StockRow};
use crate::queries::page::{Page, PageRequest};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_stock))
        .routes(routes!(list_ledger))
        .routes(routes!(list_receipts, post_receipt))
        .routes(routes!(get_receipt))
        .routes(routes!(list_transfers, ship_transfer))
        .routes(routes!(get_transfer))
        .routes(routes!(receive_transfer))
        .routes(routes!(list_stocktakes, open_stocktake))
        .routes(routes!(get_stocktake))
        .routes(routes!(count_stocktake))
        .routes(routes!(post_stocktake))
        .routes(routes!(cancel_stocktake))
}

/// Stock filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StockParams {
    /// Only this part.
    pub part: Option<String>,
    /// Only this location.
    pub location: Option<String>,
    /// Also rows at zero quantity.
    #[serde(default)]
    pub include_zero: bool,
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

/// Stock balances the caller may see, by part then location; `q` matches the part
/// number, name, a barcode or the location.
#[utoipa::path(get, path = "/stock", tag = "stock", params(StockParams),
    responses((status = 200, description = "Balances", content((Page<StockRow> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_stock(State(s): State<AppState>, caller: Caller, Q(p): Q<StockParams>) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    let (format, short) = (p.format, p.part.is_some() && p.q.is_none());
    let fetch = move |r: &dyn crate::queries::Snapshot, page: &PageRequest| {
        lists::stock(
            r,
            &caller,
            p.part.as_deref(),
            p.location.as_deref(),
            p.include_zero,
            &search,
            page,
        )
    };
    // One part's stock is a few keys of one index: the hot read, answered on the worker.
    if short {
        return super::export::short_list::<_, StockRow, _>(&s, "stock", format, page, fetch).await;
    }
    super::export::list::<_, StockRow, _>(&s, "stock", format, page, fetch).await
}

/// Ledger filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerParams {
    /// Only this part.
    pub part: Option<String>,
    /// Only this location.
    pub location: Option<String>,
    /// `asc` (default) or `desc` by seq.
    pub order: Option<Order>,
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

/// Sort direction by seq.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Oldest first.
    Asc,
    /// Newest first.
    Desc,
}

/// The stock ledger, by seq.
#[utoipa::path(get, path = "/stock/ledger", tag = "stock", params(LedgerParams),
    responses((status = 200, description = "Ledger entries", content((Page<StockEntry> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_ledger(State(s): State<AppState>, caller: Caller, Q(p): Q<LedgerParams>) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    let desc = p.order == Some(Order::Desc);
    super::export::list::<_, StockEntry, _>(&s, "ledger", p.format, page, move |r, page| {
        lists::stock_ledger(
            r,
            &caller,
            p.part.as_deref(),
            p.location.as_deref(),
            desc,
            &search,
            page,
        )
    })
    .await
}

/// Receipt list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceiptParams {
    /// Only receipts at this location.
    pub location: Option<String>,
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

/// Transfer list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TransferParams {
    /// Only transfers from or to this location.
    pub location: Option<String>,
    /// Only this status.
    pub status: Option<TransferStatus>,
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

/// Document list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocParams {
    /// Only documents at (or from/to) this location.
    pub location: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl DocParams {
    fn page(&self) -> PageRequest {
        PageRequest {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}

/// Receipts, newest first.
#[utoipa::path(get, path = "/stock/receipts", tag = "stock", params(ReceiptParams),
    responses((status = 200, description = "Receipts", content((Page<Receipt> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_receipts(State(s): State<AppState>, caller: Caller, Q(p): Q<ReceiptParams>) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, Receipt, _>(&s, "receipts", p.format, page, move |r, page| {
        lists::receipts(r, &caller, p.location.as_deref(), &search, page)
    })
    .await
}

/// Posts a receipt: stock in at cost; Dr `inventory:<location>` / Cr `grni` (clerk).
#[utoipa::path(post, path = "/stock/receipts", tag = "stock", request_body = ReceiptInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Posted", body = Receipt), WriteErrors))]
async fn post_receipt(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Body(input, hash): Body<ReceiptInput>,
) -> Result<Response> {
    caller.require_location(&input.location)?;
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        receipts::post(w, ctx, input.into()).map(Receipt::from)
    })
    .await
}

/// Reads a receipt.
#[utoipa::path(get, path = "/stock/receipts/{id}", tag = "stock", params(("id" = String, Path, description = "Receipt number, e.g. RC-000001")),
    responses((status = 200, description = "The receipt", body = Receipt), ReadErrors))]
async fn get_receipt(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Receipt>> {
    Ok(Json(wire(read(&s, move |r| lists::receipt(r, &caller, &id)).await?)))
}

/// Transfers, newest first.
#[utoipa::path(get, path = "/stock/transfers", tag = "stock", params(TransferParams),
    responses((status = 200, description = "Transfers", content((Page<Transfer> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_transfers(State(s): State<AppState>, caller: Caller, Q(p): Q<TransferParams>) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, Transfer, _>(&s, "transfers", p.format, page, move |r, page| {
        lists::transfers(
            r,
            &caller,
            p.location.as_deref(),
            p.status.map(Into::into),
            &search,
            page,
        )
    })
    .await
}

/// Ships a transfer, direct or two-step through `in-transit` (clerk at the source).
#[utoipa::path(post, path = "/stock/transfers", tag = "stock", request_body = TransferInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Shipped", body = Transfer), WriteErrors))]
async fn ship_transfer(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Body(input, hash): Body<TransferInput>,
) -> Result<Response> {
    caller.require_location(&input.from)?;
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        transfers::ship(w, ctx, input.into()).map(Transfer::from)
    })
    .await
}

/// Reads a transfer.
#[utoipa::path(get, path = "/stock/transfers/{id}", tag = "stock", params(("id" = String, Path, description = "Transfer number, e.g. TR-000001")),
    responses((status = 200, description = "The transfer", body = Transfer), ReadErrors))]
async fn get_transfer(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Transfer>> {
    Ok(Json(wire(read(&s, move |r| lists::transfer(r, &caller, &id)).await?)))
}

/// Receives scanned parts of a two-step transfer at its destination (clerk there, or the
/// station's dealer). Each scan may carry its own `Idempotency-Key`.
#[utoipa::path(post, path = "/stock/transfers/{id}/receipts", tag = "stock", request_body = TransferReceiptInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried scan"),
        ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Received", body = Transfer), WriteErrors))]
async fn receive_transfer(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<TransferReceiptInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        transfers::receive(w, ctx, &id, v, input.into()).map(Transfer::from)
    })
    .await
}

/// Stocktakes, newest first.
#[utoipa::path(get, path = "/stocktakes", tag = "stock", params(DocParams),
    responses((status = 200, description = "Stocktakes", body = Page<Stocktake>), ReadErrors))]
async fn list_stocktakes(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<DocParams>,
) -> Result<Json<Page<Stocktake>>> {
    Ok(Json(wire(
        read(&s, move |r| {
            lists::stocktakes(r, &caller, p.location.as_deref(), &p.page())
        })
        .await?,
    )))
}

/// Opens a stocktake at a location (clerk there); one open count per location.
#[utoipa::path(post, path = "/stocktakes", tag = "stock", request_body = StocktakeInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Opened", body = Stocktake), WriteErrors))]
async fn open_stocktake(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Body(input, hash): Body<StocktakeInput>,
) -> Result<Response> {
    caller.require_location(&input.location)?;
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        stocktakes::open(w, ctx, input.into()).map(Stocktake::from)
    })
    .await
}

/// Reads a stocktake with its counts (and, once posted, its variances).
#[utoipa::path(get, path = "/stocktakes/{id}", tag = "stock", params(("id" = String, Path, description = "Stocktake number, e.g. ST-000001")),
    responses((status = 200, description = "The stocktake", body = Stocktake), ReadErrors))]
async fn get_stocktake(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Stocktake>> {
    Ok(Json(wire(read(&s, move |r| lists::stocktake(r, &caller, &id)).await?)))
}

/// Records a count: a scan adds `qty` (default 1), `counted_qty` sets the count.
#[utoipa::path(post, path = "/stocktakes/{id}/counts", tag = "stock", request_body = CountInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried scan")),
    responses((status = 200, description = "Counted", body = Stocktake), WriteErrors))]
async fn count_stocktake(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<CountInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        stocktakes::count(w, ctx, &id, input.into()).map(Stocktake::from)
    })
    .await
}

/// Posts the variances between counted and booked quantities to `stock:adjustment`.
#[utoipa::path(post, path = "/stocktakes/{id}/post", tag = "stock",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request"),
        ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Posted", body = Stocktake), WriteErrors))]
async fn post_stocktake(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        stocktakes::post(w, ctx, &id, v).map(Stocktake::from)
    })
    .await
}

/// Abandons an open stocktake; nothing is posted.
#[utoipa::path(post, path = "/stocktakes/{id}/cancel", tag = "stock",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request"),
        ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Cancelled", body = Stocktake), WriteErrors))]
async fn cancel_stocktake(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        stocktakes::cancel(w, ctx, &id, v).map(Stocktake::from)
    })
    .await
}

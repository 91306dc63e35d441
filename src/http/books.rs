//! The books: accounts with balances, postings per account, the journal.

use super::AppState;
use super::dto::books::{AccountEntryRow, JournalEntry};
use super::extract::Path;
use super::extract::{Caller, Q};
use super::problem::ReadErrors;
use super::read::read;
use super::stock::Order;
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists::{self, AccountRow};
use crate::queries::page::{Page, PageRequest};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_accounts))
        .routes(routes!(get_account))
        .routes(routes!(account_entries))
        .routes(routes!(list_journal))
}

/// Account list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountParams {
    /// Only accounts whose code starts with this (e.g. `inventory:`).
    pub prefix: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Accounts with balances (debit positive), by code. Finance and admin see all; a dealer
/// sees its own `dealer:<code>` account.
#[utoipa::path(get, path = "/accounts", tag = "books", params(AccountParams),
    responses((status = 200, description = "Accounts", body = Page<AccountRow>), ReadErrors))]
async fn list_accounts(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Q(p): Q<AccountParams>,
) -> Result<Json<Page<AccountRow>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    Ok(Json(
        read(&s, move |r| lists::accounts(r, &caller, p.prefix.as_deref(), &page)).await?,
    ))
}

/// One account's balance (zero if never posted to).
#[utoipa::path(get, path = "/accounts/{code}", tag = "books", params(("code" = String, Path, description = "Account code, e.g. inventory:WH-01 (percent-encoded or not)")),
    responses((status = 200, description = "The account", body = AccountRow), ReadErrors))]
async fn get_account(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Path(code): Path<String>,
) -> Result<Json<AccountRow>> {
    Ok(Json(read(&s, move |r| lists::account(r, &caller, &code)).await?))
}

/// Entry list parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryParams {
    /// `asc` (default) or `desc` by seq.
    pub order: Option<Order>,
    /// Postings from this business date (China Standard Time), inclusive.
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

/// Postings to one account, by journal seq, optionally those of a range of business dates.
#[utoipa::path(get, path = "/accounts/{code}/entries", tag = "books", params(("code" = String, Path), EntryParams),
    responses((status = 200, description = "Postings", content((Page<AccountEntryRow> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn account_entries(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Path(code): Path<String>,
    Q(p): Q<EntryParams>,
) -> Result<Response> {
    let search = lists::Search::new(None, p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    let desc = p.order == Some(Order::Desc);
    super::export::list::<_, AccountEntryRow, _>(&s, "entries", p.format, page, move |r, page| {
        lists::account_entries(r, &caller, &code, desc, &search, page)
    })
    .await
}

/// Journal filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JournalParams {
    /// Only entries of this document.
    pub document: Option<String>,
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

/// The journal (finance, admin), by seq.
#[utoipa::path(get, path = "/journal", tag = "books", params(JournalParams),
    responses((status = 200, description = "Journal entries", content((Page<JournalEntry> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_journal(
    State(s): State<AppState>,
    _caller: Caller<{ FINANCE }>,
    Q(p): Q<JournalParams>,
) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    let desc = p.order == Some(Order::Desc);
    super::export::list::<_, JournalEntry, _>(&s, "journal", p.format, page, move |r, page| {
        lists::journal(r, p.document.as_deref(), desc, &search, page)
    })
    .await
}

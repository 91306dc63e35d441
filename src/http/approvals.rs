//! Requisitions as a supervisor decides them (pending, with their context), the decided
//! ones as history, and an account over a period of business dates (明细账).

use super::AppState;
use super::dto::requisitions::Requisition;
use super::extract::{Caller, Path, Q};
use super::problem::ReadErrors;
use super::read::read;
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists::{self, AccountStatement, ApprovalView, RequisitionContext};
use crate::queries::page::{Page, PageRequest};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_approvals))
        .routes(routes!(account_statement))
}

/// A requisition with what its approver needs to decide it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequisitionReview {
    /// The requisition as stored.
    pub requisition: Requisition,
    /// Requester, station, part names, stock on hand and value, read now.
    pub context: RequisitionContext,
}

/// Approval list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApprovalParams {
    /// `false` (default): waiting for a decision (`submitted`); `true`: approved or
    /// rejected by a supervisor, or cancelled — the history.
    pub decided: Option<bool>,
    /// Only this issuing location.
    pub location: Option<String>,
    /// Text to look for (number, location, requester, decider, part numbers), ignoring case.
    pub q: Option<String>,
    /// From this business date (China Standard Time), inclusive: created for pending
    /// requisitions, decided (or cancelled) for the history.
    pub from_date: Option<NaiveDate>,
    /// Up to this business date, inclusive.
    pub to_date: Option<NaiveDate>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Requisitions to approve (or decided), newest first, each with the requester's name, the
/// station and its dealer, and per line the part's name, the stock on hand at the issuing
/// location (a shortfall named) and the value at the location's moving average. Visible
/// as the requisitions themselves are.
#[utoipa::path(get, path = "/approvals/requisitions", tag = "requisitions", params(ApprovalParams),
    responses((status = 200, description = "Requisitions with their context", body = Page<RequisitionReview>), ReadErrors))]
async fn list_approvals(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<ApprovalParams>,
) -> Result<Json<Page<RequisitionReview>>> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let view = if p.decided == Some(true) {
        ApprovalView::Decided
    } else {
        ApprovalView::Pending
    };
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    let found = read(&s, move |r| {
        lists::approvals(r, &caller, view, p.location.as_deref(), &search, &page)
    })
    .await?;
    Ok(Json(Page {
        items: found
            .items
            .into_iter()
            .map(|(requisition, context)| RequisitionReview {
                requisition: requisition.into(),
                context,
            })
            .collect(),
        next_cursor: found.next_cursor,
    }))
}

/// Statement period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementParams {
    /// First business date (`YYYY-MM-DD`, China Standard Time), inclusive; absent: from
    /// the first posting.
    pub from_date: Option<NaiveDate>,
    /// Last business date, inclusive; absent: up to now.
    pub to_date: Option<NaiveDate>,
}

/// One account over a period (明细账 header): the opening balance before `from_date`, the
/// debits and credits posted on the dates of the period, and the closing balance at the end
/// of `to_date` — the balance as of that date. The postings themselves are
/// `GET /accounts/{code}/entries` with the same dates.
#[utoipa::path(get, path = "/accounts/{code}/statement", tag = "books",
    params(("code" = String, Path, description = "Account code, e.g. inventory:WH-01"), StatementParams),
    responses((status = 200, description = "The account over the period", body = AccountStatement), ReadErrors))]
async fn account_statement(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Path(code): Path<String>,
    Q(p): Q<StatementParams>,
) -> Result<Json<AccountStatement>> {
    lists::Search::new(None, p.from_date, p.to_date)?;
    Ok(Json(
        read(&s, move |r| {
            lists::account_statement(r, &caller, &code, p.from_date, p.to_date)
        })
        .await?,
    ))
}

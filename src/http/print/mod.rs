//! Printed documents: server-rendered HTML pages with print CSS, in Chinese, with no
//! script (the CSP allows inline styles only). Each module renders one document from what
//! `queries::paper` read; this module holds what they share (page frame, money, times)
//! and the routes of the documents that have no other home.

mod delivery_note;
pub(super) mod label;
pub(super) mod notice;
pub(super) mod purchase_list;
mod service_record;
mod shipment;

use super::AppState;
use super::extract::{Caller, Path, Q};
use super::html::escape;
use super::problem::{Problem, ReadErrors};
use super::read::read;
use crate::domain::capitals::amount_in_capitals;
use crate::domain::money::Fen;
use crate::domain::warranty::BUSINESS_UTC_OFFSET_HOURS;
use crate::error::Result;
use crate::queries::paper;
use axum::extract::State;
use axum::response::Html;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, IntoResponses};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(print_service_report))
        .routes(routes!(print_shipment))
        .routes(routes!(delivery_note::print_delivery_note))
}

/// The paper a document is printed on.
#[derive(Debug, Clone, Copy)]
pub(super) enum Sheet {
    /// A4 portrait, 210 × 297 mm.
    A4,
    /// The old-part sticker, 80 × 50 mm.
    Label,
}

/// Type and boxes every A4 document shares.
const A4_CSS: &str = "@page{size:210mm 297mm;margin:14mm 14mm 16mm}\
    body{font:10.5pt/1.45 'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei',SimSun,sans-serif;color:#000;margin:0}\
    @media screen{body{max-width:182mm;margin:1.5em auto}}\
    h1{font-size:17pt;text-align:center;letter-spacing:4pt;margin:0 0 1mm}\
    .no{text-align:center;margin:0 0 4mm;font-size:9.5pt}\
    table{border-collapse:collapse;width:100%}\
    th,td{border:0.3mm solid #000;padding:1mm 1.6mm;vertical-align:top;text-align:left}\
    th{font-weight:bold;background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}\
    tr{break-inside:avoid}thead{display:table-header-group}\
    .n{text-align:right;white-space:nowrap}.c{text-align:center;white-space:nowrap}.nw{white-space:nowrap}\
    .head td{border:none;padding:0.6mm 0}.head th{border:none;background:none;padding:0.6mm 3mm 0.6mm 0;white-space:nowrap;width:1%}\
    .sum td{font-weight:bold}\
    .sign{margin-top:6mm;break-inside:avoid}.sign td{height:22mm;width:25%}\
    .sign .seal{height:34mm}.sign b{display:block;font-size:9.5pt}\
    .foot{margin-top:3mm;font-size:8.5pt;color:#333}";

/// A whole HTML page: `title` (raw text, escaped here), the sheet's page CSS, the
/// document's own `css` and its `body` (already escaped markup).
pub(super) fn page(title: &str, sheet: Sheet, css: &str, body: &str) -> String {
    let base = match sheet {
        Sheet::A4 => A4_CSS,
        Sheet::Label => "",
    };
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>{base}{css}</style></head><body>{body}</body></html>",
        escape(title)
    )
}

/// `¥1,234.56`; a negative amount keeps its sign in front (`-¥12.00`).
pub(super) fn money(amount: Fen) -> String {
    let fen = amount.get();
    let magnitude = fen.unsigned_abs();
    let yuan = (magnitude / 100).to_string();
    let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}¥{grouped}.{:02}", magnitude % 100)
}

/// The amount in figures and in capitals, as a money document's total line shows it.
pub(super) fn money_with_capitals(amount: Fen) -> String {
    format!(
        "{} <span class=\"cap\">（大写：{}）</span>",
        money(amount),
        amount_in_capitals(amount)
    )
}

/// `YYYY-MM-DD HH:mm` in China Standard Time, the business time zone.
pub(super) fn time(at: DateTime<Utc>) -> String {
    (at + Duration::hours(BUSINESS_UTC_OFFSET_HOURS))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Errors a printed service report can answer.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only documents the responses.
pub enum PrintErrors {
    /// The document is not ready to print.
    #[response(
        status = 409,
        description = "invalid_state: the report is not yet confirmed by a supervisor (params: state `unconfirmed`, action `print`)",
        content_type = "application/problem+json"
    )]
    NotReady(Problem),
}

/// The service record (三包维修记录) to print on A4 for the customer's signature: unit,
/// fault, work done, parts with quantities, labor and the signature lines. Only a report a
/// supervisor has confirmed prints; before that the answer is 409 `invalid_state`.
#[utoipa::path(get, path = "/service-reports/{id}/print", tag = "requisitions",
    params(("id" = String, Path, description = "Report number, e.g. SR-000001")),
    responses((status = 200, description = "An HTML page to print (A4)", content_type = "text/html", body = String),
        ReadErrors, PrintErrors))]
async fn print_service_report(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Html<String>> {
    let printed_at = s.clock.now();
    let sheet = read(&s, move |r| paper::service_record(r, &caller, &id)).await?;
    Ok(Html(service_record::render(&sheet, printed_at)))
}

/// Which shipment to print.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShipmentParams {
    /// The carrier's waybill the tags were shipped under.
    pub carrier_ref: String,
    /// The dealer who shipped them (required except for a dealer token, which prints its own).
    pub dealer: Option<String>,
}

/// The old-part shipment list (旧件回运单) to print on A4 and pack with the parcel: the
/// tags a dealer shipped under one waybill, with part, claim and unit, totals and the
/// signature boxes of sender, carrier and receiver.
#[utoipa::path(get, path = "/old-parts/shipments/print", tag = "old parts", params(ShipmentParams),
    responses((status = 200, description = "An HTML page to print (A4)", content_type = "text/html", body = String), ReadErrors))]
async fn print_shipment(State(s): State<AppState>, caller: Caller, Q(p): Q<ShipmentParams>) -> Result<Html<String>> {
    let printed_at = s.clock.now();
    let sheet = read(&s, move |r| {
        paper::shipment(r, &caller, p.dealer.as_deref(), &p.carrier_ref)
    })
    .await?;
    Ok(Html(shipment::render(&sheet, &s.issuer, printed_at)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn money_groups_thousands_and_keeps_two_decimals() {
        assert_eq!(money(Fen(0)), "¥0.00");
        assert_eq!(money(Fen(5)), "¥0.05");
        assert_eq!(money(Fen(123_456)), "¥1,234.56");
        assert_eq!(money(Fen(10_000_000_001)), "¥100,000,000.01");
        assert_eq!(money(Fen(-516_665)), "-¥5,166.65");
        assert_eq!(money(Fen(i64::MIN)), "-¥92,233,720,368,547,758.08");
    }

    #[test]
    fn times_are_china_standard_time() {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 17, 5, 9).unwrap();
        assert_eq!(time(at), "2026-03-02 01:05");
    }
}

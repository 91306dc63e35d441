//! The delivery note (销售发货清单) on A4: one per shipment, the parts with quantities,
//! prices and amounts, the total in figures and capitals, and the signature block the
//! dealer signs and sends back.

use super::{Sheet, money, money_with_capitals, page, time};
use crate::domain::auth::{CLERK, DEALER, FINANCE};
use crate::error::Result;
use crate::http::AppState;
use crate::http::extract::{Caller, Path};
use crate::http::html::escape;
use crate::http::problem::ReadErrors;
use crate::http::read::read;
use crate::queries::delivery_note::{DeliveryNoteSheet, delivery_note};
use axum::extract::State;
use axum::response::Html;
use chrono::{DateTime, Utc};

const CSS: &str = ".lines{margin-top:3mm}.totals{margin-top:-0.3mm}.cap{font-weight:normal}";

/// The note's page; `issuer` ships the goods, `printed_at` dates the print.
pub(in crate::http) fn render(sheet: &DeliveryNoteSheet, issuer: &str, printed_at: DateTime<Utc>) -> String {
    let s = &sheet.shipment;
    let rows: String = s
        .lines
        .iter()
        .zip(&sheet.part_names)
        .map(|(l, name)| {
            format!(
                "<tr><td class=\"c\">{}</td><td class=\"nw\">{}</td><td>{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                l.line,
                escape(&l.part_no),
                escape(name),
                l.qty,
                money(l.unit_price_fen),
                money(l.price_fen),
            )
        })
        .collect();
    let qty: i64 = s.lines.iter().map(|l| l.qty).sum();
    let signed = match s.acknowledged_at {
        Some(at) => format!("已签收回执：{}", time(at)),
        None => "签收后请将本单签字盖章寄回（发货后 15 日内）。".into(),
    };
    let body = format!(
        "<h1>销售发货清单</h1><p class=\"no\">单号：{number}</p>\
         <table class=\"head\">\
         <tr><th>发货单位</th><td>{issuer}（{loc}）</td><th>收货单位</th><td>{code} {name}</td></tr>\
         <tr><th>订单号</th><td>{order}</td><th>发货时间</th><td>{shipped}</td></tr>\
         <tr><th>承运单号</th><td>{waybill}</td><th>打印时间</th><td>{printed}</td></tr></table>\
         <table class=\"lines\"><thead><tr><th class=\"c\">行</th><th>配件号</th><th>配件名称</th>\
         <th class=\"n\">数量</th><th class=\"n\">单价</th><th class=\"n\">金额</th></tr></thead>\
         <tbody>{rows}</tbody></table>\
         <table class=\"totals\"><tr class=\"sum\"><td>合计：{qty} 件，金额 {total}</td></tr></table>\
         <p class=\"foot\">款到发货。{signed}</p>\
         <table class=\"sign\"><tr><td><b>发货人（签字/日期）</b></td><td><b>承运人（签字/日期）</b></td>\
         <td><b>收货人签字/日期</b></td><td class=\"seal\"><b>经销商盖章</b></td></tr></table>",
        number = escape(&s.number),
        issuer = escape(issuer),
        loc = escape(&sheet.location_name),
        code = escape(&sheet.dealer.code),
        name = escape(&sheet.dealer.name),
        order = escape(&s.order),
        shipped = time(s.shipped_at),
        waybill = escape(s.carrier_ref.as_deref().unwrap_or("—")),
        printed = time(printed_at),
        total = money_with_capitals(s.price_fen),
    );
    page(&format!("销售发货清单 {}", s.number), Sheet::A4, CSS, &body)
}

/// The delivery note (销售发货清单) of a shipment to print on A4: parts, quantities,
/// prices, the total in figures and capitals, and the signature block the dealer returns.
#[utoipa::path(get, path = "/shipments/{id}/delivery-note", tag = "supply",
    params(("id" = String, Path, description = "Shipment number, e.g. SH-000001")),
    responses((status = 200, description = "An HTML page to print (A4)", content_type = "text/html", body = String), ReadErrors))]
pub(super) async fn print_delivery_note(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | FINANCE | DEALER }>,
    Path(id): Path<String>,
) -> Result<Html<String>> {
    let printed_at = s.clock.now();
    let sheet = read(&s, move |r| delivery_note(r, &caller, &id)).await?;
    Ok(Html(render(&sheet, &s.issuer, printed_at)))
}

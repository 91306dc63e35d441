//! The old-part shipment list (旧件回运单) on A4: what a dealer packed under one waybill,
//! tag by tag, with the totals the old-parts store counts on arrival and the signature
//! boxes of sender, carrier and receiver.

use super::{Sheet, page, time};
use crate::http::html::escape;
use crate::queries::paper::ShipmentSheet;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

const CSS: &str = ".lines{margin-top:3mm}.totals{margin-top:-0.3mm}";

/// A tag's status in words.
fn status_words(s: crate::domain::claims::TagStatus) -> &'static str {
    use crate::domain::claims::TagStatus::*;
    match s {
        Due => "待返回",
        Shipped => "已发运",
        Received => "已接收",
        Inspected => "已鉴定",
        Overdue => "逾期",
    }
}

/// The list page; `issuer` receives the parts, `printed_at` dates the list.
pub(in crate::http) fn render(sheet: &ShipmentSheet, issuer: &str, printed_at: DateTime<Utc>) -> String {
    let rows: String = sheet
        .tags
        .iter()
        .enumerate()
        .map(|(i, (t, name))| {
            format!(
                "<tr><td class=\"c\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td>{}</td><td class=\"nw\">{}</td>\
                 <td class=\"c\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td></tr>",
                i + 1,
                escape(&t.tag),
                escape(&t.part_no),
                escape(name),
                escape(&t.claim),
                t.line,
                escape(&t.unit_serial),
                t.due_date.format("%Y-%m-%d"),
                status_words(t.status),
            )
        })
        .collect();
    let claims: BTreeSet<&str> = sheet.tags.iter().map(|(t, _)| t.claim.as_str()).collect();
    let parts: BTreeSet<&str> = sheet.tags.iter().map(|(t, _)| t.part_no.as_str()).collect();
    let body = format!(
        "<h1>旧件回运单</h1><p class=\"no\">运单号：{waybill}</p>\
         <table class=\"head\">\
         <tr><th>发运单位</th><td>{code} {name}</td><th>收货单位</th><td>{issuer} 旧件库</td></tr>\
         <tr><th>承运单号</th><td>{waybill}</td><th>制单时间</th><td>{printed}</td></tr></table>\
         <table class=\"lines\"><thead><tr><th class=\"c\">序号</th><th>旧件标签</th><th>配件号</th><th>配件名称</th>\
         <th>索赔单号</th><th class=\"c\">行</th><th>VIN/车辆</th><th>返回期限</th><th>状态</th></tr></thead>\
         <tbody>{rows}</tbody></table>\
         <table class=\"totals\"><tr class=\"sum\"><td>合计：旧件 {count} 件，配件 {kinds} 种，涉及索赔单 {claims} 张</td></tr></table>\
         <p class=\"foot\">每件旧件须贴有对应标签；收货时逐件扫描标签核对，数量不符或标签缺失请在接收栏注明。</p>\
         <table class=\"sign\"><tr><td><b>发运人（签字/日期）</b></td><td><b>承运人（签字/日期）</b></td>\
         <td><b>接收人（签字/日期）</b></td><td class=\"seal\"><b>经销商盖章</b></td></tr></table>",
        waybill = escape(&sheet.carrier_ref),
        code = escape(&sheet.dealer.code),
        name = escape(&sheet.dealer.name),
        issuer = escape(issuer),
        printed = time(printed_at),
        count = sheet.tags.len(),
        kinds = parts.len(),
        claims = claims.len(),
    );
    page(&format!("旧件回运单 {}", sheet.carrier_ref), Sheet::A4, CSS, &body)
}

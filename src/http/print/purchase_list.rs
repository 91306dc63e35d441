//! The purchase list (采购建议单) on A4: what a location should ask for, part by part, with
//! the figures behind each suggestion, the date and the signature boxes of who drew it up,
//! who checked it and who approved it.

use super::{Sheet, page, time};
use crate::domain::master::LocationKind;
use crate::domain::reorder::{Basis, COVER_DAYS, USAGE_DAYS};
use crate::domain::warranty::business_date;
use crate::http::html::escape;
use crate::queries::reorder::Suggestions;

const CSS: &str = ".lines{margin-top:3mm;font-size:9pt}.lines th,.lines td{padding:0.8mm 1mm}\
    .lines th{white-space:normal;text-align:center}.lines .nm{width:26%}.totals{margin-top:-0.3mm}";

/// The rule in words.
fn basis_words(b: Basis) -> &'static str {
    match b {
        Basis::MinMax => "最低/最高库存",
        Basis::Usage => "按消耗",
    }
}

/// The list page of `s` (only the parts with something to ask for).
pub(in crate::http) fn render(s: &Suggestions) -> String {
    let rows: String = s
        .rows
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let levels = match (l.min_qty, l.max_qty) {
                (Some(min), Some(max)) => format!("{min} / {max}"),
                _ => String::new(),
            };
            format!(
                "<tr><td class=\"c\">{}</td><td class=\"nw\">{}</td><td class=\"nm\">{}</td><td class=\"c\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"c\">{}</td><td class=\"nw\">{}</td><td class=\"n\">{}</td><td class=\"n\"><b>{}</b></td></tr>",
                i + 1,
                escape(&l.part_no),
                escape(&l.name),
                escape(&l.unit),
                l.on_hand,
                l.incoming + l.planned,
                l.used,
                l.lead_days,
                levels,
                basis_words(l.basis),
                l.target,
                l.suggested_qty,
            )
        })
        .collect();
    let total: i64 = s.rows.iter().map(|l| l.suggested_qty).sum();
    let title = match s.kind {
        LocationKind::ServiceStation => "调拨申请单",
        _ => "采购建议单",
    };
    let body = format!(
        "<h1>{title}</h1><p class=\"no\">日期：{date}</p>\
         <table class=\"head\">\
         <tr><th>库位</th><td>{code} {name}</td><th>制单时间</th><td>{printed}</td></tr>\
         <tr><th>消耗统计</th><td>{since} 至 {as_of}（{days} 天）</td><th>目标库存</th><td>日均消耗 ×（提前期 + {cover} 天），或补至最高库存</td></tr></table>\
         <table class=\"lines\"><thead><tr><th class=\"c\">序号</th><th>配件号</th><th>配件名称</th><th class=\"c\">单位</th>\
         <th class=\"n\">现存</th><th class=\"n\">在途/已订</th><th class=\"n\">90天消耗</th><th class=\"n\">提前期</th>\
         <th class=\"c\">最低/最高</th><th>依据</th><th class=\"n\">目标</th><th class=\"n\">建议数量</th></tr></thead>\
         <tbody>{rows}</tbody></table>\
         <table class=\"totals\"><tr class=\"sum\"><td>合计：配件 {kinds} 种，建议数量 {total}</td></tr></table>\
         <p class=\"foot\">在途、已下达未发货的订单及已批准的储备计划均已扣除；同一需求不重复建议。</p>\
         <table class=\"sign\"><tr><td><b>制单人（签字/日期）</b></td><td><b>审核人（签字/日期）</b></td>\
         <td><b>批准人（签字/日期）</b></td><td class=\"seal\"><b>部门盖章</b></td></tr></table>",
        date = business_date(s.as_of).format("%Y-%m-%d"),
        code = escape(&s.location),
        name = escape(&s.location_name),
        printed = time(s.as_of),
        since = time(s.since),
        as_of = time(s.as_of),
        days = USAGE_DAYS,
        cover = COVER_DAYS,
        kinds = s.rows.len(),
    );
    page(&format!("{title} {}", s.location), Sheet::A4, CSS, &body)
}

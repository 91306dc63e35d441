//! The service record (三包维修记录) on A4, for the customer's signature: the unit, the
//! fault, the work done, the parts with their quantities, the labor and the travel cost,
//! and the signature lines of customer, technician and station.

use super::{Sheet, money_with_capitals, page, time};
use crate::http::html::escape;
use crate::queries::paper::ServiceRecordSheet;
use chrono::{DateTime, Utc};

const CSS: &str = "h2{font-size:11.5pt;margin:4mm 0 1.5mm}.grid th{width:17%}.text{white-space:pre-wrap}\
    .pledge{margin-top:4mm}";

/// `2小时30分钟` from minutes.
fn labor_words(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}分钟"),
        (h, 0) => format!("{h}小时"),
        (h, m) => format!("{h}小时{m}分钟"),
    }
}

/// The record page; `printed_at` is stamped in the footer.
pub(super) fn render(sheet: &ServiceRecordSheet, printed_at: DateTime<Utc>) -> String {
    let r = &sheet.report;
    let (model, customer, sale) = match &sheet.unit {
        Some(u) => (
            escape(&u.model),
            escape(&u.customer),
            u.sale_date.format("%Y-%m-%d").to_string(),
        ),
        None => ("—".into(), "—".into(), "—".into()),
    };
    let station = match &sheet.location {
        Some(l) => format!("{} {}", escape(&l.code), escape(&l.name)),
        None => escape(&r.location),
    };
    let usage = |v: Option<i64>, unit: &str| v.map_or("—".to_string(), |v| format!("{v} {unit}"));
    let parts: String = sheet
        .parts
        .iter()
        .enumerate()
        .map(|(i, (c, name, unit))| {
            format!(
                "<tr><td class=\"c\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                i + 1,
                escape(&c.part_no),
                escape(name),
                c.qty,
                escape(unit)
            )
        })
        .collect();
    let parts = if parts.is_empty() {
        "<tr><td colspan=\"5\" class=\"c\">（本次维修未更换配件）</td></tr>".to_string()
    } else {
        parts
    };
    let confirmed = r.confirmed_at.map_or("—".to_string(), time);
    let body = format!(
        "<h1>三包维修记录</h1><p class=\"no\">编号：{num}</p>\
         <table class=\"grid\">\
         <tr><th>车辆识别号（VIN）</th><td>{vin}</td><th>车型</th><td>{model}</td></tr>\
         <tr><th>客户</th><td>{customer}</td><th>销售日期</th><td>{sale}</td></tr>\
         <tr><th>维修站点</th><td>{station}</td><th>领料单</th><td>{requisition}</td></tr>\
         <tr><th>行驶里程</th><td>{km}</td><th>工作小时</th><td>{hours}</td></tr>\
         <tr><th>故障代码</th><td colspan=\"3\">{fault}</td></tr>\
         <tr><th>故障及维修内容</th><td colspan=\"3\" class=\"text\">{description}</td></tr>\
         </table>\
         <h2>更换配件</h2><table><thead><tr><th class=\"c\">序号</th><th>配件号</th><th>配件名称</th><th class=\"n\">数量</th><th>单位</th></tr></thead>\
         <tbody>{parts}</tbody></table>\
         <h2>工时与费用</h2><table class=\"grid\">\
         <tr><th>维修工时</th><td>{labor}（{minutes} 分钟）</td></tr>\
         <tr><th>外出服务费</th><td>{travel}</td></tr></table>\
         <p class=\"pledge\">本人确认：上述故障及维修内容属实，车辆已修复并交付使用。</p>\
         <table class=\"sign\"><tr><td><b>客户签字</b>{customer_name}</td><td><b>维修技师（签字）</b></td>\
         <td><b>服务站审核</b>{confirmed}</td><td class=\"seal\"><b>服务站盖章</b></td></tr>\
         <tr><td><b>签字日期</b>{signed}</td><td><b>日期</b></td><td><b>日期</b></td><td><b>日期</b></td></tr></table>\
         <p class=\"foot\">打印时间：{printed}</p>",
        num = escape(&r.number),
        vin = escape(&r.unit_serial),
        requisition = r.requisition.as_deref().map_or("—".to_string(), escape),
        km = usage(r.usage_km, "公里"),
        hours = usage(r.usage_hours, "小时"),
        fault = escape(&r.fault_code),
        description = escape(&r.description),
        labor = labor_words(r.labor_minutes),
        minutes = r.labor_minutes,
        travel = money_with_capitals(r.travel_fen),
        customer_name = escape(&r.customer_name),
        signed = time(r.customer_signed_at),
        printed = time(printed_at),
    );
    page(&format!("三包维修记录 {}", r.number), Sheet::A4, CSS, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labor_reads_in_hours_and_minutes() {
        assert_eq!(labor_words(0), "0分钟");
        assert_eq!(labor_words(45), "45分钟");
        assert_eq!(labor_words(120), "2小时");
        assert_eq!(labor_words(150), "2小时30分钟");
    }
}

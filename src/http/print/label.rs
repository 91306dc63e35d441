//! The old-part tag label: one 80 × 50 mm sticker with the tag as a Code 39 barcode, the
//! part, the claim line, the dealer, the unit and the due date. Every line is cut to the
//! sticker's width, so a long name never pushes the label onto a second sticker.

use super::{Sheet, page};
use crate::domain::code39;
use crate::error::{Error, Result};
use crate::http::html::escape;
use crate::queries::paper::LabelSheet;

const CSS: &str = "@page{size:80mm 50mm;margin:0}html,body{margin:0;padding:0}\
    .label{box-sizing:border-box;width:80mm;height:50mm;padding:2mm 3mm;overflow:hidden;\
    font:8.5pt/1.3 'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei',SimSun,sans-serif;color:#000}\
    .bar svg{display:block;width:74mm;height:14mm}\
    .tag{font:bold 10pt/1.2 monospace;text-align:center;letter-spacing:1pt;margin:0.6mm 0 0.8mm}\
    table{width:100%;border-collapse:collapse;table-layout:fixed}\
    td{padding:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}td.k{width:15mm}\
    @media screen{body{margin:1em}.label{outline:1px dashed #999}}";

/// The label page of one tag.
pub(in crate::http) fn render(sheet: &LabelSheet) -> Result<String> {
    let t = &sheet.tag;
    let barcode = code39::svg(&t.tag, 60).ok_or_else(|| Error::Internal(format!("tag {} cannot be encoded", t.tag)))?;
    let body = format!(
        "<div class=\"label\"><div class=\"bar\">{barcode}</div><div class=\"tag\">{tag}</div><table>\
         <tr><td class=\"k\">配件</td><td>{part_no} {part_name}</td></tr>\
         <tr><td class=\"k\">索赔单</td><td>{claim} 第{line}行</td></tr>\
         <tr><td class=\"k\">经销商</td><td>{dealer} {dealer_name}</td></tr>\
         <tr><td class=\"k\">VIN</td><td>{unit}</td></tr>\
         <tr><td class=\"k\">返回期限</td><td><b>{due}</b></td></tr></table></div>",
        tag = escape(&t.tag),
        part_no = escape(&t.part_no),
        part_name = escape(&sheet.part_name),
        claim = escape(&t.claim),
        line = t.line,
        dealer = escape(&t.dealer),
        dealer_name = escape(&sheet.dealer.name),
        unit = escape(&t.unit_serial),
        due = t.due_date.format("%Y-%m-%d"),
    );
    Ok(page(&format!("旧件标签 {}", t.tag), Sheet::Label, CSS, &body))
}

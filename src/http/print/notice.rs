//! The write-off notice (三包费用核销通知) on A4: issuer, dealer, period, one row per
//! settled claim line, the total in figures and in capitals, the dealer's balance before
//! and after in words, and the signature and seal boxes.

use super::{Sheet, money, money_with_capitals, page, time};
use crate::domain::claims::LineKind;
use crate::domain::money::Fen;
use crate::domain::paper::DealerBalance;
use crate::domain::settlement::SettlementStatus;
use crate::http::html::escape;
use crate::queries::paper::{NoticeRow, NoticeSheet};

const CSS: &str = ".cancelled{border:0.6mm solid #000;text-align:center;font-size:14pt;font-weight:bold;padding:1mm;margin:2mm 0}\
    .lines{margin-top:3mm}.totals{margin-top:-0.3mm}.balance{margin-top:3mm}.balance th{width:34%}";

/// The status in words.
fn status_words(s: SettlementStatus) -> &'static str {
    match s {
        SettlementStatus::Draft => "草稿（未发出）",
        SettlementStatus::Issued => "已发出，待经销商确认",
        SettlementStatus::Confirmed => "经销商已确认",
        SettlementStatus::Cancelled => "已作废",
    }
}

/// A balance of `dealer:<code>` in words: who owes whom, never a bare signed figure.
fn balance_words(balance: Fen) -> String {
    match DealerBalance::of(balance) {
        DealerBalance::Owed(f) => format!("经销商欠款 {}", money(f)),
        DealerBalance::InDealersFavour(f) => format!("应付经销商 {}", money(f)),
        DealerBalance::Settled => format!("已结清（{}）", money(Fen::ZERO)),
    }
}

/// What a row paid for: the part of a part line, else the cost type.
fn what(row: &NoticeRow) -> String {
    match (row.line.kind, &row.part) {
        (LineKind::Part, Some((no, name))) => format!("配件 {} {}", escape(no), escape(name)),
        (LineKind::Part, None) => "配件".into(),
        (LineKind::Labor, _) => "工时费".into(),
        (LineKind::Travel, _) => "外出服务费".into(),
        (LineKind::Other, _) => "其他费用".into(),
    }
}

/// The notice page. `issuer` is the manufacturer's name.
pub(in crate::http) fn render(sheet: &NoticeSheet, issuer: &str) -> String {
    let st = &sheet.settlement;
    let rows: String = sheet
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "<tr><td class=\"c\">{}</td><td class=\"nw\">{}</td><td class=\"c\">{}</td><td class=\"nw\">{}</td><td>{}</td><td class=\"nw\">{}</td><td class=\"n\">{}</td></tr>",
                i + 1,
                escape(&r.line.claim),
                r.line.line,
                escape(&r.unit_serial),
                what(r),
                r.line.decided_date.format("%Y-%m-%d"),
                money(r.line.amount_fen),
            )
        })
        .collect();
    let rows = if rows.is_empty() {
        "<tr><td colspan=\"7\" class=\"c\">（无核销明细）</td></tr>".to_string()
    } else {
        rows
    };
    let cancelled = if st.status == SettlementStatus::Cancelled {
        "<div class=\"cancelled\">本通知已作废 · 不作核销依据</div>"
    } else {
        ""
    };
    let confirmed = match st.confirmed_at {
        Some(at) => format!("<tr><th>确认时间</th><td>{}</td></tr>", time(at)),
        None => String::new(),
    };
    let issued = match st.issued_at {
        Some(at) => time(at),
        None => "（未发出）".into(),
    };
    let body = format!(
        "<h1>三包费用核销通知</h1><p class=\"no\">编号：{num}</p>{cancelled}\
         <table class=\"head\">\
         <tr><th>发文单位</th><td>{issuer}</td><th>状态</th><td>{status}</td></tr>\
         <tr><th>经销商</th><td>{code} {name}</td><th>核销期间</th><td>{from} 至 {to}</td></tr>\
         <tr><th>制单时间</th><td>{created}</td><th>发出时间</th><td>{issued}</td></tr>{confirmed}\
         </table>\
         <p>{name}：贵单位下列三包索赔经审核批准，费用核销如下，冲减贵单位对我方的欠款。</p>\
         <table class=\"lines\"><thead><tr><th class=\"c\">序号</th><th>索赔单号</th><th class=\"c\">行</th><th>VIN/车辆</th>\
         <th>配件或费用类别</th><th>审批日期</th><th class=\"n\">金额</th></tr></thead><tbody>{rows}</tbody></table>\
         <table class=\"totals\">\
         <tr><th>分类小计</th><td>配件费 {parts}；工时费 {labor}；外出服务费 {travel}；其他费用 {other}</td></tr>\
         <tr class=\"sum\"><th>核销合计</th><td>{total}</td></tr></table>\
         <table class=\"balance\">\
         <tr><th>核销前经销商往来余额</th><td>{before}</td></tr>\
         <tr><th>本次核销金额</th><td>{total_plain}，冲减经销商欠款</td></tr>\
         <tr><th>核销后经销商往来余额（确认后）</th><td><b>{after}</b></td></tr></table>\
         <p class=\"foot\">说明：往来余额指经销商对{issuer}的欠款。“经销商欠款”为经销商应付{issuer}的金额；\
         “应付经销商”为{issuer}应付经销商的金额，可在后续往来中抵扣或支付。核销前余额为制单时的余额。\
         本通知经经销商确认后生效。</p>\
         <table class=\"sign\"><tr><td><b>经办人（签字/日期）</b></td><td><b>审核（签字/日期）</b></td>\
         <td><b>财务负责人（签字/日期）</b></td><td class=\"seal\" rowspan=\"2\"><b>财务专用章</b></td></tr>\
         <tr><td colspan=\"2\"><b>经销商确认（签字/日期）</b></td><td><b>经销商盖章</b></td></tr></table>",
        num = escape(&st.number),
        issuer = escape(issuer),
        status = status_words(st.status),
        code = escape(&st.dealer),
        name = escape(&sheet.dealer.name),
        from = st.period_from_date.format("%Y-%m-%d"),
        to = st.period_to_date.format("%Y-%m-%d"),
        created = time(st.created_at),
        parts = money(st.parts_fen),
        labor = money(st.labor_fen),
        travel = money(st.travel_fen),
        other = money(st.other_fen),
        total = money_with_capitals(st.total_fen),
        total_plain = money(st.total_fen),
        before = balance_words(st.dealer_balance_fen),
        after = balance_words(st.resulting_balance_fen),
    );
    page(&format!("三包费用核销通知 {}", st.number), Sheet::A4, CSS, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balances_say_who_owes_whom() {
        assert_eq!(balance_words(Fen(500_000)), "经销商欠款 ¥5,000.00");
        assert_eq!(balance_words(Fen(-516_665)), "应付经销商 ¥5,166.65");
        assert_eq!(balance_words(Fen(0)), "已结清（¥0.00）");
    }
}

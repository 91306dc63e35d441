//! The printed documents over HTTP: the tag label, the write-off notice, the service record
//! and the old-part shipment list are script-free HTML pages sized for their paper, carry
//! the facts a filing office checks (the notice's total in capitals, the balance in words),
//! refuse a service report that is not yet confirmed, and show a dealer only its own.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{CLERK, DEALER, FINANCE, REVIEWER, SUPERVISOR, TestApp, UNIT, claim_body, repaired};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

const OTHER_DEALER: &str = "demo-dealer-D002";
const TAG: &str = "OP-2026-000001";

/// (status, content type, body text) of a GET.
async fn page(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, String) {
    let req = Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, String::from_utf8(bytes.to_vec()).unwrap())
}

/// A print page answered 200 as script-free HTML; its text.
async fn printed(app: &TestApp, path: &str, token: &str) -> String {
    let (status, content_type, html) = page(app, path, token).await;
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    assert!(content_type.starts_with("text/html"), "{path}: {content_type}");
    assert!(!html.contains("<script") && !html.contains("window.print"), "{path}");
    html
}

fn assert_says(html: &str, words: &[&str]) {
    for w in words {
        assert!(html.contains(w), "{w:?} missing from {html}");
    }
}

/// Scenario B's claim CL-000001 approved (its old part shipped under SF1, received and
/// inspected) and settlement SE-000001 drawn up for D001: labor ¥200 + travel ¥150.
async fn settled() -> TestApp {
    let app = repaired(Some("2026-03-10")).await;
    app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    app.ok(
        "/api/v1/old-parts/shipments",
        DEALER,
        json!({"tags": [TAG], "carrier_ref": "SF1"}),
        201,
    )
    .await;
    app.ok("/api/v1/old-parts/receipts", CLERK, json!({"tag": TAG}), 200)
        .await;
    app.ok(
        &format!("/api/v1/old-parts/{TAG}/inspection"),
        REVIEWER,
        json!({"disposition": "supplier_fault"}),
        200,
    )
    .await;
    let all = json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}, {"line": 2, "outcome": "approve"}, {"line": 3, "outcome": "approve"}]});
    app.ok("/api/v1/claims/CL-000001/review", REVIEWER, all, 200).await;
    app.ok(
        "/api/v1/settlements",
        FINANCE,
        json!({"dealer": "D001", "period_from_date": "2026-09-01", "period_to_date": "2026-09-30"}),
        201,
    )
    .await;
    app
}

#[tokio::test]
async fn the_notice_is_a4_chinese_with_the_total_in_capitals_and_the_balance_in_words() {
    let app = settled().await;
    let html = printed(&app, "/api/v1/settlements/SE-000001/notice", DEALER).await;
    assert_says(
        &html,
        &[
            "size:210mm 297mm",
            "三包费用核销通知",
            "SE-000001",
            "发文单位</th><td>制造商售后服务部",
            "D001 Longjiang Bus Service",
            "2026-09-01 至 2026-09-30",
            UNIT,
            "工时费",
            "外出服务费",
            "¥200.00",
            "¥150.00",
            "¥350.00 <span class=\"cap\">（大写：叁佰伍拾元整）</span>",
            "已结清（¥0.00）",
            "应付经销商 ¥350.00",
            "经办人",
            "审核",
            "财务专用章",
            "经销商确认",
        ],
    );
    assert!(
        !html.contains("CNY") && !html.contains("-350") && !html.contains("-¥"),
        "{html}"
    );
    let (status, _, _) = page(&app, "/api/v1/settlements/SE-000001/notice", OTHER_DEALER).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another dealer's notice is not there");
}

#[tokio::test]
async fn the_label_is_one_80_by_50_sticker_with_the_barcode_and_every_field() {
    let app = settled().await;
    let html = printed(&app, &format!("/api/v1/old-parts/{TAG}/label"), DEALER).await;
    assert_says(
        &html,
        &[
            "size:80mm 50mm",
            "<svg",
            TAG,
            "BC-3519 Brake chamber",
            "CL-000001 第1行",
            "D001 Longjiang Bus Service",
            UNIT,
            "返回期限",
            "2026-10-14",
        ],
    );
    let (status, _, _) = page(&app, &format!("/api/v1/old-parts/{TAG}/label"), OTHER_DEALER).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_service_record_prints_once_confirmed_and_escapes_what_people_typed() {
    let app = repaired(Some("2026-03-10")).await;
    let sr = app
        .ok(
            "/api/v1/service-reports",
            DEALER,
            json!({"unit_serial": UNIT, "requisition": "RQ-000001", "fault_code": "BRK-021",
                "description": "Rear brake chamber <b>leaking</b>; replaced", "usage_km": 81300,
                "labor_minutes": 150, "travel_fen": 15000, "consumed": [{"part_no": "BC-3519", "qty": 1}],
                "customer_name": "王师傅 & Sons", "customer_signed_at": "2026-09-14T06:30:00Z"}),
            201,
        )
        .await;
    let number = sr["number"].as_str().unwrap();
    let path = format!("/api/v1/service-reports/{number}/print");
    let early = app.get(&path, DEALER).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert_eq!(early.body["code"], "invalid_state");
    assert_eq!(
        early.body["params"],
        json!({"entity": "service_report", "key": number, "state": "unconfirmed", "action": "print"})
    );
    app.ok(
        &format!("/api/v1/service-reports/{number}/confirm"),
        SUPERVISOR,
        json!({}),
        200,
    )
    .await;
    let html = printed(&app, &path, DEALER).await;
    assert_says(
        &html,
        &[
            "size:210mm 297mm",
            "三包维修记录",
            number,
            UNIT,
            "K9-City",
            "Harbin Bus Line 12",
            "BRK-021",
            "Rear brake chamber &lt;b&gt;leaking&lt;/b&gt;; replaced",
            "81300 公里",
            "<td>BC-3519</td><td>Brake chamber</td><td class=\"n\">1</td>",
            "2小时30分钟",
            "¥150.00",
            "壹佰伍拾元整",
            "王师傅 &amp; Sons",
            "客户签字",
            "2026-09-14 14:30",
        ],
    );
    assert!(!html.contains("<b>leaking"), "typed markup is escaped");
    let (status, _, _) = page(&app, &path, OTHER_DEALER).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let missing = app.get("/api/v1/service-reports/SR-999999/print", DEALER).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_shipment_list_shows_the_waybills_tags_to_their_dealer_only() {
    let app = settled().await;
    let html = printed(&app, "/api/v1/old-parts/shipments/print?carrier_ref=SF1", DEALER).await;
    assert_says(
        &html,
        &[
            "size:210mm 297mm",
            "旧件回运单",
            "SF1",
            "D001 Longjiang Bus Service",
            TAG,
            "BC-3519",
            "CL-000001",
            UNIT,
            "旧件 1 件",
            "发运人",
            "承运人",
            "接收人",
        ],
    );
    let finance = printed(
        &app,
        "/api/v1/old-parts/shipments/print?carrier_ref=SF1&dealer=D001",
        FINANCE,
    )
    .await;
    assert!(finance.contains(TAG));
    let unnamed = app
        .get("/api/v1/old-parts/shipments/print?carrier_ref=SF1", FINANCE)
        .await;
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unnamed.body);
    assert_eq!(unnamed.body["params"]["field"], "dealer");
    for (path, token) in [
        ("/api/v1/old-parts/shipments/print?carrier_ref=SF1", OTHER_DEALER),
        (
            "/api/v1/old-parts/shipments/print?carrier_ref=SF1&dealer=D001",
            OTHER_DEALER,
        ),
        ("/api/v1/old-parts/shipments/print?carrier_ref=NOPE", DEALER),
    ] {
        let a = app.get(path, token).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}: {}", a.body);
    }
    let missing = app.get("/api/v1/old-parts/shipments/print", DEALER).await;
    assert_eq!(missing.status.as_u16() / 100, 4, "no waybill is a client error");
}

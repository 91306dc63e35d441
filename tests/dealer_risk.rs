//! The dealer-risk report over the demo data: the Guangzhou dealer, whose claims stand
//! out, comes first with its reasons; figures reconcile with the claims; who may read it;
//! the CSV; bad input.

mod common;

use common::{DEALER, FINANCE, NowUtc, REVIEWER, SUPERVISOR, TestApp};
use serde_json::Value;

async fn demo() -> TestApp {
    let app = TestApp::new();
    sanbao::fixtures::load_demo(&app.db, app.clock.now_utc()).unwrap();
    app
}

fn codes(row: &Value) -> Vec<&str> {
    row["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_standout_dealer_is_first_with_its_reasons() {
    let app = demo().await;
    let report = get_ok(&app, "/api/v1/reports/dealer-risk?report_date=2026-03-01", REVIEWER).await;
    assert_eq!(report["report_date"], "2026-03-01");
    assert_eq!(report["from_date"], "2025-09-03", "180 days ending on the report date");
    let dealers = report["dealers"].as_array().unwrap();
    let first = &dealers[0];
    assert_eq!(first["dealer"], "D004");
    assert_eq!(first["dealer_name"], "广州岭南客车售后服务有限公司");
    assert_eq!((first["units"].as_u64(), first["claims"].as_u64()), (Some(3), Some(7)));
    close(&first["claims_per_100_units"], 700.0 / 3.0);
    assert_eq!(
        (first["units_claimed"].as_u64(), first["repeat_claims"].as_u64()),
        (Some(3), Some(4))
    );
    close(&first["repeats_per_unit"], 4.0 / 3.0);
    assert_eq!(first["near_expiry_claims"], 7);
    assert_eq!(first["near_expiry_share"].as_f64(), Some(1.0));
    let reasons = codes(first);
    assert_eq!(
        &reasons[..3],
        ["claims_per_unit_high", "repeat_claims_high", "near_expiry_high"]
    );
    let r0 = &first["reasons"][0];
    assert_eq!(r0["ratio"].as_f64(), Some(3.0), "capped");
    assert_eq!(r0["points"].as_f64(), Some(40.0));
    assert_eq!(r0["value"], first["claims_per_100_units"]);
    assert_eq!(r0["median"], report["medians"]["claims_per_100_units"]);
    assert!(first["score"].as_u64().unwrap() >= 80, "{first}");
    // Highest score first; every other dealer scores below and no other has all three.
    let scores: Vec<u64> = dealers.iter().map(|d| d["score"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores[1] < scores[0]);
    // The claims counted are exactly the claims filed in the window.
    let claims = get_ok(&app, "/api/v1/claims?limit=500", REVIEWER).await;
    let filed = claims["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["filing_date"].is_string())
        .count() as u64;
    let counted: u64 = dealers.iter().map(|d| d["claims"].as_u64().unwrap()).sum();
    assert_eq!(counted, filed);
    let d4_claimed: i64 = claims["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dealer"] == "D004")
        .map(|c| c["claimed_fen"].as_i64().unwrap())
        .sum();
    assert_eq!(first["claimed_fen"].as_i64(), Some(d4_claimed));
    assert_eq!(first["average_claim_fen"].as_i64(), Some((d4_claimed + 3) / 7));
}

#[tokio::test]
async fn before_the_window_nothing_counts_and_units_are_those_sold_by_then() {
    let app = demo().await;
    // A year ago the trucks were not yet sold and no claim was filed.
    let report = get_ok(&app, "/api/v1/reports/dealer-risk?report_date=2025-03-01", FINANCE).await;
    let dealers = report["dealers"].as_array().unwrap();
    assert!(dealers.iter().all(|d| d["claims"] == 0 && d["score"] == 0), "{report}");
    assert!(dealers.iter().all(|d| d["dealer"] != "D004"), "no D004 unit sold yet");
    assert!(report["medians"]["average_claim_fen"].is_null());
}

#[tokio::test]
async fn who_may_read_it_and_the_csv() {
    let app = demo().await;
    let path = "/api/v1/reports/dealer-risk?report_date=2026-03-01";
    get_ok(&app, path, SUPERVISOR).await;
    get_ok(&app, path, common::ADMIN).await;
    let refused = app.get(path, DEALER).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body["code"], "forbidden");
    let text = csv_text(&app, &format!("{path}&format=csv")).await;
    assert!(
        text.starts_with("\u{feff}dealer,dealer_name,score,units,claims,"),
        "{text}"
    );
    let second = text.split("\r\n").nth(1).unwrap();
    assert!(second.starts_with("D004,广州岭南客车售后服务有限公司,"), "{second}");
    assert!(
        second.contains(",claims_per_unit_high repeat_claims_high near_expiry_high"),
        "{second}"
    );
    let bad = app.get("/api/v1/reports/dealer-risk?format=pdf", REVIEWER).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.body["code"], "validation_failed");
    let bad = app
        .get("/api/v1/reports/dealer-risk?report_date=2026-3-1", REVIEWER)
        .await;
    assert!(bad.status == 400 || bad.status == 422, "{}", bad.status);
}

async fn csv_text(app: &TestApp, path: &str) -> String {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::get(path)
        .header("authorization", format!("Bearer {REVIEWER}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    String::from_utf8(resp.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

async fn get_ok(app: &TestApp, path: &str, token: &str) -> Value {
    let a = app.get(path, token).await;
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    a.body
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap();
    assert!((got - want).abs() < 1e-9, "{got} ≠ {want}");
}

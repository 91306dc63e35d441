//! Warranty analytics over HTTP: a small fleet with known sale, production and failure
//! dates, and every MIS cell, units-at-risk count and rate worked out by hand — including
//! sales on the 31st, whose months end on the month's last day.

mod common;

use common::*;
use serde_json::{Value, json};

/// (serial, model, sale date, production date)
const FLEET: &[(&str, &str, &str, Option<&str>)] = &[
    ("U1", "K9-City", "2026-01-31", Some("2026-01-10")),
    ("U2", "K9-City", "2026-01-31", Some("2025-12-20")),
    ("U3", "K9-City", "2026-03-15", None),
    ("U4", "K9-City", "2026-05-31", None),
    ("U5", "K9-City", "2026-06-01", None),
    ("U6", "K7-Coach", "2026-02-10", None),
];

async fn fleet() -> TestApp {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.clock.set(at(2026, 1, 5));
    for (serial, model, sale, built) in FLEET {
        let mut body =
            json!({"serial": serial, "model": model, "dealer": "D001", "customer": "Fleet", "sale_date": sale});
        if let Some(b) = built {
            body["built_on"] = json!(b);
        }
        app.ok("/api/v1/units", ADMIN, body, 201).await;
    }
    for model in ["K9-City", "K7-Coach"] {
        app.ok(
            "/api/v1/policies",
            ADMIN,
            json!({"model": model, "effective_from_date": "2025-01-01", "months": 24,
                "labor_rate_fen": 8000, "filing_days": 400}),
            201,
        )
        .await;
    }
    app.ok(
        "/api/v1/units/U1/registration",
        CLERK,
        json!({"received_date": "2026-02-05"}),
        200,
    )
    .await;
    // (unit, failure date, fault, part); filed the same day, in this order.
    let claims = [
        ("U1", "2026-02-27", "BRK-021", "BC-3519"),  // MIS 1
        ("U1", "2026-02-28", "ENG-001", "FLT-0042"), // MIS 2: 01-31 + 1 month is 02-28
        ("U2", "2026-03-30", "BRK-021", "BC-3519"),  // MIS 2: 01-31 + 2 months is 03-31
        ("U6", "2026-04-09", "BRK-021", "BC-3519"),  // MIS 2 (02-10 + 2 months is 04-10)
        ("U3", "2026-06-20", "BRK-021", "BC-3519"),  // MIS 4
        ("U4", "2026-06-30", "BRK-021", "BC-3519"),  // MIS 2: 05-31 + 1 month is 06-30
    ];
    for (unit, failure, fault, part) in claims {
        let day: chrono::NaiveDate = failure.parse().unwrap();
        use chrono::Datelike;
        app.clock.set(at(day.year(), day.month(), day.day()));
        let body = json!({"unit_serial": unit, "failure_date": failure, "repair_date": failure, "usage_km": 1000,
            "fault_code": fault, "description": "fault",
            "lines": [{"kind": "part", "part_no": part, "qty": 1, "source": "dealer_stock"}, {"kind": "labor", "minutes": 60}]});
        let claim = app.ok("/api/v1/claims", DEALER, body, 201).await;
        let number = claim["number"].as_str().unwrap().to_string();
        app.ok(&format!("/api/v1/claims/{number}/submit"), DEALER, json!({}), 200)
            .await;
    }
    // A draft is never filed, so it never counts.
    app.ok(
        "/api/v1/claims",
        DEALER,
        json!({"unit_serial": "U5", "failure_date": "2026-06-30", "repair_date": "2026-06-30", "usage_km": 10,
            "fault_code": "BRK-021", "description": "draft", "lines": [{"kind": "labor", "minutes": 30}]}),
        201,
    )
    .await;
    app
}

/// (at_risk, claims, rate) of each row.
fn cells(rows: &Value) -> Vec<(u64, u64, Option<f64>)> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["at_risk"].as_u64().unwrap(),
                r["claims"].as_u64().unwrap(),
                r["rate_per_1000"].as_f64(),
            )
        })
        .collect()
}

async fn mis(app: &TestApp, query: &str) -> Value {
    let a = app
        .get(&format!("/api/v1/reports/mis?months=6&{query}"), REVIEWER)
        .await;
    assert_eq!(a.status, 200, "{query}: {}", a.body);
    a.body
}

#[tokio::test]
async fn every_mis_cell_as_worked_by_hand() {
    let app = fleet().await;
    app.clock.set(at(2026, 7, 2));
    // On 2026-06-30: U1, U2 have 5 whole months (06-30 is 01-31 + 5, clamped), U6 4, U3 3,
    // U4 1 (05-31 + 1 month is 06-30), U5 none.
    let all = mis(&app, "report_date=2026-06-30").await;
    assert_eq!((all["units"].as_u64(), all["claims"].as_u64()), (Some(6), Some(6)));
    assert_eq!(
        cells(&all["rows"]),
        vec![
            (5, 1, Some(200.0)),
            (4, 4, Some(1000.0)),
            (4, 0, Some(0.0)),
            (3, 1, Some(1000.0 / 3.0)),
            (2, 0, Some(0.0)),
            (0, 0, None),
        ]
    );
    // A day earlier U4 has not completed its first month and its claim has not failed yet.
    let before = mis(&app, "report_date=2026-06-29").await;
    assert_eq!(cells(&before["rows"])[..2], [(4, 1, Some(250.0)), (4, 3, Some(750.0))]);
    let model = mis(&app, "report_date=2026-06-30&model=K9-City").await;
    assert_eq!(
        cells(&model["rows"])[..5],
        [
            (4, 1, Some(250.0)),
            (3, 3, Some(1000.0)),
            (3, 0, Some(0.0)),
            (2, 1, Some(500.0)),
            (2, 0, Some(0.0))
        ]
    );
    // Part and supplier cuts count the claims with the part; every unit stays at risk.
    for cut in ["part=bc-3519", "supplier=S-03"] {
        let part = mis(&app, &format!("report_date=2026-06-30&{cut}")).await;
        let got: Vec<(u64, u64)> = cells(&part["rows"]).iter().map(|c| (c.0, c.1)).collect();
        assert_eq!(got, vec![(5, 1), (4, 3), (4, 0), (3, 1), (2, 0), (0, 0)], "{cut}");
    }
    let fault = mis(&app, "report_date=2026-06-30&fault_code=ENG-001").await;
    assert_eq!(cells(&fault["rows"])[1], (4, 1, Some(250.0)));
    assert_eq!(fault["claims"], 1);
    let sold = mis(&app, "report_date=2026-06-30&sale_month=2026-01").await;
    assert_eq!(cells(&sold["rows"])[..2], [(2, 1, Some(500.0)), (2, 2, Some(1000.0))]);
    let built = mis(&app, "report_date=2026-06-30&production_month=2026-01").await;
    assert_eq!(built["units"], 1);
    assert_eq!(cells(&built["rows"])[..2], [(1, 1, Some(1000.0)), (1, 1, Some(1000.0))]);
    // A claim beyond the last column is reported apart.
    let short = app
        .get("/api/v1/reports/mis?report_date=2026-06-30&months=3", FINANCE)
        .await
        .body;
    assert_eq!(
        (short["claims"].as_u64(), short["claims_beyond"].as_u64()),
        (Some(5), Some(1))
    );
}

#[tokio::test]
async fn the_nevada_table_and_the_csv_exports() {
    let app = fleet().await;
    let nevada = app
        .get("/api/v1/reports/nevada?months=6&report_date=2026-06-30", FINANCE)
        .await
        .body;
    let months: Vec<&str> = nevada["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["sale_month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-01", "2026-02", "2026-03", "2026-05", "2026-06"]);
    let jan = &nevada["cohorts"][0];
    assert_eq!((jan["units"].as_u64(), jan["claims"].as_u64()), (Some(2), Some(3)));
    assert_eq!(
        cells(&jan["rows"]),
        vec![
            (2, 1, Some(500.0)),
            (2, 2, Some(1000.0)),
            (2, 0, Some(0.0)),
            (2, 0, Some(0.0)),
            (2, 0, Some(0.0)),
            (0, 0, None)
        ]
    );
    let may = &nevada["cohorts"][3];
    assert_eq!(cells(&may["rows"])[..2], [(1, 0, Some(0.0)), (0, 1, None)]);
    let csv = app
        .send(
            axum::http::Request::get("/api/v1/reports/mis?months=3&report_date=2026-06-30&format=csv")
                .header("authorization", format!("Bearer {REVIEWER}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = csv_text(&app, "/api/v1/reports/mis?months=3&report_date=2026-06-30&format=csv").await;
    assert_eq!(
        text,
        "\u{feff}mis,at_risk,claims,rate_per_1000\r\n1,5,1,200.000\r\n2,4,4,1000.000\r\n3,4,0,0.000\r\n"
    );
    let text = csv_text(
        &app,
        "/api/v1/reports/nevada?months=2&report_date=2026-06-30&format=csv",
    )
    .await;
    assert!(
        text.contains("\r\n2026-05,1,1,1,0,0.000\r\n2026-05,1,2,0,1,\r\n"),
        "{text}"
    );
}

async fn csv_text(app: &TestApp, path: &str) -> String {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::get(path)
        .header("authorization", format!("Bearer {FINANCE}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    String::from_utf8(resp.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

#[tokio::test]
async fn the_approved_basis_counts_decided_claims_with_an_approved_amount() {
    let app = fleet().await;
    app.clock.set(at(2026, 7, 2));
    // CL-000001 (U1, registered, MIS 1): labor approved; the part line still waits for
    // its old part.
    app.ok(
        "/api/v1/claims/CL-000001/review",
        REVIEWER,
        json!({"action": "decide", "lines": [{"line": 2, "outcome": "approve"}]}),
        200,
    )
    .await;
    let approved = mis(&app, "report_date=2026-07-02&basis=approved").await;
    assert_eq!(approved["claims"], 1);
    assert_eq!(
        cells(&approved["rows"])[0],
        (6, 1, Some(1000.0 / 6.0)),
        "U6 too has a month"
    );
    assert_eq!(approved["basis"], "approved");
    let by_part = mis(&app, "report_date=2026-07-02&basis=approved&part=BC-3519").await;
    assert_eq!(by_part["claims"], 0, "the part's line is not approved");
    // Decided on 07-02: not yet approved on 07-01.
    let earlier = mis(&app, "report_date=2026-07-01&basis=approved").await;
    assert_eq!(earlier["claims"], 0);
    // Reserve: K9-City has 1 approved claim of ¥80.00 (60 minutes at ¥80.00 an hour).
    let reserve = app.get("/api/v1/reports/reserve?report_date=2026-07-02", FINANCE).await;
    assert_eq!(reserve.status, 200, "{}", reserve.body);
    let k9 = &reserve.body["models"].as_array().unwrap()[1];
    assert_eq!(k9["model"], "K9-City");
    assert_eq!(k9["average_cost_fen"], 8000);
    assert_eq!(
        (k9["units"].as_u64(), k9["units_in_coverage"].as_u64()),
        (Some(5), Some(5))
    );
    // On 07-02 U1, U2 have 5 whole months, U3 3, U4 and U5 1 (06-01 + 1 month is 07-01):
    // at risk 5, 3, 3, 2, 2 at MIS 1..5, nobody beyond. Observed: MIS 1 rate 200 (1 of 5),
    // MIS 2..5 0; MIS 6..24 take the model's overall rate, 1 claim ÷ 15 unit-months.
    let fallback = 1000.0 / 15.0;
    assert!((k9["fallback_rate_per_1000"].as_f64().unwrap() - fallback).abs() < 1e-9);
    assert_eq!(k9["rates"][0]["rate_per_1000"], 200.0);
    // Every unit has completed MIS 1 and meets zeros up to MIS 5: each still expects
    // MIS 6..24 at the fallback rate, 19 months.
    let expected = 5.0 * 19.0 * fallback / 1000.0;
    assert!(
        (k9["expected_claims"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{k9}"
    );
    assert_eq!(k9["reserve_fen"], 50_667, "95/15 claims × ¥80.00");
    assert_eq!(app.get("/api/v1/reports/reserve", REVIEWER).await.status, 403);
}

#[tokio::test]
async fn bad_cuts_are_named_refusals() {
    let app = fleet().await;
    for (query, field) in [
        ("basis=paid", "basis"),
        ("months=0", "months"),
        ("months=121", "months"),
        ("sale_month=2026-13", "sale_month"),
        ("production_month=2026-1", "production_month"),
        ("format=xml", "format"),
        ("report_date=2026-6-30", "report_date"),
    ] {
        let a = app.get(&format!("/api/v1/reports/mis?{query}"), REVIEWER).await;
        assert_eq!(a.status, 422, "{query}: {}", a.body);
        assert_eq!(a.body["code"], "validation_failed", "{query}");
        assert!(a.body.to_string().contains(field), "{query}: {}", a.body);
    }
    assert_eq!(app.get("/api/v1/reports/mis", DEALER).await.status, 403);
    assert_eq!(app.get("/api/v1/reports/nevada", CLERK).await.status, 403);
}

/// Early warning: BC-3519 fails once a month all along; ALT-1111 once a month until it
/// jumps to five claims in June. Only ALT-1111 in June lies above its control limit.
#[tokio::test]
async fn early_warning_flags_the_part_whose_rate_jumped_and_only_that_one() {
    use chrono::{Datelike, Months, NaiveDate};
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/parts",
        ADMIN,
        json!({"part_no": "ALT-1111", "name": "Alternator", "unit": "pc", "barcodes": [],
            "standard_cost_fen": 90000, "dealer_price_fen": 99000, "supplier": "S-03",
            "warranty_covered": true, "return_required": false, "wear_part": false}),
        201,
    )
    .await;
    app.clock.set(at(2025, 1, 20));
    let units: Vec<Value> = (0..100)
        .map(|i| json!({"serial": format!("W{i:03}"), "model": "K9-City", "dealer": "D001", "customer": "Fleet", "sale_date": "2025-01-15"}))
        .collect();
    app.ok("/api/v1/units/import", ADMIN, json!({"units": units}), 201)
        .await;
    // Baseline 2025-04 .. 2026-03, judged 2026-04 .. 2026-06 (06-30 ends June).
    let mut n = 0;
    for m in 0..15u32 {
        let day = NaiveDate::from_ymd_opt(2025, 4, 15).unwrap() + Months::new(m);
        app.clock.set(at(day.year(), day.month(), day.day()));
        let jump = if m == 14 { 5 } else { 1 };
        for part in std::iter::once("BC-3519").chain(std::iter::repeat_n("ALT-1111", jump)) {
            n += 1;
            let body = json!({"unit_serial": format!("W{:03}", n % 100), "failure_date": day.to_string(),
                "repair_date": day.to_string(), "usage_km": 5000, "fault_code": "BRK-021", "description": "fault",
                "lines": [{"kind": "part", "part_no": part, "qty": 1, "source": "dealer_stock"}]});
            let claim = app.ok("/api/v1/claims", DEALER, body, 201).await;
            let number = claim["number"].as_str().unwrap().to_string();
            app.ok(&format!("/api/v1/claims/{number}/submit"), DEALER, json!({}), 200)
                .await;
        }
    }
    app.clock.set(at(2026, 7, 1));
    let a = app
        .get("/api/v1/reports/early-warning?report_date=2026-06-30", REVIEWER)
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let r = a.body;
    assert_eq!(r["months"], json!(["2026-04", "2026-05", "2026-06"]));
    assert_eq!(
        (r["baseline_from"].as_str(), r["baseline_to"].as_str()),
        (Some("2025-04"), Some("2026-03"))
    );
    assert_eq!(r["parts_judged"], 2);
    let flags = r["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{flags:?}");
    let f = &flags[0];
    assert_eq!(
        (f["part_no"].as_str(), f["month"].as_str()),
        (Some("ALT-1111"), Some("2026-06"))
    );
    assert_eq!((f["claims"].as_u64(), f["units"].as_u64()), (Some(5), Some(100)));
    assert_eq!(
        (f["baseline_claims"].as_u64(), f["baseline_units"].as_u64()),
        (Some(12), Some(1200))
    );
    // p̄ = 12 / 1200 = 0.01; UCL = 0.01 + 3·√(0.01 × 0.99 / 100) ≈ 0.03985 < 5 / 100.
    let ucl = 0.01 + 3.0 * (0.01f64 * 0.99 / 100.0).sqrt();
    assert!((f["ucl"].as_f64().unwrap() - ucl).abs() < 1e-12, "{f}");
    assert!((f["p_bar"].as_f64().unwrap() - 0.01).abs() < 1e-12);
    assert_eq!(f["p"], 0.05);
    // A month earlier the jump has not happened: nothing is flagged.
    let before = app
        .get("/api/v1/reports/early-warning?report_date=2026-05-31", REVIEWER)
        .await
        .body;
    assert_eq!(before["flags"], json!([]), "{before}");
}

/// Scenario B's claim (¥670.00 approved: part ¥320.00, labor ¥200.00, travel ¥150.00) and
/// S-03's partial acceptance of ¥400.00: cost, recovered and net by dealer, model and
/// supplier, per unit sold.
#[tokio::test]
async fn cost_by_dealer_model_and_supplier_nets_the_recovery() {
    let app = repaired(Some("2026-03-10")).await;
    app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    let tag = "OP-2026-000001";
    app.ok(
        "/api/v1/old-parts/shipments",
        DEALER,
        json!({"tags": [tag], "carrier_ref": "SF1"}),
        201,
    )
    .await;
    app.ok("/api/v1/old-parts/receipts", CLERK, json!({"tag": tag}), 200)
        .await;
    app.ok(
        &format!("/api/v1/old-parts/{tag}/inspection"),
        REVIEWER,
        json!({"disposition": "supplier_fault"}),
        200,
    )
    .await;
    let all = json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}, {"line": 2, "outcome": "approve"}, {"line": 3, "outcome": "approve"}]});
    app.ok("/api/v1/claims/CL-000001/review", REVIEWER, all, 200).await;
    // A second unit sold by D001 halves the cost per unit of the dealer and the model.
    app.ok(
        "/api/v1/units",
        ADMIN,
        json!({"serial": "VIN-2", "model": "K9-City", "dealer": "D001", "customer": "Fleet", "sale_date": "2026-04-01", "built_on": "2026-03-20"}),
        201,
    )
    .await;
    let before = app.get("/api/v1/reports/cost", FINANCE).await.body;
    assert_eq!(before["total"]["approved_fen"], 67_000);
    assert_eq!(before["total"]["recovered_fen"], 0);
    app.ok("/api/v1/supplier-claims", FINANCE, json!({"supplier": "S-03"}), 201)
        .await;
    app.ok("/api/v1/supplier-claims/SC-000001/submit", FINANCE, json!({}), 200)
        .await;
    app.ok(
        "/api/v1/supplier-claims/SC-000001/response",
        FINANCE,
        json!({"lines": [{"line": 1, "outcome": "partially_accepted", "amount_fen": 40000, "reason": "labor capped"}]}),
        200,
    )
    .await;
    let r = app.get("/api/v1/reports/cost", FINANCE).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let row = json!({"claims": 1, "approved_fen": 67_000, "recovered_fen": 40_000, "net_fen": 27_000,
        "units_sold": 2, "net_per_unit_fen": 13_500});
    let with_key = |key: &str| {
        let mut v = row.clone();
        v["key"] = json!(key);
        v
    };
    assert_eq!(r.body["units_sold"], 2);
    assert_eq!(r.body["total"], with_key("total"));
    assert_eq!(r.body["by_dealer"], json!([with_key("D001")]));
    assert_eq!(r.body["by_model"], json!([with_key("K9-City")]));
    assert_eq!(
        r.body["by_supplier"],
        json!([with_key("S-03")]),
        "the part's supplier carries the claim"
    );
    // Decided on 2026-09-15: a period ending before it counts nothing.
    let earlier = app.get("/api/v1/reports/cost?to_date=2026-09-14", FINANCE).await.body;
    assert_eq!(earlier["total"]["approved_fen"], 0);
    assert_eq!(earlier["by_dealer"], json!([]));
    let bad = app
        .get("/api/v1/reports/cost?from_date=2026-09-15&to_date=2026-09-14", FINANCE)
        .await;
    assert_eq!(
        (bad.status.as_u16(), bad.body["code"].as_str()),
        (422, Some("validation_failed"))
    );
    assert_eq!(app.get("/api/v1/reports/cost", REVIEWER).await.status, 403);
    // The new unit keeps its production date.
    let unit = app.get("/api/v1/units/VIN-2", ADMIN).await.body;
    assert_eq!(unit["built_on"], "2026-03-20");
    let late = app
        .post("/api/v1/units", ADMIN, json!({"serial": "VIN-3", "model": "K9-City", "dealer": "D001", "customer": "Fleet", "sale_date": "2026-04-01", "built_on": "2026-04-02"}))
        .await;
    assert_eq!(
        (late.status.as_u16(), late.body["params"]["field"].as_str()),
        (422, Some("built_on"))
    );
    app.assert_balanced().await;
}

/// The unit-sales aggregate the analytics read is kept with every unit and checked by
/// reconciliation against the units themselves.
#[tokio::test]
async fn reconciliation_recounts_the_unit_sales_aggregate() {
    use sanbao::store::{Table, unit_sales};
    let app = fleet().await;
    app.assert_balanced().await;
    let rows = unit_sales::rows(&app.db.read().unwrap()).unwrap();
    let jan: u64 = rows
        .iter()
        .filter(|r| r.sale_date.to_string() == "2026-01-31")
        .map(|r| r.units)
        .sum();
    assert_eq!(jan, 2);
    assert_eq!(rows.iter().map(|r| r.units).sum::<u64>(), 6);
    // Tamper with one row: reconciliation names it.
    let sale = "2026-03-15".parse().unwrap();
    let tx = app.db.begin_write().unwrap();
    tx.batch()
        .run(|w| {
            w.put(
                Table::UnitSales,
                unit_sales::key("K9-City", "D001", sale, None),
                5u64.to_be_bytes().to_vec(),
            );
            Ok::<_, sanbao::store::StoreError>(())
        })
        .unwrap();
    tx.commit().unwrap();
    let r = app.get("/api/v1/reconciliation", FINANCE).await.body;
    assert_eq!(r["balanced"], false);
    let d = r["differences"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "unit_sales_mismatch");
    assert_eq!((d[0]["expected"].as_i64(), d[0]["actual"].as_i64()), (Some(1), Some(5)));
}

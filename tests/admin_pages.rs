//! What the admin pages and a part's ledger page ask of the API: a part with two barcodes
//! found by either (part search, barcode lookup, stock on hand), its ledger across
//! locations with the running balance of each location under the page's filters, and a
//! token whose secret is answered once and never listed.

mod common;
use axum::http::Method;
use common::*;
use serde_json::{Value, json};

fn items(a: &Answer) -> &Vec<Value> {
    a.body["items"].as_array().expect("a page of items")
}

#[tokio::test]
async fn a_part_with_two_barcodes_is_found_by_either() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let part = app
        .ok(
            "/api/v1/parts",
            ADMIN,
            json!({"part_no": "HUB-7001", "name": "Wheel hub bearing", "unit": "set",
                "barcodes": ["6920000070011", "HB7001-ALT"], "standard_cost_fen": 45000,
                "dealer_price_fen": 52000, "supplier": "S-03", "warranty_covered": true}),
            201,
        )
        .await;
    assert_eq!(part["barcodes"], json!(["6920000070011", "HB7001-ALT"]));

    for code in ["6920000070011", "HB7001-ALT"] {
        let a = app.get(&format!("/api/v1/parts/by-barcode/{code}"), CLERK).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body["part_no"], "HUB-7001");
    }
    // The parts search matches a barcode (whole or in part, any case) as well as number and name.
    for q in ["6920000070011", "hb7001-alt", "0070011", "hub-7", "bearing"] {
        let a = app.get(&format!("/api/v1/parts?q={q}"), ADMIN).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let found: Vec<_> = items(&a).iter().map(|p| p["part_no"].clone()).collect();
        assert_eq!(found, [json!("HUB-7001")], "q={q}");
    }
    // A barcode of another part is not a match.
    let other = app.get("/api/v1/parts?q=6901234535190", ADMIN).await;
    let found: Vec<_> = items(&other).iter().map(|p| p["part_no"].clone()).collect();
    assert_eq!(found, [json!("BC-3519")]);

    // A barcode already on another part is refused, and nothing is written.
    let taken = app
        .post(
            "/api/v1/parts",
            ADMIN,
            json!({"part_no": "HUB-7002", "name": "Wheel hub seal", "unit": "pc",
                "barcodes": ["HB7001-ALT"], "standard_cost_fen": 1000, "dealer_price_fen": 1200}),
        )
        .await;
    assert_eq!(taken.status.as_u16() / 100, 4, "{}", taken.body);
    assert!(taken.body["code"].is_string(), "{}", taken.body);
    assert_eq!(app.get("/api/v1/parts/HUB-7002", ADMIN).await.status, 404);

    // Stock on hand: either barcode (as a scanner types it) finds the part's stock.
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "HUB-7001", "qty": 2, "unit_cost_fen": 45000}]}),
        201,
    )
    .await;
    for code in ["6920000070011", "hb7001-alt"] {
        let a = app.get(&format!("/api/v1/stock?q={code}"), CLERK).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(
            a.body["items"],
            json!([{"part_no": "HUB-7001", "location": "WH-01", "qty": 2, "value_fen": 90000}])
        );
    }
    // …and with a location that holds none of it, nothing.
    let a = app.get("/api/v1/stock?q=6920000070011&location=WH-02", CLERK).await;
    assert_eq!(a.body["items"], json!([]));
    app.assert_balanced().await;
}

/// (location, qty_delta, qty_after, value_after_fen, document) of each ledger row.
fn rows(a: &Answer) -> Vec<(String, i64, i64, i64, String)> {
    items(a)
        .iter()
        .map(|e| {
            (
                e["location"].as_str().unwrap().to_owned(),
                e["qty_delta"].as_i64().unwrap(),
                e["qty_after"].as_i64().unwrap(),
                e["value_after_fen"].as_i64().unwrap(),
                e["document"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_parts_ledger_runs_a_balance_per_location_under_the_pages_filters() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let receive = |loc: &str, qty: i64, cost: i64| json!({"location": loc, "lines": [{"part_no": "FLT-0042", "qty": qty, "unit_cost_fen": cost}]});
    app.clock.set(at(2026, 3, 2));
    app.ok("/api/v1/stock/receipts", CLERK, receive("WH-01", 5, 1_000), 201)
        .await; // RC-1
    app.clock.set(at(2026, 3, 3));
    app.ok("/api/v1/stock/receipts", CLERK, receive("WH-02", 4, 1_200), 201)
        .await; // RC-2
    app.clock.set(at(2026, 3, 4));
    app.ok("/api/v1/stock/receipts", CLERK, receive("WH-01", 3, 1_400), 201)
        .await; // RC-3
    app.clock.set(at(2026, 3, 5));
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "WH-02", "mode": "direct", "lines": [{"part_no": "FLT-0042", "qty": 2}]}),
        201,
    )
    .await; // TR-1, one step: out of WH-01, into WH-02
    // Another part's movement is not in this part's ledger.
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;

    let all = app.get("/api/v1/stock/ledger?part=FLT-0042", ADMIN).await;
    assert_eq!(all.status, 200, "{}", all.body);
    let got = rows(&all);
    // WH-01: 5 @ 10.00, then 3 @ 14.00 → 8 worth 92.00; 2 out at the average 11.50 → 6 worth 69.00.
    // WH-02: 4 @ 12.00 = 48.00, then the 2 in at 23.00 → 6 worth 71.00.
    let transfer_rows: Vec<_> = got.iter().filter(|r| r.4.starts_with("TR-")).collect();
    assert_eq!(transfer_rows.len(), 2, "{got:?}");
    let tr = transfer_rows[0].4.clone();
    assert_eq!(
        got,
        [
            ("WH-01".into(), 5, 5, 5_000, "RC-000001".into()),
            ("WH-02".into(), 4, 4, 4_800, "RC-000002".into()),
            ("WH-01".into(), 3, 8, 9_200, "RC-000003".into()),
            ("WH-01".into(), -2, 6, 6_900, tr.clone()),
            ("WH-02".into(), 2, 6, 7_100, tr.clone()),
        ]
    );
    // The last running balance of each location is its stock on hand.
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (6, 6_900));
    assert_eq!(app.stock("FLT-0042", "WH-02").await, (6, 7_100));

    // One location.
    let wh2 = app
        .get("/api/v1/stock/ledger?part=FLT-0042&location=WH-02", ADMIN)
        .await;
    assert_eq!(
        rows(&wh2),
        [
            ("WH-02".into(), 4, 4, 4_800, "RC-000002".into()),
            ("WH-02".into(), 2, 6, 7_100, tr.clone()),
        ]
    );
    // A date range in business dates, inclusive at both ends.
    let range = app
        .get(
            "/api/v1/stock/ledger?part=FLT-0042&from_date=2026-03-03&to_date=2026-03-04",
            ADMIN,
        )
        .await;
    let docs: Vec<_> = rows(&range).into_iter().map(|r| r.4).collect();
    assert_eq!(docs, ["RC-000002", "RC-000003"]);
    let both = app
        .get(
            "/api/v1/stock/ledger?part=FLT-0042&location=WH-01&from_date=2026-03-04",
            ADMIN,
        )
        .await;
    let docs: Vec<_> = rows(&both).into_iter().map(|r| r.4).collect();
    assert_eq!(docs, ["RC-000003".to_owned(), tr.clone()]);
    // A reversed range is refused by name.
    let bad = app
        .get(
            "/api/v1/stock/ledger?part=FLT-0042&from_date=2026-03-05&to_date=2026-03-01",
            ADMIN,
        )
        .await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.body);
    assert!(bad.body["code"].is_string());

    // The export carries exactly the page's rows.
    let csv = app
        .call(
            Method::GET,
            "/api/v1/stock/ledger?part=FLT-0042&location=WH-02&format=csv",
            Some(ADMIN),
            None,
            &[],
        )
        .await;
    assert_eq!(csv.status, 200);
    app.assert_balanced().await;
}

#[tokio::test]
async fn a_tokens_secret_is_answered_once_and_never_listed() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let created = app
        .ok(
            "/api/v1/tokens",
            ADMIN,
            json!({"name": "WH-01 scanner 7", "role": "clerk", "locations": ["WH-01"]}),
            201,
        )
        .await;
    let secret = created["secret"].as_str().expect("the secret, once").to_owned();
    let id = created["token"]["id"].as_str().unwrap().to_owned();
    let listed = app.get("/api/v1/tokens", ADMIN).await;
    assert_eq!(listed.status, 200);
    let mine: Vec<_> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["id"] == id.as_str())
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["role"], "clerk");
    assert_eq!(mine[0]["locations"], json!(["WH-01"]));
    assert!(mine[0].get("secret").is_none(), "{}", mine[0]);
    assert!(
        !listed.body.to_string().contains(&secret),
        "the list never carries the secret"
    );

    // The token works at its location only, until revoked.
    let ok = app
        .post(
            "/api/v1/stock/receipts",
            &secret,
            json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 32000}]}),
        )
        .await;
    assert_eq!(ok.status, 201, "{}", ok.body);
    let elsewhere = app
        .post(
            "/api/v1/stock/receipts",
            &secret,
            json!({"location": "WH-02", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 32000}]}),
        )
        .await;
    assert_eq!(elsewhere.status, 403, "{}", elsewhere.body);
    // Only an admin lists or creates tokens.
    assert_eq!(app.get("/api/v1/tokens", CLERK).await.status, 403);
    let revoked = app
        .call(Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(ADMIN), None, &[])
        .await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    assert_eq!(app.get("/api/v1/whoami", &secret).await.status, 401);
}

async fn raw(app: &TestApp, path: &str) -> (u16, String, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let resp = app
        .router
        .clone()
        .oneshot(axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let content_type = resp.headers()["content-type"].to_str().unwrap().to_owned();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn the_admin_and_part_ledger_pages_and_their_modules_are_served() {
    let app = TestApp::new();
    for page in ["/ui/admin", "/ui/part-ledger"] {
        let (status, content_type, body) = raw(&app, page).await;
        assert_eq!(
            (status, content_type.as_str()),
            (200, "text/html; charset=utf-8"),
            "{page}"
        );
        assert!(body.contains("/ui/assets/app.js"));
    }
    let (_, _, shell) = raw(&app, "/ui/assets/app.js").await;
    assert!(shell.contains("./admin.js") && shell.contains("./part_ledger.js"));
    for module in ["admin.js", "admin_tokens.js", "part_ledger.js"] {
        let (status, content_type, body) = raw(&app, &format!("/ui/assets/{module}")).await;
        assert_eq!(
            (status, content_type.as_str()),
            (200, "text/javascript; charset=utf-8"),
            "{module}"
        );
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{module} names another host"
        );
        for import in body.lines().filter_map(|l| l.split(" from \"").nth(1)) {
            let target = import.trim_end_matches("\";").trim_start_matches("./");
            assert_eq!(
                raw(&app, &format!("/ui/assets/{target}")).await.0,
                200,
                "{module} imports {target}"
            );
        }
    }
}

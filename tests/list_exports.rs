//! Daily lists: search text, date ranges and status filters, and the same lists exported
//! as CSV (UTF-8 with BOM) and XLSX with the caller's visibility — parsed back here.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use calamine::{Data, Reader, Xlsx};
use chrono::{TimeZone, Utc};
use common::{ADMIN, CLERK, DEALER, FINANCE, TestApp};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// GETs `path` and answers the status, content type, disposition and raw bytes.
async fn download(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, String, Vec<u8>) {
    let req = Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let header = |h: &str| {
        resp.headers()
            .get(h)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (ct, cd) = (header("content-type"), header("content-disposition"));
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ct, cd, bytes)
}

/// Parses a CSV export: it starts with a BOM; answers the rows, header first.
fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "CSV starts with a BOM");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// Parses an XLSX export's first sheet; answers the rows, header first, as text.
fn parse_xlsx(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    sheet
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn numbers(page: &serde_json::Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["number"].as_str().unwrap().to_string())
        .collect()
}

/// Two receipts on two days, a transfer to the dealer's station.
async fn seed(app: &TestApp) {
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "supplier": "S-03", "reference": "DN-1001",
            "lines": [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.clock.set(Utc.with_ymd_and_hms(2026, 3, 3, 2, 0, 0).unwrap());
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "reference": "DN-2002, \"urgent\"",
            "lines": [{"part_no": "FLT-0042", "qty": 7, "unit_cost_fen": 1000}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D001", "mode": "direct", "lines": [{"part_no": "FLT-0042", "qty": 2}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "WH-02", "mode": "two_step", "lines": [{"part_no": "BC-3519", "qty": 1}]}),
        201,
    )
    .await;
}

#[tokio::test]
async fn lists_take_search_text_dates_and_status() {
    let app = TestApp::new();
    seed(&app).await;
    let get = |path: &'static str| app.get(path, ADMIN);

    // Search text: the delivery note, case ignored; the supplier; a part on a line.
    assert_eq!(
        numbers(&get("/api/v1/stock/receipts?q=dn-1001").await.body),
        ["RC-000001"]
    );
    assert_eq!(numbers(&get("/api/v1/stock/receipts?q=s-03").await.body), ["RC-000001"]);
    assert_eq!(numbers(&get("/api/v1/stock/receipts?q=FLT").await.body), ["RC-000002"]);
    assert_eq!(
        numbers(&get("/api/v1/stock/receipts?q=nothing-like-it").await.body),
        Vec::<String>::new()
    );
    // Business dates in China time: 2026-03-01 and 2026-03-03; bounds inclusive.
    let day = |from: &str, to: &str| format!("/api/v1/stock/receipts?from_date={from}&to_date={to}");
    assert_eq!(
        numbers(&app.get(&day("2026-03-01", "2026-03-01"), ADMIN).await.body),
        ["RC-000001"]
    );
    assert_eq!(
        numbers(&app.get(&day("2026-03-02", "2026-03-03"), ADMIN).await.body),
        ["RC-000002"]
    );
    assert_eq!(
        numbers(&app.get(&day("2026-03-01", "2026-03-03"), ADMIN).await.body),
        ["RC-000002", "RC-000001"]
    );
    assert_eq!(
        numbers(&app.get(&day("2026-03-04", "2026-12-31"), ADMIN).await.body),
        Vec::<String>::new()
    );
    // A range that ends before it starts, a malformed date, a search too long: 422 naming the field.
    let bad = app.get(&day("2026-03-03", "2026-03-01"), ADMIN).await;
    assert_eq!(
        (bad.status.as_u16(), bad.body["code"].as_str()),
        (422, Some("validation_failed"))
    );
    assert!(bad.body.to_string().contains("to_date"), "{}", bad.body);
    let bad = get("/api/v1/stock/receipts?from_date=01/03/2026").await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.body);
    let long = format!("/api/v1/stock/receipts?q={}", "x".repeat(101));
    assert_eq!(app.get(&long, ADMIN).await.status.as_u16(), 422);

    // Status on transfers; the ledger and journal by date and text.
    assert_eq!(
        numbers(&get("/api/v1/stock/transfers?status=shipped").await.body),
        ["TR-000002"]
    );
    assert_eq!(
        numbers(&get("/api/v1/stock/transfers?status=completed").await.body),
        ["TR-000001"]
    );
    let ledger = get("/api/v1/stock/ledger?from_date=2026-03-02&q=st-d001").await.body;
    let docs: Vec<_> = ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["document"].clone())
        .collect();
    assert_eq!(docs, [json!("TR-000001")]);
    let journal = app.get("/api/v1/journal?to_date=2026-03-01", FINANCE).await.body;
    let docs: Vec<_> = journal["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["document"].clone())
        .collect();
    assert_eq!(docs, [json!("RC-000001")]);
    let audit = get("/api/v1/audit?q=RC-000002").await.body;
    assert!(!audit["items"].as_array().unwrap().is_empty());
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["key"] == "RC-000002")
    );

    // Stock on hand by a scanned barcode, by part name, and with the location.
    let stock = get("/api/v1/stock?q=6910000000421").await.body;
    let rows: Vec<_> = stock["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["part_no"].clone(), r["location"].clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (json!("FLT-0042"), json!("ST-D001")),
            (json!("FLT-0042"), json!("WH-01"))
        ]
    );
    let stock = get("/api/v1/stock?q=brake%20CHAMBER&location=WH-01").await.body;
    assert_eq!(stock["items"].as_array().unwrap().len(), 1);
    assert_eq!(stock["items"][0]["qty"], 9);
    assert_eq!(get("/api/v1/stock?from_date=2026-03-01").await.status.as_u16(), 422);

    // A cursor is bound to its search: another search refuses it.
    let first = get("/api/v1/stock/receipts?q=dn&limit=1").await.body;
    let cursor = first["next_cursor"].as_str().expect("a second page").to_string();
    let next = app
        .get(&format!("/api/v1/stock/receipts?q=dn&limit=1&cursor={cursor}"), ADMIN)
        .await;
    assert_eq!(numbers(&next.body), ["RC-000001"]);
    let other = app
        .get(&format!("/api/v1/stock/receipts?q=DN-1&limit=1&cursor={cursor}"), ADMIN)
        .await;
    assert_eq!(other.status.as_u16(), 422);
}

#[tokio::test]
async fn exports_are_csv_with_bom_and_xlsx_with_the_lists_rows() {
    let app = TestApp::new();
    seed(&app).await;

    let (status, ct, cd, bytes) = download(&app, "/api/v1/stock/receipts?format=csv", ADMIN).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ct, "text/csv; charset=utf-8");
    assert_eq!(cd, "attachment; filename=\"receipts.csv\"");
    let rows = parse_csv(&bytes);
    assert_eq!(
        rows[0][..5],
        ["number", "location", "supplier", "reference", "lines"].map(String::from)
    );
    assert_eq!(rows.len(), 3, "a header and two receipts");
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    assert_eq!(rows[1][col("number")], "RC-000002");
    // A comma and quotes survive the quoting; a missing supplier is an empty cell.
    assert_eq!(rows[1][col("reference")], "DN-2002, \"urgent\"");
    assert_eq!(rows[1][col("supplier")], "");
    assert_eq!(rows[2][col("total_value_fen")], "320000");
    let lines: serde_json::Value = serde_json::from_str(&rows[2][col("lines")]).unwrap();
    assert_eq!(lines[0]["part_no"], "BC-3519");

    // The export applies the list's filters, and reads past one page.
    let (_, _, _, bytes) = download(&app, "/api/v1/stock/receipts?format=csv&q=flt&limit=1", ADMIN).await;
    let rows = parse_csv(&bytes);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "RC-000002");
    let (_, _, _, bytes) = download(&app, "/api/v1/stock/ledger?format=csv&limit=1", ADMIN).await;
    assert_eq!(parse_csv(&bytes).len(), 1 + 6, "every ledger entry, not one page");

    // XLSX: the same rows, numbers as numbers.
    let (status, ct, cd, bytes) = download(&app, "/api/v1/stock?format=xlsx", ADMIN).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(cd, "attachment; filename=\"stock.xlsx\"");
    let sheet = parse_xlsx(bytes);
    assert_eq!(sheet[0], ["part_no", "location", "qty", "value_fen"].map(String::from));
    let json_rows = app.get("/api/v1/stock", ADMIN).await.body;
    let expected: Vec<Vec<String>> = json_rows["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            vec![
                r["part_no"].as_str().unwrap().to_string(),
                r["location"].as_str().unwrap().to_string(),
                r["qty"].to_string(),
                r["value_fen"].to_string(),
            ]
        })
        .collect();
    assert_eq!(sheet[1..], expected[..]);
    assert_eq!(sheet.len(), 1 + 4);
}

#[tokio::test]
async fn exports_show_only_what_the_caller_may_see() {
    let app = TestApp::new();
    seed(&app).await;

    // The dealer's stock export: its own station only; the warehouse's never.
    let (status, _, _, bytes) = download(&app, "/api/v1/stock?format=csv", DEALER).await;
    assert_eq!(status, StatusCode::OK);
    let rows = parse_csv(&bytes);
    assert_eq!(rows[1..], [["FLT-0042", "ST-D001", "2", "2000"].map(String::from)]);
    let (_, _, _, bytes) = download(&app, "/api/v1/stock/ledger?format=xlsx", DEALER).await;
    let sheet = parse_xlsx(bytes);
    let loc = sheet[0].iter().position(|c| c == "location").unwrap();
    assert_eq!(sheet.len(), 2);
    assert_eq!(sheet[1][loc], "ST-D001");
    // Receipts at the warehouse: none for the dealer (an empty file with its BOM).
    let (status, _, _, bytes) = download(&app, "/api/v1/stock/receipts?format=csv", DEALER).await;
    assert_eq!(status, StatusCode::OK);
    assert!(parse_csv(&bytes).len() <= 1);
    // A location the dealer may not see answers 404 as the list does, not a file.
    let (status, ct, _, _) = download(&app, "/api/v1/stock?format=csv&location=WH-01", DEALER).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(ct.starts_with("application/problem+json"), "{ct}");
    // A role that may not read the list may not export it.
    let (status, _, _, _) = download(&app, "/api/v1/journal?format=csv", DEALER).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A format that does not exist is refused.
    let (status, _, _, _) = download(&app, "/api/v1/stock?format=pdf", ADMIN).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

//! Every daily list narrowed by each of its filters over the demo data (every document in
//! every state, several dealers, locations and dates): a filter returns exactly the rows
//! that satisfy it — the same rows, in the same order, as the unfiltered list has them — and
//! each value tried leaves out some row, so a filter that were ignored fails here.

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::{ADMIN, NowUtc, TestApp};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The demo data as loaded on 2026-03-01, then on 2026-03-04 one more receipt, two transfers
/// (warehouse → station, then shipped on to another station) and a requisition (drafted), so the documents, postings and events fall on two dates.
async fn demo() -> TestApp {
    let app = TestApp::new();
    sanbao::fixtures::load_demo(&app.db, app.clock.now_utc()).unwrap();
    app.clock.set(common::at(2026, 3, 4));
    let a = text(&rows(&app, "/locations?kind=warehouse").await[0], "code").to_string();
    let stations = rows(&app, "/locations?kind=service_station").await;
    let (b, c) = (
        text(&stations[0], "code").to_string(),
        text(&stations[1], "code").to_string(),
    );
    let part = text(&rows(&app, "/parts").await[0], "part_no").to_string();
    app.ok(
        "/api/v1/stock/receipts",
        ADMIN,
        json!({"location": a, "lines": [{"part_no": part, "qty": 3, "unit_cost_fen": 1234}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        ADMIN,
        json!({"from": a, "to": b, "mode": "direct", "lines": [{"part_no": part, "qty": 1}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        ADMIN,
        json!({"from": b, "to": c, "mode": "two_step", "lines": [{"part_no": part, "qty": 1}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/requisitions",
        ADMIN,
        json!({"location": a, "purpose": "internal", "lines": [{"part_no": part, "qty": 1}]}),
        201,
    )
    .await;
    app
}

/// Every row of a list, following the cursor.
async fn rows(app: &TestApp, path: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..200 {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("/api/v1{path}{sep}limit=500");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&url, ADMIN).await;
        assert_eq!(page.status, 200, "{url}: {}", page.body);
        out.extend(page.body["items"].as_array().unwrap().iter().cloned());
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
    panic!("{path}: too many pages");
}

/// `list?param=value` answers exactly the rows of `list` for which `keep` holds, and some
/// row of `list` is left out.
async fn narrows(app: &TestApp, list: &str, param: &str, value: &str, keep: impl Fn(&Value) -> bool) {
    let everything = rows(app, list).await;
    let expected: Vec<&Value> = everything.iter().filter(|r| keep(r)).collect();
    assert!(!expected.is_empty(), "{list}?{param}={value}: no row to find");
    assert!(
        expected.len() < everything.len(),
        "{list}?{param}={value}: the value leaves nothing out, so it proves nothing"
    );
    let sep = if list.contains('?') { '&' } else { '?' };
    let encoded = value.replace(' ', "%20").replace(':', "%3A");
    let found = rows(app, &format!("{list}{sep}{param}={encoded}")).await;
    assert_eq!(found.iter().collect::<Vec<_>>(), expected, "{list}?{param}={value}");
}

fn text<'a>(row: &'a Value, field: &str) -> &'a str {
    row[field].as_str().unwrap_or("")
}

/// A value of `field` that some rows have and some do not.
fn splitting(all: &[Value], field: &str) -> String {
    let values: BTreeSet<&str> = all.iter().map(|r| text(r, field)).filter(|v| !v.is_empty()).collect();
    values
        .iter()
        .find(|v| all.iter().any(|r| text(r, field) != **v))
        .unwrap_or_else(|| panic!("no value of {field} splits the rows"))
        .to_string()
}

/// The business date (China Standard Time) of a `YYYY-MM-DD` or RFC 3339 field.
fn day(row: &Value, field: &str) -> NaiveDate {
    let s = text(row, field);
    if s.len() == 10 {
        return s.parse().unwrap();
    }
    let at: DateTime<Utc> = s.parse().unwrap_or_else(|_| panic!("{field} of {row}"));
    (at + Duration::hours(8)).date_naive()
}

/// Checks `from_date`, `to_date` and both on `field` at a date that splits the rows; rows
/// all of one date are found on that date and not on the days either side of it.
async fn dates(app: &TestApp, list: &str, field: &str) {
    let all = rows(app, list).await;
    let days: BTreeSet<NaiveDate> = all.iter().map(|r| day(r, field)).collect();
    assert!(!days.is_empty(), "{list} is empty");
    let sep = if list.contains('?') { '&' } else { '?' };
    if days.len() == 1 {
        let d = *days.iter().next().unwrap();
        let on = |q: String| async move { rows(app, &format!("{list}{sep}{q}")).await };
        assert_eq!(on(format!("from_date={d}&to_date={d}")).await, all, "{list} on {d}");
        assert_eq!(
            on(format!("from_date={}", d.succ_opt().unwrap())).await,
            Vec::<Value>::new(),
            "{list} after {d}"
        );
        assert_eq!(
            on(format!("to_date={}", d.pred_opt().unwrap())).await,
            Vec::<Value>::new(),
            "{list} before {d}"
        );
        return;
    }
    let mid = *days.iter().nth(days.len() / 2).unwrap();
    let d = mid.to_string();
    narrows(app, list, "from_date", &d, |r| day(r, field) >= mid).await;
    // The earlier middle date: with rows on two dates, the first.
    let low = *days.iter().nth((days.len() - 1) / 2).unwrap();
    narrows(app, list, "to_date", &low.to_string(), |r| day(r, field) <= low).await;
    let on_day: Vec<Value> = all.iter().filter(|r| day(r, field) == mid).cloned().collect();
    assert!(on_day.len() < all.len());
    let found = rows(app, &format!("{list}{sep}from_date={d}&to_date={d}")).await;
    assert_eq!(found, on_day, "{list} on {d}");
}

/// Checks a code filter `param` on `field` with a value that splits the rows.
async fn code(app: &TestApp, list: &str, param: &str, field: &str) {
    let all = rows(app, list).await;
    let v = splitting(&all, field);
    narrows(app, list, param, &v, |r| text(r, field) == v).await;
}

/// Checks `q` with one row's `field` (in lower case): every row found holds the text.
async fn search(app: &TestApp, list: &str, field: &str) {
    let all = rows(app, list).await;
    let row = all.last().unwrap_or_else(|| panic!("{list} is empty"));
    let q = text(row, field).to_lowercase();
    assert!(!q.is_empty(), "{list}: {field} is empty");
    let found = rows(app, &format!("{list}?q={}", q.replace(' ', "%20"))).await;
    assert!(found.contains(row), "{list}?q={q} finds the row it was taken from");
    assert!(found.len() < all.len(), "{list}?q={q} leaves rows out");
    for r in &found {
        assert!(r.to_string().to_lowercase().contains(&q), "{list}?q={q} found {r}");
    }
}

#[tokio::test]
async fn stock_and_ledger_by_part_location_and_date() {
    let app = demo().await;
    code(&app, "/stock", "part", "part_no").await;
    code(&app, "/stock", "location", "location").await;
    search(&app, "/stock", "part_no").await;
    code(&app, "/stock/ledger", "part", "part_no").await;
    code(&app, "/stock/ledger", "location", "location").await;
    dates(&app, "/stock/ledger", "at").await;
    search(&app, "/stock/ledger", "document").await;
}

#[tokio::test]
async fn receipts_transfers_and_requisitions() {
    let app = demo().await;
    code(&app, "/stock/receipts", "location", "location").await;
    dates(&app, "/stock/receipts", "posted_at").await;
    search(&app, "/stock/receipts", "number").await;

    let all = rows(&app, "/stock/transfers").await;
    let ends: BTreeSet<&str> = all.iter().flat_map(|r| [text(r, "from"), text(r, "to")]).collect();
    let at = ends
        .iter()
        .find(|l| all.iter().any(|r| text(r, "from") != **l && text(r, "to") != **l))
        .expect("a location some transfer does not touch")
        .to_string();
    narrows(&app, "/stock/transfers", "location", &at, |r| {
        text(r, "from") == at || text(r, "to") == at
    })
    .await;
    code(&app, "/stock/transfers", "status", "status").await;
    dates(&app, "/stock/transfers", "created_at").await;
    search(&app, "/stock/transfers", "number").await;

    code(&app, "/requisitions", "status", "status").await;
    code(&app, "/requisitions", "location", "location").await;
    dates(&app, "/requisitions", "created_at").await;
    search(&app, "/requisitions", "number").await;
}

#[tokio::test]
async fn claims_old_parts_and_units() {
    let app = demo().await;
    code(&app, "/claims", "status", "status").await;
    code(&app, "/claims", "dealer", "dealer").await;
    code(&app, "/claims", "unit", "unit_serial").await;
    dates(&app, "/claims", "repair_date").await;
    search(&app, "/claims", "number").await;

    code(&app, "/old-parts", "status", "status").await;
    code(&app, "/old-parts", "dealer", "dealer").await;
    code(&app, "/old-parts", "claim", "claim").await;
    dates(&app, "/old-parts", "due_date").await;
    search(&app, "/old-parts", "tag").await;

    code(&app, "/units", "model", "model").await;
    code(&app, "/units", "dealer", "dealer").await;
    dates(&app, "/units", "sale_date").await;
    search(&app, "/units", "serial").await;
}

#[tokio::test]
async fn settlements_and_supplier_claims() {
    let app = demo().await;
    code(&app, "/settlements", "status", "status").await;
    code(&app, "/settlements", "dealer", "dealer").await;
    dates(&app, "/settlements", "created_at").await;
    search(&app, "/settlements", "number").await;
    code(&app, "/supplier-claims", "status", "status").await;
    code(&app, "/supplier-claims", "supplier", "supplier").await;
    dates(&app, "/supplier-claims", "created_at").await;
    search(&app, "/supplier-claims", "number").await;
}

#[tokio::test]
async fn journal_and_audit() {
    let app = demo().await;
    code(&app, "/journal", "document", "document").await;
    dates(&app, "/journal", "at").await;
    search(&app, "/journal", "document").await;
    code(&app, "/audit", "entity", "entity").await;
    dates(&app, "/audit", "at").await;
    search(&app, "/audit", "key").await;
}

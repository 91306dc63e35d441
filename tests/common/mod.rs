//! Test harness: the real router over a fresh database in a temporary directory, with a
//! manual clock and the demo tokens accepted.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use chrono::{TimeZone, Utc};
use http_body_util::BodyExt;
use sanbao::clock::ManualClock;
use sanbao::config::Config;
use sanbao::http::{AppState, app};
use sanbao::store::Db;
use serde_json::{Value, json};
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;

pub const ADMIN: &str = "demo-admin";
pub const CLERK: &str = "demo-clerk";
pub const FINANCE: &str = "demo-finance";
pub const DEALER: &str = "demo-dealer-D001";
pub const SUPERVISOR: &str = "demo-supervisor";
pub const REVIEWER: &str = "demo-reviewer";
pub const UNIT: &str = "LZYTBGBW5N1000123";

/// A running application.
pub struct TestApp {
    pub router: Router,
    pub clock: Arc<ManualClock>,
    pub db: Arc<Db>,
    pub dir: TempDir,
}

/// One answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: HeaderMap,
}

/// The switch that runs the suite on PostgreSQL: a URL of a database the tests may
/// create schemas in (each test database is a new schema there).
pub const STORE_SWITCH: &str = "SANBAO_TEST_STORE";

/// The PostgreSQL URL the suite runs against, if the switch is on.
pub fn test_store() -> Option<String> {
    std::env::var(STORE_SWITCH).ok().filter(|u| !u.is_empty())
}

/// A URL of a new, empty schema on the switched-on PostgreSQL.
pub fn fresh_pg_url(base: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let schema = format!(
        "t{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    sanbao::store::postgres_execute(base, &format!("CREATE SCHEMA {schema}")).expect("the test PostgreSQL");
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-csearch_path%3D{schema}")
}

/// A new empty database: the redb file at `path`, or a new PostgreSQL schema when the
/// switch is on.
pub fn open_db(path: &std::path::Path) -> Db {
    match test_store() {
        Some(base) => Db::open_store(&fresh_pg_url(&base)).unwrap(),
        None => Db::open(path).unwrap(),
    }
}

/// Whether a test that only means something on a redb file should skip; says why.
pub fn redb_only(why: &str) -> bool {
    let skip = test_store().is_some();
    if skip {
        eprintln!("skipped on PostgreSQL: {why}");
    }
    skip
}

impl TestApp {
    /// An empty database (only `in-transit`), demo tokens on.
    pub fn new() -> Self {
        Self::with_config(|_| {})
    }

    /// An empty database with the configuration changed by `adjust`.
    pub fn with_config(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = Arc::new(open_db(&dir.path().join("test.redb")));
        let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()));
        sanbao::setup::init(&db, clock.now_utc()).unwrap();
        let mut config = Config::new(dir.path().join("test.redb"));
        config.demo = true;
        adjust(&mut config);
        let state = AppState::new(db.clone(), clock.clone(), &config);
        Self {
            router: app(state),
            clock,
            db,
            dir,
        }
    }

    /// Sends a request and parses the JSON answer (Null when the body is not JSON).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let body = match body {
            Some(v) => Body::from(serde_json::to_vec(&v).unwrap()),
            None => Body::empty(),
        };
        self.send(req.header("content-type", "application/json").body(body).unwrap())
            .await
    }

    /// Sends a request as built and parses the JSON answer (Null when the body is not JSON).
    pub async fn send(&self, req: Request<Body>) -> Answer {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer { status, body, headers }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, Some(token), None, &[]).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(token), Some(body), &[]).await
    }

    /// POSTs and asserts the status.
    pub async fn ok(&self, path: &str, token: &str, body: Value, status: u16) -> Value {
        let a = self.post(path, token, body).await;
        assert_eq!(a.status.as_u16(), status, "POST {path}: {}", a.body);
        a.body
    }

    /// An account's balance in fen.
    pub async fn balance(&self, account: &str) -> i64 {
        let a = self.get(&format!("/api/v1/accounts/{account}"), FINANCE).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        a.body["balance_fen"].as_i64().unwrap()
    }

    /// (qty, value) of a part at a location.
    pub async fn stock(&self, part: &str, location: &str) -> (i64, i64) {
        let a = self
            .get(
                &format!("/api/v1/stock?part={part}&location={location}&include_zero=true"),
                ADMIN,
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        match a.body["items"].as_array().unwrap().first() {
            Some(row) => (row["qty"].as_i64().unwrap(), row["value_fen"].as_i64().unwrap()),
            None => (0, 0),
        }
    }

    /// Asserts reconciliation is balanced.
    pub async fn assert_balanced(&self) {
        let a = self.get("/api/v1/reconciliation", FINANCE).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.body["balanced"], json!(true), "reconciliation: {}", a.body);
    }

    /// Master data of the worked scenarios: dealer D001 with station ST-D001, supplier
    /// S-03, warehouse WH-01, old-parts store OLD-01, parts BC-3519 and FLT-0042.
    pub async fn seed_scenario(&self) {
        self.ok(
            "/api/v1/dealers",
            ADMIN,
            json!({"code": "D001", "name": "Longjiang Bus Service"}),
            201,
        )
        .await;
        self.ok(
            "/api/v1/dealers",
            ADMIN,
            json!({"code": "D002", "name": "Huaxia Repair"}),
            201,
        )
        .await;
        self.ok(
            "/api/v1/suppliers",
            ADMIN,
            json!({"code": "S-03", "name": "Wabco", "recovery": {"parts_pct": 100, "labor_pct": 50}, "claim_window_months": 18}),
            201,
        )
        .await;
        for (code, kind, dealer) in [
            ("WH-01", "warehouse", None),
            ("WH-02", "warehouse", None),
            ("ST-D001", "service_station", Some("D001")),
            ("ST-D002", "service_station", Some("D002")),
            ("OLD-01", "old_parts", None),
            ("SCRAP-01", "scrap", None),
        ] {
            let mut body = json!({"code": code, "name": format!("{code} location"), "kind": kind});
            if let Some(d) = dealer {
                body["dealer"] = json!(d);
            }
            self.ok("/api/v1/locations", ADMIN, body, 201).await;
        }
        self.ok(
            "/api/v1/parts",
            ADMIN,
            json!({"part_no": "BC-3519", "name": "Brake chamber", "unit": "pc", "barcodes": ["6901234535190"],
                "standard_cost_fen": 32000, "dealer_price_fen": 38000, "supplier": "S-03",
                "warranty_covered": true, "return_required": true, "wear_part": false}),
            201,
        )
        .await;
        self.ok(
            "/api/v1/parts",
            ADMIN,
            json!({"part_no": "FLT-0042", "name": "Fuel filter", "unit": "pc", "barcodes": ["6900000000422", "6910000000421"],
                "standard_cost_fen": 1000, "dealer_price_fen": 1200, "warranty_covered": true, "wear_part": true}),
            201,
        )
        .await;
    }
}

/// The manual clock as a plain getter.
pub trait NowUtc {
    fn now_utc(&self) -> chrono::DateTime<Utc>;
}

impl NowUtc for ManualClock {
    fn now_utc(&self) -> chrono::DateTime<Utc> {
        use sanbao::clock::Clock;
        self.now()
    }
}

pub fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 2, 0, 0).unwrap() // 10:00 in Shanghai
}

/// Scenario B up to the issue: master data, unit sold 2026-03-02 and registered on
/// `registered`, the K9-City policy, 10 BC-3519 received, 4 moved to ST-D001, requisition
/// RQ-000001 approved and one part issued by scan.
pub async fn repaired(registered: Option<&str>) -> TestApp {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/locations",
        ADMIN,
        json!({"code": "REUSE-01", "name": "Reusable", "kind": "reusable"}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/locations",
        ADMIN,
        json!({"code": "SUP-RET", "name": "Supplier returns", "kind": "supplier_return"}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/units",
        ADMIN,
        json!({"serial": UNIT, "model": "K9-City", "dealer": "D001", "customer": "Harbin Bus Line 12", "sale_date": "2026-03-02"}),
        201,
    )
    .await;
    if let Some(date) = registered {
        app.ok(
            &format!("/api/v1/units/{UNIT}/registration"),
            CLERK,
            json!({"received_date": date}),
            200,
        )
        .await;
    }
    app.ok(
        "/api/v1/policies",
        ADMIN,
        json!({"model": "K9-City", "effective_from_date": "2025-01-01", "months": 24, "usage_limit_km": 200000,
            "labor_rate_fen": 8000, "labor_standards": [{"fault_code": "BRK-021", "minutes": 180}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D001", "mode": "two_step", "lines": [{"part_no": "BC-3519", "qty": 4}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers/TR-000001/receipts",
        DEALER,
        json!({"lines": [{"part_no": "BC-3519", "qty": 4}]}),
        200,
    )
    .await;
    app.ok(
        "/api/v1/requisitions",
        DEALER,
        json!({"location": "ST-D001", "purpose": "warranty", "unit_serial": UNIT, "lines": [{"part_no": "BC-3519", "qty": 1}], "submit": true}),
        201,
    )
    .await;
    app.ok("/api/v1/requisitions/RQ-000001/approve", SUPERVISOR, json!({}), 200)
        .await;
    app.ok(
        "/api/v1/requisitions/RQ-000001/issues",
        DEALER,
        json!({"barcode": "6901234535190"}),
        200,
    )
    .await;
    app.clock.set(at(2026, 9, 15));
    app
}

pub fn claim_body() -> Value {
    json!({"unit_serial": UNIT, "failure_date": "2026-09-12", "repair_date": "2026-09-14", "usage_km": 81300,
        "fault_code": "BRK-021", "description": "Rear brake chamber leaking",
        "lines": [{"kind": "part", "part_no": "BC-3519", "qty": 1, "source": "company_stock", "requisition": "RQ-000001"},
            {"kind": "labor", "minutes": 150}, {"kind": "travel", "amount_fen": 15000}]})
}

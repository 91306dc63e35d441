//! Two sanbao processes serving one PostgreSQL database: concurrent receipts and
//! transfers of the same part from both, every request retried with the same
//! `Idempotency-Key` on the other instance. No negative stock, no duplicate or missing
//! document number, nothing posted twice, and the books reconcile. Runs when the suite
//! is switched to PostgreSQL (`SANBAO_TEST_STORE`).

mod common;

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Instance {
    child: Child,
    url: String,
}

impl Instance {
    fn start(store: &str) -> Instance {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_sanbao"))
            .args([
                "serve",
                "--demo",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--store",
                store,
            ])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while call(&url, "GET", "/healthz", None, None).0 != 200 {
            assert!(Instant::now() < deadline, "instance did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
        Instance { child, url }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request as the clerk (admin for reads); (status, body, replayed).
fn call(url: &str, method: &str, path: &str, body: Option<&Value>, key: Option<&str>) -> (u16, Value, bool) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let token = if method == "GET" || path == "/api/v1/locations" {
        "demo-admin"
    } else {
        "demo-clerk"
    };
    let full = format!("{url}{path}");
    let resp = match body {
        Some(b) => {
            let mut req = agent
                .post(&full)
                .header("authorization", &format!("Bearer {token}"))
                .header("content-type", "application/json");
            if let Some(k) = key {
                req = req.header("idempotency-key", k);
            }
            req.send(b.to_string().as_bytes())
        }
        None => agent
            .get(&full)
            .header("authorization", &format!("Bearer {token}"))
            .call(),
    };
    let Ok(mut resp) = resp else {
        return (0, Value::Null, false);
    };
    let status = resp.status().as_u16();
    let replayed = resp.headers().contains_key("idempotent-replayed");
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null), replayed)
}

/// Sends until an answer that is neither `overloaded` nor `idempotency_in_flight`.
fn settle(url: &str, path: &str, body: &Value, key: &str) -> (u16, Value, bool) {
    for _ in 0..200 {
        let (status, answer, replayed) = call(url, "POST", path, Some(body), Some(key));
        if status == 503 || status == 409 && answer["code"] == "idempotency_in_flight" {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        return (status, answer, replayed);
    }
    panic!("{path} never got through");
}

fn refused_for_stock(status: u16, answer: &Value) {
    assert!(
        status == 409 && answer["code"] == "insufficient_stock",
        "unexpected answer {status}: {answer}"
    );
}

/// Posts with `key` on `first`; a posting is retried with the same key on `second`,
/// which must replay it; a refusal stores nothing, so the retry on `second` is a new
/// try, whose posting `first` must then replay. The number posted, if any.
fn post_twice(first: &str, second: &str, path: &str, body: &Value, key: &str) -> Option<String> {
    let mut order = [first, second, first].into_iter();
    let mut url = order.next()?;
    loop {
        let (status, answer, _) = settle(url, path, body, key);
        let next = order.next();
        if status == 201 {
            let retry = next.unwrap_or(second);
            let (s2, a2, replayed) = settle(retry, path, body, key);
            assert_eq!(
                (status, &answer),
                (s2, &a2),
                "the retry on the other instance answered differently"
            );
            assert!(replayed, "the retry of {key} was posted again instead of replayed");
            return Some(answer["number"].as_str().unwrap().to_string());
        }
        refused_for_stock(status, &answer);
        match next {
            Some(u) if u != url => url = u,
            _ => return None,
        }
    }
}

/// Every document number listed at `path` (with `filter`, ending in `&` when given).
fn listed(url: &str, path: &str, filter: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page, _) = call(url, "GET", &format!("{path}?{filter}limit=500{cursor}"), None, None);
        assert_eq!(status, 200, "{page}");
        for r in page["items"].as_array().unwrap() {
            out.push(r["number"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return out,
        }
    }
}

#[test]
fn two_instances_on_one_database_keep_every_invariant() {
    let Some(base) = common::test_store() else {
        eprintln!(
            "skipped: runs when the suite is switched to PostgreSQL ({})",
            common::STORE_SWITCH
        );
        return;
    };
    let store = common::fresh_pg_url(&base);
    let a = Instance::start(&store);
    let b = Instance::start(&store);
    let loc = json!({"code": "WH-09", "name": "Shared warehouse", "kind": "warehouse"});
    assert_eq!(call(&a.url, "POST", "/api/v1/locations", Some(&loc), None).0, 201);

    let threads: Vec<_> = (0..6)
        .map(|t| {
            let (first, second) = if t % 2 == 0 {
                (a.url.clone(), b.url.clone())
            } else {
                (b.url.clone(), a.url.clone())
            };
            std::thread::spawn(move || {
                let (mut received, mut shipped, mut posted) = (0i64, 0i64, Vec::new());
                for i in 0..25 {
                    let key = format!("k{t}-{i}");
                    if (i + t) % 3 == 2 {
                        let qty = 1 + (i % 4) as i64;
                        let body = json!({"from": "WH-09", "to": "WH-01", "mode": "direct",
                            "lines": [{"part_no": "FLT-0042", "qty": qty}]});
                        if let Some(n) = post_twice(&first, &second, "/api/v1/stock/transfers", &body, &key) {
                            shipped += qty;
                            posted.push(n);
                        }
                    } else {
                        let qty = 1 + (i % 3) as i64;
                        let body = json!({"location": "WH-09",
                            "lines": [{"part_no": "FLT-0042", "qty": qty, "unit_cost_fen": 1_000 + i}]});
                        if let Some(n) = post_twice(&first, &second, "/api/v1/stock/receipts", &body, &key) {
                            received += qty;
                            posted.push(n);
                        }
                    }
                }
                (received, shipped, posted)
            })
        })
        .collect();
    let (mut received, mut shipped, mut posted) = (0, 0, Vec::new());
    for t in threads {
        let (r, s, p) = t.join().unwrap();
        received += r;
        shipped += s;
        posted.extend(p);
    }
    let distinct: BTreeSet<_> = posted.iter().cloned().collect();
    assert_eq!(distinct.len(), posted.len(), "a number was handed out twice");
    assert!(shipped > 0, "some transfers went through");

    // Stock equals what was acknowledged, never negative, read from either instance.
    for url in [&a.url, &b.url] {
        let (_, stock, _) = call(url, "GET", "/api/v1/stock?location=WH-09&part=FLT-0042", None, None);
        let qty = stock["items"][0]["qty"].as_i64().unwrap();
        assert_eq!(qty, received - shipped, "{stock}");
        assert!(qty >= 0);
    }
    // Gapless, unique numbers: every receipt and transfer number from 1 to the count.
    for path in ["/api/v1/stock/receipts", "/api/v1/stock/transfers"] {
        let mut n: Vec<u32> = listed(&a.url, path, "")
            .iter()
            .map(|n| n.rsplit('-').next().unwrap().parse().unwrap())
            .collect();
        n.sort_unstable();
        let expected: Vec<u32> = (1..=n.len() as u32).collect();
        assert_eq!(n, expected, "{path}: numbers not gapless and unique");
    }
    // Nothing posted twice: exactly the acknowledged documents exist at WH-09.
    let mut stored = listed(&b.url, "/api/v1/stock/receipts", "location=WH-09&");
    stored.extend(listed(&b.url, "/api/v1/stock/transfers", "location=WH-09&"));
    let stored: BTreeSet<_> = stored.into_iter().collect();
    assert_eq!(
        stored, distinct,
        "the documents stored are not exactly those acknowledged"
    );
    let (_, report, _) = call(&b.url, "GET", "/api/v1/reconciliation", None, None);
    assert_eq!(report["balanced"], true, "{report}");
    println!(
        "two instances: {} documents posted, {received} received, {shipped} shipped, balanced",
        posted.len()
    );
}

//! The web pages are served from the binary outside the API, and `whoami` tells a page who
//! its token belongs to.

mod common;

use axum::http::Method;
use common::{ADMIN, CLERK, DEALER, FINANCE, TestApp};

#[tokio::test]
async fn whoami_names_the_callers_role_dealer_and_locations() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let dealer = app.get("/api/v1/whoami", DEALER).await;
    assert_eq!(dealer.status, 200, "{}", dealer.body);
    assert_eq!(dealer.body["role"], "dealer");
    assert_eq!(dealer.body["dealer"], "D001");
    assert_eq!(dealer.body["token_id"], DEALER);
    assert_eq!(dealer.body["locations"], serde_json::json!([]));
    for (token, role) in [(ADMIN, "admin"), (CLERK, "clerk"), (FINANCE, "finance")] {
        let a = app.get("/api/v1/whoami", token).await;
        assert_eq!(a.body["role"], role);
        assert!(a.body["dealer"].is_null());
    }

    // A real token with locations.
    let created = app
        .ok(
            "/api/v1/tokens",
            ADMIN,
            serde_json::json!({"name": "scanner 3", "role": "clerk", "locations": ["WH-01"]}),
            201,
        )
        .await;
    let secret = created["secret"].as_str().unwrap();
    let me = app.get("/api/v1/whoami", secret).await;
    assert_eq!(me.body["token_id"], created["token"]["id"]);
    assert_eq!(me.body["locations"], serde_json::json!(["WH-01"]));

    let anonymous = app.call(Method::GET, "/api/v1/whoami", None, None, &[]).await;
    assert_eq!(anonymous.status, 401);
    let unknown = app.get("/api/v1/whoami", "no-such-token").await;
    assert_eq!(unknown.status, 401);
}

async fn raw(app: &TestApp, path: &str) -> (u16, axum::http::HeaderMap, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let resp = app
        .router
        .clone()
        .oneshot(axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn pages_and_assets_are_served_without_a_token() {
    let app = TestApp::new();
    let (status, headers, _) = raw(&app, "/").await;
    assert_eq!(status, 303);
    assert_eq!(headers["location"], "/ui/");

    for page in [
        "/ui/",
        "/ui/scan",
        "/ui/dealer",
        "/ui/approvals",
        "/ui/review",
        "/ui/finance",
    ] {
        let (status, headers, body) = raw(&app, page).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(headers["content-type"], "text/html; charset=utf-8", "{page}");
        assert_eq!(headers["cache-control"], "no-cache", "{page}");
        assert!(body.contains("/ui/assets/app.js"), "{page}");
    }

    // Every module a page imports is served, as JavaScript.
    let (_, _, shell) = raw(&app, "/ui/assets/app.js").await;
    for module in [
        "api.js",
        "ui.js",
        "login.js",
        "scan.js",
        "dealer.js",
        "approvals.js",
        "review.js",
        "finance.js",
        "charts.js",
        "i18n.js",
        "i18n-zh.js",
        "i18n-en.js",
        "attachments.js",
        "claim_check.js",
        "scan_reversals.js",
        "supply.js",
    ] {
        let imported_elsewhere = [
            "charts.js",
            "i18n-zh.js",
            "i18n-en.js",
            "attachments.js",
            "claim_check.js",
            "scan_reversals.js",
        ];
        assert!(
            shell.contains(module) || imported_elsewhere.contains(&module),
            "app.js names {module}"
        );
        let (status, headers, body) = raw(&app, &format!("/ui/assets/{module}")).await;
        assert_eq!(status, 200, "{module}");
        assert_eq!(headers["content-type"], "text/javascript; charset=utf-8");
        assert_eq!(headers["cache-control"], "no-cache");
        // Imports stay on this server: no CDN, nothing fetched from elsewhere.
        let body = body.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{module} names another host"
        );
        for import in body.lines().filter_map(|l| l.split(" from \"").nth(1)) {
            let target = import.trim_end_matches("\";");
            let (status, _, _) = raw(&app, &format!("/ui/assets/{}", target.trim_start_matches("./"))).await;
            assert_eq!(status, 200, "{module} imports {target}");
        }
    }
    let (status, headers, _) = raw(&app, "/ui/assets/app.css").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/css; charset=utf-8");
    let (_, headers, _) = raw(&app, "/ui/assets/icon.svg").await;
    assert_eq!(headers["content-type"], "image/svg+xml");

    let (status, headers, body) = raw(&app, "/ui/assets/nope.js").await;
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"], "application/problem+json");
    assert!(body.contains("not_found"));
    assert_eq!(raw(&app, "/ui/secret").await.0, 404);
}

#[test]
fn pages_are_not_in_the_openapi_document() {
    let doc: serde_json::Value = serde_json::from_str(&sanbao::http::openapi_json()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/whoami"));
    assert!(
        paths.keys().all(|p| p.starts_with("/api/v1/") || p == "/healthz"),
        "{:?}",
        paths.keys()
    );
}

/// The page modules as served (the embedded copies).
async fn scripts(app: &TestApp) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for module in [
        "app.js",
        "api.js",
        "ui.js",
        "login.js",
        "scan.js",
        "dealer.js",
        "approvals.js",
        "review.js",
        "finance.js",
        "charts.js",
        "i18n.js",
        "attachments.js",
        "claim_check.js",
        "scan_reversals.js",
        "supply.js",
        "lists.js",
        "service_reports.js",
        "documents.js",
        "books.js",
        "requisitions.js",
    ] {
        let (status, _, body) = raw(app, &format!("/ui/assets/{module}")).await;
        assert_eq!(status, 200, "{module}");
        out.push((module, body));
    }
    out
}

/// Each `"…"` that follows one of `openers` in `text`.
fn quoted_after<'a>(text: &'a str, openers: &[&str]) -> Vec<&'a str> {
    let mut found = Vec::new();
    for opener in openers {
        for (at, _) in text.match_indices(opener) {
            let rest = &text[at + opener.len()..];
            if let Some(end) = rest.find('"') {
                found.push(&rest[..end]);
            }
        }
    }
    found
}

/// Pages decide on a refusal's `code` (and `params`), never on its English `detail`: no
/// page tests, searches or compares message text, and every error code a page names is
/// one the API answers.
#[tokio::test]
async fn pages_decide_on_error_codes_never_on_message_text() {
    let app = TestApp::new();
    // Codes the pages make up themselves for answers that never reached the API.
    let client_codes = ["network"];
    for (module, js) in scripts(&app).await {
        let compact: String = js.chars().filter(|c| !c.is_whitespace()).collect();
        for text_member in ["message", "detail", "title"] {
            for op in [
                ".includes(",
                ".match(",
                ".startsWith(",
                ".endsWith(",
                ".indexOf(",
                ".search(",
                "===\"",
                "==\"",
                "!==\"",
                "!=\"",
            ] {
                for member in [format!(".{text_member}{op}"), format!(".{text_member}){op}")] {
                    assert!(!compact.contains(&member), "{module} matches on problem text: {member}");
                }
            }
        }
        for (at, _) in compact.match_indices(".test(") {
            let arg: String = compact[at + 6..].chars().take_while(|c| *c != ')').collect();
            assert!(
                !["message", "detail", "title", "problem"]
                    .iter()
                    .any(|m| arg.contains(m)),
                "{module} tests a pattern against problem text: .test({arg})"
            );
        }
        assert!(!js.contains("in flight"), "{module} names the in-flight message");

        // Codes compared against, and the cases of the headline switch over error codes.
        let mut named = quoted_after(&compact, &["code===\"", "code!==\"", "code==\"", "code!=\""]);
        if let Some(start) = js.find("function problemTitle(") {
            let body = &js[start..];
            let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
            named.extend(quoted_after(body, &["case \""]));
        }
        for code in named {
            assert!(
                sanbao::error::ALL_CODES.contains(&code) || client_codes.contains(&code),
                "{module} names error code {code:?}, which the API never answers"
            );
        }
    }
}

//! `whoami` tells a client (the web pages) who its token belongs to.

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

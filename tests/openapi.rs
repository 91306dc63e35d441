//! The checked-in OpenAPI document is the one the code generates, and the server serves it.

mod common;

use common::TestApp;

/// Fails when `api/openapi.json` is stale; `UPDATE_OPENAPI=1 cargo test --test openapi`
/// rewrites it.
#[test]
fn checked_in_document_is_current() {
    let generated = sanbao::http::openapi_json();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/api/openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "api/openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test --test openapi`"
    );
}

#[tokio::test]
async fn server_serves_the_same_document_and_the_docs_page() {
    let app = TestApp::new();
    let served = app
        .call(axum::http::Method::GET, "/api/v1/openapi.json", None, None, &[])
        .await;
    assert_eq!(served.status, 200);
    let generated: serde_json::Value = serde_json::from_str(&sanbao::http::openapi_json()).unwrap();
    assert_eq!(served.body, generated);
    assert_eq!(served.body["openapi"], "3.1.0");
    let docs = app.call(axum::http::Method::GET, "/docs/", None, None, &[]).await;
    assert_eq!(docs.status, 200);
}

/// Every operation documents its error answers and every write takes an Idempotency-Key.
#[test]
fn every_operation_documents_errors() {
    let doc: serde_json::Value = serde_json::from_str(&sanbao::http::openapi_json()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            if path != "/healthz" {
                assert!(responses.contains_key("401"), "{method} {path} lacks 401");
            }
            if method == "post" && !path.ends_with("/admin/backup") {
                let params = op["parameters"].as_array().cloned().unwrap_or_default();
                assert!(
                    params.iter().any(|p| p["name"] == "Idempotency-Key"),
                    "{method} {path} lacks Idempotency-Key"
                );
                assert!(responses.contains_key("422"), "{method} {path} lacks 422");
            }
        }
    }
}

/// Domain and command types are not wire types: no schema, no serde, no wire attribute
/// there (the bodies live in `src/http/dto/`, the stored records in `src/store/records/`).
#[test]
fn domain_and_commands_carry_no_wire_attributes() {
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src/domain"), &mut files);
    sources(&root.join("src/commands"), &mut files);
    assert!(files.len() > 10, "found only {} source files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (i, line) in text.lines().enumerate() {
            for word in [
                "ToSchema",
                "utoipa",
                "#[serde(",
                "#[schema(",
                "serde::",
                "Serialize",
                "Deserialize",
            ] {
                if line.contains(word) {
                    found.push(format!(
                        "{}:{}: {word}",
                        file.strip_prefix(root).unwrap().display(),
                        i + 1
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "wire attributes outside http/dto:\n{}",
        found.join("\n")
    );
}

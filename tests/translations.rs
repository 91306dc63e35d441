//! Every code the API can answer has a name in both page catalogues (Simplified Chinese and
//! English), and every refusal a sentence: the codes are read from the OpenAPI document and
//! the error table, never from a list kept here.

mod common;

use common::{ADMIN, TestApp};
use sanbao::clock::Clock;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// A catalogue file: a comment, then `export default {…};` whose body is one JSON object.
fn catalogue(lang: &str) -> Map<String, Value> {
    let path = format!("{}/web/i18n-{lang}.js", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("export default {").expect("export default {") + "export default ".len();
    let end = text.rfind('}').expect("closing brace") + 1;
    let value: Value = serde_json::from_str(&text[start..end]).unwrap_or_else(|e| panic!("{path}: {e}"));
    let Value::Object(map) = value else {
        panic!("{path} is not an object")
    };
    for (key, text) in &map {
        assert!(
            text.as_str().is_some_and(|t| !t.trim().is_empty()),
            "{lang}: {key} is empty"
        );
    }
    map
}

/// `(schema, value)` of every string enum in `components.schemas`, nested ones included.
fn enum_codes() -> BTreeSet<(String, String)> {
    fn walk(schema: &str, v: &Value, out: &mut BTreeSet<(String, String)>) {
        match v {
            Value::Object(o) => {
                if let Some(Value::Array(values)) = o.get("enum") {
                    for value in values.iter().filter_map(Value::as_str) {
                        out.insert((schema.to_string(), value.to_string()));
                    }
                }
                o.values().for_each(|x| walk(schema, x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(schema, x, out)),
            _ => {}
        }
    }
    let path = format!("{}/api/openapi.json", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = BTreeSet::new();
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        walk(name, schema, &mut out);
    }
    out
}

#[test]
fn every_enum_value_of_the_api_has_a_name_in_both_languages() {
    let codes = enum_codes();
    assert!(
        codes.contains(&("ClaimStatus".into(), "submitted".into())),
        "the walk finds enums"
    );
    for lang in ["zh", "en"] {
        let cat = catalogue(lang);
        let missing: Vec<String> = codes
            .iter()
            .map(|(schema, value)| format!("{schema}.{value}"))
            .filter(|key| !cat.contains_key(key))
            .collect();
        assert!(missing.is_empty(), "web/i18n-{lang}.js has no name for {missing:?}");
    }
}

#[test]
fn every_error_code_has_a_headline_and_a_sentence_in_both_languages() {
    for lang in ["zh", "en"] {
        let cat = catalogue(lang);
        for code in sanbao::error::ALL_CODES {
            for key in [format!("error_title.{code}"), format!("error.{code}")] {
                assert!(cat.contains_key(&key), "web/i18n-{lang}.js has no {key}");
            }
        }
    }
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn both_catalogues_have_the_same_keys_and_placeholders() {
    let zh = catalogue("zh");
    let en = catalogue("en");
    let only = |a: &Map<String, Value>, b: &Map<String, Value>| -> Vec<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert!(only(&zh, &en).is_empty(), "only in Chinese: {:?}", only(&zh, &en));
    assert!(only(&en, &zh).is_empty(), "only in English: {:?}", only(&en, &zh));
    for (key, text) in &zh {
        let (z, e) = (text.as_str().unwrap(), en[key].as_str().unwrap());
        assert_eq!(placeholders(z), placeholders(e), "{key}: {z:?} vs {e:?}");
    }
    // Refusal sentences name only facts the refusal carries (checked for the ones whose
    // params are documented as fixed per code).
    assert_eq!(
        placeholders(en["error.insufficient_stock"].as_str().unwrap()),
        BTreeSet::from(["available", "location", "part_no", "requested"])
    );
}

/// The name a page shows for an account: an exact entry, a `prefix:` entry followed by a
/// location, dealer or supplier code, or a `campaign:*:kind` entry (as `web/i18n.js` reads them).
fn account_named(cat: &Map<String, Value>, account: &str) -> bool {
    if cat.contains_key(&format!("account.{account}")) {
        return true;
    }
    let parts: Vec<&str> = account.split(':').collect();
    let prefix = account.rfind(':').map(|at| &account[..=at]);
    prefix.is_some_and(|p| cat.contains_key(&format!("account.{p}")))
        || (parts.len() == 3 && cat.contains_key(&format!("account.{}:*:{}", parts[0], parts[2])))
}

#[tokio::test]
async fn every_account_the_books_hold_has_a_name_in_both_languages() {
    let app = TestApp::new();
    sanbao::fixtures::load_demo(&app.db, app.clock.now()).unwrap();
    let page = app.get("/api/v1/accounts?limit=500", ADMIN).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let accounts: Vec<&str> = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(accounts.iter().any(|a| a.starts_with("inventory:")), "{accounts:?}");
    for lang in ["zh", "en"] {
        let cat = catalogue(lang);
        let unnamed: Vec<&&str> = accounts.iter().filter(|a| !account_named(&cat, a)).collect();
        assert!(
            unnamed.is_empty(),
            "web/i18n-{lang}.js has no name for accounts {unnamed:?}"
        );
    }
}

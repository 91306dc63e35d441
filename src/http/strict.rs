//! The input rules every request body and query string meets before it is parsed: no
//! control characters in any text, dates exactly `YYYY-MM-DD` in the years 1900–2200,
//! instants in RFC 3339 in those years, and codes in their stored form (trimmed, upper
//! case), so `wh-01` names the location `WH-01`. Fields are known by their names, which
//! the API's naming rules fix: dates end in `_date` (and `season_start`, a reserve plan's
//! season), instants in `_at`.

use crate::domain::validate;
use crate::error::Result;
use serde_json::Value;

/// Fields that hold a code of master data (or a list of them), normalized on the way in.
const CODE_FIELDS: &[&str] = &[
    "part_no",
    "part",
    "code",
    "location",
    "locations",
    "from",
    "to",
    "dealer",
    "supplier",
    "serial",
    "unit_serial",
    "fault_code",
    "preauth_parts",
    "preauth_fault_codes",
    "serials",
    "campaign",
    "labor_operation",
];

fn is_date(key: &str) -> bool {
    key == "date" || key.ends_with("_date") || key == "season_start"
}

/// Checks and normalizes a JSON value found at `path` under the object key `key`.
pub fn json(path: &str, key: Option<&str>, value: &mut Value) -> Result<()> {
    match value {
        Value::String(s) => string(path, key, s),
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                json(&format!("{path}[{i}]"), key, item)?;
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                validate::no_control(path, k)?;
                let field = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                json(&field, Some(k), v)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Checks and normalizes one query parameter.
pub fn query_value(key: &str, value: &mut String) -> Result<()> {
    string(key, Some(key), value)
}

fn string(field: &str, key: Option<&str>, s: &mut String) -> Result<()> {
    validate::no_control(field, s)?;
    let Some(key) = key else { return Ok(()) };
    if is_date(key) {
        validate::date_text(field, s)?;
    } else if key.ends_with("_at") {
        validate::instant_text(field, s)?;
    } else if CODE_FIELDS.contains(&key) {
        *s = validate::normalize_code(s);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codes_dates_and_control_characters() {
        let mut v = json!({"location": " wh-01", "lines": [{"part_no": "bc-3519", "note": "ok\nfine"}],
            "locations": ["st-d001"], "sale_date": "2026-01-01", "name": "Longjiang"});
        json("", None, &mut v).unwrap();
        assert_eq!(v["location"], "WH-01");
        assert_eq!(v["lines"][0]["part_no"], "BC-3519");
        assert_eq!(v["locations"][0], "ST-D001");
        assert_eq!(v["name"], "Longjiang", "names keep their case");
        let refused = |v: Value| json("", None, &mut v.clone()).unwrap_err();
        assert_eq!(
            refused(json!({"sale_date": "2026-1-1"})).to_string().split(':').next(),
            Some("sale_date")
        );
        assert_eq!(
            refused(json!({"lines": [{"note": "\u{1}"}]}))
                .to_string()
                .split(':')
                .next(),
            Some("lines[0].note")
        );
        assert!(json("", None, &mut json!({"customer_signed_at": "-0001-01-01T00:00:00Z"})).is_err());
    }
}

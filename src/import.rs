//! Reading unit files for `sanbao units import`: CSV with a header row
//! (`serial,model,dealer,customer,sale_date[,acceptance_date]`) or JSON lines.

use crate::commands::units::UnitInput;

/// Splits one CSV record (RFC 4180 quoting: `"a, b"` and `""` for a quote).
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    out.push(field);
    out
}

/// Parses a unit file; errors name the line.
pub fn parse_units(text: &str) -> Result<Vec<UnitInput>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .peekable();
    let json = lines.peek().is_some_and(|(_, l)| l.trim_start().starts_with('{'));
    if json {
        return lines
            .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
            .collect();
    }
    let Some((_, header)) = lines.next() else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = csv_fields(header).into_iter().map(|h| h.trim().to_string()).collect();
    lines
        .map(|(i, l)| {
            let values = csv_fields(l);
            let mut obj = serde_json::Map::new();
            for (name, value) in names.iter().zip(values) {
                let value = value.trim();
                if !value.is_empty() {
                    obj.insert(name.clone(), serde_json::Value::String(value.to_string()));
                }
            }
            serde_json::from_value(serde_json::Value::Object(obj)).map_err(|e| format!("line {}: {e}", i + 1))
        })
        .collect()
}

/// A progress bar on standard error: `[#####.....] 500/1000`.
pub fn progress(done: usize, total: usize) {
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    eprint!(
        "\r[{}{}] {done}/{total}",
        "#".repeat(filled),
        ".".repeat(width - filled)
    );
    if done >= total {
        eprintln!();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes() {
        assert_eq!(
            csv_fields(r#"a,"b, c","say ""hi""",d"#),
            vec!["a", "b, c", "say \"hi\"", "d"]
        );
    }

    #[test]
    fn csv_and_json_lines_parse_alike() {
        let csv = "serial,model,dealer,customer,sale_date\nVIN1,K9,D001,\"Line 12, Harbin\",2026-03-02\n";
        let json =
            r#"{"serial":"VIN1","model":"K9","dealer":"D001","customer":"Line 12, Harbin","sale_date":"2026-03-02"}"#;
        let a = parse_units(csv).unwrap();
        let b = parse_units(json).unwrap();
        assert_eq!(
            (a[0].serial.as_str(), a[0].customer.as_str()),
            (b[0].serial.as_str(), b[0].customer.as_str())
        );
        assert!(parse_units("serial,model\nVIN1,K9").unwrap_err().starts_with("line 2"));
    }
}

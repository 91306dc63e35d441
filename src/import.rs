//! Reading unit files for `sanbao units import`: CSV with a header row
//! (`serial,model,dealer,customer,sale_date[,acceptance_date][,built_on]`) or JSON lines, UTF-8 with or
//! without a byte-order mark (Excel's "CSV UTF-8" writes one).

use crate::domain::validate;
use crate::http::dto::warranty::UnitInput;
use chrono::NaiveDate;
use std::path::Path;

/// Reads and parses a unit file; errors name the line and, where one is to blame, the field.
pub fn read_units(path: &Path) -> Result<Vec<UnitInput>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text at byte {} (save the sheet as \"CSV UTF-8\")",
            e.utf8_error().valid_up_to()
        )
    })?;
    parse_units(&text)
}

/// Parses a unit file's text; errors name the line and, where one is to blame, the field.
pub fn parse_units(text: &str) -> Result<Vec<UnitInput>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with('{'));
    if json { json_lines(text) } else { csv_rows(text) }
}

fn json_lines(text: &str) -> Result<Vec<UnitInput>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// One CSV row as written: every value text, so that a bad value is reported with its
/// column's name (csv cannot name the field of an error raised inside a type's own parser).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitRow {
    serial: String,
    model: String,
    dealer: String,
    customer: String,
    sale_date: String,
    #[serde(default)]
    acceptance_date: Option<String>,
    #[serde(default)]
    built_on: Option<String>,
}

impl UnitRow {
    fn into_input(self, line: u64) -> Result<UnitInput, String> {
        let text = |name: &str, v: String| {
            if v.is_empty() {
                Err(format!("line {line}, field {name}: empty"))
            } else {
                Ok(v)
            }
        };
        // The rules the API applies to every body, so a file imported on the server's
        // own disk means the same as one sent to it: strict dates, codes in stored form.
        let date = |name: &str, v: &str| -> Result<NaiveDate, String> {
            validate::date_text(name, v).map_err(|e| format!("line {line}, field {e}"))
        };
        let code = |name: &str, v: String| text(name, validate::normalize_code(&v));
        let optional_date = |name: &str, v: Option<String>| v.map(|v| date(name, &v)).transpose();
        Ok(UnitInput {
            serial: code("serial", self.serial)?,
            model: text("model", self.model)?,
            dealer: code("dealer", self.dealer)?,
            customer: text("customer", self.customer)?,
            sale_date: date("sale_date", &self.sale_date)?,
            acceptance_date: optional_date("acceptance_date", self.acceptance_date)?,
            built_on: optional_date("built_on", self.built_on)?,
        })
    }
}

fn csv_rows(text: &str) -> Result<Vec<UnitInput>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| describe(&e, None))?.clone();
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| describe(&e, None))?;
            // csv counts lines from 1, as editors do; a record's line is where it starts.
            let line = record.position().map_or(0, csv::Position::line);
            let row: UnitRow = record
                .deserialize(Some(&headers))
                .map_err(|e| describe(&e, Some(&headers)))?;
            row.into_input(line)
        })
        .collect()
}

/// One CSV error as `line N, field NAME: what`, or `line N: what` when no single field is
/// to blame (a missing or unknown column, a row of the wrong width).
fn describe(e: &csv::Error, headers: Option<&csv::StringRecord>) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { pos, err } => {
            let line = pos.as_ref().map_or(0, csv::Position::line);
            match err.field().and_then(|i| headers?.get(usize::try_from(i).ok()?)) {
                Some(name) => format!("line {line}, field {name}: {}", err.kind()),
                None => format!("line {line}: {}", err.kind()),
            }
        }
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => format!(
            "line {}: {len} fields where the header has {expected_len}",
            pos.as_ref().map_or(0, csv::Position::line)
        ),
        _ => e.to_string(),
    }
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

    const HEADER: &str = "serial,model,dealer,customer,sale_date,acceptance_date\n";

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
    }

    #[test]
    fn a_byte_order_mark_does_not_break_the_header() {
        let csv = format!("\u{feff}{HEADER}VIN1,K9,D001,Harbin,2026-03-02,\n");
        let units = parse_units(&csv).unwrap();
        assert_eq!(units[0].serial, "VIN1");
        assert_eq!(units[0].acceptance_date, None);
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_newlines() {
        let csv = format!("{HEADER}VIN1,K9,D001,\"Fleet 3, \"\"North\"\"\nHarbin\",2026-03-02,2026-03-05\n");
        let units = parse_units(&csv).unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].customer, "Fleet 3, \"North\"\nHarbin");
        assert_eq!(
            units[0].acceptance_date.map(|d| d.to_string()).as_deref(),
            Some("2026-03-05")
        );
    }

    #[test]
    fn codes_and_dates_follow_the_api_rules() {
        let units = parse_units(&format!("{HEADER} vin-9 ,K9-City,d001,Bus,2026-03-02,\n")).unwrap();
        assert_eq!((units[0].serial.as_str(), units[0].dealer.as_str()), ("VIN-9", "D001"));
        assert_eq!(units[0].model, "K9-City", "models keep their case");
        let e = parse_units(&format!("{HEADER}VIN9,K9,D001,Bus,2026-3-2,\n")).unwrap_err();
        assert!(e.starts_with("line 2, field sale_date:"), "{e}");
    }

    #[test]
    fn a_bad_row_names_its_line_and_field() {
        // The quoted newline in row one makes the bad row the file's fourth line.
        let csv = format!("{HEADER}VIN1,K9,D001,\"a\nb\",2026-03-02,\nVIN2,K9,D001,c,2026-13-40,\n");
        let e = parse_units(&csv).unwrap_err();
        assert!(e.starts_with("line 4, field sale_date:"), "{e}");
        let e = parse_units("serial,model\nVIN1,K9,extra").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = parse_units("serial,model\nVIN1,K9").unwrap_err();
        assert!(e.starts_with("line 2:") && e.contains("dealer"), "{e}");
        let e = parse_units(&format!("{HEADER}VIN1,K9,D001,,2026-03-02,\n")).unwrap_err();
        assert_eq!(e, "line 2, field customer: empty");
    }

    #[test]
    fn the_production_date_is_an_optional_column() {
        let csv = "serial,model,dealer,customer,sale_date,built_on\nVIN1,K9,D001,Bus,2026-03-02,2026-02-10\nVIN2,K9,D001,Bus,2026-03-02,\n";
        let units = parse_units(csv).unwrap();
        assert_eq!(units[0].built_on.map(|d| d.to_string()).as_deref(), Some("2026-02-10"));
        assert_eq!(units[1].built_on, None);
        let e = parse_units("serial,model,dealer,customer,sale_date,built_on\nVIN1,K9,D001,Bus,2026-03-02,2026-2-1\n")
            .unwrap_err();
        assert!(e.starts_with("line 2, field built_on:"), "{e}");
    }
}

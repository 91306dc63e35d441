//! Import files as rows of text under a header: CSV in UTF-8 (with or without the BOM
//! Excel's "CSV UTF-8" writes) or GBK (Excel's plain "CSV" on a Chinese Windows), or an
//! XLSX workbook's first sheet. Every row keeps the line (or sheet row) it came from, so
//! an error can name it.

use chrono::{Duration, NaiveDate};
use std::path::Path;

/// A file's header and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Column names, trimmed.
    pub header: Vec<String>,
    /// Rows that are not blank.
    pub rows: Vec<Row>,
}

/// One row: where it starts and its cells, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line of the file (CSV) or the sheet's row number (XLSX), counted from 1.
    pub line: u64,
    /// Cells in header order.
    pub cells: Vec<String>,
}

impl Sheet {
    /// The cell of `column` in `row`, if the header has the column ("" when the row is short).
    pub fn cell<'a>(&self, row: &'a Row, column: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| h == column)?;
        Some(row.cells.get(i).map_or("", String::as_str))
    }
}

/// Reads an import file; an XLSX workbook is known by its content (a zip archive).
pub fn read(path: &Path) -> Result<Sheet, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    parse(&bytes)
}

/// Parses an import file's bytes.
pub fn parse(bytes: &[u8]) -> Result<Sheet, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx(bytes)
    } else {
        csv_text(&text(bytes)?)
    }
}

/// The file's text: UTF-8 (a BOM dropped), else GBK.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (s, _, bad) = encoding_rs::GBK.decode(bytes);
    if bad {
        return Err("neither UTF-8 nor GBK text (save the sheet as \"CSV UTF-8\" or as an .xlsx workbook)".into());
    }
    Ok(s.into_owned())
}

fn csv_text(text: &str) -> Result<Sheet, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {e}", p.line()),
            None => e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| line_at(text, p.byte()));
        if record.len() > header.len() && record.iter().skip(header.len()).any(|c| !c.is_empty()) {
            return Err(format!(
                "line {line}: {} fields where the header has {}",
                record.len(),
                header.len()
            ));
        }
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push(Row { line, cells });
        }
    }
    Ok(Sheet { header, rows })
}

/// The line a record starts on, given the byte where csv says it does (which may be
/// before blank lines it skipped).
fn line_at(text: &str, byte: u64) -> u64 {
    let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    let mut line = 1 + text.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() as u64;
    while let Some(rest) = text.get(at..) {
        let skip = if rest.starts_with("\r\n") {
            2
        } else if rest.starts_with('\n') {
            1
        } else {
            break;
        };
        at += skip;
        line += 1;
    }
    line
}

fn xlsx(bytes: &[u8]) -> Result<Sheet, String> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable XLSX workbook: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| format!("the first sheet cannot be read: {e}"))?;
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r));
    let cell = |c: &Data| match c {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    };
    let mut rows = range.rows().enumerate();
    let header = rows
        .next()
        .map(|(_, r)| r.iter().map(cell).collect::<Vec<_>>())
        .ok_or("the first sheet is empty")?;
    let rows = rows
        .map(|(i, r)| Row {
            line: first_row + i as u64 + 1,
            cells: r.iter().map(cell).collect(),
        })
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    Ok(Sheet { header, rows })
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    base.checked_add_signed(Duration::days(serial.floor() as i64))
        .map_or_else(|| serial.to_string(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom_and_gbk_read_alike() {
        let plain = "code,name\nD001,龙江客车\n";
        let bom = format!("\u{feff}{plain}");
        let (gbk, _, _) = encoding_rs::GBK.encode(plain);
        for bytes in [plain.as_bytes(), bom.as_bytes(), &gbk] {
            let s = parse(bytes).unwrap();
            assert_eq!(s.header, ["code", "name"]);
            assert_eq!(
                s.rows,
                [Row {
                    line: 2,
                    cells: vec!["D001".into(), "龙江客车".into()]
                }]
            );
        }
        assert!(
            parse(&[0xff, 0xff, 0xff])
                .unwrap_err()
                .contains("neither UTF-8 nor GBK")
        );
    }

    #[test]
    fn blank_rows_are_skipped_and_lines_counted_as_in_an_editor() {
        let s = parse(b"code,name\n\nD001,\"a\nb\"\n,\nD002,c\n").unwrap();
        let lines: Vec<u64> = s.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 6]);
        assert_eq!(s.cell(&s.rows[1], "name"), Some("c"));
        assert_eq!(s.cell(&s.rows[1], "nope"), None);
        assert!(parse(b"code,name\nD001,a,extra\n").unwrap_err().starts_with("line 2:"));
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(excel_date(46310.0), "2026-10-15");
        assert_eq!(excel_date(1.0), "1899-12-31");
    }
}

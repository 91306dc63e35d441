//! Field checks shared by every command; each names the field it refuses.

use crate::domain::money::Fen;
use crate::error::{Error, Result};

/// Longest code (part number, location, dealer, supplier, document number).
pub const CODE_LEN_MAX: usize = 64;
/// Longest free text (names, references, notes).
pub const TEXT_LEN_MAX: usize = 500;

/// A code: 1–64 of `A-Z a-z 0-9 - _ .`, starting with a letter or digit.
pub fn code(field: &str, value: &str) -> Result<()> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if value.is_empty() || value.len() > CODE_LEN_MAX {
        return Err(Error::invalid(field, format!("must be 1 to {CODE_LEN_MAX} characters")));
    }
    if !value.chars().all(ok_char) || !value.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(Error::invalid(
            field,
            "may hold only letters, digits, '-', '_' and '.', and must start with a letter or digit",
        ));
    }
    Ok(())
}

/// A barcode: 1–64 printable ASCII characters without spaces.
pub fn barcode(field: &str, value: &str) -> Result<()> {
    if value.is_empty() || value.len() > CODE_LEN_MAX || !value.chars().all(|c| c.is_ascii_graphic()) {
        return Err(Error::invalid(
            field,
            format!("must be 1 to {CODE_LEN_MAX} printable characters without spaces"),
        ));
    }
    Ok(())
}

/// Non-empty text of at most [`TEXT_LEN_MAX`] characters.
pub fn text(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() || value.chars().count() > TEXT_LEN_MAX {
        return Err(Error::invalid(field, format!("must be 1 to {TEXT_LEN_MAX} characters")));
    }
    Ok(())
}

/// Optional text: absent, or valid [`text`].
pub fn opt_text(field: &str, value: Option<&str>) -> Result<()> {
    value.map_or(Ok(()), |v| text(field, v))
}

/// A quantity: at least 1 and at most a billion.
pub fn qty(field: &str, value: i64) -> Result<()> {
    if !(1..=1_000_000_000).contains(&value) {
        return Err(Error::invalid(field, "must be a whole number from 1 to 1000000000"));
    }
    Ok(())
}

/// A money amount: zero or more, at most 10^13 fen (100 billion yuan).
pub fn amount(field: &str, value: Fen) -> Result<()> {
    if !(0..=10_000_000_000_000).contains(&value.get()) {
        return Err(Error::invalid(
            field,
            "must be a whole number of fen from 0 to 10000000000000",
        ));
    }
    Ok(())
}

/// A percentage from 0 to 100.
pub fn pct(field: &str, value: i64) -> Result<()> {
    if !(0..=100).contains(&value) {
        return Err(Error::invalid(field, "must be a whole percentage from 0 to 100"));
    }
    Ok(())
}

/// A list of 1 to `max` entries.
pub fn lines<T>(field: &str, items: &[T], max: usize) -> Result<()> {
    if items.is_empty() || items.len() > max {
        return Err(Error::invalid(field, format!("must hold 1 to {max} lines")));
    }
    Ok(())
}

/// The in-transit location's code, lower case by contract.
pub const IN_TRANSIT: &str = "in-transit";

/// A code as stored: trimmed and in upper case (codes are upper case, so `wh-01` and
/// `WH-01` are one location), except the reserved `in-transit`, kept as the contract
/// names it.
pub fn normalize_code(value: &str) -> String {
    let trimmed = value.trim();
    if trimmed.eq_ignore_ascii_case(IN_TRANSIT) {
        IN_TRANSIT.to_string()
    } else {
        trimmed.to_ascii_uppercase()
    }
}

/// Refuses control characters (tabs and line breaks aside) anywhere in a text.
pub fn no_control(field: &str, value: &str) -> Result<()> {
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(Error::invalid(field, "must not hold control characters"));
    }
    Ok(())
}

/// Earliest year a date may name.
pub const YEAR_MIN: i32 = 1900;
/// Latest year a date may name.
pub const YEAR_MAX: i32 = 2200;

/// A business date exactly as `YYYY-MM-DD`, in years [`YEAR_MIN`] to [`YEAR_MAX`].
pub fn date_text(field: &str, value: &str) -> Result<chrono::NaiveDate> {
    let bad = || {
        Error::invalid(
            field,
            format!("must be a date as YYYY-MM-DD in the years {YEAR_MIN} to {YEAR_MAX}"),
        )
    };
    let b = value.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(bad());
    }
    let date = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| bad())?;
    if !(YEAR_MIN..=YEAR_MAX).contains(&chrono::Datelike::year(&date)) {
        return Err(bad());
    }
    Ok(date)
}

/// An instant as RFC 3339 in years [`YEAR_MIN`] to [`YEAR_MAX`].
pub fn instant_text(field: &str, value: &str) -> Result<()> {
    let ok = chrono::DateTime::parse_from_rfc3339(value)
        .is_ok_and(|t| (YEAR_MIN..=YEAR_MAX).contains(&chrono::Datelike::year(&t)));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("must be an RFC 3339 instant in the years {YEAR_MIN} to {YEAR_MAX}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_normalize_to_upper_case_but_in_transit() {
        assert_eq!(normalize_code(" wh-01 "), "WH-01");
        assert_eq!(normalize_code("IN-Transit"), "in-transit");
        assert_eq!(normalize_code("BC-3519"), "BC-3519");
    }

    #[test]
    fn dates_are_strict() {
        assert!(date_text("d", "2026-01-01").is_ok());
        assert!(date_text("d", "1900-01-01").is_ok());
        assert!(date_text("d", "2200-12-31").is_ok());
        for bad in [
            "2026-1-1",
            "-0001-01-01",
            "1899-12-31",
            "2201-01-01",
            "2026-02-30",
            "20260101",
            "2026-01-01T00:00:00Z",
            "+2026-01-01",
        ] {
            assert!(date_text("d", bad).is_err(), "{bad}");
        }
        assert!(instant_text("t", "2026-09-14T09:30:00Z").is_ok());
        assert!(instant_text("t", "0001-09-14T09:30:00Z").is_err());
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_kept() {
        assert!(no_control("n", "\u{1}\u{2}").is_err());
        assert!(no_control("n", "a\u{7f}").is_err());
        assert!(no_control("n", "a\u{85}").is_err());
        assert!(no_control("n", "line one\nline two\ttab").is_ok());
    }

    #[test]
    fn codes() {
        assert!(code("f", "BC-3519").is_ok());
        assert!(code("f", "ST_D001.a").is_ok());
        assert!(code("f", "").is_err());
        assert!(code("f", "-x").is_err());
        assert!(code("f", "a b").is_err());
        assert!(code("f", &"x".repeat(65)).is_err());
    }

    #[test]
    fn barcodes_and_amounts() {
        assert!(barcode("b", "6901234567892").is_ok());
        assert!(barcode("b", "69 01").is_err());
        assert!(qty("q", 0).is_err());
        assert!(amount("a", Fen(-1)).is_err());
        assert!(pct("p", 101).is_err());
    }
}

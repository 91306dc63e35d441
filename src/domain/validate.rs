//! Field checks shared by every command; each names the field it refuses.

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
pub fn amount(field: &str, value: i64) -> Result<()> {
    if !(0..=10_000_000_000_000).contains(&value) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(amount("a", -1).is_err());
        assert!(pct("p", 101).is_err());
    }
}

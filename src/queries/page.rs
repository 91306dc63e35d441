//! Cursor pagination: opaque cursors bound to the filters they were made with.

use crate::error::{Error, Result};
use crate::store::{Read, Scan, Table};
use serde::Serialize;
use utoipa::ToSchema;

/// Default page size.
pub const LIMIT_DEFAULT: usize = 50;
/// Largest page size.
pub const LIMIT_MAX: usize = 500;
/// Most rows one page examines. A filter no index answers ends its page early, with a
/// cursor to continue from, once this many rows were read: a page costs bounded work
/// however rare the matches are.
pub const EXAMINED_MAX: usize = 5_000;

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null when nothing remains.
    pub next_cursor: Option<String>,
}

/// What the caller asked for.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    /// Page size (default 50, at most 500).
    pub limit: Option<usize>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

fn filter_hash(filters: &str) -> u64 {
    // FNV-1a: stable across builds, enough to tell one filter set from another.
    filters.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn encode_cursor(filters: &str, key: &[u8]) -> String {
    let mut bytes = filter_hash(filters).to_be_bytes().to_vec();
    bytes.extend_from_slice(key);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_cursor(filters: &str, cursor: &str) -> Result<Vec<u8>> {
    let bad = || Error::invalid("cursor", "not a cursor of this list with these filters");
    if !cursor.len().is_multiple_of(2) || cursor.len() < 16 || cursor.len() > 2048 {
        return Err(bad());
    }
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(cursor.get(i..i + 2).ok_or_else(bad)?, 16).map_err(|_| bad()))
        .collect::<Result<Vec<u8>>>()?;
    let (hash, key) = bytes.split_at(8);
    if hash != filter_hash(filters).to_be_bytes() {
        return Err(bad());
    }
    Ok(key.to_vec())
}

impl PageRequest {
    /// The page size, checked.
    pub fn limit(&self) -> Result<usize> {
        match self.limit {
            None => Ok(LIMIT_DEFAULT),
            Some(l) if (1..=LIMIT_MAX).contains(&l) => Ok(l),
            Some(_) => Err(Error::invalid("limit", format!("must be 1 to {LIMIT_MAX}"))),
        }
    }
}

/// Pages through `scan` of `table`, mapping each pair to an item (or skipping it with
/// `None`). `filters` names the list and its filters; a cursor made under other filters
/// is refused. A page examines at most [`EXAMINED_MAX`] rows; past that it ends early
/// (perhaps with fewer items than asked, even none) and its cursor continues the scan.
pub fn paginate<T>(
    r: &dyn Read,
    table: Table,
    scan: Scan,
    filters: &str,
    page: &PageRequest,
    mut map: impl FnMut(&[u8], &[u8]) -> Result<Option<T>>,
) -> Result<Page<T>> {
    let limit = page.limit()?;
    let after = page.cursor.as_deref().map(|c| decode_cursor(filters, c)).transpose()?;
    let mut scan = scan.after(after);
    let chunk = (limit + 1).max(64);
    let mut items: Vec<(Vec<u8>, T)> = Vec::with_capacity(limit + 1);
    let mut examined = 0;
    let mut stopped_at: Option<Vec<u8>> = None;
    'outer: loop {
        let want = chunk.min(EXAMINED_MAX - examined);
        let pairs = r.scan(table, &scan.clone().limit(want))?;
        let exhausted = pairs.len() < want;
        let last = pairs.last().map(|(k, _)| k.clone());
        examined += pairs.len();
        for (k, v) in pairs {
            if let Some(item) = map(&k, &v)? {
                items.push((k, item));
                if items.len() > limit {
                    break 'outer;
                }
            }
        }
        if exhausted {
            break;
        }
        if examined >= EXAMINED_MAX {
            stopped_at = last;
            break;
        }
        scan = scan.after(last);
    }
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|(k, _)| encode_cursor(filters, k))
    } else {
        stopped_at.map(|k| encode_cursor(filters, &k))
    };
    Ok(Page {
        items: items.into_iter().map(|(_, t)| t).collect(),
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_is_bound_to_filters() {
        let c = encode_cursor("stock?part=A", &[1, 2, 3]);
        assert_eq!(decode_cursor("stock?part=A", &c).unwrap(), vec![1, 2, 3]);
        assert_eq!(
            decode_cursor("stock?part=B", &c).unwrap_err().code(),
            "validation_failed"
        );
        assert!(decode_cursor("x", "zz").is_err());
        assert!(decode_cursor("x", "é").is_err());
    }
}

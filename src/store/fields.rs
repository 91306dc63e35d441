//! A stored payload read field by field, in place: the encoding of [`super::codec`]'s one
//! configuration (bincode, variable-length little-endian integers, length-prefixed text)
//! spelt out for the few views that read millions of records for a few fields each
//! (reconciliation, index builds). Text a view needs is borrowed and checked as UTF-8;
//! text it skips is only measured. Property tests pin every reader against bincode.

use super::codec::Stored;
use super::{StoreError, StoreResult};

/// The first byte of a varint: below it, the value itself; at 251, 252 and 253 a little-endian
/// u16, u32 or u64 follows.
const SINGLE_BYTE_MAX: u8 = 250;

/// Why a payload could not be read; one byte, so every reader's result stays in registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// The record ends inside a field.
    Short,
    /// An integer marked wider than 64 bits.
    Wide,
    /// A length past the end of the record.
    Length,
    /// Text that is not UTF-8.
    Utf8,
    /// An option tag other than 0 or 1.
    Tag,
    /// An enum variant index the record does not have.
    Variant,
    /// Bytes after the last field.
    Trailing,
}

impl Malformed {
    /// The store's error for a `kind` record read this way.
    pub fn in_record(self, kind: &'static str) -> StoreError {
        let reason = match self {
            Malformed::Short => "unexpected end of the record",
            Malformed::Wide => "integer wider than 64 bits",
            Malformed::Length => "length past the end of the record",
            Malformed::Utf8 => "text is not UTF-8",
            Malformed::Tag => "option tag is neither 0 nor 1",
            Malformed::Variant => "unknown enum variant",
            Malformed::Trailing => "trailing bytes",
        };
        StoreError::Corrupt {
            table: kind,
            reason: reason.into(),
        }
    }
}

/// What a reader gives.
pub type Field<T> = Result<T, Malformed>;

/// Reads a stored `T` in place with `read` when it is of the version written today: the
/// version byte, the fields `read` takes, and nothing after them. `None` for any other
/// version, which the caller decodes whole.
#[inline]
pub fn in_place<'a, T: Stored, R>(
    bytes: &'a [u8],
    read: impl FnOnce(&mut Fields<'a>) -> Field<R>,
) -> Option<StoreResult<R>> {
    let mut f = Fields::new(bytes.strip_prefix(&[T::VERSION])?);
    let read = read(&mut f).and_then(|r| f.end().map(|()| r));
    Some(read.map_err(|m| m.in_record(T::KIND)))
}

/// The fields of one payload, read front to back.
pub struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    /// Starts at the first field of `payload` (after the version byte).
    #[inline]
    pub fn new(payload: &'a [u8]) -> Self {
        Self { rest: payload }
    }

    #[inline]
    fn take(&mut self, n: usize) -> Field<&'a [u8]> {
        if n > self.rest.len() {
            return Err(Malformed::Short);
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// An unsigned integer (`u64`, `usize`, a length).
    #[inline]
    pub fn u64(&mut self) -> Field<u64> {
        match self.rest.split_first() {
            Some((&b, tail)) if b <= SINGLE_BYTE_MAX => {
                self.rest = tail;
                Ok(b as u64)
            }
            _ => self.wide_u64(),
        }
    }

    #[inline(never)]
    fn wide_u64(&mut self) -> Field<u64> {
        let first = self.take(1)?[0];
        let mut le = |n: usize| -> Field<u64> {
            let mut bytes = [0u8; 8];
            bytes[..n].copy_from_slice(self.take(n)?);
            Ok(u64::from_le_bytes(bytes))
        };
        match first {
            0..=SINGLE_BYTE_MAX => Ok(first as u64),
            251 => le(2),
            252 => le(4),
            253 => le(8),
            _ => Err(Malformed::Wide),
        }
    }

    /// A signed integer (zigzag over [`Fields::u64`]).
    #[inline]
    pub fn i64(&mut self) -> Field<i64> {
        let n = self.u64()?;
        Ok(if n % 2 == 0 { (n / 2) as i64 } else { !(n / 2) as i64 })
    }

    /// A length: as many items or bytes as the record can still hold.
    #[inline]
    pub fn length(&mut self) -> Field<usize> {
        let n = self.u64()?;
        match usize::try_from(n) {
            Ok(n) if n <= self.rest.len() => Ok(n),
            _ => Err(Malformed::Length),
        }
    }

    /// Text, borrowed and checked.
    #[inline]
    pub fn str(&mut self) -> Field<&'a str> {
        let n = self.length()?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes).map_err(|_| Malformed::Utf8)
    }

    /// Passes over text the view does not need (its UTF-8 is not checked).
    #[inline]
    pub fn skip_str(&mut self) -> Field<()> {
        let n = self.length()?;
        self.take(n).map(drop)
    }

    /// Whether an `Option` holds a value (its tag read).
    #[inline]
    fn some(&mut self) -> Field<bool> {
        match self.take(1)?[0] {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Malformed::Tag),
        }
    }

    /// An `Option` of text, borrowed and checked.
    #[inline]
    pub fn optional_str(&mut self) -> Field<Option<&'a str>> {
        if self.some()? { self.str().map(Some) } else { Ok(None) }
    }

    /// Passes over an `Option` of text.
    #[inline]
    pub fn skip_optional_str(&mut self) -> Field<()> {
        if self.some()? { self.skip_str() } else { Ok(()) }
    }

    /// A fieldless enum, by its variant index into `all` (the record's variants in stored order).
    #[inline]
    pub fn variant<T: Copy>(&mut self, all: &[T]) -> Field<T> {
        let i = self.u64()?;
        usize::try_from(i)
            .ok()
            .and_then(|i| all.get(i).copied())
            .ok_or(Malformed::Variant)
    }

    /// Ends the record: every byte read.
    #[inline]
    pub fn end(self) -> Field<()> {
        match self.rest.is_empty() {
            true => Ok(()),
            false => Err(Malformed::Trailing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec::encode_payload;
    use crate::store::records::ledger::SideV1;
    use proptest::prelude::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Sample {
        n: u64,
        i: i64,
        text: String,
        skipped: String,
        maybe: Option<String>,
        side: SideV1,
        items: Vec<(String, i64)>,
    }

    proptest! {
        /// Every reader gives back what bincode wrote, to the last byte.
        #[test]
        fn the_fields_read_what_bincode_wrote(
            n in any::<u64>(),
            i in any::<i64>(),
            text in ".{0,300}",
            skipped in "\\PC{0,40}",
            maybe in proptest::option::of("[a-z]{0,5}"),
            credit in any::<bool>(),
            items in proptest::collection::vec(("[A-Z0-9-]{0,12}", any::<i64>()), 0..4),
        ) {
            let side = if credit { SideV1::Credit } else { SideV1::Debit };
            let s = Sample { n, i, text, skipped, maybe, side, items };
            let bytes = encode_payload(&s);
            let mut skipping = Fields::new(&bytes);
            skipping.u64().unwrap();
            skipping.i64().unwrap();
            skipping.skip_str().unwrap();
            skipping.skip_str().unwrap();
            skipping.skip_optional_str().unwrap();
            prop_assert_eq!(skipping.variant(SideV1::ALL).unwrap(), s.side);
            let mut f = Fields::new(&bytes);
            prop_assert_eq!(f.u64().unwrap(), s.n);
            prop_assert_eq!(f.i64().unwrap(), s.i);
            prop_assert_eq!(f.str().unwrap(), s.text.as_str());
            f.skip_str().unwrap();
            prop_assert_eq!(f.optional_str().unwrap(), s.maybe.as_deref());
            prop_assert_eq!(f.variant(SideV1::ALL).unwrap(), s.side);
            let count = f.length().unwrap();
            prop_assert_eq!(count, s.items.len());
            for (text, n) in &s.items {
                prop_assert_eq!(f.str().unwrap(), text.as_str());
                prop_assert_eq!(f.i64().unwrap(), *n);
            }
            prop_assert!(f.end().is_ok());
        }

        /// A record cut short, or with bytes after its last field, is refused, never read past.
        #[test]
        fn a_cut_or_padded_record_is_refused(text in "[a-z]{1,20}", n in any::<u64>(), cut in 1usize..8) {
            let bytes = encode_payload(&(text.clone(), n));
            let read = |b: &[u8]| -> Field<(String, u64)> {
                let mut f = Fields::new(b);
                let out = (f.str()?.to_owned(), f.u64()?);
                f.end()?;
                Ok(out)
            };
            prop_assert_eq!(read(&bytes).unwrap(), (text, n));
            let short = &bytes[..bytes.len().saturating_sub(cut)];
            prop_assert!(read(short).is_err());
            let mut long = bytes.clone();
            long.push(0);
            prop_assert!(read(&long).is_err());
        }
    }

    #[test]
    fn integers_at_every_width_boundary_read_back() {
        for n in [
            0,
            250,
            251,
            252,
            65_535,
            65_536,
            u32::MAX as u64,
            u32::MAX as u64 + 1,
            u64::MAX,
        ] {
            let bytes = encode_payload(&n);
            let mut f = Fields::new(&bytes);
            assert_eq!(f.u64().unwrap(), n);
            f.end().unwrap();
        }
        for i in [0, -1, 1, -126, 125, -32_768, i32::MIN as i64, i64::MIN, i64::MAX] {
            let bytes = encode_payload(&i);
            let mut f = Fields::new(&bytes);
            assert_eq!(f.i64().unwrap(), i);
            f.end().unwrap();
        }
    }

    /// Only today's version is read in place, to its last byte, and a fault names the table.
    #[test]
    fn in_place_reads_todays_version_whole_or_names_the_fault() {
        use crate::domain::ledger::StockEntry;
        let kind = <StockEntry as Stored>::KIND;
        let today = [<StockEntry as Stored>::VERSION, 7];
        assert_eq!(in_place::<StockEntry, _>(&today, |f| f.u64()).unwrap().unwrap(), 7);
        let other = [<StockEntry as Stored>::VERSION + 1, 7];
        assert!(in_place::<StockEntry, _>(&other, |f| f.u64()).is_none());
        let longer = [<StockEntry as Stored>::VERSION, 7, 0];
        let e = in_place::<StockEntry, _>(&longer, |f| f.u64()).unwrap().unwrap_err();
        assert!(matches!(e, StoreError::Corrupt { table, .. } if table == kind), "{e}");
        assert!(in_place::<StockEntry, _>(&[], |f| f.u64()).is_none(), "no version byte");
    }

    #[test]
    fn bad_text_tags_and_variants_are_corrupt() {
        assert_eq!(Fields::new(&[2, 0xFF, 0xFE]).str(), Err(Malformed::Utf8));
        assert_eq!(Fields::new(&[2]).skip_optional_str(), Err(Malformed::Tag));
        assert_eq!(Fields::new(&[2]).variant(SideV1::ALL), Err(Malformed::Variant));
        assert_eq!(Fields::new(&[254, 0]).u64(), Err(Malformed::Wide));
        assert_eq!(Fields::new(&[252, 1, 0]).u64(), Err(Malformed::Short));
        assert_eq!(Fields::new(&[200]).length(), Err(Malformed::Length));
        assert_eq!(Fields::new(&[0, 0]).end(), Err(Malformed::Trailing));
        let e = Malformed::Utf8.in_record("receipts");
        assert!(matches!(e, StoreError::Corrupt { table: "receipts", .. }), "{e}");
    }
}

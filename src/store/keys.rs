//! Order-preserving key encoding: tuples of strings and integers whose bytes sort
//! the way the values do, so one range scan answers one query. The same bytes can
//! key a redb table or a `bytea` column in PostgreSQL.

/// Builds a key from segments; each segment keeps the tuple order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Key(Vec<u8>);

impl Key {
    /// An empty key (the start of a table).
    pub fn new() -> Self {
        Self(Vec::with_capacity(32))
    }

    /// Appends a string segment: `0x00` is escaped as `0x00 0xFF` and the segment ends
    /// with `0x00 0x01`, so `"a"` sorts before `"a\0"` and before `"ab"`.
    pub fn str(mut self, s: &str) -> Self {
        for &b in s.as_bytes() {
            self.0.push(b);
            if b == 0 {
                self.0.push(0xFF);
            }
        }
        self.0.extend_from_slice(&[0x00, 0x01]);
        self
    }

    /// Appends an unsigned integer segment, big-endian.
    pub fn u64(mut self, n: u64) -> Self {
        self.0.extend_from_slice(&n.to_be_bytes());
        self
    }

    /// The encoded bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The encoded bytes, borrowed.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Reads segments back out of a key, in the order they were written.
pub struct KeyReader<'a> {
    rest: &'a [u8],
}

impl<'a> KeyReader<'a> {
    /// Starts reading at the first segment.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    /// Reads a string segment; `None` if the bytes are not a well-formed segment.
    pub fn str(&mut self) -> Option<String> {
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            let b = *self.rest.get(i)?;
            if b == 0 {
                match *self.rest.get(i + 1)? {
                    0xFF => out.push(0),
                    0x01 => {
                        self.rest = &self.rest[i + 2..];
                        return String::from_utf8(out).ok();
                    }
                    _ => return None,
                }
                i += 2;
            } else {
                out.push(b);
                i += 1;
            }
        }
    }

    /// Reads a big-endian integer segment.
    pub fn u64(&mut self) -> Option<u64> {
        let (head, tail) = self.rest.split_first_chunk::<8>()?;
        self.rest = tail;
        Some(u64::from_be_bytes(*head))
    }
}

/// The smallest key greater than every key that starts with `prefix`, or `None` when
/// no such key exists (the prefix is all `0xFF`).
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xFF {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Encoded tuples sort exactly like the tuples themselves.
        #[test]
        fn encoding_preserves_order(a in ".{0,6}", an in any::<u64>(), b in ".{0,6}", bn in any::<u64>()) {
            let ka = Key::new().str(&a).u64(an);
            let kb = Key::new().str(&b).u64(bn);
            prop_assert_eq!((a.as_str(), an).cmp(&(b.as_str(), bn)), ka.as_bytes().cmp(kb.as_bytes()));
        }

        /// Every key reads back into the segments it was built from.
        #[test]
        fn keys_round_trip(a in "\\PC{0,8}", n in any::<u64>(), b in "[a-z\u{0}]{0,4}") {
            let key = Key::new().str(&a).u64(n).str(&b);
            let mut r = KeyReader::new(key.as_bytes());
            prop_assert_eq!(r.str(), Some(a));
            prop_assert_eq!(r.u64(), Some(n));
            prop_assert_eq!(r.str(), Some(b));
        }

        /// Garbage never panics the reader.
        #[test]
        fn reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut r = KeyReader::new(&bytes);
            let _ = r.str();
            let _ = r.u64();
        }
    }

    #[test]
    fn prefix_end_skips_trailing_ff() {
        assert_eq!(prefix_end(&[1, 2]), Some(vec![1, 3]));
        assert_eq!(prefix_end(&[1, 0xFF]), Some(vec![2]));
        assert_eq!(prefix_end(&[0xFF]), None);
    }
}

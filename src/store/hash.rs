//! A fast hash of short keys for maps and fingerprints held in memory during one pass
//! (reconciliation): eight bytes a step instead of one. Never stored, so it may change.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The odd multiplier of each step (FxHash's), a bijection of the state.
const K: u64 = 0x517c_c1b7_2722_0a95;

/// Folds `bytes` into `state`, eight bytes a step; the length goes in first, so keys that
/// differ only by trailing zero bytes differ. Two keys of one length that differ in one
/// word always differ (every step is a bijection of the state).
pub fn fold(state: u64, bytes: &[u8]) -> u64 {
    let step = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut h = step(state, bytes.len() as u64);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = step(h, u64::from_le_bytes(w.try_into().expect("eight bytes")));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = step(h, u64::from_le_bytes(last));
    }
    h
}

/// SplitMix64's finaliser: spreads near-identical states over the whole range.
pub fn finish(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// A [`Hasher`] over [`fold`], for maps keyed by a few short trusted codes.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        finish(self.0)
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fold(self.0, bytes);
    }
}

/// A map hashed by [`WordHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_differ_anywhere_or_in_length_hash_apart() {
        let base = b"RC\x00\x01WH-01\x00\x01\x00\x00\x00\x00\x00\x00\x00\x2a".to_vec();
        let h = finish(fold(0, &base));
        for i in 0..base.len() {
            let mut other = base.clone();
            other[i] ^= 1;
            assert_ne!(finish(fold(0, &other)), h, "byte {i} flipped");
        }
        let mut longer = base.clone();
        longer.push(0);
        assert_ne!(finish(fold(0, &longer)), h, "a trailing zero byte");
        assert_ne!(finish(fold(0, b"")), finish(fold(0, b"\0")));
    }
}

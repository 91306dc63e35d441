//! Instants and dates as RFC 3339 and ISO 8601 text, exactly as chrono's serde writes
//! them (`2026-11-29T02:00:00Z`, 0, 3, 6 or 9 fraction digits; `2026-11-29`), written and
//! read without chrono's general formatter and parser, which cost more than the rest of
//! decoding or answering a document. Stored records ([`crate::store::records::time`]) and
//! API answers (`#[serde(serialize_with = "crate::rfc3339::instant")]`) use it; what the
//! short path does not cover (a leap second, a year past 9999, another offset) is left
//! to chrono, and property tests pin the text byte for byte against chrono's.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Serialize, Serializer};

/// Longest text [`write_instant`] writes: date, time, nine fraction digits and `Z`.
pub const INSTANT_MAX: usize = 30;

fn two(out: &mut [u8], n: u32) {
    out[0] = b'0' + (n / 10) as u8;
    out[1] = b'0' + (n % 10) as u8;
}

/// Writes `d` as `YYYY-MM-DD`; `None` for a year chrono writes with a sign.
pub fn write_day(d: NaiveDate, out: &mut [u8]) -> Option<()> {
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    two(&mut out[0..2], year / 100);
    two(&mut out[2..4], year % 100);
    out[4] = b'-';
    two(&mut out[5..7], d.month());
    out[7] = b'-';
    two(&mut out[8..10], d.day());
    Some(())
}

/// Writes `at` as chrono's serde does (`Z`, and 0, 3, 6 or 9 fraction digits, whichever
/// is shortest exact) and returns its length; `None` for a leap second or a year chrono
/// writes with a sign.
pub fn write_instant(at: &DateTime<Utc>, out: &mut [u8; INSTANT_MAX]) -> Option<usize> {
    let nano = at.nanosecond();
    if nano >= 1_000_000_000 {
        return None;
    }
    write_day(at.date_naive(), out)?;
    out[10] = b'T';
    two(&mut out[11..13], at.hour());
    out[13] = b':';
    two(&mut out[14..16], at.minute());
    out[16] = b':';
    two(&mut out[17..19], at.second());
    let (mut fraction, digits) = match nano {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (n / 1_000_000, 3),
        n if n % 1_000 == 0 => (n / 1_000, 6),
        n => (n, 9),
    };
    let mut len = 19;
    if digits > 0 {
        out[19] = b'.';
        for i in (0..digits).rev() {
            out[20 + i] = b'0' + (fraction % 10) as u8;
            fraction /= 10;
        }
        len = 20 + digits;
    }
    out[len] = b'Z';
    Some(len + 1)
}

/// The number written in `digits` (ASCII digits only).
fn number(digits: &[u8]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// Reads `YYYY-MM-DD` exactly.
pub fn read_day(s: &[u8]) -> Option<NaiveDate> {
    if s.len() != 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(number(&s[0..4])? as i32, number(&s[5..7])?, number(&s[8..10])?)
}

/// Reads `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` exactly, as [`write_instant`] writes it.
pub fn read_instant(s: &[u8]) -> Option<DateTime<Utc>> {
    if s.len() < 20 || s[10] != b'T' || s[13] != b':' || s[16] != b':' || s[s.len() - 1] != b'Z' {
        return None;
    }
    let day = read_day(&s[..10])?;
    let fraction = &s[19..s.len() - 1];
    let nano = match fraction.split_first() {
        None => 0,
        Some((b'.', digits)) if (1..=9).contains(&digits.len()) => number(digits)? * 10u32.pow(9 - digits.len() as u32),
        Some(_) => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(number(&s[11..13])?, number(&s[14..16])?, number(&s[17..19])?, nano)?;
    Some(day.and_time(time).and_utc())
}

/// Serializes `at` as chrono's serde does, by the short path.
pub fn instant<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    let mut out = [0u8; INSTANT_MAX];
    match write_instant(at, &mut out) {
        Some(n) => s.serialize_str(std::str::from_utf8(&out[..n]).expect("ASCII")),
        None => at.serialize(s),
    }
}

/// [`instant`] for an optional instant.
pub fn instant_opt<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    struct Text<'a>(&'a DateTime<Utc>);
    impl Serialize for Text<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            instant(self.0, s)
        }
    }
    match at {
        Some(at) => s.serialize_some(&Text(at)),
        None => s.serialize_none(),
    }
}

/// Serializes `d` as chrono's serde does, by the short path.
pub fn day<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    let mut out = [0u8; 10];
    match write_day(*d, &mut out) {
        Some(()) => s.serialize_str(std::str::from_utf8(&out).expect("ASCII")),
        None => d.serialize(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn answer(write: impl FnOnce(&mut serde_json::Serializer<Vec<u8>>)) -> String {
        let mut s = serde_json::Serializer::new(Vec::new());
        write(&mut s);
        String::from_utf8(s.into_inner()).unwrap()
    }

    proptest! {
        #[test]
        fn an_instant_is_written_and_read_as_chrono_does(
            secs in -62_135_596_800i64..253_402_300_799,
            nano in prop_oneof![Just(0u32), (0u32..1000).prop_map(|m| m * 1_000_000),
                (0u32..1_000_000).prop_map(|u| u * 1000), 0u32..1_000_000_000],
        ) {
            let at = DateTime::from_timestamp(secs, nano).unwrap();
            let chrono = serde_json::to_string(&at).unwrap();
            prop_assert_eq!(answer(|s| instant(&at, s).unwrap()), chrono.clone());
            prop_assert_eq!(answer(|s| instant_opt(&Some(at), s).unwrap()), chrono.clone());
            prop_assert_eq!(read_instant(chrono.trim_matches('"').as_bytes()), Some(at));
        }

        #[test]
        fn a_date_is_written_and_read_as_chrono_does(days in -1_000_000i32..4_000_000) {
            let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let chrono = serde_json::to_string(&d).unwrap();
            prop_assert_eq!(answer(|s| day(&d, s).unwrap()), chrono.clone());
            let text = chrono.trim_matches('"');
            prop_assert_eq!(read_day(text.as_bytes()), (text.len() == 10).then_some(d));
        }
    }

    #[test]
    fn the_short_path_leaves_what_it_does_not_cover_to_chrono() {
        assert_eq!(answer(|s| instant_opt(&None, s).unwrap()), "null");
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        assert_eq!(write_instant(&leap, &mut [0; INSTANT_MAX]), None);
        assert_eq!(
            answer(|s| instant(&leap, s).unwrap()),
            serde_json::to_string(&leap).unwrap()
        );
        for text in [
            "2026-11-29T10:00:00+08:00",
            "2026-11-29 02:00:00Z",
            "2026-12-31T23:59:60Z",
            "2026-02-30T00:00:00Z",
            "2026-11-29T02:00:00.Z",
            "2026-11-29T02:00:00.1234567890Z",
        ] {
            assert_eq!(read_instant(text.as_bytes()), None, "{text}");
        }
    }
}

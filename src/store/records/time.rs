//! Instants and dates as records store them: the RFC 3339 and ISO 8601 text chrono's serde
//! writes, by the short path of [`crate::rfc3339`]. The bytes are the same as chrono's (a
//! property test pins them), so nothing on disk changes; text the short path does not
//! read (another offset, a leap second, a year past 9999) is parsed by chrono.

use super::Convert;
use crate::rfc3339::{read_day, read_instant};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

/// An instant as stored: UTC, RFC 3339 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instant(pub DateTime<Utc>);

/// A calendar date as stored: `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub NaiveDate);

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::rfc3339::instant(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_text(d, "an RFC 3339 date and time", |v| match read_instant(v.as_bytes()) {
            Some(at) => Ok(Instant(at)),
            None => v
                .parse::<DateTime<FixedOffset>>()
                .map(|at| Instant(at.with_timezone(&Utc)))
                .map_err(|e| e.to_string()),
        })
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::rfc3339::day(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_text(d, "a date, YYYY-MM-DD", |v| parse_day(v).map(Day))
    }
}

/// A date as records store it, `YYYY-MM-DD`: the short path, else chrono.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    match read_day(text.as_bytes()) {
        Some(d) => Ok(d),
        None => text.parse::<NaiveDate>().map_err(|e| e.to_string()),
    }
}

/// Deserializes a string through `parse`.
fn from_text<'de, D: Deserializer<'de>, T>(
    d: D,
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct Text<T> {
        expecting: &'static str,
        parse: fn(&str) -> Result<T, String>,
    }
    impl<T> de::Visitor<'_> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(Text { expecting, parse })
}

impl Convert<Instant> for DateTime<Utc> {
    fn to_record(&self) -> Instant {
        Instant(*self)
    }
    fn from_record(record: Instant) -> Self {
        record.0
    }
}

impl Convert<Day> for NaiveDate {
    fn to_record(&self) -> Day {
        Day(*self)
    }
    fn from_record(record: Day) -> Self {
        record.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stored<T: Serialize>(v: &T) -> Vec<u8> {
        bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap()
    }

    fn read<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
        bincode::serde::decode_from_slice(bytes, bincode::config::standard())
            .unwrap()
            .0
    }

    proptest! {
        #[test]
        fn an_instant_is_stored_as_chrono_stores_it(
            secs in -62_135_596_800i64..253_402_300_799,
            nano in prop_oneof![Just(0u32), (0u32..1000).prop_map(|m| m * 1_000_000),
                (0u32..1_000_000).prop_map(|u| u * 1000), 0u32..1_000_000_000],
        ) {
            let at = DateTime::from_timestamp(secs, nano).unwrap();
            let bytes = stored(&at);
            prop_assert_eq!(stored(&Instant(at)), bytes.clone());
            prop_assert_eq!(read::<Instant>(&bytes), Instant(at));
        }

        #[test]
        fn a_date_is_stored_as_chrono_stores_it(days in -1_000_000i32..4_000_000) {
            let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let bytes = stored(&d);
            prop_assert_eq!(stored(&Day(d)), bytes.clone());
            prop_assert_eq!(read::<Day>(&bytes), Day(d));
        }
    }

    #[test]
    fn what_the_short_path_does_not_read_goes_through_chrono() {
        for text in [
            "2026-11-29T10:00:00+08:00",
            "2026-11-29 02:00:00Z",
            "2026-12-31T23:59:60Z",
            "2026-11-29t02:00:00.5z",
        ] {
            let want: DateTime<Utc> = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(read::<Instant>(&stored(&text)), Instant(want), "{text}");
        }
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        assert_eq!(stored(&Instant(leap)), stored(&leap));
        assert_eq!(read::<Instant>(&stored(&leap)), Instant(leap));
        for bad in [
            "2026-02-30T00:00:00Z",
            "2026-11-29T24:00:00Z",
            "2026-11-29T02:00:00.Z",
            "x",
        ] {
            let r: Result<(Instant, usize), _> =
                bincode::serde::decode_from_slice(&stored(&bad), bincode::config::standard());
            assert!(r.is_err(), "{bad}");
        }
        let far = NaiveDate::from_ymd_opt(12_345, 1, 2).unwrap();
        assert_eq!(stored(&Day(far)), stored(&far));
        assert_eq!(read::<Day>(&stored(&far)), Day(far));
    }
}

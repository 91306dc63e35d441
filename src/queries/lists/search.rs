//! What every daily list can also be narrowed by: free text (`q`) and a range of business
//! dates. Neither has an index of its own: a list applies them to the rows its other
//! filters read, within the page's budget of rows examined.

use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};

/// Longest search text.
pub const Q_MAX_CHARS: usize = 100;

/// Free text and a date range, both optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// Text any of the row's searched fields contains, ignoring case.
    pub q: Option<String>,
    /// First business date (China Standard Time), inclusive.
    pub from_date: Option<NaiveDate>,
    /// Last business date, inclusive.
    pub to_date: Option<NaiveDate>,
}

impl Search {
    /// The search, checked: text at most [`Q_MAX_CHARS`], trimmed (empty means none), and
    /// a range that does not end before it starts.
    pub fn new(q: Option<&str>, from_date: Option<NaiveDate>, to_date: Option<NaiveDate>) -> Result<Search> {
        let q = q.map(str::trim).filter(|q| !q.is_empty());
        if q.is_some_and(|q| q.chars().count() > Q_MAX_CHARS) {
            return Err(Error::invalid("q", format!("at most {Q_MAX_CHARS} characters")));
        }
        if let (Some(f), Some(t)) = (from_date, to_date)
            && t < f
        {
            return Err(Error::invalid("to_date", "must not be before from_date"));
        }
        Ok(Search {
            q: q.map(str::to_owned),
            from_date,
            to_date,
        })
    }

    /// The search as part of a list's filters, so a cursor is bound to it.
    pub(super) fn tag(&self) -> String {
        format!(
            "&q={:?}&from_date={:?}&to_date={:?}",
            self.q, self.from_date, self.to_date
        )
    }

    /// Whether any of `fields` contains the text (true without text).
    pub(super) fn text<'a>(&self, fields: impl IntoIterator<Item = &'a str>) -> bool {
        match &self.q {
            None => true,
            Some(q) => {
                let q = q.to_lowercase();
                fields.into_iter().any(|f| f.to_lowercase().contains(q.as_str()))
            }
        }
    }

    /// Whether the business date is in the range.
    pub(super) fn day(&self, d: NaiveDate) -> bool {
        self.from_date.is_none_or(|f| d >= f) && self.to_date.is_none_or(|t| d <= t)
    }

    /// Whether the instant's business date (China Standard Time) is in the range.
    pub(super) fn at(&self, at: DateTime<Utc>) -> bool {
        self.day(business_date(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn range_boundaries_are_inclusive_and_in_china_time() {
        let s = Search::new(None, Some(d("2026-10-01")), Some(d("2026-10-31"))).unwrap();
        assert!(s.day(d("2026-10-01")) && s.day(d("2026-10-31")));
        assert!(!s.day(d("2026-09-30")) && !s.day(d("2026-11-01")));
        // 2026-09-30 16:00 UTC is 2026-10-01 00:00 in Beijing; a second earlier is not.
        assert!(s.at("2026-09-30T16:00:00Z".parse().unwrap()));
        assert!(!s.at("2026-09-30T15:59:59Z".parse().unwrap()));
        assert!(s.at("2026-10-31T15:59:59Z".parse().unwrap()));
        assert!(!s.at("2026-10-31T16:00:00Z".parse().unwrap()));
        assert!(Search::new(None, Some(d("2026-10-02")), Some(d("2026-10-01"))).is_err());
        assert!(Search::new(None, Some(d("2026-10-01")), Some(d("2026-10-01"))).is_ok());
    }

    #[test]
    fn text_ignores_case_and_blank() {
        let s = Search::new(Some(" wh-0 "), None, None).unwrap();
        assert!(s.text(["RC-000001", "WH-01"]));
        assert!(!s.text(["RC-000001", "ST-D001"]));
        assert!(Search::new(Some("  "), None, None).unwrap().text(["x"]));
        assert!(Search::new(Some(&"x".repeat(101)), None, None).is_err());
        assert!(Search::new(Some(&"滤".repeat(100)), None, None).is_ok());
        assert!(Search::new(Some("滤清器"), None, None).unwrap().text(["机油滤清器"]));
    }
}

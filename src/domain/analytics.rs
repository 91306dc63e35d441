//! Warranty analytics: months in service (MIS), units at risk, the Nevada table, the
//! p-chart early warning and the reserve estimate. Pure: the report date comes in.
//!
//! - MIS of a claim = whole calendar months from the sale date to the failure date, plus 1.
//!   A whole month from day d ends on the same day number of the next month, clamped to
//!   that month's end (as coverage periods are): a sale on 01-31 completes its first month
//!   on 02-28 (02-29 in a leap year).
//! - Units at risk at MIS k = units sold at least k whole months before the report date.
//! - Rate = 1,000 × claims at MIS k ÷ units at risk at MIS k.

use chrono::{Datelike, Months, NaiveDate};

/// Whole calendar months from `from` to `to` (month ends clamped); `None` when `to` is
/// before `from`.
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> Option<u32> {
    if to < from {
        return None;
    }
    let span = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let mut m = u32::try_from(span).ok()?;
    while m > 0 && from.checked_add_months(Months::new(m)).is_none_or(|d| d > to) {
        m -= 1;
    }
    Some(m)
}

/// Months in service of a failure: whole months from the sale, plus 1; `None` for a
/// failure dated before the sale.
pub fn mis(sale: NaiveDate, failure: NaiveDate) -> Option<u32> {
    whole_months(sale, failure).map(|m| m + 1)
}

/// `1000 × claims ÷ units`; `None` when no unit is at risk.
pub fn rate_per_1000(claims: u64, units: u64) -> Option<f64> {
    (units > 0).then(|| 1000.0 * claims as f64 / units as f64)
}

/// First day of the month of `d`.
pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The month of `d` as `YYYY-MM`.
pub fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// One MIS row of counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MisCell {
    /// Units sold at least k whole months before the report date.
    pub at_risk: u64,
    /// Claims whose failure falls in MIS k (on or before the report date).
    pub claims: u64,
}

impl MisCell {
    /// Claims per 1,000 units at risk.
    pub fn rate(&self) -> Option<f64> {
        rate_per_1000(self.claims, self.at_risk)
    }
}

/// An MIS table being counted: MIS 1 to `max` as of `report_date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MisTable {
    /// The report date.
    pub report_date: NaiveDate,
    /// Units sold on or before the report date.
    pub units: u64,
    /// Claims counted (failure on or before the report date, MIS within 1..=max).
    pub claims: u64,
    /// Claims whose MIS is beyond the table.
    pub claims_beyond: u64,
    /// Cells for MIS 1..=max (index k − 1).
    pub cells: Vec<MisCell>,
}

impl MisTable {
    /// An empty table of MIS 1 to `max`.
    pub fn new(report_date: NaiveDate, max: u32) -> Self {
        Self {
            report_date,
            units: 0,
            claims: 0,
            claims_beyond: 0,
            cells: vec![MisCell::default(); max as usize],
        }
    }

    /// Counts `n` units sold on `sale`: each is at risk at MIS 1 to its whole months of
    /// service. Units sold after the report date are not counted.
    pub fn add_units(&mut self, sale: NaiveDate, n: u64) {
        let Some(w) = whole_months(sale, self.report_date) else {
            return;
        };
        self.units += n;
        let upto = (w as usize).min(self.cells.len());
        for cell in &mut self.cells[..upto] {
            cell.at_risk += n;
        }
    }

    /// Counts one claim of a unit sold on `sale` that failed on `failure`; returns its MIS
    /// when it was counted in a cell.
    pub fn add_claim(&mut self, sale: NaiveDate, failure: NaiveDate) -> Option<u32> {
        if failure > self.report_date {
            return None;
        }
        let k = mis(sale, failure)?;
        match self.cells.get_mut(k as usize - 1) {
            Some(cell) => {
                cell.claims += 1;
                self.claims += 1;
                Some(k)
            }
            None => {
                self.claims_beyond += 1;
                None
            }
        }
    }
}

/// One point of a part's monthly p-chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartPoint {
    /// Claims in the month.
    pub claims: u64,
    /// Units in service in the month.
    pub units: u64,
}

/// A month of the latest three judged against the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judged {
    /// The month's proportion (claims ÷ units).
    pub p: f64,
    /// The upper control limit for the month's units.
    pub ucl: f64,
    /// Whether `p` lies above `ucl`.
    pub above: bool,
}

/// The p-chart's centre line: claims ÷ units over the baseline months; `None` without units.
pub fn p_bar(baseline: &[ChartPoint]) -> Option<f64> {
    let claims: u64 = baseline.iter().map(|p| p.claims).sum();
    let units: u64 = baseline.iter().map(|p| p.units).sum();
    (units > 0).then(|| claims as f64 / units as f64)
}

/// Judges a month against the centre line `p_bar`: UCL = p̄ + 3·√(p̄(1 − p̄)/n). A month
/// without units in service cannot be judged.
pub fn judge(p_bar: f64, point: ChartPoint) -> Option<Judged> {
    if point.units == 0 {
        return None;
    }
    let n = point.units as f64;
    let ucl = p_bar + 3.0 * (p_bar * (1.0 - p_bar) / n).max(0.0).sqrt();
    let p = point.claims as f64 / n;
    Some(Judged { p, ucl, above: p > ucl })
}

/// Expected claims per unit over MIS `from..=to` at the observed `rates` (per 1,000, index
/// k − 1); an MIS without an observed rate takes `fallback`.
pub fn expected_claims(rates: &[Option<f64>], from: u32, to: u32, fallback: f64) -> f64 {
    (from.max(1)..=to)
        .map(|k| rates.get(k as usize - 1).copied().flatten().unwrap_or(fallback) / 1000.0)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn mis_counts_whole_calendar_months_plus_one() {
        assert_eq!(mis(d("2026-01-15"), d("2026-01-15")), Some(1));
        assert_eq!(mis(d("2026-01-15"), d("2026-02-14")), Some(1));
        assert_eq!(mis(d("2026-01-15"), d("2026-02-15")), Some(2));
        assert_eq!(mis(d("2026-01-15"), d("2027-01-14")), Some(12));
        assert_eq!(mis(d("2026-01-15"), d("2027-01-15")), Some(13));
        assert_eq!(mis(d("2026-01-15"), d("2026-01-14")), None, "before the sale");
    }

    #[test]
    fn a_sale_on_the_31st_completes_its_month_on_the_month_end() {
        assert_eq!(mis(d("2026-01-31"), d("2026-02-27")), Some(1));
        assert_eq!(mis(d("2026-01-31"), d("2026-02-28")), Some(2));
        assert_eq!(mis(d("2026-01-31"), d("2026-03-30")), Some(2));
        assert_eq!(mis(d("2026-01-31"), d("2026-03-31")), Some(3));
        assert_eq!(mis(d("2028-01-31"), d("2028-02-28")), Some(1), "leap year");
        assert_eq!(mis(d("2028-01-31"), d("2028-02-29")), Some(2));
        assert_eq!(mis(d("2026-03-31"), d("2026-04-30")), Some(2));
        assert_eq!(whole_months(d("2026-12-31"), d("2027-02-28")), Some(2));
    }

    #[test]
    fn units_are_at_risk_at_each_month_they_completed() {
        let mut t = MisTable::new(d("2026-06-30"), 6);
        t.add_units(d("2026-01-31"), 2); // 5 whole months (06-30 is 01-31 + 5, clamped)
        t.add_units(d("2026-05-31"), 1); // 1 whole month
        t.add_units(d("2026-06-01"), 4); // 0 whole months
        t.add_units(d("2026-07-01"), 9); // after the report date
        let at_risk: Vec<u64> = t.cells.iter().map(|c| c.at_risk).collect();
        assert_eq!(at_risk, vec![3, 2, 2, 2, 2, 0]);
        assert_eq!(t.units, 7);
        assert_eq!(t.add_claim(d("2026-01-31"), d("2026-02-28")), Some(2));
        assert_eq!(t.add_claim(d("2026-01-31"), d("2026-02-27")), Some(1));
        assert_eq!(t.add_claim(d("2026-05-31"), d("2026-07-01")), None, "after the report");
        assert_eq!(t.add_claim(d("2025-01-01"), d("2026-06-30")), None, "beyond MIS 6");
        assert_eq!((t.claims, t.claims_beyond), (2, 1));
        assert_eq!(t.cells[0].rate(), Some(1000.0 / 3.0));
        assert_eq!(t.cells[1].rate(), Some(500.0));
        assert_eq!(t.cells[5].rate(), None, "nobody at risk");
    }

    #[test]
    fn the_p_chart_flags_a_month_above_three_sigma() {
        let base: Vec<ChartPoint> = (0..12).map(|_| ChartPoint { claims: 1, units: 1000 }).collect();
        let p = p_bar(&base).unwrap();
        assert!((p - 0.001).abs() < 1e-12);
        // UCL for n = 1000: 0.001 + 3 × √(0.000999/1000) ≈ 0.003998
        let ucl = judge(p, ChartPoint { claims: 4, units: 1000 }).unwrap();
        assert!(ucl.above && (ucl.ucl - 0.003_998_5).abs() < 1e-6, "{ucl:?}");
        assert!(!judge(p, ChartPoint { claims: 3, units: 1000 }).unwrap().above);
        assert_eq!(judge(p, ChartPoint { claims: 0, units: 0 }), None);
        assert_eq!(p_bar(&[]), None);
        // No claims at all in the baseline: any claim is out of control.
        assert!(judge(0.0, ChartPoint { claims: 1, units: 1000 }).unwrap().above);
        assert!(!judge(0.0, ChartPoint { claims: 0, units: 1000 }).unwrap().above);
    }

    #[test]
    fn expected_claims_sum_the_remaining_rates() {
        let rates = [Some(10.0), Some(20.0), None];
        assert!((expected_claims(&rates, 2, 3, 5.0) - 0.025).abs() < 1e-12);
        assert!((expected_claims(&rates, 1, 4, 5.0) - 0.040).abs() < 1e-12);
        assert_eq!(expected_claims(&rates, 4, 3, 5.0), 0.0, "nothing left");
    }
}

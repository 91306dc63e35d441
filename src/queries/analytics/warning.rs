//! Early warning per part: each of the latest three complete months judged on a p-chart
//! whose centre line is the part's claims ÷ units in service over the twelve months before.

use super::facts::{self, Filter};
use crate::domain::analytics::{ChartPoint, judge, month_key, month_start, p_bar};
use crate::error::Result;
use crate::store::Read;
use chrono::{Days, Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Months of the baseline.
pub const BASELINE_MONTHS: usize = 12;
/// Months judged.
pub const RECENT_MONTHS: usize = 3;

/// A part whose claim rate in a month lay above its control limit.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WarningFlag {
    /// Part.
    pub part_no: String,
    /// The month judged, `YYYY-MM`.
    pub month: String,
    /// Claims with a line of the part that failed in the month.
    pub claims: u64,
    /// Units in service in the month (sold on or before its last day).
    pub units: u64,
    /// claims ÷ units.
    pub p: f64,
    /// Centre line: the part's claims ÷ units in service over the baseline months.
    pub p_bar: f64,
    /// Upper control limit: p̄ + 3·√(p̄(1 − p̄) ÷ units).
    pub ucl: f64,
    /// Claims of the part over the baseline months.
    pub baseline_claims: u64,
    /// Units in service summed over the baseline months.
    pub baseline_units: u64,
}

/// The early-warning list.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EarlyWarningReport {
    /// The report date.
    pub report_date: NaiveDate,
    /// Which claims count (`filed` or `approved`).
    #[schema(value_type = String, example = "filed")]
    pub basis: &'static str,
    /// First baseline month, `YYYY-MM`.
    pub baseline_from: String,
    /// Last baseline month.
    pub baseline_to: String,
    /// The months judged, oldest first (the latest complete months).
    pub months: Vec<String>,
    /// Parts with a claim in the window that were judged.
    pub parts_judged: u64,
    /// Flags, newest month first, then by part.
    pub flags: Vec<WarningFlag>,
}

/// The latest complete month on `date`: its own month when it is the month's last day.
fn latest_complete(date: NaiveDate) -> NaiveDate {
    let start = month_start(date);
    let last_day = date
        .checked_add_days(Days::new(1))
        .is_none_or(|next| month_start(next) != start);
    if last_day {
        start
    } else {
        start.checked_sub_months(Months::new(1)).unwrap_or(start)
    }
}

/// Judges every part with a claim of the cut in the window.
pub fn early_warning(r: &dyn Read, filter: &Filter) -> Result<EarlyWarningReport> {
    let n = BASELINE_MONTHS + RECENT_MONTHS;
    let latest = latest_complete(filter.report_date);
    let months: Vec<NaiveDate> = (0..n)
        .map(|i| {
            latest
                .checked_sub_months(Months::new((n - 1 - i) as u32))
                .unwrap_or(latest)
        })
        .collect();
    let index = |d: NaiveDate| months.iter().position(|m| *m == month_start(d));
    // Units in service at each month's end.
    let mut units = vec![0u64; n];
    for (sale, count) in facts::unit_sales(r, filter)? {
        let first = months.iter().position(|m| month_start(sale) <= *m);
        if let Some(first) = first {
            for u in &mut units[first..] {
                *u += count;
            }
        }
    }
    let mut claims: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    facts::visit_claims(r, filter, &mut |c| {
        if let Some(i) = index(c.failure_date) {
            for p in &c.parts {
                claims.entry(p.clone()).or_insert_with(|| vec![0; n])[i] += 1;
            }
        }
    })?;
    let mut flags = Vec::new();
    for (part, counts) in &claims {
        let point = |i: usize| ChartPoint {
            claims: counts[i],
            units: units[i],
        };
        let baseline: Vec<ChartPoint> = (0..BASELINE_MONTHS).map(point).collect();
        let Some(centre) = p_bar(&baseline) else { continue };
        for i in BASELINE_MONTHS..n {
            if let Some(j) = judge(centre, point(i))
                && j.above
            {
                flags.push(WarningFlag {
                    part_no: part.clone(),
                    month: month_key(months[i]),
                    claims: counts[i],
                    units: units[i],
                    p: j.p,
                    p_bar: centre,
                    ucl: j.ucl,
                    baseline_claims: baseline.iter().map(|b| b.claims).sum(),
                    baseline_units: baseline.iter().map(|b| b.units).sum(),
                });
            }
        }
    }
    flags.sort_by(|a, b| b.month.cmp(&a.month).then_with(|| a.part_no.cmp(&b.part_no)));
    Ok(EarlyWarningReport {
        report_date: filter.report_date,
        basis: filter.basis.name(),
        baseline_from: month_key(months[0]),
        baseline_to: month_key(months[BASELINE_MONTHS - 1]),
        months: months[BASELINE_MONTHS..].iter().map(|m| month_key(*m)).collect(),
        parts_judged: claims.len() as u64,
        flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_complete_month_ends_on_or_before_the_date() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(latest_complete(d("2026-06-30")), d("2026-06-01"));
        assert_eq!(latest_complete(d("2026-06-29")), d("2026-05-01"));
        assert_eq!(latest_complete(d("2026-07-01")), d("2026-06-01"));
        assert_eq!(latest_complete(d("2028-02-29")), d("2028-02-01"));
    }
}

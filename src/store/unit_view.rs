//! A unit read without copying its text: the analytics scan every unit, and borrowing the
//! strings from the stored bytes (instead of allocating four per unit) is most of the cost
//! saved. The view mirrors `records::warranty::UnitV2` field for field; older versions are
//! decoded in full.

use super::codec::{self, Stored};
use super::{Read, Scan, StoreResult, Table};
use crate::domain::warranty::Unit;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

/// What the analytics need of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitFacts<'a> {
    /// Model.
    pub model: &'a str,
    /// Selling dealer.
    pub dealer: &'a str,
    /// Sale date.
    pub sale_date: NaiveDate,
    /// Production date.
    pub built_on: Option<NaiveDate>,
}

/// `UnitV2` with borrowed text.
#[derive(Deserialize)]
#[allow(dead_code)]
struct UnitV2View<'a> {
    serial: &'a str,
    model: &'a str,
    dealer: &'a str,
    customer: &'a str,
    sale_date: NaiveDate,
    acceptance_date: Option<NaiveDate>,
    built_on: Option<NaiveDate>,
    registration_received_date: Option<NaiveDate>,
    version: u64,
    updated_at: DateTime<Utc>,
}

/// Visits every unit's facts; `each` answers whether to go on.
pub fn visit_units(r: &dyn Read, each: &mut dyn FnMut(UnitFacts<'_>) -> bool) -> StoreResult<()> {
    r.visit(Table::Units, &Scan::all(), &mut |_, v| {
        if v.first() == Some(&<Unit as Stored>::VERSION) {
            let u: UnitV2View<'_> = codec::borrow_payload(<Unit as Stored>::KIND, &v[1..])?;
            return Ok(each(UnitFacts {
                model: u.model,
                dealer: u.dealer,
                sale_date: u.sale_date,
                built_on: u.built_on,
            }));
        }
        let u: Unit = codec::decode(v)?;
        Ok(each(UnitFacts {
            model: &u.model,
            dealer: &u.dealer,
            sale_date: u.sale_date,
            built_on: u.built_on,
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    #[test]
    fn the_view_reads_what_the_record_holds() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("v.redb")).unwrap();
        let at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 3, 1, 0, 0, 0).unwrap();
        let unit = Unit {
            serial: "VIN-1".into(),
            model: "K9-City".into(),
            dealer: "D001".into(),
            customer: "Bus line, \"north\"".into(),
            sale_date: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
            acceptance_date: NaiveDate::from_ymd_opt(2026, 2, 1),
            built_on: NaiveDate::from_ymd_opt(2026, 1, 2),
            registration_received_date: None,
            version: 1,
            updated_at: at,
        };
        let tx = db.begin_write().unwrap();
        {
            let mut batch = tx.batch();
            batch
                .run(|w| {
                    super::super::repo::put(w, Table::Units, super::super::repo::code_key("VIN-1"), &unit);
                    Ok::<_, crate::error::Error>(())
                })
                .unwrap();
        }
        tx.commit().unwrap();
        let mut seen = Vec::new();
        visit_units(&db.read().unwrap(), &mut |u| {
            seen.push((u.model.to_string(), u.dealer.to_string(), u.sale_date, u.built_on));
            true
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![("K9-City".into(), "D001".into(), unit.sale_date, unit.built_on)]
        );
    }
}

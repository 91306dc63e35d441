//! A unit read in place: the analytics scan every unit, and reading the few fields they
//! need straight from the stored bytes (text borrowed, the rest only measured) instead of
//! decoding whole records is most of the cost saved. The reader follows
//! `records::warranty::UnitV2` field for field; older versions are decoded in full.

use super::codec::{self, Stored};
use super::fields::{Field, Fields, in_place};
use super::records::time::parse_day;
use super::{Read, Scan, StoreError, StoreResult, Table};
use crate::domain::warranty::Unit;
use chrono::NaiveDate;

// The reader below is of version 2: a new record version needs a new reader.
const _: () = assert!(<Unit as Stored>::VERSION == 2);

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

/// A `UnitV2`'s model, dealer, sale date and production date (as text).
#[inline]
fn unit_v2<'a>(f: &mut Fields<'a>) -> Field<(&'a str, &'a str, &'a str, Option<&'a str>)> {
    f.skip_str()?; // serial
    let (model, dealer) = (f.str()?, f.str()?);
    f.skip_str()?; // customer
    let sale_date = f.str()?;
    f.skip_optional_str()?; // acceptance_date
    let built_on = f.optional_str()?;
    f.skip_optional_str()?; // registration_received_date
    f.u64()?; // version
    f.skip_str()?; // updated_at
    Ok((model, dealer, sale_date, built_on))
}

fn day(text: &str) -> StoreResult<NaiveDate> {
    parse_day(text).map_err(|reason| StoreError::Corrupt {
        table: <Unit as Stored>::KIND,
        reason,
    })
}

/// Visits every unit's facts; `each` answers whether to go on.
pub fn visit_units(r: &dyn Read, each: &mut dyn FnMut(UnitFacts<'_>) -> bool) -> StoreResult<()> {
    r.visit(Table::Units, &Scan::all(), &mut |_, v| {
        if let Some(facts) = in_place::<Unit, _>(v, unit_v2) {
            let (model, dealer, sale_date, built_on) = facts?;
            return Ok(each(UnitFacts {
                model,
                dealer,
                sale_date: day(sale_date)?,
                built_on: built_on.map(day).transpose()?,
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
        let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 1, 0, 0, 0).unwrap();
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
        // The optional dates the other way round.
        let other = Unit {
            serial: "VIN-2".into(),
            acceptance_date: None,
            built_on: None,
            registration_received_date: NaiveDate::from_ymd_opt(2026, 2, 3),
            ..unit.clone()
        };
        let tx = db.begin_write().unwrap();
        {
            let mut batch = tx.batch();
            batch
                .run(|w| {
                    super::super::repo::put(w, Table::Units, super::super::repo::code_key("VIN-1"), &unit);
                    super::super::repo::put(w, Table::Units, super::super::repo::code_key("VIN-2"), &other);
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
            vec![
                ("K9-City".into(), "D001".into(), unit.sale_date, unit.built_on),
                ("K9-City".into(), "D001".into(), unit.sale_date, None)
            ]
        );
    }
}

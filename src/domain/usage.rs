//! What the usage checks remember between documents: the highest odometer reading recorded
//! for each unit (by claims and service reports), and the bill of usage — how many of a
//! part one unit of a model carries.

use crate::domain::ids::PartNo;
use chrono::{DateTime, NaiveDate, Utc};

/// The highest odometer reading recorded for a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitReading {
    /// Km.
    pub km: i64,
    /// The claim or service report that recorded it.
    pub document: String,
    /// Its business date.
    pub date: NaiveDate,
}

impl UnitReading {
    /// The reading to keep after `km` is read on `document`: the higher one (the earlier on
    /// a tie, so a document never displaces an equal reading).
    pub fn keep(current: Option<UnitReading>, km: i64, document: &str, date: NaiveDate) -> Option<UnitReading> {
        match current {
            Some(c) if c.km >= km => None,
            _ => Some(UnitReading {
                km,
                document: document.to_owned(),
                date,
            }),
        }
    }
}

/// Most of a part one unit of a model carries (bill of usage, admin-set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillOfUsageLine {
    /// Model.
    pub model: String,
    /// Part.
    pub part_no: PartNo,
    /// Pieces per unit, at least 1.
    pub qty: i64,
    /// Who set it (token id).
    pub updated_by: String,
    /// When.
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> NaiveDate {
        "2026-09-01".parse().unwrap()
    }

    /// Only a higher reading replaces the one kept.
    #[test]
    fn keeps_the_highest_reading() {
        let first = UnitReading::keep(None, 20_000, "SR-000001", d()).unwrap();
        assert_eq!(first.km, 20_000);
        assert_eq!(UnitReading::keep(Some(first.clone()), 20_000, "CL-000001", d()), None);
        assert_eq!(UnitReading::keep(Some(first.clone()), 19_000, "CL-000001", d()), None);
        assert_eq!(
            UnitReading::keep(Some(first), 20_001, "CL-000001", d())
                .unwrap()
                .document,
            "CL-000001"
        );
    }
}

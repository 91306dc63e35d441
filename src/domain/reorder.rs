//! Reorder suggestions per location (补货建议): how much of a part a location should ask
//! for. Where the part has a minimum and maximum at the location, a position below the
//! minimum is filled up to the maximum; otherwise the need is usage-based: the average
//! daily issues over the last 90 days × (lead days + 30), rounded up. What is already on
//! its way counts against the need — on hand, open orders and transfers in transit, and
//! approved reserve plans not yet shipped — so a need already turned into a transfer or
//! an order is never suggested twice.

use crate::domain::ids::PartNo;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};

/// Days of issues the average is taken over.
pub const USAGE_DAYS: i64 = 90;
/// Days of cover wanted beyond the lead time.
pub const COVER_DAYS: i64 = 30;
/// Lead days where neither the part nor its supplier says otherwise.
pub const DEFAULT_LEAD_DAYS: i64 = 7;

/// A part's minimum and maximum at one location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels {
    /// Reorder when the position falls below this.
    pub min_qty: i64,
    /// Fill up to this.
    pub max_qty: i64,
}

/// Largest minimum, maximum or lead time a level may name.
pub const LEVEL_MAX: i64 = 1_000_000;

/// A part's minimum and maximum (and lead days) as set at one location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReorderLevel {
    /// Location.
    pub location: String,
    /// Part.
    pub part_no: PartNo,
    /// Reorder when the position falls below this.
    pub min_qty: i64,
    /// Fill up to this.
    pub max_qty: i64,
    /// Lead days of the part to this location (default `DEFAULT_LEAD_DAYS`).
    pub lead_days: Option<i64>,
    /// Who set it.
    pub updated_by: String,
    /// When.
    pub updated_at: DateTime<Utc>,
}

impl ReorderLevel {
    /// The minimum and maximum.
    pub fn levels(&self) -> Levels {
        Levels {
            min_qty: self.min_qty,
            max_qty: self.max_qty,
        }
    }

    /// The lead days the usage target counts.
    pub fn lead(level: Option<&ReorderLevel>) -> i64 {
        level.and_then(|l| l.lead_days).unwrap_or(DEFAULT_LEAD_DAYS)
    }
}

/// Refuses levels that cannot be met: negative or oversized figures (`validation_failed`
/// naming the field), a minimum above the maximum (`reorder_min_above_max`). Both 0 is
/// valid: it removes the level.
pub fn check_levels(location: &str, part_no: &str, min_qty: i64, max_qty: i64, lead_days: Option<i64>) -> Result<()> {
    for (field, v) in [
        ("min_qty", Some(min_qty)),
        ("max_qty", Some(max_qty)),
        ("lead_days", lead_days),
    ] {
        if v.is_some_and(|v| !(0..=LEVEL_MAX).contains(&v)) {
            return Err(Error::invalid(field, format!("must be 0 to {LEVEL_MAX}")));
        }
    }
    if min_qty > max_qty {
        return Err(Error::ReorderMinAboveMax {
            location: location.into(),
            part_no: part_no.into(),
            min_qty,
            max_qty,
        });
    }
    Ok(())
}

/// What is known of one part at one location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// On hand.
    pub on_hand: i64,
    /// On open orders and transfers in transit to the location.
    pub incoming: i64,
    /// On approved reserve plans not yet shipped.
    pub planned: i64,
    /// Issued (net of returns) over the last `USAGE_DAYS` days.
    pub used: i64,
    /// Lead days of the part (or its supplier).
    pub lead_days: i64,
    /// Its minimum and maximum here, if set.
    pub levels: Option<Levels>,
}

/// How a suggestion was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Below the minimum: up to the maximum.
    MinMax,
    /// Average daily issues × (lead days + 30).
    Usage,
}

impl crate::domain::status::Named for Basis {
    fn name(&self) -> &'static str {
        match self {
            Basis::MinMax => "min_max",
            Basis::Usage => "usage",
        }
    }
}

/// A suggested quantity with the target it fills to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion {
    /// How it was reached.
    pub basis: Basis,
    /// The stock position wanted.
    pub target: i64,
    /// What is there or coming: on hand + incoming + planned.
    pub covered: i64,
    /// target − covered (at least 1).
    pub qty: i64,
}

impl Position {
    /// On hand, incoming and planned.
    pub fn covered(&self) -> i64 {
        self.on_hand + self.incoming + self.planned
    }

    /// The usage-based target: ceil(used × (lead days + 30) / 90), 0 without issues.
    pub fn usage_target(&self) -> i64 {
        let used = self.used.max(0);
        let days = self.lead_days.max(0) + COVER_DAYS;
        (used * days + USAGE_DAYS - 1) / USAGE_DAYS
    }

    /// What to ask for, if anything.
    pub fn suggestion(&self) -> Option<Suggestion> {
        let covered = self.covered();
        let (basis, target) = match self.levels {
            Some(l) if covered >= l.min_qty => return None,
            Some(l) => (Basis::MinMax, l.max_qty),
            None => (Basis::Usage, self.usage_target()),
        };
        (target > covered).then_some(Suggestion {
            basis,
            target,
            covered,
            qty: target - covered,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Levels: non-negative, bounded, the minimum at most the maximum (equal is allowed).
    #[test]
    fn levels_are_checked_at_their_boundaries() {
        assert!(check_levels("WH", "P", 0, 0, None).is_ok());
        assert!(check_levels("WH", "P", 5, 5, Some(0)).is_ok());
        assert!(check_levels("WH", "P", 0, LEVEL_MAX, Some(LEVEL_MAX)).is_ok());
        let e = check_levels("WH", "P", 6, 5, None).unwrap_err();
        assert_eq!(e.code(), "reorder_min_above_max");
        for (args, field) in [
            ((-1, 5, None), "min_qty"),
            ((0, -1, None), "max_qty"),
            ((0, LEVEL_MAX + 1, None), "max_qty"),
            ((0, 5, Some(-1)), "lead_days"),
        ] {
            let (min, max, lead) = args;
            match check_levels("WH", "P", min, max, lead).unwrap_err() {
                Error::Validation { field: f, .. } => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
    }

    fn at(on_hand: i64, incoming: i64, planned: i64, used: i64) -> Position {
        Position {
            on_hand,
            incoming,
            planned,
            used,
            lead_days: DEFAULT_LEAD_DAYS,
            levels: None,
        }
    }

    /// 45 issued in 90 days is 0.5 a day; × (7 + 30) = 18.5, rounded up to 19; 5 on hand
    /// and 4 in transit leave 10 to ask for.
    #[test]
    fn usage_based_by_hand() {
        let p = at(5, 4, 0, 45);
        assert_eq!(p.usage_target(), 19);
        assert_eq!(
            p.suggestion(),
            Some(Suggestion {
                basis: Basis::Usage,
                target: 19,
                covered: 9,
                qty: 10
            })
        );
        // 90 issued: exactly 1 a day × 37 = 37.
        assert_eq!(at(0, 0, 0, 90).usage_target(), 37);
        // A lead of 20 days: 90 × 50 / 90 = 50.
        assert_eq!(
            Position {
                lead_days: 20,
                ..at(0, 0, 0, 90)
            }
            .usage_target(),
            50
        );
        // One issue in 90 days still wants one: ceil(37 / 90) = 1.
        assert_eq!(at(0, 0, 0, 1).suggestion().map(|s| s.qty), Some(1));
    }

    /// What is coming counts: an approved plan or a transfer already made is not asked
    /// for again.
    #[test]
    fn what_is_coming_is_not_asked_for_twice() {
        assert_eq!(at(5, 0, 14, 45).suggestion(), None, "5 + 14 covers 19");
        assert_eq!(at(5, 14, 0, 45).suggestion(), None);
        assert_eq!(at(5, 13, 0, 45).suggestion().map(|s| s.qty), Some(1));
        assert_eq!(at(0, 0, 0, 0).suggestion(), None, "nothing issued: nothing to ask for");
        assert_eq!(at(30, 0, 0, 45).suggestion(), None, "more than the target on hand");
    }

    /// Below the minimum fills up to the maximum; at the minimum nothing is asked for,
    /// whatever the usage says.
    #[test]
    fn min_max_wins_over_usage() {
        let levels = Some(Levels {
            min_qty: 10,
            max_qty: 30,
        });
        let p = Position {
            levels,
            ..at(6, 3, 0, 900)
        };
        assert_eq!(
            p.suggestion(),
            Some(Suggestion {
                basis: Basis::MinMax,
                target: 30,
                covered: 9,
                qty: 21
            })
        );
        assert_eq!(
            Position {
                levels,
                ..at(6, 4, 0, 900)
            }
            .suggestion(),
            None,
            "10 is not below 10"
        );
        assert_eq!(
            Position {
                levels,
                ..at(0, 0, 0, 0)
            }
            .suggestion()
            .map(|s| s.qty),
            Some(30)
        );
    }
}

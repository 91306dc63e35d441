//! Moving-average valuation per (part, location), kept as an integer total value so no
//! rounding dust accumulates: `qty == 0` always means `value == 0`.

use crate::domain::ids::PartNo;
use crate::domain::money::Fen;
use crate::error::{Error, Result};

/// `round(value × qty / total_qty)` half up on the exact fraction; the whole value when
/// `qty == total_qty`. Inputs are non-negative and `qty <= total_qty`, `total_qty > 0`.
pub fn share(value_fen: Fen, total_qty: i64, qty: i64) -> Fen {
    assert!(total_qty > 0 && (0..=total_qty).contains(&qty) && value_fen >= Fen::ZERO);
    if qty == total_qty {
        return value_fen;
    }
    let num = 2 * value_fen.get() as i128 * qty as i128 + total_qty as i128;
    Fen((num / (2 * total_qty as i128)) as i64)
}

/// Quantity and total value on hand of one part at one location.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Balance {
    /// On hand, in the part's base unit; never negative.
    pub qty: i64,
    /// Total value in fen; zero whenever `qty` is zero.
    pub value_fen: Fen,
}

impl Balance {
    /// The value `qty` units take when they leave: their share of the moving average.
    /// Refuses to go below zero, naming what is available.
    pub fn outgoing_value(&self, qty: i64, part_no: &PartNo, location: &str) -> Result<Fen> {
        if qty > self.qty {
            return Err(Error::InsufficientStock {
                part_no: part_no.into(),
                location: location.into(),
                available: self.qty,
                requested: qty,
            });
        }
        Ok(share(self.value_fen, self.qty, qty))
    }

    /// The value a stocktake gain of `qty` enters at: the current moving average, or
    /// `standard_cost_fen` per unit where the location holds none. Refuses a value beyond
    /// what one movement may carry (10^13 fen).
    pub fn gain_value(&self, qty: i64, standard_cost_fen: Fen, part_no: &PartNo) -> Result<Fen> {
        let value = if self.qty == 0 {
            standard_cost_fen.get() as i128 * qty as i128
        } else {
            (2 * self.value_fen.get() as i128 * qty as i128 + self.qty as i128) / (2 * self.qty as i128)
        };
        if value > 10_000_000_000_000 {
            return Err(Error::invalid(
                "counted_qty",
                format!("the gain of {qty} × {part_no} would be worth more than 10^13 fen"),
            ));
        }
        Ok(Fen(value as i64))
    }

    /// Applies a movement; the caller has checked it keeps the balance non-negative.
    pub fn apply(&mut self, qty_delta: i64, value_delta_fen: Fen) {
        self.qty += qty_delta;
        self.value_fen += value_delta_fen;
        debug_assert!(self.qty >= 0 && self.value_fen >= Fen::ZERO);
        debug_assert!(self.qty != 0 || self.value_fen == Fen::ZERO);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scenario A of the design: receipts, issues and a fresh start with no drift.
    #[test]
    fn moving_average_without_drift() {
        let mut b = Balance::default();
        b.apply(3, Fen(3 * 1_000));
        b.apply(4, Fen(4 * 1_001));
        assert_eq!(
            b,
            Balance {
                qty: 7,
                value_fen: Fen(7_004)
            }
        );
        let v = b.outgoing_value(2, &PartNo::from("FLT-0042"), "WH-01").unwrap();
        assert_eq!(v, Fen(2_001));
        b.apply(-2, -v);
        assert_eq!(
            b,
            Balance {
                qty: 5,
                value_fen: Fen(5_003)
            }
        );
        let v = b.outgoing_value(5, &PartNo::from("FLT-0042"), "WH-01").unwrap();
        assert_eq!(v, Fen(5_003));
        b.apply(-5, -v);
        assert_eq!(b, Balance::default());
        b.apply(1, Fen(999));
        assert_eq!(
            b,
            Balance {
                qty: 1,
                value_fen: Fen(999)
            }
        );
    }

    #[test]
    fn share_rounds_half_up() {
        assert_eq!(share(Fen(5), 2, 1), Fen(3)); // 2.5 -> 3
        assert_eq!(share(Fen(7), 4, 1), Fen(2)); // 1.75 -> 2
        assert_eq!(share(Fen(10), 4, 1), Fen(3)); // 2.5 -> 3
        assert_eq!(share(Fen(9), 4, 1), Fen(2)); // 2.25 -> 2
        assert_eq!(
            share(Fen(i64::MAX / 2), 1_000_000, 999_999),
            Fen(4_611_681_406_741_369_476)
        );
    }

    #[test]
    fn over_issue_names_available_and_requested() {
        let b = Balance {
            qty: 2,
            value_fen: Fen(10),
        };
        let err = b.outgoing_value(3, &PartNo::from("P"), "L").unwrap_err();
        assert_eq!(
            err,
            Error::InsufficientStock {
                part_no: "P".into(),
                location: "L".into(),
                available: 2,
                requested: 3
            }
        );
    }

    #[test]
    fn gain_uses_average_or_standard_cost() {
        let held = Balance {
            qty: 3,
            value_fen: Fen(1_000),
        };
        assert_eq!(held.gain_value(1, Fen(500), &PartNo::from("P")), Ok(Fen(333)));
        assert_eq!(
            Balance::default().gain_value(2, Fen(500), &PartNo::from("P")),
            Ok(Fen(1_000))
        );
        let huge = Balance::default().gain_value(1_000_000_000, Fen(10_000_000_000_000), &PartNo::from("P"));
        assert_eq!(
            huge.unwrap_err().code(),
            "validation_failed",
            "refused, never overflowing"
        );
    }

    proptest::proptest! {
        /// Taking units one share at a time always empties the value exactly.
        #[test]
        fn issuing_everything_leaves_zero(value in 0i64..10_000_000, qty in 1i64..50, steps in proptest::collection::vec(1i64..5, 1..20)) {
            let mut b = Balance { qty, value_fen: Fen(value) };
            for s in steps {
                let q = s.min(b.qty);
                if q == 0 { break; }
                let v = b.outgoing_value(q, &PartNo::from("P"), "L").unwrap();
                proptest::prop_assert!(v >= Fen(0) && v <= b.value_fen);
                b.apply(-q, -v);
            }
            if b.qty > 0 {
                let v = b.outgoing_value(b.qty, &PartNo::from("P"), "L").unwrap();
                b.apply(-b.qty, -v);
            }
            proptest::prop_assert_eq!(b, Balance::default());
        }
    }
}

//! A stocktake's counts (盘点): a scan adds to a part's count, a correction sets it (down to
//! 0); counting, posting and cancelling all need the stocktake still open.

use crate::domain::documents::{Count, Stocktake, StocktakeStatus};
use crate::domain::numbered::DocumentKind;
use crate::domain::validate;
use crate::error::{Error, Result};

/// Most parts one stocktake counts.
pub const COUNTED_PARTS_MAX: usize = 20_000;
/// Largest count of one part.
pub const COUNT_MAX: i64 = 1_000_000_000;

impl Stocktake {
    /// Refuses `action` unless the stocktake is open.
    pub fn require_open(&self, action: &'static str) -> Result<()> {
        if self.status == StocktakeStatus::Open {
            Ok(())
        } else {
            Err(Error::invalid_state(
                DocumentKind::Stocktake.entity(),
                &self.number,
                &self.status,
                action,
            ))
        }
    }

    /// Counts `part_no`: `qty` (default 1, a scan) adds to its count, `counted_qty` sets it.
    pub fn count(&mut self, part_no: &str, qty: Option<i64>, counted_qty: Option<i64>) -> Result<()> {
        self.require_open("count")?;
        let at = self.counts.binary_search_by(|c| c.part_no.as_str().cmp(part_no));
        let current = at.map(|i| self.counts[i].counted_qty).unwrap_or(0);
        let new = match (qty, counted_qty) {
            (Some(_), Some(_)) => return Err(Error::invalid("counted_qty", "give qty or counted_qty, not both")),
            (q, None) => {
                let q = q.unwrap_or(1);
                validate::qty("qty", q)?;
                current + q
            }
            (None, Some(c)) => {
                if !(0..=COUNT_MAX).contains(&c) {
                    return Err(Error::invalid(
                        "counted_qty",
                        format!("must be a whole number from 0 to {COUNT_MAX}"),
                    ));
                }
                c
            }
        };
        if new > COUNT_MAX {
            return Err(Error::invalid("qty", format!("the count would exceed {COUNT_MAX}")));
        }
        match at {
            Ok(i) => self.counts[i].counted_qty = new,
            Err(_) if self.counts.len() >= COUNTED_PARTS_MAX => {
                return Err(Error::invalid(
                    "part_no",
                    format!("at most {COUNTED_PARTS_MAX} parts per stocktake"),
                ));
            }
            Err(i) => self.counts.insert(
                i,
                Count {
                    part_no: part_no.into(),
                    counted_qty: new,
                },
            ),
        }
        Ok(())
    }
}

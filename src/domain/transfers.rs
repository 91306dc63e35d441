//! A two-step transfer's arrival: shipped into in-transit, received by scan at its
//! destination. Each receipt takes its value from the transfer's own outstanding value (by
//! the same rounding rule as an issue), never from the in-transit pool's average.

use crate::domain::documents::{Transfer, TransferMode, TransferStatus};
use crate::domain::ids::PartNo;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::stock::share;
use crate::error::{Error, QtyLimit, Result};

/// One part received: (part, quantity, value in fen).
pub type Arrival = (PartNo, i64, Fen);

impl Transfer {
    /// Receives `wanted` (part, quantity) pairs, each on the transfer and within what is in
    /// transit; returns what arrives at what value, and moves the transfer on.
    pub fn receive(&mut self, wanted: &[(PartNo, i64)]) -> Result<Vec<Arrival>> {
        if self.mode != TransferMode::TwoStep {
            // A direct transfer arrived when it was shipped: nothing is in transit.
            return Err(Error::InvalidState {
                entity: DocumentKind::Transfer.entity(),
                key: self.number.to_string(),
                state: "direct".into(),
                action: "receive",
            });
        }
        for (part_no, qty) in wanted {
            let line = self
                .lines
                .iter()
                .find(|l| &l.part_no == part_no)
                .ok_or_else(|| Error::PartNotOnDocument {
                    document: self.number.to_string(),
                    part_no: part_no.to_string(),
                })?;
            if *qty > line.outstanding_qty() {
                return Err(Error::QtyExceeded {
                    limit: QtyLimit::InTransit,
                    document: self.number.to_string(),
                    part_no: part_no.to_string(),
                    requested: *qty,
                    available: line.outstanding_qty(),
                });
            }
        }
        let mut arrivals = Vec::with_capacity(wanted.len());
        for (part_no, qty) in wanted {
            let Some(line) = self.lines.iter_mut().find(|l| &l.part_no == part_no) else {
                continue; // checked above
            };
            let value = share(line.outstanding_value_fen(), line.outstanding_qty(), *qty);
            line.received_qty += qty;
            line.received_value_fen += value;
            arrivals.push((part_no.clone(), *qty, value));
        }
        self.status = if self.lines.iter().all(|l| l.outstanding_qty() == 0) {
            TransferStatus::Completed
        } else {
            TransferStatus::PartiallyReceived
        };
        Ok(arrivals)
    }
}

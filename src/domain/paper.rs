//! What the printed documents decide rather than merely show: when a service report may go
//! to the customer for signature, and which way a dealer's balance points.

use crate::domain::documents::ServiceReport;
use crate::domain::money::Fen;
use crate::error::{Error, Result};

/// A service report is printed for the customer's signature only once it is complete:
/// confirmed by a supervisor. Before that the figures may still change.
pub fn check_printable(report: &ServiceReport) -> Result<()> {
    if report.confirmed_at.is_none() {
        return Err(Error::InvalidState {
            entity: "service_report",
            key: report.number.to_string(),
            state: "unconfirmed".into(),
            action: "print",
        });
    }
    Ok(())
}

/// A dealer's account balance put into words: `dealer:<code>` is debit positive (what the
/// dealer owes), so a negative balance is money the manufacturer owes the dealer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealerBalance {
    /// The dealer owes this many fen (经销商欠款).
    Owed(Fen),
    /// The manufacturer owes the dealer this many fen (应付经销商).
    InDealersFavour(Fen),
    /// Nothing either way (已结清).
    Settled,
}

impl DealerBalance {
    /// The balance of `dealer:<code>`, debit positive.
    pub fn of(balance: Fen) -> Self {
        match balance.get() {
            0 => DealerBalance::Settled,
            b if b > 0 => DealerBalance::Owed(balance),
            // `i64::MIN` has no positive twin; saturate rather than overflow.
            b => DealerBalance::InDealersFavour(Fen(b.checked_neg().unwrap_or(i64::MAX))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_positive_balance_is_owed_by_the_dealer_and_a_negative_one_is_in_its_favour() {
        assert_eq!(DealerBalance::of(Fen(12_000)), DealerBalance::Owed(Fen(12_000)));
        assert_eq!(
            DealerBalance::of(Fen(-516_665)),
            DealerBalance::InDealersFavour(Fen(516_665))
        );
        assert_eq!(DealerBalance::of(Fen(0)), DealerBalance::Settled);
        assert_eq!(
            DealerBalance::of(Fen(i64::MIN)),
            DealerBalance::InDealersFavour(Fen(i64::MAX))
        );
    }
}

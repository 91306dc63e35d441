//! Dealer parts supply (款到发货): payments and credit limits (`funds.rs`), parts orders
//! (`orders.rs`), shipments by scan with their delivery notes (`shipments.rs`) and returns
//! to the company (`returns.rs`). Every write that changes what a dealer has paid, owes or
//! has held writes the dealer's funds record in the same transaction.

pub mod funds;
pub mod orders;
pub mod returns;
pub mod shipments;

use super::Ctx;
use crate::domain::supply::DealerFunds;
use crate::error::{Error, Result};
use crate::store::repo::{self, code_key};
use crate::store::{Overlay, Read, Table};

/// The dealer's funds record (a dealer never written to has none held and no credit).
pub fn dealer_funds(r: &dyn Read, dealer: &str) -> Result<DealerFunds> {
    Ok(crate::store::supply::dealer_funds(r, dealer)?)
}

/// Writes the dealer's funds at their next version.
pub fn save_funds(w: &mut Overlay<'_>, mut funds: DealerFunds) -> Result<DealerFunds> {
    funds.version += 1;
    repo::put(w, Table::DealerFunds, code_key(&funds.dealer), &funds);
    Ok(funds)
}

/// The dealer a caller acts for: a dealer token its own (naming another answers
/// `not_found`, as if absent); anyone else must name an existing dealer.
pub fn acting_dealer(w: &Overlay<'_>, ctx: &Ctx, named: Option<&str>) -> Result<String> {
    let dealer = match (ctx.caller.dealer.as_deref(), named) {
        (Some(own), None) => own.to_string(),
        (_, Some(d)) => d.to_string(),
        (None, None) => return Err(Error::invalid("dealer", "name the dealer")),
    };
    if !ctx.caller.sees_dealer(&dealer) {
        return Err(Error::not_found("dealer", dealer));
    }
    super::require_exists(w, Table::Dealers, "dealer", &dealer)?;
    Ok(dealer)
}

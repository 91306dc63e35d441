//! The rules of dealer parts supply: an order's life (draft → submitted → released →
//! partially shipped → shipped, or cancelled releasing its hold), what a shipment and a
//! return post, and who bears a return's freight. Each transition checks the state it
//! starts from and returns what it decided for the command to write.

use crate::domain::ids::PartNo;
use crate::domain::ledger::{Posting, accounts};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::stock::share;
use crate::domain::supply::{
    DealerFunds, DealerReturn, FreightPayer, OrderStatus, PartsOrder, ReturnReason, ReturnStatus, Shipment,
};
use crate::error::{Error, QtyLimit, Result};
use chrono::{DateTime, Utc};

/// Sales of parts to dealers (credit balance).
pub const SALES_PARTS: &str = "sales:parts";
/// Cost of parts sold to dealers.
pub const COST_OF_SALES_PARTS: &str = "cost_of_sales:parts";
/// Freight the company bears.
pub const FREIGHT_EXPENSE: &str = "freight:expense";
/// Service income (restoration labor, paid service).
pub const SERVICE_INCOME: &str = "service:income";

/// A payment received from a dealer: Dr `bank` / Cr `dealer:<code>`.
pub fn payment_posting(dealer: &str, amount_fen: Fen) -> Posting {
    Posting::new()
        .debit(accounts::BANK, amount_fen)
        .credit(accounts::dealer(dealer), amount_fen)
}

/// Refuses a release of `required_fen` unless the dealer's available funds cover it.
pub fn require_funds(funds: &DealerFunds, balance_fen: Fen, required_fen: Fen) -> Result<()> {
    let available = funds.available_fen(balance_fen);
    if available >= required_fen {
        Ok(())
    } else {
        Err(Error::InsufficientFunds {
            dealer: funds.dealer.clone(),
            required: required_fen.get(),
            available: available.get(),
            shortfall: (required_fen - available).get(),
        })
    }
}

impl PartsOrder {
    fn refuse(&self, action: &'static str) -> Error {
        Error::invalid_state(DocumentKind::PartsOrder.entity(), &self.number, &self.status, action)
    }

    /// Sends a draft order.
    pub fn submit(&mut self, now: DateTime<Utc>) -> Result<()> {
        if self.status != OrderStatus::Draft {
            return Err(self.refuse("submit"));
        }
        self.status = OrderStatus::Submitted;
        self.submitted_at = Some(now);
        Ok(())
    }

    /// Releases a submitted order against the dealer's funds: refused with
    /// `insufficient_funds` unless available ≥ the order total; returns the amount now held.
    pub fn release(&mut self, funds: &DealerFunds, balance_fen: Fen, now: DateTime<Utc>) -> Result<Fen> {
        if self.status != OrderStatus::Submitted {
            return Err(self.refuse("release"));
        }
        require_funds(funds, balance_fen, self.total_fen)?;
        self.status = OrderStatus::Released;
        self.released_at = Some(now);
        self.held_fen = self.total_fen;
        Ok(self.total_fen)
    }

    /// Cancels an order that has not shipped in full; returns the hold released (the
    /// unshipped value of a released order, 0 before release). The shipped part stands.
    pub fn cancel(&mut self, now: DateTime<Utc>) -> Result<Fen> {
        match self.status {
            OrderStatus::Shipped | OrderStatus::Cancelled => return Err(self.refuse("cancel")),
            _ => {}
        }
        let released = self.held_fen;
        self.held_fen = Fen::ZERO;
        self.status = OrderStatus::Cancelled;
        self.cancelled_at = Some(now);
        Ok(released)
    }

    /// Whether the warehouse may ship against it.
    pub fn shippable(&self) -> Result<()> {
        match self.status {
            OrderStatus::Released | OrderStatus::PartiallyShipped => Ok(()),
            _ => Err(self.refuse("ship")),
        }
    }

    /// The line that ships `part_no` with `qty` still open, refusing a part not on the
    /// order or more than is still open (`ship_exceeds_ordered`).
    pub fn line_to_ship(&self, part_no: &PartNo, qty: i64) -> Result<u32> {
        let open: i64 = self
            .lines
            .iter()
            .filter(|l| &l.part_no == part_no)
            .map(|l| l.open_qty())
            .sum();
        if !self.lines.iter().any(|l| &l.part_no == part_no) {
            return Err(Error::PartNotOnDocument {
                document: self.number.to_string(),
                part_no: part_no.to_string(),
            });
        }
        if qty > open {
            return Err(Error::QtyExceeded {
                limit: QtyLimit::Ordered,
                document: self.number.to_string(),
                part_no: part_no.to_string(),
                requested: qty,
                available: open,
            });
        }
        let line = self
            .lines
            .iter()
            .find(|l| &l.part_no == part_no && l.open_qty() >= qty)
            .ok_or_else(|| Error::invalid("lines", format!("{part_no} is split over order lines; ship each line")))?;
        Ok(line.line)
    }

    /// Records `qty` of order line `line` shipped; returns the value at the order's price,
    /// by which the hold shrinks. The order is shipped once no line is open.
    pub fn ship(&mut self, line: u32, qty: i64) -> Fen {
        let l = self
            .lines
            .iter_mut()
            .find(|l| l.line == line)
            .expect("the line was chosen from this order");
        assert!(qty > 0 && qty <= l.open_qty(), "shipping within the open quantity");
        l.shipped_qty += qty;
        let value = l.unit_price_fen * qty;
        self.shipped_fen += value;
        self.held_fen -= value;
        self.status = if self.lines.iter().all(|l| l.open_qty() == 0) {
            OrderStatus::Shipped
        } else {
            OrderStatus::PartiallyShipped
        };
        value
    }

    /// The value still held for it: unshipped lines at their prices while released.
    pub fn unshipped_fen(&self) -> Fen {
        self.lines.iter().map(|l| l.unit_price_fen * l.open_qty()).sum()
    }
}

/// What one shipment posts: Dr `cost_of_sales:parts` / Cr `inventory:L` at cost, and
/// Dr `dealer:<code>` / Cr `sales:parts` at the price.
pub fn shipment_posting(dealer: &str, location: &str, cost_fen: Fen, price_fen: Fen) -> Posting {
    Posting::new()
        .debit(COST_OF_SALES_PARTS, cost_fen)
        .credit(accounts::inventory(location), cost_fen)
        .debit(accounts::dealer(dealer), price_fen)
        .credit(SALES_PARTS, price_fen)
}

impl Shipment {
    /// Reserves `qty` of shipment line `line` for a return request, refusing more than was
    /// shipped and is neither returned nor on another request (`return_exceeds_shipped`).
    pub fn reserve_return(&mut self, line: u32, qty: i64) -> Result<()> {
        let number = self.number.to_string();
        let l = self
            .lines
            .iter_mut()
            .find(|l| l.line == line)
            .ok_or_else(|| Error::invalid("lines", format!("{number} has no line {line}")))?;
        if qty > l.returnable_qty() {
            return Err(Error::QtyExceeded {
                limit: QtyLimit::Shipped,
                document: number,
                part_no: l.part_no.to_string(),
                requested: qty,
                available: l.returnable_qty(),
            });
        }
        l.pending_return_qty += qty;
        Ok(())
    }

    /// Frees a reservation of a withdrawn return.
    pub fn unreserve_return(&mut self, line: u32, qty: i64) {
        if let Some(l) = self.lines.iter_mut().find(|l| l.line == line) {
            l.pending_return_qty -= qty.min(l.pending_return_qty);
        }
    }

    /// Takes `qty` of line `line` back: its share of the line's cost not yet returned,
    /// round(cost × q / Q) half up, the last unit taking the rest. Returns that cost.
    pub fn take_back(&mut self, line: u32, qty: i64) -> Fen {
        let l = self
            .lines
            .iter_mut()
            .find(|l| l.line == line)
            .expect("the line was reserved on this shipment");
        assert!(qty > 0 && qty <= l.pending_return_qty, "receiving what was requested");
        let outstanding_qty = l.qty - l.returned_qty;
        let cost = share(l.cost_fen - l.returned_cost_fen, outstanding_qty, qty);
        l.pending_return_qty -= qty;
        l.returned_qty += qty;
        l.returned_cost_fen += cost;
        cost
    }

    /// Whether its signed delivery note is overdue at `now`: unsigned and shipped more
    /// than `ACK_DAYS` days ago.
    pub fn acknowledgement_overdue(&self, now: DateTime<Utc>) -> bool {
        self.acknowledged_at.is_none() && now - self.shipped_at > chrono::Duration::days(super::supply::ACK_DAYS)
    }
}

/// Who bears the freight of a return: the company for a quality problem, else the dealer.
pub fn freight_borne_by(reason: ReturnReason) -> FreightPayer {
    match reason {
        ReturnReason::Quality => FreightPayer::Company,
        ReturnReason::DealerDisassembled | ReturnReason::Unsold => FreightPayer::Dealer,
    }
}

/// The journal entries a received return posts, each on its own so that no account's
/// debit and credit net out: the stock and credit; the restoration labor; the freight
/// (paid, then recharged where the payer is not who bears it).
pub fn return_postings(r: &DealerReturn, location: &str) -> Vec<(&'static str, Posting)> {
    let dealer = accounts::dealer(&r.dealer);
    let mut out = vec![(
        "parts returned",
        Posting::new()
            .debit(accounts::inventory(location), r.cost_fen)
            .credit(COST_OF_SALES_PARTS, r.cost_fen)
            .debit(SALES_PARTS, r.price_fen)
            .credit(dealer.clone(), r.price_fen),
    )];
    out.push((
        "restoration labor",
        Posting::new()
            .debit(dealer.clone(), r.labor_fen)
            .credit(SERVICE_INCOME, r.labor_fen),
    ));
    let f = r.freight_fen;
    match (r.freight_paid_by, freight_borne_by(r.reason)) {
        (FreightPayer::Company, FreightPayer::Company) => {
            out.push((
                "return freight",
                Posting::new().debit(FREIGHT_EXPENSE, f).credit(accounts::BANK, f),
            ));
        }
        (FreightPayer::Company, FreightPayer::Dealer) => {
            out.push((
                "return freight",
                Posting::new().debit(FREIGHT_EXPENSE, f).credit(accounts::BANK, f),
            ));
            out.push((
                "return freight recharged",
                Posting::new().debit(dealer, f).credit(FREIGHT_EXPENSE, f),
            ));
        }
        (FreightPayer::Dealer, FreightPayer::Company) => {
            out.push((
                "return freight refunded",
                Posting::new().debit(FREIGHT_EXPENSE, f).credit(dealer, f),
            ));
        }
        (FreightPayer::Dealer, FreightPayer::Dealer) => {}
    }
    out.into_iter().filter(|(_, p)| !p.is_empty()).collect()
}

impl DealerReturn {
    /// Refuses anything but a requested return.
    pub fn require_requested(&self, action: &'static str) -> Result<()> {
        if self.status == ReturnStatus::Requested {
            Ok(())
        } else {
            Err(Error::invalid_state(
                DocumentKind::DealerReturn.entity(),
                &self.number,
                &self.status,
                action,
            ))
        }
    }
}

#[cfg(test)]
#[path = "supply_rules_tests.rs"]
mod tests;

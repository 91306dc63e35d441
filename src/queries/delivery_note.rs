//! What the delivery note (销售发货清单) of one shipment prints: the shipment, its dealer,
//! the warehouse it left and the names of its parts, read with the caller's visibility.

use crate::domain::auth::Principal;
use crate::domain::master::{Dealer, Location, Part};
use crate::domain::supply::Shipment;
use crate::error::{Error, Result};
use crate::queries::lists;
use crate::store::repo::{self, code_key};
use crate::store::{Read, Table};

/// The delivery note of one shipment.
#[derive(Debug, Clone)]
pub struct DeliveryNoteSheet {
    /// The shipment.
    pub shipment: Shipment,
    /// Its dealer.
    pub dealer: Dealer,
    /// The warehouse's name.
    pub location_name: String,
    /// Each line's part name, in line order (empty for a part no longer catalogued).
    pub part_names: Vec<String>,
}

/// The delivery note of shipment `number` (another dealer's answers 404).
pub fn delivery_note(r: &dyn Read, principal: &Principal, number: &str) -> Result<DeliveryNoteSheet> {
    let shipment = lists::shipment(r, principal, number)?;
    let dealer: Dealer = repo::get(r, Table::Dealers, &code_key(&shipment.dealer))?
        .ok_or_else(|| Error::not_found("dealer", shipment.dealer.clone()))?;
    let location: Option<Location> = repo::get(r, Table::Locations, &code_key(&shipment.location))?;
    let mut part_names = Vec::with_capacity(shipment.lines.len());
    for l in &shipment.lines {
        let part: Option<Part> = repo::get(r, Table::Parts, &code_key(&l.part_no))?;
        part_names.push(part.map(|p| p.name).unwrap_or_default());
    }
    Ok(DeliveryNoteSheet {
        location_name: location.map(|l| l.name).unwrap_or_else(|| shipment.location.clone()),
        shipment,
        dealer,
        part_names,
    })
}

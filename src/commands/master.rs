//! Master data: create and update parts, locations, dealers and suppliers.

use super::{Ctx, audit, check_version, location, require_exists};
use crate::domain::ids::PartNo;
use crate::domain::master::{Dealer, IN_TRANSIT, Location, LocationKind, Part, RecoveryTerms, Supplier};
use crate::domain::money::Fen;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::repo::{self, code_key};
use crate::store::{Overlay, Read, Table};

/// Most barcodes on one part.
pub const BARCODES_MAX: usize = 20;

/// The editable fields of a part.
#[derive(Debug, Clone)]
pub struct PartInput {
    /// Part number (ignored on update: the path names the part).
    pub part_no: PartNo,
    /// Name.
    pub name: String,
    /// Base unit.
    pub unit: String,
    /// Barcodes, each unique to this part.
    pub barcodes: Vec<String>,
    /// Standard cost per unit, fen.
    pub standard_cost_fen: Fen,
    /// Dealer price per unit, fen.
    pub dealer_price_fen: Fen,
    /// Supplier code.
    pub supplier: Option<String>,
    /// Covered by warranty.
    pub warranty_covered: bool,
    /// Old part must come back.
    pub return_required: bool,
    /// Wear part.
    pub wear_part: bool,
}

fn check_part_input(r: &dyn Read, part_no: &str, input: &PartInput) -> Result<()> {
    validate::code("part_no", part_no)?;
    validate::text("name", &input.name)?;
    validate::code("unit", &input.unit)?;
    validate::amount("standard_cost_fen", input.standard_cost_fen)?;
    validate::amount("dealer_price_fen", input.dealer_price_fen)?;
    if input.barcodes.len() > BARCODES_MAX {
        return Err(Error::invalid("barcodes", format!("at most {BARCODES_MAX} barcodes")));
    }
    for (i, b) in input.barcodes.iter().enumerate() {
        validate::barcode(&format!("barcodes[{i}]"), b)?;
        if input.barcodes[..i].contains(b) {
            return Err(Error::invalid(format!("barcodes[{i}]"), "listed twice"));
        }
        if let Some(owner) = r.get(Table::Barcodes, &code_key(b))? {
            let owner = String::from_utf8_lossy(&owner).into_owned();
            if owner != part_no {
                return Err(Error::DuplicateBarcode {
                    barcode: b.clone(),
                    part_no: owner,
                });
            }
        }
    }
    if let Some(s) = &input.supplier
        && r.get(Table::Suppliers, &code_key(s))?.is_none()
    {
        return Err(Error::not_found("supplier", s));
    }
    Ok(())
}

fn write_part(w: &mut Overlay<'_>, ctx: &Ctx, input: PartInput, part_no: &str, version: u64) -> Part {
    for b in &input.barcodes {
        w.put(Table::Barcodes, code_key(b), part_no.as_bytes().to_vec());
    }
    let part = Part {
        part_no: part_no.into(),
        name: input.name,
        unit: input.unit,
        barcodes: input.barcodes,
        standard_cost_fen: input.standard_cost_fen,
        dealer_price_fen: input.dealer_price_fen,
        supplier: input.supplier,
        warranty_covered: input.warranty_covered,
        return_required: input.return_required,
        wear_part: input.wear_part,
        version,
        updated_at: ctx.now,
    };
    repo::put(w, Table::Parts, code_key(part_no), &part);
    part
}

/// Creates a part and claims its barcodes.
pub fn create_part(w: &mut Overlay<'_>, ctx: &Ctx, input: PartInput) -> Result<Part> {
    let part_no = input.part_no.clone();
    check_part_input(w, &part_no, &input)?;
    if w.get(Table::Parts, &code_key(&part_no))?.is_some() {
        return Err(Error::AlreadyExists {
            entity: "part",
            key: part_no.to_string(),
        });
    }
    let part = write_part(w, ctx, input, &part_no, 1);
    audit(w, ctx, "part.create", "part", &part_no, None, Some(1))?;
    Ok(part)
}

/// Replaces a part's fields; barcodes no longer listed are released.
pub fn update_part(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    part_no: &str,
    if_match: Option<u64>,
    input: PartInput,
) -> Result<Part> {
    let old = super::part(w, part_no)?;
    check_version(if_match, old.version)?;
    check_part_input(w, part_no, &input)?;
    for b in old.barcodes.iter().filter(|b| !input.barcodes.contains(b)) {
        w.delete(Table::Barcodes, code_key(b));
    }
    let part = write_part(w, ctx, input, part_no, old.version + 1);
    audit(
        w,
        ctx,
        "part.update",
        "part",
        part_no,
        Some(old.version),
        Some(part.version),
    )?;
    Ok(part)
}

/// A new location.
#[derive(Debug, Clone)]
pub struct LocationInput {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind (`in_transit` exists once, as `in-transit`).
    pub kind: LocationKind,
    /// Dealer of a service station (required for that kind only).
    pub dealer: Option<String>,
}

/// Creates a location.
pub fn create_location(w: &mut Overlay<'_>, ctx: &Ctx, input: LocationInput) -> Result<Location> {
    validate::code("code", &input.code)?;
    validate::text("name", &input.name)?;
    match (input.kind, &input.dealer) {
        (LocationKind::InTransit, _) if input.code != IN_TRANSIT => {
            return Err(Error::invalid(
                "kind",
                format!("the one in-transit location is {IN_TRANSIT}"),
            ));
        }
        (LocationKind::ServiceStation, None) => {
            return Err(Error::invalid("dealer", "a service station names its dealer"));
        }
        (LocationKind::ServiceStation, Some(d)) => require_exists(w, Table::Dealers, "dealer", d)?,
        (_, Some(_)) => return Err(Error::invalid("dealer", "only a service station has a dealer")),
        _ => {}
    }
    if w.get(Table::Locations, &code_key(&input.code))?.is_some() {
        return Err(Error::AlreadyExists {
            entity: "location",
            key: input.code,
        });
    }
    let loc = Location {
        code: input.code,
        name: input.name,
        kind: input.kind,
        dealer: input.dealer,
        version: 1,
        updated_at: ctx.now,
    };
    repo::put(w, Table::Locations, code_key(&loc.code), &loc);
    audit(w, ctx, "location.create", "location", &loc.code, None, Some(1))?;
    Ok(loc)
}

/// Creates the in-transit location if the database lacks it.
pub fn ensure_in_transit(w: &mut Overlay<'_>, ctx: &Ctx) -> Result<()> {
    if w.get(Table::Locations, &code_key(IN_TRANSIT))?.is_none() {
        create_location(
            w,
            ctx,
            LocationInput {
                code: IN_TRANSIT.into(),
                name: "Goods in transit".into(),
                kind: LocationKind::InTransit,
                dealer: None,
            },
        )?;
    }
    Ok(())
}

/// The editable fields of a location.
#[derive(Debug, Clone)]
pub struct LocationUpdate {
    /// Name.
    pub name: String,
}

/// Renames a location (its kind and dealer never change).
pub fn update_location(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    code: &str,
    if_match: Option<u64>,
    input: LocationUpdate,
) -> Result<Location> {
    let mut loc = location(w, code)?;
    check_version(if_match, loc.version)?;
    validate::text("name", &input.name)?;
    loc.name = input.name;
    loc.version += 1;
    loc.updated_at = ctx.now;
    repo::put(w, Table::Locations, code_key(code), &loc);
    audit(
        w,
        ctx,
        "location.update",
        "location",
        code,
        Some(loc.version - 1),
        Some(loc.version),
    )?;
    Ok(loc)
}

/// A dealer's fields.
#[derive(Debug, Clone)]
pub struct DealerInput {
    /// Code (ignored on update).
    pub code: String,
    /// Name.
    pub name: String,
}

/// Creates a dealer.
pub fn create_dealer(w: &mut Overlay<'_>, ctx: &Ctx, input: DealerInput) -> Result<Dealer> {
    validate::code("code", &input.code)?;
    validate::text("name", &input.name)?;
    if w.get(Table::Dealers, &code_key(&input.code))?.is_some() {
        return Err(Error::AlreadyExists {
            entity: "dealer",
            key: input.code,
        });
    }
    let d = Dealer {
        code: input.code,
        name: input.name,
        version: 1,
        updated_at: ctx.now,
    };
    repo::put(w, Table::Dealers, code_key(&d.code), &d);
    audit(w, ctx, "dealer.create", "dealer", &d.code, None, Some(1))?;
    Ok(d)
}

/// Renames a dealer.
pub fn update_dealer(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    code: &str,
    if_match: Option<u64>,
    input: DealerInput,
) -> Result<Dealer> {
    let mut d: Dealer =
        repo::get(w, Table::Dealers, &code_key(code))?.ok_or_else(|| Error::not_found("dealer", code))?;
    check_version(if_match, d.version)?;
    validate::text("name", &input.name)?;
    d.name = input.name;
    d.version += 1;
    d.updated_at = ctx.now;
    repo::put(w, Table::Dealers, code_key(code), &d);
    audit(
        w,
        ctx,
        "dealer.update",
        "dealer",
        code,
        Some(d.version - 1),
        Some(d.version),
    )?;
    Ok(d)
}

/// A supplier's fields.
#[derive(Debug, Clone)]
pub struct SupplierInput {
    /// Code (ignored on update).
    pub code: String,
    /// Name.
    pub name: String,
    /// Recovery terms.
    pub recovery: RecoveryTerms,
    /// Months from the unit's sale within which claims are accepted.
    pub claim_window_months: u32,
    /// Smallest claim worth filing.
    pub min_amount_fen: Fen,
}

fn check_supplier(input: &SupplierInput) -> Result<()> {
    validate::text("name", &input.name)?;
    validate::pct("recovery.parts_pct", input.recovery.parts_pct)?;
    validate::pct("recovery.labor_pct", input.recovery.labor_pct)?;
    validate::amount("min_amount_fen", input.min_amount_fen)?;
    if !(1..=120).contains(&input.claim_window_months) {
        return Err(Error::invalid("claim_window_months", "must be 1 to 120"));
    }
    Ok(())
}

/// Creates a supplier.
pub fn create_supplier(w: &mut Overlay<'_>, ctx: &Ctx, input: SupplierInput) -> Result<Supplier> {
    validate::code("code", &input.code)?;
    check_supplier(&input)?;
    if w.get(Table::Suppliers, &code_key(&input.code))?.is_some() {
        return Err(Error::AlreadyExists {
            entity: "supplier",
            key: input.code,
        });
    }
    let s = Supplier {
        code: input.code,
        name: input.name,
        recovery: input.recovery,
        claim_window_months: input.claim_window_months,
        min_amount_fen: input.min_amount_fen,
        version: 1,
        updated_at: ctx.now,
    };
    repo::put(w, Table::Suppliers, code_key(&s.code), &s);
    audit(w, ctx, "supplier.create", "supplier", &s.code, None, Some(1))?;
    Ok(s)
}

/// Replaces a supplier's name and terms.
pub fn update_supplier(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    code: &str,
    if_match: Option<u64>,
    input: SupplierInput,
) -> Result<Supplier> {
    let mut s: Supplier =
        repo::get(w, Table::Suppliers, &code_key(code))?.ok_or_else(|| Error::not_found("supplier", code))?;
    check_version(if_match, s.version)?;
    check_supplier(&input)?;
    s.name = input.name;
    s.recovery = input.recovery;
    s.claim_window_months = input.claim_window_months;
    s.min_amount_fen = input.min_amount_fen;
    s.version += 1;
    s.updated_at = ctx.now;
    repo::put(w, Table::Suppliers, code_key(code), &s);
    audit(
        w,
        ctx,
        "supplier.update",
        "supplier",
        code,
        Some(s.version - 1),
        Some(s.version),
    )?;
    Ok(s)
}

//! Recall and service campaigns: created and listed by a supervisor, released to the
//! dealers (each unit to its selling or registered dealer), closed; a unit found not
//! applicable with a reason; completed by a submitted campaign claim.

use super::{Ctx, audit, check_version};
use crate::domain::auth::SUPERVISOR;
use crate::domain::campaigns::{Campaign, CampaignKind, CampaignStatus, CampaignUnit, KitLine, UnitState};
use crate::domain::claims::Claim;
use crate::domain::ids::Serial;
use crate::domain::money::Fen;
use crate::domain::validate;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::store::keys::Key;
use crate::store::repo::{self, code_key};
use crate::store::{Overlay, Read, Table, lookup};
use chrono::NaiveDate;

/// Most units added in one call (an import of a whole list included).
pub const UNITS_MAX: usize = 20_000;
/// Most kit lines.
pub const KIT_MAX: usize = 50;

/// A campaign as created.
#[derive(Debug, Clone)]
pub struct CampaignInput {
    /// Code, e.g. `RC-2026-01` (upper case).
    pub code: String,
    /// Recall or service.
    pub kind: CampaignKind,
    /// Title.
    pub title: String,
    /// First day.
    pub valid_from_date: NaiveDate,
    /// Last day.
    pub valid_to_date: NaiveDate,
    /// Labor operation code.
    pub labor_operation: String,
    /// Standard minutes.
    pub standard_minutes: i64,
    /// Parts per unit.
    pub kit: Vec<KitLine>,
    /// Allowance per unit besides parts and labor, fen.
    pub allowance_fen: Fen,
}

pub use crate::store::campaigns::{get, listed, unit_key};

fn put_unit(w: &mut Overlay<'_>, unit: &CampaignUnit) {
    repo::put(w, Table::CampaignUnits, unit_key(&unit.campaign, &unit.serial), unit);
}

fn save(w: &mut Overlay<'_>, ctx: &Ctx, c: &mut Campaign, action: &str) -> Result<()> {
    let before = c.version;
    c.version += 1;
    c.updated_at = ctx.now;
    repo::put(w, Table::Campaigns, code_key(&c.code), c);
    audit(
        w,
        ctx,
        action,
        "campaign",
        &c.code,
        Some(before).filter(|v| *v > 0),
        Some(c.version),
    )
}

fn state_name(s: CampaignStatus) -> &'static str {
    match s {
        CampaignStatus::Draft => "draft",
        CampaignStatus::Released => "released",
        CampaignStatus::Closed => "closed",
    }
}

fn refuse(c: &Campaign, action: &'static str) -> Error {
    Error::InvalidState {
        entity: "campaign",
        key: c.code.clone(),
        state: state_name(c.status).into(),
        action,
    }
}

/// Creates a campaign (a supervisor), as a draft with an empty list.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: CampaignInput) -> Result<Campaign> {
    ctx.caller.require_any(SUPERVISOR)?;
    validate::code("code", &input.code)?;
    validate::text("title", &input.title)?;
    validate::code("labor_operation", &input.labor_operation)?;
    if input.valid_to_date < input.valid_from_date {
        return Err(Error::invalid("valid_to_date", "the campaign ends before it starts"));
    }
    if !(1..=super::service_reports::LABOR_MINUTES_MAX).contains(&input.standard_minutes) {
        return Err(Error::invalid("standard_minutes", "must be 1 to 10080"));
    }
    validate::amount("allowance_fen", input.allowance_fen)?;
    if input.kit.len() > KIT_MAX {
        return Err(Error::invalid("kit", format!("at most {KIT_MAX} lines")));
    }
    for (i, k) in input.kit.iter().enumerate() {
        super::part(w, &k.part_no)?;
        validate::qty(&format!("kit[{i}].qty"), k.qty)?;
        if input.kit[..i].iter().any(|o| o.part_no == k.part_no) {
            return Err(Error::invalid(format!("kit[{i}].part_no"), "listed twice"));
        }
    }
    if w.get(Table::Campaigns, &code_key(&input.code))?.is_some() {
        return Err(Error::AlreadyExists {
            entity: "campaign",
            key: input.code,
        });
    }
    let mut c = Campaign {
        code: input.code,
        kind: input.kind,
        title: input.title,
        valid_from_date: input.valid_from_date,
        valid_to_date: input.valid_to_date,
        labor_operation: input.labor_operation,
        standard_minutes: input.standard_minutes,
        kit: input.kit,
        allowance_fen: input.allowance_fen,
        status: CampaignStatus::Draft,
        units: 0,
        version: 0,
        created_at: ctx.now,
        released_at: None,
        closed_at: None,
        updated_at: ctx.now,
    };
    save(w, ctx, &mut c, "campaign.create")?;
    Ok(c)
}

/// Lists units on a campaign that is not closed, each assigned to its unit's dealer.
/// Every serial is checked first; the first unknown or repeated one is refused as
/// `validation_failed` on `serials[i]` and nothing is written. Units already listed are left
/// as they are.
pub fn add_units(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    code: &str,
    if_match: Option<u64>,
    serials: &[Serial],
) -> Result<Campaign> {
    let units: Vec<(Serial, Option<String>)> = serials.iter().map(|s| (s.clone(), None)).collect();
    add_assigned(w, ctx, code, if_match, &units)
}

/// Lists units as [`add_units`] does, each assigned to the dealer given with it (a known
/// dealer) or else to its unit's dealer: a campaign list may send a unit to the dealer that
/// now looks after it rather than the one that sold it.
pub fn add_assigned(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    code: &str,
    if_match: Option<u64>,
    units: &[(Serial, Option<String>)],
) -> Result<Campaign> {
    ctx.caller.require_any(SUPERVISOR)?;
    let mut c = get(w, code)?;
    check_version(if_match, c.version)?;
    if c.status == CampaignStatus::Closed {
        return Err(refuse(&c, "add_units"));
    }
    if units.is_empty() || units.len() > UNITS_MAX {
        return Err(Error::invalid("serials", format!("1 to {UNITS_MAX} serials")));
    }
    let mut seen = std::collections::HashSet::with_capacity(units.len());
    let mut new = Vec::new();
    for (i, (serial, dealer)) in units.iter().enumerate() {
        let field = format!("serials[{i}]");
        if !seen.insert(serial.as_str()) {
            return Err(Error::invalid(field, format!("{serial} is listed twice")));
        }
        if let Some(d) = dealer
            && w.get(Table::Dealers, &code_key(d))?.is_none()
        {
            return Err(Error::invalid(format!("dealers[{i}]"), format!("no dealer {d}")));
        }
        match lookup::unit(w, serial) {
            Ok(unit) => {
                if listed(w, code, serial)?.is_none() {
                    new.push((unit.serial, dealer.clone().unwrap_or(unit.dealer)));
                }
            }
            Err(Error::NotFound { .. }) => return Err(Error::invalid(field, format!("no unit {serial}"))),
            Err(e) => return Err(e),
        }
    }
    for (serial, dealer) in &new {
        put_unit(
            w,
            &CampaignUnit {
                campaign: c.code.clone(),
                serial: serial.clone(),
                dealer: dealer.clone(),
                state: UnitState::Outstanding,
                claim: None,
                done_date: None,
                reason: None,
            },
        );
        w.put(
            Table::CampaignsByUnit,
            Key::new().str(serial).str(&c.code).into_bytes(),
            Vec::new(),
        );
        w.put(
            Table::CampaignUnitsByDealer,
            Key::new().str(dealer).str(&c.code).str(serial).into_bytes(),
            Vec::new(),
        );
    }
    c.units += new.len() as u64;
    save(w, ctx, &mut c, "campaign.add_units")?;
    Ok(c)
}

/// Releases a draft campaign with units to the dealers.
pub fn release(w: &mut Overlay<'_>, ctx: &Ctx, code: &str, if_match: Option<u64>) -> Result<Campaign> {
    ctx.caller.require_any(SUPERVISOR)?;
    let mut c = get(w, code)?;
    check_version(if_match, c.version)?;
    if c.status != CampaignStatus::Draft {
        return Err(refuse(&c, "release"));
    }
    if c.units == 0 {
        return Err(Error::invalid("units", "list the campaign's units before releasing it"));
    }
    c.status = CampaignStatus::Released;
    c.released_at = Some(ctx.now);
    save(w, ctx, &mut c, "campaign.release")?;
    Ok(c)
}

/// Closes a campaign: no more claims are taken.
pub fn close(w: &mut Overlay<'_>, ctx: &Ctx, code: &str, if_match: Option<u64>) -> Result<Campaign> {
    ctx.caller.require_any(SUPERVISOR)?;
    let mut c = get(w, code)?;
    check_version(if_match, c.version)?;
    if c.status == CampaignStatus::Closed {
        return Err(refuse(&c, "close"));
    }
    c.status = CampaignStatus::Closed;
    c.closed_at = Some(ctx.now);
    save(w, ctx, &mut c, "campaign.close")?;
    Ok(c)
}

/// Marks an outstanding unit of a released campaign not applicable, with the reason (its
/// dealer or a supervisor).
pub fn not_applicable(w: &mut Overlay<'_>, ctx: &Ctx, code: &str, serial: &str, reason: &str) -> Result<CampaignUnit> {
    let c = get(w, code)?;
    let mut unit = listed(w, code, serial)?
        .filter(|u| ctx.caller.sees_dealer(&u.dealer))
        .ok_or_else(|| Error::not_found("campaign unit", serial))?;
    if ctx.caller.dealer.is_none() {
        ctx.caller.require_any(SUPERVISOR)?;
    }
    validate::text("reason", reason)?;
    if c.status != CampaignStatus::Released {
        return Err(refuse(&c, "not_applicable"));
    }
    if unit.state != UnitState::Outstanding {
        return Err(Error::InvalidState {
            entity: "campaign unit",
            key: serial.to_string(),
            state: if unit.state == UnitState::Completed {
                "completed"
            } else {
                "not_applicable"
            }
            .into(),
            action: "not_applicable",
        });
    }
    unit.state = UnitState::NotApplicable;
    unit.reason = Some(reason.to_string());
    unit.done_date = Some(business_date(ctx.now));
    put_unit(w, &unit);
    audit(w, ctx, "campaign.not_applicable", "campaign", code, None, None)?;
    Ok(unit)
}

/// Marks the unit of a campaign claim that passed its campaign checks completed by it.
pub fn complete(w: &mut Overlay<'_>, ctx: &Ctx, claim: &Claim) -> Result<()> {
    let Some(code) = claim.campaign_account() else {
        return Ok(());
    };
    if let Some(mut unit) = listed(w, code, &claim.unit_serial)? {
        unit.state = UnitState::Completed;
        unit.claim = Some(claim.number.clone());
        unit.done_date = Some(business_date(ctx.now));
        put_unit(w, &unit);
    }
    Ok(())
}

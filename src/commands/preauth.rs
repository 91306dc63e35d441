//! Pre-authorizations (预授权): a dealer's request for its own unit, amended and
//! (re)submitted; a reviewer's or supervisor's decision; cancelling. Also the policy's
//! pre-authorization and usage settings, the bill of usage (admin) and the per-unit highest
//! odometer reading that claims and service reports keep.

use super::{Ctx, create_document, next_document_number, save_document, visible_unit};
use crate::domain::auth::{DEALER, REVIEWER, SUPERVISOR};
use crate::domain::claims::LineKind;
use crate::domain::ids::{PartNo, Serial};
use crate::domain::money::Fen;
use crate::domain::preauth::{ENTITY, EstimateLine, LINES_MAX, PreauthStatus, Preauthorization, total};
use crate::domain::usage::{BillOfUsageLine, UnitReading};
use crate::domain::validate;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::store::records::preauth::{reading_key, usage_key};
use crate::store::{Overlay, Read, Table, document, repo};
use chrono::NaiveDate;

/// Most pieces, minutes or trips on one estimate line.
pub const LINE_QTY_MAX: i64 = 100_000;
/// Longest a pre-authorization may stay usable, days.
pub const VALID_DAYS_MAX: i64 = 365;

/// One estimate line as entered.
#[derive(Debug, Clone)]
pub struct LineInput {
    /// Part, labor, travel or other.
    pub kind: LineKind,
    /// The part of a part line (no other kind names one).
    pub part_no: Option<PartNo>,
    /// Pieces; on a labor line, minutes.
    pub qty: i64,
    /// Price per piece, fen; on a labor line, the rate per hour.
    pub unit_price_fen: Fen,
    /// Note.
    pub note: Option<String>,
}

/// A request as entered (create and amend).
#[derive(Debug, Clone)]
pub struct PreauthInput {
    /// The unit.
    pub unit_serial: Serial,
    /// Fault code.
    pub fault_code: String,
    /// What is wrong and what the dealer means to do.
    pub description: String,
    /// A goodwill request (outside coverage).
    pub goodwill: bool,
    /// The estimate.
    pub lines: Vec<LineInput>,
}

pub use crate::domain::preauth::DecisionInput;

fn checked_lines(w: &Overlay<'_>, lines: Vec<LineInput>) -> Result<Vec<EstimateLine>> {
    validate::lines("lines", &lines, LINES_MAX)?;
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.into_iter().enumerate() {
        let field = |f: &str| format!("lines[{i}].{f}");
        match (l.kind, &l.part_no) {
            (LineKind::Part, Some(p)) => {
                validate::code(&field("part_no"), p)?;
                super::part(w, p).map_err(|_| Error::invalid(field("part_no"), "unknown part"))?;
            }
            (LineKind::Part, None) => return Err(Error::invalid(field("part_no"), "a part line names its part")),
            (_, Some(_)) => return Err(Error::invalid(field("part_no"), "only a part line names a part")),
            (_, None) => {}
        }
        if !(1..=LINE_QTY_MAX).contains(&l.qty) {
            return Err(Error::invalid(field("qty"), format!("must be 1 to {LINE_QTY_MAX}")));
        }
        validate::amount(&field("unit_price_fen"), l.unit_price_fen)?;
        validate::opt_text(&field("note"), l.note.as_deref())?;
        let amount_fen = EstimateLine::amount(l.kind, l.qty, l.unit_price_fen);
        validate::amount(&field("unit_price_fen"), amount_fen)?;
        out.push(EstimateLine {
            line: i as u32 + 1,
            kind: l.kind,
            part_no: l.part_no,
            qty: l.qty,
            unit_price_fen: l.unit_price_fen,
            amount_fen,
            note: l.note,
        });
    }
    validate::amount("lines", total(&out))?;
    Ok(out)
}

fn checked_header(input: &PreauthInput) -> Result<()> {
    validate::code("unit_serial", &input.unit_serial)?;
    validate::code("fault_code", &input.fault_code)?;
    validate::text("description", &input.description)
}

/// Reads a pre-authorization the caller may see (another dealer's answers `not_found`).
pub fn load(r: &dyn Read, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Preauthorization> {
    let pa = document::get::<Preauthorization>(r, number)?;
    ctx.caller.may_see_dealers(&pa.dealer, ENTITY, number)?;
    super::check_version(if_match, pa.version)?;
    Ok(pa)
}

/// Creates a draft request for a unit of the caller's own (a dealer; admin for any).
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: PreauthInput) -> Result<Preauthorization> {
    ctx.caller.require_any(DEALER)?;
    checked_header(&input)?;
    let unit = visible_unit(w, ctx, &input.unit_serial)?;
    let lines = checked_lines(w, input.lines)?;
    let number = next_document_number::<Preauthorization>(w)?;
    let pa = Preauthorization {
        number: number.into(),
        dealer: unit.dealer,
        unit_serial: input.unit_serial,
        fault_code: input.fault_code,
        description: input.description,
        goodwill: input.goodwill,
        total_fen: total(&lines),
        lines,
        status: PreauthStatus::Draft,
        approved_fen: None,
        expires_on: None,
        decision_note: None,
        decided_by: None,
        decided_at: None,
        used_by_claim: None,
        requested_by: ctx.actor.clone(),
        created_at: ctx.now,
        submitted_at: None,
        updated_at: ctx.now,
        version: 1,
    };
    create_document(w, ctx, &pa, "preauthorization.create")?;
    Ok(pa)
}

/// Replaces the estimate of a draft or returned request (the unit stays).
pub fn amend(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    if_match: Option<u64>,
    input: PreauthInput,
) -> Result<Preauthorization> {
    ctx.caller.require_any(DEALER)?;
    let mut pa = load(w, ctx, number, if_match)?;
    checked_header(&input)?;
    if input.unit_serial != pa.unit_serial {
        return Err(Error::invalid(
            "unit_serial",
            format!("{number} is for {}", pa.unit_serial),
        ));
    }
    let lines = checked_lines(w, input.lines)?;
    pa.amend(input.fault_code, input.description, input.goodwill, lines)?;
    save_document(w, ctx, &mut pa, "preauthorization.amend")?;
    Ok(pa)
}

/// Submits a draft or an amended returned request for a decision.
pub fn submit(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Preauthorization> {
    ctx.caller.require_any(DEALER)?;
    let mut pa = load(w, ctx, number, if_match)?;
    pa.submit(ctx.now)?;
    save_document(w, ctx, &mut pa, "preauthorization.submit")?;
    Ok(pa)
}

/// Withdraws a request not yet decided.
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Preauthorization> {
    ctx.caller.require_any(DEALER)?;
    let mut pa = load(w, ctx, number, if_match)?;
    pa.cancel()?;
    save_document(w, ctx, &mut pa, "preauthorization.cancel")?;
    Ok(pa)
}

/// Decides a submitted request (a reviewer or supervisor, never the requester); an
/// approval is usable until the decision date plus the policy's days (the unit's model's
/// policy in force today; 30 without one).
pub fn decide(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    if_match: Option<u64>,
    input: DecisionInput,
) -> Result<Preauthorization> {
    ctx.caller.require_any(REVIEWER | SUPERVISOR)?;
    let mut pa = load(w, ctx, number, if_match)?;
    if let Some(a) = input.amount_fen {
        validate::amount("amount_fen", a)?;
    }
    if let Some(n) = input.note.as_deref() {
        validate::text("note", n)?;
    }
    let today = business_date(ctx.now);
    let unit = crate::store::lookup::unit(w, &pa.unit_serial)?;
    let valid_days = super::units::policy_on(w, &unit.model, today)?
        .map_or(crate::domain::warranty::defaults::PREAUTH_VALID_DAYS, |p| {
            p.preauth_valid_days
        });
    pa.decide(&ctx.actor, ctx.now, today, input, valid_days)?;
    save_document(w, ctx, &mut pa, "preauthorization.decide")?;
    Ok(pa)
}

/// Checks a policy's pre-authorization and usage settings.
pub fn validate_policy_settings(w: &Overlay<'_>, input: &super::units::PolicyInput) -> Result<()> {
    validate::amount("preauth_threshold_fen", Fen(input.preauth_threshold_fen))?;
    if input.preauth_parts.len() > 200 {
        return Err(Error::invalid("preauth_parts", "at most 200 parts"));
    }
    for (i, p) in input.preauth_parts.iter().enumerate() {
        super::part(w, p).map_err(|_| Error::invalid(format!("preauth_parts[{i}]"), "unknown part"))?;
    }
    if input.preauth_fault_codes.len() > 200 {
        return Err(Error::invalid("preauth_fault_codes", "at most 200 fault codes"));
    }
    for (i, c) in input.preauth_fault_codes.iter().enumerate() {
        validate::code(&format!("preauth_fault_codes[{i}]"), c)?;
    }
    if !(1..=VALID_DAYS_MAX).contains(&input.preauth_valid_days) {
        return Err(Error::invalid(
            "preauth_valid_days",
            format!("must be 1 to {VALID_DAYS_MAX} days"),
        ));
    }
    if !(1..=100_000).contains(&input.max_km_per_day) {
        return Err(Error::invalid("max_km_per_day", "must be 1 to 100000"));
    }
    if !(0..=365).contains(&input.near_expiry_days) {
        return Err(Error::invalid("near_expiry_days", "must be 0 to 365 days"));
    }
    Ok(())
}

/// The highest odometer reading recorded for `serial`.
pub fn reading(r: &dyn Read, serial: &str) -> Result<Option<UnitReading>> {
    Ok(repo::get(r, Table::UnitReadings, &reading_key(serial))?)
}

/// Records `km` read on `document` for `serial`, kept only when above the highest so far.
pub fn record_reading(
    w: &mut Overlay<'_>,
    serial: &str,
    km: Option<i64>,
    document: &str,
    date: NaiveDate,
) -> Result<()> {
    let Some(km) = km else { return Ok(()) };
    if let Some(kept) = UnitReading::keep(reading(w, serial)?, km, document, date) {
        repo::put(w, Table::UnitReadings, reading_key(serial), &kept);
    }
    Ok(())
}

/// How many of `part_no` one unit of `model` carries, where the bill of usage says.
pub fn usage_qty(r: &dyn Read, model: &str, part_no: &str) -> Result<Option<i64>> {
    Ok(repo::get::<BillOfUsageLine>(r, Table::BillOfUsage, &usage_key(model, part_no))?.map(|l| l.qty))
}

/// Sets how many of a part a model carries (admin); `qty` 0 removes the line.
pub fn set_usage(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    model: String,
    part_no: PartNo,
    qty: i64,
) -> Result<Option<BillOfUsageLine>> {
    ctx.caller.require_any(crate::domain::auth::ADMIN_ONLY)?;
    validate::code("model", &model)?;
    validate::code("part_no", &part_no)?;
    super::part(w, &part_no)?;
    if !(0..=10_000).contains(&qty) {
        return Err(Error::invalid("qty", "must be 0 to 10000"));
    }
    let key = usage_key(&model, &part_no);
    let label = format!("{model}/{part_no}");
    if qty == 0 {
        w.delete(Table::BillOfUsage, key);
        super::audit(w, ctx, "bill_of_usage.remove", "bill_of_usage", &label, None, None)?;
        return Ok(None);
    }
    let line = BillOfUsageLine {
        model,
        part_no,
        qty,
        updated_by: ctx.actor.clone(),
        updated_at: ctx.now,
    };
    repo::put(w, Table::BillOfUsage, key, &line);
    super::audit(w, ctx, "bill_of_usage.set", "bill_of_usage", &label, None, None)?;
    Ok(Some(line))
}

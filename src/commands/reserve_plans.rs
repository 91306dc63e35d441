//! Reserve plans (配件储备计划): the dealer (or finance for a dealer) writes a plan for a
//! season and submits it — after its due date it is kept with the days it is late;
//! finance approves it and converts it into a submitted parts order at the dealer prices,
//! the plan naming the order and the order's note naming the plan.

use super::supply::acting_dealer;
use super::supply::orders::{self, OrderInput, OrderLineInput};
use super::{Ctx, LINES_MAX, check_version, next_document_number, part, save_document};
use crate::domain::auth::{DEALER, FINANCE};
use crate::domain::ids::PartNo;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::reserve_plans::{PlanLine, PlanStatus, ReservePlan, due_date};
use crate::domain::validate;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::store::records::reserve_plans::dealer_plans;
use crate::store::{Overlay, document};
use chrono::NaiveDate;

/// A plan to write.
#[derive(Debug, Clone)]
pub struct PlanInput {
    /// Dealer (a dealer token: its own, the default).
    pub dealer: Option<String>,
    /// The season's first day.
    pub season_start: NaiveDate,
    /// Lines, each part once.
    pub lines: Vec<PlanLineInput>,
    /// A note.
    pub note: Option<String>,
}

/// One planned part.
#[derive(Debug, Clone)]
pub struct PlanLineInput {
    /// Part.
    pub part_no: PartNo,
    /// Quantity.
    pub qty: i64,
}

/// Writes a draft plan for a season that has not started; a dealer has one plan per
/// season (a cancelled one may be written again).
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: PlanInput) -> Result<ReservePlan> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let dealer = acting_dealer(w, ctx, input.dealer.as_deref())?;
    let today = business_date(ctx.now);
    if input.season_start <= today {
        return Err(Error::invalid(
            "season_start",
            format!("the season must start after today ({today})"),
        ));
    }
    let due = due_date(input.season_start).ok_or_else(|| Error::invalid("season_start", "out of range"))?;
    validate::opt_text("note", input.note.as_deref())?;
    validate::lines("lines", &input.lines, LINES_MAX)?;
    let mut lines: Vec<PlanLine> = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let p = part(w, &l.part_no)?;
        validate::qty(&format!("{field}.qty"), l.qty)?;
        if lines.iter().any(|x| x.part_no == p.part_no) {
            return Err(Error::invalid(
                format!("{field}.part_no"),
                "each part once per plan: add to its quantity",
            ));
        }
        if p.dealer_price_fen == Fen::ZERO {
            return Err(Error::invalid(
                format!("{field}.part_no"),
                format!("{} has no dealer price", p.part_no),
            ));
        }
        lines.push(PlanLine {
            line: i as u32 + 1,
            part_no: p.part_no,
            qty: l.qty,
        });
    }
    let season = input.season_start;
    if dealer_plans(w, &dealer)?
        .iter()
        .any(|p| p.season_start == season && p.status != PlanStatus::Cancelled)
    {
        return Err(Error::AlreadyExists {
            entity: DocumentKind::ReservePlan.entity(),
            key: format!("{dealer}/{season}"),
        });
    }
    let mut plan = ReservePlan {
        number: next_document_number::<ReservePlan>(w)?,
        dealer,
        season_start: season,
        due_date: due,
        status: PlanStatus::Draft,
        lines,
        note: input.note,
        days_late: 0,
        order: None,
        version: 0,
        created_by: ctx.actor.clone(),
        created_at: ctx.now,
        submitted_at: None,
        approved_by: None,
        approved_at: None,
        converted_at: None,
        cancelled_at: None,
        updated_at: ctx.now,
    };
    save_document(w, ctx, &mut plan, "reserve_plan.create")?;
    Ok(plan)
}

/// Loads a plan the caller may work on (another dealer's answers `not_found`).
pub fn load(w: &Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<ReservePlan> {
    let plan = document::get::<ReservePlan>(w, number)?;
    ctx.caller
        .may_see_dealers(&plan.dealer, DocumentKind::ReservePlan.entity(), number)?;
    check_version(if_match, plan.version)?;
    Ok(plan)
}

/// Sends a draft plan; after the due date it is kept as late by so many days.
pub fn submit(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<ReservePlan> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let mut plan = load(w, ctx, number, if_match)?;
    plan.submit(business_date(ctx.now), ctx.now)?;
    save_document(w, ctx, &mut plan, "reserve_plan.submit")?;
    Ok(plan)
}

/// Approves a submitted plan (finance).
pub fn approve(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<ReservePlan> {
    ctx.caller.require_any(FINANCE)?;
    let mut plan = load(w, ctx, number, if_match)?;
    plan.approve(&ctx.actor, ctx.now)?;
    save_document(w, ctx, &mut plan, "reserve_plan.approve")?;
    Ok(plan)
}

/// Converts an approved plan into a submitted parts order for its dealer with the plan's
/// lines at today's dealer prices (finance); the dealer releases it once paid.
pub fn convert(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<ReservePlan> {
    ctx.caller.require_any(FINANCE)?;
    let mut plan = load(w, ctx, number, if_match)?;
    plan.require_convertible()?;
    let input = OrderInput {
        dealer: Some(plan.dealer.clone()),
        lines: plan
            .lines
            .iter()
            .map(|l| OrderLineInput {
                part_no: l.part_no.clone(),
                qty: l.qty,
            })
            .collect(),
        note: Some(format!("储备计划 {} · reserve plan", plan.number)),
    };
    let order = orders::create(w, ctx, input)?;
    let order = orders::submit(w, ctx, order.number.as_str(), None)?;
    plan.convert(order.number, ctx.now)?;
    save_document(w, ctx, &mut plan, "reserve_plan.convert")?;
    Ok(plan)
}

/// Withdraws a plan not yet converted (its dealer or finance).
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<ReservePlan> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let mut plan = load(w, ctx, number, if_match)?;
    plan.cancel(ctx.now)?;
    save_document(w, ctx, &mut plan, "reserve_plan.cancel")?;
    Ok(plan)
}

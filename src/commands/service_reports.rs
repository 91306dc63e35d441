//! Service reports (服务报告): what was done on a unit, signed by the customer and
//! confirmed by a supervisor. A warranty claim cites one.

use super::next_document_number;
use super::{Ctx, check_version};
use super::{create_document, save_document};
use crate::domain::auth::SUPERVISOR;
use crate::domain::documents::Requisition;
use crate::domain::documents::{Consumed, ServiceReport};
use crate::domain::ids::Serial;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::validate;
use crate::error::{Error, QtyLimit, Result};
use crate::store::Overlay;
use crate::store::document;
use chrono::{DateTime, Utc};

/// Longest labor on one report, minutes (a week of shifts).
pub const LABOR_MINUTES_MAX: i64 = 10_080;

/// A service report to file.
#[derive(Debug, Clone)]
pub struct ServiceReportInput {
    /// The unit repaired.
    pub unit_serial: Serial,
    /// The requisition the parts came from.
    pub requisition: Option<String>,
    /// Where the work was done (default: the requisition's location).
    pub location: Option<String>,
    /// Fault code.
    pub fault_code: String,
    /// What was wrong and what was done.
    pub description: String,
    /// Odometer, km.
    pub usage_km: Option<i64>,
    /// Engine hours.
    pub usage_hours: Option<i64>,
    /// Labor, minutes.
    pub labor_minutes: i64,
    /// Travel cost, fen.
    pub travel_fen: Fen,
    /// Parts consumed from the requisition.
    pub consumed: Vec<Consumed>,
    /// The customer who signed.
    pub customer_name: String,
    /// When the customer signed.
    pub customer_signed_at: DateTime<Utc>,
}

/// Files a service report; consumed parts may not exceed what the requisition issued net
/// of returns.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: ServiceReportInput) -> Result<ServiceReport> {
    validate::code("unit_serial", &input.unit_serial)?;
    super::visible_unit(w, ctx, &input.unit_serial)?;
    validate::code("fault_code", &input.fault_code)?;
    validate::text("description", &input.description)?;
    validate::text("customer_name", &input.customer_name)?;
    validate::amount("travel_fen", input.travel_fen)?;
    if !(0..=LABOR_MINUTES_MAX).contains(&input.labor_minutes) {
        return Err(Error::invalid(
            "labor_minutes",
            format!("must be 0 to {LABOR_MINUTES_MAX}"),
        ));
    }
    for (field, v) in [("usage_km", input.usage_km), ("usage_hours", input.usage_hours)] {
        if v.is_some_and(|v| !(0..=100_000_000).contains(&v)) {
            return Err(Error::invalid(field, "must be 0 to 100000000"));
        }
    }
    let rq = input
        .requisition
        .as_deref()
        .map(|n| document::get::<Requisition>(w, n))
        .transpose()?;
    let location = match (&rq, &input.location) {
        (Some(rq), Some(l)) if *l != rq.location => {
            return Err(Error::invalid(
                "location",
                format!("the requisition draws from {}", rq.location),
            ));
        }
        (Some(rq), _) => {
            let loc = super::location(w, &rq.location)?;
            ctx.caller
                .may_work_on(&loc, DocumentKind::Requisition.entity(), &rq.number, SUPERVISOR)?;
            loc.code
        }
        (None, Some(l)) => {
            let loc = super::location(w, l)?;
            ctx.caller.may_post_at(&loc, SUPERVISOR)?;
            loc.code
        }
        (None, None) => return Err(Error::invalid("location", "name the location, or the requisition")),
    };
    if let Some(rq) = &rq
        && rq.unit_serial.as_ref().is_some_and(|s| *s != input.unit_serial)
    {
        return Err(Error::invalid(
            "unit_serial",
            format!("requisition {} is for another unit", rq.number),
        ));
    }
    if input.consumed.len() > super::LINES_MAX {
        return Err(Error::invalid(
            "consumed",
            format!("at most {} lines", super::LINES_MAX),
        ));
    }
    for (i, c) in input.consumed.iter().enumerate() {
        validate::qty(&format!("consumed[{i}].qty"), c.qty)?;
        super::part(w, &c.part_no)?;
        if let Some(rq) = &rq {
            let available = rq
                .lines
                .iter()
                .find(|l| l.part_no == c.part_no)
                .map_or(0, |l| l.outstanding_qty());
            if c.qty > available {
                return Err(Error::QtyExceeded {
                    limit: QtyLimit::Consumable,
                    document: rq.number.to_string(),
                    part_no: c.part_no.to_string(),
                    requested: c.qty,
                    available,
                });
            }
        }
    }
    let number = next_document_number::<ServiceReport>(w)?;
    let report = ServiceReport {
        number: number.clone(),
        unit_serial: input.unit_serial,
        requisition: input.requisition,
        location,
        fault_code: input.fault_code,
        description: input.description,
        usage_km: input.usage_km,
        usage_hours: input.usage_hours,
        labor_minutes: input.labor_minutes,
        travel_fen: input.travel_fen,
        consumed: input.consumed,
        customer_name: input.customer_name,
        customer_signed_at: input.customer_signed_at,
        confirmed_by: None,
        confirmed_at: None,
        author: ctx.actor.clone(),
        version: 1,
        created_at: ctx.now,
    };
    create_document(w, ctx, &report, "service_report.create")?;
    super::preauth::record_reading(
        w,
        &report.unit_serial,
        report.usage_km,
        &report.number,
        crate::domain::warranty::business_date(ctx.now),
    )?;
    Ok(report)
}

/// A supervisor confirms the report (not its own author).
pub fn confirm(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<ServiceReport> {
    let mut report = document::get::<ServiceReport>(w, number)?;
    check_version(if_match, report.version)?;
    if report.confirmed_at.is_some() {
        return Err(Error::InvalidState {
            entity: "service_report",
            key: number.into(),
            state: "confirmed".into(),
            action: "confirm",
        });
    }
    if report.author == ctx.actor {
        return Err(Error::SelfApproval);
    }
    report.confirmed_by = Some(ctx.actor.clone());
    report.confirmed_at = Some(ctx.now);
    save_document(w, ctx, &mut report, "service_report.confirm")?;
    Ok(report)
}

//! Filing and amending a claim: the header checked, amounts computed by the server.

use super::decision::save;
use super::{ClaimInput, ClaimLineInput};
use crate::commands::next_document_number;
use crate::commands::{Ctx, LINES_MAX, check_version, service_reports, units};
use crate::domain::claims::{Claim, ClaimLine, ClaimStatus, LineKind, LineStatus, PartSource};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;

use crate::domain::documents::Purpose;
use crate::domain::documents::Requisition;
use crate::domain::documents::ServiceReport;
use crate::domain::stock::share;
use crate::domain::validate;
use crate::domain::warranty::{business_date, labor_amount};
use crate::error::{Error, QtyLimit, Result};
use crate::store::document;
use crate::store::keys::Key;
use crate::store::lookup;
use crate::store::{Overlay, Table};

pub(super) fn blank_line(line: u32, kind: LineKind) -> ClaimLine {
    ClaimLine {
        line,
        kind,
        part_no: None,
        qty: None,
        source: None,
        requisition: None,
        minutes: None,
        note: None,
        claimed_fen: Fen::ZERO,
        approved_fen: None,
        status: LineStatus::Open,
        reason: None,
        rejected_by: None,
        findings: Vec::new(),
        decided_at: None,
        settlement: None,
    }
}

/// The cost a company-stock line claims: its share of what the requisition issued for the
/// part and no other claim cites. Refuses more than that.
pub(super) fn company_cost(w: &Overlay<'_>, ctx: &Ctx, claim_unit: &str, line: &ClaimLine, field: &str) -> Result<Fen> {
    let number = line.requisition.as_deref().ok_or_else(|| {
        Error::invalid(
            format!("{field}.requisition"),
            "a company-stock part cites its requisition",
        )
    })?;
    let rq = document::get::<Requisition>(w, number)?;
    crate::commands::require_visible_at(w, ctx, &rq.location, DocumentKind::Requisition.entity(), number)?;
    if rq.purpose != Purpose::Warranty || rq.unit_serial.as_deref() != Some(claim_unit) {
        return Err(Error::invalid(
            format!("{field}.requisition"),
            format!("{number} is not a warranty requisition for this unit"),
        ));
    }
    let part_no = line.part_no.as_deref().unwrap_or_default();
    let qty = line.qty.unwrap_or(0);
    let rl = rq.lines.iter().find(|l| l.part_no == part_no).ok_or_else(|| {
        Error::invalid(
            format!("{field}.part_no"),
            format!("{part_no} is not on requisition {number}"),
        )
    })?;
    let free_qty = rl.outstanding_qty() - rl.claimed_qty;
    if qty > free_qty {
        return Err(Error::QtyExceeded {
            limit: QtyLimit::Claimable,
            document: number.to_string(),
            part_no: part_no.into(),
            requested: qty,
            available: free_qty,
        });
    }
    Ok(share(rl.outstanding_value_fen() - rl.claimed_value_fen, free_qty, qty))
}

/// Builds the lines with server-computed amounts.
pub(super) fn build_lines(
    w: &Overlay<'_>,
    ctx: &Ctx,
    input: &ClaimInput,
    labor_rate_fen: Fen,
) -> Result<Vec<ClaimLine>> {
    validate::lines("lines", &input.lines, LINES_MAX)?;
    let mut out = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let n = i as u32 + 1;
        let line = match l {
            ClaimLineInput::Part {
                part_no,
                qty,
                source,
                requisition,
                note,
            } => {
                let part = crate::commands::part(w, part_no)?;
                validate::qty(&format!("{field}.qty"), *qty)?;
                validate::opt_text(&format!("{field}.note"), note.as_deref())?;
                let mut line = ClaimLine {
                    part_no: Some(part.part_no.clone()),
                    qty: Some(*qty),
                    source: Some(*source),
                    note: note.clone(),
                    ..blank_line(n, LineKind::Part)
                };
                match source {
                    PartSource::CompanyStock => {
                        line.requisition = requisition.clone();
                        line.claimed_fen = company_cost(w, ctx, &input.unit_serial, &line, &field)?;
                    }
                    PartSource::DealerStock => {
                        if requisition.is_some() {
                            return Err(Error::invalid(
                                format!("{field}.requisition"),
                                "dealer stock cites no requisition",
                            ));
                        }
                        line.claimed_fen = part
                            .dealer_price_fen
                            .checked_mul(*qty)
                            .filter(|v| validate::amount("", *v).is_ok())
                            .ok_or_else(|| Error::invalid(format!("{field}.qty"), "dealer price × qty is too large"))?;
                    }
                }
                line
            }
            ClaimLineInput::Labor { minutes, note } => {
                if !(1..=service_reports::LABOR_MINUTES_MAX).contains(minutes) {
                    return Err(Error::invalid(format!("{field}.minutes"), "must be 1 to 10080"));
                }
                validate::opt_text(&format!("{field}.note"), note.as_deref())?;
                ClaimLine {
                    minutes: Some(*minutes),
                    note: note.clone(),
                    claimed_fen: labor_amount(labor_rate_fen, *minutes),
                    ..blank_line(n, LineKind::Labor)
                }
            }
            ClaimLineInput::Travel { amount_fen, note } | ClaimLineInput::Other { amount_fen, note } => {
                validate::amount(&format!("{field}.amount_fen"), *amount_fen)?;
                validate::opt_text(&format!("{field}.note"), note.as_deref())?;
                let kind = if matches!(l, ClaimLineInput::Travel { .. }) {
                    LineKind::Travel
                } else {
                    LineKind::Other
                };
                ClaimLine {
                    note: note.clone(),
                    claimed_fen: *amount_fen,
                    ..blank_line(n, kind)
                }
            }
        };
        out.push(line);
    }
    Ok(out)
}

/// Checks the header; returns the labor rate in force and the unit's dealer. `scope` is the
/// caller's dealer (another dealer's unit answers `not_found`).
pub(super) fn check_header(
    w: &Overlay<'_>,
    ctx: &Ctx,
    input: &ClaimInput,
    scope: Option<&str>,
) -> Result<(Fen, String)> {
    let unit = lookup::unit(w, &input.unit_serial)?;
    if scope.is_some_and(|d| d != unit.dealer) {
        return Err(Error::not_found("unit", &input.unit_serial));
    }
    validate::code("fault_code", &input.fault_code)?;
    validate::text("description", &input.description)?;
    if input.repair_date < input.failure_date {
        return Err(Error::invalid(
            "repair_date",
            "the repair cannot come before the failure",
        ));
    }
    if input.repair_date > business_date(ctx.now) {
        return Err(Error::invalid("repair_date", "the repair date is in the future"));
    }
    if input.failure_date < unit.sale_date {
        return Err(Error::invalid(
            "failure_date",
            format!("the unit was sold on {}", unit.sale_date),
        ));
    }
    for (field, v) in [("usage_km", input.usage_km), ("usage_hours", input.usage_hours)] {
        if v.is_some_and(|v| !(0..=100_000_000).contains(&v)) {
            return Err(Error::invalid(field, "must be 0 to 100000000"));
        }
    }
    if let Some(sr) = &input.service_report {
        let report = document::get::<ServiceReport>(w, sr)?;
        crate::commands::require_visible_at(w, ctx, &report.location, DocumentKind::ServiceReport.entity(), sr)?;
        if report.unit_serial != input.unit_serial {
            return Err(Error::invalid("service_report", format!("{sr} is for another unit")));
        }
    }
    let policy = units::policy_on(w, &unit.model, input.failure_date)?;
    Ok((policy.map_or(Fen::ZERO, |p| p.labor_rate_fen), unit.dealer))
}

/// Files a draft claim for a unit, on behalf of the unit's dealer; `scope` is the caller's
/// dealer, if the caller is one.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, scope: Option<&str>, input: ClaimInput) -> Result<Claim> {
    let (rate, dealer) = check_header(w, ctx, &input, scope)?;
    super::cite::check(w, ctx, &input)?;
    let lines = build_lines(w, ctx, &input, rate)?;
    let number = next_document_number::<Claim>(w)?;
    w.put(
        Table::ClaimsByUnit,
        Key::new().str(&input.unit_serial).str(&number).into_bytes(),
        Vec::new(),
    );
    let mut claim = Claim {
        number,
        dealer,
        unit_serial: input.unit_serial,
        failure_date: input.failure_date,
        repair_date: input.repair_date,
        usage_km: input.usage_km,
        usage_hours: input.usage_hours,
        fault_code: input.fault_code,
        description: input.description,
        service_report: input.service_report,
        lines,
        status: ClaimStatus::Draft,
        claimed_fen: Fen::ZERO,
        approved_fen: Fen::ZERO,
        filing_date: None,
        return_comment: None,
        version: 0,
        author: ctx.actor.clone(),
        created_at: ctx.now,
        submitted_at: None,
        last_submitted_at: None,
        decided_at: None,
        updated_at: ctx.now,
        kind: input.kind,
        campaign: input.campaign,
        preauthorization: input.preauthorization,
        service_request: input.service_request,
    };
    save(w, ctx, &mut claim, "claim.create")?;
    Ok(claim)
}

/// Amends a draft or returned claim (the unit stays the same).
pub fn amend(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>, input: ClaimInput) -> Result<Claim> {
    let mut claim = document::get::<Claim>(w, number)?;
    ctx.caller
        .may_see_dealers(&claim.dealer, DocumentKind::Claim.entity(), number)?;
    check_version(if_match, claim.version)?;
    claim.check_editable("amend")?;
    if input.unit_serial != claim.unit_serial {
        return Err(Error::invalid(
            "unit_serial",
            "a claim stays with its unit; file a new claim for another unit",
        ));
    }
    let (rate, _) = check_header(w, ctx, &input, Some(&claim.dealer))?;
    super::cite::check(w, ctx, &input)?;
    claim.lines = build_lines(w, ctx, &input, rate)?;
    claim.failure_date = input.failure_date;
    claim.repair_date = input.repair_date;
    claim.usage_km = input.usage_km;
    claim.usage_hours = input.usage_hours;
    claim.fault_code = input.fault_code;
    claim.description = input.description;
    claim.service_report = input.service_report;
    claim.kind = input.kind;
    claim.campaign = input.campaign;
    if claim.preauthorization != input.preauthorization {
        super::preauth::release(w, ctx, &claim)?;
    }
    claim.preauthorization = input.preauthorization;
    claim.service_request = input.service_request;
    save(w, ctx, &mut claim, "claim.amend")?;
    Ok(claim)
}

//! Warranty claims: filed by a dealer, checked at submit, decided line by line by a
//! reviewer; every decision posts in the same transaction, and every version is kept.

use super::{
    Ctx, LINES_MAX, audit, check_version, next_number, old_parts, post_journal, requisitions, service_reports, units,
};
use crate::domain::claims::{
    Claim, ClaimLine, ClaimStatus, LineKind, LineStatus, Outcome, PartSource, Why, decision_posting,
};
use crate::domain::documents::Purpose;
use crate::domain::findings::{Finding, Severity};
use crate::domain::stock::share;
use crate::domain::validate;
use crate::domain::warranty::{self, ClaimFacts, LineFacts, business_date, labor_amount};
use crate::error::{Error, QtyLimit, Result};
use crate::store::indexes;
use crate::store::keys::Key;
use crate::store::repo;
use crate::store::{Overlay, Read, Scan, Table};
use chrono::NaiveDate;

/// A claim as filed (and amended).
#[derive(Debug, Clone)]
pub struct ClaimInput {
    /// The unit repaired (one of the dealer's units).
    pub unit_serial: String,
    /// Failure date.
    pub failure_date: NaiveDate,
    /// Repair date.
    pub repair_date: NaiveDate,
    /// Odometer, km.
    pub usage_km: Option<i64>,
    /// Engine hours.
    pub usage_hours: Option<i64>,
    /// Fault code.
    pub fault_code: String,
    /// What failed.
    pub description: String,
    /// The service report.
    pub service_report: Option<String>,
    /// Lines, numbered from 1 in this order.
    pub lines: Vec<ClaimLineInput>,
}

/// One claimed line.
#[derive(Debug, Clone)]
pub enum ClaimLineInput {
    /// A replaced part.
    Part {
        /// Part.
        part_no: String,
        /// Quantity.
        qty: i64,
        /// `company_stock` (cite the requisition) or `dealer_stock`.
        source: PartSource,
        /// The warranty requisition it was issued on (company stock).
        requisition: Option<String>,
        /// Note.
        note: Option<String>,
    },
    /// Labor at the policy's rate.
    Labor {
        /// Minutes.
        minutes: i64,
        /// Note.
        note: Option<String>,
    },
    /// Travel.
    Travel {
        /// Amount, fen.
        amount_fen: i64,
        /// Note.
        note: Option<String>,
    },
    /// Other cost.
    Other {
        /// Amount, fen.
        amount_fen: i64,
        /// Note.
        note: Option<String>,
    },
}

fn blank_line(line: u32, kind: LineKind) -> ClaimLine {
    ClaimLine {
        line,
        kind,
        part_no: None,
        qty: None,
        source: None,
        requisition: None,
        minutes: None,
        note: None,
        claimed_fen: 0,
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
fn company_cost(w: &Overlay<'_>, ctx: &Ctx, claim_unit: &str, line: &ClaimLine, field: &str) -> Result<i64> {
    let number = line.requisition.as_deref().ok_or_else(|| {
        Error::invalid(
            format!("{field}.requisition"),
            "a company-stock part cites its requisition",
        )
    })?;
    let rq = requisitions::get(w, number)?;
    super::require_visible_at(w, ctx, &rq.location, "requisition", number)?;
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
fn build_lines(w: &Overlay<'_>, ctx: &Ctx, input: &ClaimInput, labor_rate_fen: i64) -> Result<Vec<ClaimLine>> {
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
                let part = super::part(w, part_no)?;
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
fn check_header(w: &Overlay<'_>, ctx: &Ctx, input: &ClaimInput, scope: Option<&str>) -> Result<(i64, String)> {
    let unit = units::get_unit(w, &input.unit_serial)?;
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
        let report = service_reports::get(w, sr)?;
        super::require_visible_at(w, ctx, &report.location, "service report", sr)?;
        if report.unit_serial != input.unit_serial {
            return Err(Error::invalid("service_report", format!("{sr} is for another unit")));
        }
    }
    let policy = units::policy_on(w, &unit.model, input.failure_date)?;
    Ok((policy.map_or(0, |p| p.labor_rate_fen), unit.dealer))
}

fn save(w: &mut Overlay<'_>, ctx: &Ctx, claim: &mut Claim, action: &str) -> Result<()> {
    let before = (claim.version > 0).then_some(claim.version);
    claim.version += 1;
    claim.updated_at = ctx.now;
    claim.claimed_fen = claim.lines.iter().map(|l| l.claimed_fen).sum();
    claim.approved_fen = claim.lines.iter().filter_map(|l| l.approved_fen).sum();
    indexes::put(w, repo::doc_key("CL", &claim.number), claim)?;
    let version_key = Key::new().str(&claim.number).u64(claim.version).into_bytes();
    repo::put(w, Table::ClaimVersions, version_key, claim);
    audit(w, ctx, action, "claim", &claim.number, before, Some(claim.version))
}

/// Files a draft claim for a unit, on behalf of the unit's dealer; `scope` is the caller's
/// dealer, if the caller is one.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, scope: Option<&str>, input: ClaimInput) -> Result<Claim> {
    let (rate, dealer) = check_header(w, ctx, &input, scope)?;
    let lines = build_lines(w, ctx, &input, rate)?;
    let number = next_number(w, "CL")?;
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
        claimed_fen: 0,
        approved_fen: 0,
        filing_date: None,
        return_comment: None,
        version: 0,
        author: ctx.actor.clone(),
        created_at: ctx.now,
        submitted_at: None,
        last_submitted_at: None,
        decided_at: None,
        updated_at: ctx.now,
    };
    save(w, ctx, &mut claim, "claim.create")?;
    Ok(claim)
}

/// Amends a draft or returned claim (the unit stays the same).
pub fn amend(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>, input: ClaimInput) -> Result<Claim> {
    let mut claim = get(w, number)?;
    check_version(if_match, claim.version)?;
    if !matches!(claim.status, ClaimStatus::Draft | ClaimStatus::Returned) {
        return Err(Error::invalid_state("claim", number, &claim.status, "amend"));
    }
    if input.unit_serial != claim.unit_serial {
        return Err(Error::invalid(
            "unit_serial",
            "a claim stays with its unit; file a new claim for another unit",
        ));
    }
    let (rate, _) = check_header(w, ctx, &input, Some(&claim.dealer))?;
    claim.lines = build_lines(w, ctx, &input, rate)?;
    claim.failure_date = input.failure_date;
    claim.repair_date = input.repair_date;
    claim.usage_km = input.usage_km;
    claim.usage_hours = input.usage_hours;
    claim.fault_code = input.fault_code;
    claim.description = input.description;
    claim.service_report = input.service_report;
    save(w, ctx, &mut claim, "claim.amend")?;
    Ok(claim)
}

/// The answer to a submit: the status and every finding.
#[derive(Debug, Clone)]
pub struct SubmitResult {
    /// Claim status after the checks.
    pub status: ClaimStatus,
    /// Findings per line; `error` lines were rejected at once.
    pub findings: Vec<Finding>,
    /// The claim.
    pub claim: Claim,
}

/// Another claim (not a draft) of the same unit naming `part_no` with the same failure date.
fn duplicate_of(w: &Overlay<'_>, claim: &Claim, part_no: &str) -> Result<Option<String>> {
    let prefix = Key::new().str(&claim.unit_serial).into_bytes();
    for (key, _) in w.scan(Table::ClaimsByUnit, &Scan::prefix(&prefix))? {
        let other_number = repo::second_str(&key)?;
        if other_number == claim.number {
            continue;
        }
        let other = get(w, &other_number)?;
        if other.status != ClaimStatus::Draft
            && other.failure_date == claim.failure_date
            && other.lines.iter().any(|l| l.part_no.as_deref() == Some(part_no))
        {
            return Ok(Some(other_number));
        }
    }
    Ok(None)
}

/// Reserves (or with `sign = -1` releases) the requisition quantities company-stock lines cite.
fn reserve(w: &mut Overlay<'_>, ctx: &Ctx, claim: &Claim, sign: i64) -> Result<()> {
    for line in claim.lines.iter().filter(|l| l.is_company_stock()) {
        let number = line.requisition.as_deref().unwrap_or_default();
        let mut rq = requisitions::get(w, number)?;
        let rl = rq
            .lines
            .iter_mut()
            .find(|l| Some(l.part_no.as_str()) == line.part_no.as_deref());
        let rl = rl.ok_or_else(|| Error::Internal(format!("claim line cites a part missing from {number}")))?;
        rl.claimed_qty += sign * line.qty.unwrap_or(0);
        rl.claimed_value_fen += sign * line.claimed_fen;
        requisitions::save_quietly(w, ctx, rq)?;
    }
    Ok(())
}

/// Submits a draft or returned claim: runs the checks, rejects lines with an error at once
/// (posting as any rejection), tags the old parts that must come back.
pub fn submit(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<SubmitResult> {
    let mut claim = get(w, number)?;
    check_version(if_match, claim.version)?;
    if !matches!(claim.status, ClaimStatus::Draft | ClaimStatus::Returned) {
        return Err(Error::invalid_state("claim", number, &claim.status, "submit"));
    }
    // Amounts of company-stock lines are fixed now, against what no other claim cites.
    for i in 0..claim.lines.len() {
        if claim.lines[i].is_company_stock() {
            claim.lines[i].claimed_fen =
                company_cost(w, ctx, &claim.unit_serial, &claim.lines[i], &format!("lines[{i}]"))?;
        }
    }
    let unit = units::get_unit(w, &claim.unit_serial)?;
    let policy = units::policy_on(w, &unit.model, claim.failure_date)?;
    let filing_date = *claim.filing_date.get_or_insert(business_date(ctx.now));
    let mut parts = Vec::with_capacity(claim.lines.len());
    for l in &claim.lines {
        let part = l.part_no.as_deref().map(|p| super::part(w, p)).transpose()?;
        let dup = match &part {
            Some(p) => duplicate_of(w, &claim, &p.part_no)?,
            None => None,
        };
        parts.push((part, dup));
    }
    let facts = ClaimFacts {
        unit: &unit,
        policy: policy.as_ref(),
        failure_date: claim.failure_date,
        repair_date: claim.repair_date,
        filing_date,
        usage_km: claim.usage_km,
        usage_hours: claim.usage_hours,
        fault_code: &claim.fault_code,
    };
    let line_facts: Vec<LineFacts<'_>> = claim
        .lines
        .iter()
        .zip(&parts)
        .map(|(l, (part, dup))| LineFacts {
            line: l.line,
            part: part.as_ref(),
            labor_minutes: l.minutes,
            duplicate_of: dup.clone(),
        })
        .collect();
    let findings = warranty::check_claim(&facts, &line_facts);

    reserve(w, ctx, &claim, 1)?;
    let return_days = policy.as_ref().map_or(30, |p| p.return_days);
    let returns: Vec<bool> = parts
        .iter()
        .map(|(p, _)| p.as_ref().is_some_and(|p| p.return_required))
        .collect();
    for (i, must_return) in returns.into_iter().enumerate() {
        let line_no = claim.lines[i].line;
        claim.lines[i].findings = findings.iter().filter(|f| f.line == line_no).cloned().collect();
        let first_error = claim.lines[i]
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map(|f| f.code);
        if let Some(code) = first_error {
            decide_line(w, ctx, &mut claim, i, Outcome::Reject, 0, Why::Check(code))?;
        } else if must_return {
            claim.lines[i].status = LineStatus::AwaitingOldPart;
            let due = claim.repair_date + chrono::Days::new(return_days.max(0) as u64);
            old_parts::tag_line(w, ctx, &claim, i, due)?;
        } else {
            claim.lines[i].status = LineStatus::Open;
        }
    }
    claim.submitted_at.get_or_insert(ctx.now);
    claim.last_submitted_at = Some(ctx.now);
    claim.return_comment = None;
    claim.status = ClaimStatus::Submitted;
    settle_status(&mut claim, ctx);
    save(w, ctx, &mut claim, "claim.submit")?;
    Ok(SubmitResult {
        status: claim.status,
        findings,
        claim,
    })
}

fn settle_status(claim: &mut Claim, ctx: &Ctx) {
    if claim.status == ClaimStatus::Submitted && claim.lines.iter().all(|l| l.status.is_decided()) {
        claim.status = ClaimStatus::Decided;
        claim.decided_at = Some(ctx.now);
    }
}

/// Decides one line and posts the decision: the outcome table of the design.
pub fn decide_line(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    claim: &mut Claim,
    i: usize,
    outcome: Outcome,
    approved_fen: i64,
    why: Why,
) -> Result<()> {
    let posting = decision_posting(&claim.lines[i], outcome, approved_fen, &claim.dealer);
    let memo = format!("claim line {} {:?}", claim.lines[i].line, outcome).to_lowercase();
    post_journal(w, ctx, &claim.number, &memo, posting)?;
    let line = &mut claim.lines[i];
    if line.is_company_stock() {
        let number = line.requisition.clone().unwrap_or_default();
        let mut rq = requisitions::get(w, &number)?;
        if let Some(rl) = rq
            .lines
            .iter_mut()
            .find(|l| Some(l.part_no.as_str()) == line.part_no.as_deref())
        {
            rl.cleared_value_fen += line.claimed_fen;
        }
        requisitions::save_quietly(w, ctx, rq)?;
    }
    line.status = match outcome {
        Outcome::Approve => LineStatus::Approved,
        Outcome::Reduce => LineStatus::Reduced,
        Outcome::Reject => LineStatus::Rejected,
    };
    line.approved_fen = Some(if outcome == Outcome::Reject { 0 } else { approved_fen });
    line.record_why(why);
    line.decided_at = Some(ctx.now);
    Ok(())
}

/// Reverses an automatic rejection so a reviewer can decide the line afresh.
fn reopen_line(w: &mut Overlay<'_>, ctx: &Ctx, claim: &mut Claim, i: usize) -> Result<()> {
    let line = &mut claim.lines[i];
    let reversal = decision_posting(line, Outcome::Reject, 0, &claim.dealer).reversed();
    post_journal(
        w,
        ctx,
        &claim.number,
        &format!("claim line {} reopened", line.line),
        reversal,
    )?;
    if line.is_company_stock() {
        let number = line.requisition.clone().unwrap_or_default();
        let mut rq = requisitions::get(w, &number)?;
        if let Some(rl) = rq
            .lines
            .iter_mut()
            .find(|l| Some(l.part_no.as_str()) == line.part_no.as_deref())
        {
            rl.cleared_value_fen -= line.claimed_fen;
        }
        requisitions::save_quietly(w, ctx, rq)?;
    }
    line.status = LineStatus::Open;
    line.approved_fen = None;
    line.rejected_by = None;
    line.decided_at = None;
    Ok(())
}

/// A reviewer's decision on one line.
#[derive(Debug, Clone)]
pub struct LineDecision {
    /// Line number.
    pub line: u32,
    /// `approve`, `reduce` or `reject`.
    pub outcome: Outcome,
    /// Approved amount (reduce only; less than claimed).
    pub amount_fen: Option<i64>,
    /// Why (required to reduce, reject or reopen; e.g. `misuse`).
    pub reason: Option<String>,
    /// Reopen a line the automatic checks rejected, then decide it.
    pub reopen: bool,
}

/// What a reviewer does with a claim.
#[derive(Debug, Clone)]
pub enum ReviewInput {
    /// Decide lines.
    Decide {
        /// Decisions.
        lines: Vec<LineDecision>,
    },
    /// Send the claim back to the dealer for more information.
    Return {
        /// What the dealer must add or correct.
        comment: String,
    },
}

/// Reviews a submitted claim.
pub fn review(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    if_match: Option<u64>,
    input: ReviewInput,
) -> Result<Claim> {
    let mut claim = get(w, number)?;
    check_version(if_match, claim.version)?;
    match input {
        ReviewInput::Return { comment } => {
            validate::text("comment", &comment)?;
            if claim.status != ClaimStatus::Submitted {
                return Err(Error::invalid_state("claim", number, &claim.status, "send_back"));
            }
            if let Some(decided) = claim.lines.iter().find(|l| l.status.is_decided()) {
                return Err(Error::LineAlreadyDecided {
                    entity: "claim",
                    key: number.into(),
                    line: decided.line,
                });
            }
            reserve(w, ctx, &claim, -1)?;
            old_parts::drop_unshipped(w, &claim)?;
            claim.status = ClaimStatus::Returned;
            claim.return_comment = Some(comment);
            save(w, ctx, &mut claim, "claim.return")?;
        }
        ReviewInput::Decide { lines } => {
            if !matches!(claim.status, ClaimStatus::Submitted | ClaimStatus::Decided) {
                return Err(Error::invalid_state("claim", number, &claim.status, "review"));
            }
            validate::lines("lines", &lines, LINES_MAX)?;
            for (k, d) in lines.iter().enumerate() {
                let field = format!("lines[{k}]");
                if lines[..k].iter().any(|x| x.line == d.line) {
                    return Err(Error::invalid(
                        format!("{field}.line"),
                        "each line is decided once per review",
                    ));
                }
                let i = claim.lines.iter().position(|l| l.line == d.line).ok_or_else(|| {
                    Error::invalid(
                        format!("{field}.line"),
                        format!("claim {number} has no line {}", d.line),
                    )
                })?;
                validate::opt_text(&format!("{field}.reason"), d.reason.as_deref())?;
                let claimed = claim.lines[i].claimed_fen;
                let amount = match d.outcome {
                    Outcome::Approve => claimed,
                    Outcome::Reject => 0,
                    Outcome::Reduce => match d.amount_fen {
                        Some(a) if a > 0 && a < claimed => a,
                        _ => {
                            return Err(Error::invalid(
                                format!("{field}.amount_fen"),
                                format!("a reduced amount is more than 0 and less than the {claimed} fen claimed"),
                            ));
                        }
                    },
                };
                if d.outcome != Outcome::Approve && d.reason.is_none() {
                    return Err(Error::invalid(
                        format!("{field}.reason"),
                        "say why the line is reduced or rejected",
                    ));
                }
                match claim.lines[i].status {
                    LineStatus::Open => {}
                    LineStatus::AwaitingOldPart => {
                        return Err(Error::OldPartNotInspected {
                            claim: number.into(),
                            line: d.line,
                        });
                    }
                    LineStatus::Rejected if d.reopen && claim.lines[i].reopenable() => {
                        if d.reason.is_none() {
                            return Err(Error::invalid(
                                format!("{field}.reason"),
                                "say why the line is reopened",
                            ));
                        }
                        reopen_line(w, ctx, &mut claim, i)?;
                    }
                    _ => {
                        return Err(Error::LineAlreadyDecided {
                            entity: "claim",
                            key: number.into(),
                            line: d.line,
                        });
                    }
                }
                decide_line(
                    w,
                    ctx,
                    &mut claim,
                    i,
                    d.outcome,
                    amount,
                    Why::Reviewer(d.reason.clone()),
                )?;
            }
            settle_status(&mut claim, ctx);
            save(w, ctx, &mut claim, "claim.review")?;
        }
    }
    Ok(claim)
}

/// Marks the claim decided once every line is; used by the old-parts sweep.
pub fn refresh_status(w: &mut Overlay<'_>, ctx: &Ctx, claim: &mut Claim, action: &str) -> Result<()> {
    settle_status(claim, ctx);
    save(w, ctx, claim, action)
}

/// Reads a claim.
pub fn get(r: &dyn Read, number: &str) -> Result<Claim> {
    repo::get(r, Table::Claims, &repo::doc_key("CL", number))?.ok_or_else(|| Error::not_found("claim", number))
}

/// Every version of a claim, oldest first.
pub fn versions(r: &dyn Read, number: &str) -> Result<Vec<Claim>> {
    let prefix = Key::new().str(number).into_bytes();
    Ok(
        repo::decode_all::<Claim>(r.scan(Table::ClaimVersions, &Scan::prefix(&prefix))?)?
            .into_iter()
            .map(|(_, c)| c)
            .collect(),
    )
}

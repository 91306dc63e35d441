//! Submitting a claim: the automatic checks, at-once rejections, old-part tags.

use super::SubmitResult;
use super::decision::{decide_line, reserve, save};
use super::file::company_cost;
use crate::commands::{Ctx, check_version, old_parts, units};
use crate::domain::claims::{Claim, ClaimKind, ClaimStatus, LineStatus, Outcome, Why};
use crate::domain::findings::{Finding, Severity};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::warranty::{self, ClaimFacts, LineFacts, Policy, Unit, business_date};
use crate::error::Result;
use crate::store::document;
use crate::store::keys::Key;
use crate::store::lookup;
use crate::store::repo;
use crate::store::{Overlay, Read, Scan, Table};

/// Another claim (not a draft) of the same unit naming `part_no` with the same failure date.
pub(super) fn duplicate_of(w: &Overlay<'_>, claim: &Claim, part_no: &str) -> Result<Option<String>> {
    let prefix = Key::new().str(&claim.unit_serial).into_bytes();
    for (key, _) in w.scan(Table::ClaimsByUnit, &Scan::prefix(&prefix))? {
        let other_number = repo::second_str(&key)?;
        if other_number == claim.number {
            continue;
        }
        let other = document::get::<Claim>(w, &other_number)?;
        if other.status != ClaimStatus::Draft
            && other.failure_date == claim.failure_date
            && other.lines.iter().any(|l| l.part_no.as_deref() == Some(part_no))
        {
            return Ok(Some(other_number));
        }
    }
    Ok(None)
}

/// What a submit finds, before it writes anything.
pub(super) struct Checked {
    /// The claim with its company-stock amounts and filing date fixed.
    pub claim: Claim,
    /// The unit.
    pub unit: Unit,
    /// The policy in force on the failure date.
    pub policy: Option<Policy>,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// Whether each line's old part must come back.
    pub returns: Vec<bool>,
}

/// Loads a claim the caller may submit and runs every automatic check on it, reading
/// only: a submit writes what this finds, a check shows it.
pub(super) fn run_checks(
    w: &Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    if_match: Option<u64>,
    action: &'static str,
) -> Result<Checked> {
    let mut claim = document::get::<Claim>(w, number)?;
    ctx.caller
        .may_see_dealers(&claim.dealer, DocumentKind::Claim.entity(), number)?;
    check_version(if_match, claim.version)?;
    claim.check_editable(action)?;
    // Amounts of company-stock lines are fixed now, against what no other claim cites.
    for i in 0..claim.lines.len() {
        if claim.lines[i].is_company_stock() {
            claim.lines[i].claimed_fen =
                company_cost(w, ctx, &claim.unit_serial, &claim.lines[i], &format!("lines[{i}]"))?;
        }
    }
    let unit = lookup::unit(w, &claim.unit_serial)?;
    let policy = units::policy_on(w, &unit.model, claim.failure_date)?;
    let filing_date = *claim.filing_date.get_or_insert(business_date(ctx.now));
    let mut parts = Vec::with_capacity(claim.lines.len());
    for l in &claim.lines {
        let part = l.part_no.as_deref().map(|p| crate::commands::part(w, p)).transpose()?;
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
    // A campaign claim meets its campaign's checks instead of the coverage checks.
    let mut findings = match claim.campaign_account() {
        Some(code) => {
            let campaign = crate::commands::campaigns::get(w, code)?;
            let listed = crate::commands::campaigns::listed(w, code, &claim.unit_serial)?;
            let lines: Vec<u32> = claim.lines.iter().map(|l| l.line).collect();
            crate::domain::campaigns::check_claim(&campaign, listed.as_ref(), &claim.number, claim.repair_date, &lines)
        }
        None => warranty::check_claim(&facts, &line_facts),
    };
    // A goodwill claim is outside coverage by design: its pre-authorization stands instead.
    if claim.kind == ClaimKind::Goodwill {
        findings.retain(|f| !crate::domain::preauth_claims::is_coverage(f.code));
    }
    if let Some(p) = policy.as_ref() {
        findings.extend(super::usage::findings(w, &claim, &unit, p)?);
    }
    findings.extend(super::preauth::findings(w, &claim, &unit, policy.as_ref())?);
    let returns = parts
        .iter()
        .map(|(p, _)| p.as_ref().is_some_and(|p| p.return_required))
        .collect();
    Ok(Checked {
        claim,
        unit,
        policy,
        findings,
        returns,
    })
}

/// Submits a draft or returned claim: runs the checks, rejects lines with an error at once
/// (posting as any rejection), tags the old parts that must come back.
pub fn submit(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<SubmitResult> {
    let Checked {
        mut claim,
        policy,
        findings,
        returns,
        ..
    } = run_checks(w, ctx, number, if_match, "submit")?;
    reserve(w, ctx, &claim, 1)?;
    crate::commands::preauth::record_reading(
        w,
        &claim.unit_serial,
        claim.usage_km,
        &claim.number,
        business_date(ctx.now),
    )?;
    if !findings.iter().any(|f| f.severity == Severity::Error) {
        crate::commands::campaigns::complete(w, ctx, &claim)?;
    }
    let return_days = policy.as_ref().map_or(30, |p| p.return_days);
    for (i, must_return) in returns.into_iter().enumerate() {
        let line_no = claim.lines[i].line;
        claim.lines[i].findings = findings.iter().filter(|f| f.line == line_no).cloned().collect();
        let first_error = claim.lines[i]
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map(|f| f.code);
        if let Some(code) = first_error {
            decide_line(w, ctx, &mut claim, i, Outcome::Reject, Fen::ZERO, Why::Check(code))?;
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
    claim.settle_status(ctx.now);
    super::preauth::hold(w, ctx, &claim)?;
    save(w, ctx, &mut claim, "claim.submit")?;
    Ok(SubmitResult {
        status: claim.status,
        findings,
        claim,
    })
}

//! Second-round supplier claims (二次索赔): supplier-fault old parts of approved lines are
//! claimed back from the part's supplier on its terms; submitting ships the evidence to
//! `supplier_return`; the supplier's answer posts `supplier:<code>` / `warranty:recovery`;
//! payment closes the supplier's balance (Dr `bank` / Cr `supplier:<code>`).

use super::{Ctx, move_stock, old_parts, post_journal};
use super::{next_document_number, save_document};
use crate::domain::claims::Claim;
use crate::domain::claims::{Disposition, LineKind, LineStatus, OldPart};
use crate::domain::ids::DocNo;
use crate::domain::master::{Location, LocationKind, Supplier};
use crate::domain::money::Fen;
use crate::domain::settlement::{
    SupplierClaim, SupplierClaimLine, SupplierClaimStatus, SupplierOutcome, labor_shares, parts_share,
};
use crate::domain::supplier_claims::Answer;
use crate::domain::validate;
use crate::domain::warranty::{business_date, coverage_end};
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::indexes;
use crate::store::lookup;
use crate::store::repo::{self, code_key, decode_all};
use crate::store::{Overlay, Read, Scan, Table};
use std::collections::BTreeMap;

/// A supplier claim to draw up.
#[derive(Debug, Clone)]
pub struct SupplierClaimInput {
    /// Supplier.
    pub supplier: String,
    /// Only these tags (default: every eligible one of the supplier).
    pub tags: Option<Vec<String>>,
}

/// Saves a supplier claim with its totals.
fn save(w: &mut Overlay<'_>, ctx: &Ctx, mut c: SupplierClaim, action: &str) -> Result<SupplierClaim> {
    c.claimed_fen = c.lines.iter().map(|l| l.amount_fen).sum();
    c.accepted_fen = c.lines.iter().filter_map(|l| l.accepted_fen).sum();
    save_document(w, ctx, &mut c, action)?;
    Ok(c)
}

/// Why a tag cannot go on a claim to `supplier` (a stable reason and the words), or `None`
/// when it can.
fn ineligible(
    w: &Overlay<'_>,
    tag: &OldPart,
    supplier: &Supplier,
    ctx: &Ctx,
) -> Result<Option<(&'static str, String)>> {
    if tag.disposition != Some(Disposition::SupplierFault) {
        return Ok(Some((
            "not_supplier_fault",
            format!("{} was not inspected as supplier fault", tag.tag),
        )));
    }
    if tag.supplier.as_deref() != Some(supplier.code.as_str()) {
        return Ok(Some((
            "other_supplier",
            format!(
                "{} is attributed to supplier {}",
                tag.tag,
                tag.supplier.as_deref().unwrap_or("none")
            ),
        )));
    }
    if let Some(sc) = &tag.supplier_claim {
        return Ok(Some((
            "already_claimed",
            format!("{} is already claimed on {sc}", tag.tag),
        )));
    }
    let claim = document::get::<Claim>(w, &tag.claim)?;
    let approved = claim.lines.iter().find(|l| l.line == tag.line).is_some_and(|l| {
        matches!(
            l.status,
            LineStatus::Approved | LineStatus::Reduced | LineStatus::Settled
        )
    });
    if !approved {
        return Ok(Some((
            "line_not_approved",
            format!("the claim line of {} is not approved", tag.tag),
        )));
    }
    let unit = lookup::unit(w, &claim.unit_serial)?;
    // A recall is the supplier's defect whatever the unit's age: its window runs from the
    // campaign repair, not from the sale.
    let start = if claim.campaign_account().is_some() {
        claim.repair_date
    } else {
        unit.sale_date
    };
    let window_end = coverage_end(start, supplier.claim_window_months);
    if business_date(ctx.now) > window_end {
        return Ok(Some((
            "window_ended",
            format!(
                "{}'s claim window for unit {} ended on {window_end}",
                supplier.code, unit.serial
            ),
        )));
    }
    Ok(None)
}

/// Draws up a claim to a supplier from its eligible supplier-fault old parts: parts share
/// of the approved part amount and labor share of the claim's approved labor, per the
/// supplier's terms.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: SupplierClaimInput) -> Result<SupplierClaim> {
    let supplier: Supplier = repo::get(w, Table::Suppliers, &code_key(&input.supplier))?
        .ok_or_else(|| Error::not_found("supplier", &input.supplier))?;
    // The supplier's tags come from the by-supplier index, not a scan of every tag.
    let all = old_parts::of_supplier(w, &supplier.code)?;
    let chosen: Vec<OldPart> = match &input.tags {
        Some(tags) => {
            validate::lines("tags", tags, old_parts::SHIPMENT_TAGS_MAX)?;
            let mut out = Vec::new();
            for (i, t) in tags.iter().enumerate() {
                let tag = lookup::old_part(w, t)?;
                if let Some((reason, message)) = ineligible(w, &tag, &supplier, ctx)? {
                    return Err(Error::TagNotClaimable {
                        field: format!("tags[{i}]"),
                        tag: tag.tag.to_string(),
                        reason,
                        message,
                    });
                }
                out.push(tag);
            }
            out
        }
        None => {
            let mut out = Vec::new();
            for tag in all
                .iter()
                .filter(|t| t.supplier.as_deref() == Some(supplier.code.as_str()))
            {
                if ineligible(w, tag, &supplier, ctx)?.is_none() {
                    out.push(tag.clone());
                }
            }
            out
        }
    };
    if chosen.is_empty() {
        return Err(Error::NothingToClaim {
            supplier: supplier.code,
        });
    }
    // Labor share: per dealer claim, split over all its supplier-fault tags (lowest tag first).
    let mut by_claim: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in all.iter().filter(|t| {
        t.disposition == Some(Disposition::SupplierFault) && t.supplier.as_deref() == Some(supplier.code.as_str())
    }) {
        by_claim.entry(t.claim.as_str()).or_default().push(t.tag.as_str());
    }
    let number = next_document_number::<SupplierClaim>(w)?;
    let mut lines = Vec::with_capacity(chosen.len());
    for (i, tag) in chosen.iter().enumerate() {
        let claim = document::get::<Claim>(w, &tag.claim)?;
        let line = claim
            .lines
            .iter()
            .find(|l| l.line == tag.line)
            .ok_or_else(|| Error::Internal("tag names a missing line".into()))?;
        let parts_fen = parts_share(
            supplier.recovery.parts_pct,
            line.approved_fen.unwrap_or_default(),
            line.qty.unwrap_or(1).max(1),
        );
        let labor: Fen = claim
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Labor)
            .filter_map(|l| l.approved_fen)
            .sum();
        let mut peers = by_claim.get(tag.claim.as_str()).cloned().unwrap_or_default();
        peers.sort_unstable();
        let at = peers.iter().position(|p| *p == tag.tag).unwrap_or(0);
        let labor_fen =
            labor_shares(labor, supplier.recovery.labor_pct, peers.len().max(1))[at.min(peers.len().saturating_sub(1))];
        let mut t = tag.clone();
        t.supplier_claim = Some(number.clone());
        t.version += 1;
        t.updated_at = ctx.now;
        indexes::put(w, code_key(&t.tag), &t)?;
        lines.push(SupplierClaimLine {
            line: i as u32 + 1,
            tag: tag.tag.clone(),
            claim: tag.claim.clone(),
            claim_line: tag.line,
            part_no: tag.part_no.clone(),
            parts_fen,
            labor_fen,
            amount_fen: parts_fen + labor_fen,
            outcome: None,
            accepted_fen: None,
            reason: None,
        });
    }
    let total: Fen = lines.iter().map(|l| l.amount_fen).sum();
    if total < supplier.min_amount_fen {
        return Err(Error::BelowMinimumClaim {
            supplier: supplier.code,
            total_fen: total.get(),
            min_fen: supplier.min_amount_fen.get(),
        });
    }
    let claim = SupplierClaim {
        number,
        supplier: supplier.code,
        status: SupplierClaimStatus::Draft,
        lines,
        claimed_fen: Fen::ZERO,
        accepted_fen: Fen::ZERO,
        paid_fen: Fen::ZERO,
        payments: Vec::new(),
        version: 0,
        created_at: ctx.now,
        submitted_at: None,
        updated_at: ctx.now,
    };
    save(w, ctx, claim, "supplier_claim.create")
}

/// Submits the claim and ships the evidence old parts to the supplier-return location.
pub fn submit(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<SupplierClaim> {
    let number = &DocNo::from(number);
    let mut c = document::load::<SupplierClaim>(w, number, if_match)?;
    c.submit(ctx.now)?;
    let dest = decode_all::<Location>(w.scan(Table::Locations, &Scan::all())?)?
        .into_iter()
        .map(|(_, l)| l)
        .find(|l| l.kind == LocationKind::SupplierReturn)
        .ok_or(Error::NoLocationOfKind {
            kind: LocationKind::SupplierReturn.as_str(),
        })?;
    for line in &c.lines {
        let mut tag = lookup::old_part(w, &line.tag)?;
        let here = tag.location.clone().unwrap_or_default();
        move_stock(w, ctx, &tag.part_no, &here, -1, Fen::ZERO, number)?;
        move_stock(w, ctx, &tag.part_no, &dest.code, 1, Fen::ZERO, number)?;
        tag.location = Some(dest.code.clone());
        tag.version += 1;
        tag.updated_at = ctx.now;
        indexes::put(w, code_key(&tag.tag), &tag)?;
    }
    save(w, ctx, c, "supplier_claim.submit")
}

/// The supplier's answer to one line.
#[derive(Debug, Clone)]
pub struct LineAnswer {
    /// Line number.
    pub line: u32,
    /// `accepted`, `partially_accepted` or `rejected`.
    pub outcome: SupplierOutcome,
    /// Accepted amount (partially accepted only).
    pub amount_fen: Option<Fen>,
    /// The supplier's reason.
    pub reason: Option<String>,
}

/// The supplier's response.
#[derive(Debug, Clone)]
pub struct ResponseInput {
    /// Answers; each line is answered once.
    pub lines: Vec<LineAnswer>,
}

/// Records the supplier's answers; accepted amounts post Dr `supplier:<code>` /
/// Cr `warranty:recovery`.
pub fn respond(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    if_match: Option<u64>,
    input: ResponseInput,
) -> Result<SupplierClaim> {
    let number = &DocNo::from(number);
    let mut c = document::load::<SupplierClaim>(w, number, if_match)?;
    validate::lines("lines", &input.lines, crate::commands::LINES_MAX)?;
    let answers: Vec<Answer> = input
        .lines
        .into_iter()
        .map(|a| Answer {
            line: a.line,
            outcome: a.outcome,
            amount_fen: a.amount_fen,
            reason: a.reason,
        })
        .collect();
    let posting = c.answer(&answers)?;
    post_journal(w, ctx, number, "supplier accepted recovery", posting)?;
    save(w, ctx, c, "supplier_claim.respond")
}

/// Money received.
#[derive(Debug, Clone)]
pub struct PaymentInput {
    /// Amount, fen.
    pub amount_fen: Fen,
    /// Bank reference.
    pub reference: String,
}

/// Records a payment from the supplier (never more than accepted and unpaid).
pub fn pay(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: PaymentInput) -> Result<SupplierClaim> {
    let number = &DocNo::from(number);
    let mut c = document::get::<SupplierClaim>(w, number)?;
    let posting = c.pay(input.amount_fen, input.reference, ctx.now)?;
    post_journal(w, ctx, number, "supplier payment received", posting)?;
    save(w, ctx, c, "supplier_claim.pay")
}

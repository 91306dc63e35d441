//! A claim's pre-authorization: the findings at submit (and check), holding it for the
//! claim while any line stands, and the cap its authorized amount puts on a review.

use crate::commands::{Ctx, save_document};
use crate::domain::claims::{Claim, ClaimKind, LineStatus};
use crate::domain::findings::Finding;
use crate::domain::ids::PartNo;
use crate::domain::money::Fen;
use crate::domain::preauth::{Preauthorization, needs_preauth};
use crate::domain::preauth_claims::{self, PreauthFacts};
use crate::domain::warranty::{Policy, Unit};
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::{Overlay, Read};

/// The pre-authorization the claim cites, when it exists and is the claim's dealer's
/// (another dealer's counts as missing, as if it did not exist).
pub(super) fn cited(r: &dyn Read, claim: &Claim) -> Result<Option<Preauthorization>> {
    let Some(number) = &claim.preauthorization else {
        return Ok(None);
    };
    match document::get::<Preauthorization>(r, number) {
        Ok(pa) if pa.dealer == claim.dealer => Ok(Some(pa)),
        Ok(_) | Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The pre-authorization findings of `claim` on `unit` under `policy`: the policy's rule
/// (threshold, listed parts, listed fault codes; a campaign claim is exempt, its campaign
/// authorizes the work), goodwill, and the cited one checked on the repair date.
pub(super) fn findings(r: &dyn Read, claim: &Claim, unit: &Unit, policy: Option<&Policy>) -> Result<Vec<Finding>> {
    let total: Fen = claim.lines.iter().map(|l| l.claimed_fen).sum();
    let parts: Vec<PartNo> = claim.lines.iter().filter_map(|l| l.part_no.clone()).collect();
    let needs = match (claim.kind, policy) {
        (ClaimKind::Campaign, _) | (_, None) => None,
        (_, Some(p)) => needs_preauth(p, total, &parts, &claim.fault_code),
    };
    let pa = cited(r, claim)?;
    let facts = PreauthFacts {
        claim_number: &claim.number,
        kind: claim.kind,
        unit,
        repair_date: claim.repair_date,
        needs,
        cited: claim.preauthorization.as_deref(),
        found: pa.as_ref(),
        claim_total: total,
    };
    let lines: Vec<u32> = claim.lines.iter().map(|l| l.line).collect();
    Ok(preauth_claims::findings(&facts, &lines))
}

/// Holds the claim's pre-authorization (`used_by_claim`) while any of its lines is not
/// rejected, and releases it once every line is, so that a corrected claim may cite it.
/// One another claim holds stays with that claim.
pub(super) fn hold(w: &mut Overlay<'_>, ctx: &Ctx, claim: &Claim) -> Result<()> {
    let Some(mut pa) = cited(w, claim)? else {
        return Ok(());
    };
    if claim.lines.iter().all(|l| l.status == LineStatus::Rejected) {
        return release(w, ctx, claim);
    }
    if pa.used_by_claim.is_none() && pa.status.is_approved() && pa.unit_serial == claim.unit_serial {
        pa.used_by_claim = Some(claim.number.to_string());
        save_document(w, ctx, &mut pa, "preauthorization.use")?;
    }
    Ok(())
}

/// Gives back the pre-authorization the claim holds (wholly rejected, or amended to cite
/// another or none).
pub(super) fn release(w: &mut Overlay<'_>, ctx: &Ctx, claim: &Claim) -> Result<()> {
    let Some(mut pa) = cited(w, claim)? else {
        return Ok(());
    };
    if pa.used_by_claim.as_deref() == Some(claim.number.as_str()) {
        pa.used_by_claim = None;
        save_document(w, ctx, &mut pa, "preauthorization.release")?;
    }
    Ok(())
}

/// What the claim's pre-authorization still allows line `i` to be approved for: the
/// authorized amount less what the claim's other lines approved. `None` without one.
pub(super) fn room(r: &dyn Read, claim: &Claim, i: usize) -> Result<Option<Fen>> {
    let Some(authorized) = cited(r, claim)?.and_then(|pa| pa.approved_fen) else {
        return Ok(None);
    };
    let others: Fen = claim
        .lines
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .filter_map(|(_, l)| l.approved_fen)
        .sum();
    Ok(Some(authorized - others))
}

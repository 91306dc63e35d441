//! The usage checks of a claim: its odometer against the unit's highest recorded reading,
//! its km per day since the sale, its part quantities against the bill of usage, and how
//! near the coverage end the failure is.

use crate::commands::preauth::{reading, usage_qty};
use crate::domain::claim_check::{UsageFacts, UsageLine, usage_checks};
use crate::domain::claims::Claim;
use crate::domain::findings::Finding;
use crate::domain::warranty::{Policy, Unit};
use crate::error::Result;
use crate::store::Read;

/// What the usage checks find on `claim` (a reading the claim itself recorded at an
/// earlier submit is not held against it).
pub(super) fn findings(r: &dyn Read, claim: &Claim, unit: &Unit, policy: &Policy) -> Result<Vec<Finding>> {
    let recorded = reading(r, &claim.unit_serial)?.filter(|x| x.document != claim.number);
    let mut per_unit = Vec::with_capacity(claim.lines.len());
    for l in &claim.lines {
        per_unit.push(match &l.part_no {
            Some(p) => usage_qty(r, &unit.model, p)?,
            None => None,
        });
    }
    let lines: Vec<UsageLine<'_>> = claim
        .lines
        .iter()
        .zip(per_unit)
        .map(|(l, per_unit)| UsageLine {
            line: l.line,
            part_no: l.part_no.as_deref(),
            qty: l.qty,
            per_unit,
        })
        .collect();
    let facts = UsageFacts {
        unit,
        policy,
        failure_date: claim.failure_date,
        usage_km: claim.usage_km,
        recorded_km: recorded.as_ref().map(|x| (x.km, x.document.as_str())),
    };
    Ok(usage_checks(&facts, &lines))
}

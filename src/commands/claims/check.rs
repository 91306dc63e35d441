//! The check before submit: everything a submit would find, read through the same code,
//! and nothing written — no version, no audit event, no journal entry, no tag.

use super::submit::{Checked, run_checks};
use crate::commands::Ctx;
use crate::domain::claim_check::{self, Precheck};
use crate::error::Result;
use crate::store::Overlay;

/// What submitting claim `number` now would find (the caller must be able to submit it).
pub fn check(w: &Overlay<'_>, ctx: &Ctx, number: &str) -> Result<Precheck> {
    let Checked {
        unit, policy, findings, ..
    } = run_checks(w, ctx, number, None, "check")?;
    Ok(claim_check::summarize(&unit, policy.as_ref(), findings))
}

//! Reorder levels (补货参数): a part's minimum, maximum and lead days at one location, set
//! by an admin or a clerk of that location; 0/0 removes the level.

use super::{Ctx, audit};
use crate::domain::auth::CLERK;
use crate::domain::ids::PartNo;
use crate::domain::reorder::{ReorderLevel, check_levels};
use crate::domain::validate;
use crate::error::Result;
use crate::store::Overlay;
use crate::store::records::reorder::level_key;
use crate::store::{Table, repo};

/// What to set.
#[derive(Debug, Clone)]
pub struct LevelInput {
    /// Reorder below this.
    pub min_qty: i64,
    /// Fill up to this.
    pub max_qty: i64,
    /// Lead days (default 7).
    pub lead_days: Option<i64>,
}

/// Sets (or, with 0/0, removes) the level of `part_no` at `location`. Answers the level,
/// `None` when removed.
pub fn set_level(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    location: String,
    part_no: PartNo,
    input: LevelInput,
) -> Result<Option<ReorderLevel>> {
    ctx.caller.require_any(CLERK)?;
    validate::code("location", &location)?;
    validate::code("part_no", &part_no)?;
    check_levels(&location, &part_no, input.min_qty, input.max_qty, input.lead_days)?;
    let loc = super::location(w, &location)?;
    ctx.caller.require_location(&loc.code)?;
    super::part(w, &part_no)?;
    let key = level_key(&location, &part_no);
    let label = format!("{location}/{part_no}");
    if input.min_qty == 0 && input.max_qty == 0 {
        w.delete(Table::ReorderLevels, key);
        audit(w, ctx, "reorder_level.remove", "reorder_level", &label, None, None)?;
        return Ok(None);
    }
    let level = ReorderLevel {
        location,
        part_no,
        min_qty: input.min_qty,
        max_qty: input.max_qty,
        lead_days: input.lead_days,
        updated_by: ctx.actor.clone(),
        updated_at: ctx.now,
    };
    repo::put(w, Table::ReorderLevels, key, &level);
    audit(w, ctx, "reorder_level.set", "reorder_level", &label, None, None)?;
    Ok(Some(level))
}

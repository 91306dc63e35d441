//! Stocktakes (盘点): open a count, scan, post only the variances to `stock:adjustment`.

use super::create_document;
use super::next_document_number;
use super::save_document;
use super::{Ctx, check_version, location, move_stock, post_journal, resolve_part};
use crate::domain::auth::ADMIN_ONLY;
use crate::domain::documents::{Stocktake, StocktakeStatus};
use crate::domain::ids::{DocNo, PartNo};
use crate::domain::ledger::{Posting, accounts};
use crate::domain::master::LocationKind;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::keys::Key;
use crate::store::{Overlay, Read, Table};

/// A stocktake to open.
#[derive(Debug, Clone)]
pub struct StocktakeInput {
    /// Location to count.
    pub location: String,
    /// Count uncounted parts with stock as zero when posting.
    pub full: bool,
}

fn open_key(location: &str) -> Vec<u8> {
    Key::new().str("open_stocktake").str(location).into_bytes()
}

/// Opens a stocktake; one open count per location at a time.
pub fn open(w: &mut Overlay<'_>, ctx: &Ctx, input: StocktakeInput) -> Result<Stocktake> {
    let loc = location(w, &input.location)?;
    if loc.kind == LocationKind::InTransit {
        return Err(Error::invalid(
            "location",
            "in-transit stock is counted at its destination",
        ));
    }
    if let Some(open) = w.get(Table::Meta, &open_key(&loc.code))? {
        return Err(Error::StocktakeAlreadyOpen {
            location: loc.code.clone(),
            stocktake: String::from_utf8_lossy(&open).into_owned(),
        });
    }
    let number = next_document_number::<Stocktake>(w)?;
    let st = Stocktake {
        number: number.clone(),
        location: loc.code.clone(),
        full: input.full,
        status: StocktakeStatus::Open,
        counts: Vec::new(),
        adjustments: Vec::new(),
        version: 1,
        actor: ctx.actor.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    w.put(Table::Meta, open_key(&loc.code), number.as_bytes().to_vec());
    create_document(w, ctx, &st, "stocktake.open")?;
    Ok(st)
}

/// One count: a scan adds `qty` (default 1); `counted_qty` sets the count.
#[derive(Debug, Clone)]
pub struct CountInput {
    /// Part number (or give `barcode`).
    pub part_no: Option<PartNo>,
    /// A barcode of the part (or give `part_no`).
    pub barcode: Option<String>,
    /// Units to add to the count (default 1).
    pub qty: Option<i64>,
    /// Sets the count instead of adding.
    pub counted_qty: Option<i64>,
}

/// Records a count.
pub fn count(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: CountInput) -> Result<Stocktake> {
    let mut st = get_open(w, ctx, number, "count")?;
    let part = resolve_part(w, input.part_no.as_deref(), input.barcode.as_deref(), "part_no")?;
    st.count(&part.part_no, input.qty, input.counted_qty)?;
    save_document(w, ctx, &mut st, "stocktake.count")?;
    Ok(st)
}

/// Posts the variances between counted and booked quantities (booked read now).
pub fn post(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Stocktake> {
    let number = &DocNo::from(number);
    let mut st = get_open(w, ctx, number, "post")?;
    check_version(if_match, st.version)?;
    let loc = location(w, &st.location)?;
    let adjustments = crate::queries::stocktakes::variances(w, &st, &loc)?;
    let mut posting = Posting::new();
    for a in &adjustments {
        let v = a.value_delta_fen;
        posting = if v < Fen::ZERO {
            posting
                .debit(accounts::STOCK_ADJUSTMENT, -v)
                .credit(accounts::inventory(&loc.code), -v)
        } else {
            posting
                .debit(accounts::inventory(&loc.code), v)
                .credit(accounts::STOCK_ADJUSTMENT, v)
        };
        move_stock(w, ctx, &a.part_no, &loc.code, a.qty_delta, v, number)?;
    }
    post_journal(w, ctx, number, "stocktake variances", posting)?;
    st.adjustments = adjustments;
    finish(w, ctx, st, StocktakeStatus::Posted, "stocktake.post")
}

/// Abandons an open stocktake; nothing is posted.
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Stocktake> {
    let st = get_open(w, ctx, number, "cancel")?;
    check_version(if_match, st.version)?;
    finish(w, ctx, st, StocktakeStatus::Cancelled, "stocktake.cancel")
}

fn finish(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    mut st: Stocktake,
    status: StocktakeStatus,
    action: &str,
) -> Result<Stocktake> {
    st.status = status;
    w.delete(Table::Meta, open_key(&st.location));
    save_document(w, ctx, &mut st, action)?;
    Ok(st)
}

/// The open stocktake `number`, for a clerk at its location (another location's answers
/// `not_found`, as for a read).
fn get_open(w: &Overlay<'_>, ctx: &Ctx, number: &str, action: &'static str) -> Result<Stocktake> {
    let st = document::get::<Stocktake>(w, number)?;
    let loc = location(w, &st.location)?;
    ctx.caller
        .may_work_on(&loc, DocumentKind::Stocktake.entity(), number, ADMIN_ONLY)?;
    st.require_open(action)?;
    Ok(st)
}

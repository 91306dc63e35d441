//! Writing an import: the destination read from a snapshot or a command's overlay, and
//! each planned row run through the command the API would run for its request body
//! (opening stock: one receipt per location). Shared by `sanbao import` on a file and by
//! `POST /imports/{kind}`.

use crate::commands::{Ctx, LINES_MAX, Tx, master, receipts, units};
use crate::domain::auth::{Principal, Role};
use crate::error::{Error, Result};
use crate::http::dto::Wire;
use crate::http::dto::master::{DealerInput, LocationInput, PartInput, SupplierInput};
use crate::http::dto::stock::ReceiptInput;
use crate::http::dto::warranty::UnitInput;
use crate::import_plan::{self, Destination, Item, Key, Kind, Ref};
use crate::queries::{Snapshot, lists};
use serde_json::Value;

/// A destination read from a snapshot (or a command's overlay).
pub struct Stored<'a>(pub &'a dyn Snapshot);

/// An importer sees everything.
fn admin() -> Principal {
    Principal {
        token_id: "import".into(),
        role: Role::Admin,
        dealer: None,
        locations: Vec::new(),
    }
}

fn present<T>(found: Result<T>) -> Result<bool> {
    match found {
        Ok(_) => Ok(true),
        Err(Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

impl Stored<'_> {
    fn has(&self, kind: Kind, key: &Key) -> Result<bool> {
        let (r, me) = (self.0, admin());
        match (kind, key) {
            (Kind::OpeningStock, Key::Stock { part_no, location }) => {
                let all = lists::Search::default();
                let page = lists::stock(r, &me, Some(part_no), Some(location), true, &all, &Default::default())?;
                Ok(!page.items.is_empty())
            }
            (Kind::Parts, k) => present(lists::part(r, &k.to_string())),
            (Kind::Locations, k) => present(lists::location(r, &me, &k.to_string())),
            (Kind::Dealers, k) => lists::dealer_exists(r, &k.to_string()),
            (Kind::Suppliers, k) => present(lists::supplier(r, &k.to_string())),
            (_, k) => present(lists::unit(r, &me, &k.to_string())),
        }
    }
}

impl Destination for Stored<'_> {
    fn exists(&mut self, kind: Kind, key: &Key) -> std::result::Result<bool, String> {
        self.has(kind, key).map_err(|e| e.to_string())
    }

    fn known(&mut self, what: Ref, code: &str) -> std::result::Result<bool, String> {
        let key = Key::Code(code.to_string());
        let found = match what {
            Ref::Dealer => self.has(Kind::Dealers, &key),
            Ref::Supplier => self.has(Kind::Suppliers, &key),
            Ref::Location => self.has(Kind::Locations, &key),
            Ref::Part => self.has(Kind::Parts, &key),
            Ref::Model => lists::policies(self.0, Some(code), &Default::default()).map(|p| !p.items.is_empty()),
            Ref::Unit => self.has(Kind::Units, &key),
        };
        found.map_err(|e| e.to_string())
    }
}

/// The writes of planned rows: request bodies with the lines of the file each holds.
pub fn steps(kind: Kind, items: &[Item]) -> Vec<(Value, Vec<u64>)> {
    match kind {
        Kind::OpeningStock => import_plan::opening_receipts(items, LINES_MAX),
        Kind::CampaignUnits => crate::import_campaign::listing(items),
        _ => items.iter().map(|i| (i.body.clone(), vec![i.line])).collect(),
    }
}

/// `line 3` or `lines 3, 4, 9`.
pub fn lines(at: &[u64]) -> String {
    match at {
        [one] => format!("line {one}"),
        many => format!(
            "lines {}",
            many.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// One write (a row, or an opening-stock receipt) through its command.
pub fn create(w: &mut Tx<'_>, ctx: &Ctx, kind: Kind, body: Value) -> std::result::Result<(), String> {
    fn parse<T: serde::de::DeserializeOwned>(v: Value) -> std::result::Result<T, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }
    let done = match kind {
        Kind::Parts => master::create_part(w, ctx, parse::<PartInput>(body)?.into_domain()).map(drop),
        Kind::Locations => master::create_location(w, ctx, parse::<LocationInput>(body)?.into_domain()).map(drop),
        Kind::Dealers => master::create_dealer(w, ctx, parse::<DealerInput>(body)?.into_domain()).map(drop),
        Kind::Suppliers => master::create_supplier(w, ctx, parse::<SupplierInput>(body)?.into_domain()).map(drop),
        Kind::OpeningStock => receipts::post_opening(w, ctx, parse::<ReceiptInput>(body)?.into_domain()).map(drop),
        Kind::Units => units::create_unit(w, ctx, parse::<UnitInput>(body)?.into_domain()).map(drop),
        Kind::CampaignUnits => return crate::import_campaign::list(w, ctx, body).map_err(|e| e.to_string()),
    };
    done.map_err(|e| e.to_string())
}

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Rows written (or to be written).
    pub imported: usize,
    /// Rows skipped as already there.
    pub skipped: usize,
}

/// An import file's rows checked against `r`: refused as `validation_failed` on `file`,
/// naming every bad line.
pub fn check(r: &dyn Snapshot, kind: Kind, bytes: &[u8], skip_existing: bool) -> Result<import_plan::Plan> {
    let sheet = crate::import_file::parse(bytes).map_err(|e| Error::invalid("file", e))?;
    import_plan::plan(kind, &sheet, &mut Stored(r), skip_existing)
        .map_err(|e| Error::invalid("file", e.replace('\n', "; ")))
}

/// Checks and writes an import file inside one command: all rows or none.
pub fn run(w: &mut Tx<'_>, ctx: &Ctx, kind: Kind, bytes: &[u8], skip_existing: bool) -> Result<Summary> {
    let plan = check(&*w, kind, bytes, skip_existing)?;
    for (body, at) in steps(kind, &plan.create) {
        create(w, ctx, kind, body).map_err(|e| Error::invalid("file", format!("{}: {e}", lines(&at))))?;
    }
    Ok(Summary {
        imported: plan.create.len(),
        skipped: plan.skipped.len(),
    })
}

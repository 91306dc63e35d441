//! What an import file asks for: each row checked against its kind's columns and turned
//! into the API's own request body, then checked against the destination (a database file
//! or a running server) — rows already there refused or skipped, unknown dealers, models,
//! suppliers, locations and parts refused — before anything is written. Errors name the
//! line, the field and the expected format.

use crate::domain::validate;
use crate::import_file::{Row, Sheet};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Parts with their barcodes.
    Parts,
    /// Locations.
    Locations,
    /// Dealers.
    Dealers,
    /// Suppliers with their recovery terms.
    Suppliers,
    /// Stock on hand when the system starts: posted as receipts crediting `opening:balance`.
    OpeningStock,
    /// Sold units.
    Units,
    /// Units listed on a campaign (`serial`, optional `dealer` to do the work).
    CampaignUnits,
}

/// Something a row refers to, which must exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    /// A dealer code.
    Dealer,
    /// A supplier code.
    Supplier,
    /// A location code.
    Location,
    /// A part number.
    Part,
    /// A model with a warranty policy.
    Model,
    /// A registered unit's serial.
    Unit,
}

impl Ref {
    fn name(self) -> &'static str {
        match self {
            Ref::Dealer => "dealer",
            Ref::Supplier => "supplier",
            Ref::Location => "location",
            Ref::Part => "part",
            Ref::Model => "model (no warranty policy names it)",
            Ref::Unit => "unit",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Text,
    Code,
    Int,
    Bool,
    Date,
    List,
    LocationKind,
}

const LOCATION_KINDS: &[&str] = &[
    "warehouse",
    "service_station",
    "old_parts",
    "reusable",
    "scrap",
    "supplier_return",
];

/// One column: name, type, required, and what its value must name.
type Col = (&'static str, Ty, bool, Option<Ref>);

impl Kind {
    /// The columns a file of this kind has (a header row names them, in any order).
    fn columns(self) -> &'static [Col] {
        use Ty::*;
        match self {
            Kind::Parts => &[
                ("part_no", Code, true, None),
                ("name", Text, true, None),
                ("unit", Text, true, None),
                ("barcodes", List, false, None),
                ("standard_cost_fen", Int, true, None),
                ("dealer_price_fen", Int, true, None),
                ("supplier", Code, false, Some(Ref::Supplier)),
                ("warranty_covered", Bool, false, None),
                ("return_required", Bool, false, None),
                ("wear_part", Bool, false, None),
            ],
            Kind::Locations => &[
                ("code", Code, true, None),
                ("name", Text, true, None),
                ("kind", LocationKind, true, None),
                ("dealer", Code, false, Some(Ref::Dealer)),
            ],
            Kind::Dealers => &[("code", Code, true, None), ("name", Text, true, None)],
            Kind::Suppliers => &[
                ("code", Code, true, None),
                ("name", Text, true, None),
                ("parts_pct", Int, true, None),
                ("labor_pct", Int, true, None),
                ("claim_window_months", Int, false, None),
                ("min_amount_fen", Int, false, None),
            ],
            Kind::OpeningStock => &[
                ("location", Code, true, Some(Ref::Location)),
                ("part_no", Code, true, Some(Ref::Part)),
                ("qty", Int, true, None),
                ("unit_cost_fen", Int, true, None),
            ],
            Kind::Units => &[
                ("serial", Code, true, None),
                ("model", Text, true, Some(Ref::Model)),
                ("dealer", Code, true, Some(Ref::Dealer)),
                ("customer", Text, true, None),
                ("sale_date", Date, true, None),
                ("acceptance_date", Date, false, None),
            ],
            Kind::CampaignUnits => &[
                ("serial", Code, true, Some(Ref::Unit)),
                ("dealer", Code, false, Some(Ref::Dealer)),
            ],
        }
    }

    /// The kind's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Parts => "parts",
            Kind::Locations => "locations",
            Kind::Dealers => "dealers",
            Kind::Suppliers => "suppliers",
            Kind::OpeningStock => "opening-stock",
            Kind::Units => "units",
            Kind::CampaignUnits => "campaign-units",
        }
    }
}

/// One row to write: its line, its key (a code; part and location for opening stock) and
/// the request body the API takes for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Line in the file.
    pub line: u64,
    /// The record's key.
    pub key: Key,
    /// The API's request body (opening stock: one receipt line with its location).
    pub body: Value,
}

/// A record's key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A code, part number or serial.
    Code(String),
    /// Opening stock of a part at a location.
    Stock { part_no: String, location: String },
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Key::Code(c) => f.write_str(c),
            Key::Stock { part_no, location } => write!(f, "{part_no} at {location}"),
        }
    }
}

/// What the destination holds.
pub trait Destination {
    /// Whether a record of `kind` with `key` exists (opening stock: any stock of the part
    /// at the location).
    fn exists(&mut self, kind: Kind, key: &Key) -> Result<bool, String>;
    /// Whether the code a row refers to exists.
    fn known(&mut self, what: Ref, code: &str) -> Result<bool, String>;
}

/// The rows to write and those skipped as already there.
#[derive(Debug, Default)]
pub struct Plan {
    /// Rows to write, in file order.
    pub create: Vec<Item>,
    /// Rows skipped (`--skip-existing`): line and key.
    pub skipped: Vec<(u64, Key)>,
}

/// Most errors one check reports.
const ERRORS_MAX: usize = 20;

/// Checks every row of `sheet` as `kind` against `dest`; answers the plan or every error
/// (up to 20), one per line of text.
pub fn plan(kind: Kind, sheet: &Sheet, dest: &mut dyn Destination, skip_existing: bool) -> Result<Plan, String> {
    let cols = kind.columns();
    let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
    if let Some(h) = sheet.header.iter().find(|h| !names.contains(&h.as_str())) {
        return Err(format!(
            "line 1: unknown column {h:?} (a {} file has {})",
            kind.name(),
            names.join(", ")
        ));
    }
    if let Some(c) = cols.iter().find(|c| c.2 && !sheet.header.iter().any(|h| h == c.0)) {
        return Err(format!(
            "line 1: the column {} is missing (a {} file has {})",
            c.0,
            kind.name(),
            names.join(", ")
        ));
    }
    let mut errors = Vec::new();
    let mut out = Plan::default();
    let mut seen: HashMap<Key, u64> = HashMap::new();
    let mut known: HashMap<(&'static str, String), bool> = HashMap::new();
    for row in &sheet.rows {
        if errors.len() >= ERRORS_MAX {
            errors.push("… and more; fix these first".into());
            break;
        }
        let item = match item(kind, sheet, row) {
            Ok(i) => i,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Some(first) = seen.insert(item.key.clone(), row.line) {
            errors.push(format!(
                "line {}: {} appears again (first on line {first})",
                row.line, item.key
            ));
            continue;
        }
        for (name, _, _, r) in cols {
            let (Some(r), Some(code)) = (r, item.body.get(*name).and_then(Value::as_str)) else {
                continue;
            };
            let ok = match known.get(&(r.name(), code.to_string())) {
                Some(ok) => *ok,
                None => {
                    let ok = dest.known(*r, code)?;
                    known.insert((r.name(), code.to_string()), ok);
                    ok
                }
            };
            if !ok {
                errors.push(format!(
                    "line {}, field {name}: unknown {} {code:?}",
                    row.line,
                    r.name()
                ));
            }
        }
        if dest.exists(kind, &item.key)? {
            if skip_existing {
                out.skipped.push((row.line, item.key));
            } else {
                errors.push(format!(
                    "line {}: {} {} already exists (use --skip-existing to skip rows already imported)",
                    row.line,
                    kind.name(),
                    item.key
                ));
            }
            continue;
        }
        out.create.push(item);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.join("\n"))
    }
}

/// One row as the API's request body.
fn item(kind: Kind, sheet: &Sheet, row: &Row) -> Result<Item, String> {
    let line = row.line;
    let mut body = Map::new();
    for (name, ty, required, _) in kind.columns() {
        let raw = sheet.cell(row, name).unwrap_or("");
        let at = |what: &str| format!("line {line}, field {name}: {what}");
        validate::no_control(name, raw).map_err(|_| at("holds a control character"))?;
        if raw.is_empty() {
            if *required {
                return Err(at("empty"));
            }
            continue;
        }
        let expected = |format: &str| at(&format!("expected {format}, got {raw:?}"));
        let value = match ty {
            Ty::Text => json!(raw),
            Ty::Code => json!(validate::normalize_code(raw)),
            Ty::Int => json!(raw.parse::<i64>().map_err(|_| expected("a whole number, e.g. 32000"))?),
            Ty::Bool => json!(match raw.to_lowercase().as_str() {
                "true" | "1" | "yes" | "y" | "是" => true,
                "false" | "0" | "no" | "n" | "否" => false,
                _ => return Err(expected("true or false (or 1/0, yes/no, 是/否)")),
            }),
            Ty::Date => {
                validate::date_text(name, raw).map_err(|_| expected("a date as YYYY-MM-DD, e.g. 2026-10-15"))?;
                json!(raw)
            }
            Ty::List => json!(
                raw.split([';', '|', '；'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            ),
            Ty::LocationKind => {
                if !LOCATION_KINDS.contains(&raw) {
                    return Err(expected(&format!("one of {}", LOCATION_KINDS.join(", "))));
                }
                json!(raw)
            }
        };
        body.insert((*name).to_string(), value);
    }
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let key = match kind {
        Kind::Parts => Key::Code(text("part_no")),
        Kind::Units | Kind::CampaignUnits => Key::Code(text("serial")),
        Kind::OpeningStock => Key::Stock {
            part_no: text("part_no"),
            location: text("location"),
        },
        _ => Key::Code(text("code")),
    };
    if kind == Kind::Suppliers {
        let recovery = json!({"parts_pct": body.remove("parts_pct"), "labor_pct": body.remove("labor_pct")});
        body.insert("recovery".into(), recovery);
    }
    Ok(Item {
        line,
        key,
        body: Value::Object(body),
    })
}

/// Opening stock rows as receipts: one per location, at most `lines_max` lines each, in
/// file order. Each answers the receipt body and the lines of the file it holds.
pub fn opening_receipts(items: &[Item], lines_max: usize) -> Vec<(Value, Vec<u64>)> {
    let mut by_location: Vec<(String, Vec<&Item>)> = Vec::new();
    for i in items {
        let loc = i.body["location"].as_str().unwrap_or_default().to_string();
        match by_location.iter_mut().find(|(l, v)| *l == loc && v.len() < lines_max) {
            Some((_, v)) => v.push(i),
            None => by_location.push((loc, vec![i])),
        }
    }
    by_location
        .into_iter()
        .map(|(loc, rows)| {
            let lines: Vec<Value> = rows
                .iter()
                .map(|i| json!({"part_no": i.body["part_no"], "qty": i.body["qty"], "unit_cost_fen": i.body["unit_cost_fen"]}))
                .collect();
            let body = json!({"location": loc, "reference": "opening stock", "lines": lines});
            (body, rows.iter().map(|i| i.line).collect())
        })
        .collect()
}

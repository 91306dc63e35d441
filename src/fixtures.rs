//! Demo data embedded in the binary, loaded into an empty database through the same
//! commands the API uses (so the demo books reconcile).

use crate::commands::master::{DealerInput, LocationInput, PartInput, SupplierInput};
use crate::commands::receipts::ReceiptInput;
use crate::commands::requisitions::{self, DecisionInput, MovementInput, RequisitionInput, RequisitionLineInput};
use crate::commands::transfers::{self, ScanLine, TransferInput};
use crate::commands::{Ctx, master, receipts};
use crate::domain::documents::{Purpose, TransferMode};
use crate::error::{Error, Result};
use crate::store::Overlay;
use crate::store::repo;
use crate::store::{Db, Read, Table};
use chrono::{DateTime, Utc};
use serde::Deserialize;

const DEMO: &str = include_str!("../fixtures/demo.json");

/// The demo data set.
#[derive(Debug, Deserialize)]
pub struct Demo {
    /// Dealers.
    pub dealers: Vec<DealerInput>,
    /// Suppliers.
    pub suppliers: Vec<SupplierInput>,
    /// Locations.
    pub locations: Vec<LocationInput>,
    /// Parts.
    pub parts: Vec<PartInput>,
    /// Opening stock.
    pub receipts: Vec<ReceiptInput>,
}

/// Parses the embedded demo data.
pub fn demo() -> Demo {
    serde_json::from_str(DEMO).expect("fixtures/demo.json matches the input types")
}

/// Ensures the in-transit location exists (every database has it).
pub fn init(db: &Db, now: DateTime<Utc>) -> Result<()> {
    db.write_once(|w| {
        master::ensure_in_transit(
            w,
            &Ctx {
                actor: "system".into(),
                now,
            },
        )
    })
}

/// Whether the database was seeded with the demo data.
pub fn is_demo(db: &Db) -> Result<bool> {
    Ok(db.read()?.get(Table::Meta, &repo::demo_flag_key())?.is_some())
}

/// Loads the demo data into an empty database and marks it as a demo database; a demo
/// database is left unchanged; any other non-empty database is refused.
pub fn load_demo(db: &Db, now: DateTime<Utc>) -> Result<()> {
    if is_demo(db)? {
        return Ok(());
    }
    if !repo::is_empty(&db.read()?)? {
        return Err(Error::Conflict(
            "this database holds real data; demo mode needs an empty or demo database".into(),
        ));
    }
    let d = demo();
    let ctx = Ctx {
        actor: "demo-loader".into(),
        now,
    };
    db.write_once(|w| {
        master::ensure_in_transit(w, &ctx)?;
        for x in d.dealers {
            master::create_dealer(w, &ctx, x)?;
        }
        for x in d.suppliers {
            master::create_supplier(w, &ctx, x)?;
        }
        for x in d.locations {
            master::create_location(w, &ctx, x)?;
        }
        for x in d.parts {
            master::create_part(w, &ctx, x)?;
        }
        for x in d.receipts {
            receipts::post(w, &ctx, x)?;
        }
        demo_requisitions(w, now)?;
        w.put(Table::Meta, repo::demo_flag_key(), vec![1]);
        Ok(())
    })
}

/// Requisitions in each state at the D001 station, raised by its dealer and decided by
/// the demo supervisor, so the demo shows the whole flow (and still reconciles).
fn demo_requisitions(w: &mut Overlay<'_>, now: DateTime<Utc>) -> Result<()> {
    let clerk = Ctx {
        actor: "demo-clerk".into(),
        now,
    };
    let dealer = Ctx {
        actor: "demo-dealer-D001".into(),
        now,
    };
    let supervisor = Ctx {
        actor: "demo-supervisor".into(),
        now,
    };
    let restock = TransferInput {
        from: "WH-01".into(),
        to: "ST-D001".into(),
        mode: TransferMode::Direct,
        lines: vec![
            ScanLine {
                part_no: Some("BC-3519".into()),
                barcode: None,
                qty: 6,
            },
            ScanLine {
                part_no: Some("FLT-0042".into()),
                barcode: None,
                qty: 10,
            },
        ],
    };
    transfers::ship(w, &clerk, restock)?;
    let scan = |part: &str, qty: i64| MovementInput {
        part_no: Some(part.into()),
        barcode: None,
        qty,
    };
    type Plan<'a> = (Purpose, Option<&'a str>, &'a str, i64, bool);
    // ((purpose, unit, part, qty, submit), approve?, issued, returned)
    let plan: [(Plan<'_>, Option<bool>, i64, i64); 6] = [
        (
            (Purpose::Warranty, Some("LZYTBGBW5N1000123"), "BC-3519", 1, false),
            None,
            0,
            0,
        ),
        (
            (Purpose::Warranty, Some("LZYTBGBW5N1000187"), "BC-3519", 1, true),
            None,
            0,
            0,
        ),
        (
            (Purpose::Warranty, Some("LZYTBGBW5N1000201"), "BC-3519", 2, true),
            Some(true),
            1,
            0,
        ),
        ((Purpose::PaidService, None, "FLT-0042", 4, true), Some(true), 4, 1),
        (
            (Purpose::Warranty, Some("LZYTBGBW5N1000245"), "BC-3519", 1, true),
            Some(true),
            0,
            0,
        ),
        ((Purpose::Internal, None, "FLT-0042", 2, true), Some(false), 0, 0),
    ];
    for ((purpose, unit, part, qty, submit), decision, issued, returned) in plan {
        let input = RequisitionInput {
            location: "ST-D001".into(),
            purpose,
            unit_serial: unit.map(str::to_string),
            lines: vec![RequisitionLineInput {
                part_no: part.into(),
                qty,
                reason: Some("demo repair".into()),
            }],
            submit,
        };
        let rq = requisitions::create(w, &dealer, input)?;
        if let Some(approve) = decision {
            let comment = (!approve).then(|| "use a filter from the van stock".to_string());
            requisitions::decide(w, &supervisor, &rq.number, None, approve, DecisionInput { comment })?;
        }
        if issued > 0 {
            requisitions::issue(w, &dealer, &rq.number, scan(part, issued))?;
        }
        if returned > 0 {
            requisitions::return_unused(w, &dealer, &rq.number, scan(part, returned))?;
            requisitions::close(w, &dealer, &rq.number, None)?;
        }
    }
    Ok(())
}

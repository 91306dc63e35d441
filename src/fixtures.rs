//! Demo data embedded in the binary, loaded into an empty database through the same
//! commands the API uses (so the demo books reconcile).

use crate::commands::master::{DealerInput, LocationInput, PartInput, SupplierInput};
use crate::commands::receipts::ReceiptInput;
use crate::commands::{Ctx, master, receipts};
use crate::error::{Error, Result};
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
        w.put(Table::Meta, repo::demo_flag_key(), vec![1]);
        Ok(())
    })
}

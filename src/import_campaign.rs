//! A campaign's unit list from a file (`serial`, and optionally the `dealer` to do the work
//! instead of the unit's selling dealer): every row checked like any import — unknown
//! serials and dealers, a serial twice in the file, a serial already on the list (refused,
//! or skipped with `--skip-existing`) — then the whole list written in one transaction
//! through the command that lists units on a campaign.

use crate::commands::{Ctx, Tx, campaigns};
use crate::domain::campaigns::{Campaign, CampaignStatus};
use crate::domain::ids::Serial;
use crate::error::{Error, Result};
use crate::import_apply::{Stored, Summary};
use crate::import_file::Sheet;
use crate::import_plan::{self, Destination, Item, Key, Kind, Plan, Ref};
use crate::queries::Snapshot;
use crate::store::keys::{Key as StoreKey, KeyReader};
use crate::store::{Scan, Table};
use serde_json::{Value, json};
use std::collections::HashSet;

/// Keys read per scan of a campaign's list.
const SCAN_BATCH: usize = 1_000;

/// A destination seen through one campaign: a serial "exists" when it is on the list.
pub struct OnCampaign<'a> {
    /// Where units and dealers are looked up.
    pub dest: &'a mut dyn Destination,
    /// Serials already on the campaign's list.
    pub listed: HashSet<String>,
}

impl Destination for OnCampaign<'_> {
    fn exists(&mut self, kind: Kind, key: &Key) -> std::result::Result<bool, String> {
        if kind == Kind::CampaignUnits {
            Ok(self.listed.contains(&key.to_string()))
        } else {
            self.dest.exists(kind, key)
        }
    }

    fn known(&mut self, what: Ref, code: &str) -> std::result::Result<bool, String> {
        self.dest.known(what, code)
    }
}

/// The rows of a campaign list file checked against `dest` and the serials already
/// `listed`; each planned row's body names the campaign.
pub fn plan(
    sheet: &Sheet,
    dest: &mut dyn Destination,
    listed: HashSet<String>,
    code: &str,
    skip_existing: bool,
) -> std::result::Result<Plan, String> {
    let mut on = OnCampaign { dest, listed };
    let mut plan = import_plan::plan(Kind::CampaignUnits, sheet, &mut on, skip_existing)?;
    for item in &mut plan.create {
        if let Some(body) = item.body.as_object_mut() {
            body.insert("campaign".into(), json!(code));
        }
    }
    Ok(plan)
}

/// The serials on a campaign's list.
pub fn listed_serials(r: &dyn Snapshot, code: &str) -> Result<HashSet<String>> {
    let prefix = StoreKey::new().str(code).into_bytes();
    let mut out = HashSet::new();
    let mut after = None;
    loop {
        let batch = r.scan(
            Table::CampaignUnits,
            &Scan::prefix(&prefix).after(after.clone()).limit(SCAN_BATCH),
        )?;
        let done = batch.len() < SCAN_BATCH;
        for (k, _) in batch {
            let mut key = KeyReader::new(&k);
            if let (Some(_), Some(serial)) = (key.str(), key.str()) {
                out.insert(serial);
            }
            after = Some(k);
        }
        if done {
            return Ok(out);
        }
    }
}

/// The planned rows as one write: the campaign and its units, with every line.
pub fn listing(items: &[Item]) -> Vec<(Value, Vec<u64>)> {
    let Some(first) = items.first() else {
        return Vec::new();
    };
    let units: Vec<Value> = items
        .iter()
        .map(|i| json!({"serial": i.body["serial"], "dealer": i.body.get("dealer")}))
        .collect();
    let body = json!({"campaign": first.body["campaign"], "units": units});
    vec![(body, items.iter().map(|i| i.line).collect())]
}

/// Writes a [`listing`] through the command that lists units on a campaign.
pub fn list(w: &mut Tx<'_>, ctx: &Ctx, body: Value) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Unit {
        serial: String,
        dealer: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct Listing {
        campaign: String,
        units: Vec<Unit>,
    }
    let l: Listing = serde_json::from_value(body).map_err(|e| Error::invalid("file", e.to_string()))?;
    let units: Vec<(Serial, Option<String>)> = l
        .units
        .into_iter()
        .map(|u| (Serial::from(u.serial), u.dealer))
        .collect();
    campaigns::add_assigned(w, ctx, &l.campaign, None, &units).map(drop)
}

/// The campaign a list is imported to: it exists and is not closed.
pub fn check_campaign(r: &dyn Snapshot, code: &str) -> Result<Campaign> {
    let c = campaigns::get(r, code)?;
    if c.status == CampaignStatus::Closed {
        return Err(Error::InvalidState {
            entity: "campaign",
            key: c.code,
            state: "closed".into(),
            action: "add_units",
        });
    }
    Ok(c)
}

/// A campaign list file checked against `r`: the campaign must exist and not be closed;
/// bad rows are refused as `validation_failed` on `file`, naming every bad line.
pub fn check(r: &dyn Snapshot, code: &str, bytes: &[u8], skip_existing: bool) -> Result<Plan> {
    check_campaign(r, code)?;
    let sheet = crate::import_file::parse(bytes).map_err(|e| Error::invalid("file", e))?;
    let listed = listed_serials(r, code)?;
    plan(&sheet, &mut Stored(r), listed, code, skip_existing).map_err(|e| Error::invalid("file", e.replace('\n', "; ")))
}

/// Checks and writes a campaign list file inside one command: all rows or none.
pub fn run(w: &mut Tx<'_>, ctx: &Ctx, code: &str, bytes: &[u8], skip_existing: bool) -> Result<Summary> {
    let plan = check(&*w, code, bytes, skip_existing)?;
    for (body, _) in listing(&plan.create) {
        list(w, ctx, body)?;
    }
    Ok(Summary {
        imported: plan.create.len(),
        skipped: plan.skipped.len(),
    })
}

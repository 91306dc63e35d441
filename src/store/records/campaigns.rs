//! Stored records of `domain::campaigns`: the campaign (keyed by its code) and each listed
//! unit (keyed by campaign and serial), both at version 1.

use super::time::{Day, Instant};
use super::{Convert, record, record_enum};
use crate::domain::campaigns::{Campaign, CampaignKind, CampaignStatus, CampaignUnit, KitLine, UnitState};
use crate::store::codec::Stored;
use serde::{Deserialize, Serialize};

record_enum! {
    /// `CampaignKind` as stored, version 1.
    CampaignKind => CampaignKindV1 { Recall, Service }
}

record_enum! {
    /// `CampaignStatus` as stored, version 1.
    CampaignStatus => CampaignStatusV1 { Draft, Released, Closed }
}

record_enum! {
    /// `UnitState` as stored, version 1.
    UnitState => UnitStateV1 { Outstanding, Completed, NotApplicable }
}

record! {
    /// `KitLine` as stored, version 1.
    KitLine => KitLineV1 { part_no: String, qty: i64 }
}

record! {
    /// `Campaign` as stored, version 1.
    Campaign => CampaignV1 {
        code: String,
        kind: CampaignKindV1,
        title: String,
        valid_from_date: Day,
        valid_to_date: Day,
        labor_operation: String,
        standard_minutes: i64,
        kit: Vec<KitLineV1>,
        allowance_fen: i64,
        status: CampaignStatusV1,
        units: u64,
        version: u64,
        created_at: Instant,
        released_at: Option<Instant>,
        closed_at: Option<Instant>,
        updated_at: Instant,
    }
}

record! {
    /// `CampaignUnit` as stored, version 1.
    CampaignUnit => CampaignUnitV1 {
        campaign: String,
        serial: String,
        dealer: String,
        state: UnitStateV1,
        claim: Option<String>,
        done_date: Option<Day>,
        reason: Option<String>,
    }
}

impl Stored for Campaign {
    type Record = CampaignV1;
    const KIND: &'static str = "campaign";
    const VERSION: u8 = 1;
}

impl Stored for CampaignUnit {
    type Record = CampaignUnitV1;
    const KIND: &'static str = "campaign unit";
    const VERSION: u8 = 1;
}

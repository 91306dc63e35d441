//! Reading campaigns and their listed units by key.

use super::keys::Key;
use super::repo::{self, code_key};
use super::{Read, Table};
use crate::domain::campaigns::{Campaign, CampaignUnit};
use crate::error::{Error, Result};

/// Key of a listed unit: (campaign code, serial).
pub fn unit_key(code: &str, serial: &str) -> Vec<u8> {
    Key::new().str(code).str(serial).into_bytes()
}

/// A campaign, or `not_found`.
pub fn get(r: &dyn Read, code: &str) -> Result<Campaign> {
    repo::get(r, Table::Campaigns, &code_key(code))?.ok_or_else(|| Error::not_found("campaign", code))
}

/// The unit's entry on a campaign's list, if listed.
pub fn listed(r: &dyn Read, code: &str, serial: &str) -> Result<Option<CampaignUnit>> {
    Ok(repo::get(r, Table::CampaignUnits, &unit_key(code, serial))?)
}

//! Campaigns as their readers see them: the list (dealers see released and closed ones),
//! one campaign's units, the completion report by dealer and week, the open campaigns of a
//! unit, a dealer's to-do list and the claim template a campaign claim starts from.

use crate::domain::auth::{Principal, Role};
use crate::domain::campaigns::{Campaign, CampaignStatus, CampaignUnit, UnitState, week_of};
use crate::error::{Error, Result};
use crate::store::campaigns::{get, listed};
use crate::store::keys::{Key, KeyReader};
use crate::store::{Read, Scan, Table, repo};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Most campaigns listed.
pub const CAMPAIGNS_MAX: usize = 500;
/// Most units in one answer of a list.
pub const UNITS_PAGE_MAX: usize = 1_000;
/// Most units a report reads.
pub const REPORT_UNITS_MAX: usize = 100_000;

fn visible(principal: &Principal, c: &Campaign) -> bool {
    principal.role != Role::Dealer || c.status != CampaignStatus::Draft
}

/// A campaign the caller may see.
pub fn campaign(r: &dyn Read, principal: &Principal, code: &str) -> Result<Campaign> {
    let c = get(r, code)?;
    if !visible(principal, &c) {
        return Err(Error::not_found("campaign", code));
    }
    Ok(c)
}

/// Every campaign the caller may see, by code.
pub fn list(r: &dyn Read, principal: &Principal) -> Result<Vec<Campaign>> {
    Ok(
        repo::decode_all::<Campaign>(r.scan(Table::Campaigns, &Scan::all().limit(CAMPAIGNS_MAX))?)?
            .into_iter()
            .map(|(_, c)| c)
            .filter(|c| visible(principal, c))
            .collect(),
    )
}

/// A campaign's listed units (a dealer: its own), optionally in one state, from `after`.
pub fn units(
    r: &dyn Read,
    principal: &Principal,
    code: &str,
    state: Option<UnitState>,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<CampaignUnit>> {
    campaign(r, principal, code)?;
    let prefix = Key::new().str(code).into_bytes();
    let start = after.map(|a| crate::store::campaigns::unit_key(code, a));
    let mut out = Vec::new();
    let mut next = start;
    'outer: loop {
        let batch = r.scan(
            Table::CampaignUnits,
            &Scan::prefix(&prefix).after(next.clone()).limit(UNITS_PAGE_MAX),
        )?;
        let done = batch.len() < UNITS_PAGE_MAX;
        for (k, u) in repo::decode_all::<CampaignUnit>(batch)? {
            next = Some(k);
            let mine = principal.role != Role::Dealer || principal.dealer.as_deref() == Some(u.dealer.as_str());
            if mine && state.is_none_or(|s| s == u.state) {
                out.push(u);
                if out.len() >= limit {
                    break 'outer;
                }
            }
        }
        if done {
            break;
        }
    }
    Ok(out)
}

/// Counts of one dealer or one week.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Units completed.
    pub completed: u64,
    /// Units still to do.
    pub outstanding: u64,
    /// Units the work does not apply to.
    pub not_applicable: u64,
}

impl Tally {
    fn add(&mut self, state: UnitState) {
        match state {
            UnitState::Completed => self.completed += 1,
            UnitState::Outstanding => self.outstanding += 1,
            UnitState::NotApplicable => self.not_applicable += 1,
        }
    }
}

/// The completion report of a campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The campaign.
    pub campaign: Campaign,
    /// All units.
    pub total: Tally,
    /// By dealer, by code.
    pub dealers: Vec<(String, Tally)>,
    /// By week (its Monday) of completion or of being found not applicable, oldest first.
    pub weeks: Vec<(NaiveDate, Tally)>,
    /// Reasons given for units found not applicable, with their counts.
    pub reasons: Vec<(String, u64)>,
}

/// Completion by dealer and week (a dealer: its own units only).
pub fn completion(r: &dyn Read, principal: &Principal, code: &str) -> Result<Completion> {
    let c = campaign(r, principal, code)?;
    let all = units(r, principal, code, None, None, REPORT_UNITS_MAX)?;
    let mut total = Tally::default();
    let mut dealers: BTreeMap<String, Tally> = BTreeMap::new();
    let mut weeks: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
    let mut reasons: BTreeMap<String, u64> = BTreeMap::new();
    for u in &all {
        total.add(u.state);
        dealers.entry(u.dealer.clone()).or_default().add(u.state);
        if let Some(day) = u.done_date {
            weeks.entry(week_of(day)).or_default().add(u.state);
        }
        if let Some(reason) = &u.reason {
            *reasons.entry(reason.clone()).or_default() += 1;
        }
    }
    Ok(Completion {
        campaign: c,
        total,
        dealers: dealers.into_iter().collect(),
        weeks: weeks.into_iter().collect(),
        reasons: reasons.into_iter().collect(),
    })
}

/// The released campaigns whose work on `serial` is still outstanding.
pub fn open_for_unit(r: &dyn Read, serial: &str) -> Result<Vec<Campaign>> {
    let prefix = Key::new().str(serial).into_bytes();
    let mut out = Vec::new();
    for (k, _) in r.scan(Table::CampaignsByUnit, &Scan::prefix(&prefix).limit(CAMPAIGNS_MAX))? {
        let code = repo::second_str(&k)?;
        let c = get(r, &code)?;
        let outstanding = listed(r, &code, serial)?.is_some_and(|u| u.state == UnitState::Outstanding);
        if c.status == CampaignStatus::Released && outstanding {
            out.push(c);
        }
    }
    Ok(out)
}

/// A dealer's to-do list: its outstanding units of released campaigns, by campaign.
pub fn todo(r: &dyn Read, dealer: &str, limit: usize) -> Result<Vec<(Campaign, CampaignUnit)>> {
    let prefix = Key::new().str(dealer).into_bytes();
    let mut out = Vec::new();
    let mut current: Option<Campaign> = None;
    for (k, _) in r.scan(
        Table::CampaignUnitsByDealer,
        &Scan::prefix(&prefix).limit(REPORT_UNITS_MAX),
    )? {
        let mut kr = KeyReader::new(&k);
        let (Some(_), Some(code), Some(serial)) = (kr.str(), kr.str(), kr.str()) else {
            return Err(Error::Internal("malformed campaign index key".into()));
        };
        if current.as_ref().is_none_or(|c| c.code != code) {
            current = Some(get(r, &code)?);
        }
        let c = current.as_ref().expect("set above");
        if c.status != CampaignStatus::Released {
            continue;
        }
        if let Some(u) = listed(r, &code, &serial)?.filter(|u| u.state == UnitState::Outstanding) {
            out.push((c.clone(), u));
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

/// A listed unit a campaign claim may start from: the campaign and the unit (a dealer: its
/// own units only).
pub fn claim_start(r: &dyn Read, principal: &Principal, code: &str, serial: &str) -> Result<(Campaign, CampaignUnit)> {
    let c = campaign(r, principal, code)?;
    let unit = listed(r, code, serial)?
        .filter(|u| principal.role != Role::Dealer || principal.dealer.as_deref() == Some(u.dealer.as_str()))
        .ok_or_else(|| Error::not_found("campaign unit", serial))?;
    Ok((c, unit))
}

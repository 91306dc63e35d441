//! Recall and service campaigns (召回, 服务活动): the campaign, its list of units, each
//! unit's state, the checks a campaign claim meets instead of coverage, and the accounts
//! its approved lines post to.

use crate::domain::claims::LineKind;
use crate::domain::findings::{Finding, FindingCode, Severity};
use crate::domain::ids::{DocNo, PartNo, Serial};
use crate::domain::money::Fen;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// What a campaign is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignKind {
    /// A safety or quality recall (召回).
    Recall,
    /// A service campaign (服务活动).
    Service,
}

/// Where a campaign stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignStatus {
    /// Being prepared: its list may still grow; dealers do not see it.
    Draft,
    /// Released to the dealers: claims are taken between its dates.
    Released,
    /// Closed: no more claims.
    Closed,
}

/// One part of the kit each unit gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitLine {
    /// Part.
    pub part_no: PartNo,
    /// Quantity per unit.
    pub qty: i64,
}

/// A recall or service campaign; its code is its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// Code, e.g. `RC-2026-01`.
    pub code: String,
    /// Recall or service.
    pub kind: CampaignKind,
    /// Title.
    pub title: String,
    /// First day work is claimed for.
    pub valid_from_date: NaiveDate,
    /// Last day work is claimed for.
    pub valid_to_date: NaiveDate,
    /// Labor operation code.
    pub labor_operation: String,
    /// Standard minutes of the operation.
    pub standard_minutes: i64,
    /// Parts each unit gets.
    pub kit: Vec<KitLine>,
    /// Most paid per unit besides parts and labor (travel and other), fen.
    pub allowance_fen: Fen,
    /// Status.
    pub status: CampaignStatus,
    /// Units listed.
    pub units: u64,
    /// Version, from 1.
    pub version: u64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Released.
    pub released_at: Option<DateTime<Utc>>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Where one listed unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitState {
    /// The work is still to be done.
    Outstanding,
    /// A claim for the work was submitted.
    Completed,
    /// The work does not apply to the unit (with a reason).
    NotApplicable,
}

/// One unit on a campaign's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignUnit {
    /// Campaign code.
    pub campaign: String,
    /// The unit.
    pub serial: Serial,
    /// The dealer that does the work: the unit's selling or registered dealer.
    pub dealer: String,
    /// State.
    pub state: UnitState,
    /// The claim that completed it.
    pub claim: Option<DocNo>,
    /// The business date it was completed or found not applicable.
    pub done_date: Option<NaiveDate>,
    /// Why the work does not apply.
    pub reason: Option<String>,
}

impl Campaign {
    /// The account an approved line of `kind` debits: `campaign:<code>:{parts,labor,travel,other}`.
    pub fn account(code: &str, kind: LineKind) -> String {
        let k = match kind {
            LineKind::Part => "parts",
            LineKind::Labor => "labor",
            LineKind::Travel => "travel",
            LineKind::Other => "other",
        };
        format!("campaign:{code}:{k}")
    }

    /// Whether claims are taken for a repair on `date`: released, and within the dates.
    pub fn open_on(&self, date: NaiveDate) -> bool {
        self.status == CampaignStatus::Released && self.valid_from_date <= date && date <= self.valid_to_date
    }
}

/// The findings of a campaign claim on `lines` for a unit repaired on `repair_date`:
/// `listed` is the unit's entry on the list (if any); `claim` is the claim being checked
/// (its own completion does not count against it). Every finding is an error on each line.
pub fn check_claim(
    campaign: &Campaign,
    listed: Option<&CampaignUnit>,
    claim: &str,
    repair_date: NaiveDate,
    lines: &[u32],
) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut add = |code: FindingCode, message: String| {
        for &line in lines {
            found.push(Finding {
                line,
                code,
                severity: Severity::Error,
                message: message.clone(),
            });
        }
    };
    match listed {
        None => add(
            FindingCode::CampaignUnitNotListed,
            format!("the unit is not on campaign {}", campaign.code),
        ),
        Some(u) if u.state == UnitState::NotApplicable => add(
            FindingCode::CampaignUnitNotListed,
            format!("campaign {} does not apply to the unit", campaign.code),
        ),
        Some(u) if u.state == UnitState::Completed && u.claim.as_deref() != Some(claim) => add(
            FindingCode::CampaignAlreadyCompleted,
            format!(
                "campaign {} was completed on the unit by {}",
                campaign.code,
                u.claim.as_deref().unwrap_or("-")
            ),
        ),
        Some(_) => {}
    }
    if !campaign.open_on(repair_date) {
        add(
            FindingCode::CampaignClosed,
            format!(
                "campaign {} takes repairs from {} to {} while released",
                campaign.code, campaign.valid_from_date, campaign.valid_to_date
            ),
        );
    }
    found
}

/// The Monday of the ISO week of `date` (the completion report's week).
pub fn week_of(date: NaiveDate) -> NaiveDate {
    date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn campaign(status: CampaignStatus) -> Campaign {
        let at = DateTime::<Utc>::MIN_UTC;
        Campaign {
            code: "RC-2026-01".into(),
            kind: CampaignKind::Recall,
            title: "Brake hose".into(),
            valid_from_date: d(3, 1),
            valid_to_date: d(6, 30),
            labor_operation: "BRK-HOSE".into(),
            standard_minutes: 90,
            kit: vec![],
            allowance_fen: Fen(5_000),
            status,
            units: 1,
            version: 1,
            created_at: at,
            released_at: None,
            closed_at: None,
            updated_at: at,
        }
    }

    fn unit(state: UnitState, claim: Option<&str>) -> CampaignUnit {
        CampaignUnit {
            campaign: "RC-2026-01".into(),
            serial: "VIN-1".into(),
            dealer: "D001".into(),
            state,
            claim: claim.map(Into::into),
            done_date: None,
            reason: None,
        }
    }

    fn codes(f: &[Finding]) -> Vec<FindingCode> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_listed_outstanding_unit_within_the_dates_passes() {
        let c = campaign(CampaignStatus::Released);
        let u = unit(UnitState::Outstanding, None);
        for day in [d(3, 1), d(6, 30)] {
            assert!(check_claim(&c, Some(&u), "CL-000001", day, &[1, 2]).is_empty(), "{day}");
        }
    }

    #[test]
    fn the_dates_bound_the_campaign_and_only_while_released() {
        let c = campaign(CampaignStatus::Released);
        let u = unit(UnitState::Outstanding, None);
        for day in [d(2, 28), d(7, 1)] {
            assert_eq!(
                codes(&check_claim(&c, Some(&u), "CL-000001", day, &[1])),
                [FindingCode::CampaignClosed]
            );
        }
        for status in [CampaignStatus::Draft, CampaignStatus::Closed] {
            let c = campaign(status);
            assert_eq!(
                codes(&check_claim(&c, Some(&u), "CL-000001", d(4, 1), &[1])),
                [FindingCode::CampaignClosed]
            );
        }
    }

    #[test]
    fn one_completion_per_unit_and_only_listed_units() {
        let c = campaign(CampaignStatus::Released);
        let done = unit(UnitState::Completed, Some("CL-000001"));
        assert!(
            check_claim(&c, Some(&done), "CL-000001", d(4, 1), &[1]).is_empty(),
            "its own"
        );
        assert_eq!(
            codes(&check_claim(&c, Some(&done), "CL-000002", d(4, 1), &[1, 2])),
            [
                FindingCode::CampaignAlreadyCompleted,
                FindingCode::CampaignAlreadyCompleted
            ]
        );
        assert_eq!(
            codes(&check_claim(&c, None, "CL-000002", d(4, 1), &[1])),
            [FindingCode::CampaignUnitNotListed]
        );
        let na = unit(UnitState::NotApplicable, None);
        assert_eq!(
            codes(&check_claim(&c, Some(&na), "CL-000002", d(4, 1), &[1])),
            [FindingCode::CampaignUnitNotListed]
        );
    }

    #[test]
    fn accounts_and_weeks() {
        assert_eq!(Campaign::account("RC-1", LineKind::Part), "campaign:RC-1:parts");
        assert_eq!(Campaign::account("RC-1", LineKind::Other), "campaign:RC-1:other");
        assert_eq!(week_of(d(3, 2)), d(3, 2), "a Monday");
        assert_eq!(week_of(d(3, 8)), d(3, 2), "a Sunday");
        assert_eq!(week_of(d(3, 9)), d(3, 9));
    }
}

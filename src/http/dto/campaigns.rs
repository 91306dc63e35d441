//! Bodies of campaigns: the campaign, its units, the completion report, a dealer's to-do
//! list and the inputs.

use crate::commands::campaigns as cmd;
use crate::domain::campaigns as dom;
use crate::http::dto::{Wire, dto, dto_enum};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

dto_enum! {
    /// What a campaign is.
    dom::CampaignKind => CampaignKind {
        /// A safety or quality recall (召回).
        Recall,
        /// A service campaign (服务活动).
        Service,
    }
}

dto_enum! {
    /// Where a campaign stands.
    dom::CampaignStatus => CampaignStatus {
        /// Being prepared: its list may still grow; dealers do not see it.
        Draft,
        /// Released to the dealers: claims are taken between its dates.
        Released,
        /// Closed: no more claims.
        Closed,
    }
}

dto_enum! {
    /// Where one listed unit stands.
    dom::UnitState => CampaignUnitState {
        /// The work is still to be done.
        Outstanding,
        /// A claim for the work was submitted.
        Completed,
        /// The work does not apply to the unit (with a reason).
        NotApplicable,
    }
}

dto! {
    /// One part of the kit each unit gets.
    #[serde(deny_unknown_fields)]
    dom::KitLine => KitLine {
        /// Part.
        part_no: String,
        /// Quantity per unit.
        qty: i64,
    }
}

dto! {
    /// A recall or service campaign; its code is its key.
    dom::Campaign => Campaign {
        /// Code, e.g. `RC-2026-01`.
        code: String,
        /// Recall or service.
        kind: CampaignKind,
        /// Title.
        title: String,
        /// First day work is claimed for.
        valid_from_date: NaiveDate,
        /// Last day work is claimed for.
        valid_to_date: NaiveDate,
        /// Labor operation code.
        labor_operation: String,
        /// Standard minutes of the operation.
        standard_minutes: i64,
        /// Parts each unit gets.
        kit: Vec<KitLine>,
        /// Most paid per unit besides parts and labor (travel and other), fen.
        allowance_fen: i64,
        /// Status.
        status: CampaignStatus,
        /// Units listed.
        units: u64,
        /// Version, from 1.
        version: u64,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Released.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        released_at: Option<DateTime<Utc>>,
        /// Closed.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        closed_at: Option<DateTime<Utc>>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// One unit on a campaign's list.
    dom::CampaignUnit => CampaignUnit {
        /// Campaign code.
        campaign: String,
        /// The unit.
        serial: String,
        /// The dealer that does the work: the unit's selling or registered dealer.
        dealer: String,
        /// State.
        state: CampaignUnitState,
        /// The claim that completed it.
        claim: Option<String>,
        /// The business date it was completed or found not applicable.
        done_date: Option<NaiveDate>,
        /// Why the work does not apply.
        reason: Option<String>,
    }
}

dto! {
    /// A campaign as created.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"code": "RC-2026-01", "kind": "recall", "title": "Rear brake hose replacement",
        "valid_from_date": "2026-03-01", "valid_to_date": "2026-06-30", "labor_operation": "BRK-HOSE", "standard_minutes": 90,
        "kit": [{"part_no": "BC-3519", "qty": 1}], "allowance_fen": 5000}))]
    cmd::CampaignInput => CampaignInput {
        /// Code, e.g. `RC-2026-01` (upper case).
        code: String,
        /// Recall or service.
        kind: CampaignKind,
        /// Title.
        title: String,
        /// First day.
        valid_from_date: NaiveDate,
        /// Last day.
        valid_to_date: NaiveDate,
        /// Labor operation code.
        labor_operation: String,
        /// Standard minutes.
        standard_minutes: i64,
        /// Parts per unit.
        #[serde(default)]
        kit: Vec<KitLine>,
        /// Allowance per unit besides parts and labor, fen.
        #[serde(default)]
        allowance_fen: i64,
    }
}

/// Units to list on a campaign.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"serials": ["LZYTBGBW5N1000123", "LZYTBGBW5N1000124"]}))]
pub struct UnitsInput {
    /// Serials of registered units (1 to 20,000); each goes to its unit's dealer.
    pub serials: Vec<String>,
}

/// Why the work does not apply to a unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "hose already replaced at the factory"}))]
pub struct NotApplicableInput {
    /// The reason.
    pub reason: String,
}

/// Counts of one dealer, one week or the whole campaign.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Tally {
    /// Units completed.
    pub completed: u64,
    /// Units still to do.
    pub outstanding: u64,
    /// Units the work does not apply to.
    pub not_applicable: u64,
}

impl From<crate::queries::campaigns::Tally> for Tally {
    fn from(t: crate::queries::campaigns::Tally) -> Self {
        Tally {
            completed: t.completed,
            outstanding: t.outstanding,
            not_applicable: t.not_applicable,
        }
    }
}

/// One dealer's counts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DealerTally {
    /// Dealer.
    pub dealer: String,
    /// Counts.
    #[serde(flatten)]
    pub tally: Tally,
}

/// One week's counts (units completed or found not applicable that week).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WeekTally {
    /// The Monday of the week.
    pub week_date: NaiveDate,
    /// Counts.
    #[serde(flatten)]
    pub tally: Tally,
}

/// A reason given for units found not applicable.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReasonCount {
    /// The reason.
    pub reason: String,
    /// Units.
    pub units: u64,
}

/// Completion of a campaign by dealer and week.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Completion {
    /// The campaign.
    pub campaign: Campaign,
    /// All units (a dealer: its own).
    pub total: Tally,
    /// By dealer.
    pub dealers: Vec<DealerTally>,
    /// By week, oldest first.
    pub weeks: Vec<WeekTally>,
    /// Not-applicable reasons.
    pub reasons: Vec<ReasonCount>,
}

impl From<crate::queries::campaigns::Completion> for Completion {
    fn from(c: crate::queries::campaigns::Completion) -> Self {
        Completion {
            campaign: Wire::from_domain(c.campaign),
            total: c.total.into(),
            dealers: c
                .dealers
                .into_iter()
                .map(|(dealer, t)| DealerTally {
                    dealer,
                    tally: t.into(),
                })
                .collect(),
            weeks: c
                .weeks
                .into_iter()
                .map(|(week_date, t)| WeekTally {
                    week_date,
                    tally: t.into(),
                })
                .collect(),
            reasons: c
                .reasons
                .into_iter()
                .map(|(reason, units)| ReasonCount { reason, units })
                .collect(),
        }
    }
}

/// A campaign still to be done on a unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OpenCampaign {
    /// Code.
    pub code: String,
    /// Recall or service.
    pub kind: CampaignKind,
    /// Title.
    pub title: String,
    /// Last day.
    pub valid_to_date: NaiveDate,
}

impl From<dom::Campaign> for OpenCampaign {
    fn from(c: dom::Campaign) -> Self {
        OpenCampaign {
            code: c.code,
            kind: c.kind.into(),
            title: c.title,
            valid_to_date: c.valid_to_date,
        }
    }
}

/// One unit of a dealer's to-do list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TodoItem {
    /// The campaign.
    pub campaign: OpenCampaign,
    /// The unit.
    pub serial: String,
}

/// A unit with the campaigns still to be done on it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnitDetail {
    /// The unit.
    #[serde(flatten)]
    pub unit: crate::http::dto::warranty::Unit,
    /// Released campaigns whose work on the unit is outstanding.
    pub open_campaigns: Vec<OpenCampaign>,
}

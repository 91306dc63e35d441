//! Service-time standards (售后服务时效): how fast requisitions are approved and issued;
//! old-part aging, supplier recovery and the warranty cost the finance charts draw.

use crate::domain::auth::Principal;
use crate::domain::claims::{Claim, Disposition};
use crate::domain::numbered::DocumentKind;

use crate::domain::documents::Requisition;
use crate::domain::documents::RequisitionStatus::{Approved, Closed, Issued, PartiallyIssued};
use crate::domain::settlement::SupplierClaim;
use crate::domain::warranty::{Unit, business_date};
use crate::error::Result;
use crate::queries::lists::{dealer_visible, location_visible};
use crate::store::codec;
use crate::store::lookup;
use crate::store::{Read, Scan, Table};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// Targets of the service-time standards, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct TimeTargets {
    /// Requisition submit → approval (default 2 hours).
    pub approval_minutes: i64,
    /// Requisition approval → first issue (default 4 hours).
    pub issue_minutes: i64,
    /// Claim submit → every line decided (default 24 hours).
    pub claim_decision_minutes: i64,
}

impl Default for TimeTargets {
    fn default() -> Self {
        Self {
            approval_minutes: 120,
            issue_minutes: 240,
            claim_decision_minutes: 24 * 60,
        }
    }
}

/// One measured step against its target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Timeliness {
    /// Steps completed.
    pub completed: u64,
    /// Of those, within the target.
    pub on_time: u64,
    /// Steps not completed whose target has already passed.
    pub open_overdue: u64,
    /// on_time ÷ (completed + open_overdue), whole percent rounded half up; null when none.
    pub on_time_pct: Option<u64>,
    /// Mean minutes of the completed steps, rounded; null when none.
    pub mean_minutes: Option<i64>,
}

/// The requisition time report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RequisitionTimes {
    /// The targets measured against.
    pub targets: TimeTargets,
    /// Requisitions submitted in the period.
    pub submitted: u64,
    /// Submit → approval or rejection.
    pub approval: Timeliness,
    /// Approval → first issue.
    pub issue: Timeliness,
}

#[derive(Default)]
struct Tally {
    t: Timeliness,
    total_minutes: i64,
}

impl Tally {
    fn add(&mut self, start: DateTime<Utc>, end: Option<DateTime<Utc>>, target: i64, now: DateTime<Utc>) {
        match end {
            Some(end) => {
                let minutes = (end - start).num_minutes();
                self.t.completed += 1;
                self.total_minutes += minutes;
                if minutes <= target {
                    self.t.on_time += 1;
                }
            }
            None if (now - start).num_minutes() > target => self.t.open_overdue += 1,
            None => {}
        }
    }

    fn finish(mut self) -> Timeliness {
        let measured = self.t.completed + self.t.open_overdue;
        self.t.on_time_pct = (measured > 0).then(|| (200 * self.t.on_time + measured) / (2 * measured));
        self.t.mean_minutes = (self.t.completed > 0).then(|| {
            let n = self.t.completed as i64;
            (2 * self.total_minutes + n) / (2 * n)
        });
        self.t
    }
}

/// Whether `at` falls on a business date (China Standard Time, like every other date in
/// sanbao) between `from` and `to`, both inclusive and both optional.
fn in_period(at: DateTime<Utc>, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    let day = business_date(at);
    from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
}

/// Measures requisitions submitted between `from` and `to` (inclusive business dates) that
/// the caller may see.
pub fn requisition_times(
    r: &dyn Read,
    principal: &Principal,
    targets: TimeTargets,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<RequisitionTimes> {
    let (mut submitted, mut approval, mut issue) = (0, Tally::default(), Tally::default());
    let mut failure = None;
    r.visit(Table::Requisitions, &Scan::all(), &mut |_, v| {
        let rq: Requisition = codec::decode(v)?;
        let Some(sub) = rq.submitted_at else { return Ok(true) };
        if !in_period(sub, from, to) {
            return Ok(true);
        }
        match location_visible(r, principal, &rq.location) {
            Ok(true) => {}
            Ok(false) => return Ok(true),
            Err(e) => {
                failure = Some(e);
                return Ok(false);
            }
        }
        submitted += 1;
        approval.add(sub, rq.decided_at, targets.approval_minutes, now);
        let approved = matches!(rq.status, Approved | PartiallyIssued | Issued | Closed);
        if let (Some(decided), true) = (rq.decided_at, approved) {
            issue.add(decided, rq.first_issue_at, targets.issue_minutes, now);
        }
        Ok(true)
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(RequisitionTimes {
        targets,
        submitted,
        approval: approval.finish(),
        issue: issue.finish(),
    })
}

/// The claim time report (服务及时率).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ClaimTimes {
    /// Target, minutes from submit to decision.
    pub target_minutes: i64,
    /// Claims submitted in the period.
    pub submitted: u64,
    /// Submit → every line decided.
    pub decision: Timeliness,
}

/// Measures claims first submitted between `from` and `to` (inclusive business dates) that
/// the caller may see.
pub fn claim_times(
    r: &dyn Read,
    principal: &Principal,
    targets: TimeTargets,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<ClaimTimes> {
    let (mut submitted, mut decision) = (0, Tally::default());
    r.visit(Table::Claims, &Scan::all(), &mut |_, v| {
        let c: Claim = codec::decode(v)?;
        let Some(sub) = c.submitted_at else { return Ok(true) };
        if !in_period(sub, from, to) || !dealer_visible(principal, &c.dealer) {
            return Ok(true);
        }
        submitted += 1;
        decision.add(sub, c.decided_at, targets.claim_decision_minutes, now);
        Ok(true)
    })?;
    Ok(ClaimTimes {
        target_minutes: targets.claim_decision_minutes,
        submitted,
        decision: decision.finish(),
    })
}

/// Old parts of one dealer by age.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Aging {
    /// Dealer.
    pub dealer: String,
    /// Not yet due (due date today or later), not received.
    pub due: u64,
    /// Past due by 1–30 days, not received.
    pub overdue_0_30: u64,
    /// Past due by 31–60 days, not received.
    pub overdue_30_60: u64,
    /// Past due by more than 60 days, not received.
    pub overdue_60_plus: u64,
    /// Received, not yet inspected.
    pub received_not_inspected: u64,
}

/// Inspections of one month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Dispositions {
    /// `YYYY-MM` of the inspection (business time).
    pub month: String,
    /// Found reusable.
    pub reusable: u64,
    /// Scrapped.
    pub scrap: u64,
    /// Supplier to blame.
    pub supplier_fault: u64,
}

/// The old-parts report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OldPartsReport {
    /// The date aged against.
    pub as_of_date: NaiveDate,
    /// Aging per dealer.
    pub aging: Vec<Aging>,
    /// Inspections per month, oldest first.
    pub dispositions: Vec<Dispositions>,
}

/// Old-part aging per dealer and the monthly disposition summary.
pub fn old_parts(r: &dyn Read, principal: &Principal, today: NaiveDate) -> Result<OldPartsReport> {
    let mut aging: BTreeMap<String, Aging> = BTreeMap::new();
    let mut months: BTreeMap<String, Dispositions> = BTreeMap::new();
    for t in lookup::all_old_parts(r)? {
        if !dealer_visible(principal, &t.dealer) {
            continue;
        }
        let a = aging.entry(t.dealer.clone()).or_insert_with(|| Aging {
            dealer: t.dealer.clone(),
            ..Aging::default()
        });
        if t.received_at.is_none() {
            match (today - t.due_date).num_days() {
                d if d <= 0 => a.due += 1,
                1..=30 => a.overdue_0_30 += 1,
                31..=60 => a.overdue_30_60 += 1,
                _ => a.overdue_60_plus += 1,
            }
        } else if t.disposition.is_none() {
            a.received_not_inspected += 1;
        }
        if let (Some(at), Some(d)) = (t.inspected_at, t.disposition) {
            let month = business_date(at).format("%Y-%m").to_string();
            let m = months.entry(month.clone()).or_insert_with(|| Dispositions {
                month,
                ..Dispositions::default()
            });
            match d {
                Disposition::Reusable => m.reusable += 1,
                Disposition::Scrap => m.scrap += 1,
                Disposition::SupplierFault => m.supplier_fault += 1,
            }
        }
    }
    Ok(OldPartsReport {
        as_of_date: today,
        aging: aging.into_values().collect(),
        dispositions: months.into_values().collect(),
    })
}

/// Recovery of one supplier or part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Recovery {
    /// Supplier code or part number.
    pub key: String,
    /// Claimed from suppliers (submitted claims).
    pub claimed_fen: i64,
    /// Accepted by suppliers.
    pub accepted_fen: i64,
    /// accepted ÷ claimed of the answered lines, whole percent half up; null when none answered.
    pub recovery_pct: Option<i64>,
    #[serde(skip)]
    answered_claimed_fen: i64,
}

/// Warranty cost net of supplier recovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RecoveryReport {
    /// Approved warranty cost (`warranty:expense:*`).
    pub warranty_cost_fen: i64,
    /// Recovered from suppliers (`warranty:recovery`, as a positive amount).
    pub recovered_fen: i64,
    /// Salvage value of reusable old parts (`warranty:salvage`, as a positive amount).
    pub salvage_fen: i64,
    /// Cost less recovery and salvage.
    pub net_cost_fen: i64,
    /// Received in payment from suppliers.
    pub paid_fen: i64,
    /// By supplier.
    pub by_supplier: Vec<Recovery>,
    /// By part.
    pub by_part: Vec<Recovery>,
}

/// Warranty cost net of recovery, and the recovery rate by supplier and by part.
pub fn recovery(r: &dyn Read) -> Result<RecoveryReport> {
    let mut cost = 0;
    for k in ["parts", "labor", "travel", "other"] {
        cost += crate::store::repo::account_balance(r, &format!("warranty:expense:{k}"))?.get();
    }
    let recovered = -crate::store::repo::account_balance(r, crate::domain::ledger::accounts::WARRANTY_RECOVERY)?.get();
    let salvage = -crate::store::repo::account_balance(r, crate::domain::ledger::accounts::WARRANTY_SALVAGE)?.get();
    let (mut by_supplier, mut by_part): (BTreeMap<String, Recovery>, BTreeMap<String, Recovery>) = Default::default();
    let mut paid = 0;
    r.visit(Table::SupplierClaims, &Scan::all(), &mut |_, v| {
        let c: SupplierClaim = codec::decode(v)?;
        if c.submitted_at.is_none() {
            return Ok(true);
        }
        paid += c.paid_fen.get();
        for l in &c.lines {
            for (map, key) in [
                (&mut by_supplier, c.supplier.as_str()),
                (&mut by_part, l.part_no.as_str()),
            ] {
                let e = map.entry(key.to_owned()).or_insert_with(|| Recovery {
                    key: key.to_owned(),
                    ..Recovery::default()
                });
                e.claimed_fen += l.amount_fen.get();
                if let Some(a) = l.accepted_fen {
                    e.accepted_fen += a.get();
                    e.answered_claimed_fen += l.amount_fen.get();
                }
            }
        }
        Ok(true)
    })?;
    let finish = |m: BTreeMap<String, Recovery>| -> Vec<Recovery> {
        m.into_values()
            .map(|mut e| {
                let d = e.answered_claimed_fen as i128;
                e.recovery_pct = (d > 0).then(|| ((200 * e.accepted_fen as i128 + d) / (2 * d)) as i64);
                e
            })
            .collect()
    };
    Ok(RecoveryReport {
        warranty_cost_fen: cost,
        recovered_fen: recovered,
        salvage_fen: salvage,
        net_cost_fen: cost - recovered - salvage,
        paid_fen: paid,
        by_supplier: finish(by_supplier),
        by_part: finish(by_part),
    })
}

/// Approved warranty cost of one month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct MonthCost {
    /// `YYYY-MM` in business time.
    pub month: String,
    /// Approved amount of the claims decided that month, fen.
    pub approved_fen: i64,
    /// Claims decided that month.
    pub claims: u64,
}

/// Approved warranty cost of one model or dealer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct KeyCost {
    /// Model or dealer code.
    pub key: String,
    /// Approved amount, fen.
    pub approved_fen: i64,
    /// Claims.
    pub claims: u64,
}

/// The figures the finance charts draw, aggregated on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct WarrantyCostReport {
    /// First month of the window.
    pub from_month: String,
    /// Last month of the window (the current business month).
    pub to_month: String,
    /// Every month of the window, oldest first, empty months included.
    pub by_month: Vec<MonthCost>,
    /// By model of the unit repaired, largest first.
    pub by_model: Vec<KeyCost>,
    /// By dealer, largest first.
    pub by_dealer: Vec<KeyCost>,
}

/// Most months one report covers.
pub const COST_MONTHS_MAX: u32 = 36;

fn month_key(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// Approved cost of the claims decided in the last `months` business months (this one
/// included) that the caller may see, by month, model and dealer. Reads only the decided
/// and settled claims (two ranges of the by-status index), one unit per serial.
pub fn warranty_cost(
    r: &dyn Read,
    principal: &Principal,
    months: u32,
    now: DateTime<Utc>,
) -> Result<WarrantyCostReport> {
    use crate::domain::claims::ClaimStatus;
    use crate::store::{indexes, repo};
    use chrono::Datelike;
    if !(1..=COST_MONTHS_MAX).contains(&months) {
        return Err(crate::error::Error::invalid(
            "months",
            format!("must be 1 to {COST_MONTHS_MAX}"),
        ));
    }
    let today = business_date(now);
    let last = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let first = last.checked_sub_months(chrono::Months::new(months - 1)).unwrap_or(last);
    let mut by_month: BTreeMap<String, MonthCost> = BTreeMap::new();
    let mut m = first;
    while m <= last {
        by_month.insert(
            month_key(m),
            MonthCost {
                month: month_key(m),
                ..MonthCost::default()
            },
        );
        m = m.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX);
    }
    let (mut by_model, mut by_dealer): (BTreeMap<String, KeyCost>, BTreeMap<String, KeyCost>) = Default::default();
    let mut models: HashMap<String, String> = HashMap::new();
    for status in [ClaimStatus::Decided, ClaimStatus::Settled] {
        let prefix = indexes::doc_prefix(DocumentKind::Claim.prefix(), indexes::claim_status(status));
        for (k, _) in r.scan(Table::DocsByStatus, &Scan::prefix(&prefix))? {
            let key = repo::seq_key(indexes::number_at_end(&k)?);
            let Some(c) = repo::get::<Claim>(r, Table::Claims, &key)? else {
                continue;
            };
            let Some(decided) = c.decided_at.map(business_date) else {
                continue;
            };
            if decided < first || !dealer_visible(principal, &c.dealer) {
                continue;
            }
            let Some(month) = by_month.get_mut(&month_key(decided)) else {
                continue;
            };
            month.approved_fen += c.approved_fen.get();
            month.claims += 1;
            if !models.contains_key(c.unit_serial.as_str()) {
                let unit = repo::get::<Unit>(r, Table::Units, &repo::code_key(&c.unit_serial))?;
                models.insert(
                    c.unit_serial.to_string(),
                    unit.map_or_else(|| "unknown".into(), |u| u.model),
                );
            }
            let model = &models[c.unit_serial.as_str()];
            for (map, key) in [(&mut by_model, model), (&mut by_dealer, &c.dealer)] {
                let e = map.entry(key.clone()).or_insert_with(|| KeyCost {
                    key: key.clone(),
                    ..KeyCost::default()
                });
                e.approved_fen += c.approved_fen.get();
                e.claims += 1;
            }
        }
    }
    let largest_first = |m: BTreeMap<String, KeyCost>| {
        let mut v: Vec<KeyCost> = m.into_values().collect();
        v.sort_by(|a, b| b.approved_fen.cmp(&a.approved_fen).then_with(|| a.key.cmp(&b.key)));
        v
    };
    Ok(WarrantyCostReport {
        from_month: month_key(first),
        to_month: month_key(last),
        by_month: by_month.into_values().collect(),
        by_model: largest_first(by_model),
        by_dealer: largest_first(by_dealer),
    })
}

#[cfg(test)]
mod tests;

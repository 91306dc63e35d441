//! `sanbao generate --units N --claims M`: a sold fleet and its warranty claims for the
//! analytics benchmark, posted through the real commands (`units::create_unit`,
//! `claims::create`, `claims::submit`) in large shared transactions, like `generate`.
//! Every value follows from the unit's or claim's number, so the same run builds the same
//! data and a second run only tops up. Units are sold over the three years before `now`
//! by the demo's dealers, in the demo's models, built 5 to 64 days before the sale; one
//! claim in ten of the last three months falls on one part (`JUMP_PART`), so the early
//! warning has something to find.

use crate::commands::Ctx;
use crate::commands::claims::{self, ClaimInput, ClaimLineInput};
use crate::commands::units::{self, UnitInput};
use crate::domain::claims::PartSource;
use crate::domain::warranty::business_date;
use crate::error::Result;
use crate::store::{Db, repo};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use std::time::Instant;

/// Units or claims written per transaction.
pub const PER_COMMIT: u64 = 10_000;
/// Models the fleet is sold in (the demo's, which have policies).
pub const MODELS: [&str; 4] = ["K9-City", "K7-Coach", "E12-Electric", "T360-Truck"];
/// Dealers selling the fleet.
pub const DEALERS: [&str; 3] = ["D001", "D002", "D003"];
/// Parts claimed (warranty parts of the demo).
pub const PARTS: [&str; 8] = [
    "BC-3519", "BC-1013", "INJ-1078", "INJ-1079", "ALT-1111", "MIR-1155", "WPU-1199", "WPU-1200",
];
/// The part whose claims jump in the last three months.
pub const JUMP_PART: &str = "INJ-1079";
/// Days over which the fleet is sold.
pub const SALE_DAYS: u64 = 3 * 365;

/// What a run wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fleet {
    /// Generated units after the run.
    pub units: u64,
    /// Generated claims after the run.
    pub claims: u64,
}

/// SplitMix64 of a number: the same number, the same values.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn serial(i: u64) -> String {
    format!("GEN{i:010}")
}

/// The generated unit number `i`, as sold before `today`.
fn unit(i: u64, today: NaiveDate) -> UnitInput {
    let h = mix(i);
    let sale = today - Days::new(h % SALE_DAYS);
    UnitInput {
        serial: serial(i).into(),
        model: MODELS[(h >> 20) as usize % MODELS.len()].into(),
        dealer: DEALERS[(h >> 28) as usize % DEALERS.len()].into(),
        customer: format!("Fleet customer {}", (h >> 36) % 5_000),
        sale_date: sale,
        acceptance_date: None,
        built_on: sale.checked_sub_days(Days::new(5 + (h >> 44) % 60)),
    }
}

/// Days after its sale within which a generated unit may fail (its warranty).
const FAILURE_DAYS: u64 = 730;
/// Draws before a claim settles for a failure date capped at the report date.
const DRAWS: u64 = 32;

/// The generated claim number `j` against one of the first `units` units: its unit, the
/// failure date, and the part. A (unit, day in its first two years) pair is drawn until
/// the day is not after `today`, so every unit in service fails at the same daily rate
/// whatever its age: claims per unit in service stay level from month to month, and only
/// the jump part stands out on the early-warning chart.
fn claim(j: u64, units: u64, today: NaiveDate) -> (UnitInput, NaiveDate, &'static str) {
    let mut draw = 0;
    let (h, u, failure) = loop {
        let h = mix(j ^ 0xC1A1_0000_0000_0000 ^ (draw << 40));
        let u = unit(h % units, today);
        let in_service = (today - u.sale_date).num_days().max(0) as u64;
        let offset = (h >> 32) % FAILURE_DAYS;
        draw += 1;
        if offset <= in_service || draw == DRAWS {
            break (h, u.clone(), u.sale_date + Days::new(offset.min(in_service)));
        }
    };
    let recent = (today - failure).num_days() < 90;
    let part = if recent && (h >> 8).is_multiple_of(10) {
        JUMP_PART
    } else {
        PARTS[(h >> 12) as usize % PARTS.len()]
    };
    (u, failure, part)
}

fn at(date: NaiveDate, now: DateTime<Utc>) -> DateTime<Utc> {
    let t = date.and_hms_opt(2, 0, 0).map(|t| Utc.from_utc_datetime(&t));
    t.unwrap_or(now).min(now)
}

/// Tops the generated fleet up to `units` units and `claims` claims (each filed the day
/// after the repair and submitted). Expects the demo data (`generate::run` loads it).
pub fn run(db: &Db, units: u64, claims_wanted: u64, now: DateTime<Utc>, progress: bool) -> Result<Fleet> {
    let today = business_date(now);
    let started = Instant::now();
    let ctx = Ctx::system("generator", now);
    let mut done = repo::counter(&db.read()?, "generated_units")?;
    while done < units {
        let tx = db.begin_write()?;
        let mut batch = tx.batch();
        let end = (done + PER_COMMIT).min(units);
        for i in done..end {
            batch.run(|w| {
                repo::next_counter(w, "generated_units")?;
                units::create_unit(w, &ctx, unit(i, today))
            })?;
        }
        drop(batch);
        tx.commit()?;
        done = end;
        if progress {
            eprintln!("units {done}/{units} ({:.0} s)", started.elapsed().as_secs_f64());
        }
    }
    let mut filed = repo::counter(&db.read()?, "generated_claims")?;
    let pool = done.max(1);
    while filed < claims_wanted && done > 0 {
        let tx = db.begin_write()?;
        let mut batch = tx.batch();
        let end = (filed + PER_COMMIT).min(claims_wanted);
        for j in filed..end {
            let (u, failure, part) = claim(j, pool, today);
            let ctx = Ctx::system("generator", at(failure + Days::new(1), now));
            let input = ClaimInput {
                unit_serial: u.serial,
                failure_date: failure,
                repair_date: failure,
                usage_km: Some(1_000 + (failure - u.sale_date).num_days() * 150),
                usage_hours: None,
                fault_code: format!("F-{}", &part[..3]),
                description: "generated".into(),
                service_report: None,
                lines: vec![
                    ClaimLineInput::Part {
                        part_no: part.into(),
                        qty: 1,
                        source: PartSource::DealerStock,
                        requisition: None,
                        note: None,
                    },
                    ClaimLineInput::Labor {
                        minutes: 60,
                        note: None,
                    },
                ],
                kind: Default::default(),
                campaign: None,
                preauthorization: None,
                service_request: None,
            };
            batch.run(|w| {
                repo::next_counter(w, "generated_claims")?;
                let c = claims::create(w, &ctx, None, input)?;
                claims::submit(w, &ctx, &c.number, None)
            })?;
        }
        drop(batch);
        tx.commit()?;
        filed = end;
        if progress {
            eprintln!(
                "claims {filed}/{claims_wanted} ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(Fleet {
        units: done,
        claims: filed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queries::analytics::{self, Basis, Filter};
    use crate::queries::reconciliation;

    #[test]
    fn a_generated_fleet_reconciles_and_counts_in_the_mis_table() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("f.redb")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 6, 30, 4, 0, 0).unwrap();
        crate::generate::run(&db, 0, now, false).unwrap();
        let fleet = run(&db, 300, 40, now, false).unwrap();
        assert_eq!(fleet, Fleet { units: 300, claims: 40 });
        assert_eq!(
            run(&db, 300, 40, now, false).unwrap(),
            fleet,
            "a second run tops up only"
        );
        let r = db.read().unwrap();
        let report = reconciliation::run(&r).unwrap();
        assert!(report.balanced, "{:?}", report.differences);
        let mis = analytics::mis(&r, &Filter::new(business_date(now), Basis::Filed, 36)).unwrap();
        assert!(mis.units >= 300, "{}", mis.units);
        assert!(mis.claims + mis.claims_beyond >= 40, "{mis:?}");
    }

    #[test]
    fn failures_keep_a_level_rate_so_only_the_jump_part_is_flagged() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("f.redb")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 6, 30, 4, 0, 0).unwrap();
        crate::generate::run(&db, 0, now, false).unwrap();
        run(&db, 20_000, 6_000, now, false).unwrap();
        let r = db.read().unwrap();
        let filter = Filter::new(business_date(now), Basis::Filed, 36);
        let report = analytics::early_warning(&r, &filter).unwrap();
        // The demo's own claims (other parts, no baseline) may flag too; of the generated
        // parts only the jump part does.
        let flagged: std::collections::BTreeSet<&str> = report
            .flags
            .iter()
            .map(|f| f.part_no.as_str())
            .filter(|p| PARTS.contains(p))
            .collect();
        assert_eq!(flagged, [JUMP_PART].into(), "{:?}", report.flags);
    }
}

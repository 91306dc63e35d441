//! Demo service requests (售后服务登记): a month of them across the demo's dealers, in
//! every state, some late, most followed up, one cancelled and one paid service collected —
//! taken, forwarded and worked through the real commands at the times they happened.

use crate::commands::Ctx;
use crate::commands::service_requests::{self as cmd, ArrangeInput, QuoteInput, RequestInput, ResolveInput};
use crate::domain::claims::Claim;
use crate::domain::ids::DocNo;
use crate::domain::money::Fen;
use crate::domain::service_requests::{AssigneeKind, Channel, FaultClass, FollowUpInput, FollowUpOutcome, Links};
use crate::domain::warranty::Unit;
use crate::error::Result;
use crate::store::{Overlay, Read, Scan, Table, codec};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

/// How many requests a month of demo holds.
const REQUESTS: u64 = 40;

/// A small deterministic generator, so the demo is the same every time.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

fn decoded<T: codec::Stored>(w: &Overlay<'_>, table: Table, limit: usize) -> Result<Vec<T>> {
    let pairs = w.scan(table, &Scan::all().limit(limit))?;
    pairs.iter().map(|(_, v)| Ok(codec::decode(v)?)).collect()
}

/// Loads the demo's service requests, `now` being the time the demo is loaded.
pub fn load(w: &mut Overlay<'_>, now: DateTime<Utc>) -> Result<()> {
    let units: Vec<Unit> = decoded(w, Table::Units, 500)?;
    let claims: Vec<Claim> = decoded(w, Table::Claims, 500)?;
    let mut by_dealer: BTreeMap<String, Vec<&Unit>> = BTreeMap::new();
    for u in &units {
        by_dealer.entry(u.dealer.clone()).or_default().push(u);
    }
    let dealers: Vec<&String> = by_dealer.keys().collect();
    if dealers.is_empty() {
        return Ok(());
    }
    let mut dice = Dice(20_260_302);
    for i in 0..REQUESTS + 4 {
        // Spread over thirty days, then four taken in the last hours, each stopped at another step.
        let (received, last_step) = if i < REQUESTS {
            let back = 30 * 24 * 60 * (REQUESTS - i) / REQUESTS + dice.roll(180);
            (now - Duration::minutes(back as i64 + 600), 6)
        } else {
            let k = i - REQUESTS;
            (now - Duration::minutes([40, 200, 420, 900][k as usize]), k as u8)
        };
        let dealer = dealers[(i as usize) % dealers.len()];
        let fleet = &by_dealer[dealer];
        let unit = (i % 5 != 4).then(|| fleet[(i as usize / dealers.len()) % fleet.len()]);
        let (class, km, supplier) = match i % 5 {
            0 => (FaultClass::Body, 20 + dice.roll(80) as i64, false),
            1 => (FaultClass::ChassisEngine, 10 + dice.roll(200) as i64, false),
            2 => (FaultClass::Body, 120 + dice.roll(200) as i64, false),
            3 => (FaultClass::Other, dice.roll(50) as i64, false),
            _ => (FaultClass::Body, 30 + dice.roll(60) as i64, true),
        };
        let desk = Ctx::system("demo-clerk", received);
        let r = cmd::create(
            w,
            &desk,
            RequestInput {
                channel: [
                    Channel::Phone,
                    Channel::Phone,
                    Channel::Letter,
                    Channel::Visit,
                    Channel::Web,
                ][(i % 5) as usize],
                customer: unit.map_or_else(|| format!("{dealer} 散客 {}", i + 1), |u| u.customer.clone()),
                contact: format!("1390451{:04}", 1000 + i * 37),
                unit_serial: unit.map(|u| u.serial.clone()),
                dealer: unit.is_none().then(|| dealer.clone()),
                fault_class: class,
                distance_km: km,
                needs_supplier: supplier,
                description: [
                    "车门关不上",
                    "发动机故障灯亮",
                    "空调不制冷",
                    "高速行驶异响",
                    "前挡风玻璃裂纹",
                ][(i % 5) as usize]
                    .into(),
                received_at: None,
            },
        )?;
        let n = r.number.to_string();
        let at = |m: u64| received + Duration::minutes(m as i64);
        let late = i % 7 == 3;
        let arranged = at(if late { 130 + dice.roll(60) } else { 15 + dice.roll(90) });
        if last_step < 1 || arranged > now {
            continue;
        }
        let department = class == FaultClass::ChassisEngine && i % 2 == 1;
        let assignee = if department { "TECH".to_string() } else { dealer.clone() };
        cmd::arrange(
            w,
            &Ctx::system("demo-clerk", arranged),
            &n,
            None,
            ArrangeInput {
                assignee_kind: if department {
                    AssigneeKind::Department
                } else {
                    AssigneeKind::Dealer
                },
                assignee: assignee.clone(),
                plan: "服务工程师回电并预约上门".into(),
            },
        )?;
        if i % 13 == 6 {
            cmd::cancel(
                w,
                &Ctx::system("demo-clerk", arranged + Duration::minutes(30)),
                &n,
                None,
                "用户已自行修复",
            )?;
            continue;
        }
        let worker = if department {
            "demo-clerk".to_string()
        } else {
            format!("demo-dealer-{dealer}")
        };
        let checked = arranged + Duration::minutes(if i % 11 == 5 { 260 } else { 30 + dice.roll(180) } as i64);
        if last_step >= 2 && checked <= now {
            cmd::check(
                w,
                &Ctx::system("demo-supervisor", checked),
                &n,
                None,
                Some("承办方已确认安排".into()),
            )?;
        }
        let on_site = class == FaultClass::Body && km <= 100 && !supplier;
        let reached = if on_site {
            at(180 + dice.roll(if i % 6 == 0 { 1800 } else { 1200 }))
        } else {
            at(60 + dice.roll(660))
        };
        if last_step < 3 || reached > now {
            continue;
        }
        cmd::reach(w, &Ctx::system(&worker, reached), &n, None, on_site)?;
        if i == 10 {
            let quoted = reached + Duration::minutes(20);
            cmd::quote(
                w,
                &Ctx::system("demo-clerk", quoted),
                &n,
                None,
                QuoteInput {
                    travel_fen: Fen(15_000),
                    wages_fen: Fen(24_000),
                    note: Some("车辆已过三包期".into()),
                },
            )?;
            cmd::decide_quote(
                w,
                &Ctx::system("demo-supervisor", quoted + Duration::minutes(15)),
                &n,
                None,
                true,
                None,
            )?;
            cmd::collect_fee(
                w,
                &Ctx::system("demo-finance", quoted + Duration::minutes(90)),
                &n,
                None,
                Fen(39_000),
                "POS-DEMO-0010",
            )?;
        }
        let resolved = reached + Duration::minutes(60 + dice.roll(1800) as i64);
        if last_step < 4 || resolved > now {
            continue;
        }
        let serial = unit.map(|u| u.serial.clone());
        let linked: Vec<DocNo> = claims
            .iter()
            .filter(|c| Some(&c.unit_serial) == serial.as_ref())
            .map(|c| c.number.clone())
            .take(1)
            .collect();
        cmd::resolve(
            w,
            &Ctx::system(&worker, resolved),
            &n,
            None,
            ResolveInput {
                resolution: "已修复并与用户一起试车".into(),
                links: Links {
                    claims: linked,
                    ..Links::default()
                },
            },
        )?;
        let mut call = resolved + Duration::minutes(1440 + dice.roll(5 * 1440) as i64);
        if last_step < 5 || call > now {
            continue;
        }
        if i % 9 == 4 {
            for _ in 0..3 {
                if call <= now {
                    cmd::follow_up(w, &Ctx::system("demo-clerk", call), &n, None, unreachable())?;
                }
                call += Duration::minutes(240);
            }
            continue;
        }
        let score = [5, 5, 4, 4, 5, 3, 4, 5, 2, 5, 4][(i % 11) as usize];
        cmd::follow_up(
            w,
            &Ctx::system("demo-clerk", call),
            &n,
            None,
            FollowUpInput {
                outcome: FollowUpOutcome::Reached,
                satisfaction: Some(score),
                complaint: (score <= 3).then(|| "服务人员晚于约定时间到达".to_string()),
                service_fault: score == 2,
                note: None,
            },
        )?;
    }
    Ok(())
}

fn unreachable() -> FollowUpInput {
    FollowUpInput {
        outcome: FollowUpOutcome::Unreachable,
        satisfaction: None,
        complaint: None,
        service_fault: false,
        note: Some("无人接听".into()),
    }
}

//! Demo data embedded in the binary, loaded into an empty database through the same
//! commands the API uses (so the demo books reconcile).

use crate::commands::claims::{self, ClaimInput, ClaimLineInput, LineDecision, ReviewInput};
use crate::commands::old_parts::{self, InspectionInput};
use crate::commands::requisitions::{self, DecisionInput, RequisitionInput, RequisitionLineInput};
use crate::commands::transfers::{self, ScanLine, TransferInput};
use crate::commands::units::{self, PolicyInput, RegistrationInput, UnitInput};
use crate::commands::{Ctx, master, receipts};
use crate::domain::claims::{Disposition, Outcome, PartSource};
use crate::domain::documents::{Purpose, TransferMode};
use crate::domain::ids::Serial;
use crate::domain::money::Fen;
use crate::domain::warranty::{CoverageStart, LaborStandard, PartOverride, business_date};
use crate::error::{Error, Result};
use crate::http::dto::master::{DealerInput, LocationInput, PartInput, SupplierInput};
use crate::http::dto::stock::ReceiptInput;
use crate::store::Overlay;
use crate::store::lookup;
use crate::store::repo;
use crate::store::{Db, Read, Scan, Table};
use chrono::{DateTime, Utc};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

mod campaigns;
mod customers;
mod finance;
mod preauth;
mod reorder;
mod reserve_plans;
mod risk;
mod service;
mod supply;

const DEMO: &str = include_str!("../fixtures/demo.json");

/// The demo data set, in the API's request bodies.
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

/// Whether the database was seeded with the demo data.
pub fn is_demo(db: &Db) -> Result<bool> {
    Ok(db.read()?.get(Table::Meta, &repo::demo_flag_key())?.is_some())
}

/// Whether the database holds any API token (demo mode accepts well-known tokens, so it
/// must never serve a database someone issued a real token for).
pub fn holds_tokens(db: &Db) -> Result<bool> {
    Ok(!db.read()?.scan(Table::Tokens, &Scan::all().limit(1))?.is_empty())
}

/// Loads the demo data into an empty database and marks it as a demo database; a demo
/// database is left unchanged; a database holding any token, or any other non-empty
/// database, is refused.
pub fn load_demo(db: &Db, now: DateTime<Utc>) -> Result<()> {
    if holds_tokens(db)? {
        return Err(Error::DemoRefused { reason: "holds_tokens" });
    }
    if is_demo(db)? {
        return Ok(());
    }
    if !repo::is_empty(&db.read()?)? {
        return Err(Error::DemoRefused { reason: "holds_data" });
    }
    let d = demo();
    let ctx = Ctx::system("demo-loader", now);
    db.write_once(|w| {
        master::ensure_in_transit(w, &ctx)?;
        for x in d.dealers {
            master::create_dealer(w, &ctx, x.into())?;
        }
        for x in d.suppliers {
            master::create_supplier(w, &ctx, x.into())?;
        }
        for x in d.locations {
            master::create_location(w, &ctx, x.into())?;
        }
        for x in d.parts {
            master::create_part(w, &ctx, x.into())?;
        }
        for x in d.receipts {
            receipts::post(w, &ctx, x.into())?;
        }
        demo_units(w, now)?;
        demo_requisitions(w, now)?;
        demo_claims(w, now)?;
        finance::demo_finance(w, now)?;
        service::load(w, now)?;
        supply::demo_supply(w, now)?;
        preauth::demo_preauth(w, now)?;
        reserve_plans::demo_reserve_plans(w, now)?;
        campaigns::load(w, now)?;
        reorder::demo_reorder_levels(w, now)?;
        risk::demo_risk(w, now)?;
        w.put(Table::Meta, repo::demo_flag_key(), vec![1]);
        Ok(())
    })
}

/// Requisitions in each state at the D001 station, raised by its dealer and decided by
/// the demo supervisor, so the demo shows the whole flow (and still reconciles).
fn demo_requisitions(w: &mut Overlay<'_>, now: DateTime<Utc>) -> Result<()> {
    let clerk = Ctx::system("demo-clerk", now);
    let dealer = Ctx::system("demo-dealer-D001", now);
    let supervisor = Ctx::system("demo-supervisor", now);
    let restock = TransferInput {
        from: "WH-01".into(),
        to: "ST-D001".into(),
        mode: TransferMode::Direct,
        lines: vec![
            ScanLine {
                part_no: Some("BC-3519".into()),
                barcode: None,
                qty: 6,
            },
            ScanLine {
                part_no: Some("FLT-0042".into()),
                barcode: None,
                qty: 10,
            },
        ],
    };
    transfers::ship(w, &clerk, restock)?;
    let scan = |part: &str, qty: i64| ScanLine {
        part_no: Some(part.into()),
        barcode: None,
        qty,
    };
    type Plan<'a> = (Purpose, Option<&'a str>, &'a str, i64, bool);
    // ((purpose, unit, part, qty, submit), approve?, issued, returned)
    let plan: [(Plan<'_>, Option<bool>, i64, i64); 6] = [
        (
            (Purpose::Warranty, Some("LZYTBGBW5N1001002"), "BC-3519", 1, false),
            None,
            0,
            0,
        ),
        (
            (Purpose::Warranty, Some("LZYTBGBW5N1001003"), "BC-3519", 1, true),
            None,
            0,
            0,
        ),
        (
            (Purpose::Warranty, Some("LZYTBGBW5N1000201"), "BC-3519", 2, true),
            Some(true),
            1,
            0,
        ),
        ((Purpose::PaidService, None, "FLT-0042", 4, true), Some(true), 4, 1),
        (
            (Purpose::Warranty, Some("LZYTBGBW5N1001004"), "BC-3519", 1, true),
            Some(true),
            0,
            0,
        ),
        ((Purpose::Internal, None, "FLT-0042", 2, true), Some(false), 0, 0),
    ];
    for ((purpose, unit, part, qty, submit), decision, issued, returned) in plan {
        let service_request = match purpose {
            Purpose::PaidService => Some(service::paid_request(w, now)?),
            _ => None,
        };
        let input = RequisitionInput {
            location: "ST-D001".into(),
            purpose,
            unit_serial: unit.map(Serial::from),
            lines: vec![RequisitionLineInput {
                part_no: part.into(),
                qty,
                reason: Some(
                    match purpose {
                        Purpose::Warranty => "三包维修更换",
                        Purpose::PaidService => "有偿保养更换",
                        Purpose::Internal => "服务车随车备件",
                    }
                    .into(),
                ),
            }],
            submit,
            service_request,
        };
        let rq = requisitions::create(w, &dealer, input)?;
        if let Some(approve) = decision {
            let comment = (!approve).then(|| "服务车上还有滤清器，先用随车库存".to_string());
            requisitions::decide(w, &supervisor, &rq.number, None, approve, DecisionInput { comment })?;
        }
        if issued > 0 {
            requisitions::issue(w, &dealer, &rq.number, scan(part, issued))?;
        }
        if returned > 0 {
            requisitions::return_unused(w, &dealer, &rq.number, scan(part, returned))?;
            requisitions::close(w, &dealer, &rq.number, None)?;
        }
    }
    Ok(())
}

/// The demo's unit serials: `LZYTBGBW5N1` and six digits.
fn vin(n: u64) -> String {
    format!("LZYTBGBW5N1{n:06}")
}

/// Policies for the four models and units sold by the three station dealers (some
/// registered late, some not at all, two out of coverage), relative to `now`.
fn demo_units(w: &mut Overlay<'_>, now: DateTime<Utc>) -> Result<()> {
    let admin = Ctx::system("demo-admin", now);
    let clerk = Ctx::system("demo-clerk", now);
    let today = business_date(now);
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    for (model, months, km, rate) in [
        ("K9-City", 24, 200_000, 8_000),
        ("K7-Coach", 24, 300_000, 9_000),
        ("E12-Electric", 36, 250_000, 9_500),
        ("T360-Truck", 12, 150_000, 7_500),
    ] {
        let policy = PolicyInput {
            model: model.into(),
            effective_from_date: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(today),
            months,
            usage_limit_km: Some(km),
            usage_limit_hours: None,
            coverage_start: CoverageStart::Sale,
            labor_rate_fen: Fen(rate),
            registration_days: 20,
            filing_days: 30,
            return_days: 30,
            part_overrides: vec![PartOverride {
                part_no: "MIR-1155".into(),
                months: Some(12),
                covered: true,
            }],
            labor_standards: vec![
                LaborStandard {
                    fault_code: "BRK-021".into(),
                    minutes: 180,
                },
                LaborStandard {
                    fault_code: "ELE-104".into(),
                    minutes: 120,
                },
            ],
            preauth_threshold_fen: crate::domain::warranty::defaults::PREAUTH_THRESHOLD_FEN,
            preauth_parts: vec!["BD-1023".into()],
            preauth_fault_codes: vec!["ENG-001".into()],
            preauth_valid_days: crate::domain::warranty::defaults::PREAUTH_VALID_DAYS,
            max_km_per_day: crate::domain::warranty::defaults::MAX_KM_PER_DAY,
            near_expiry_days: crate::domain::warranty::defaults::NEAR_EXPIRY_DAYS,
        };
        units::put_policy(w, &admin, None, policy)?;
    }
    let models = ["K9-City", "K7-Coach", "E12-Electric", "T360-Truck"];
    // (serial number, dealer, sold days ago, registration days after sale)
    let mut fleet: Vec<(u64, &str, u64, Option<u64>)> = Vec::new();
    for (i, dealer) in ["D001", "D002", "D003"].into_iter().enumerate() {
        for k in 0..8u64 {
            let registered = match k {
                5 => Some(25), // late
                6 => None,     // card never came back
                _ => Some(3 + k),
            };
            let sold = if k == 7 { 800 } else { 60 + 40 * k + 10 * i as u64 };
            fleet.push((1000 * (i as u64 + 1) + k, dealer, sold, registered));
        }
    }
    fleet.push((201, "D001", 120, Some(5)));
    for (n, (number, dealer, sold, registered)) in fleet.iter().enumerate() {
        let sale = ago(*sold);
        let unit = UnitInput {
            serial: vin(*number).into(),
            model: models[n % models.len()].into(),
            dealer: (*dealer).into(),
            customer: customers::CUSTOMERS[n % customers::CUSTOMERS.len()].into(),
            sale_date: sale,
            acceptance_date: None,
            built_on: sale.checked_sub_days(Days::new(12 + (n as u64 % 5) * 9)),
        };
        let serial = unit.serial.clone();
        units::create_unit(w, &admin, unit)?;
        if let Some(days) = registered {
            let received = sale.checked_add_days(Days::new(*days)).unwrap_or(sale).min(today);
            units::register(
                w,
                &clerk,
                &serial,
                None,
                RegistrationInput {
                    received_date: received,
                },
            )?;
        }
    }
    Ok(())
}

/// Claims in every state with their old parts, relative to `now`, so the demo always has
/// recent work.
fn demo_claims(w: &mut Overlay<'_>, now: DateTime<Utc>) -> Result<()> {
    let clerk = Ctx::system("demo-clerk", now);
    let reviewer = Ctx::system("demo-reviewer", now);
    let today = business_date(now);
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let dealer = Ctx::system("demo-dealer-D001", now);
    let file = |unit: &str, days_ago: u64, fault: &str, what: &str, lines: Vec<ClaimLineInput>| ClaimInput {
        unit_serial: unit.into(),
        failure_date: ago(days_ago + 1),
        repair_date: ago(days_ago),
        usage_km: Some(42_000 + 1_000 * days_ago as i64),
        usage_hours: None,
        fault_code: fault.into(),
        description: what.into(),
        service_report: None,
        lines,
        kind: Default::default(),
        campaign: None,
        preauthorization: None,
        service_request: None,
    };
    let labor = |minutes| ClaimLineInput::Labor { minutes, note: None };
    let travel = |amount_fen| ClaimLineInput::Travel {
        amount_fen,
        note: Some("外出救援".into()),
    };
    let dealer_part = |part: &str| ClaimLineInput::Part {
        part_no: part.into(),
        qty: 1,
        source: PartSource::DealerStock,
        requisition: None,
        note: None,
    };
    // Draft.
    claims::create(
        w,
        &dealer,
        None,
        file(
            &vin(1000),
            2,
            "ELE-104",
            "仪表报警，蓄电池亏电，车辆无法启动",
            vec![labor(60), travel(Fen(8_000))],
        ),
    )?;
    // Submitted: the company part issued on RQ-000003 waits for its old part.
    let company = ClaimLineInput::Part {
        part_no: "BC-3519".into(),
        qty: 1,
        source: PartSource::CompanyStock,
        requisition: Some("RQ-000003".into()),
        note: None,
    };
    let c = claims::create(
        w,
        &dealer,
        None,
        file(
            &vin(201),
            3,
            "BRK-021",
            "制动时左前轮异响，制动气室漏气，更换制动气室",
            vec![company, labor(150), travel(Fen(15_000))],
        ),
    )?;
    claims::submit(w, &dealer, &c.number, None)?;
    // Returned for more information.
    let c = claims::create(
        w,
        &dealer,
        None,
        file(
            &vin(1001),
            6,
            "ELE-104",
            "仪表盘无显示，线束插接件烧蚀",
            vec![labor(200)],
        ),
    )?;
    claims::submit(w, &dealer, &c.number, None)?;
    claims::review(
        w,
        &reviewer,
        &c.number,
        None,
        ReviewInput::Return {
            comment: "请补传维修工单和故障部位照片".into(),
        },
    )?;
    // Decided: a dealer-stock mirror and labor, approved.
    let c = claims::create(
        w,
        &dealer,
        None,
        file(
            &vin(1002),
            9,
            "BDY-310",
            "右侧外后视镜镜片松动脱落，更换后视镜总成",
            vec![dealer_part("MIR-1155"), labor(45)],
        ),
    )?;
    claims::submit(w, &dealer, &c.number, None)?;
    let approve = |line| LineDecision {
        line,
        outcome: Outcome::Approve,
        amount_fen: None,
        reason: None,
        reopen: false,
    };
    claims::review(
        w,
        &reviewer,
        &c.number,
        None,
        ReviewInput::Decide {
            lines: vec![approve(1), approve(2)],
        },
    )?;
    // Rejected automatically: the registration card came back late.
    let c = claims::create(
        w,
        &dealer,
        None,
        file(
            &vin(1005),
            4,
            "ELE-104",
            "雨刮器不工作，雨刮电机烧毁",
            vec![dealer_part("WPM-1133"), labor(90)],
        ),
    )?;
    claims::submit(w, &dealer, &c.number, None)?;
    // A supplier-fault alternator: returned, inspected, approved (labor reduced).
    let c = claims::create(
        w,
        &dealer,
        None,
        file(
            &vin(1003),
            12,
            "ELE-104",
            "充电指示灯常亮，发电机不发电，更换发电机总成",
            vec![dealer_part("ALT-1111"), labor(150)],
        ),
    )?;
    claims::submit(w, &dealer, &c.number, None)?;
    for tag in lookup::all_old_parts(w)?.into_iter().filter(|t| t.claim == c.number) {
        old_parts::receive(
            w,
            &clerk,
            old_parts::TagScanInput {
                tag: tag.tag.clone(),
                location: None,
                dealer: None,
            },
        )?;
        let finding = InspectionInput {
            disposition: Disposition::SupplierFault,
            supplier: None,
            notes: Some("整流二极管击穿".into()),
            location: None,
            salvage_value_fen: None,
        };
        old_parts::inspect(w, &reviewer, &tag.tag, finding)?;
    }
    let reduce = LineDecision {
        line: 2,
        outcome: Outcome::Reduce,
        amount_fen: Some(Fen(16_000)),
        reason: Some("按工时标准120分钟核定".into()),
        reopen: false,
    };
    claims::review(
        w,
        &reviewer,
        &c.number,
        None,
        ReviewInput::Decide {
            lines: vec![approve(1), reduce],
        },
    )?;
    Ok(())
}

//! Campaign claims in the ledger model: a recall over ten units, claims filed on random
//! units with a dealer-stock part and another cost, decided approve, reduce or reject; the
//! campaign's accounts hold what the oracle approved, a unit completes once, and the
//! reconciliation report stays balanced.

use super::{Ctx, Db, Error, Fen, UnitInput, units};
use proptest::prelude::*;
use sanbao::commands::campaigns::{self, CampaignInput};
use sanbao::commands::claims::{self, ClaimInput, ClaimLineInput, LineDecision, ReviewInput};
use sanbao::domain::campaigns::{CampaignKind, KitLine};
use sanbao::domain::claims::{ClaimKind, Outcome, PartSource};
use sanbao::queries::reconciliation;
use sanbao::store::repo;
use std::collections::{HashMap, HashSet};

const CODE: &str = "RC-M1";
const UNITS: u64 = 10;

fn serial(n: u64) -> String {
    format!("VIN-C{n}")
}

fn setup(db: &Db, ctx: &Ctx) {
    super::setup(db, ctx);
    db.write_once(|w| {
        let mut serials = Vec::new();
        for n in 0..UNITS {
            let unit = UnitInput {
                serial: serial(n).into(),
                model: "M1".into(),
                dealer: "D1".into(),
                customer: "Customer".into(),
                sale_date: chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap(),
                acceptance_date: None,
                built_on: None,
            };
            units::create_unit(w, ctx, unit)?;
            serials.push(serial(n).into());
        }
        let input = CampaignInput {
            code: CODE.into(),
            kind: CampaignKind::Recall,
            title: "model recall".into(),
            valid_from_date: chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
            valid_to_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            labor_operation: "OP-1".into(),
            standard_minutes: 60,
            kit: vec![KitLine {
                part_no: "P-1".into(),
                qty: 1,
            }],
            allowance_fen: Fen(1_000),
        };
        campaigns::create(w, ctx, input)?;
        campaigns::add_units(w, ctx, CODE, None, &serials)?;
        campaigns::release(w, ctx, CODE, None)?;
        Ok::<_, Error>(())
    })
    .unwrap();
}

/// A campaign claim on unit `unit` with `qty` of P-1 (900 each) and `other` fen, decided
/// with `decision`: 0 approve, 1 reduce the part line to half, 2 reject the part line.
#[derive(Debug, Clone)]
struct Filing {
    unit: u64,
    qty: i64,
    other: i64,
    decision: u8,
}

fn filing() -> impl Strategy<Value = Filing> {
    (0..UNITS, 1..4i64, 1..5_000i64, 0..3u8).prop_map(|(unit, qty, other, decision)| Filing {
        unit,
        qty,
        other,
        decision,
    })
}

#[derive(Default)]
struct Books {
    accounts: HashMap<&'static str, i64>,
    accrued: i64,
    completed: HashSet<u64>,
}

fn apply(db: &Db, ctx: &Ctx, books: &mut Books, f: &Filing) {
    let date = chrono::NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
    let input = ClaimInput {
        unit_serial: serial(f.unit).into(),
        failure_date: date,
        repair_date: date,
        usage_km: None,
        usage_hours: None,
        fault_code: "OP-1".into(),
        description: "recall work".into(),
        service_report: None,
        lines: vec![
            ClaimLineInput::Part {
                part_no: "P-1".into(),
                qty: f.qty,
                source: PartSource::DealerStock,
                requisition: None,
                note: None,
            },
            ClaimLineInput::Other {
                amount_fen: Fen(f.other),
                note: None,
            },
        ],
        kind: ClaimKind::Campaign,
        campaign: Some(CODE.into()),
        preauthorization: None,
        service_request: None,
    };
    let first = books.completed.insert(f.unit);
    db.write_once(|w| {
        let c = claims::create(w, ctx, None, input)?;
        let done = claims::submit(w, ctx, &c.number, None)?;
        let rejected = done
            .claim
            .lines
            .iter()
            .all(|l| l.status == sanbao::domain::claims::LineStatus::Rejected);
        assert_eq!(rejected, !first, "one completion per unit: {:?}", done.findings);
        if first {
            let part = 900 * f.qty;
            let (outcome, amount, reason) = match f.decision {
                0 => (Outcome::Approve, None, None),
                1 => (Outcome::Reduce, Some(Fen(part / 2)), Some("half".to_string())),
                _ => (Outcome::Reject, None, Some("not done".to_string())),
            };
            let part_paid = match f.decision {
                0 => part,
                1 => part / 2,
                _ => 0,
            };
            let decide = ReviewInput::Decide {
                lines: vec![
                    LineDecision {
                        line: 1,
                        outcome,
                        amount_fen: amount,
                        reason,
                        reopen: false,
                    },
                    LineDecision {
                        line: 2,
                        outcome: Outcome::Approve,
                        amount_fen: None,
                        reason: None,
                        reopen: false,
                    },
                ],
            };
            claims::review(w, ctx, &c.number, None, decide)?;
            *books.accounts.entry("campaign:RC-M1:parts").or_default() += part_paid;
            *books.accounts.entry("campaign:RC-M1:other").or_default() += f.other;
            books.accrued -= part_paid + f.other;
        }
        Ok::<_, Error>(())
    })
    .unwrap();
}

fn check(db: &Db, books: &Books) {
    let r = db.read().unwrap();
    for account in ["campaign:RC-M1:parts", "campaign:RC-M1:other"] {
        let want = books.accounts.get(account).copied().unwrap_or(0);
        assert_eq!(repo::account_balance(&r, account).unwrap(), Fen(want), "{account}");
    }
    assert_eq!(repo::account_balance(&r, "warranty:expense:parts").unwrap(), Fen(0));
    assert_eq!(
        repo::account_balance(&r, "warranty:accrued").unwrap(),
        Fen(books.accrued)
    );
    let report = reconciliation::run(&r).unwrap();
    assert!(report.balanced, "{:?}", report.differences);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn campaign_claims_post_to_the_campaigns_accounts_and_reconcile(filings in proptest::collection::vec(filing(), 1..16)) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("model.redb")).unwrap();
        let ctx = Ctx::system("model", chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 1, 1, 0, 0, 0).unwrap());
        setup(&db, &ctx);
        let mut books = Books::default();
        for f in &filings {
            apply(&db, &ctx, &mut books, f);
            check(&db, &books);
        }
    }
}

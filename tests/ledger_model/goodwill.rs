//! Goodwill claims in the ledger model: units out of coverage with no registration card,
//! claims filed with a goodwill pre-authorization (or none), an other cost and travel,
//! approved or rejected line by line; the authorized amount caps what is approved, the
//! goodwill account holds what the oracle approved, nothing reaches the warranty expense,
//! and the reconciliation report stays balanced.

use super::{Ctx, Db, Error, Fen, UnitInput, units};
use proptest::prelude::*;
use sanbao::commands::claims::{self, ClaimInput, ClaimLineInput, LineDecision, ReviewInput};
use sanbao::commands::preauth::{self, DecisionInput, LineInput, PreauthInput};
use sanbao::domain::claims::{ClaimKind, LineKind, LineStatus, Outcome};
use sanbao::domain::preauth::PreauthDecision;
use sanbao::domain::warranty::{CoverageStart, defaults};
use sanbao::queries::reconciliation;
use sanbao::store::repo;

const UNITS: u64 = 4;

fn serial(n: u64) -> String {
    format!("VIN-G{n}")
}

fn setup(db: &Db, ctx: &Ctx) {
    super::setup(db, ctx);
    db.write_once(|w| {
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
        }
        let policy = units::PolicyInput {
            model: "M1".into(),
            effective_from_date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            months: 12,
            usage_limit_km: None,
            usage_limit_hours: None,
            coverage_start: CoverageStart::Sale,
            labor_rate_fen: Fen(6_000),
            registration_days: 20,
            filing_days: 30,
            return_days: 30,
            part_overrides: vec![],
            labor_standards: vec![],
            preauth_threshold_fen: defaults::PREAUTH_THRESHOLD_FEN,
            preauth_parts: vec![],
            preauth_fault_codes: vec![],
            preauth_valid_days: defaults::PREAUTH_VALID_DAYS,
            max_km_per_day: defaults::MAX_KM_PER_DAY,
            near_expiry_days: 30,
        };
        units::put_policy(w, ctx, None, policy)?;
        Ok::<_, Error>(())
    })
    .unwrap();
}

/// A goodwill claim on `unit` for `other` fen and `travel` fen, citing a goodwill
/// pre-authorization estimated at their sum and approved for `authorized` fen (`None`:
/// cites none); each line approved (`true`) or rejected.
#[derive(Debug, Clone)]
struct Filing {
    unit: u64,
    other: i64,
    travel: i64,
    authorized: Option<i64>,
    approve: (bool, bool),
}

fn filing() -> impl Strategy<Value = Filing> {
    (
        0..UNITS,
        1..5_000i64,
        1..2_000i64,
        proptest::option::weighted(0.85, 1..7_000i64),
        any::<(bool, bool)>(),
    )
        .prop_map(|(unit, other, travel, authorized, approve)| Filing {
            unit,
            other,
            travel,
            authorized: authorized.map(|a| a.min(other + travel)),
            approve,
        })
}

#[derive(Default)]
struct Books {
    goodwill: i64,
    accrued: i64,
}

fn apply(db: &Db, dealer: &Ctx, reviewer: &Ctx, books: &mut Books, f: &Filing) {
    let date = chrono::NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
    db.write_once(|w| {
        let pa = match f.authorized {
            None => None,
            Some(authorized) => {
                let request = PreauthInput {
                    unit_serial: serial(f.unit).into(),
                    fault_code: "GW-1".into(),
                    description: "goodwill repair".into(),
                    goodwill: true,
                    lines: vec![LineInput {
                        kind: LineKind::Other,
                        part_no: None,
                        qty: 1,
                        unit_price_fen: Fen(f.other + f.travel),
                        note: None,
                    }],
                };
                let pa = preauth::create(w, dealer, request)?;
                preauth::submit(w, dealer, &pa.number, None)?;
                let reduced = authorized < f.other + f.travel;
                let decision = DecisionInput {
                    decision: PreauthDecision::Approve,
                    amount_fen: Some(Fen(authorized)),
                    note: reduced.then(|| "less".to_string()),
                };
                preauth::decide(w, reviewer, &pa.number, None, decision)?;
                Some(pa.number)
            }
        };
        let input = ClaimInput {
            unit_serial: serial(f.unit).into(),
            failure_date: date,
            repair_date: date,
            usage_km: None,
            usage_hours: None,
            fault_code: "GW-1".into(),
            description: "goodwill repair".into(),
            service_report: None,
            lines: vec![
                ClaimLineInput::Other {
                    amount_fen: Fen(f.other),
                    note: None,
                },
                ClaimLineInput::Travel {
                    amount_fen: Fen(f.travel),
                    note: None,
                },
            ],
            kind: ClaimKind::Goodwill,
            campaign: None,
            preauthorization: pa.as_deref().map(Into::into),
            service_request: None,
        };
        let c = claims::create(w, dealer, None, input)?;
        let done = claims::submit(w, dealer, &c.number, None)?;
        let rejected = done.claim.lines.iter().all(|l| l.status == LineStatus::Rejected);
        assert_eq!(rejected, f.authorized.is_none(), "{:?}", done.findings);
        let Some(authorized) = f.authorized else {
            return Ok(());
        };
        let decision = |line: u32, approve: bool| LineDecision {
            line,
            outcome: if approve { Outcome::Approve } else { Outcome::Reject },
            amount_fen: None,
            reason: (!approve).then(|| "no".to_string()),
            reopen: false,
        };
        let decide = ReviewInput::Decide {
            lines: vec![decision(1, f.approve.0), decision(2, f.approve.1)],
        };
        let decided = claims::review(w, reviewer, &c.number, None, decide)?;
        // The oracle: each approved line gets what the authorization still leaves.
        let mut room = authorized;
        for (amount, approve) in [(f.other, f.approve.0), (f.travel, f.approve.1)] {
            if approve {
                let paid = amount.min(room).max(0);
                room -= paid;
                books.goodwill += paid;
                books.accrued -= paid;
            }
        }
        assert!(decided.approved_fen.get() <= authorized);
        Ok::<_, Error>(())
    })
    .unwrap();
}

fn check(db: &Db, books: &Books) {
    let r = db.read().unwrap();
    assert_eq!(
        repo::account_balance(&r, "warranty:expense:goodwill").unwrap(),
        Fen(books.goodwill)
    );
    for account in ["warranty:expense:other", "warranty:expense:travel"] {
        assert_eq!(repo::account_balance(&r, account).unwrap(), Fen(0), "{account}");
    }
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
    fn goodwill_claims_post_to_the_goodwill_account_within_their_authorization(filings in proptest::collection::vec(filing(), 1..12)) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("model.redb")).unwrap();
        let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 1, 1, 0, 0, 0).unwrap();
        let dealer = Ctx::system("model-dealer", now);
        let reviewer = Ctx::system("model-reviewer", now);
        setup(&db, &dealer);
        let mut books = Books::default();
        for f in &filings {
            apply(&db, &dealer, &reviewer, &mut books, f);
            check(&db, &books);
        }
    }
}

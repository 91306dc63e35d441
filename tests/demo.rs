//! The embedded demo data loads through the real commands and reconciles; a demo database
//! reopens unchanged; a database with real data or any token refuses demo mode.

use chrono::Utc;
use sanbao::domain::money::Fen;
use sanbao::queries::reconciliation;
use sanbao::store::{Db, Read, Scan, Table, repo};

#[test]
fn demo_data_loads_reconciles_and_reopens_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.redb");
    let db = Db::open(&path).unwrap();
    sanbao::fixtures::load_demo(&db, Utc::now()).unwrap();
    let r = db.read().unwrap();
    let report = reconciliation::run(&r).unwrap();
    assert!(report.balanced, "{:?}", report.differences);
    assert!(r.scan(Table::Parts, &Scan::all()).unwrap().len() >= 200);
    assert_eq!(r.scan(Table::Dealers, &Scan::all()).unwrap().len(), 5);
    let requisitions: Vec<_> =
        repo::decode_all::<sanbao::domain::documents::Requisition>(r.scan(Table::Requisitions, &Scan::all()).unwrap())
            .unwrap();
    let uncited = requisitions.iter().filter(|(_, q)| q.service_request.is_none()).count();
    assert_eq!(
        uncited, 5,
        "demo requisitions in several states (the sixth, paid service, cites its request)"
    );
    demo_service_requests_cite_and_close(&requisitions, &r);
    assert!(repo::account_balance(&r, "warranty:pending").unwrap() > Fen(0));
    let claims: Vec<_> =
        repo::decode_all::<sanbao::domain::claims::Claim>(r.scan(Table::Claims, &Scan::all()).unwrap()).unwrap();
    let mut statuses: Vec<String> = claims.iter().map(|(_, c)| format!("{:?}", c.status)).collect();
    statuses.sort();
    statuses.dedup();
    assert_eq!(
        statuses,
        vec!["Decided", "Draft", "Returned", "Settled", "Submitted"],
        "demo claims in every state"
    );
    let mut dealers: Vec<&str> = claims.iter().map(|(_, c)| c.dealer.as_str()).collect();
    dealers.sort_unstable();
    dealers.dedup();
    assert_eq!(dealers, vec!["D001", "D002", "D003", "D004"], "claims of four dealers");
    let settlements: Vec<_> =
        repo::decode_all::<sanbao::domain::settlement::Settlement>(r.scan(Table::Settlements, &Scan::all()).unwrap())
            .unwrap();
    let mut states: Vec<String> = settlements.iter().map(|(_, s)| format!("{:?}", s.status)).collect();
    states.sort();
    assert_eq!(
        states,
        vec!["Cancelled", "Confirmed", "Draft", "Issued"],
        "one settlement in every state"
    );
    let supplier_claims: Vec<_> = repo::decode_all::<sanbao::domain::settlement::SupplierClaim>(
        r.scan(Table::SupplierClaims, &Scan::all()).unwrap(),
    )
    .unwrap();
    let mut states: Vec<String> = supplier_claims.iter().map(|(_, c)| format!("{:?}", c.status)).collect();
    states.sort();
    assert_eq!(
        states,
        vec!["Answered", "Closed", "Draft", "Submitted"],
        "one supplier claim in every state"
    );
    assert!(
        repo::account_balance(&r, "warranty:recovery").unwrap() < Fen(0),
        "recovery booked"
    );
    // The story is told in Chinese: names, customers and fault descriptions.
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let parts: Vec<_> =
        repo::decode_all::<sanbao::domain::master::Part>(r.scan(Table::Parts, &Scan::all()).unwrap()).unwrap();
    assert!(parts.iter().all(|(_, p)| han(&p.name)), "part names in Chinese");
    let units: Vec<_> =
        repo::decode_all::<sanbao::domain::warranty::Unit>(r.scan(Table::Units, &Scan::all()).unwrap()).unwrap();
    assert!(units.iter().all(|(_, u)| han(&u.customer)), "customers in Chinese");
    assert!(claims.iter().all(|(_, c)| han(&c.description)), "faults in Chinese");
    assert!(r.scan(Table::Units, &Scan::all()).unwrap().len() >= 24);
    let entries = repo::counter(&r, "stock_ledger").unwrap();
    drop(r);
    sanbao::fixtures::load_demo(&db, Utc::now()).unwrap();
    assert_eq!(
        repo::counter(&db.read().unwrap(), "stock_ledger").unwrap(),
        entries,
        "reopened unchanged"
    );
}

#[test]
fn real_database_refuses_demo_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("real.redb")).unwrap();
    let ctx = sanbao::commands::Ctx::system("t", Utc::now());
    db.write_once(|w| {
        let d = sanbao::commands::master::DealerInput {
            code: "D9".into(),
            name: "Real dealer".into(),
        };
        sanbao::commands::master::create_dealer(w, &ctx, d)
    })
    .unwrap();
    let err = sanbao::fixtures::load_demo(&db, Utc::now()).unwrap_err();
    assert_eq!(err.code(), "demo_refused");
    assert_eq!(err.params()["reason"], "holds_data");
}

#[test]
fn database_holding_a_token_refuses_demo_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("tokens.redb")).unwrap();
    let ctx = sanbao::commands::Ctx::system("t", Utc::now());
    let admin = sanbao::commands::tokens::TokenInput {
        name: "ops".into(),
        role: sanbao::domain::auth::Role::Admin,
        dealer: None,
        locations: vec![],
    };
    db.write_once(|w| sanbao::commands::tokens::create(w, &ctx, admin))
        .unwrap();
    let err = sanbao::fixtures::load_demo(&db, Utc::now()).unwrap_err();
    assert_eq!(err.code(), "demo_refused");
    assert_eq!(err.params()["reason"], "holds_tokens");
    assert!(repo::is_empty(&db.read().unwrap()).unwrap(), "nothing seeded");
}

#[test]
fn demo_supply_has_orders_in_every_state_and_a_return_of_each_reason() {
    use sanbao::domain::supply::{DealerReturn, PartsOrder};
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("demo.redb")).unwrap();
    sanbao::fixtures::load_demo(&db, Utc::now()).unwrap();
    let r = db.read().unwrap();
    let orders: Vec<_> = repo::decode_all::<PartsOrder>(r.scan(Table::PartsOrders, &Scan::all()).unwrap()).unwrap();
    let mut states: Vec<String> = orders.iter().map(|(_, o)| format!("{:?}", o.status)).collect();
    states.sort();
    states.dedup();
    assert_eq!(
        states,
        vec![
            "Cancelled",
            "Draft",
            "PartiallyShipped",
            "Released",
            "Shipped",
            "Submitted"
        ],
        "parts orders in every state"
    );
    let returns: Vec<_> =
        repo::decode_all::<DealerReturn>(r.scan(Table::DealerReturns, &Scan::all()).unwrap()).unwrap();
    let mut reasons: Vec<String> = returns.iter().map(|(_, x)| format!("{:?}", x.reason)).collect();
    reasons.sort();
    assert_eq!(
        reasons,
        vec!["DealerDisassembled", "Quality", "Unsold"],
        "a return of each reason"
    );
    assert!(returns.iter().any(|(_, x)| x.received_at.is_some()), "returns received");
    assert_eq!(r.scan(Table::DealerPayments, &Scan::all()).unwrap().len(), 3);
    assert!(r.scan(Table::Shipments, &Scan::all()).unwrap().len() >= 3);
    let report = reconciliation::run(&r).unwrap();
    assert!(report.balanced, "{:?}", report.differences);
    // D005 has no supply of its own: a first order starts from nothing.
    assert!(orders.iter().all(|(_, o)| o.dealer != "D005"));
}

/// Some demo requisitions cite the service request whose work they did (one of them paid
/// service), the request lists them through the index, and the one request never called
/// back was closed by the sweep.
fn demo_service_requests_cite_and_close(
    requisitions: &[(Vec<u8>, sanbao::domain::documents::Requisition)],
    r: &dyn Read,
) {
    use sanbao::domain::documents::Purpose;
    use sanbao::domain::service_requests::{ClosedReason, ServiceRequest};
    let cited: Vec<_> = requisitions
        .iter()
        .filter_map(|(_, q)| q.service_request.clone().map(|sv| (sv, q)))
        .collect();
    assert!(cited.len() >= 3, "{} requisitions cite a request", cited.len());
    assert!(
        cited.iter().any(|(_, q)| q.purpose == Purpose::PaidService),
        "paid service cites its request"
    );
    let requests: Vec<_> =
        repo::decode_all::<ServiceRequest>(r.scan(Table::ServiceRequests, &Scan::all()).unwrap()).unwrap();
    for (sv, q) in &cited {
        let citing = sanbao::queries::service_requests::lookup::citing_requisitions(r, sv).unwrap();
        assert!(citing.contains(&q.number), "{sv} lists {}", q.number);
        let (_, request) = requests.iter().find(|(_, x)| &x.number == sv).unwrap();
        if request.resolved_at.is_some() {
            assert!(
                request.requisitions.contains(&q.number),
                "{sv} resolved with {}",
                q.number
            );
        }
    }
    let swept: Vec<_> = requests
        .iter()
        .filter(|(_, x)| x.closed_reason == Some(ClosedReason::NoFollowUp))
        .collect();
    assert_eq!(swept.len(), 1, "one request closed by the sweep");
    assert!(swept[0].1.follow_ups.is_empty());
}

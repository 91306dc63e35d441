use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn claim(dealer: &str, unit: &str, filed: &str, number: u32, near: bool, fen: i64) -> RiskClaim {
    RiskClaim {
        dealer: dealer.into(),
        unit: unit.into(),
        filing_date: d(filed),
        number: format!("CL-{number:06}"),
        near_expiry: near,
        claimed_fen: fen,
    }
}

fn units(pairs: &[(&str, u64)]) -> HashMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn window_is_180_days_ending_on_the_report_date() {
    assert_eq!(window_start(d("2026-06-30")), d("2026-01-02"));
    assert!(!in_window(d("2026-01-01"), d("2026-06-30")));
    assert!(in_window(d("2026-01-02"), d("2026-06-30")));
    assert!(in_window(d("2026-06-30"), d("2026-06-30")));
    assert!(!in_window(d("2026-07-01"), d("2026-06-30")));
}

#[test]
fn median_of_odd_even_and_no_values() {
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&[7.0]), Some(7.0));
    assert_eq!(median(&[]), None);
}

#[test]
fn ratio_caps_and_zero_medians() {
    assert_eq!(ratio(30.0, 10.0), 3.0);
    assert_eq!(ratio(100.0, 10.0), CAP);
    assert_eq!(ratio(15.0, 10.0), 1.5);
    assert_eq!(ratio(0.0, 0.0), 1.0, "none against none is like the network");
    assert_eq!(ratio(0.2, 0.0), CAP, "any against none stands out");
    assert_eq!(points(Factor::ClaimsPerUnit, 1.0), 0.0);
    assert_eq!(points(Factor::ClaimsPerUnit, 0.5), 0.0, "below the median adds nothing");
    assert_eq!(points(Factor::ClaimsPerUnit, 2.0), 20.0);
    assert_eq!(points(Factor::ClaimsPerUnit, 3.0), 40.0);
    assert_eq!(points(Factor::AverageClaim, 1.5), 5.0);
}

#[test]
fn repeats_count_in_filing_order_within_the_window() {
    let claims = vec![
        claim("C", "U1", "2026-06-01", 3, false, 100),
        claim("C", "U1", "2026-05-01", 9, false, 100),
        claim("C", "U1", "2026-06-01", 4, true, 100),
        claim("C", "U2", "2026-06-02", 5, false, 100),
        // Filed before the window: neither counted nor making a later claim a repeat.
        claim("C", "U2", "2025-12-01", 1, false, 100),
        // The same serial at another dealer is that dealer's unit.
        claim("E", "U1", "2026-06-03", 6, false, 100),
    ];
    let f = figures(&units(&[("C", 4)]), &claims, d("2026-06-30"));
    assert_eq!(f.len(), 2);
    let c = &f[0];
    assert_eq!((c.dealer.as_str(), c.units, c.claims), ("C", 4, 4));
    assert_eq!(
        (c.units_claimed, c.repeats, c.near_expiry, c.claimed_fen),
        (2, 2, 1, 400)
    );
    assert_eq!(c.value(Factor::ClaimsPerUnit), Some(100.0));
    assert_eq!(c.value(Factor::RepeatClaims), Some(1.0));
    assert_eq!(c.value(Factor::NearExpiry), Some(0.25));
    assert_eq!(c.value(Factor::AverageClaim), Some(100.0));
    let e = &f[1];
    assert_eq!((e.dealer.as_str(), e.units, e.claims, e.repeats), ("E", 0, 1, 0));
    assert_eq!(e.value(Factor::ClaimsPerUnit), None, "no units sold: no rate");
}

#[test]
fn a_dealer_with_no_claims_has_a_rate_of_zero_and_no_other_figures() {
    let f = figures(&units(&[("D", 5)]), &[], d("2026-06-30"));
    assert_eq!(f[0].value(Factor::ClaimsPerUnit), Some(0.0));
    assert_eq!(f[0].value(Factor::RepeatClaims), None);
    assert_eq!(f[0].value(Factor::NearExpiry), None);
    assert_eq!(f[0].value(Factor::AverageClaim), None);
}

/// A: 10 units, 2 claims of ¥10 and ¥30; B: 20 units, 2 claims of ¥20; C: 4 units, 6 claims
/// of ¥50 on 3 units (3 repeats), 3 near expiry; D: 5 units, no claims.
/// Claims per 100 units 20, 10, 150, 0 → median (10 + 20) ÷ 2 = 15: C at 10× is capped at 3
/// (40 points), A at 1.33 earns 40 × 0.33 ÷ 2 = 6.67. Repeats per unit 0, 0, 1 → median 0:
/// C counts as 3 (20). Near-expiry share 0, 0, 0.5 → median 0: C 20. Average claim 2,000,
/// 2,000, 5,000 fen → median 2,000: C at 2.5 earns 20 × 1.5 ÷ 2 = 15. C: 95; A: 7.
#[test]
fn score_and_reasons_by_hand() {
    let mut claims = vec![
        claim("A", "A1", "2026-03-01", 1, false, 1_000),
        claim("A", "A2", "2026-03-02", 2, false, 3_000),
        claim("B", "B1", "2026-03-01", 3, false, 2_000),
        claim("B", "B2", "2026-03-02", 4, false, 2_000),
    ];
    for (i, unit) in ["C1", "C1", "C1", "C2", "C2", "C3"].into_iter().enumerate() {
        claims.push(claim("C", unit, "2026-04-01", 10 + i as u32, i % 2 == 0, 5_000));
    }
    let f = figures(
        &units(&[("A", 10), ("B", 20), ("C", 4), ("D", 5)]),
        &claims,
        d("2026-06-30"),
    );
    assert_eq!(medians(&f), [Some(15.0), Some(0.0), Some(0.0), Some(2_000.0)]);
    let scored = score(f);
    let order: Vec<(&str, u32)> = scored.iter().map(|r| (r.figures.dealer.as_str(), r.score)).collect();
    assert_eq!(order, vec![("C", 95), ("A", 7), ("B", 0), ("D", 0)]);
    let c = &scored[0];
    let reasons: Vec<(&str, f64, f64)> = c
        .reasons
        .iter()
        .map(|r| (r.factor.reason_code(), r.value.unwrap(), r.points))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("claims_per_unit_high", 150.0, 40.0),
            ("repeat_claims_high", 1.0, 20.0),
            ("near_expiry_high", 0.5, 20.0),
            ("average_claim_high", 5_000.0, 15.0),
        ]
    );
    assert_eq!(c.reasons[3].ratio, Some(2.5));
    let a = &scored[1];
    assert!(a.reasons.is_empty(), "1.33 × the median is no reason");
    assert!((a.factors[0].points - 40.0 / 6.0).abs() < 1e-9);
    let dd = &scored[3];
    assert_eq!(dd.factors[0].ratio, Some(0.0));
    assert_eq!(dd.factors[1].ratio, None, "no claims: no repeat figure");
}

#[test]
fn a_reason_starts_at_one_and_a_half_times_the_median() {
    let claims = vec![
        claim("A", "A1", "2026-03-01", 1, false, 2_000),
        claim("B", "B1", "2026-03-01", 2, false, 3_000),
        claim("C", "C1", "2026-03-01", 3, false, 2_000),
    ];
    let scored = score(figures(
        &units(&[("A", 10), ("B", 10), ("C", 10)]),
        &claims,
        d("2026-06-30"),
    ));
    let b = scored.iter().find(|r| r.figures.dealer == "B").unwrap();
    assert_eq!(b.score, 5);
    assert_eq!(b.reasons.len(), 1);
    assert_eq!(b.reasons[0].factor, Factor::AverageClaim);
    assert_eq!(b.reasons[0].ratio, Some(1.5));
}

#[test]
fn no_dealers_no_medians() {
    assert_eq!(medians(&[]), [None, None, None, None]);
    assert!(score(Vec::new()).is_empty());
}

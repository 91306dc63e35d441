//! Reconciliation of the goodwill account: `warranty:expense:goodwill` holds exactly what
//! the decided lines of goodwill claims approved.

use super::{Difference, Findings, blank};
use crate::domain::claims::{Claim, ClaimKind, LineStatus};
use crate::domain::money::Fen;
use crate::domain::preauth_claims::GOODWILL_EXPENSE;
use crate::error::Result;
use crate::store::repo::account_balance;
use crate::store::{Read, Scan, Table, codec};

pub(super) fn check(r: &dyn Read, f: &mut Findings) -> Result<()> {
    let mut want = Fen::ZERO;
    let mut last = None;
    r.visit(Table::Claims, &Scan::all(), &mut |_, v| {
        let claim: Claim = codec::decode(v)?;
        if claim.kind == ClaimKind::Goodwill {
            for l in &claim.lines {
                if matches!(
                    l.status,
                    LineStatus::Approved | LineStatus::Reduced | LineStatus::Settled
                ) {
                    want += l.approved_fen.unwrap_or_default();
                    last = Some(claim.number.to_string());
                }
            }
        }
        Ok(true)
    })?;
    let have = account_balance(r, GOODWILL_EXPENSE)?;
    if want != have {
        f.add(
            "goodwill_account_mismatch",
            format!(
                "{GOODWILL_EXPENSE} is {} but the approved lines of goodwill claims come to {}",
                have.get(),
                want.get()
            ),
            Difference {
                account: Some(GOODWILL_EXPENSE.to_owned()),
                document: last,
                expected: Some(want.get()),
                actual: Some(have.get()),
                ..blank()
            },
        );
    }
    Ok(())
}

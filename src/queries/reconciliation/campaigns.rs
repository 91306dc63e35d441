//! Reconciliation of campaign accounts: each `campaign:<code>:<kind>` holds exactly what the
//! decided lines of that campaign's claims approved, and no other such account holds anything.

use super::{Difference, Findings, blank};
use crate::domain::campaigns::Campaign;
use crate::domain::claims::{Claim, LineStatus};
use crate::domain::money::Fen;
use crate::error::Result;
use crate::store::codec;
use crate::store::keys::KeyReader;
use crate::store::repo::decode_fen;
use crate::store::{Read, Scan, Table};
use std::collections::BTreeMap;

pub(super) fn check(r: &dyn Read, f: &mut Findings) -> Result<()> {
    let mut expected: BTreeMap<String, (Fen, String)> = BTreeMap::new();
    r.visit(Table::Claims, &Scan::all(), &mut |_, v| {
        let claim: Claim = codec::decode(v)?;
        if let Some(code) = claim.campaign_account() {
            for l in &claim.lines {
                let approved = matches!(
                    l.status,
                    LineStatus::Approved | LineStatus::Reduced | LineStatus::Settled
                );
                if approved {
                    let slot = expected.entry(Campaign::account(code, l.kind)).or_default();
                    slot.0 += l.approved_fen.unwrap_or_default();
                    slot.1 = claim.number.to_string();
                }
            }
        }
        Ok(true)
    })?;
    let mut booked: BTreeMap<String, Fen> = BTreeMap::new();
    r.visit(Table::Accounts, &Scan::prefix(b"campaign:"), &mut |k, v| {
        if let Some(account) = KeyReader::new(k).str() {
            booked.insert(account, decode_fen(v)?);
        }
        Ok(true)
    })?;
    for account in expected
        .keys()
        .chain(booked.keys().filter(|a| !expected.contains_key(*a)))
    {
        let (want, document) = expected.get(account).cloned().unwrap_or_default();
        let have = booked.get(account).copied().unwrap_or_default();
        if want != have {
            f.add(
                "campaign_account_mismatch",
                format!(
                    "{account} is {} but the approved lines of its campaign's claims come to {}",
                    have.get(),
                    want.get()
                ),
                Difference {
                    account: Some(account.clone()),
                    document: (!document.is_empty()).then_some(document),
                    expected: Some(want.get()),
                    actual: Some(have.get()),
                    ..blank()
                },
            );
        }
    }
    Ok(())
}

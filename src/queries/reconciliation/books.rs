//! The books and the stock: every journal entry balances, every account balance is the sum
//! of its postings, every stock balance is the sum of its ledger entries, stock is never
//! negative and holds no value at zero, and each `inventory:<location>` equals the value of
//! the stock there. Both ledgers are read once, through in-place readers, and summed in maps
//! keyed by the few accounts and (part, location) pairs they name, so an entry allocates
//! nothing.

use super::usage::UsageCheck;
use super::views::{self, JournalRow, StockRow};
use super::{Checked, Difference, Findings, SeqCheck, blank};
use crate::domain::ids::DocNo;
use crate::domain::ledger::{JournalEntry, StockEntry, accounts};
use crate::domain::money::Fen;
use crate::domain::stock::Balance;
use crate::error::Result;
use crate::store::codec::{self, Stored};
use crate::store::hash::FastMap;
use crate::store::index_check::IndexCheck;
use crate::store::keys::KeyReader;
use crate::store::repo::{self, decode_fen};
use crate::store::{Read, Scan, StoreResult, Table};
use std::collections::BTreeMap;

/// What the books part found and counted.
pub(super) struct Books {
    pub findings: Findings,
    pub checked: Checked,
    pub index_check: IndexCheck,
    /// The usage index's entries the ledger needs.
    pub usage: UsageCheck,
}

/// One (part, location) ledger summed so far.
struct Chain {
    part_no: String,
    location: String,
    balance: Balance,
    /// The seq of its latest entry.
    last_seq: u64,
    has_balance: bool,
}

/// The document of the entry `seq` of a ledger (0: none), read back only for a difference
/// that names it.
fn document_at<T: Stored>(
    r: &dyn Read,
    ledger: Table,
    seq: u64,
    document: fn(T) -> DocNo,
) -> StoreResult<Option<String>> {
    if seq == 0 {
        return Ok(None);
    }
    Ok(repo::get::<T>(r, ledger, &repo::seq_key(seq))?.map(|e| document(e).into()))
}

fn journal_document(r: &dyn Read, seq: u64) -> StoreResult<Option<String>> {
    document_at(r, Table::Journal, seq, |e: JournalEntry| e.document)
}

fn stock_document(r: &dyn Read, seq: u64) -> StoreResult<Option<String>> {
    document_at(r, Table::StockLedger, seq, |e: StockEntry| e.document)
}

/// The key of a (part, location) pair in the stock table (`Key::str` twice), so a stock
/// balance finds its chain by its own key.
fn pair_key(out: &mut Vec<u8>, part_no: &str, location: &str) {
    out.clear();
    for s in [part_no, location] {
        for &b in s.as_bytes() {
            out.push(b);
            if b == 0 {
                out.push(0xFF);
            }
        }
        out.extend_from_slice(&[0x00, 0x01]);
    }
}

pub(super) fn check(r: &dyn Read) -> Result<Books> {
    let mut f = Findings::default();
    let mut checked = Checked::default();

    // Journal: balanced entries, positive amounts, gap-free seq; sums per account.
    // Per account: the sum and the seq of the latest entry posting to it.
    let mut sums: FastMap<String, (Fen, u64)> = FastMap::default();
    let mut journal_seq = SeqCheck {
        next: 1,
        what: "journal entry",
    };
    // The journal is read once, for the books and for its by-document index alike.
    let mut index_check = IndexCheck::new();
    views::visit_journal(r, &mut |e: JournalRow<'_>| {
        index_check.journal_key(e.document, e.seq);
        checked.journal_entries += 1;
        journal_seq.check(e.seq, e.document, &mut f);
        if e.imbalance_fen() != Fen::ZERO || e.lines.iter().any(|l| l.amount_fen() <= Fen::ZERO) {
            f.add(
                "unbalanced_entry",
                format!("journal entry {} does not balance", e.seq),
                Difference {
                    document: Some(e.document.to_string()),
                    expected: Some(0),
                    actual: Some(e.imbalance_fen().get()),
                    ..blank()
                },
            );
        }
        for l in e.lines {
            let s = match sums.get_mut(l.account) {
                Some(s) => s,
                None => sums.entry(l.account.to_owned()).or_default(),
            };
            s.0 += l.signed_fen();
            s.1 = e.seq;
        }
    })?;

    // Accounts: stored balance = sum of postings.
    let mut balances: BTreeMap<String, Fen> = BTreeMap::new();
    r.visit(Table::Accounts, &Scan::all(), &mut |k, v| {
        let code = KeyReader::new(k).str().unwrap_or_default();
        balances.insert(code, decode_fen(v)?);
        Ok(true)
    })?;
    let mut codes: Vec<&String> = balances.keys().chain(sums.keys()).collect();
    codes.sort();
    codes.dedup();
    for code in codes {
        checked.accounts += 1;
        let stored = balances.get(code).copied().unwrap_or_default();
        let (posted, last_seq) = sums.get(code).copied().unwrap_or_default();
        if stored != posted {
            f.add(
                "account_balance_mismatch",
                format!("{code} holds {} but its postings sum to {}", stored.get(), posted.get()),
                Difference {
                    account: Some(code.clone()),
                    document: journal_document(r, last_seq)?,
                    expected: Some(posted.get()),
                    actual: Some(stored.get()),
                    ..blank()
                },
            );
        }
    }

    // Stock ledger: each entry continues its (part, location) chain.
    let mut chains: Vec<Chain> = Vec::new();
    let mut chain_of: FastMap<Vec<u8>, usize> = FastMap::default();
    let mut key = Vec::new();
    let mut ledger_seq = SeqCheck {
        next: 1,
        what: "stock entry",
    };
    let mut usage = UsageCheck::default();
    views::visit_stock(r, &mut |e: StockRow<'_>| {
        usage.entry(&e);
        checked.stock_entries += 1;
        ledger_seq.check(e.seq, e.document, &mut f);
        pair_key(&mut key, e.part_no, e.location);
        let i = match chain_of.get(key.as_slice()) {
            Some(&i) => i,
            None => {
                chains.push(Chain {
                    part_no: e.part_no.to_owned(),
                    location: e.location.to_owned(),
                    balance: Balance::default(),
                    last_seq: 0,
                    has_balance: false,
                });
                chain_of.insert(key.clone(), chains.len() - 1);
                chains.len() - 1
            }
        };
        let chain = &mut chains[i];
        let after = Balance {
            qty: chain.balance.qty + e.qty_delta,
            value_fen: chain.balance.value_fen + e.value_delta_fen,
        };
        let at = || Difference {
            part_no: Some(e.part_no.to_string()),
            location: Some(e.location.to_string()),
            document: Some(e.document.to_string()),
            ..blank()
        };
        if after.qty != e.qty_after || after.value_fen != e.value_after_fen {
            f.add(
                "ledger_chain_broken",
                format!("stock entry {} does not follow from the one before", e.seq),
                at(),
            );
        }
        if after.qty < 0 || after.value_fen < Fen::ZERO {
            f.add(
                "negative_stock",
                format!("stock entry {} takes {} at {} below zero", e.seq, e.part_no, e.location),
                at(),
            );
        }
        if after.qty == 0 && after.value_fen != Fen::ZERO {
            f.add(
                "value_at_zero_qty",
                format!(
                    "stock entry {} leaves value {} at zero quantity",
                    e.seq,
                    after.value_fen.get()
                ),
                at(),
            );
        }
        chain.balance = after;
        chain.last_seq = e.seq;
    })?;

    // Stock balances = ledger; inventory accounts = stock value per location.
    // Per location: the stock's value and the seq of the latest entry there.
    let mut value_by_location: BTreeMap<String, (Fen, u64)> = BTreeMap::new();
    r.visit(Table::Stock, &Scan::all(), &mut |k, v| {
        let mut reader = KeyReader::new(k);
        let (part_no, location) = (reader.str().unwrap_or_default(), reader.str().unwrap_or_default());
        let b: Balance = codec::decode(v)?;
        checked.stock_balances += 1;
        pair_key(&mut key, &part_no, &location);
        let chain = match chain_of.get(key.as_slice()) {
            Some(&i) if !chains[i].has_balance => {
                chains[i].has_balance = true;
                Some(&chains[i])
            }
            _ => None,
        };
        let (ledger, last_seq) = chain.map(|c| (c.balance, c.last_seq)).unwrap_or_default();
        let sound = b == ledger && b.qty >= 0 && (b.qty != 0 || b.value_fen == Fen::ZERO);
        let d = Difference {
            part_no: Some(part_no.clone()),
            location: Some(location.clone()),
            document: if sound { None } else { stock_document(r, last_seq)? },
            ..blank()
        };
        if b != ledger {
            f.add(
                "stock_balance_mismatch",
                format!(
                    "{part_no} at {location}: stored {} / {} fen, ledger {} / {} fen",
                    b.qty,
                    b.value_fen.get(),
                    ledger.qty,
                    ledger.value_fen.get()
                ),
                Difference {
                    expected: Some(ledger.qty),
                    actual: Some(b.qty),
                    ..d.clone()
                },
            );
        }
        if b.qty < 0 {
            f.add(
                "negative_stock",
                format!("{part_no} at {location} is {}", b.qty),
                d.clone(),
            );
        }
        if b.qty == 0 && b.value_fen != Fen::ZERO {
            f.add(
                "value_at_zero_qty",
                format!(
                    "{part_no} at {location} holds {} fen at zero quantity",
                    b.value_fen.get()
                ),
                d,
            );
        }
        let slot = value_by_location.entry(location).or_default();
        slot.0 += b.value_fen;
        slot.1 = slot.1.max(last_seq);
        Ok(true)
    })?;
    for chain in chains.into_iter().filter(|c| !c.has_balance) {
        f.add(
            "stock_balance_mismatch",
            format!(
                "{} at {} has ledger entries but no balance",
                chain.part_no, chain.location
            ),
            Difference {
                part_no: Some(chain.part_no),
                location: Some(chain.location),
                document: stock_document(r, chain.last_seq)?,
                expected: Some(chain.balance.qty),
                actual: Some(0),
                ..blank()
            },
        );
    }
    for code in balances.keys().chain(sums.keys()) {
        if let Some(loc) = accounts::inventory_location(code) {
            value_by_location.entry(loc.to_string()).or_default();
        }
    }
    for (location, (value, last_seq)) in value_by_location {
        let account = accounts::inventory(&location);
        let booked = repo::account_balance(r, &account)?;
        if booked != value {
            f.add(
                "inventory_mismatch",
                format!(
                    "{account} is {} but the stock at {location} is worth {}",
                    booked.get(),
                    value.get()
                ),
                Difference {
                    account: Some(account),
                    location: Some(location),
                    document: stock_document(r, last_seq)?,
                    expected: Some(value.get()),
                    actual: Some(booked.get()),
                    ..blank()
                },
            );
        }
    }
    Ok(Books {
        findings: f,
        checked,
        index_check,
        usage,
    })
}

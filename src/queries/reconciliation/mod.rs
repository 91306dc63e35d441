//! Reconciliation (帐物一致): proves from the stored data alone that every journal entry
//! balances, every account balance is the sum of its postings, every stock balance is the
//! sum of its ledger entries, stock is never negative and holds no value at zero, each
//! `inventory:<location>` equals the value of the stock there, `warranty:pending`
//! equals the cost of warranty issues not yet decided, each dealer's held funds equal the
//! unshipped value of its released orders, `cost_of_sales:parts` equals shipped less
//! returned cost, each `campaign:<code>:<kind>` equals the approved lines of its campaign's
//! claims, and every secondary index lists exactly its records. Each difference names what causes it.

use crate::domain::documents::{Purpose, Requisition};
use crate::domain::ledger::{JournalEntry, StockEntry, accounts};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::stock::Balance;
use crate::error::Result;
use crate::store::codec;
use crate::store::index_check::IndexCheck;
use crate::store::keys::KeyReader;
use crate::store::repo::{self, decode_fen};
use crate::store::{Read, Scan, Table};
use std::collections::{BTreeMap, HashMap};

/// Most differences listed; the count covers all.
pub const DIFFERENCES_LISTED_MAX: usize = 1_000;

/// One thing that does not agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Stable kind: `unbalanced_entry`, `account_balance_mismatch`, `stock_balance_mismatch`,
    /// `ledger_chain_broken`, `negative_stock`, `value_at_zero_qty`, `inventory_mismatch`,
    /// `warranty_pending_mismatch`, `sequence_gap`, `index_entry_missing`, `index_entry_dangling`,
    /// `held_funds_mismatch`, `cost_of_sales_mismatch`,
    /// `unit_sales_mismatch`, `campaign_account_mismatch`, `goodwill_account_mismatch`.
    pub code: String,
    /// What is wrong, in words.
    pub message: String,
    /// The account concerned.
    pub account: Option<String>,
    /// The part concerned.
    pub part_no: Option<String>,
    /// The location concerned.
    pub location: Option<String>,
    /// The document that caused (or last touched) it.
    pub document: Option<String>,
    /// What kind of document `document` is (how to open it).
    pub document_kind: Option<DocumentKind>,
    /// What the data says it should be.
    pub expected: Option<i64>,
    /// What is stored.
    pub actual: Option<i64>,
}

/// How much was checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// Journal entries read.
    pub journal_entries: u64,
    /// Stock ledger entries read.
    pub stock_entries: u64,
    /// Accounts compared.
    pub accounts: u64,
    /// Stock balances compared.
    pub stock_balances: u64,
    /// Secondary index entries compared with their records.
    pub index_entries: u64,
}

/// The outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// True when nothing differs.
    pub balanced: bool,
    /// Number of differences found (all of them).
    pub difference_count: u64,
    /// The differences (at most 1000).
    pub differences: Vec<Difference>,
    /// What was read.
    pub checked: Checked,
}

#[derive(Default)]
struct Findings {
    list: Vec<Difference>,
    count: u64,
}

impl Findings {
    fn add(&mut self, code: &str, message: String, d: Difference) {
        self.count += 1;
        if self.list.len() < DIFFERENCES_LISTED_MAX {
            self.list.push(Difference {
                code: code.into(),
                message,
                document_kind: d.document.as_deref().and_then(DocumentKind::of_number),
                ..d
            });
        }
    }
}

fn blank() -> Difference {
    Difference {
        code: String::new(),
        message: String::new(),
        account: None,
        part_no: None,
        location: None,
        document: None,
        document_kind: None,
        expected: None,
        actual: None,
    }
}

struct Chain {
    balance: Balance,
    last_document: String,
}

/// Ledgers number their entries from 1 without gaps.
struct SeqCheck {
    next: u64,
    what: &'static str,
}

impl SeqCheck {
    fn check(&mut self, seq: u64, document: &str, f: &mut Findings) {
        if seq != self.next {
            let d = Difference {
                document: Some(document.into()),
                expected: Some(self.next as i64),
                actual: Some(seq as i64),
                ..blank()
            };
            f.add(
                "sequence_gap",
                format!("{} {seq} follows {}", self.what, self.next - 1),
                d,
            );
        }
        self.next = seq + 1;
    }
}

/// Runs every check over one snapshot.
pub fn run(r: &dyn Read) -> Result<Report> {
    let mut f = Findings::default();
    let mut checked = Checked::default();

    // Journal: balanced entries, positive amounts, gap-free seq; sums per account.
    let mut sums: HashMap<String, (Fen, String)> = HashMap::new();
    let mut journal_seq = SeqCheck {
        next: 1,
        what: "journal entry",
    };
    // The journal is read once, for the books and for its by-document index alike.
    let mut index_check = IndexCheck::new();
    r.visit(Table::Journal, &Scan::all(), &mut |_, v| {
        let e: JournalEntry = codec::decode(v)?;
        index_check.journal_entry(&e);
        checked.journal_entries += 1;
        journal_seq.check(e.seq, &e.document, &mut f);
        if e.imbalance_fen() != Fen::ZERO || e.lines.iter().any(|l| l.amount_fen <= Fen::ZERO) {
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
        for l in &e.lines {
            let s = sums.entry(l.account.clone()).or_default();
            s.0 += l.signed_fen();
            s.1.clear();
            s.1.push_str(&e.document);
        }
        Ok(true)
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
        let (posted, document) = sums.get(code).cloned().unwrap_or_default();
        if stored != posted {
            f.add(
                "account_balance_mismatch",
                format!("{code} holds {} but its postings sum to {}", stored.get(), posted.get()),
                Difference {
                    account: Some(code.clone()),
                    document: (!document.is_empty()).then_some(document),
                    expected: Some(posted.get()),
                    actual: Some(stored.get()),
                    ..blank()
                },
            );
        }
    }

    // Stock ledger: each entry continues its (part, location) chain.
    let mut chains: HashMap<(String, String), Chain> = HashMap::new();
    let mut ledger_seq = SeqCheck {
        next: 1,
        what: "stock entry",
    };
    let mut usage_check = usage::UsageCheck::default();
    r.visit(Table::StockLedger, &Scan::all(), &mut |_, v| {
        let e: StockEntry = codec::decode(v)?;
        usage_check.entry(&e);
        checked.stock_entries += 1;
        ledger_seq.check(e.seq, &e.document, &mut f);
        let chain = chains
            .entry((e.part_no.to_string(), e.location.clone()))
            .or_insert_with(|| Chain {
                balance: Balance::default(),
                last_document: String::new(),
            });
        let after = Balance {
            qty: chain.balance.qty + e.qty_delta,
            value_fen: chain.balance.value_fen + e.value_delta_fen,
        };
        let at = || Difference {
            part_no: Some(e.part_no.to_string()),
            location: Some(e.location.clone()),
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
        chain.last_document = e.document.into_string();
        Ok(true)
    })?;

    // Stock balances = ledger; inventory accounts = stock value per location.
    let mut value_by_location: BTreeMap<String, (Fen, String)> = BTreeMap::new();
    r.visit(Table::Stock, &Scan::all(), &mut |k, v| {
        let mut key = KeyReader::new(k);
        let (part_no, location) = (key.str().unwrap_or_default(), key.str().unwrap_or_default());
        let b: Balance = codec::decode(v)?;
        checked.stock_balances += 1;
        let chain = chains.remove(&(part_no.clone(), location.clone()));
        let (ledger, document) = chain.map(|c| (c.balance, c.last_document)).unwrap_or_default();
        let d = Difference {
            part_no: Some(part_no.clone()),
            location: Some(location.clone()),
            document: (!document.is_empty()).then(|| document.clone()),
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
        if !document.is_empty() {
            slot.1 = document;
        }
        Ok(true)
    })?;
    for ((part_no, location), chain) in chains {
        f.add(
            "stock_balance_mismatch",
            format!("{part_no} at {location} has ledger entries but no balance"),
            Difference {
                part_no: Some(part_no),
                location: Some(location),
                document: Some(chain.last_document),
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
    for (location, (value, document)) in value_by_location {
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
                    document: (!document.is_empty()).then_some(document),
                    expected: Some(value.get()),
                    actual: Some(booked.get()),
                    ..blank()
                },
            );
        }
    }

    // warranty:pending = over warranty requisition lines, value issued − value returned −
    // cost cleared by decided claim lines.
    let mut expected_pending = Fen::ZERO;
    let mut last_requisition = None;
    r.visit(Table::Requisitions, &Scan::all(), &mut |_, v| {
        let rq: Requisition = codec::decode(v)?;
        if rq.purpose == Purpose::Warranty {
            for l in &rq.lines {
                let open = l.outstanding_value_fen() - l.cleared_value_fen;
                if open != Fen::ZERO {
                    last_requisition = Some(rq.number.clone());
                }
                expected_pending += open;
            }
        }
        Ok(true)
    })?;
    let pending = repo::account_balance(r, accounts::WARRANTY_PENDING)?;
    if pending != expected_pending {
        f.add(
            "warranty_pending_mismatch",
            format!(
                "warranty:pending is {} but undecided warranty issues are worth {}",
                pending.get(),
                expected_pending.get()
            ),
            Difference {
                account: Some(accounts::WARRANTY_PENDING.into()),
                document: last_requisition.map(String::from),
                expected: Some(expected_pending.get()),
                actual: Some(pending.get()),
                ..blank()
            },
        );
    }

    // Dealer supply: held funds and the cost of parts sold.
    supply::check(r, &mut f)?;
    campaigns::check(r, &mut f)?;
    goodwill::check(r, &mut f)?;

    // Indexes: every record indexed, no entry without its record.
    let room = DIFFERENCES_LISTED_MAX.saturating_sub(f.list.len());
    let (entries, count, listed) = index_check.finish(r, room)?;
    checked.index_entries = entries;
    f.count += count - listed.len() as u64;
    for d in listed {
        let (code, message) = if d.missing {
            (
                "index_entry_missing",
                format!("{} lacks the entry {} its record needs", d.index, d.entry),
            )
        } else {
            (
                "index_entry_dangling",
                format!("{} holds the entry {} but no record matches it", d.index, d.entry),
            )
        };
        f.add(code, message, blank());
    }

    checked.index_entries += usage_check.finish(r, &mut f)?;

    // The unit-sales aggregate the analytics read, recounted from the units.
    let (expected, stored) = (
        crate::store::unit_sales::recount(r)?,
        crate::store::unit_sales::stored(r)?,
    );
    for key in expected
        .keys()
        .chain(stored.keys().filter(|k| !expected.contains_key(*k)))
    {
        let (want, have) = (
            expected.get(key).copied().unwrap_or(0),
            stored.get(key).copied().unwrap_or(0),
        );
        if want != have {
            f.add(
                "unit_sales_mismatch",
                format!(
                    "unit sales {} count {have} units but the units say {want}",
                    String::from_utf8_lossy(key)
                ),
                Difference {
                    expected: Some(want as i64),
                    actual: Some(have as i64),
                    ..blank()
                },
            );
        }
    }

    Ok(Report {
        balanced: f.count == 0,
        difference_count: f.count,
        differences: f.list,
        checked,
    })
}

mod campaigns;
mod goodwill;
mod supply;
mod usage;

#[cfg(test)]
mod tests;

//! Reconciliation (帐物一致): proves from the stored data alone that every journal entry
//! balances, every account balance is the sum of its postings, every stock balance is the
//! sum of its ledger entries, stock is never negative and holds no value at zero, each
//! `inventory:<location>` equals the value of the stock there, `warranty:pending`
//! equals the cost of warranty issues not yet decided, each dealer's held funds equal the
//! unshipped value of its released orders, `cost_of_sales:parts` equals shipped less
//! returned cost, each `campaign:<code>:<kind>` equals the approved lines of its campaign's
//! claims, and every secondary index lists exactly its records. Each difference names what causes it.

use crate::domain::documents::{Purpose, Requisition};
use crate::domain::ledger::accounts;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::error::{Error, Result};
use crate::store::codec;
use crate::store::index_check::{IndexCheck, IndexPrints};
use crate::store::repo;
use crate::store::{Read, ReadTx, Scan, Table};
use books::Books;

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
    /// Appends what another part of the check found, in its order.
    fn append(&mut self, other: Findings) {
        self.count += other.count;
        let room = DIFFERENCES_LISTED_MAX.saturating_sub(self.list.len());
        self.list.extend(other.list.into_iter().take(room));
    }

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
    let books = books::check(r)?;
    let rest = rest(r)?;
    finish(r, books, rest)
}

/// Runs every check over one snapshot, on two threads where the store allows it: a redb
/// read transaction is shared by both (one snapshot), the books and stock on one, the
/// documents and indexes on the other. On PostgreSQL (one connection per transaction)
/// the checks run in turn, as [`run`].
pub fn run_snapshot(tx: &ReadTx) -> Result<Report> {
    match tx {
        ReadTx::Redb(r) => run_split(r),
        ReadTx::Postgres(_) => run(tx),
    }
}

/// Runs every check over a fresh snapshot of `db`, as [`run_snapshot`].
pub fn run_latest(db: &crate::store::Db) -> Result<Report> {
    run_snapshot(&db.read()?)
}

fn run_split<R: Read + Sync>(r: &R) -> Result<Report> {
    let (books, rest) = std::thread::scope(|s| {
        let rest = s.spawn(|| rest(r));
        let books = books::check(r);
        (books, rest.join())
    });
    // The books' error first, as when the parts run in turn.
    let books = books?;
    let rest = rest.map_err(|_| Error::Internal("reconciliation thread panicked".into()))??;
    finish(r, books, rest)
}

/// What is checked beside the books: the documents' balances, the other records' index
/// entries, every index's contents and the unit-sales aggregate.
struct Rest {
    documents: Findings,
    index_check: IndexCheck,
    prints: IndexPrints,
    unit_sales: Findings,
}

fn rest(r: &dyn Read) -> Result<Rest> {
    let mut f = Findings::default();
    warranty_pending(r, &mut f)?;
    // Dealer supply: held funds and the cost of parts sold.
    supply::check(r, &mut f)?;
    campaigns::check(r, &mut f)?;
    goodwill::check(r, &mut f)?;
    // Indexes: every record indexed, no entry without its record (the journal's entries
    // are counted with the books, which read it anyway).
    let mut index_check = IndexCheck::new();
    index_check.read_sources(r, true)?;
    let prints = IndexCheck::read_indexes(r)?;
    let mut unit_sales = Findings::default();
    check_unit_sales(r, &mut unit_sales)?;
    Ok(Rest {
        documents: f,
        index_check,
        prints,
        unit_sales,
    })
}

/// Joins the parts in the order the checks are listed.
fn finish(r: &dyn Read, books: Books, rest: Rest) -> Result<Report> {
    let Books {
        findings: mut f,
        mut checked,
        mut index_check,
        usage,
    } = books;
    f.append(rest.documents);
    index_check.absorb(rest.index_check);
    let room = DIFFERENCES_LISTED_MAX.saturating_sub(f.list.len());
    let (entries, count, listed) = index_check.compare(r, rest.prints, room)?;
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
    checked.index_entries += usage.finish(r, &mut f)?;
    f.append(rest.unit_sales);
    Ok(Report {
        balanced: f.count == 0,
        difference_count: f.count,
        differences: f.list,
        checked,
    })
}

/// warranty:pending = over warranty requisition lines, value issued − value returned −
/// cost cleared by decided claim lines.
fn warranty_pending(r: &dyn Read, f: &mut Findings) -> Result<()> {
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
    Ok(())
}

/// The unit-sales aggregate the analytics read, recounted from the units.
fn check_unit_sales(r: &dyn Read, f: &mut Findings) -> Result<()> {
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
    Ok(())
}

mod books;
mod campaigns;
mod goodwill;
mod supply;
mod usage;
mod views;

#[cfg(test)]
mod tests;

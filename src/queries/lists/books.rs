//! The books: the journal, accounts with their balances, and the postings to one account.

use super::search::Search;
use super::shared::decode;
use crate::domain::auth::{Principal, Role};
use crate::domain::numbered::DocumentKind;

use crate::domain::ledger::JournalEntry;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::keys::Key;
use crate::store::repo::{self, seq_key, seq_of_indexed};
use crate::store::{Read, Scan, Table};
use serde::Serialize;
use utoipa::ToSchema;

/// Journal entries by seq (ascending unless `desc`), optionally of one document.
pub fn journal(
    r: &dyn Read,
    document: Option<&str>,
    desc: bool,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<JournalEntry>> {
    let filters = format!("journal?document={document:?}&desc={desc}{}", search.tag());
    let keep = |e: JournalEntry| {
        let shown = search.at(e.at) && {
            let text = [e.document.as_str(), e.memo.as_str(), e.actor.as_str()]
                .into_iter()
                .chain(e.lines.iter().map(|l| l.account.as_str()));
            search.text(text)
        };
        shown.then_some(e)
    };
    match document {
        Some(d) => {
            let scan = Scan::prefix(&Key::new().str(d).into_bytes()).reverse(desc);
            paginate(r, Table::JournalByDocument, scan, &filters, page, |k, _| {
                let seq = seq_of_indexed(k)?;
                let e: JournalEntry = repo::get(r, Table::Journal, &seq_key(seq))?
                    .ok_or_else(|| Error::Internal(format!("journal index names missing entry {seq}")))?;
                Ok(keep(e))
            })
        }
        None => paginate(r, Table::Journal, Scan::all().reverse(desc), &filters, page, |_, v| {
            decode(v).map(keep)
        }),
    }
}

/// An account and its balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AccountRow {
    /// Account code.
    pub code: String,
    /// Balance, debit positive, fen.
    pub balance_fen: i64,
}

/// Whether the caller may read `account`: the books are finance's; a dealer reads only
/// its own `dealer:<code>` account.
pub fn account_visible(principal: &Principal, account: &str) -> bool {
    match principal.role {
        Role::Admin | Role::Finance => true,
        Role::Dealer => principal
            .dealer
            .as_deref()
            .is_some_and(|d| account == format!("dealer:{d}")),
        _ => false,
    }
}

/// Accounts with balances, by code, optionally those starting with `prefix`.
pub fn accounts(
    r: &dyn Read,
    principal: &Principal,
    prefix: Option<&str>,
    page: &PageRequest,
) -> Result<Page<AccountRow>> {
    let filters = format!("accounts?prefix={prefix:?}");
    paginate(r, Table::Accounts, Scan::all(), &filters, page, |k, v| {
        let code = crate::store::keys::KeyReader::new(k)
            .str()
            .ok_or_else(|| Error::Internal("malformed account key".into()))?;
        let shown = prefix.is_none_or(|p| code.starts_with(p)) && account_visible(principal, &code);
        Ok(shown
            .then(|| {
                repo::decode_fen(v).map(|balance_fen| AccountRow {
                    code,
                    balance_fen: balance_fen.get(),
                })
            })
            .transpose()?)
    })
}

/// One account (zero if never posted to).
pub fn account(r: &dyn Read, principal: &Principal, code: &str) -> Result<AccountRow> {
    if !account_visible(principal, code) {
        return Err(Error::not_found("account", code));
    }
    Ok(AccountRow {
        code: code.into(),
        balance_fen: repo::account_balance(r, code)?.get(),
    })
}

/// One posting to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEntryRow {
    /// Journal seq.
    pub seq: u64,
    /// Signed amount, debit positive, fen.
    pub amount_fen: i64,
    /// The causing document.
    pub document: String,
    /// What kind of document it is (how to open it).
    pub document_kind: Option<DocumentKind>,
    /// The entry's memo.
    pub memo: String,
    /// When it was posted.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Postings to one account by seq (ascending unless `desc`), those posted on the
/// business dates of `search` (its text is not applied).
pub fn account_entries(
    r: &dyn Read,
    principal: &Principal,
    code: &str,
    desc: bool,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<AccountEntryRow>> {
    if !account_visible(principal, code) {
        return Err(Error::not_found("account", code));
    }
    let scan = Scan::prefix(&Key::new().str(code).into_bytes()).reverse(desc);
    paginate(
        r,
        Table::AccountEntries,
        scan,
        &format!("entries?{code}&desc={desc}{}", search.tag()),
        page,
        |k, v| {
            let seq = seq_of_indexed(k)?;
            let e: JournalEntry = repo::get(r, Table::Journal, &seq_key(seq))?
                .ok_or_else(|| Error::Internal(format!("account entry names missing journal entry {seq}")))?;
            if !search.at(e.at) {
                return Ok(None);
            }
            Ok(Some(AccountEntryRow {
                seq,
                amount_fen: repo::decode_posting(v)?.0.get(),
                document_kind: DocumentKind::of_number(&e.document),
                document: e.document.to_string(),
                memo: e.memo,
                at: e.at,
            }))
        },
    )
}

//! Bodies of the book routes: the journal and account postings.

use super::system::DocumentKind;
use super::{dto, dto_enum};
use crate::domain::ledger;
use crate::queries::lists;
use chrono::{DateTime, Utc};

dto_enum! {
    /// Debit or credit.
    ledger::Side => Side {
        /// Increases a debit-positive balance.
        Debit,
        /// Decreases it.
        Credit,
    }
}

dto! {
    /// One line of a journal entry; `amount_fen` is always positive.
    ledger::JournalLine => JournalLine {
        /// Account code.
        account: String,
        /// Debit or credit.
        side: Side,
        /// Positive amount in fen.
        amount_fen: i64,
    }
}

dto! {
    /// One balanced posting of one operation.
    ledger::JournalEntry => JournalEntry {
        /// Posting order, from 1, gap-free.
        seq: u64,
        /// The causing document's number.
        document: String,
        /// What happened, in words.
        memo: String,
        /// Lines; debits equal credits.
        lines: Vec<JournalLine>,
        /// Who posted it.
        actor: String,
        /// When it was posted.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        at: DateTime<Utc>,
    }
}

dto! {
    /// One posting to an account.
    lists::AccountEntryRow => AccountEntryRow {
        /// Journal seq.
        seq: u64,
        /// Signed amount, debit positive, fen.
        amount_fen: i64,
        /// The causing document.
        document: String,
        /// What kind of document it is (how to open it).
        document_kind: Option<DocumentKind>,
        /// The entry's memo.
        memo: String,
        /// When it was posted.
        at: chrono::DateTime<chrono::Utc>,
    }
}

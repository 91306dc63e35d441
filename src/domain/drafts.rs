//! Drafts built by scanning: a receipt, a transfer dispatch, a transfer's arrival or a
//! requisition's issue is collected line by line (each scan adds to its part's line), the
//! clerk corrects or removes lines, and the whole draft posts once. A draft moves no stock
//! and posts no journal entry; posting it is the one stock and journal write.

use crate::domain::documents::TransferMode;
use crate::domain::ids::{DocNo, PartNo};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::validate;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};

/// Most lines on one draft.
pub const DRAFT_LINES_MAX: usize = 500;
/// Largest quantity on one draft line.
pub const DRAFT_QTY_MAX: i64 = 1_000_000_000;

/// What a draft becomes when it posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    /// A goods receipt (`RC-…`) at the draft's location.
    Receipt,
    /// A transfer (`TR-…`) shipped from the draft's location.
    TransferDispatch,
    /// The arrival of a two-step transfer at the draft's location.
    TransferReceipt,
    /// Parts issued against an approved requisition at the draft's location.
    Issue,
}

/// Where a draft stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftStatus {
    /// Scanning.
    Open,
    /// Posted as its document; nothing changes any more.
    Posted,
    /// Abandoned; nothing was posted.
    Discarded,
}

/// A document being scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// `DR-…`.
    pub number: DocNo,
    /// What it posts as.
    pub kind: DraftKind,
    /// Where the scanning happens: the receiving location, the transfer's source, the
    /// arrival's destination or the requisition's location.
    pub location: String,
    /// Supplier of a receipt.
    pub supplier: Option<String>,
    /// Delivery note or reference of a receipt.
    pub reference: Option<String>,
    /// Destination of a transfer dispatch.
    pub to: Option<String>,
    /// Mode of a transfer dispatch.
    pub mode: Option<TransferMode>,
    /// The transfer arriving, or the requisition issued against.
    pub against: Option<DocNo>,
    /// Lines, numbered from 1 in the order their parts were first scanned.
    pub lines: Vec<DraftLine>,
    /// Status.
    pub status: DraftStatus,
    /// The document it posted as.
    pub posted_as: Option<DocNo>,
    /// Version, from 1; every scan and correction adds one.
    pub version: u64,
    /// Who opened it.
    pub actor: String,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// One part on a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLine {
    /// Line number, from 1: one past the highest line on the draft when first scanned.
    pub line: u32,
    /// Part.
    pub part_no: PartNo,
    /// Quantity scanned (or corrected).
    pub qty: i64,
    /// Cost per unit of a receipt line.
    pub unit_cost_fen: Option<Fen>,
}

impl crate::domain::status::Named for DraftStatus {
    fn name(&self) -> &'static str {
        match self {
            DraftStatus::Open => "open",
            DraftStatus::Posted => "posted",
            DraftStatus::Discarded => "discarded",
        }
    }
}

impl DraftKind {
    /// The stable name (`transfer_dispatch`).
    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::Receipt => "receipt",
            DraftKind::TransferDispatch => "transfer_dispatch",
            DraftKind::TransferReceipt => "transfer_receipt",
            DraftKind::Issue => "issue",
        }
    }
}

impl Draft {
    /// Refuses `action` unless the draft is still open.
    pub fn require_open(&self, action: &'static str) -> Result<()> {
        if self.status == DraftStatus::Open {
            Ok(())
        } else {
            Err(Error::invalid_state(
                DocumentKind::Draft.entity(),
                &self.number,
                &self.status,
                action,
            ))
        }
    }

    /// Adds one scan of `qty` units of `part_no`: to the part's line (a receipt's line with
    /// the same cost), or a new line. `unit_cost_fen` is a receipt's cost per unit: when
    /// absent a receipt takes the part's line's cost, else `default_cost_fen`.
    pub fn scan(
        &mut self,
        part_no: &PartNo,
        qty: i64,
        unit_cost_fen: Option<Fen>,
        default_cost_fen: Fen,
    ) -> Result<u32> {
        self.require_open("scan")?;
        validate::qty("qty", qty)?;
        let receipt = self.kind == DraftKind::Receipt;
        if !receipt && unit_cost_fen.is_some() {
            return Err(Error::invalid("unit_cost_fen", "only a receipt's lines carry a cost"));
        }
        if let Some(c) = unit_cost_fen {
            validate::amount("unit_cost_fen", c)?;
        }
        let found = self
            .lines
            .iter()
            .position(|l| l.part_no == *part_no && (unit_cost_fen.is_none() || l.unit_cost_fen == unit_cost_fen));
        if let Some(i) = found {
            let line = &mut self.lines[i];
            let new = line.qty + qty;
            if new > DRAFT_QTY_MAX {
                return Err(Error::invalid("qty", format!("a line holds at most {DRAFT_QTY_MAX}")));
            }
            line.qty = new;
            return Ok(line.line);
        }
        if self.lines.len() >= DRAFT_LINES_MAX {
            return Err(Error::invalid(
                "part_no",
                format!("at most {DRAFT_LINES_MAX} lines per draft"),
            ));
        }
        let line = self.lines.iter().map(|l| l.line).max().unwrap_or(0) + 1;
        self.lines.push(DraftLine {
            line,
            part_no: part_no.clone(),
            qty,
            unit_cost_fen: receipt.then(|| unit_cost_fen.unwrap_or(default_cost_fen)),
        });
        Ok(line)
    }

    fn line_index(&self, line: u32) -> Result<usize> {
        self.lines
            .iter()
            .position(|l| l.line == line)
            .ok_or_else(|| Error::not_found("draft_line", format!("{} line {line}", self.number)))
    }

    /// Corrects line `line` to `qty` units (and a receipt line's cost).
    pub fn correct(&mut self, line: u32, qty: i64, unit_cost_fen: Option<Fen>) -> Result<()> {
        self.require_open("correct")?;
        let i = self.line_index(line)?;
        validate::qty("qty", qty)?;
        if let Some(c) = unit_cost_fen {
            if self.kind != DraftKind::Receipt {
                return Err(Error::invalid("unit_cost_fen", "only a receipt's lines carry a cost"));
            }
            validate::amount("unit_cost_fen", c)?;
            self.lines[i].unit_cost_fen = Some(c);
        }
        self.lines[i].qty = qty;
        Ok(())
    }

    /// Removes line `line`.
    pub fn remove(&mut self, line: u32) -> Result<()> {
        self.require_open("remove_line")?;
        let i = self.line_index(line)?;
        self.lines.remove(i);
        Ok(())
    }

    /// Checks the draft may post now: open, with at least one line.
    pub fn check_post(&self) -> Result<()> {
        self.require_open("post")?;
        if self.lines.is_empty() {
            return Err(Error::invalid("lines", "scan at least one part before posting"));
        }
        Ok(())
    }

    /// Marks the draft posted as `document`.
    pub fn posted(&mut self, document: DocNo) {
        self.status = DraftStatus::Posted;
        self.posted_as = Some(document);
    }

    /// Abandons an open draft.
    pub fn discard(&mut self) -> Result<()> {
        self.require_open("discard")?;
        self.status = DraftStatus::Discarded;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(kind: DraftKind) -> Draft {
        let at = chrono::DateTime::<Utc>::from_timestamp(1_780_000_000, 0).unwrap();
        Draft {
            number: "DR-000001".into(),
            kind,
            location: "WH-01".into(),
            supplier: None,
            reference: None,
            to: None,
            mode: None,
            against: None,
            lines: Vec::new(),
            status: DraftStatus::Open,
            posted_as: None,
            version: 1,
            actor: "t".into(),
            created_at: at,
            updated_at: at,
        }
    }

    /// Ten scans of one part are ten units on one line.
    #[test]
    fn ten_scans_are_one_line_of_ten() {
        let mut d = draft(DraftKind::Receipt);
        for _ in 0..10 {
            assert_eq!(d.scan(&"BC-1".into(), 1, None, Fen(500)).unwrap(), 1);
        }
        assert_eq!(d.lines.len(), 1);
        assert_eq!(d.lines[0].qty, 10);
        assert_eq!(d.lines[0].unit_cost_fen, Some(Fen(500)));
    }

    /// A receipt scan at another cost is its own line; a scan without cost joins the first.
    #[test]
    fn a_receipt_line_per_cost() {
        let mut d = draft(DraftKind::Receipt);
        d.scan(&"BC-1".into(), 2, Some(Fen(300)), Fen(500)).unwrap();
        assert_eq!(d.scan(&"BC-1".into(), 1, Some(Fen(310)), Fen(500)).unwrap(), 2);
        assert_eq!(d.scan(&"BC-1".into(), 1, None, Fen(500)).unwrap(), 1);
        assert_eq!(d.lines[0].qty, 3);
    }

    /// Only receipts carry a cost; quantities are 1 or more.
    #[test]
    fn refusals() {
        let mut d = draft(DraftKind::Issue);
        assert!(d.scan(&"BC-1".into(), 1, Some(Fen(1)), Fen(0)).is_err());
        assert!(d.scan(&"BC-1".into(), 0, None, Fen(0)).is_err());
        d.scan(&"BC-1".into(), 1, None, Fen(0)).unwrap();
        assert_eq!(d.lines[0].unit_cost_fen, None);
        assert!(d.correct(1, 0, None).is_err());
        assert!(d.correct(2, 1, None).is_err());
        assert!(d.scan(&"BC-1".into(), DRAFT_QTY_MAX, None, Fen(0)).is_err());
    }

    /// A new line takes the number after the highest; an empty draft does not post; a
    /// posted draft takes no more scans.
    #[test]
    fn remove_post_and_close() {
        let mut d = draft(DraftKind::TransferDispatch);
        d.scan(&"A".into(), 1, None, Fen(0)).unwrap();
        d.scan(&"B".into(), 1, None, Fen(0)).unwrap();
        d.remove(1).unwrap();
        assert_eq!(d.scan(&"C".into(), 1, None, Fen(0)).unwrap(), 3);
        d.remove(2).unwrap();
        d.remove(3).unwrap();
        assert!(d.check_post().is_err());
        d.scan(&"A".into(), 1, None, Fen(0)).unwrap();
        d.check_post().unwrap();
        d.posted("TR-000001".into());
        assert!(d.scan(&"A".into(), 1, None, Fen(0)).is_err());
        assert!(d.discard().is_err());
    }
}

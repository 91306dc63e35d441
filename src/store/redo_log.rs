//! The redo log beside a redb file (`<file>.redo`): a group commit made durable by one
//! sequential write and sync, instead of a sync of every B-tree page it touched.
//!
//! A batch's writes are appended as one record and synced before redb commits them
//! without a sync, so no reader ever sees what a crash could lose. Now and then (see
//! `redb_backend`) a commit is also made durable in the file itself, whose sync runs
//! behind the writer; the log then goes on in its other half. That half is written again
//! from its start only once the file holds every record in it. Opening a file replays, in
//! order, the records of both halves its last durable commit does not hold.
//!
//! Each record carries its commit's number, and every commit stores its number in the
//! file: a record at or below the stored number is in the file already. A record also
//! carries the file's epoch (a backup copy gets a new one), so a log left beside a
//! restored copy is never replayed into it. A torn, stale or foreign record ends the log.

use super::Table;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// Marks the start of a record.
const MAGIC: u32 = 0x5342_5244;
/// Magic, payload length, epoch, number and checksum.
const HEADER: usize = 4 + 4 + 8 + 8 + 4;
/// The log's length, in two halves: a batch that does not fit in its half after the
/// records before it is committed durably in the file instead.
pub const CAPACITY: u64 = 64 << 20;
/// Where the second half starts.
const HALF: u64 = CAPACITY / 2;
/// The log is zero-filled ahead of its records in steps this long, so that syncing a
/// record never has to allocate the blocks under it.
const GROWTH: u64 = 1 << 20;

/// The redo log's path for the database at `db`.
pub fn path_for(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".redo");
    PathBuf::from(name)
}

/// An open redo log.
pub struct RedoLog {
    file: File,
    /// The half records go to: 0 or 1.
    half: usize,
    /// Bytes of each half zero-filled since the log was opened.
    filled: [u64; 2],
    /// Where the next record goes, from the start of the half.
    end: u64,
    /// Where the last record went, from the start of the half.
    last: u64,
}

/// One write: the table, the key, and the value to put (`None` to remove).
pub type Write = (Table, Vec<u8>, Option<Vec<u8>>);

/// One replayed record: its commit's number and its writes.
pub struct Record {
    /// The commit's number.
    pub number: u64,
    /// The writes, in the order they were made.
    pub writes: Vec<Write>,
}

impl RedoLog {
    /// Opens (or creates) the log at `path`; records are appended from its start.
    pub fn open(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        Ok(Self {
            file,
            half: 0,
            filled: [0; 2],
            end: 0,
            last: 0,
        })
    }

    /// The records of `epoch` numbered `done + 1`, `done + 2`, …, from both halves, up to
    /// the first that is missing.
    pub fn records(&self, epoch: u64, done: u64) -> io::Result<Vec<Record>> {
        let len = self.file.metadata()?.len();
        let mut all = self.run(0, epoch, len)?;
        all.extend(self.run(1, epoch, len)?);
        all.sort_by_key(|r| r.number);
        let mut out: Vec<Record> = Vec::new();
        for record in all {
            if record.number == done + 1 + out.len() as u64 {
                out.push(record);
            }
        }
        Ok(out)
    }

    /// The records of `epoch` from the start of `half` (of a log `len` bytes long), each
    /// numbered one above the one before, up to the first that is not, or is torn, or of
    /// another epoch.
    fn run(&self, half: usize, epoch: u64, len: u64) -> io::Result<Vec<Record>> {
        let start = half as u64 * HALF;
        let end = len.min(start + HALF);
        let mut out: Vec<Record> = Vec::new();
        let mut at = start;
        let mut header = [0u8; HEADER];
        while at + HEADER as u64 <= end {
            self.file.read_exact_at(&mut header, at)?;
            let word = |i: usize| u32::from_le_bytes(header[i..i + 4].try_into().expect("4 bytes"));
            let long = |i: usize| u64::from_le_bytes(header[i..i + 8].try_into().expect("8 bytes"));
            let (magic, len, rec_epoch, number, sum) = (word(0), word(4), long(8), long(16), word(24));
            let next = at + HEADER as u64 + u64::from(len);
            let follows = out.last().is_none_or(|r| number == r.number + 1);
            if magic != MAGIC || rec_epoch != epoch || !follows || next > end {
                break;
            }
            let mut payload = vec![0u8; len as usize];
            self.file.read_exact_at(&mut payload, at + HEADER as u64)?;
            if checksum(&header[8..24], &payload) != sum {
                break;
            }
            let Some(writes) = decode(&payload) else { break };
            out.push(Record { number, writes });
            at = next;
        }
        Ok(out)
    }

    /// Where the current half starts in the file.
    fn base(&self) -> u64 {
        self.half as u64 * HALF
    }

    /// Appends the record of commit `number` and syncs it; `false` (nothing written) when
    /// it does not fit in the rest of the half.
    pub fn append(&mut self, epoch: u64, number: u64, payload: &[u8]) -> io::Result<bool> {
        let next = self.end + (HEADER + payload.len()) as u64;
        let len = u32::try_from(payload.len()).ok();
        let Some(len) = len.filter(|_| next <= HALF) else {
            return Ok(false);
        };
        let base = self.base();
        let filled = &mut self.filled[self.half];
        while *filled < next {
            let step = GROWTH.min(HALF - *filled);
            self.file.write_all_at(&vec![0u8; step as usize], base + *filled)?;
            *filled += step;
        }
        let mut record = Vec::with_capacity(HEADER + payload.len());
        record.extend_from_slice(&MAGIC.to_le_bytes());
        record.extend_from_slice(&len.to_le_bytes());
        record.extend_from_slice(&epoch.to_le_bytes());
        record.extend_from_slice(&number.to_le_bytes());
        let sum = checksum(&record[8..24], payload);
        record.extend_from_slice(&sum.to_le_bytes());
        record.extend_from_slice(payload);
        self.file.write_all_at(&record, base + self.end)?;
        self.file.sync_data()?;
        self.last = self.end;
        self.end = next;
        Ok(true)
    }

    /// Unwrites the last record appended (its commit failed after it was synced), so a
    /// replay never applies it.
    pub fn void_last(&mut self) -> io::Result<()> {
        self.file.write_all_at(&[0u8; 4], self.base() + self.last)?;
        self.file.sync_data()?;
        self.end = self.last;
        Ok(())
    }

    /// After a commit made durable in the database file (or about to be): the next record
    /// goes to the start of the other half. The caller makes sure the file holds every
    /// record of that half first.
    pub fn restart(&mut self) {
        self.half = 1 - self.half;
        self.end = 0;
        self.last = 0;
    }

    /// Whether records were appended to the current half since the last
    /// [`RedoLog::restart`].
    pub fn is_empty(&self) -> bool {
        self.end == 0
    }
}

fn checksum(numbers: &[u8], payload: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(numbers);
    h.update(payload);
    h.finalize()
}

/// Appends one write to a record's payload: the table's name, the key, and the value
/// (or a removal).
pub fn encode(payload: &mut Vec<u8>, table: Table, key: &[u8], value: Option<&[u8]>) {
    let name = table.name().as_bytes();
    payload.push(name.len() as u8);
    payload.extend_from_slice(name);
    payload.extend_from_slice(&(key.len() as u32).to_le_bytes());
    payload.extend_from_slice(key);
    match value {
        Some(v) => {
            payload.push(1);
            payload.extend_from_slice(&(v.len() as u32).to_le_bytes());
            payload.extend_from_slice(v);
        }
        None => payload.push(0),
    }
}

/// The writes of a payload; `None` if it does not parse.
fn decode(mut p: &[u8]) -> Option<Vec<Write>> {
    fn take<'a>(p: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, rest) = p.split_at_checked(n)?;
        *p = rest;
        Some(head)
    }
    fn len(p: &mut &[u8]) -> Option<usize> {
        Some(u32::from_le_bytes(take(p, 4)?.try_into().ok()?) as usize)
    }
    let mut out = Vec::new();
    while !p.is_empty() {
        let n = take(&mut p, 1)?[0] as usize;
        let name = take(&mut p, n)?;
        let table = *Table::ALL.iter().find(|t| t.name().as_bytes() == name)?;
        let n = len(&mut p)?;
        let key = take(&mut p, n)?.to_vec();
        let value = match take(&mut p, 1)?[0] {
            0 => None,
            1 => {
                let n = len(&mut p)?;
                Some(take(&mut p, n)?.to_vec())
            }
            _ => return None,
        };
        out.push((table, key, value));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Borrowed<'a> = (Table, &'a [u8], Option<&'a [u8]>);

    fn payload(writes: &[Borrowed<'_>]) -> Vec<u8> {
        let mut p = Vec::new();
        for (t, k, v) in writes {
            encode(&mut p, *t, k, *v);
        }
        p
    }

    fn log() -> (tempfile::TempDir, RedoLog) {
        let dir = tempfile::tempdir().unwrap();
        let log = RedoLog::open(&path_for(&dir.path().join("db.redb"))).unwrap();
        (dir, log)
    }

    #[test]
    fn records_come_back_in_order_with_their_writes() {
        let (_dir, mut log) = log();
        let first = payload(&[(Table::Stock, b"k1", Some(b"v1")), (Table::Meta, b"m", None)]);
        assert!(log.append(7, 11, &first).unwrap());
        assert!(log.append(7, 12, &payload(&[(Table::Audit, b"a", Some(b""))])).unwrap());
        let records = log.records(7, 10).unwrap();
        assert_eq!(records.iter().map(|r| r.number).collect::<Vec<_>>(), [11, 12]);
        assert_eq!(
            records[0].writes,
            [
                (Table::Stock, b"k1".to_vec(), Some(b"v1".to_vec())),
                (Table::Meta, b"m".to_vec(), None)
            ]
        );
        assert_eq!(records[1].writes, [(Table::Audit, b"a".to_vec(), Some(Vec::new()))]);
        // Records the file already holds, and those of another epoch, are not replayed.
        assert_eq!(
            log.records(7, 11).unwrap().iter().map(|r| r.number).collect::<Vec<_>>(),
            [12]
        );
        assert_eq!(log.records(7, 12).unwrap().len(), 0);
        assert_eq!(log.records(8, 10).unwrap().len(), 0);
    }

    #[test]
    fn a_torn_record_ends_the_log() {
        let (dir, mut log) = log();
        assert!(log.append(1, 1, &payload(&[(Table::Stock, b"k", Some(b"v"))])).unwrap());
        assert!(log.append(1, 2, &payload(&[(Table::Stock, b"k", Some(b"w"))])).unwrap());
        // The second record's last byte never reached the disk.
        let end = log.end - 1;
        log.file.write_all_at(&[0xFF], end).unwrap();
        let reopened = RedoLog::open(&path_for(&dir.path().join("db.redb"))).unwrap();
        assert_eq!(reopened.records(1, 0).unwrap().len(), 1);
    }

    #[test]
    fn a_restart_goes_on_in_the_other_half_and_stale_records_are_ignored() {
        let (_dir, mut log) = log();
        for n in 1..=3 {
            assert!(
                log.append(1, n, &payload(&[(Table::Stock, b"old", Some(b"x"))]))
                    .unwrap()
            );
        }
        log.restart();
        assert!(
            log.append(1, 4, &payload(&[(Table::Stock, b"new", Some(b"y"))]))
                .unwrap()
        );
        let records = log.records(1, 3).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].writes[0].1, b"new");
        // Until the file holds them, the other half's records come first.
        let numbers = |log: &RedoLog, from| {
            log.records(1, from)
                .unwrap()
                .iter()
                .map(|r| r.number)
                .collect::<Vec<_>>()
        };
        assert_eq!(numbers(&log, 1), [2, 3, 4]);
        // Back in the first half, the new record ends the old ones behind it.
        log.restart();
        assert!(
            log.append(1, 5, &payload(&[(Table::Stock, b"newer", Some(b"z"))]))
                .unwrap()
        );
        assert_eq!(numbers(&log, 3), [4, 5]);
        assert_eq!(numbers(&log, 0), Vec::<u64>::new());
    }

    #[test]
    fn a_voided_record_is_not_replayed_and_its_place_is_reused() {
        let (_dir, mut log) = log();
        assert!(log.append(1, 1, &payload(&[(Table::Stock, b"k", Some(b"v"))])).unwrap());
        assert!(log.append(1, 2, &payload(&[(Table::Stock, b"k", Some(b"w"))])).unwrap());
        log.void_last().unwrap();
        assert_eq!(log.records(1, 0).unwrap().len(), 1);
        assert!(log.append(1, 2, &payload(&[(Table::Stock, b"k", Some(b"z"))])).unwrap());
        assert_eq!(log.records(1, 0).unwrap()[1].writes[0].2, Some(b"z".to_vec()));
    }

    #[test]
    fn a_record_that_does_not_fit_is_refused_unwritten() {
        let (_dir, mut log) = log();
        let big = vec![0u8; CAPACITY as usize];
        assert!(!log.append(1, 1, &big).unwrap());
        assert!(log.is_empty());
        assert_eq!(log.filled, [0, 0]);
    }
}

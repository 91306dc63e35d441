//! Reliability: the real server killed with SIGKILL under concurrent load loses no
//! acknowledged write and reconciles after restart; backups of a running server are
//! consistent; a database written by an earlier build still reads; a log nobody reads
//! does not stop the server.

mod common;

use sanbao::domain::ids::DocNo;
use sanbao::remote::request;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A free port never handed to another test of this binary: tests start servers in
/// parallel, and the kernel may offer a just-released port again before its server binds.
fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap();
    loop {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// How a server or command names the database kept at `db`: the file, or, when the
/// suite is switched to PostgreSQL, a schema of its own (the same for the same path).
fn store_args(db: &Path) -> Vec<std::ffi::OsString> {
    static SCHEMAS: Mutex<BTreeMap<std::path::PathBuf, String>> = Mutex::new(BTreeMap::new());
    match common::test_store() {
        Some(base) => {
            let mut schemas = SCHEMAS.lock().unwrap();
            let url = schemas
                .entry(db.to_path_buf())
                .or_insert_with(|| common::fresh_pg_url(&base));
            vec!["--store".into(), url.clone().into()]
        }
        None => vec!["--db".into(), db.into()],
    }
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &Path) -> Server {
        Server::start_logging(db, Stdio::null())
    }

    /// A server whose log (connection errors included) goes to `log`.
    fn start_logging(db: &Path, log: Stdio) -> Server {
        Server::start_with(db, log, "warn,sanbao::http::serve=debug")
    }

    /// A server logging what `filter` (`RUST_LOG`) lets through to `log`.
    fn start_with(db: &Path, log: Stdio, filter: &str) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_sanbao"))
            .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
            .args(store_args(db))
            .env("RUST_LOG", filter)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while request(&url, "GET", "/healthz", "", b"").map(|r| r.0) != Ok(200) {
            assert!(Instant::now() < deadline, "server did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
        Server { child, url }
    }

    fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }

    fn get(&self, path: &str) -> Value {
        let (status, body) = request(&self.url, "GET", path, "demo-admin", b"").unwrap();
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
        serde_json::from_slice(&body).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// (receipt number, qty) of every acknowledged receipt.
type Acked = Arc<Mutex<Vec<(String, i64)>>>;

fn load(url: String, client: usize, acked: Acked, stop: Arc<AtomicBool>) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) && n < 2_000 {
        n += 1;
        let qty = (n % 5 + 1) as i64;
        let body =
            json!({"location": "WH-02", "lines": [{"part_no": "FLT-0042", "qty": qty, "unit_cost_fen": 1000 + n}]});
        let path = "/api/v1/stock/receipts";
        // A receipt is acknowledged only when its 201 answer arrived.
        if let Ok((201, answer)) = request(&url, "POST", path, "demo-clerk", body.to_string().as_bytes()) {
            let v: Value = serde_json::from_slice(&answer).unwrap();
            acked
                .lock()
                .unwrap()
                .push((v["number"].as_str().unwrap().to_string(), qty));
        }
        let _ = client;
    }
}

/// A log nobody reads (a pipe whose reader hangs, a stalled disk) does not stop the
/// server: once the pipe is full, log lines are dropped instead of holding up requests.
#[test]
fn a_log_nobody_reads_does_not_hold_up_requests() {
    let dir = tempfile::tempdir().unwrap();
    // The pipe is kept open and never read; it holds at most 64 KiB, about 900 lines.
    let server = Server::start_with(&dir.path().join("log.redb"), Stdio::piped(), "info");
    // Each request logs a line; a server writing its log in line would stop answering.
    let answered = Arc::new(Mutex::new(0));
    let client = {
        let (url, answered) = (server.url.clone(), Arc::clone(&answered));
        std::thread::spawn(move || {
            for _ in 0..3_000 {
                assert_eq!(request(&url, "GET", "/healthz", "", b"").unwrap().0, 200);
                *answered.lock().unwrap() += 1;
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while !client.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let done = *answered.lock().unwrap();
    drop(server);
    assert_eq!(done, 3_000, "the server stopped answering after {done} requests");
    client.join().unwrap();
}

/// Kill -9 at random moments under concurrent load, restart, check: every acknowledged
/// receipt is there with its stock, nothing half-written exists, the books reconcile.
#[test]
fn kill_9_under_load_loses_no_acknowledged_write() {
    let rounds: usize = std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.redb");
    let acked: Acked = Arc::default();
    {
        let s = Server::start(&db);
        let loc = json!({"code": "WH-02", "name": "Crash-test warehouse", "kind": "warehouse"}).to_string();
        assert_eq!(
            request(&s.url, "POST", "/api/v1/locations", "demo-admin", loc.as_bytes())
                .unwrap()
                .0,
            201
        );
        s.kill();
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    // Each restart's log says whether it replayed commits from the redo log.
    let logs: Vec<_> = (0..=rounds)
        .map(|r| dir.path().join(format!("start-{r}.log")))
        .collect();
    let start = |round: usize| {
        let log = std::fs::File::create(&logs[round]).unwrap();
        Server::start_with(&db, log.into(), "warn,sanbao::store=info")
    };
    for round in 0..rounds {
        let server = start(round);
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..4)
            .map(|c| {
                let (url, acked, stop) = (server.url.clone(), acked.clone(), stop.clone());
                std::thread::spawn(move || load(url, c, acked, stop))
            })
            .collect();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(50 + seed % 250));
        server.kill();
        stop.store(true, Ordering::Relaxed);
        for c in clients {
            c.join().unwrap();
        }
    }
    let server = start(rounds);
    let acked = acked.lock().unwrap().clone();
    assert!(!acked.is_empty(), "the load produced acknowledged writes");
    let mut checked = 0;
    for (number, qty) in &acked {
        let r = server.get(&format!("/api/v1/stock/receipts/{number}"));
        assert_eq!(r["lines"][0]["qty"], *qty, "{number}");
        checked += 1;
    }
    // Nothing half-written: the stored receipts account for exactly the stock and ledger.
    let mut stored: BTreeMap<String, i64> = BTreeMap::new();
    let mut cursor = String::new();
    loop {
        let page = server.get(&format!("/api/v1/stock/receipts?location=WH-02&limit=500{cursor}"));
        for r in page["items"].as_array().unwrap() {
            stored.insert(
                r["number"].as_str().unwrap().into(),
                r["lines"][0]["qty"].as_i64().unwrap(),
            );
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    let stock = server.get("/api/v1/stock?location=WH-02&part=FLT-0042");
    assert_eq!(stock["items"][0]["qty"].as_i64().unwrap(), stored.values().sum::<i64>());
    assert!(stored.len() >= acked.len());
    let report = server.get("/api/v1/reconciliation");
    assert_eq!(report["balanced"], true, "{report}");
    // On a redb file, kills under load leave commits that only the redo log holds.
    let replays = logs
        .iter()
        .filter(|l| std::fs::read_to_string(l).unwrap().contains("replayed the redo log"))
        .count();
    assert!(
        common::test_store().is_some() || replays > 0,
        "no restart replayed the redo log"
    );
    let figures = format!(
        "crash test: {rounds} kills, {checked} acknowledged writes checked, {} stored, lost = 0, \
         {replays} restarts replayed the redo log\n",
        stored.len()
    );
    print!("{figures}");
    // Kept for CI's log, which does not show a passing test's output.
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("crash-figures.txt"),
        figures,
    )
    .unwrap();
}

/// A backup taken from a running server under writes is a consistent database that
/// `sanbao check` passes.
#[test]
fn backup_of_a_running_server_checks_balanced() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let server = Server::start_logging(
        &dir.path().join("live.redb"),
        std::fs::File::create(&log).unwrap().into(),
    );
    let out = dir.path().join("copy.redb");
    let status = Command::new(env!("CARGO_BIN_EXE_sanbao"))
        .args(["backup", "--url", &server.url, "--token", "demo-admin", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the server's log:\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let check = Command::new(env!("CARGO_BIN_EXE_sanbao"))
        .arg("check")
        .arg("--db")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // A clerk may not take a backup.
    assert_eq!(
        request(&server.url, "POST", "/api/v1/admin/backup", "demo-clerk", b"")
            .unwrap()
            .0,
        403
    );
    drop(server);
    // And of a stopped one, offline.
    let offline = dir.path().join("copy2.redb");
    let status = Command::new(env!("CARGO_BIN_EXE_sanbao"))
        .arg("backup")
        .args(store_args(&dir.path().join("live.redb")))
        .arg("--out")
        .arg(&offline)
        .status()
        .unwrap();
    assert!(status.success());
    let copy = sanbao::store::Db::open(&offline).unwrap();
    assert!(
        sanbao::queries::reconciliation::run(&copy.read().unwrap())
            .unwrap()
            .balanced
    );
}

/// `fixtures/db/v1-demo.redb` was written by an earlier build: every record in it still
/// decodes and the books still reconcile.
#[test]
fn database_from_an_earlier_build_still_reads() {
    use sanbao::store::{Read, Scan, Table, codec};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/db/v1-demo.redb"), &path).unwrap();
    let db = sanbao::store::Db::open(&path).unwrap();
    let r = db.read().unwrap();
    let mut decoded = 0;
    macro_rules! decode_all {
        ($($table:ident => $ty:ty),*) => {$(
            for (_, v) in r.scan(Table::$table, &Scan::all()).unwrap() {
                codec::decode::<$ty>(&v).unwrap();
                decoded += 1;
            }
        )*};
    }
    use sanbao::domain::{auth, claims, documents as d, ledger, master, settlement, stock, warranty};
    decode_all!(Parts => master::Part, Locations => master::Location, Dealers => master::Dealer, Suppliers => master::Supplier,
        Stock => stock::Balance, StockLedger => ledger::StockEntry, Journal => ledger::JournalEntry,
        Receipts => d::Receipt, Transfers => d::Transfer, Stocktakes => d::Stocktake, Requisitions => d::Requisition,
        ServiceReports => d::ServiceReport, Units => warranty::Unit, Policies => warranty::Policy, Claims => claims::Claim,
        ClaimVersions => claims::Claim, OldParts => claims::OldPart, Settlements => settlement::Settlement,
        SupplierClaims => settlement::SupplierClaim, Audit => d::AuditEvent, Tokens => auth::Token);
    assert!(decoded > 1_000, "{decoded} records");
    assert!(sanbao::queries::reconciliation::run(&r).unwrap().balanced);
}

/// A database from an earlier build has no index entries; opening it builds every index
/// once, and the lists that read them answer exactly what a full scan would.
#[test]
fn database_from_an_earlier_build_gets_its_indexes_once() {
    use sanbao::domain::auth::{Principal, Role};
    use sanbao::domain::claims::{Claim, ClaimStatus, OldPart, TagStatus};
    use sanbao::domain::ledger::JournalEntry;
    use sanbao::queries::lists;
    use sanbao::queries::page::PageRequest;
    use sanbao::store::{Read, Scan, Table, codec};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/db/v1-demo.redb"), &path).unwrap();
    let db = sanbao::store::Db::open(&path).unwrap();
    let r = db.read().unwrap();
    let all = |t: Table| r.scan(t, &Scan::all()).unwrap();
    let claims: Vec<Claim> = all(Table::Claims)
        .iter()
        .map(|(_, v)| codec::decode(v).unwrap())
        .collect();
    let tags: Vec<OldPart> = all(Table::OldParts)
        .iter()
        .map(|(_, v)| codec::decode(v).unwrap())
        .collect();
    let journal: Vec<JournalEntry> = all(Table::Journal)
        .iter()
        .map(|(_, v)| codec::decode(v).unwrap())
        .collect();
    assert!(!claims.is_empty() && !tags.is_empty() && !journal.is_empty());
    let admin = Principal::system("test");
    let page = PageRequest {
        limit: Some(500),
        cursor: None,
    };

    // Claims by status and by dealer, newest first.
    for status in [ClaimStatus::Submitted, ClaimStatus::Decided, ClaimStatus::Draft] {
        for dealer in [None, Some("D001"), Some("D002")] {
            let listed: Vec<DocNo> =
                lists::claims(&r, &admin, Some(status), None, dealer, &lists::Search::default(), &page)
                    .unwrap()
                    .items
                    .into_iter()
                    .map(|c| c.number)
                    .collect();
            let mut want: Vec<DocNo> = claims
                .iter()
                .filter(|c| c.status == status && dealer.is_none_or(|d| d == c.dealer))
                .map(|c| c.number.clone())
                .collect();
            want.reverse();
            assert_eq!(listed, want, "{status:?} {dealer:?}");
        }
    }
    // A dealer token sees its own claims through the by-dealer index.
    let dealer = Principal {
        role: Role::Dealer,
        dealer: Some("D001".into()),
        ..admin.clone()
    };
    let own = lists::claims(&r, &dealer, None, None, None, &lists::Search::default(), &page)
        .unwrap()
        .items;
    assert_eq!(own.len(), claims.iter().filter(|c| c.dealer == "D001").count());
    assert!(!own.is_empty());

    // Old-part tags by claim, by dealer, by status.
    let claim = tags[0].claim.clone();
    let of_claim = lists::old_parts(&r, &admin, Some(&claim), None, None, &lists::Search::default(), &page)
        .unwrap()
        .items;
    assert_eq!(of_claim.len(), tags.iter().filter(|t| t.claim == claim).count());
    let due = lists::old_parts(
        &r,
        &admin,
        None,
        Some(TagStatus::Due),
        Some("D001"),
        &lists::Search::default(),
        &page,
    )
    .unwrap()
    .items;
    let want: Vec<&str> = tags
        .iter()
        .filter(|t| t.status == TagStatus::Due && t.dealer == "D001")
        .map(|t| t.tag.as_str())
        .collect();
    assert_eq!(due.iter().map(|t| t.tag.as_str()).collect::<Vec<_>>(), want);

    // Journal entries of one document.
    let document = journal[journal.len() / 2].document.clone();
    let entries = lists::journal(&r, Some(&document), false, &lists::Search::default(), &page)
        .unwrap()
        .items;
    let want: Vec<u64> = journal
        .iter()
        .filter(|e| e.document == document)
        .map(|e| e.seq)
        .collect();
    assert_eq!(entries.iter().map(|e| e.seq).collect::<Vec<_>>(), want);
    assert!(sanbao::queries::reconciliation::run(&r).unwrap().balanced);
    drop(r);

    // The build ran once: an entry removed now is not rebuilt by the next open, and
    // reconciliation names it.
    db.write_once(|w| {
        for (k, _) in w.scan(Table::OldPartsByClaim, &Scan::all().limit(1))? {
            w.delete(Table::OldPartsByClaim, k);
        }
        Ok::<_, sanbao::store::StoreError>(())
    })
    .unwrap();
    drop(db);
    let db = sanbao::store::Db::open(&path).unwrap();
    let report = sanbao::queries::reconciliation::run(&db.read().unwrap()).unwrap();
    assert_eq!(report.difference_count, 1);
    assert_eq!(report.differences[0].code, "index_entry_missing");
}

/// The receipts a redb file holds, read without opening it as a database (so without
/// replaying its redo log).
fn receipts_in_file(path: &Path) -> u64 {
    use redb::{ReadableDatabase, ReadableTableMetadata};
    let db = redb::Database::open(path).unwrap();
    let table = redb::TableDefinition::<&[u8], &[u8]>::new(sanbao::store::Table::Receipts.name());
    db.begin_read().unwrap().open_table(table).unwrap().len().unwrap()
}

/// The receipts a database holds once opened (its redo log replayed), and whether its
/// books reconcile.
fn receipts_opened(path: &Path) -> (usize, bool) {
    use sanbao::store::{Read, Scan, Table};
    let db = sanbao::store::Db::open(path).unwrap();
    let read = db.read().unwrap();
    let balanced = sanbao::queries::reconciliation::run(&read).unwrap().balanced;
    (read.scan(Table::Receipts, &Scan::all()).unwrap().len(), balanced)
}

/// A backup put in place of a crashed server's file ignores the redo log left beside it:
/// it holds exactly what the backup held, and reconciles. (Kills are repeated until one
/// leaves commits that only the log holds, as a copy of the crashed file shows.)
#[test]
fn a_restored_backup_never_replays_the_log_beside_it() {
    if common::redb_only("the redo log belongs to a redb file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.redb");
    let log_of = sanbao::store::redo_log_path;
    for round in 0..10 {
        let server = Server::start(&live);
        if round == 0 {
            let loc = json!({"code": "WH-02", "name": "Restore-test warehouse", "kind": "warehouse"});
            let made = request(
                &server.url,
                "POST",
                "/api/v1/locations",
                "demo-admin",
                loc.to_string().as_bytes(),
            );
            assert_eq!(made.unwrap().0, 201);
        }
        let backup = dir.path().join(format!("backup-{round}.redb"));
        let status = Command::new(env!("CARGO_BIN_EXE_sanbao"))
            .args(["backup", "--url", &server.url, "--token", "demo-admin", "--out"])
            .arg(&backup)
            .status()
            .unwrap();
        assert!(status.success());
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..4)
            .map(|c| {
                let (url, stop) = (server.url.clone(), stop.clone());
                std::thread::spawn(move || load(url, c, Acked::default(), stop))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(150));
        server.kill();
        stop.store(true, Ordering::Relaxed);
        for c in clients {
            c.join().unwrap();
        }
        // A copy of the crashed file with its log: what the log holds beyond the file.
        let control = dir.path().join(format!("control-{round}.redb"));
        std::fs::copy(&live, &control).unwrap();
        std::fs::copy(log_of(&live), log_of(&control)).unwrap();
        let in_file = receipts_in_file(&control);
        let (replayed, balanced) = receipts_opened(&control);
        assert!(balanced);
        // The backup put in place; the crashed file's log stays beside it.
        std::fs::copy(&backup, &live).unwrap();
        let backed_up = receipts_in_file(&backup);
        let (restored, balanced) = receipts_opened(&live);
        assert_eq!(restored as u64, backed_up, "round {round}");
        assert!(balanced, "round {round}");
        if replayed as u64 > in_file {
            return;
        }
    }
    panic!("no kill left commits that only the redo log held");
}

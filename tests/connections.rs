//! Connection handling of the real server on loopback, under a lowered open-file limit:
//! silent and dribbling clients are cut off, idle keep-alive connections close, a flood of
//! connections leaves `/healthz` answering, SIGTERM exits within its bound whatever clients
//! do, `--demo` refuses a database with tokens and seeds only after binding, requests hyper
//! cannot parse are answered with problem+json, and the server runs without transparent
//! huge pages. Time limits are lowered through the `SANBAO_*_MS` variables so the file runs
//! in seconds.

use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const FILE_LIMIT: u32 = 256;

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

/// `sanbao serve --demo` under `ulimit -n 256`, its log in a file.
fn serve_command(db: &Path, port: u16, env: &[(&str, &str)], log: &Path) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -n {FILE_LIMIT} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_sanbao"))
        .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(File::create(log).unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let (port, log) = (free_port(), dir.path().join("server.log"));
        let child = serve_command(&dir.path().join("demo.redb"), port, env, &log)
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            port,
            log,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(mut s) = server.connect()
                && get(&mut s, "/healthz").0 == 200
            {
                break;
            }
            assert!(
                server.child.try_wait().unwrap().is_none(),
                "server exited: {}",
                server.log()
            );
            assert!(Instant::now() < deadline, "server did not come up: {}", server.log());
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    fn connect(&self) -> std::io::Result<TcpStream> {
        let s = TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(5)))?;
        s.set_write_timeout(Some(Duration::from_secs(5)))?;
        Ok(s)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn terminate(&self) {
        let pid = i32::try_from(self.child.id()).unwrap();
        // SAFETY: signals our own child process.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for the child to exit, at most `max`.
fn wait_exit(child: &mut Child, max: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + max;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

/// Reads one response: (status, head, body).
fn read_response(s: &mut TcpStream) -> (u16, String, Vec<u8>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return (0, String::new(), buf),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < len {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    (status, head, body)
}

/// One GET on an open connection (kept alive).
fn get(s: &mut TcpStream, path: &str) -> (u16, String, Vec<u8>) {
    let req = format!("GET {path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer demo-admin\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return (0, String::new(), Vec::new());
    }
    read_response(s)
}

/// How long until the server closes `s` (EOF or reset), reading at most `max`.
fn closed_after(s: &mut TcpStream, max: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut chunk = [0u8; 1024];
    while started.elapsed() < max {
        s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        match s.read(&mut chunk) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

#[test]
fn silent_connections_are_closed_after_the_header_timeout() {
    let server = Server::start(&[("SANBAO_HEADER_TIMEOUT_MS", "500")]);
    let mut conns: Vec<_> = (0..5).map(|_| server.connect().unwrap()).collect();
    let started = Instant::now();
    for c in &mut conns {
        let left = Duration::from_secs(3).saturating_sub(started.elapsed());
        assert!(closed_after(c, left).is_some(), "a silent connection stayed open");
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_millis(1500),
        "closed after {took:?}"
    );
}

#[test]
fn connections_dribbling_headers_are_closed_after_the_header_timeout() {
    let server = Server::start(&[("SANBAO_HEADER_TIMEOUT_MS", "1000")]);
    let mut s = server.connect().unwrap();
    let started = Instant::now();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n").unwrap();
    let mut closed = None;
    for i in 0..30 {
        // One header line every 300 ms, each well within the limit, never the blank line.
        if closed_after(&mut s, Duration::from_millis(300)).is_some() {
            closed = Some(started.elapsed());
            break;
        }
        if s.write_all(format!("X-Dribble-{i}: x\r\n").as_bytes()).is_err() {
            closed = Some(started.elapsed());
            break;
        }
    }
    let took = closed.expect("a dribbling connection stayed open for 9 s");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(2000),
        "closed after {took:?}"
    );
}

#[test]
fn idle_keep_alive_connections_are_closed_after_the_idle_timeout() {
    let server = Server::start(&[("SANBAO_HEADER_TIMEOUT_MS", "500"), ("SANBAO_IDLE_TIMEOUT_MS", "1500")]);
    let mut s = server.connect().unwrap();
    assert_eq!(get(&mut s, "/healthz").0, 200);
    // Idle longer than the header limit: a keep-alive connection waits for its next request
    // under the idle limit, and the header limit starts again at its first byte.
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(get(&mut s, "/healthz").0, 200, "keep-alive connection still served");
    let closed = closed_after(&mut s, Duration::from_secs(4)).expect("an idle connection stayed open");
    assert!(
        closed >= Duration::from_millis(1300) && closed < Duration::from_millis(2500),
        "closed after {closed:?}"
    );
}

#[test]
fn a_flood_of_connections_leaves_healthz_answering() {
    let server = Server::start(&[]);
    // Twice the file limit of silent connections.
    let flood: Vec<_> = (0..2 * FILE_LIMIT).filter_map(|_| server.connect().ok()).collect();
    assert!(flood.len() >= 400, "only {} connections opened", flood.len());
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let mut s = server.connect().unwrap();
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let (status, _, body) = get(&mut s, "/healthz");
    let took = started.elapsed();
    assert_eq!((status, body.as_slice()), (200, &b"ok"[..]), "{}", server.log());
    assert!(took < Duration::from_secs(1), "/healthz took {took:?}");
    eprintln!("/healthz under a flood of {} connections: {took:?}", flood.len());
    // Past the cap, anything but /healthz is refused at once, retryable.
    let mut s = server.connect().unwrap();
    let (status, head, body) = get(&mut s, "/api/v1/parts");
    assert_eq!(status, 503, "{head}");
    assert!(head.contains("retry-after: "), "{head}");
    assert!(head.contains("content-type: application/problem+json"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("\"code\":\"overloaded\""));
    drop(flood);
    // The flood gone, the server serves again.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut s = server.connect().unwrap();
        if get(&mut s, "/api/v1/parts?limit=1").0 == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not recover");
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = server.log();
    assert!(!log.contains("Too many open files"), "{log}");
    assert!(log.contains("accepting up to 192 connections"), "{log}");
}

#[test]
fn sigterm_finishes_requests_in_flight_and_exits_within_the_bound_whatever_clients_do() {
    let mut server = Server::start(&[("SANBAO_SHUTDOWN_TIMEOUT_MS", "1000")]);
    let silent = server.connect().unwrap();
    let mut mid_header = server.connect().unwrap();
    mid_header.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n").unwrap();
    let mut stuck_body = server.connect().unwrap();
    stuck_body
        .write_all(b"POST /api/v1/locations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer demo-admin\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"code\"")
        .unwrap();
    let body = br#"{"code": "WH-09", "name": "Shutdown test", "kind": "warehouse"}"#;
    let mut in_flight = server.connect().unwrap();
    let head = format!(
        "POST /api/v1/locations HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer demo-admin\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    in_flight.write_all(head.as_bytes()).unwrap();
    in_flight.write_all(&body[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let started = Instant::now();
    server.terminate();
    std::thread::sleep(Duration::from_millis(200));
    // The request in flight still finishes.
    in_flight.write_all(&body[10..]).unwrap();
    let (status, _, answer) = read_response(&mut in_flight);
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));
    // No new connections.
    assert!(server.connect().is_err(), "still accepting after SIGTERM");
    let exited = wait_exit(&mut server.child, Duration::from_secs(5));
    let took = started.elapsed();
    assert!(exited.is_some(), "still running 5 s after SIGTERM: {}", server.log());
    assert!(exited.is_some_and(|s| s.success()), "{exited:?}");
    assert!(took < Duration::from_millis(2500), "exit took {took:?}");
    eprintln!("SIGTERM to exit with stuck connections: {took:?}");
    drop((silent, mid_header, stuck_body));
}

#[test]
fn requests_hyper_cannot_parse_are_answered_with_problem_json() {
    let server = Server::start(&[]);
    let cases: [&[u8]; 4] = [
        b"GET /api/v1/parts/\xff HTTP/1.1\r\nHost: t\r\n\r\n",
        b"GET /api/v1/parts/\x01 HTTP/1.1\r\nHost: t\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Bad: \x7f\x00\r\n\r\n",
    ];
    for raw in cases {
        let mut s = server.connect().unwrap();
        s.write_all(raw).unwrap();
        let (status, head, body) = read_response(&mut s);
        let what = String::from_utf8_lossy(raw);
        assert_eq!(status, 400, "{what}: {head}");
        assert!(
            head.contains("content-type: application/problem+json"),
            "{what}: {head}"
        );
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["code"], "malformed_request", "{what}");
        assert_eq!(v["status"], 400);
    }
    // A valid request on a kept-alive connection is untouched by the replacement, and the
    // same connection's later malformed request is still answered as problem+json.
    let mut s = server.connect().unwrap();
    assert_eq!(get(&mut s, "/healthz").0, 200);
    assert_eq!(get(&mut s, "/nope").0, 404);
    s.write_all(b"GET /\xfe HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    let (status, head, _) = read_response(&mut s);
    assert_eq!(status, 400);
    assert!(head.contains("application/problem+json"), "{head}");
    // Headers larger than hyper reads.
    let mut s = server.connect().unwrap();
    let big = format!(
        "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: {}\r\n\r\n",
        "a".repeat(600 * 1024)
    );
    let _ = s.write_all(big.as_bytes());
    let (status, head, body) = read_response(&mut s);
    assert_eq!(status, 431, "{head}");
    assert!(String::from_utf8_lossy(&body).contains("\"code\":\"headers_too_large\""));
}

#[cfg(target_os = "linux")]
#[test]
fn the_server_runs_without_transparent_huge_pages() {
    let server = Server::start(&[]);
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let thp = status.lines().find(|l| l.starts_with("THP_enabled:"));
    assert_eq!(
        thp.map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["THP_enabled:", "0"])
    );
}

#[test]
fn demo_refuses_a_database_holding_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("real.redb");
    let out = Command::new(env!("CARGO_BIN_EXE_sanbao"))
        .args(["token", "create", "--role", "admin", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log = dir.path().join("server.log");
    let mut child = serve_command(&db, free_port(), &[], &log).spawn().unwrap();
    let status = wait_exit(&mut child, Duration::from_secs(20));
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let stderr = std::fs::read_to_string(&log).unwrap();
    assert_eq!(status.and_then(|s| s.code()), Some(2), "{stderr}");
    assert!(stderr.contains("holds API tokens"), "{stderr}");
    let db = sanbao::store::Db::open(&db).unwrap();
    assert!(!sanbao::fixtures::is_demo(&db).unwrap(), "no demo data seeded");
}

#[test]
fn demo_with_a_busy_port_leaves_no_database_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.redb");
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let log = dir.path().join("server.log");
    let mut child = serve_command(&db, port, &[], &log).spawn().unwrap();
    let status = wait_exit(&mut child, Duration::from_secs(20));
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let stderr = std::fs::read_to_string(&log).unwrap();
    assert_eq!(status.and_then(|s| s.code()), Some(1), "{stderr}");
    assert!(stderr.contains("cannot listen"), "{stderr}");
    assert!(!db.exists(), "a database was created behind a busy port");
    drop(busy);
}

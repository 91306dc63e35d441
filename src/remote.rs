//! The HTTP client of CLI commands that ask a running server: plain `http://` on loopback or
//! a trusted network (TLS belongs to a reverse proxy in front of the server), built on `ureq`.

use crate::http::problem::Problem;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;
use ureq::http::{Method, Request, Response, header};

/// Longest wait to open a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest silence on an open connection: the server builds a backup before it answers.
const READ_TIMEOUT: Duration = Duration::from_secs(300);
/// Most bytes read of a JSON answer or an error body.
const ANSWER_BYTES_MAX: u64 = 64 * 1024 * 1024;

/// A running server and the token to ask it with.
pub struct Server {
    agent: ureq::Agent,
    url: String,
    token: String,
}

impl Server {
    /// A server at `url` (`http://host:port`), asked with the bearer `token`.
    pub fn new(url: &str, token: &str) -> Result<Self, String> {
        if !url.starts_with("http://") {
            return Err(format!(
                "{url}: only http:// URLs are supported (put TLS in a reverse proxy and use the server's own address)"
            ));
        }
        Ok(Server {
            agent: agent(),
            url: url.trim_end_matches('/').to_string(),
            token: token.to_string(),
        })
    }

    /// GETs `path`: the status and the JSON answer (null when it is not JSON).
    pub fn get(&self, path: &str) -> Result<(u16, serde_json::Value), String> {
        let mut resp = self.send(Method::GET, path, &[])?;
        let status = resp.status().as_u16();
        let bytes = read_limited(resp.body_mut())?;
        Ok((
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        ))
    }

    /// POSTs `input` as JSON and reads the answer as `O` when the status is `expect`; any
    /// other status becomes an error naming the server's problem code and detail.
    pub fn post_json<I: Serialize, O: DeserializeOwned>(
        &self,
        path: &str,
        input: &I,
        expect: u16,
    ) -> Result<O, String> {
        let body = serde_json::to_vec(input).map_err(|e| format!("cannot encode the request: {e}"))?;
        let mut resp = self.send(Method::POST, path, &body)?;
        let status = resp.status().as_u16();
        let bytes = read_limited(resp.body_mut())?;
        if status != expect {
            return Err(refusal(status, &bytes));
        }
        serde_json::from_slice(&bytes).map_err(|e| format!("the server's answer to {path} is not understood: {e}"))
    }

    /// POSTs an empty body and saves the answer to `out` (which must not exist): streamed to a
    /// temporary file beside it, checked complete, synced, then renamed. On any failure no
    /// `out` is left behind. Returns the bytes written.
    pub fn download(&self, path: &str, out: &Path) -> Result<u64, String> {
        let mut resp = self.send(Method::POST, path, b"")?;
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(refusal(status, &read_limited(resp.body_mut())?));
        }
        let expected = expected_length(&resp)?;
        let part = part_path(out);
        let saved = save(resp.body_mut().as_reader(), &part, expected).and_then(|n| {
            std::fs::rename(&part, out)
                .map(|()| n)
                .map_err(|e| format!("cannot rename {} to {}: {e}", part.display(), out.display()))
        });
        match saved {
            Ok(n) => {
                sync_dir(out);
                Ok(n)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                Err(e)
            }
        }
    }

    /// POSTs `bytes` (a file) as they are: the status and the JSON answer (null when it is
    /// not JSON).
    pub fn post_bytes(&self, path: &str, bytes: &[u8]) -> Result<(u16, serde_json::Value), String> {
        let mut resp = self.send(Method::POST, path, bytes)?;
        let status = resp.status().as_u16();
        let answer = read_limited(resp.body_mut())?;
        Ok((
            status,
            serde_json::from_slice(&answer).unwrap_or(serde_json::Value::Null),
        ))
    }

    fn send(&self, method: Method, path: &str, body: &[u8]) -> Result<Response<ureq::Body>, String> {
        send(&self.agent, method, &format!("{}{path}", self.url), &self.token, body)
    }
}

/// Sends one request and returns (status, body) whatever the status: the raw access tests
/// and scripts use.
pub fn request(url: &str, method: &str, path: &str, token: &str, body: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let method = Method::from_bytes(method.as_bytes()).map_err(|e| format!("{method}: {e}"))?;
    let mut resp = send(
        &agent(),
        method,
        &format!("{}{path}", url.trim_end_matches('/')),
        token,
        body,
    )?;
    let status = resp.status().as_u16();
    Ok((status, read_limited(resp.body_mut())?))
}

/// An agent that reports every status as an answer, follows no redirect (a bearer token
/// goes only where it was sent) and ignores proxy settings (the servers are local).
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_per_read(Some(READ_TIMEOUT))
        .build()
        .into()
}

fn send(
    agent: &ureq::Agent,
    method: Method,
    url: &str,
    token: &str,
    body: &[u8],
) -> Result<Response<ureq::Body>, String> {
    let builder = Request::builder()
        .method(method)
        .uri(url)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    // An empty body is sent as none, so a GET carries no body at all.
    let sent = if body.is_empty() {
        builder.body(()).map(|r| agent.run(r))
    } else {
        builder.body(body).map(|r| agent.run(r))
    };
    sent.map_err(|e| format!("{url}: {e}"))?
        .map_err(|e| format!("{url}: {e}"))
}

fn read_limited(body: &mut ureq::Body) -> Result<Vec<u8>, String> {
    body.with_config()
        .limit(ANSWER_BYTES_MAX)
        .read_to_vec()
        .map_err(|e| format!("reading the server's answer: {e}"))
}

/// The error for an unexpected status: the problem's code and detail when the body is
/// problem+json, else the body as text.
fn refusal(status: u16, body: &[u8]) -> String {
    match serde_json::from_slice::<Problem>(body) {
        Ok(p) => format!("the server answered {status} {}: {}", p.code, p.detail),
        Err(_) => format!("the server answered {status}: {}", String::from_utf8_lossy(body).trim()),
    }
}

/// The length a complete body must have: `Some(Content-Length)`, or `None` for a chunked
/// body (whose end marker ureq checks). A body ended only by closing the connection cannot
/// be told from a cut one, so it is refused.
fn expected_length(resp: &Response<ureq::Body>) -> Result<Option<u64>, String> {
    let headers = resp.headers();
    if let Some(v) = headers.get(header::CONTENT_LENGTH) {
        let n = v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .ok_or("the server sent an unreadable Content-Length")?;
        return Ok(Some(n));
    }
    let chunked = headers
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.to_ascii_lowercase().contains("chunked")));
    if chunked {
        Ok(None)
    } else {
        Err(
            "the server sent neither a length nor a chunked body, so a complete copy cannot be told from a cut one"
                .into(),
        )
    }
}

/// `.NAME.part-PID` beside `out`: same directory, so the rename is atomic.
fn part_path(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    out.with_file_name(format!(".{name}.part-{}", std::process::id()))
}

/// Streams `body` into a new file at `part`, checks its length and syncs it.
fn save(mut body: impl Read, part: &Path, expected: Option<u64>) -> Result<u64, String> {
    let cut = |e: std::io::Error| format!("the download was cut off: {e}");
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(part)
        .map_err(|e| format!("{}: {e}", part.display()))?;
    let mut writer = std::io::BufWriter::new(file);
    let written = std::io::copy(&mut body, &mut writer).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::ConnectionReset
        | std::io::ErrorKind::ConnectionAborted
        | std::io::ErrorKind::TimedOut => cut(e),
        _ => format!("saving {}: {e}", part.display()),
    })?;
    if let Some(expected) = expected
        && written != expected
    {
        return Err(format!(
            "the download was cut off: {written} of {expected} bytes arrived"
        ));
    }
    let file = writer
        .into_inner()
        .map_err(|e| format!("saving {}: {}", part.display(), e.error()))?;
    file.sync_all().map_err(|e| format!("saving {}: {e}", part.display()))?;
    Ok(written)
}

/// Makes the rename durable: syncs the directory that holds `out` (best effort; not every
/// platform can open a directory).
fn sync_dir(out: &Path) {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_answer_names_its_code_and_detail() {
        let body = br#"{"type":"urn:sanbao:problem:forbidden","title":"forbidden","status":403,"code":"forbidden","detail":"admin only"}"#;
        assert_eq!(refusal(403, body), "the server answered 403 forbidden: admin only");
        assert_eq!(refusal(502, b"bad gateway\n"), "the server answered 502: bad gateway");
    }

    #[test]
    fn a_short_body_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join(".x.part");
        let e = save(&b"abc"[..], &part, Some(10)).unwrap_err();
        assert!(e.contains("3 of 10 bytes"), "{e}");
        assert_eq!(save(&b"abc"[..], &dir.path().join(".y.part"), Some(3)), Ok(3));
    }

    #[test]
    fn only_plain_http_is_spoken() {
        assert!(Server::new("https://example.com", "t").is_err());
        assert!(Server::new("http://127.0.0.1:8080/", "t").is_ok());
    }
}

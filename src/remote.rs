//! A minimal HTTP/1.1 client for CLI commands that ask a running server (plain
//! `http://` on a trusted network or loopback).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Sends one request and returns (status, body).
pub fn request(url: &str, method: &str, path: &str, token: &str, body: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let host = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs are supported")?
        .trim_end_matches('/');
    let mut stream = TcpStream::connect(host).map_err(|e| format!("cannot connect to {host}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(300)))
        .map_err(|e| e.to_string())?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("malformed response")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("malformed status line")?;
    let mut body = raw[split + 4..].to_vec();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Ok((status, body))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 || data.len() < end + 2 + size {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[(end + 4 + size).min(data.len())..];
    }
    out
}

/// Sends one request and returns the body when the status is `expect`; any other answer
/// becomes an error naming the status and the server's problem.
pub fn call(url: &str, method: &str, path: &str, token: &str, body: &[u8], expect: u16) -> Result<Vec<u8>, String> {
    match request(url, method, path, token, body)? {
        (status, body) if status == expect => Ok(body),
        (status, body) => Err(format!(
            "the server answered {status}: {}",
            String::from_utf8_lossy(&body)
        )),
    }
}

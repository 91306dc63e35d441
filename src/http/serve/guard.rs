//! The socket wrapper that notes a connection's reads and writes for its tracking and
//! replaces hyper's bare 400, 414 and 431 answers with problem+json.

use super::connection::Track;
use crate::error::Error;
use crate::http::problem::Problem;
use axum::http::StatusCode;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// The socket as hyper sees it: reads move an idle connection to reading a head; a write
/// while no request is being served can only be hyper's own answer to a request it could
/// not parse (bare 400, 414 or 431), which is replaced by a problem+json answer.
pub(super) struct Guarded {
    stream: TcpStream,
    track: Arc<Track>,
    /// Our answer in place of hyper's, and how much of it is written.
    replacement: Option<(Vec<u8>, usize)>,
}

impl Guarded {
    pub(super) fn new(stream: TcpStream, track: Arc<Track>) -> Self {
        Self {
            stream,
            track,
            replacement: None,
        }
    }

    /// Swallows hyper's own bytes, queueing the replacement on the first of them.
    fn swallow(&mut self, hyper_bytes: &[u8], len: usize) -> Poll<io::Result<usize>> {
        if self.replacement.is_none() {
            self.replacement = Some((refusal(hyper_bytes), 0));
        }
        Poll::Ready(Ok(len))
    }

    /// Writes what is left of the replacement.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some((bytes, written)) = &mut self.replacement {
            while *written < bytes.len() {
                let n = ready!(Pin::new(&mut self.stream).poll_write(cx, &bytes[*written..]))?;
                if n == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                *written += n;
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for Guarded {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.track.on_bytes();
        }
        r
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.replacement.is_some() || !self.track.is_busy() {
            return self.swallow(buf, buf.len());
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.replacement.is_some() || !self.track.is_busy() {
            let len = bufs.iter().map(|b| b.len()).sum();
            let first = bufs.iter().find(|b| !b.is_empty()).map_or(&[][..], |b| &b[..]);
            return self.swallow(first, len);
        }
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacement(cx))?;
        ready!(Pin::new(&mut self.stream).poll_flush(cx))?;
        self.track.on_flushed();
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacement(cx))?;
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// The problem+json answer (whole, `Connection: close`) replacing hyper's bare answer,
/// whose status line starts `hyper_bytes`.
fn refusal(hyper_bytes: &[u8]) -> Vec<u8> {
    let status = hyper_bytes
        .get(9..12)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.parse::<u16>().ok());
    let error = match status {
        Some(414) => Error::UriTooLong,
        Some(431) => Error::HeadersTooLarge,
        _ => Error::MalformedRequest(
            "the request line or a header is not valid HTTP/1.1 (a path must be ASCII, \
             other bytes percent-encoded)"
                .into(),
        ),
    };
    problem_bytes(&error)
}

/// A complete HTTP/1.1 problem+json answer that closes the connection.
fn problem_bytes(error: &Error) -> Vec<u8> {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_vec(&Problem::of(error)).unwrap_or_default();
    let mut out = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_keeps_hypers_status_as_problem_json() {
        let cases = [
            (
                &b"HTTP/1.1 400 Bad Request\r\n"[..],
                "400 Bad Request",
                "malformed_request",
            ),
            (b"HTTP/1.1 414 URI Too Long\r\n", "414 URI Too Long", "uri_too_long"),
            (
                b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
                "431 Request Header Fields Too Large",
                "headers_too_large",
            ),
            (b"", "400 Bad Request", "malformed_request"),
        ];
        for (hyper, status, code) in cases {
            let text = String::from_utf8(refusal(hyper)).unwrap();
            assert!(text.starts_with(&format!("HTTP/1.1 {status}\r\n")), "{text}");
            assert!(text.contains("content-type: application/problem+json\r\n"), "{text}");
            assert!(text.contains("connection: close\r\n"), "{text}");
            let body = text.split("\r\n\r\n").nth(1).unwrap();
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(v["code"], code);
            let len = text.lines().find_map(|l| l.strip_prefix("content-length: ")).unwrap();
            assert_eq!(len.parse::<usize>().unwrap(), body.len());
        }
    }
}

//! Lists as files. Every daily list answers `?format=csv` (UTF-8 with a byte-order mark,
//! so Excel shows Chinese; comma separated, RFC 4180 quoting) or `?format=xlsx` with the
//! same rows the caller's pages would show — the same query, the same visibility — read
//! page after page from one snapshot on the blocking pool and sent as they are read.
//!
//! Columns are the list's JSON field names in their wire order (stable English codes);
//! nested values (document lines) are one cell of compact JSON; amounts stay in fen and
//! instants in RFC 3339, exactly as the API has them. A text cell that a spreadsheet
//! would read as a formula (`=`, `+`, `-`, `@`) is written with a leading `'`.

use super::AppState;
use super::dto::Wire;
use crate::error::{Error, Result};
use crate::queries::Snapshot;
use crate::queries::page::{LIMIT_MAX, Page, PageRequest};
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hyper::body::Frame;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::{mpsc, oneshot};
use utoipa::ToSchema;

/// Most rows one export writes; narrow the filters for more.
pub const EXPORT_ROWS_MAX: usize = 100_000;
/// Most pages one export reads (each examines at most `EXAMINED_MAX` rows).
pub const EXPORT_PAGES_MAX: usize = 2_000;
/// The XLSX content type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Longest text an XLSX cell holds.
const XLSX_CELL_MAX: usize = 32_767;

/// How a list answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListFormat {
    /// One page of JSON (the default).
    #[default]
    Json,
    /// Every row, as CSV in UTF-8 with a byte-order mark.
    Csv,
    /// Every row, as an Excel workbook.
    Xlsx,
}

/// A page as JSON, written where it was read (on the blocking pool for most lists) into
/// one `Vec`: axum's `Json` grows a `BytesMut` from 128 bytes through every small write,
/// which costs a tenth of answering a page of 500 claims.
fn json_page<D, W: Wire<D> + Serialize>(page: Page<D>) -> Result<Vec<u8>> {
    let mut body = Vec::with_capacity(JSON_BYTES_PER_ROW * (page.items.len() + 1));
    serde_json::to_writer(&mut body, &Page::<W>::from_domain(page))
        .map_err(|e| Error::Internal(format!("a page did not serialise: {e}")))?;
    Ok(body)
}

/// Bytes a JSON page starts with per row (most rows take less, a claim about 1.5 KiB).
const JSON_BYTES_PER_ROW: usize = 1024;

/// A `200` answer with a JSON body.
fn json_body(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Like [`list`], for a list whose page is a read of a few keys from one index (one part's
/// stock): its JSON page is read by [`super::read::short`].
pub(super) async fn short_list<D, W, F>(
    s: &AppState,
    name: &'static str,
    format: Option<ListFormat>,
    page: PageRequest,
    fetch: F,
) -> Result<Response>
where
    D: Send + 'static,
    W: Wire<D> + Serialize + Send + 'static,
    F: Fn(&dyn Snapshot, &PageRequest) -> Result<Page<D>> + Send + 'static,
{
    if format.unwrap_or_default() == ListFormat::Json {
        let body = super::read::short(s, move |r| json_page::<D, W>(fetch(r, &page)?)).await?;
        return Ok(json_body(body));
    }
    list::<D, W, F>(s, name, format, page, fetch).await
}

/// Answers a list: one JSON page, or every row as a file. `fetch` reads one page; it runs
/// on the blocking pool, once for JSON and page after page for a file.
pub(super) async fn list<D, W, F>(
    s: &AppState,
    name: &'static str,
    format: Option<ListFormat>,
    page: PageRequest,
    fetch: F,
) -> Result<Response>
where
    D: Send + 'static,
    W: Wire<D> + Serialize + Send + 'static,
    F: Fn(&dyn Snapshot, &PageRequest) -> Result<Page<D>> + Send + 'static,
{
    let format = format.unwrap_or_default();
    if format == ListFormat::Json {
        let body = super::read::read(s, move |r| json_page::<D, W>(fetch(r, &page)?)).await?;
        return Ok(json_body(body));
    }
    page.limit()?;
    let db = s.db.clone();
    let (started, first) = oneshot::channel::<Result<()>>();
    let (tx, rx) = mpsc::channel::<std::io::Result<Bytes>>(4);
    tokio::task::spawn_blocking(move || {
        let snapshot = match db.read() {
            Ok(r) => r,
            Err(e) => {
                let _ = started.send(Err(e.into()));
                return;
            }
        };
        let mut sink = Sink::new(format, name);
        let mut started = Some(started);
        let mut request = PageRequest {
            limit: Some(LIMIT_MAX),
            cursor: page.cursor,
        };
        let fail = |started: &mut Option<oneshot::Sender<Result<()>>>, e: Error| match started.take() {
            Some(s) => {
                let _ = s.send(Err(e));
            }
            None => {
                let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
            }
        };
        for _ in 0..EXPORT_PAGES_MAX {
            let page = match fetch(&snapshot, &request) {
                Ok(p) => p,
                Err(e) => return fail(&mut started, e),
            };
            if let Some(s) = started.take() {
                let _ = s.send(Ok(()));
            }
            for item in page.items {
                if sink.rows >= EXPORT_ROWS_MAX {
                    break;
                }
                if let Err(e) = sink.row(W::from_domain(item)) {
                    return fail(&mut started, e);
                }
            }
            let chunk = sink.take_csv();
            if !chunk.is_empty() && tx.blocking_send(Ok(chunk.into())).is_err() {
                return; // the client went away
            }
            match page.next_cursor {
                Some(c) if sink.rows < EXPORT_ROWS_MAX => request.cursor = Some(c),
                _ => break,
            }
        }
        match sink.finish() {
            Ok(bytes) => {
                for chunk in bytes.chunks(64 * 1024) {
                    if tx.blocking_send(Ok(Bytes::copy_from_slice(chunk))).is_err() {
                        return;
                    }
                }
            }
            Err(e) => fail(&mut started, e),
        }
    });
    first
        .await
        .map_err(|e| Error::Internal(format!("export task failed: {e}")))??;
    let (content_type, ext) = match format {
        ListFormat::Xlsx => (XLSX, "xlsx"),
        _ => ("text/csv; charset=utf-8", "csv"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{ext}\""),
            ),
        ],
        Body::new(ChannelBody(rx)),
    )
        .into_response())
}

/// A response body fed by the export task.
struct ChannelBody(mpsc::Receiver<std::io::Result<Bytes>>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<std::io::Result<Frame<Bytes>>>> {
        self.0.poll_recv(cx).map(|o| o.map(|r| r.map(Frame::data)))
    }
}

/// A JSON object's fields in the order they were written.
struct Fields(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<De: Deserializer<'de>>(d: De) -> std::result::Result<Self, De::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(V)
    }
}

/// One cell.
enum Cell {
    Text(String),
    Number(f64, String),
}

fn cell(v: Value) -> Cell {
    match v {
        Value::Null => Cell::Text(String::new()),
        Value::Bool(b) => Cell::Text(b.to_string()),
        Value::Number(n) => Cell::Number(n.as_f64().unwrap_or_default(), n.to_string()),
        Value::String(s) if s.starts_with(['=', '+', '-', '@']) => Cell::Text(format!("'{s}")),
        Value::String(s) => Cell::Text(s),
        other => Cell::Text(other.to_string()),
    }
}

/// One CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
fn csv_field(out: &mut Vec<u8>, t: &str) {
    if t.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(t.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(t.as_bytes());
    }
}

/// Where the rows go: CSV bytes sent page by page, or a workbook sent when complete
/// (an XLSX file is a zip archive whose directory comes last).
struct Sink {
    columns: Option<Vec<String>>,
    rows: usize,
    csv: Option<Vec<u8>>,
    xlsx: Option<rust_xlsxwriter::Workbook>,
}

impl Sink {
    fn new(format: ListFormat, name: &str) -> Sink {
        let (csv, xlsx) = if format == ListFormat::Xlsx {
            let mut book = rust_xlsxwriter::Workbook::new();
            let _ = book.add_worksheet().set_name(name);
            (None, Some(book))
        } else {
            (Some("\u{feff}".as_bytes().to_vec()), None)
        };
        Sink {
            columns: None,
            rows: 0,
            csv,
            xlsx,
        }
    }

    fn row<W: Serialize>(&mut self, item: W) -> Result<()> {
        let text = serde_json::to_string(&item).map_err(|e| Error::Internal(format!("export: {e}")))?;
        let Fields(mut fields) = serde_json::from_str(&text).map_err(|e| Error::Internal(format!("export: {e}")))?;
        let columns = self
            .columns
            .get_or_insert_with(|| fields.iter().map(|(k, _)| k.clone()).collect())
            .clone();
        if self.rows == 0 {
            let header: Vec<Cell> = columns.iter().map(|c| Cell::Text(c.clone())).collect();
            self.write(0, header)?;
        }
        let cells = columns
            .iter()
            .map(|c| match fields.iter().position(|(k, _)| k == c) {
                Some(i) => cell(fields.swap_remove(i).1),
                None => Cell::Text(String::new()),
            })
            .collect();
        self.rows += 1;
        self.write(self.rows, cells)
    }

    fn write(&mut self, row: usize, cells: Vec<Cell>) -> Result<()> {
        let failed = |e: &dyn std::fmt::Display| Error::Internal(format!("export: {e}"));
        if let Some(out) = &mut self.csv {
            for (i, c) in cells.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let (Cell::Text(t) | Cell::Number(_, t)) = c;
                csv_field(out, &t);
            }
            out.extend_from_slice(b"\r\n");
            return Ok(());
        }
        let Some(book) = &mut self.xlsx else { return Ok(()) };
        let sheet = book.worksheet_from_index(0).map_err(|e| failed(&e))?;
        let row = u32::try_from(row).map_err(|e| failed(&e))?;
        for (col, c) in cells.into_iter().enumerate() {
            let col = u16::try_from(col).map_err(|e| failed(&e))?;
            match c {
                Cell::Number(n, _) => sheet.write_number(row, col, n).map(|_| ()),
                Cell::Text(t) => {
                    let t: String = t.chars().take(XLSX_CELL_MAX).collect();
                    sheet.write_string(row, col, t).map(|_| ())
                }
            }
            .map_err(|e| failed(&e))?;
        }
        Ok(())
    }

    /// The CSV written since the last call (nothing for a workbook).
    fn take_csv(&mut self) -> Vec<u8> {
        self.csv.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The workbook, complete (nothing more for CSV).
    fn finish(mut self) -> Result<Vec<u8>> {
        match &mut self.xlsx {
            Some(book) => book
                .save_to_buffer()
                .map_err(|e| Error::Internal(format!("export: {e}"))),
            None => Ok(self.take_csv()),
        }
    }
}

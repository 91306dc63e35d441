//! Where log lines go: a thread writes them to stderr in batches, so no request waits on
//! the log's sink (a slow pipe, a full disk) or on the lock around it. When the sink falls
//! [`QUEUE_LINES`] behind, further lines are dropped and counted, and the count is written
//! as soon as the sink keeps up again.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::Duration;
use tracing_subscriber::fmt::MakeWriter;

/// Log lines that may wait for the sink before new ones are dropped.
pub const QUEUE_LINES: usize = 16_384;

enum Message {
    Line(Vec<u8>),
    Stop,
}

/// The writing end, given to the log formatter: each formatted line is queued whole.
#[derive(Clone)]
pub struct LogSink {
    queue: SyncSender<Message>,
    dropped: Arc<AtomicU64>,
}

/// The thread writing the queued lines; dropping it writes what is queued and stops it.
pub struct LogThread {
    queue: SyncSender<Message>,
    thread: Option<JoinHandle<()>>,
}

/// Starts the thread writing to `out` (stderr in the binary); fails only if the system
/// cannot start a thread.
pub fn start<W: Write + Send + 'static>(out: W, queue_lines: usize) -> io::Result<(LogSink, LogThread)> {
    let (queue, lines) = sync_channel(queue_lines);
    let dropped = Arc::new(AtomicU64::new(0));
    let counted = Arc::clone(&dropped);
    let thread = std::thread::Builder::new()
        .name("log".into())
        .spawn(move || write_lines(&lines, io::BufWriter::with_capacity(64 * 1024, out), &counted))?;
    let sink = LogSink {
        queue: queue.clone(),
        dropped,
    };
    Ok((
        sink,
        LogThread {
            queue,
            thread: Some(thread),
        },
    ))
}

/// How often the thread takes what is queued. It sleeps in between rather than waiting on
/// the queue, so queueing a line never has to wake it: a wake-up per line cost a busy
/// server as much CPU as writing the line itself.
const TICK: Duration = Duration::from_millis(20);

/// Writes the queued lines every [`TICK`] until told to stop.
fn write_lines(lines: &Receiver<Message>, mut out: impl Write, dropped: &AtomicU64) {
    loop {
        std::thread::sleep(TICK);
        let mut stop = false;
        loop {
            match lines.try_recv() {
                // A failing sink cannot be reported anywhere else, so its errors are ignored.
                Ok(Message::Line(line)) => {
                    let _ = out.write_all(&line);
                }
                Ok(Message::Stop) | Err(TryRecvError::Disconnected) => {
                    stop = true;
                    break;
                }
                Err(TryRecvError::Empty) => break,
            }
        }
        let lost = dropped.swap(0, Ordering::Relaxed);
        if lost > 0 {
            let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ");
            let _ = writeln!(
                out,
                "{now}  WARN sanbao::log_sink: {lost} log lines dropped: the log's output did not keep up"
            );
        }
        let _ = out.flush();
        if stop {
            return;
        }
    }
}

impl Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.queue.try_send(Message::Line(buf.to_vec())) {
            Ok(()) | Err(TrySendError::Disconnected(_)) => {}
            Err(TrySendError::Full(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl MakeWriter<'_> for LogSink {
    type Writer = LogSink;

    fn make_writer(&self) -> LogSink {
        self.clone()
    }
}

impl Drop for LogThread {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            // Waits behind the queued lines (a full queue drains as the sink accepts them).
            if self.queue.send(Message::Stop).is_ok() {
                let _ = thread.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A sink that keeps what it is given.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl Write for Kept {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn text(kept: &Kept) -> String {
        String::from_utf8(kept.0.lock().unwrap().clone()).unwrap()
    }

    /// With room in the queue, every line reaches the sink, in order, by the time the
    /// thread is dropped.
    #[test]
    fn lines_arrive_in_order_before_the_thread_ends() {
        let kept = Kept::default();
        let (sink, thread) = start(kept.clone(), 1_000).unwrap();
        for i in 0..1_000 {
            sink.make_writer().write_all(format!("line {i}\n").as_bytes()).unwrap();
        }
        drop(thread);
        let expected: String = (0..1_000).map(|i| format!("line {i}\n")).collect();
        assert_eq!(text(&kept), expected);
    }

    /// A sink that blocks its first write until the gate opens.
    struct Gated {
        kept: Kept,
        entered: SyncSender<()>,
        open: Option<Receiver<()>>,
    }

    impl Write for Gated {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if let Some(open) = self.open.take() {
                self.entered.send(()).unwrap();
                open.recv().unwrap();
            }
            self.kept.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A sink that does not keep up never blocks the logger: the lines beyond the queue are
    /// dropped, and their count is written once the sink accepts writes again.
    #[test]
    fn a_stalled_sink_drops_lines_and_says_how_many() {
        let kept = Kept::default();
        let (entered, stalled) = sync_channel(1);
        let (gate, open) = sync_channel(1);
        let gated = Gated {
            kept: kept.clone(),
            entered,
            open: Some(open),
        };
        let (sink, thread) = start(gated, 4).unwrap();
        sink.make_writer().write_all(b"first\n").unwrap();
        stalled.recv().unwrap();
        for i in 0..14 {
            sink.make_writer().write_all(format!("line {i}\n").as_bytes()).unwrap();
        }
        gate.send(()).unwrap();
        drop(thread);
        let out = text(&kept);
        let (written, report) = out.strip_suffix('\n').unwrap().rsplit_once('\n').unwrap();
        assert_eq!(written, "first\nline 0\nline 1\nline 2\nline 3");
        let (time, message) = report.split_once("  ").unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "{report}");
        assert_eq!(
            message,
            "WARN sanbao::log_sink: 10 log lines dropped: the log's output did not keep up"
        );
    }
}

//! Reads an export ahead of its caller, on a thread of its own: while the
//! caller turns one batch into objects (`Import-LightningSyncRecipient`
//! builds PowerShell objects from it), the next records are already being
//! parsed and written as JSON. Memory stays bounded: the thread runs at most
//! [`CHUNKS_AHEAD`] chunks of [`CHUNK_RECORDS`] records ahead.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use crate::clixml::{ClixmlError, ClixmlErrorKind};

use super::ImportReader;
use super::import::join_batch;

/// Records the thread hands over at a time.
const CHUNK_RECORDS: usize = 64;
/// Chunks the thread may have read before the caller takes them.
const CHUNKS_AHEAD: usize = 4;

enum Message {
    /// Records, each one JSON value.
    Records(Vec<String>),
    /// The read failed here; nothing follows.
    Failed(ClixmlError),
    /// The end of the file.
    End,
}

/// An [`ImportReader`] running ahead on its own thread; same batches, same
/// errors, in the same order.
pub struct PrefetchedImport {
    channel: Arc<Channel>,
    pending: VecDeque<String>,
    /// An error met after some records of a batch, for the next call.
    deferred: Option<ClixmlError>,
    finished: bool,
    bytes_read: Arc<AtomicU64>,
    bounds: Arc<super::Bounds>,
    worker: Option<JoinHandle<()>>,
}

impl PrefetchedImport {
    /// Starts reading `reader` on a new thread.
    pub fn start<R: Read + Send + 'static>(reader: ImportReader<R>) -> std::io::Result<Self> {
        let channel = Arc::new(Channel::default());
        let sender = Sender(Arc::clone(&channel));
        let bytes_read = Arc::new(AtomicU64::new(reader.bytes_read()));
        let progress = Arc::clone(&bytes_read);
        let bounds = reader.bounds();
        let worker = std::thread::Builder::new()
            .name("lsync-import".into())
            .spawn(move || read_ahead(reader, &sender, &progress))?;
        Ok(PrefetchedImport {
            channel,
            pending: VecDeque::new(),
            deferred: None,
            finished: false,
            bytes_read,
            bounds,
            worker: Some(worker),
        })
    }

    /// Bytes of the file the thread has read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read.load(Ordering::Relaxed)
    }

    /// Up to `max_records` records (at least one) as one JSON array text,
    /// stopping early once the text exceeds `max_bytes`; `[]` at the end of
    /// the file. A read error after some records of the batch returns those
    /// records first and the error on the next call
    /// (as [`ImportReader::next_batch`]).
    pub fn next_batch(
        &mut self,
        max_records: usize,
        max_bytes: usize,
    ) -> Result<String, ClixmlError> {
        let mut deferred = self.deferred.take();
        let batch = join_batch(&mut deferred, max_records, max_bytes, || self.next_record());
        self.deferred = deferred;
        batch
    }

    fn next_record(&mut self) -> Option<Result<String, ClixmlError>> {
        loop {
            if let Some(record) = self.pending.pop_front() {
                return Some(Ok(record));
            }
            if self.finished {
                return None;
            }
            match self.channel.receive() {
                Some(Message::Records(chunk)) => self.pending.extend(chunk),
                Some(Message::End) => self.finished = true,
                Some(Message::Failed(e)) => {
                    self.finished = true;
                    return Some(Err(e));
                }
                // The thread ended without saying why: it panicked. The
                // panic goes on here, so the caller's boundary reports it
                // with its own message.
                None => {
                    self.finished = true;
                    if let Some(worker) = self.worker.take()
                        && let Err(payload) = worker.join()
                    {
                        std::panic::resume_unwind(payload);
                    }
                    return Some(Err(ClixmlError {
                        kind: ClixmlErrorKind::Io,
                        offset: self.bytes_read(),
                        expected: "the rest of the file".into(),
                        found: "the reading thread stopped unexpectedly".into(),
                    }));
                }
            }
        }
    }
}

impl Drop for PrefetchedImport {
    fn drop(&mut self) {
        // Closing the channel stops the thread at its next hand-over, and
        // cancelling its source at its next read (also inside a record that
        // never ends); wait for it so that nothing outlives the reader.
        self.channel.close();
        self.bounds.cancel();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The thread: reads records, hands them over in chunks, then says how the
/// file ended. Returns early when the reader side is gone.
fn read_ahead<R: Read + Send + 'static>(
    mut reader: ImportReader<R>,
    sender: &Sender,
    progress: &AtomicU64,
) {
    let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
    loop {
        let item = reader.next();
        progress.store(reader.bytes_read(), Ordering::Relaxed);
        let last = match item {
            Some(Ok(json)) => {
                chunk.push(json.to_string());
                if chunk.len() < CHUNK_RECORDS {
                    continue;
                }
                None
            }
            Some(Err(e)) => Some(Message::Failed(e)),
            None => Some(Message::End),
        };
        if !chunk.is_empty() {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_RECORDS));
            if !sender.send(Message::Records(full)) {
                return;
            }
        }
        if let Some(message) = last {
            sender.send(message);
            return;
        }
    }
}

/// A bounded queue from the thread to the caller. (Blocking on a
/// `std::sync::mpsc` channel would give the caller's thread a handle that
/// lives until that thread ends; a condition variable does not.)
#[derive(Default)]
struct Channel {
    state: Mutex<ChannelState>,
    changed: Condvar,
}

#[derive(Default)]
struct ChannelState {
    messages: VecDeque<Message>,
    /// The caller is gone: the thread stops.
    closed: bool,
    /// The thread is gone: nothing more comes.
    ended: bool,
}

impl Channel {
    fn lock(&self) -> MutexGuard<'_, ChannelState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next message; `None` once the thread has ended and every message
    /// was taken.
    fn receive(&self) -> Option<Message> {
        let mut state = self.lock();
        loop {
            if let Some(message) = state.messages.pop_front() {
                self.changed.notify_all();
                return Some(message);
            }
            if state.ended {
                return None;
            }
            state = self.changed.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }
}

/// The thread's end of the channel; marks it ended when dropped, also when
/// the thread panics.
struct Sender(Arc<Channel>);

impl Sender {
    /// Waits for room, then queues `message`; false when the caller is gone.
    fn send(&self, message: Message) -> bool {
        let mut state = self.0.lock();
        while state.messages.len() >= CHUNKS_AHEAD && !state.closed {
            state = self
                .0
                .changed
                .wait(state)
                .unwrap_or_else(|p| p.into_inner());
        }
        if state.closed {
            return false;
        }
        state.messages.push_back(message);
        self.0.changed.notify_all();
        true
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        self.0.lock().ended = true;
        self.0.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(values: &str) -> ImportReader<std::io::Cursor<Vec<u8>>> {
        let text = format!(
            r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">{values}</Objs>"#
        );
        ImportReader::open(std::io::Cursor::new(text.into_bytes())).unwrap()
    }

    /// Every batch up to the end or the first error.
    fn batches<F: FnMut() -> Result<String, ClixmlError>>(
        mut next: F,
    ) -> Vec<Result<String, String>> {
        let mut out = Vec::new();
        for _ in 0..1000 {
            let batch = next().map_err(|e| e.to_string());
            let done = matches!(&batch, Ok(b) if b == "[]") || batch.is_err();
            out.push(batch);
            if done {
                break;
            }
        }
        out
    }

    #[test]
    fn gives_the_batches_and_errors_of_the_plain_reader() {
        let many: String = (0..300).map(|i| format!("<S>r{i}</S>")).collect();
        let cases = [
            String::new(),
            "<S>a</S>".to_owned(),
            many.clone(),
            format!("{many}<I32>x</I32><S>never</S>"),
            format!("{}<I32>x</I32>", &many[..many.len() / 2]),
        ];
        for values in &cases {
            for max_records in [1, 2, 63, 64, 65, 500] {
                for max_bytes in [4, 50, usize::MAX] {
                    let mut plain = export(values);
                    let expected = batches(|| plain.next_batch(max_records, max_bytes));
                    let mut ahead = PrefetchedImport::start(export(values)).unwrap();
                    let actual = batches(|| ahead.next_batch(max_records, max_bytes));
                    assert!(expected.len() > 1 || values.is_empty());
                    assert_eq!(actual, expected, "{max_records} records, {max_bytes} bytes");
                }
            }
        }
    }

    #[test]
    fn reports_the_bytes_read() {
        let values: String = (0..10).map(|i| format!("<S>{i}</S>")).collect();
        let mut ahead = PrefetchedImport::start(export(&values)).unwrap();
        while ahead.next_batch(3, usize::MAX).unwrap() != "[]" {}
        assert!(ahead.bytes_read() >= values.len() as u64);
    }

    #[test]
    fn dropping_it_early_stops_the_thread() {
        let values: String = (0..5000).map(|i| format!("<S>{i}</S>")).collect();
        let mut ahead = PrefetchedImport::start(export(&values)).unwrap();
        assert_eq!(ahead.next_batch(1, usize::MAX).unwrap(), r#"["0"]"#);
        // Joins the thread, which is blocked handing over its chunks.
        drop(ahead);
    }
}

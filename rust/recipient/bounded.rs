//! [`Bounded`]: the source of every export read, with limits, so that an
//! input that never ends (`/dev/zero`, a pipe, a file still being written)
//! ends in a clear error instead of a hang that eats memory, and a reader can
//! be stopped between two reads.

use std::io::{Error, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Largest record (one CLIXML object, one CSV row or header line) read:
/// 64 MiB. A `Get-User`/`Get-Mailbox` object takes a few KB; even a group
/// with a hundred thousand member DNs stays far below.
pub const MAX_RECORD_BYTES: u64 = 64 << 20;

/// Largest file read: 16 GiB, about ten times an `Export-Clixml` of a
/// hundred thousand recipients.
pub const MAX_FILE_BYTES: u64 = 16 << 30;

/// What a reader and its owner share: how far the reader got, where the
/// current record started, and whether to stop.
#[derive(Debug, Default)]
pub struct Bounds {
    read: AtomicU64,
    record_start: AtomicU64,
    cancelled: AtomicBool,
}

impl Bounds {
    /// Makes the next read fail, so a reader stops within one read.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Says a record ended: the record limit counts from here.
    pub fn record_done(&self) {
        self.record_start
            .store(self.read.load(Ordering::Relaxed), Ordering::Relaxed);
    }
}

/// A reader that fails once it is cancelled, once one record runs past
/// `max_record` bytes or once the file runs past `max_file` bytes.
pub struct Bounded<R> {
    inner: R,
    bounds: Arc<Bounds>,
    max_record: u64,
    max_file: u64,
}

impl<R: Read> Bounded<R> {
    /// `inner` with the limits [`MAX_RECORD_BYTES`] and [`MAX_FILE_BYTES`].
    pub fn new(inner: R) -> Self {
        Bounded::with_limits(inner, MAX_RECORD_BYTES, MAX_FILE_BYTES)
    }

    /// `inner` with other limits (tests).
    pub fn with_limits(inner: R, max_record: u64, max_file: u64) -> Self {
        Bounded {
            inner,
            bounds: Arc::new(Bounds::default()),
            max_record,
            max_file,
        }
    }

    /// The handle the owner uses to cancel and to mark records.
    pub fn bounds(&self) -> Arc<Bounds> {
        Arc::clone(&self.bounds)
    }
}

fn limit_error(message: String) -> Error {
    Error::other(message)
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.bounds.cancelled.load(Ordering::Relaxed) {
            // Not ErrorKind::Interrupted: readers retry that one.
            return Err(Error::other("the read was cancelled"));
        }
        let read = self.bounds.read.load(Ordering::Relaxed);
        let record = read - self.bounds.record_start.load(Ordering::Relaxed).min(read);
        if record > self.max_record {
            return Err(limit_error(format!(
                "a record longer than {} bytes ({} MiB, the most one record may take): the file is not an export, or it never ends (a device such as /dev/zero or a pipe)",
                self.max_record,
                self.max_record >> 20
            )));
        }
        if read > self.max_file {
            return Err(limit_error(format!(
                "more than {} bytes ({} GiB, the most one export may take): the file is not an export, or it is still growing",
                self.max_file,
                self.max_file >> 30
            )));
        }
        let n = self.inner.read(buf)?;
        self.bounds.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_record_fails_past_the_record_limit() {
        let mut r = Bounded::with_limits(std::io::repeat(0), 1000, 1 << 20);
        let mut sink = Vec::new();
        let e = r.read_to_end(&mut sink).unwrap_err();
        assert!(e.to_string().contains("1000 bytes"), "{e}");
        assert!(sink.len() < 1000 + 64 * 1024);
    }

    #[test]
    fn records_marked_done_reach_the_file_limit() {
        let mut r = Bounded::with_limits(std::io::repeat(b'x'), 1000, 100_000);
        let bounds = r.bounds();
        let mut buf = [0u8; 100];
        let e = loop {
            match r.read(&mut buf) {
                Ok(n) => {
                    assert!(n > 0, "a repeating source never ends");
                    bounds.record_done();
                }
                Err(e) => break e,
            }
        };
        assert!(e.to_string().contains("100000 bytes"), "{e}");
    }

    #[test]
    fn a_cancelled_reader_fails_at_its_next_read() {
        let mut r = Bounded::new(std::io::repeat(0));
        r.bounds().cancel();
        assert!(r.read(&mut [0u8; 8]).is_err());
    }
}

//! Runs a scope preview over export files: the largest file is streamed by a
//! reader thread (parse + reduce) while this side merges and evaluates;
//! smaller files are read first into a [`MergeIndex`] so a `Get-User` and a
//! `Get-Mailbox` export of the same org are filtered as one record each.
//! Progress (bytes read) is readable from any thread while the job runs.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::clixml::{ClixmlError, ClixmlErrorKind, SourceEncoding};
use crate::opath::Filter;
use crate::recipient::{ExportFormat, MergeIndex, Recipient, RecipientReader};

use super::aggregate::Aggregator;
use super::parallel::{Parallel, ParallelOptions, read_parallel};
use super::result::{PreviewResult, SourceSummary};
use super::threads::spawn_named;

/// Records per batch handed from the reader thread.
const BATCH: usize = 256;
/// Batches in flight between the threads (bounds memory).
const IN_FLIGHT: usize = 4;

/// How often a job waiting for its reader looks at the cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// What to preview.
#[derive(Debug, Clone)]
pub struct PreviewRequest {
    /// The compiled filter.
    pub filter: Filter,
    /// Export files (CLIXML or CSV).
    pub paths: Vec<PathBuf>,
    /// At most this many matches are returned (all are counted).
    pub max_matches: usize,
    /// Parse a large export on several threads when its layout allows
    /// (default true; the result is the same either way).
    pub parallel: bool,
}

impl PreviewRequest {
    /// A request for `filter` over `paths` keeping every match, parallel
    /// where possible.
    pub fn new(filter: Filter, paths: Vec<PathBuf>) -> Self {
        PreviewRequest {
            filter,
            paths,
            max_matches: usize::MAX,
            parallel: true,
        }
    }
}

/// A failure: which file, and the reader's error (offset, expectation).
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewError {
    /// The file.
    pub path: String,
    /// What went wrong in it.
    pub error: ClixmlError,
}

impl std::fmt::Display for PreviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.error)
    }
}

impl std::error::Error for PreviewError {}

/// Progress of a running preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read over all files.
    pub bytes_read: u64,
    /// Total size of all files.
    pub bytes_total: u64,
    /// Records read so far.
    pub records: u64,
}

#[derive(Default)]
struct Shared {
    bytes_read: AtomicU64,
    bytes_total: AtomicU64,
    records: AtomicU64,
    cancel: AtomicBool,
    done: Mutex<bool>,
    finished: Condvar,
}

/// A preview running on background threads.
pub struct PreviewJob {
    shared: Arc<Shared>,
    handle: JoinHandle<Result<PreviewResult, PreviewError>>,
}

/// Watches a running [`PreviewJob`] from any thread: progress, waiting and
/// cancellation, while another thread waits in [`PreviewJob::finish`].
#[derive(Clone)]
pub struct JobMonitor {
    shared: Arc<Shared>,
}

impl JobMonitor {
    /// Bytes and records read so far.
    pub fn progress(&self) -> Progress {
        let shared = &self.shared;
        Progress {
            bytes_read: shared.bytes_read.load(Ordering::Relaxed),
            bytes_total: shared.bytes_total.load(Ordering::Relaxed),
            records: shared.records.load(Ordering::Relaxed),
        }
    }

    /// Waits up to `timeout`; true when the preview has finished.
    pub fn wait(&self, timeout: Duration) -> bool {
        let done = self.shared.done.lock().unwrap_or_else(|p| p.into_inner());
        if *done {
            return true;
        }
        let (done, _) = self
            .shared
            .finished
            .wait_timeout(done, timeout)
            .unwrap_or_else(|p| p.into_inner());
        *done
    }

    /// Asks the threads to stop; `finish` then returns a cancellation error.
    pub fn cancel(&self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
    }
}

impl PreviewJob {
    /// Starts the preview.
    pub fn start(request: PreviewRequest) -> PreviewJob {
        let shared = Arc::new(Shared::default());
        let worker = shared.clone();
        let handle = std::thread::Builder::new()
            .name("lsync-preview".into())
            .spawn(move || {
                // Marks the job done when the run ends, also by a panic.
                let _done = MarkDone(worker.clone());
                run(&request, &worker)
            })
            .expect("the system gives the preview a thread");
        PreviewJob { shared, handle }
    }

    /// A monitor for progress, waiting and cancellation from other threads.
    pub fn monitor(&self) -> JobMonitor {
        JobMonitor {
            shared: self.shared.clone(),
        }
    }

    /// Cancels the preview and lets it go: its thread is joined when it ends
    /// within `grace`, and otherwise (blocked in a read of input that does
    /// not come, such as a silent pipe) left to end on its own when that read
    /// returns. It owns everything it touches; freeing never waits on input.
    pub fn abandon(self, grace: Duration) {
        self.monitor().cancel();
        if self.monitor().wait(grace) {
            let _ = self.handle.join();
        }
    }

    /// Waits for the end and returns the result.
    pub fn finish(self) -> Result<PreviewResult, PreviewError> {
        // A panic on the job's thread goes on here, so the caller's boundary
        // reports it (LSYNC_STATUS_PANIC) with the panic's own message.
        match self.handle.join() {
            Ok(r) => r,
            Err(payload) => std::panic::resume_unwind(payload),
        }
    }
}

/// Sets the job's done flag and wakes its waiters when dropped.
struct MarkDone(Arc<Shared>);

impl Drop for MarkDone {
    fn drop(&mut self) {
        *self.0.done.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.0.finished.notify_all();
    }
}

/// Runs a preview to the end on the calling thread (plus one reader thread).
pub fn preview_files(request: &PreviewRequest) -> Result<PreviewResult, PreviewError> {
    run(request, &Shared::default())
}

fn error(kind: ClixmlErrorKind, expected: &str, found: &str) -> ClixmlError {
    ClixmlError {
        kind,
        offset: 0,
        expected: expected.to_owned(),
        found: found.to_owned(),
    }
}

/// Why one attempt at a preview did not produce a result.
enum Attempt {
    /// The parallel read of the largest file asked for a sequential one.
    Sequential,
    /// A real failure (or a projection miss, retried without projection).
    Failed(PreviewError),
}

impl From<PreviewError> for Attempt {
    fn from(e: PreviewError) -> Self {
        Attempt::Failed(e)
    }
}

fn run(request: &PreviewRequest, shared: &Shared) -> Result<PreviewResult, PreviewError> {
    #[cfg(test)]
    if request
        .paths
        .iter()
        .any(|p| p.ends_with("lsync-planted-panic.csv"))
    {
        panic!("planted panic on the preview thread");
    }
    let mut project = true;
    let mut parallel = request.parallel;
    loop {
        match run_once(request, shared, project, parallel) {
            Ok(result) => return Ok(result),
            Err(Attempt::Sequential) if parallel => parallel = false,
            // A <Ref> pointed into a property the fast path skipped: read
            // everything instead.
            Err(Attempt::Failed(e))
                if project && e.error.kind == ClixmlErrorKind::SkippedByProjection =>
            {
                project = false;
            }
            Err(Attempt::Failed(e)) => return Err(e),
            Err(Attempt::Sequential) => {
                return Err(PreviewError {
                    path: String::new(),
                    error: error(
                        ClixmlErrorKind::Io,
                        "a sequential read",
                        "a request for another parallel read",
                    ),
                });
            }
        }
        shared.bytes_read.store(0, Ordering::Relaxed);
        shared.records.store(0, Ordering::Relaxed);
    }
}

fn open(path: &Path, wanted: Option<Vec<String>>) -> Result<RecipientReader<File>, PreviewError> {
    let fail = |e: ClixmlError| PreviewError {
        path: path.display().to_string(),
        error: e,
    };
    let file = File::open(path).map_err(|e| {
        fail(error(
            ClixmlErrorKind::Io,
            "a readable file",
            &e.to_string(),
        ))
    })?;
    RecipientReader::new(file, wanted).map_err(fail)
}

fn source_summary(
    path: &Path,
    format: ExportFormat,
    enc: Option<SourceEncoding>,
    records: u64,
    bytes: u64,
) -> SourceSummary {
    SourceSummary {
        path: path.display().to_string(),
        format: format!("{format:?}"),
        encoding: enc.map(|e| format!("{e:?}")),
        records,
        bytes,
    }
}

fn run_once(
    request: &PreviewRequest,
    shared: &Shared,
    project: bool,
    parallel: bool,
) -> Result<PreviewResult, Attempt> {
    let filter = &request.filter;
    let wanted = wanted_properties(request);
    let projection = project.then(|| wanted.clone());
    let sizes: Vec<u64> = request
        .paths
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .collect();
    shared
        .bytes_total
        .store(sizes.iter().sum(), Ordering::Relaxed);
    let streamed = (0..request.paths.len()).max_by_key(|&i| sizes[i]);
    let mut aggregator = Aggregator::new(filter.clone(), request.max_matches);
    let mut index = MergeIndex::new(wanted);
    let mut sources = Vec::new();
    let mut base = 0u64;

    // Smaller exports: held (projected) for merging.
    for (i, path) in request.paths.iter().enumerate() {
        if Some(i) != streamed {
            let reader = open(path, projection.clone())?;
            sources.push(hold(path, reader, shared, &mut index, &mut base)?);
        }
    }
    let Some(i) = streamed else {
        return Ok(finish(aggregator, index, sources));
    };
    let path = &request.paths[i];
    let mut target = Target {
        shared,
        base,
        aggregator: &mut aggregator,
        index: &mut index,
    };
    // The largest export: parsed in fragments on worker threads when it has
    // the usual Export-Clixml layout, evaluated here in file order;
    // otherwise parsed on a reader thread, evaluated here.
    let parallel_outcome = if parallel {
        target
            .stream_parallel(path, projection.as_deref())
            .map_err(at(path))?
    } else {
        Parallel::NotApplicable
    };
    let summary = match parallel_outcome {
        Parallel::Done(enc, records, bytes) => {
            source_summary(path, ExportFormat::Clixml, Some(enc), records, bytes)
        }
        Parallel::Retry => return Err(Attempt::Sequential),
        Parallel::NotApplicable => {
            let reader = open(path, projection)?;
            target.stream_sequential(path, reader).map_err(at(path))?
        }
    };
    sources.insert(i.min(sources.len()), summary);
    Ok(finish(aggregator, index, sources))
}

/// The properties the preview reads: the filter's and the identity ones.
/// `Guid` is only a merge key (results show the other identity
/// properties): with one export there is nothing to merge.
fn wanted_properties(request: &PreviewRequest) -> Vec<String> {
    let filter = &request.filter;
    let mut wanted = Aggregator::wanted_properties(filter);
    if request.paths.len() < 2
        && !filter
            .properties()
            .iter()
            .any(|p| p.eq_ignore_ascii_case("Guid"))
    {
        wanted.retain(|n| n != "Guid");
    }
    wanted
}

/// The error of a read of `path`.
fn at(path: &Path) -> impl Fn(ClixmlError) -> PreviewError + '_ {
    move |e| PreviewError {
        path: path.display().to_string(),
        error: e,
    }
}

/// Holds every record of a smaller export for merging; adds its bytes to
/// `base`.
fn hold(
    path: &Path,
    mut reader: RecipientReader<File>,
    shared: &Shared,
    index: &mut MergeIndex,
    base: &mut u64,
) -> Result<SourceSummary, Attempt> {
    let mut records = 0;
    while let Some(item) = reader.next() {
        index.add(item.map_err(at(path))?);
        records += 1;
        shared.records.fetch_add(1, Ordering::Relaxed);
        if records % BATCH as u64 == 0 {
            shared
                .bytes_read
                .store(*base + reader.bytes_read(), Ordering::Relaxed);
            if shared.cancel.load(Ordering::Relaxed) {
                return Err(cancelled(path).into());
            }
        }
    }
    let summary = source_summary(
        path,
        reader.format(),
        reader.encoding(),
        records,
        reader.bytes_read(),
    );
    *base += reader.bytes_read();
    shared.bytes_read.store(*base, Ordering::Relaxed);
    Ok(summary)
}

/// Where the records of the largest export go: merged with the held ones,
/// then judged; progress counts from `base`.
struct Target<'a> {
    shared: &'a Shared,
    base: u64,
    aggregator: &'a mut Aggregator,
    index: &'a mut MergeIndex,
}

impl Target<'_> {
    /// Merges a streamed record with a held one, then judges it.
    fn add(&mut self, mut r: Recipient) {
        if !self.index.is_empty() && self.index.merge_into(&mut r) {
            self.aggregator.count_merged();
        }
        self.aggregator.add(&r);
    }

    fn stream_parallel(
        &mut self,
        path: &Path,
        projection: Option<&[String]>,
    ) -> Result<Parallel, ClixmlError> {
        let (shared, base) = (self.shared, self.base);
        let progress = |records: usize, end: u64| {
            shared.records.fetch_add(records as u64, Ordering::Relaxed);
            shared.bytes_read.store(base + end, Ordering::Relaxed);
        };
        let cancelled = || shared.cancel.load(Ordering::Relaxed);
        let options = ParallelOptions::default();
        if !self.index.is_empty() {
            return read_parallel(
                path,
                projection,
                options,
                &cancelled,
                &|r| r,
                &mut |list, end| {
                    progress(list.len(), end);
                    list.into_iter().for_each(|r| self.add(r));
                },
            );
        }
        // Nothing to merge: the parsing threads judge their recipients and
        // only the verdicts come back here.
        let judge = self.aggregator.judge().clone();
        read_parallel(
            path,
            projection,
            options,
            &cancelled,
            &|r| judge.judge(&r),
            &mut |list, end| {
                progress(list.len(), end);
                list.into_iter().for_each(|j| self.aggregator.record(j));
            },
        )
    }

    /// Reads on a reader thread and judges here; the source's summary.
    fn stream_sequential(
        &mut self,
        path: &Path,
        reader: RecipientReader<File>,
    ) -> Result<SourceSummary, ClixmlError> {
        let bounds = reader.bounds();
        let (shared, base) = (self.shared, self.base);
        let (tx, rx) = sync_channel::<Vec<Recipient>>(IN_FLIGHT);
        let (format, enc, records, bytes) = std::thread::scope(|scope| {
            let producer = spawn_named(scope, "lsync-preview-reader", move || {
                produce(reader, &tx, shared, base)
            });
            loop {
                let batch = match rx.recv_timeout(CANCEL_POLL) {
                    Ok(batch) => batch,
                    // The reader may be inside a record that never ends:
                    // cancelling its source stops it at its next read.
                    Err(RecvTimeoutError::Timeout) => {
                        if shared.cancel.load(Ordering::Relaxed) {
                            bounds.cancel();
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                batch.into_iter().for_each(|r| self.add(r));
            }
            // A panic of the reader goes on here, to the caller's boundary.
            producer
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
        })?;
        Ok(source_summary(path, format, enc, records, bytes))
    }
}

/// The reader thread: sends batches of records until the end of the file,
/// a cancellation or a receiver that went away; the format, encoding,
/// records and bytes read.
fn produce(
    mut reader: RecipientReader<File>,
    tx: &SyncSender<Vec<Recipient>>,
    shared: &Shared,
    base: u64,
) -> Result<(ExportFormat, Option<SourceEncoding>, u64, u64), ClixmlError> {
    let mut batch = Vec::with_capacity(BATCH);
    let mut records = 0u64;
    while let Some(item) = reader.next() {
        batch.push(item?);
        records += 1;
        if batch.len() == BATCH {
            shared
                .bytes_read
                .store(base + reader.bytes_read(), Ordering::Relaxed);
            shared.records.fetch_add(BATCH as u64, Ordering::Relaxed);
            if shared.cancel.load(Ordering::Relaxed) || tx.send(std::mem::take(&mut batch)).is_err()
            {
                return Err(error(
                    ClixmlErrorKind::Cancelled,
                    "the preview to run to the end",
                    "a cancellation",
                ));
            }
            batch.reserve(BATCH);
        }
    }
    shared
        .records
        .fetch_add(batch.len() as u64, Ordering::Relaxed);
    let _ = tx.send(batch);
    shared
        .bytes_read
        .store(base + reader.bytes_read(), Ordering::Relaxed);
    Ok((
        reader.format(),
        reader.encoding(),
        records,
        reader.bytes_read(),
    ))
}

/// Evaluates the held records no streamed record claimed and returns the
/// preview.
fn finish(
    mut aggregator: Aggregator,
    index: MergeIndex,
    sources: Vec<SourceSummary>,
) -> PreviewResult {
    for r in index.into_remaining() {
        aggregator.add(&r);
    }
    aggregator.summary_mut().sources = sources;
    aggregator.finish()
}

fn cancelled(path: &Path) -> PreviewError {
    PreviewError {
        path: path.display().to_string(),
        error: error(
            ClixmlErrorKind::Cancelled,
            "the preview to run to the end",
            "a cancellation",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opath::Environment;
    use std::io::Write;

    /// The sample org's Get-User export with its records repeated until the
    /// file is large enough to be read in parallel.
    fn large_users_export() -> tempfile::NamedTempFile {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-org");
        let bytes = std::fs::read(root.join("users.xml")).unwrap();
        let head = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
        let tail = memchr::memmem::rfind(&bytes, b"</Objs>").unwrap();
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&bytes[..head]).unwrap();
        let copies = (ParallelOptions::default().min_file as usize / (tail - head)) + 2;
        for _ in 0..copies {
            file.write_all(&bytes[head..tail]).unwrap();
        }
        file.write_all(&bytes[tail..]).unwrap();
        file
    }

    fn preview(filter: &str, paths: &[&Path], parallel: bool) -> PreviewResult {
        let filter = Filter::compile(filter, Environment::OnPremises);
        let mut request =
            PreviewRequest::new(filter, paths.iter().map(|p| p.to_path_buf()).collect());
        request.parallel = parallel;
        preview_files(&request).unwrap()
    }

    /// Judging on the parsing threads (one export) and merging here (two
    /// exports) give the result of the sequential read, record for record.
    #[test]
    fn parallel_previews_equal_the_sequential_read() {
        let users = large_users_export();
        let mailboxes =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-org/mailboxes.xml");
        for (filter, paths) in [
            (
                "Department -eq 'Sales' -or Office -like 'Mun*'",
                vec![users.path()],
            ),
            (
                "Department -eq 'Sales' -and CustomAttribute1 -eq 'SyncEnabled'",
                vec![users.path(), mailboxes.as_path()],
            ),
        ] {
            let sequential = preview(filter, &paths, false);
            let parallel = preview(filter, &paths, true);
            assert!(
                sequential.summary.matched > 10,
                "{filter}: {:?}",
                sequential.summary
            );
            assert!(
                sequential.summary.matched < sequential.summary.total,
                "{filter}"
            );
            assert_eq!(parallel, sequential, "{filter}");
        }
    }

    /// With one export `Guid` is left out of the projection, unless the
    /// filter uses it.
    #[test]
    fn a_filter_on_guid_still_reads_the_guid_of_one_export() {
        let guid = "Guid -eq '0ad807cb-c885-ab76-c45b-1bf50e2d1a2c'";
        let preview = |path: &Path| {
            let filter = Filter::compile(guid, Environment::OnPremises);
            preview_files(&PreviewRequest::new(filter, vec![path.to_path_buf()])).unwrap()
        };
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-org/users.xml");
        let one = preview(&sample);
        assert_eq!(one.summary.matched, 1);
        let users = large_users_export();
        let many = preview(users.path());
        let copies = many.summary.total / one.summary.total;
        assert!(copies > 5);
        assert_eq!(many.summary.matched, copies);
    }
}

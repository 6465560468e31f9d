//! Scope previews behind the C ABI: `LsyncPreviewJob` (export files, on
//! background threads, polled for progress) and `LsyncPreviewBatch`
//! (recipient records sent in batches from the caller's own objects).

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use super::error::LsyncError;
use super::filter::compile_valid;
use super::json::parse_records;
use super::status::LsyncStatus;
use crate::preview::{Aggregator, JobMonitor, PreviewJob, PreviewRequest};
use crate::recipient::{Recipient, RecipientKind};

/// A preview of export files running on background threads. Created by
/// `lsync_preview_job_start`, freed with `lsync_preview_job_free`.
pub struct LsyncPreviewJob {
    monitor: JobMonitor,
    job: Mutex<Option<PreviewJob>>,
}

impl LsyncPreviewJob {
    /// Takes the running job out to finish it; an error the second time.
    pub(super) fn take_running(&self) -> Result<PreviewJob, LsyncError> {
        let running = self.job.lock().unwrap_or_else(|p| p.into_inner()).take();
        running.ok_or_else(|| {
            LsyncError::new(
                LsyncStatus::InvalidArgument,
                "the preview job was already finished; its result was returned by the first call",
            )
        })
    }
}

/// A preview fed with records in batches. Created by `lsync_preview_batch_new`,
/// freed with `lsync_preview_batch_free`.
pub struct LsyncPreviewBatch {
    aggregator: Mutex<Aggregator>,
}

fn max_matches_arg(max_matches: usize) -> usize {
    if max_matches == 0 {
        usize::MAX
    } else {
        max_matches
    }
}

/// Starts a scope preview of export files on background threads and writes
/// the job to `*out_job` (owned; free with `lsync_preview_job_free`).
///
/// `filter` (UTF-8, `filter_len` bytes) is the OPATH recipient filter,
/// compiled for `environment` (an `LsyncEnvironment`). `paths`
/// (UTF-8 JSON, `paths_len` bytes) is an array of file paths: `Export-Clixml`
/// (UTF-8 or UTF-16) or `Export-Csv` exports of `Get-User`, `Get-Mailbox` or
/// `Get-Recipient`; records of the same object in several files are merged
/// by Guid or DistinguishedName. At most `max_matches` matches are kept
/// (0 = all); the counts always cover everything.
///
/// Fails at once with `LSYNC_STATUS_FILTER_INVALID` (Exchange's message and
/// position), `LSYNC_STATUS_INVALID_ARGUMENT` (paths not a non-empty JSON
/// array of strings, unknown environment) or
/// `LSYNC_STATUS_EXPORT_UNREADABLE` (a file that does not exist, named in the
/// message). Problems inside the files are reported by
/// `lsync_preview_job_finish_result`.
///
/// # Safety
/// `filter` and `paths` must each be NULL with length 0 or valid for reads of
/// their length; `out_job` must be valid for one pointer write; `out_error`
/// must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_job_start(
    filter: *const u8,
    filter_len: usize,
    environment: i32,
    paths: *const u8,
    paths_len: usize,
    max_matches: usize,
    out_job: *mut *mut LsyncPreviewJob,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let filter = arg_str!(filter, filter_len);
        let paths = arg_str!(paths, paths_len);
        let out_job = arg_out!(out_job);
        let filter = compile_valid(filter, environment)?;
        let paths: Vec<String> = serde_json::from_str(paths).map_err(|e| {
            LsyncError::new(
                LsyncStatus::InvalidArgument,
                format!("the paths are not a JSON array of strings ({e}); pass for example [\"users.xml\"]"),
            )
        })?;
        if paths.is_empty() {
            return Err(LsyncError::new(
                LsyncStatus::InvalidArgument,
                "no export file was given; pass at least one path",
            ));
        }
        for p in &paths {
            super::export_file::open_file(p)?;
        }
        let job = PreviewJob::start(PreviewRequest {
            filter,
            paths: paths.into_iter().map(PathBuf::from).collect(),
            max_matches: max_matches_arg(max_matches),
            parallel: true,
        });
        out_job.boxed(LsyncPreviewJob {
            monitor: job.monitor(),
            job: Mutex::new(Some(job)),
        })
    })
}

/// Writes the progress of a job: bytes read over all files, their total
/// size, and records read so far. Safe to call while another thread waits
/// in `lsync_preview_job_finish_result`.
///
/// # Safety
/// `job` must be NULL or a live job; the three out-pointers must be valid for
/// one write each; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_job_progress(
    job: *const LsyncPreviewJob,
    out_bytes_read: *mut u64,
    out_bytes_total: *mut u64,
    out_records: *mut u64,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let job = arg_ref!(job);
        let out_bytes_read = arg_out!(out_bytes_read);
        let out_bytes_total = arg_out!(out_bytes_total);
        let out_records = arg_out!(out_records);
        let p = job.monitor.progress();
        out_bytes_read.put(p.bytes_read.min(p.bytes_total));
        out_bytes_total.put(p.bytes_total);
        out_records.put(p.records);
        Ok(())
    })
}

/// Waits up to `timeout_ms` milliseconds for the job to end and writes 1 to
/// `*out_done` when it has ended (successfully or not), 0 when it still runs.
///
/// # Safety
/// `job` must be NULL or a live job; `out_done` must be valid for one write;
/// `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_job_wait(
    job: *const LsyncPreviewJob,
    timeout_ms: u32,
    out_done: *mut i32,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let job = arg_ref!(job);
        let out_done = arg_out!(out_done);
        let done = job
            .monitor
            .wait(Duration::from_millis(u64::from(timeout_ms)));
        out_done.put(i32::from(done));
        Ok(())
    })
}

/// Asks a job to stop soon; `lsync_preview_job_finish_result` then fails
/// with `LSYNC_STATUS_PREVIEW_CANCELLED` unless the job had already ended.
///
/// # Safety
/// `job` must be NULL or a live job; `out_error` must be NULL or valid for
/// one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_job_cancel(
    job: *const LsyncPreviewJob,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        arg_ref!(job).monitor.cancel();
        Ok(())
    })
}

/// How long freeing a running job waits for it before leaving it to end on
/// its own.
const FREE_GRACE: std::time::Duration = std::time::Duration::from_millis(250);

/// Frees a job. A job still running is cancelled and waited for briefly; one
/// blocked in a read of input that does not come (a silent pipe) is left to
/// end on its own when that read returns, so freeing never waits on input.
/// NULL is ignored. Call at most once per job.
///
/// # Safety
/// `job` must be NULL or a job from this library not freed before, and no
/// other thread may be using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_job_free(job: *mut LsyncPreviewJob) {
    if !job.is_null() {
        // SAFETY: see the boundary's safety argument (a pointer handed back).
        let job = unsafe { Box::from_raw(job) };
        ffi_value!((), {
            job.monitor.cancel();
            if let Some(running) = job.job.lock().unwrap_or_else(|p| p.into_inner()).take() {
                running.abandon(FREE_GRACE);
            }
        })
    }
}

/// Starts a preview fed with records by `lsync_preview_batch_add` and writes
/// it to `*out_batch` (owned; free with `lsync_preview_batch_free`). `filter`
/// (UTF-8, `filter_len` bytes) is compiled for `environment` (
/// an `LsyncEnvironment`); at most `max_matches` matches are kept (0 = all).
/// Fails with `LSYNC_STATUS_FILTER_INVALID` (Exchange's message and
/// position) for a filter with errors.
///
/// # Safety
/// `filter` must be NULL with `filter_len` 0 or valid for reads of
/// `filter_len` bytes; `out_batch` must be valid for one pointer write;
/// `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_batch_new(
    filter: *const u8,
    filter_len: usize,
    environment: i32,
    max_matches: usize,
    out_batch: *mut *mut LsyncPreviewBatch,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let filter = arg_str!(filter, filter_len);
        let out_batch = arg_out!(out_batch);
        let filter = compile_valid(filter, environment)?;
        out_batch.boxed(LsyncPreviewBatch {
            aggregator: Mutex::new(Aggregator::new(filter, max_matches_arg(max_matches))),
        })
    })
}

/// Evaluates a batch of recipients. `records` (UTF-8 JSON, `len` bytes) is an
/// array of objects, one per recipient, mapping property name (any case) to a
/// string, an array of strings or null — the text Exchange shows for each
/// value. Records are numbered in the order they arrive over all batches
/// (the `Index` of a match). Fails with
/// `LSYNC_STATUS_PREVIEW_RECORDS_INVALID` (message naming the record or the
/// JSON line and column) without evaluating any record of the batch.
///
/// # Safety
/// `batch` must be NULL or a live batch; `records` must be NULL with `len` 0
/// or valid for reads of `len` bytes; `out_error` must be NULL or valid for
/// one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_batch_add(
    batch: *const LsyncPreviewBatch,
    records: *const u8,
    len: usize,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let batch = arg_ref!(batch);
        let records = arg_str!(records, len);
        let records = parse_records(records, LsyncStatus::PreviewRecordsInvalid, " of the batch")?;
        let recipients: Vec<Recipient> = records
            .into_iter()
            .map(|record| Recipient {
                record,
                kind: RecipientKind::Other,
            })
            .collect();
        let mut aggregator = batch.aggregator.lock().unwrap_or_else(|p| p.into_inner());
        for r in &recipients {
            aggregator.add(r);
        }
        Ok(())
    })
}

impl LsyncPreviewBatch {
    /// Calls `f` with the preview of every record added so far.
    pub(super) fn with_result<T>(&self, f: impl FnOnce(&crate::preview::PreviewResult) -> T) -> T {
        let aggregator = self.aggregator.lock().unwrap_or_else(|p| p.into_inner());
        f(aggregator.result())
    }
}

/// Frees a batch preview. NULL is ignored. Call at most once per batch.
///
/// # Safety
/// `batch` must be NULL or a batch from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_batch_free(batch: *mut LsyncPreviewBatch) {
    ffi_free!(batch)
}

#[cfg(test)]
mod tests {
    use super::super::preview_result::lsync_preview_batch_snapshot;
    use super::super::test_support::{
        finish_job as finish, start_job as start, take_result_json as take,
    };
    use super::*;
    use std::io::Write;

    const NS: &str =
        r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">"#;

    fn user(name: &str, department: &str) -> String {
        format!(
            r#"<Obj><TN><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.User</T></TN><Props><S N="Name">{name}</S><S N="Department">{department}</S><S N="RecipientTypeDetails">UserMailbox</S></Props></Obj>"#
        )
    }

    #[test]
    fn job_previews_a_file_and_reports_progress() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        write!(
            file,
            "{NS}{}{}{}</Objs>",
            user("a", "Sales"),
            user("b", "HR"),
            user("c", "sales")
        )
        .unwrap();
        let paths = serde_json::to_string(&[file.path()]).unwrap();
        let job = start("Department -eq 'Sales'", &paths).unwrap();
        let mut done = 0;
        while done == 0 {
            assert_eq!(
                unsafe { lsync_preview_job_wait(job, 50, &mut done, std::ptr::null_mut()) },
                LsyncStatus::Ok
            );
        }
        let (mut read, mut total, mut records) = (0, 0, 0);
        assert_eq!(
            unsafe {
                lsync_preview_job_progress(
                    job,
                    &mut read,
                    &mut total,
                    &mut records,
                    std::ptr::null_mut(),
                )
            },
            LsyncStatus::Ok
        );
        assert_eq!((read, records), (total, 3));
        let v = finish(job).unwrap();
        assert_eq!(v["Summary"]["Matched"], 2);
        assert_eq!(v["Matches"][1]["Name"], "c");
        assert_eq!(v["Matches"][1]["Index"], 2);
        assert_eq!(
            finish(job).unwrap_err().status(),
            LsyncStatus::InvalidArgument
        );
        unsafe { lsync_preview_job_free(job) };
    }

    #[test]
    fn job_errors_name_the_file_and_offset() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let head = format!("{NS}{}", user("a", "Sales"));
        write!(
            file,
            "{head}<Obj><Props><S N=\"Name\">x</Props></Obj></Objs>"
        )
        .unwrap();
        let path = file.path().to_str().unwrap().to_owned();
        let job = start(
            "Department -eq 'Sales'",
            &serde_json::to_string(&[&path]).unwrap(),
        )
        .unwrap();
        let e = finish(job).unwrap_err();
        unsafe { lsync_preview_job_free(job) };
        assert_eq!(e.status(), LsyncStatus::ExportInvalid);
        assert!(e.message().contains(&path), "{}", e.message());
        assert!(e.message().contains("byte offset"), "{}", e.message());
        assert!(e.position() > head.len() as u64, "{}", e.position());

        let e = start("Department -eq Sales", r#"["x"]"#).unwrap_err();
        assert_eq!(e.status(), LsyncStatus::FilterInvalid);
        let e = start("Department -eq 'Sales'", r#"["/nonexistent.xml"]"#).unwrap_err();
        assert_eq!(e.status(), LsyncStatus::ExportUnreadable);
        assert!(e.message().contains("/nonexistent.xml"));
        assert_eq!(
            start("Name -eq 'a'", "[]").unwrap_err().status(),
            LsyncStatus::InvalidArgument
        );
        assert_eq!(
            start("Name -eq 'a'", "{").unwrap_err().status(),
            LsyncStatus::InvalidArgument
        );
    }

    /// A named pipe as the only export, opened for reading and writing by
    /// the test so that no open of it blocks and a reader waits for data
    /// instead of seeing its end. Nothing is in it yet: a job reading it
    /// cannot end until the test writes.
    #[cfg(target_os = "linux")]
    fn pipe_export() -> (tempfile::TempDir, String, std::fs::File) {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("users.xml");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        assert!(made.unwrap().success(), "mkfifo failed");
        let paths = serde_json::to_string(&[&pipe]).unwrap();
        let end = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&pipe)
            .unwrap();
        (dir, paths, end)
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn cancel_stops_a_job_that_is_still_reading() {
        let (_dir, paths, mut pipe) = pipe_export();
        let job = start("Department -eq 'Sales'", &paths).unwrap();
        assert_eq!(
            unsafe { lsync_preview_job_cancel(job, std::ptr::null_mut()) },
            LsyncStatus::Ok
        );
        // Only now the export arrives: 400 records, more than the 256 the
        // job reads between two looks at the cancel flag, and more than a
        // pipe holds, so the writer cannot close the pipe before the job
        // reads it. The writer closes it when done, so a job that ignores
        // the flag reads to the end and succeeds.
        let body = format!("{NS}{}</Objs>", user("a", "Sales").repeat(400));
        std::thread::spawn(move || {
            let _ = pipe.write_all(body.as_bytes());
        });
        let outcome = finish(job).map(|_| ()).map_err(|e| e.status());
        assert_eq!(outcome, Err(LsyncStatus::PreviewCancelled));
        unsafe { lsync_preview_job_free(job) };
    }

    #[test]
    fn free_cancels_a_running_job() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let one = user("a", "Sales");
        write!(file, "{NS}{}</Objs>", one.repeat(20_000)).unwrap();
        let paths = serde_json::to_string(&[file.path()]).unwrap();
        let job = start("Department -eq 'Sales'", &paths).unwrap();
        unsafe { lsync_preview_job_free(job) };
    }

    #[test]
    fn batches_accumulate_and_number_records() {
        let f = "Department -eq 'Sales'";
        let mut batch = std::ptr::null_mut();
        assert_eq!(
            unsafe {
                lsync_preview_batch_new(f.as_ptr(), f.len(), 0, 0, &mut batch, std::ptr::null_mut())
            },
            LsyncStatus::Ok
        );
        let add = |json: &str| unsafe {
            let mut error = std::ptr::null_mut();
            let status = lsync_preview_batch_add(batch, json.as_ptr(), json.len(), &mut error);
            if !error.is_null() {
                drop(Box::from_raw(error));
            }
            status
        };
        assert_eq!(
            add(r#"[{"Name":"a","Department":"Sales"},{"Name":"b","Department":"HR"}]"#),
            LsyncStatus::Ok
        );
        assert_eq!(
            add(r#"[{"Name":"c","department":["x","sales"]}]"#),
            LsyncStatus::Ok
        );
        assert_eq!(add(r#"[{"Name":{}}]"#), LsyncStatus::PreviewRecordsInvalid);
        assert_eq!(add("{"), LsyncStatus::PreviewRecordsInvalid);
        let mut text = std::ptr::null_mut();
        assert_eq!(
            unsafe { lsync_preview_batch_snapshot(batch, &mut text, std::ptr::null_mut()) },
            LsyncStatus::Ok
        );
        let v = take(text);
        assert_eq!(v["Summary"]["Total"], 3);
        assert_eq!(v["Summary"]["Matched"], 2);
        assert_eq!(v["Matches"][1]["Index"], 2);
        unsafe { lsync_preview_batch_free(batch) };
    }
}

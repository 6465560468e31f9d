//! Helpers of the FFI unit tests: read and free what an export handed out.

use super::error::LsyncError;
use super::preview_result::{LsyncPreviewResult, lsync_preview_result_free};
use super::status::LsyncStatus;
use super::text::{LsyncText, lsync_text_copy, lsync_text_free, lsync_text_len};

/// The text of an `LsyncText` an export wrote (read with the two-call
/// pattern), which is freed.
pub(crate) fn take_text(text: *mut LsyncText) -> String {
    assert!(!text.is_null(), "no text was written");
    let len = unsafe { lsync_text_len(text) };
    let mut buf = vec![0u8; len];
    let mut out = 0usize;
    let status = unsafe {
        lsync_text_copy(
            text,
            buf.as_mut_ptr(),
            buf.len(),
            &mut out,
            std::ptr::null_mut(),
        )
    };
    unsafe { lsync_text_free(text) };
    assert_eq!(status, LsyncStatus::Ok);
    assert_eq!(out, len);
    String::from_utf8(buf).expect("the library writes UTF-8")
}

/// [`take_text`], parsed as JSON.
pub(crate) fn take_json(text: *mut LsyncText) -> serde_json::Value {
    serde_json::from_str(&take_text(text)).expect("the library writes JSON")
}

/// Takes ownership of an error an export wrote.
pub(crate) fn take_error(error: *mut LsyncError) -> LsyncError {
    assert!(!error.is_null(), "no error was written");
    *unsafe { Box::from_raw(error) }
}

/// The whole preview a result handle holds, as the JSON of its internal
/// result (`Summary` and `Matches`); the handle is freed.
pub(crate) fn take_result_json(result: *mut LsyncPreviewResult) -> serde_json::Value {
    assert!(!result.is_null(), "no result was written");
    let json = serde_json::to_value(unsafe { &(*result).result }).expect("serializable");
    unsafe { lsync_preview_result_free(result) };
    json
}

/// Starts a preview job of `filter` (on-premises, every match kept) over the
/// export files of `paths` (a JSON array of paths).
pub(crate) fn start_job(
    filter: &str,
    paths: &str,
) -> Result<*mut super::preview::LsyncPreviewJob, LsyncError> {
    let mut job = std::ptr::null_mut();
    let mut error = std::ptr::null_mut();
    let status = unsafe {
        super::preview::lsync_preview_job_start(
            filter.as_ptr(),
            filter.len(),
            0,
            paths.as_ptr(),
            paths.len(),
            0,
            &mut job,
            &mut error,
        )
    };
    if status == LsyncStatus::Ok {
        Ok(job)
    } else {
        assert!(job.is_null(), "out_job written on failure");
        Err(take_error(error))
    }
}

/// Waits for a job and returns its whole result as JSON (see
/// [`take_result_json`]) or its error.
pub(crate) fn finish_job(
    job: *const super::preview::LsyncPreviewJob,
) -> Result<serde_json::Value, LsyncError> {
    let mut result = std::ptr::null_mut();
    let mut error = std::ptr::null_mut();
    let status = unsafe {
        super::preview_result::lsync_preview_job_finish_result(job, &mut result, &mut error)
    };
    if status == LsyncStatus::Ok {
        Ok(take_result_json(result))
    } else {
        Err(take_error(error))
    }
}

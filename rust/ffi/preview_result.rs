//! A finished scope preview behind the C ABI: `LsyncPreviewResult`, its
//! summary as JSON and its matches as a flat table (see
//! [`MatchTable`](crate::preview::MatchTable)) that a caller copies out in
//! two blocks instead of parsing one JSON document per match.

use super::error::LsyncError;
use super::export_file::export_error;
use super::preview::{LsyncPreviewBatch, LsyncPreviewJob};
use super::status::LsyncStatus;
use super::text::LsyncText;
use crate::plan::Finding;
use crate::preview::{PreviewResult, PreviewSummary, findings};

/// `uint64_t` values per row of `lsync_preview_result_matches`: the match's
/// index, then an (offset, length) pair into the text block for each of
/// Name, PrimarySmtpAddress, UserPrincipalName, RecipientTypeDetails,
/// DistinguishedName and Values (a JSON object: used property → array of
/// strings, or null when the record does not carry it).
/// `lsync_preview_result_matches` also writes it with every table, so a
/// caller that does not read this header (.NET) takes it from there.
pub const LSYNC_PREVIEW_ROW_WIDTH: usize = 13;

/// The offset of an absent text in a row of `lsync_preview_result_matches`
/// (its length is then 0).
pub const LSYNC_PREVIEW_NO_TEXT: u64 = u64::MAX;

const _: () = assert!(LSYNC_PREVIEW_ROW_WIDTH == crate::preview::ROW_WIDTH);
const _: () = assert!(LSYNC_PREVIEW_NO_TEXT == crate::preview::NO_TEXT);

/// A finished preview: its summary and its matches. Created by
/// `lsync_preview_job_finish_result` or `lsync_preview_batch_snapshot`,
/// freed with `lsync_preview_result_free`.
pub struct LsyncPreviewResult {
    pub(super) result: PreviewResult,
}

/// The summary as `lsync_preview_result_summary` writes it: the counts and
/// the findings they call for.
#[derive(serde::Serialize)]
struct SummaryJson<'a> {
    #[serde(flatten)]
    summary: &'a PreviewSummary,
    #[serde(rename = "Findings")]
    findings: Vec<Finding>,
}

/// Waits for a preview job to end and writes its result to `*out_result`
/// (owned; free with `lsync_preview_result_free`), read with
/// `lsync_preview_result_summary` and `lsync_preview_result_matches`.
///
/// Fails with `LSYNC_STATUS_EXPORT_INVALID` (message naming the file, the
/// byte offset and what was expected; position = offset + 1),
/// `LSYNC_STATUS_EXPORT_ENCODING_UNSUPPORTED`,
/// `LSYNC_STATUS_EXPORT_UNREADABLE`, `LSYNC_STATUS_PREVIEW_CANCELLED`,
/// `LSYNC_STATUS_PANIC` (a panic on one of the job's threads, with its
/// message) or `LSYNC_STATUS_INVALID_ARGUMENT` when the job was already
/// finished. The job must still be freed.
///
/// # Safety
/// `job` must be NULL or a live job; `out_result` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_job_finish_result(
    job: *const LsyncPreviewJob,
    out_result: *mut *mut LsyncPreviewResult,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let job = arg_ref!(job);
        let out_result = arg_out!(out_result);
        let result = job
            .take_running()?
            .finish()
            .map_err(|e| export_error(&e.path, &e.error))?;
        out_result.boxed(LsyncPreviewResult { result })
    })
}

/// Writes the preview of every record added to a batch so far to
/// `*out_result` (owned; free with `lsync_preview_result_free`). The batch
/// stays usable.
///
/// # Safety
/// `batch` must be NULL or a live batch; `out_result` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_batch_snapshot(
    batch: *const LsyncPreviewBatch,
    out_result: *mut *mut LsyncPreviewResult,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let batch = arg_ref!(batch);
        let out_result = arg_out!(out_result);
        out_result.boxed(LsyncPreviewResult {
            result: batch.with_result(PreviewResult::clone),
        })
    })
}

/// Writes the result's summary to `*out_text` (owned; free with
/// `lsync_text_free`) as one JSON object: `Filter`, `Properties`, `Total`,
/// `Matched`, `NotMatched`, `NotEvaluable`, `NotEvaluableReasons` (reason →
/// records), `MissingProperty` (used property → records without it),
/// `ByRecipientTypeDetails` (type → `Total`, `Matched`), `Merged`, `Sources`
/// (`Path`, `Format`, `Encoding`, `Records`, `Bytes`), `MatchesTruncated`
/// and `Findings`: what the preview warns about (nothing or everyone
/// matched, an input without recipients, a used property no record
/// carries, records the filter cannot decide offline), each with the
/// fields of an audit finding (`Severity`, `Code`, `Message`, `Target`,
/// `Fix`).
///
/// # Safety
/// `result` must be NULL or a live result; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_result_summary(
    result: *const LsyncPreviewResult,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let summary = &arg_ref!(result).result.summary;
        arg_out!(out_text).json(&SummaryJson {
            summary,
            findings: findings(summary),
        })
    })
}

/// Points `*out_rows` at the result's match table (`*out_row_count` rows of
/// `*out_row_width` (`LSYNC_PREVIEW_ROW_WIDTH`) `uint64_t` values, in input
/// order) and
/// `*out_text` at the UTF-8 texts the rows point into (`*out_text_len`
/// bytes). Both stay owned by the result and valid until
/// `lsync_preview_result_free`; with no match the pointers may be dangling
/// but non-NULL, with counts 0.
///
/// # Safety
/// `result` must be NULL or a live result; the five out-pointers must be
/// valid for one write each; `out_error` must be NULL or valid for one
/// pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_result_matches(
    result: *const LsyncPreviewResult,
    out_rows: *mut *const u64,
    out_row_count: *mut usize,
    out_row_width: *mut usize,
    out_text: *mut *const u8,
    out_text_len: *mut usize,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let table = &arg_ref!(result).result.matches;
        let outs = (
            arg_out!(out_rows),
            arg_out!(out_row_count),
            arg_out!(out_row_width),
        );
        let texts = (arg_out!(out_text), arg_out!(out_text_len));
        // The blocks stay owned by the result and valid while it lives.
        outs.0.put(table.rows().as_ptr());
        outs.1.put(table.len());
        outs.2.put(LSYNC_PREVIEW_ROW_WIDTH);
        texts.0.put(table.text().as_ptr());
        texts.1.put(table.text().len());
        Ok(())
    })
}

/// Frees a preview result. NULL is ignored. Call at most once per result.
///
/// # Safety
/// `result` must be NULL or a result from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_preview_result_free(result: *mut LsyncPreviewResult) {
    ffi_free!(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::test_support::{take_error, take_json};

    fn start(path: &str, filter: &str) -> *mut LsyncPreviewJob {
        crate::ffi::test_support::start_job(filter, &serde_json::to_string(&[path]).unwrap())
            .unwrap()
    }

    fn rows(result: *const LsyncPreviewResult) -> (Vec<u64>, Vec<u8>) {
        let (mut rows, mut count, mut width, mut text, mut len) =
            (std::ptr::null(), 0usize, 0usize, std::ptr::null(), 0usize);
        let status = unsafe {
            lsync_preview_result_matches(
                result,
                &mut rows,
                &mut count,
                &mut width,
                &mut text,
                &mut len,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(status, LsyncStatus::Ok);
        assert_eq!(width, LSYNC_PREVIEW_ROW_WIDTH);
        // SAFETY: the result owns both blocks of the lengths given.
        unsafe {
            (
                std::slice::from_raw_parts(rows, count * LSYNC_PREVIEW_ROW_WIDTH).to_vec(),
                std::slice::from_raw_parts(text, len).to_vec(),
            )
        }
    }

    /// The table and the summary hold what the preview's own result holds.
    #[test]
    fn the_table_and_summary_equal_the_json_result() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sample-org/users.xml");
        let filter = "Department -eq 'Sales'";
        let job = start(path, filter);
        let mut result = std::ptr::null_mut();
        let status =
            unsafe { lsync_preview_job_finish_result(job, &mut result, std::ptr::null_mut()) };
        assert_eq!(status, LsyncStatus::Ok);
        let json = serde_json::to_value(unsafe { &(*result).result }).unwrap();
        let mut summary = std::ptr::null_mut();
        let status =
            unsafe { lsync_preview_result_summary(result, &mut summary, std::ptr::null_mut()) };
        assert_eq!(status, LsyncStatus::Ok);
        let mut summary = take_json(summary);
        let found = summary.as_object_mut().unwrap().remove("Findings").unwrap();
        assert_eq!(summary, json["Summary"]);
        assert!(found.as_array().unwrap().is_empty(), "{found}");
        let (rows, text) = rows(result);
        let matches = json["Matches"].as_array().unwrap();
        assert!(matches.len() > 10);
        assert_eq!(rows.len(), matches.len() * LSYNC_PREVIEW_ROW_WIDTH);
        let cell = |row: usize, column: usize| -> serde_json::Value {
            let at = row * LSYNC_PREVIEW_ROW_WIDTH + 2 * column - 1;
            if rows[at] == LSYNC_PREVIEW_NO_TEXT {
                assert_eq!(rows[at + 1], 0);
                return serde_json::Value::Null;
            }
            let bytes = &text[rows[at] as usize..(rows[at] + rows[at + 1]) as usize];
            serde_json::Value::String(String::from_utf8(bytes.to_vec()).unwrap())
        };
        for (i, m) in matches.iter().enumerate() {
            assert_eq!(
                rows[i * LSYNC_PREVIEW_ROW_WIDTH],
                m["Index"].as_u64().unwrap()
            );
            for (column, key) in [
                "Name",
                "PrimarySmtpAddress",
                "UserPrincipalName",
                "RecipientTypeDetails",
                "DistinguishedName",
            ]
            .iter()
            .enumerate()
            {
                assert_eq!(cell(i, column + 1), m[key], "{key}");
            }
            let values: serde_json::Value =
                serde_json::from_str(cell(i, 6).as_str().unwrap()).unwrap();
            assert_eq!(values, m["Values"]);
        }
        unsafe { lsync_preview_result_free(result) };
        unsafe { super::super::preview::lsync_preview_job_free(job) };
    }

    #[test]
    fn null_pointers_and_a_second_finish_are_refused() {
        let mut error = std::ptr::null_mut();
        let mut result = std::ptr::null_mut();
        let status =
            unsafe { lsync_preview_job_finish_result(std::ptr::null(), &mut result, &mut error) };
        assert_eq!(status, LsyncStatus::NullArgument);
        assert!(take_error(error).message().contains("job"));
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sample-org/users.xml");
        let job = start(path, "Department -eq 'Sales'");
        let status =
            unsafe { lsync_preview_job_finish_result(job, &mut result, std::ptr::null_mut()) };
        assert_eq!(status, LsyncStatus::Ok);
        let mut again = std::ptr::null_mut();
        let status = unsafe { lsync_preview_job_finish_result(job, &mut again, &mut error) };
        assert_eq!(status, LsyncStatus::InvalidArgument);
        assert!(take_error(error).message().contains("already finished"));
        let (mut count, mut width) = (0usize, 0usize);
        let mut text = std::ptr::null();
        let status = unsafe {
            lsync_preview_result_matches(
                result,
                std::ptr::null_mut(),
                &mut count,
                &mut width,
                &mut text,
                &mut count,
                &mut error,
            )
        };
        assert_eq!(status, LsyncStatus::NullArgument);
        assert!(take_error(error).message().contains("out_rows"));
        unsafe { lsync_preview_result_free(result) };
        unsafe { lsync_preview_result_free(std::ptr::null_mut()) };
        unsafe { super::super::preview::lsync_preview_job_free(job) };
    }
}

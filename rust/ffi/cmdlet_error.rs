//! The Exchange cmdlet error classifier behind the C ABI.

use super::error::LsyncError;
use super::status::LsyncStatus;
use super::text::LsyncText;
use crate::cmdlet_error::{CmdletError, classify};

/// Classifies one error an Exchange cmdlet raised, so every caller retries
/// (or not) by the same rules. `request` is a UTF-8 JSON object:
/// `Message` (`Exception.Message`), `Reason` (`CategoryInfo.Reason`),
/// `ErrorId` (`FullyQualifiedErrorId`), `CreatedNames` (names of the objects
/// the run created: their "not found" is replication) and `ExpectPresent`
/// (the read checks a write that succeeded); every member is optional.
///
/// Writes a JSON object to `*out_text` (owned; free with `lsync_text_free`):
/// `Kind` (`Transient`, `NotFound`, `AlreadyExists`, `SimilarScope`,
/// `Permission` or `Other`), `Fault` (for `Transient`: `ConcurrentPipeline`,
/// `Replication` or `Throttled`; otherwise null), `ErrorId` (the
/// `LightningSync.<Reason>` id to report the error under) and `Object` (the
/// identity a "not found" names, or null). Only `Transient` errors are worth
/// another try.
///
/// Fails with `LSYNC_STATUS_INVALID_ARGUMENT` (not a JSON object of that
/// shape), `LSYNC_STATUS_INVALID_UTF8` or `LSYNC_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// `request` must be NULL with `request_len` 0 or valid for reads of
/// `request_len` bytes; `out_text` must be valid for one pointer write;
/// `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_cmdlet_error_classify(
    request: *const u8,
    request_len: usize,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let request = arg_str!(request, request_len);
        let out_text = arg_out!(out_text);
        let error: CmdletError = serde_json::from_str(request).map_err(|e| {
            LsyncError::new(
                LsyncStatus::InvalidArgument,
                format!(
                    "request is not a JSON object with Message, Reason, ErrorId, CreatedNames and ExpectPresent: {e}"
                ),
            )
        })?;
        out_text.json(&classify(&error))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::test_support::{take_error, take_json};

    #[test]
    fn classifies_through_the_abi() {
        let request = br#"{"Message":"Pipelines cannot be executed concurrently.","Reason":"PSInvalidOperationException"}"#;
        let mut text: *mut LsyncText = std::ptr::null_mut();
        let mut error: *mut LsyncError = std::ptr::null_mut();
        // SAFETY: valid buffers and out pointers.
        let status = unsafe {
            lsync_cmdlet_error_classify(request.as_ptr(), request.len(), &mut text, &mut error)
        };
        assert_eq!(status, LsyncStatus::Ok);
        let json = take_json(text);
        assert_eq!(json["Kind"], "Transient");
        assert_eq!(json["Fault"], "ConcurrentPipeline");
        assert_eq!(json["ErrorId"], "LightningSync.ExchangeConcurrentPipeline");
        let bad = b"[1]";
        // SAFETY: as above.
        let status =
            unsafe { lsync_cmdlet_error_classify(bad.as_ptr(), bad.len(), &mut text, &mut error) };
        assert_eq!(status, LsyncStatus::InvalidArgument);
        assert!(take_error(error).message().contains("Message"));
        // SAFETY: as above; NULL request with length 0 is an empty text.
        let status = unsafe {
            lsync_cmdlet_error_classify(std::ptr::null(), 0, std::ptr::null_mut(), &mut error)
        };
        assert_eq!(status, LsyncStatus::NullArgument);
        drop(take_error(error));
    }
}

//! Helpers of the FFI unit tests: read and free what an export handed out.

use super::error::LsyncError;
use super::status::LsyncStatus;
use super::text::{LsyncText, lsync_text_copy, lsync_text_free, lsync_text_len};

/// The text of an `LsyncText` an export wrote (read with the two-call
/// pattern), which is freed.
pub(crate) fn take_text(text: *mut LsyncText) -> String {
    assert!(!text.is_null(), "no text was written");
    let len = unsafe { lsync_text_len(text) };
    let mut buf = vec![0u8; len];
    let mut out = 0usize;
    let status = unsafe { lsync_text_copy(text, buf.as_mut_ptr(), buf.len(), &mut out) };
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

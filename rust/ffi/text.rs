//! `LsyncText`: owned UTF-8 text the library hands out.

use super::boundary::Out;
use super::error::LsyncError;
use super::status::LsyncStatus;

/// UTF-8 text produced by the library (a canonical filter, a JSON document).
/// Read it with `lsync_text_len` and `lsync_text_copy`; free it with
/// `lsync_text_free`.
#[derive(Debug)]
pub struct LsyncText {
    text: String,
}

impl LsyncText {
    pub(crate) fn new(text: String) -> LsyncText {
        LsyncText { text }
    }
}

/// Copies `bytes` into a caller buffer with the two-call pattern described on
/// `lsync_text_copy`. `out_len` is written also when the buffer is too small
/// (the documented exception to "out-pointers are written only on success").
pub(crate) fn copy_to_buffer(
    bytes: &[u8],
    buffer: *mut u8,
    capacity: usize,
    out_len: Out<usize>,
) -> Result<(), LsyncError> {
    out_len.put(bytes.len());
    if bytes.is_empty() {
        return Ok(());
    }
    if buffer.is_null() || capacity < bytes.len() {
        return Err(LsyncError::new(
            LsyncStatus::BufferTooSmall,
            format!(
                "the buffer holds {capacity} bytes but {} are needed",
                bytes.len()
            ),
        ));
    }
    // SAFETY: `buffer` is non-NULL and, by the export's contract, valid for
    // writes of `capacity` >= `bytes.len()` bytes; it cannot overlap a
    // Rust-owned string.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer, bytes.len()) };
    Ok(())
}

/// Returns the length in bytes of the text (0 for NULL).
///
/// # Safety
/// `text` must be NULL or a live text from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_text_len(text: *const LsyncText) -> usize {
    ffi_value!(0, {
        let text: Result<&LsyncText, LsyncError> = (|| Ok(arg_ref!(text)))();
        text.map_or(0, |t| t.text.len())
    })
}

/// Copies the text (UTF-8, not NUL-terminated) into `buffer`.
///
/// Always writes the text's length in bytes to `*out_len`. When `capacity` is
/// smaller than that length (a NULL `buffer` counts as capacity 0), returns
/// `LSYNC_STATUS_BUFFER_TOO_SMALL` and leaves `buffer` untouched: call again
/// with a buffer of `*out_len` bytes.
///
/// # Safety
/// `text` must be NULL or a live text from this library; `buffer` must be
/// NULL or valid for writes of `capacity` bytes; `out_len` must be valid for
/// one write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_text_copy(
    text: *const LsyncText,
    buffer: *mut u8,
    capacity: usize,
    out_len: *mut usize,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let text = arg_ref!(text);
        copy_to_buffer(text.text.as_bytes(), buffer, capacity, arg_out!(out_len))
    })
}

/// Frees a text handed out by the library. NULL is ignored. Call at most once
/// per text.
///
/// # Safety
/// `text` must be NULL or a text from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_text_free(text: *mut LsyncText) {
    ffi_free!(text)
}

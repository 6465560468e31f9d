//! `LsyncText`: owned UTF-8 text the library hands out.

use super::boundary::{free_boxed, ref_arg, write_out};
use super::error::LsyncError;
use super::status::LsyncStatus;

/// UTF-8 text produced by the library (a canonical filter, a JSON document).
/// Read it with `lsync_text_len` and `lsync_text_copy`; free it with
/// `lsync_text_free`.
#[derive(Debug)]
pub struct LsyncText {
    text: String,
}

/// Writes `text` to `*out` as an owned [`LsyncText`] (freed by
/// `lsync_text_free`): how every text-returning export hands out its result.
///
/// # Safety
/// `out` must be non-NULL (checked with `check_out!`) and valid for one
/// pointer write.
pub(crate) unsafe fn write_text_out(out: *mut *mut LsyncText, text: String) {
    // SAFETY: guaranteed by the caller.
    unsafe { write_out(out, Box::into_raw(Box::new(LsyncText { text }))) };
}

/// Serializes `value` to JSON and writes it to `*out` as
/// [`write_text_out`] does.
///
/// # Safety
/// As for [`write_text_out`].
pub(crate) unsafe fn write_json_out<T: serde::Serialize + ?Sized>(
    out: *mut *mut LsyncText,
    value: &T,
) -> Result<(), LsyncError> {
    let json = serde_json::to_string(value).map_err(|e| {
        LsyncError::new(
            LsyncStatus::Panic,
            format!("could not serialize a result: {e}"),
        )
    })?;
    // SAFETY: guaranteed by the caller.
    unsafe { write_text_out(out, json) };
    Ok(())
}

/// Copies `bytes` into a caller buffer with the two-call pattern described on
/// `lsync_text_copy`.
///
/// # Safety
/// `buffer` must be NULL or valid for writes of `capacity` bytes; `out_len`
/// must be NULL or valid for one write.
pub(crate) unsafe fn copy_to_buffer(
    bytes: &[u8],
    buffer: *mut u8,
    capacity: usize,
    out_len: *mut usize,
) -> Result<(), LsyncError> {
    if out_len.is_null() {
        return Err(LsyncError::null_argument("out_len"));
    }
    // SAFETY: checked non-NULL; the caller guarantees it is writable.
    unsafe { out_len.write(bytes.len()) };
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
    // SAFETY: `buffer` holds at least `bytes.len()` writable bytes and cannot
    // overlap a Rust-owned string.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer, bytes.len()) };
    Ok(())
}

/// Returns the length in bytes of the text (0 for NULL).
///
/// # Safety
/// `text` must be NULL or a live text from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_text_len(text: *const LsyncText) -> usize {
    // SAFETY: guaranteed by the caller.
    ffi_value!(0, unsafe { text.as_ref() }.map_or(0, |t| t.text.len()))
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
/// one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_text_copy(
    text: *const LsyncText,
    buffer: *mut u8,
    capacity: usize,
    out_len: *mut usize,
) -> LsyncStatus {
    ffi_boundary!(std::ptr::null_mut(), {
        // SAFETY: guaranteed by the caller.
        let text = unsafe { ref_arg(text, "text") }?;
        // SAFETY: guaranteed by the caller.
        unsafe { copy_to_buffer(text.text.as_bytes(), buffer, capacity, out_len) }
    })
}

/// Frees a text handed out by the library. NULL is ignored. Call at most once
/// per text.
///
/// # Safety
/// `text` must be NULL or a text from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_text_free(text: *mut LsyncText) {
    // SAFETY: guaranteed by the caller (see the function's safety section).
    unsafe { free_boxed(text) }
}

//! `LsyncError`: the owned failure detail an export hands its caller.

use super::status::LsyncStatus;

/// Detail of a failed call: its status, an English message that names the bad
/// input and how to fix it, and a 1-based position in the input when one
/// applies. Created by the library, owned by the caller, freed with
/// `lsync_error_free`.
#[derive(Debug, Clone)]
pub struct LsyncError {
    status: LsyncStatus,
    message: String,
    position: u64,
}

impl LsyncError {
    /// An error with a status and message and no position.
    pub(crate) fn new(status: LsyncStatus, message: impl Into<String>) -> Self {
        LsyncError {
            status,
            message: message.into(),
            position: 0,
        }
    }

    /// The error for a NULL pointer passed where one is required.
    pub(crate) fn null_argument(name: &str) -> Self {
        LsyncError::new(
            LsyncStatus::NullArgument,
            format!("argument '{name}' must not be NULL"),
        )
    }

    /// Sets the 1-based position the error refers to.
    pub(crate) fn with_position(mut self, position: u64) -> Self {
        self.position = position;
        self
    }

    pub(crate) fn status(&self) -> LsyncStatus {
        self.status
    }

    #[cfg(test)]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    #[cfg(test)]
    pub(crate) fn position(&self) -> u64 {
        self.position
    }
}

/// Returns the status of an error, or `LSYNC_STATUS_NULL_ARGUMENT` when
/// `error` is NULL.
///
/// # Safety
/// `error` must be NULL or a live error from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_error_status(error: *const LsyncError) -> LsyncStatus {
    ffi_value!(LsyncStatus::Panic, {
        let error: Result<&LsyncError, LsyncError> = (|| Ok(arg_ref!(error)))();
        error.map_or_else(|e| e.status, |error| error.status)
    })
}

/// Returns the 1-based position in the input that the error refers to, or 0
/// when it has none (or `error` is NULL).
///
/// # Safety
/// `error` must be NULL or a live error from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_error_position(error: *const LsyncError) -> u64 {
    ffi_value!(0, {
        let error: Result<&LsyncError, LsyncError> = (|| Ok(arg_ref!(error)))();
        error.map_or(0, |error| error.position)
    })
}

/// Copies the error's UTF-8 message (not NUL-terminated) into `buffer`.
///
/// Always writes the message's length in bytes to `*out_len`. When `capacity`
/// is smaller than that length (a NULL `buffer` counts as capacity 0), returns
/// `LSYNC_STATUS_BUFFER_TOO_SMALL` and leaves `buffer` untouched: call again
/// with a buffer of `*out_len` bytes. `out_error` receives an error of its own
/// (about this call, e.g. the buffer being too small), never `error`.
///
/// # Safety
/// `error` must be NULL or a live error from this library; `buffer` must be
/// NULL or valid for writes of `capacity` bytes; `out_len` must be valid for
/// one write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_error_message(
    error: *const LsyncError,
    buffer: *mut u8,
    capacity: usize,
    out_len: *mut usize,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let error = arg_ref!(error);
        super::text::copy_to_buffer(
            error.message.as_bytes(),
            buffer,
            capacity,
            arg_out!(out_len),
        )
    })
}

/// Frees an error returned through an `out_error` parameter. NULL is ignored.
/// Call at most once per error.
///
/// # Safety
/// `error` must be NULL or an error from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_error_free(error: *mut LsyncError) {
    ffi_free!(error)
}

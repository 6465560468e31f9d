//! The panic boundary and argument checks shared by every export.
//!
//! [`ffi_boundary!`] runs an export's body inside `catch_unwind`, turns an
//! `Err(LsyncError)` or a panic into a status code, and hands the caller an
//! owned error object when it asked for one. The helpers below turn raw
//! arguments into Rust values or an [`LsyncError`] naming the argument.

use std::any::Any;
use std::panic::UnwindSafe;

pub(crate) use super::panic_hook::catch_silently;

use super::error::LsyncError;
use super::status::LsyncStatus;

/// Runs `$body` (a block evaluating to `Result<(), LsyncError>`) behind the
/// panic boundary and returns the [`LsyncStatus`]; on failure writes an owned
/// error to `$out_error` when that pointer is not NULL.
macro_rules! ffi_boundary {
    ($out_error:expr, $body:block) => {{
        let out_error: *mut *mut $crate::ffi::LsyncError = $out_error;
        let outcome =
            $crate::ffi::boundary::run(move || -> Result<(), $crate::ffi::LsyncError> { $body });
        // SAFETY: the export's contract requires `out_error` to be NULL or
        // valid for one pointer write.
        unsafe { $crate::ffi::boundary::report(outcome, out_error) }
    }};
}

/// Runs `$body` (an expression of the export's return type) behind the panic
/// boundary; a panic yields `$default`. For exports that cannot fail other
/// than by panicking (accessors, free functions).
macro_rules! ffi_value {
    ($default:expr, $body:expr) => {{
        match $crate::ffi::boundary::catch_silently(|| $body) {
            Ok(value) => value,
            Err(_) => $default,
        }
    }};
}

/// Returns early with [`LsyncStatus::NullArgument`] when an out-pointer is NULL.
macro_rules! check_out {
    ($ptr:ident) => {{
        if $ptr.is_null() {
            return Err($crate::ffi::LsyncError::null_argument(stringify!($ptr)));
        }
        $ptr
    }};
}

/// Frees a handle the library handed out with `Box::into_raw`: what every
/// `lsync_*_free` does. NULL is ignored; a panic in a destructor is
/// swallowed (a free function has no status to report it with).
///
/// # Safety
/// `ptr` must be NULL or a pointer from `Box::into_raw` of this type, not
/// freed before.
pub(crate) unsafe fn free_boxed<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: guaranteed by the caller.
        let owned = unsafe { Box::from_raw(ptr) };
        ffi_value!((), drop(owned))
    }
}

/// Calls `body`, converting a panic into an [`LsyncStatus::Panic`] error.
pub(crate) fn run<F>(body: F) -> Result<(), LsyncError>
where
    F: FnOnce() -> Result<(), LsyncError> + UnwindSafe,
{
    match catch_silently(body) {
        Ok(result) => result,
        Err(payload) => Err(LsyncError::new(
            LsyncStatus::Panic,
            format!(
                "internal error in the LightningSync library: {}; the call had no effect. Please report this message.",
                panic_text(payload.as_ref())
            ),
        )),
    }
}

/// Writes the outcome of an export: `Ok` → [`LsyncStatus::Ok`]; an error →
/// its status, and the boxed error into `*out_error` when `out_error` is not NULL.
///
/// # Safety
/// `out_error` must be NULL or valid for one pointer write.
pub(crate) unsafe fn report(
    outcome: Result<(), LsyncError>,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    match outcome {
        Ok(()) => LsyncStatus::Ok,
        Err(error) => {
            let status = error.status();
            if !out_error.is_null() {
                // SAFETY: checked non-NULL; the caller guarantees it is writable.
                unsafe { out_error.write(Box::into_raw(Box::new(error))) };
            }
            status
        }
    }
}

fn panic_text(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&'static str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "unknown panic"
    }
}

/// Borrows a UTF-8 string passed as `(ptr, len)`. `ptr` may be NULL only when
/// `len` is 0.
///
/// # Safety
/// When `ptr` is not NULL it must be valid for reads of `len` bytes for the
/// lifetime `'a`.
pub(crate) unsafe fn str_arg<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> Result<&'a str, LsyncError> {
    let bytes = unsafe { bytes_arg(ptr, len, name) }?;
    std::str::from_utf8(bytes).map_err(|e| {
        LsyncError::new(
            LsyncStatus::InvalidUtf8,
            format!(
                "argument '{name}' is not valid UTF-8 (invalid byte at offset {}); pass text encoded as UTF-8",
                e.valid_up_to()
            ),
        )
        .with_position(e.valid_up_to() as u64 + 1)
    })
}

/// Borrows a byte buffer passed as `(ptr, len)`. `ptr` may be NULL only when
/// `len` is 0.
///
/// # Safety
/// When `ptr` is not NULL it must be valid for reads of `len` bytes for the
/// lifetime `'a`.
pub(crate) unsafe fn bytes_arg<'a>(
    ptr: *const u8,
    len: usize,
    name: &str,
) -> Result<&'a [u8], LsyncError> {
    if ptr.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err(LsyncError::null_argument(name));
    }
    // SAFETY: non-NULL, and the caller guarantees `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows an object the library handed out earlier.
///
/// # Safety
/// `ptr` must be NULL or a live pointer obtained from this library.
pub(crate) unsafe fn ref_arg<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, LsyncError> {
    // SAFETY: the caller guarantees a live object when non-NULL.
    unsafe { ptr.as_ref() }.ok_or_else(|| LsyncError::null_argument(name))
}

/// Writes `value` through a checked out-pointer.
///
/// # Safety
/// `ptr` must be non-NULL and valid for one write of `T`.
pub(crate) unsafe fn write_out<T>(ptr: *mut T, value: T) {
    // SAFETY: guaranteed by the caller.
    unsafe { ptr.write(value) };
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" fn panicking_export(out_error: *mut *mut LsyncError) -> LsyncStatus {
        ffi_boundary!(out_error, {
            let values: Vec<u8> = Vec::new();
            let index = values.len() + 3;
            let _ = values[index];
            Ok(())
        })
    }

    #[test]
    fn panic_becomes_status_and_error() {
        let mut error: *mut LsyncError = std::ptr::null_mut();
        let status = unsafe { panicking_export(&mut error) };
        assert_eq!(status, LsyncStatus::Panic);
        assert!(!error.is_null());
        let error = unsafe { Box::from_raw(error) };
        assert_eq!(error.status(), LsyncStatus::Panic);
        assert!(
            error.message().contains("index out of bounds"),
            "{}",
            error.message()
        );
    }

    #[test]
    fn panic_without_error_pointer_still_returns_status() {
        let status = unsafe { panicking_export(std::ptr::null_mut()) };
        assert_eq!(status, LsyncStatus::Panic);
    }

    #[test]
    fn invalid_utf8_names_argument_and_offset() {
        let bytes = [b'a', b'b', 0xff, b'c'];
        let error = unsafe { str_arg(bytes.as_ptr(), bytes.len(), "text") }.unwrap_err();
        assert_eq!(error.status(), LsyncStatus::InvalidUtf8);
        assert!(error.message().contains("'text'"));
        assert_eq!(error.position(), 3);
    }

    #[test]
    fn null_with_zero_length_is_empty_text() {
        assert_eq!(unsafe { str_arg(std::ptr::null(), 0, "text") }.unwrap(), "");
        let error = unsafe { str_arg(std::ptr::null(), 2, "text") }.unwrap_err();
        assert_eq!(error.status(), LsyncStatus::NullArgument);
    }
}

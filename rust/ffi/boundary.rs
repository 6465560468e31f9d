//! The panic boundary and argument helpers shared by every export: the safety
//! argument of the C ABI, written once.
//!
//! An export is its logic inside [`ffi_boundary!`], which catches panics and
//! turns an `Err(LsyncError)` into a status plus an owned error. Its raw
//! arguments become Rust values through the `arg_*!` macros:
//!
//! - [`arg_str!`] / [`arg_bytes!`]: a `(ptr, len)` input, NULL only with length 0;
//! - [`arg_ref!`]: a handle the library handed out, NULL refused;
//! - [`arg_out!`]: an out-pointer, NULL refused, written through [`Out`] only
//!   on success;
//! - [`ffi_free!`]: what every `lsync_*_free` does.
//!
//! Each macro names the argument after the parameter in its error message.
//!
//! # The safety argument
//! The macros dereference raw pointers in `unsafe` blocks. That is sound
//! because every export documents, in its `# Safety` section (copied into the
//! header), exactly the conditions the macros rely on: a `(ptr, len)` pair is
//! NULL with length 0 or valid for reads of `len` bytes for the whole call; a
//! handle is NULL or live and from this library; an out-pointer is NULL or
//! valid for one write of its type; a pointer handed to a free function came
//! from this library and is not used again. The macros may only be used
//! inside an `unsafe extern "C"` export on that export's own parameters.

use std::any::Any;
use std::panic::UnwindSafe;

pub(crate) use super::panic_hook::catch_silently;

use super::error::LsyncError;
use super::status::LsyncStatus;
use super::text::LsyncText;

/// Runs `$body` (a block evaluating to `Result<(), LsyncError>`) behind the
/// panic boundary and returns the [`LsyncStatus`]; on failure writes an owned
/// error to `$out_error` when that pointer is not NULL.
macro_rules! ffi_boundary {
    ($out_error:expr, $body:block) => {{
        let out_error: *mut *mut $crate::ffi::LsyncError = $out_error;
        let outcome =
            $crate::ffi::boundary::run(move || -> Result<(), $crate::ffi::LsyncError> { $body });
        // SAFETY: see the module's safety argument (an out-pointer).
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

/// Borrows the UTF-8 string parameter `$ptr` of `$len` bytes, or returns the
/// error naming it (`LSYNC_STATUS_NULL_ARGUMENT`, `LSYNC_STATUS_INVALID_UTF8`).
macro_rules! arg_str {
    ($ptr:ident, $len:expr) => {
        // SAFETY: see the module's safety argument (a `(ptr, len)` input).
        unsafe { $crate::ffi::boundary::str_arg($ptr, $len, stringify!($ptr)) }?
    };
}

/// Borrows the byte-buffer parameter `$ptr` of `$len` bytes.
macro_rules! arg_bytes {
    ($ptr:ident, $len:expr) => {
        // SAFETY: see the module's safety argument (a `(ptr, len)` input).
        unsafe { $crate::ffi::boundary::bytes_arg($ptr, $len, stringify!($ptr)) }?
    };
}

/// Borrows the handle parameter `$ptr`, or returns the NULL-argument error.
macro_rules! arg_ref {
    ($ptr:ident) => {
        // SAFETY: see the module's safety argument (a handle).
        unsafe { $crate::ffi::boundary::ref_arg($ptr, stringify!($ptr)) }?
    };
}

/// Checks the out-pointer parameter `$ptr` and wraps it in an
/// [`Out`](crate::ffi::boundary::Out), written only on success.
macro_rules! arg_out {
    ($ptr:ident) => {
        // SAFETY: see the module's safety argument (an out-pointer).
        unsafe { $crate::ffi::boundary::Out::new($ptr, stringify!($ptr)) }?
    };
}

/// The body of every `lsync_*_free`: drops the boxed handle `$ptr`; NULL is
/// ignored and a panic in a destructor is swallowed.
macro_rules! ffi_free {
    ($ptr:ident) => {
        // SAFETY: see the module's safety argument (a pointer handed back).
        unsafe { $crate::ffi::boundary::free_boxed($ptr) }
    };
}

/// A checked, non-NULL out-pointer the caller guaranteed writable. Writing
/// consumes it, so each out-pointer is written at most once.
pub(crate) struct Out<T> {
    ptr: *mut T,
}

impl<T> Out<T> {
    /// # Safety
    /// `ptr` must be NULL or valid for one write of `T` (see [`arg_out!`]).
    pub(crate) unsafe fn new(ptr: *mut T, name: &str) -> Result<Out<T>, LsyncError> {
        if ptr.is_null() {
            return Err(LsyncError::null_argument(name));
        }
        Ok(Out { ptr })
    }

    /// Writes `value`.
    pub(crate) fn put(self, value: T) {
        // SAFETY: non-NULL by construction and writable by the export's contract.
        unsafe { self.ptr.write(value) }
    }
}

impl<T> Out<*mut T> {
    /// Hands `value` to the caller as an owned handle (freed by its
    /// `lsync_*_free`).
    pub(crate) fn boxed(self, value: T) -> Result<(), LsyncError> {
        self.put(Box::into_raw(Box::new(value)));
        Ok(())
    }
}

impl Out<*mut LsyncText> {
    /// Hands `text` to the caller as an owned [`LsyncText`].
    pub(crate) fn text(self, text: String) -> Result<(), LsyncError> {
        self.boxed(LsyncText::new(text))
    }

    /// Serializes `value` (see [`super::json::to_text`]) and hands it out as text.
    pub(crate) fn json<V: serde::Serialize + ?Sized>(self, value: &V) -> Result<(), LsyncError> {
        self.text(super::json::to_text(value)?)
    }
}

/// Frees a handle the library handed out with `Box::into_raw`. NULL is
/// ignored; a panic in a destructor is swallowed (a free function has no
/// status to report it with).
///
/// # Safety
/// `ptr` must be NULL or a pointer from `Box::into_raw` of this type, not
/// freed before.
pub(crate) unsafe fn free_boxed<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: guaranteed by the caller: a live box handed back once.
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
    // SAFETY: guaranteed by the caller.
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

    #[test]
    fn an_out_pointer_is_checked_and_written_once() {
        let error = unsafe { Out::<u64>::new(std::ptr::null_mut(), "out_count") }.err();
        assert!(error.unwrap().message().contains("'out_count'"));
        let mut value = 0u64;
        let out = unsafe { Out::new(&mut value as *mut u64, "out_count") }.unwrap();
        out.put(7);
        assert_eq!(value, 7);
    }
}

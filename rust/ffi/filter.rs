//! `LsyncFilter`: a compiled OPATH recipient filter behind the C ABI.

use super::boundary::{ref_arg, str_arg, write_out};
use super::error::LsyncError;
use super::status::LsyncStatus;
use super::text::LsyncText;
use crate::opath::{Environment, Filter};

/// A recipient filter compiled once by `lsync_filter_compile`, valid or not.
/// Query it with the `lsync_filter_*` functions; free it with
/// `lsync_filter_free`. A filter is immutable: it may be read from several
/// threads at once.
pub struct LsyncFilter {
    filter: Filter,
}

fn environment_arg(code: i32) -> Result<Environment, LsyncError> {
    Environment::from_code(code).ok_or_else(|| {
        LsyncError::new(
            LsyncStatus::InvalidArgument,
            format!("environment {code} is not known: pass 0 (OnPremises) or 1 (ExchangeOnline)"),
        )
    })
}

fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<*mut LsyncText, LsyncError> {
    let json = serde_json::to_string(value).map_err(|e| {
        LsyncError::new(
            LsyncStatus::Panic,
            format!("could not serialize a result: {e}"),
        )
    })?;
    Ok(LsyncText::into_raw(LsyncText::new(json)))
}

/// Compiles the OPATH recipient filter `text` (UTF-8, `len` bytes; the string
/// Exchange receives, e.g. `Department -eq 'Sales'`) for `environment`
/// (0 = OnPremises, 1 = ExchangeOnline) and writes the new filter to
/// `*out_filter`.
///
/// An invalid filter still compiles: check it with `lsync_filter_is_valid` and
/// read its errors with `lsync_filter_diagnostics`. The call itself fails only
/// for NULL pointers, invalid UTF-8 (`LSYNC_STATUS_INVALID_UTF8`, with the
/// byte position) or an unknown environment (`LSYNC_STATUS_INVALID_ARGUMENT`).
/// The caller owns the filter and frees it with `lsync_filter_free`.
///
/// # Safety
/// `text` must be NULL with `len` 0, or valid for reads of `len` bytes;
/// `out_filter` must be valid for one pointer write; `out_error` must be NULL
/// or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_compile(
    text: *const u8,
    len: usize,
    environment: i32,
    out_filter: *mut *mut LsyncFilter,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let text = unsafe { str_arg(text, len, "text") }?;
        let out_filter = check_out!(out_filter);
        let environment = environment_arg(environment)?;
        let filter = LsyncFilter {
            filter: Filter::compile(text, environment),
        };
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_out(out_filter, Box::into_raw(Box::new(filter))) };
        Ok(())
    })
}

/// Returns `LSYNC_STATUS_OK` when the filter has no errors,
/// `LSYNC_STATUS_FILTER_INVALID` when it has, and
/// `LSYNC_STATUS_NULL_ARGUMENT` when `filter` is NULL.
///
/// # Safety
/// `filter` must be NULL or a live filter from `lsync_filter_compile`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_is_valid(filter: *const LsyncFilter) -> LsyncStatus {
    ffi_boundary!(std::ptr::null_mut(), {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        if filter.filter.is_valid() {
            Ok(())
        } else {
            Err(LsyncError::new(
                LsyncStatus::FilterInvalid,
                "the filter has errors",
            ))
        }
    })
}

/// Writes the filter's canonical text — the `RecipientFilter` Exchange stores
/// for it — to `*out_text` (owned; free with `lsync_text_free`). Fails with
/// `LSYNC_STATUS_FILTER_INVALID` (message and position of the first error in
/// `*out_error`) when the filter has errors.
///
/// # Safety
/// `filter` must be NULL or a live filter; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_canonical(
    filter: *const LsyncFilter,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        let out_text = check_out!(out_text);
        let Some(canonical) = filter.filter.canonical() else {
            let first = filter.filter.diagnostics().first();
            let message = first.map_or("the filter has errors", |d| d.message.as_str());
            let position = first.and_then(|d| d.position).unwrap_or(0) as u64;
            return Err(
                LsyncError::new(LsyncStatus::FilterInvalid, message).with_position(position)
            );
        };
        let text = LsyncText::into_raw(LsyncText::new(canonical.to_owned()));
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_out(out_text, text) };
        Ok(())
    })
}

/// Writes the filter's diagnostics as a JSON array to `*out_text` (owned;
/// free with `lsync_text_free`). Each element is an object with `severity`
/// (`"Error"` or `"Warning"`), `code` (a stable identifier), `message`
/// (Exchange's wording where Exchange has one), `hint` (how to fix it, or
/// null) and `position` (1-based character position, or null). Errors come
/// before warnings; a clean filter gives `[]`.
///
/// # Safety
/// `filter` must be NULL or a live filter; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_diagnostics(
    filter: *const LsyncFilter,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        let out_text = check_out!(out_text);
        let text = json_text(filter.filter.diagnostics())?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_out(out_text, text) };
        Ok(())
    })
}

/// Writes the properties the filter uses, in canonical spelling and in order
/// of first use, as a JSON array of strings to `*out_text` (owned; free with
/// `lsync_text_free`).
///
/// # Safety
/// `filter` must be NULL or a live filter; `out_text` must be valid for one
/// pointer write; `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_properties(
    filter: *const LsyncFilter,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        // SAFETY: guaranteed by the caller.
        let filter = unsafe { ref_arg(filter, "filter") }?;
        let out_text = check_out!(out_text);
        let text = json_text(filter.filter.properties())?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { write_out(out_text, text) };
        Ok(())
    })
}

/// Frees a filter from `lsync_filter_compile`. NULL is ignored. Call at most
/// once per filter.
///
/// # Safety
/// `filter` must be NULL or a filter from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_filter_free(filter: *mut LsyncFilter) {
    if !filter.is_null() {
        // SAFETY: the caller hands back ownership of a pointer from Box::into_raw.
        ffi_value!((), drop(unsafe { Box::from_raw(filter) }))
    }
}

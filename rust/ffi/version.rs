//! ABI and library versions.

use super::text::LsyncText;

/// Version of the C ABI described by `lightningsync.h`. It changes whenever an
/// export's signature or meaning changes; the PowerShell module refuses to load
/// a library whose `lsync_abi_version()` differs from the version it expects.
pub const LSYNC_ABI_VERSION: u32 = 4;

/// Returns the ABI version of the loaded library (`LSYNC_ABI_VERSION` of the
/// header it was built with). Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn lsync_abi_version() -> u32 {
    LSYNC_ABI_VERSION
}

/// Writes the library's version (the crate version, e.g. `0.1.0`) to
/// `*out_text` as an owned text the caller frees with `lsync_text_free`.
///
/// # Safety
/// `out_text` must be NULL or valid for one pointer write; `out_error` must be
/// NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_library_version(
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut super::LsyncError,
) -> super::LsyncStatus {
    ffi_boundary!(out_error, {
        arg_out!(out_text).text(env!("CARGO_PKG_VERSION").to_owned())
    })
}

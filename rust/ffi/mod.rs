//! The C ABI. Every `extern "C"` function and all `unsafe` code live here.
//!
//! Conventions (see `bindings/README.md`): every fallible export returns an
//! [`LsyncStatus`], writes its out-pointers only on success, takes UTF-8
//! strings as `(ptr, len)`, and reports failure detail through an optional
//! owned [`LsyncError`] out-parameter. Every export runs inside
//! [`ffi_boundary!`](crate::ffi_boundary), so a panic becomes
//! [`LsyncStatus::Panic`] and never unwinds into the host.

#[macro_use]
mod boundary;
mod cmdlet_error;
mod codes;
mod error;
mod ews;
mod export_file;
mod filter;
mod json;
mod panic_hook;
mod plan;
mod preview;
mod preview_result;
mod recipient_import;
mod report;
#[cfg(test)]
mod robust_tests;
mod status;
mod target;
#[cfg(test)]
mod test_support;
mod text;
mod version;

pub use codes::{LsyncEngine, LsyncEnvironment, LsyncExpectation};
pub use error::LsyncError;
pub use filter::LsyncFilter;
pub use preview::{LsyncPreviewBatch, LsyncPreviewJob};
pub use preview_result::{LSYNC_PREVIEW_NO_TEXT, LSYNC_PREVIEW_ROW_WIDTH, LsyncPreviewResult};
pub use recipient_import::LsyncRecipientImport;
pub use status::LsyncStatus;
pub use target::{
    LSYNC_SESSION_GET_CONNECTION_INFORMATION, LSYNC_SESSION_GET_EXCHANGE_SERVER,
    LSYNC_SESSION_GET_SERVICE_PRINCIPAL, LsyncTarget,
};
pub use text::LsyncText;
pub use version::LSYNC_ABI_VERSION;

//! LightningSync core: the filter, scope, assignment and plan logic behind the
//! C ABI that the LightningSync PowerShell module calls.
//!
//! Domain modules (`opath`, `clixml`, `ews`) are safe Rust and hold no raw
//! pointers; every `extern "C"` function and every `unsafe` block lives in
//! [`ffi`].
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

/// cbindgen:ignore
pub mod audit;
/// cbindgen:ignore
pub mod clixml;
pub mod cmdlet_error;
/// cbindgen:ignore
pub mod ews;
pub mod ffi;
/// cbindgen:ignore
pub mod opath;
/// cbindgen:ignore
pub mod orgstate;
/// cbindgen:ignore
pub mod plan;
/// cbindgen:ignore
pub mod preview;
/// cbindgen:ignore
pub mod recipient;
/// cbindgen:ignore
pub mod render;
#[cfg(test)]
mod test_fixtures;

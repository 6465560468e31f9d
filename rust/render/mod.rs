//! Rendering plans as PowerShell an Exchange admin can review and run.
//!
//! Every value becomes a single-quoted literal with each quote character
//! doubled — `'` and the three Unicode characters PowerShell also reads as
//! single quotes (U+2018, U+2019, U+201A, U+201B) — so no value is ever
//! expanded, interpolated or split into tokens. Filters are passed as such
//! strings, never as script blocks, so they survive remote sessions. Scripts
//! materialise every collection before looping, use `-ErrorAction Stop` and
//! `-Confirm:$false`, guard each step with a read so they can be re-run, and
//! explain every step in comments.

mod command;
pub mod html;
mod literal;
mod script;

pub use command::{Command, ParamValue, Parameters, RenderError, is_write_cmdlet};
pub use literal::{comment_text, quote};
pub use script::{render_script, render_step_command};

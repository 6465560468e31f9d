//! The audit report: one self-contained HTML page (inline CSS and SVG, no
//! script, a Content-Security-Policy that forbids loading anything) that says
//! who can impersonate whom, how many mailboxes each grant reaches, what is
//! wrong and the exact command that fixes it — readable on a phone and on
//! paper.
//!
//! Every value from the organization or the caller goes through
//! [`escape`] (via [`writer::Html::t`]); markup is only ever a literal of this
//! module, so names, filters and messages are always data, never markup.

mod meaning;
mod model;
mod page;
mod recipients;
mod style;
mod writer;

pub use model::{Input, Probe, ReportOptions};
pub use recipients::ExportError;
pub use writer::escape;

use crate::audit::audit;
use crate::orgstate::OrgState;

/// Why no report was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportError {
    /// The options JSON is not valid.
    Options(String),
    /// A recipient export could not be read.
    Export(ExportError),
}

impl ReportOptions {
    /// Parses the options JSON (empty text: the defaults).
    pub fn from_json(text: &str) -> Result<ReportOptions, ReportError> {
        if text.trim().is_empty() {
            return Ok(ReportOptions::default());
        }
        serde_json::from_str(text).map_err(|e| {
            ReportError::Options(format!(
                "the report options are not valid JSON of the expected shape ({e}); expected {{\"account\", \"recipientPaths\", \"plan\", \"probes\", \"generatedAt\", \"moduleVersion\", \"inputs\", \"sampleSize\"}}"
            ))
        })
    }
}

/// Renders the report of `state`. When `options.recipient_paths` is not empty
/// the exports there are the mailboxes the scopes are evaluated over (instead
/// of the snapshot's own recipients).
pub fn render_report(mut state: OrgState, options: &ReportOptions) -> Result<String, ReportError> {
    if !options.recipient_paths.is_empty() {
        state.recipients =
            Some(recipients::load(&state, &options.recipient_paths).map_err(ReportError::Export)?);
    }
    let audit = audit(&state);
    let accounts = model::accounts(&state, &audit, options);
    Ok(page::Page {
        state: &state,
        audit: &audit,
        accounts: &accounts,
        options,
    }
    .render())
}

#[cfg(test)]
mod tests;

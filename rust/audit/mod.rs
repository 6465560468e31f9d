//! The audit: who can impersonate whom, and what is wrong with it.
//!
//! For every non-delegating `ApplicationImpersonation` and `Application …`
//! role assignment in an org snapshot, [`audit`] reports whom it covers — the
//! scope's filter evaluated over the snapshot's mailboxes when the snapshot
//! holds recipients — and raises findings with a severity: unscoped
//! (organization-wide) grants, disabled assignments, scopes matching nobody
//! or everyone, orphaned scopes, missing scopes, legacy AD extended rights,
//! a service account without a mailbox, and the retired role in Exchange
//! Online.

mod coverage;
mod findings;

pub use coverage::{Coverage, Reach};
pub(crate) use coverage::{display_name, environment, in_scope, mailboxes};

use serde::Serialize;

use crate::orgstate::OrgState;
use crate::plan::Finding;

/// The audit result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    /// One entry per impersonation or application-role assignment.
    pub coverage: Vec<Coverage>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// Mailboxes the filters were evaluated over, when the snapshot has recipients.
    pub mailbox_count: Option<usize>,
    /// `2010` … `SE`, `Online`, or `Unknown`.
    pub exchange_version: String,
    /// The snapshot's account.
    pub account: String,
}

/// Audits `state`.
pub fn audit(state: &OrgState) -> Audit {
    let mailboxes = coverage::mailboxes(state);
    let coverage = coverage::coverage(state, mailboxes.as_deref());
    let mut findings = findings::findings(state, &coverage, mailboxes.as_ref().map(Vec::len));
    findings.sort_by_key(|f| f.severity);
    Audit {
        coverage,
        findings,
        mailbox_count: mailboxes.map(|m| m.len()),
        exchange_version: state.version().map_or("Unknown", |v| v.name()).to_owned(),
        account: state.account.identity.clone(),
    }
}

#[cfg(test)]
mod tests;

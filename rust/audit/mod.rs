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

mod authorization;
mod coverage;
mod ews;
mod findings;
mod product;
mod reach;
mod time;

pub use authorization::{AuthorizationResult, AuthorizationSample};
pub(crate) use coverage::mailboxes;
pub use coverage::{Coverage, Reach};
pub use product::{ENTRA_OBJECT_ID_PATH, nested_group_finding};
pub(crate) use reach::{Matcher, environment, mailbox_name as display_name};

use serde::Serialize;

use crate::orgstate::OrgState;
use crate::plan::Finding;

/// The audit result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
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
    /// Exchange Online: the mailboxes to prove the application's access on.
    pub authorization_sample: Option<AuthorizationSample>,
    /// Exchange Online: expected against reported access, when checks were recorded.
    pub authorization: Vec<AuthorizationResult>,
}

/// Audits `state`.
pub fn audit(state: &OrgState) -> Audit {
    let mailboxes = coverage::mailboxes(state);
    let coverage = coverage::coverage(state, mailboxes.as_deref());
    let mut findings = findings::findings(state, &coverage, mailboxes.as_ref().map(Vec::len));
    let (authorization, proof) = authorization::compare(state, mailboxes.as_deref());
    findings.extend(proof);
    findings.extend(ews::findings(state, mailboxes.as_deref()));
    findings.extend(product::principal(state));
    findings.extend(product::nested_groups(state));
    findings.push(product::product_path(state));
    findings.sort_by_key(|f| f.severity);
    let authorization_sample = authorization::sample(state, mailboxes.as_deref());
    Audit {
        coverage,
        findings,
        mailbox_count: mailboxes.map(|m| m.len()),
        exchange_version: state.version().map_or("Unknown", |v| v.name()).to_owned(),
        account: state.account.identity.clone(),
        authorization_sample,
        authorization,
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod online_tests;

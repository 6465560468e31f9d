//! The per-mailbox proof of RBAC for Applications in Exchange Online: which
//! mailboxes to test (a sample inside and outside the scope), and the
//! comparison of what the scope should grant with what
//! `Test-ServicePrincipalAuthorization -Resource <mailbox>` reports
//! (docs/exchange.md, RBAC for Applications;
//! https://learn.microsoft.com/powershell/module/exchange/test-serviceprincipalauthorization).

use serde::Serialize;

use super::reach::{Matcher, is_named, mailbox_name};
use super::time::epoch_seconds;
use crate::orgstate::{Assignment, AuthorizationCheck, OrgState};
use crate::plan::{Finding, Severity};
use crate::recipient::Recipient;

/// How many mailboxes of each side the sample lists.
pub const MAX_SAMPLE: usize = 200;

/// Role changes can take this long to reach the service (30 minutes to 2 hours).
const CACHE_SECONDS: i64 = 2 * 3600;

/// Mailboxes to run `Test-ServicePrincipalAuthorization` for.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizationSample {
    /// The service principal's object id (`-Identity`).
    pub principal: String,
    /// Mailboxes the application's assignments should cover.
    pub in_scope: Vec<String>,
    /// Mailboxes they should not cover.
    pub out_of_scope: Vec<String>,
}

/// Expected against actual for one mailbox and role.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizationResult {
    /// The mailbox.
    pub mailbox: String,
    /// The application role.
    pub role: String,
    /// What the scopes in the snapshot grant (`None`: cannot be told offline).
    pub expected: Option<bool>,
    /// `InScope` as the service reports it (`None`: no row for the role).
    pub actual: Option<bool>,
    /// `Match`, `DeniedInScope`, `AllowedOutOfScope` or `Unknown`.
    pub status: String,
}

fn principal_assignments(state: &OrgState) -> Vec<&Assignment> {
    let Some(sp) = state.account_principal() else {
        return Vec::new();
    };
    state
        .assignments
        .iter()
        .filter(|a| {
            !a.delegating
                && a.enabled
                && a.is_application_role()
                && a.assigned_to_principal(|n| sp.is_named(n))
        })
        .collect()
}

/// The sample, when the snapshot is online, names a service principal and holds recipients.
pub(crate) fn sample(
    state: &OrgState,
    mailboxes: Option<&[&Recipient]>,
) -> Option<AuthorizationSample> {
    let sp = state.account_principal()?;
    let mailboxes = mailboxes?;
    let assignments = principal_assignments(state);
    let matchers: Vec<Matcher> = assignments.iter().map(|a| Matcher::of(state, a)).collect();
    let mut sample = AuthorizationSample {
        principal: sp.object_id.clone().unwrap_or_default(),
        in_scope: Vec::new(),
        out_of_scope: Vec::new(),
    };
    for r in mailboxes {
        let covered = matchers.iter().map(|m| m.covers(r)).collect::<Vec<_>>();
        let side = if covered.contains(&Some(true)) {
            &mut sample.in_scope
        } else if covered.iter().all(|c| *c == Some(false)) {
            &mut sample.out_of_scope
        } else {
            continue;
        };
        if side.len() < MAX_SAMPLE {
            side.push(mailbox_name(r));
        }
    }
    Some(sample)
}

/// Compares the checks in the snapshot with the scopes; returns the rows and the findings.
pub(crate) fn compare(
    state: &OrgState,
    mailboxes: Option<&[&Recipient]>,
) -> (Vec<AuthorizationResult>, Vec<Finding>) {
    let (Some(checks), Some(sp)) = (
        state.authorization_checks.as_ref(),
        state.account_principal(),
    ) else {
        return (Vec::new(), Vec::new());
    };
    let assignments = principal_assignments(state);
    let proof = Proof {
        state,
        checks,
        sp_id: sp.object_id.clone().unwrap_or_default(),
        captured: state.captured_at.as_deref().and_then(epoch_seconds),
    };
    let roles = distinct(
        assignments
            .iter()
            .map(|a| a.role.as_str())
            .chain(checks.iter().map(|c| c.role_name.as_str()))
            .filter(|r| !r.is_empty()),
    );
    let resources = distinct(checks.iter().map(|c| c.resource.as_str()));
    let mut rows = Vec::new();
    let mut findings = Vec::new();
    for resource in &resources {
        let recipient = mailboxes.and_then(|m| m.iter().find(|r| is_named(r, resource)));
        for role in &roles {
            let of_role: Vec<&Assignment> = assignments
                .iter()
                .copied()
                .filter(|a| a.role.eq_ignore_ascii_case(role))
                .collect();
            let row = proof.row(resource, role, recipient.copied(), &of_role);
            findings.extend(proof.mismatch(&row, &of_role));
            rows.push(row);
        }
    }
    findings.push(proof.summary(&rows));
    (rows, findings)
}

/// The texts, each once (ignoring ASCII case), in order.
fn distinct<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
            out.push(t.to_owned());
        }
    }
    out
}

/// The checks of one snapshot and the principal they were run for.
struct Proof<'a> {
    state: &'a OrgState,
    checks: &'a [AuthorizationCheck],
    sp_id: String,
    /// When the snapshot was taken (seconds since the epoch).
    captured: Option<i64>,
}

impl Proof<'_> {
    /// Expected against actual for one mailbox and role.
    fn row(
        &self,
        resource: &str,
        role: &str,
        recipient: Option<&Recipient>,
        of_role: &[&Assignment],
    ) -> AuthorizationResult {
        let expected = recipient.and_then(|r| {
            let answers: Vec<Option<bool>> = of_role
                .iter()
                .map(|a| Matcher::of(self.state, a).covers(r))
                .collect();
            if answers.contains(&Some(true)) {
                Some(true)
            } else if answers.iter().all(|a| *a == Some(false)) {
                Some(false)
            } else {
                None
            }
        });
        let mut actual = None;
        for c in self.checks.iter().filter(|c| {
            c.resource.eq_ignore_ascii_case(resource) && c.role_name.eq_ignore_ascii_case(role)
        }) {
            actual = Some(actual.unwrap_or(false) || c.in_scope == Some(true));
        }
        let status = match (expected, actual.unwrap_or(false)) {
            (Some(true), false) => "DeniedInScope",
            (Some(false), true) => "AllowedOutOfScope",
            (Some(_), _) => "Match",
            (None, _) => "Unknown",
        };
        AuthorizationResult {
            mailbox: resource.to_owned(),
            role: role.to_owned(),
            expected,
            actual,
            status: status.to_owned(),
        }
    }

    /// The newest change of the role's assignments, when it is recent
    /// enough that the service may not have applied it yet.
    fn recent_change<'b>(&self, of_role: &[&'b Assignment]) -> Option<&'b str> {
        let newest = of_role
            .iter()
            .filter_map(|a| a.when_changed.as_deref())
            .filter_map(|w| epoch_seconds(w).map(|s| (s, w)))
            .max();
        match (self.captured, newest) {
            (Some(now), Some((at, text))) if now - at < CACHE_SECONDS => Some(text),
            _ => None,
        }
    }

    /// The finding of a row whose service answer differs from the scopes.
    fn mismatch(&self, row: &AuthorizationResult, of_role: &[&Assignment]) -> Option<Finding> {
        let (resource, role, sp_id) = (row.mailbox.as_str(), row.role.as_str(), &self.sp_id);
        let recent = self.recent_change(of_role);
        let cache = match recent {
            Some(at) => format!(
                " The role's assignment changed at {at}, less than two hours before this check: RBAC for Applications takes 30 minutes to 2 hours to apply a change, so check again later before changing anything."
            ),
            None => String::new(),
        };
        match row.status.as_str() {
            "DeniedInScope" => Some(Finding::new(
                if recent.is_some() {
                    Severity::Medium
                } else {
                    Severity::High
                },
                "AuthorizationDeniedInScope",
                resource,
                format!(
                    "the scope of '{role}' covers the mailbox '{resource}', but Test-ServicePrincipalAuthorization reports InScope {} for service principal {sp_id}: the application cannot reach a mailbox it should sync.{cache}",
                    row.actual
                        .map_or("(no row for the role)".to_owned(), |a| if a {
                            "True".into()
                        } else {
                            "False".into()
                        })
                ),
                format!(
                    "compare Get-ManagementRoleAssignment -RoleAssignee {sp_id} with Test-ServicePrincipalAuthorization -Identity {sp_id} -Resource '{}'; check the mailbox's properties against the scope",
                    resource.replace('\'', "''")
                ),
            )),
            "AllowedOutOfScope" => Some(Finding::new(
                Severity::Critical,
                "AuthorizationBeyondScope",
                resource,
                format!(
                    "the mailbox '{resource}' is outside every scope of '{role}', but Test-ServicePrincipalAuthorization reports InScope True for service principal {sp_id}: the application reaches more mailboxes than the scope allows (another assignment, or a scope that matches more than intended).{cache}"
                ),
                format!(
                    "Test-ServicePrincipalAuthorization -Identity {sp_id} -Resource '{}' | Format-Table  (AllowedResourceScope names the grant); remove or narrow it",
                    resource.replace('\'', "''")
                ),
            )),
            _ => None,
        }
    }

    /// The counts of the proof.
    fn summary(&self, rows: &[AuthorizationResult]) -> Finding {
        let sp_id = &self.sp_id;
        let count = |status: &str| rows.iter().filter(|r| r.status == status).count();
        let mismatches = count("DeniedInScope") + count("AllowedOutOfScope");
        Finding::new(
            Severity::Info,
            "AuthorizationProof",
            sp_id,
            format!(
                "Test-ServicePrincipalAuthorization checked {} mailbox and role pair(s) of service principal {sp_id}: {} as the scopes say, {mismatches} differ, {} undecided offline. It does not show permissions consented in Entra ID: tenant-wide Calendars/Contacts consent reaches every mailbox whatever the scope says",
                rows.len(),
                count("Match"),
                count("Unknown")
            ),
            "remove tenant-wide application consent for the same permissions in Entra ID > Enterprise applications > <application> > Permissions",
        )
    }
}

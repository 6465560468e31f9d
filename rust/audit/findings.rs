//! The audit's findings.

use super::coverage::{Coverage, Reach};
use super::reach::environment;
use crate::opath::diagnostic::codes;
use crate::opath::{Environment, Filter};
use crate::orgstate::{EPI_IMPERSONATION, EPI_MAY_IMPERSONATE, OrgState};
use crate::plan::{Finding, Severity};

fn quoted(name: &str) -> String {
    name.replace('\'', "''")
}

pub(crate) fn findings(
    state: &OrgState,
    coverage: &[Coverage],
    mailbox_count: Option<usize>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let env = environment(state);
    for c in coverage {
        assignment_findings(c, state, env, mailbox_count, &mut out);
    }
    orphaned_scopes(state, &mut out);
    legacy_ad_permissions(state, &mut out);
    account_findings(state, coverage, &mut out);
    out
}

/// What one assignment reaches: retired, disabled, organization-wide,
/// missing or questionable scopes.
fn assignment_findings(
    c: &Coverage,
    state: &OrgState,
    env: Environment,
    mailbox_count: Option<usize>,
    out: &mut Vec<Finding>,
) {
    let impersonation = c
        .role
        .eq_ignore_ascii_case(crate::orgstate::IMPERSONATION_ROLE);
    if state.is_exchange_online && impersonation {
        out.push(Finding::new(
            Severity::High,
            "RetiredRoleInExchangeOnline",
            &c.assignment,
            format!("'{}' grants ApplicationImpersonation, which is retired in Exchange Online, to '{}'", c.assignment, c.assignee),
            format!("move to RBAC for Applications, then Remove-ManagementRoleAssignment -Identity '{}' -Confirm:$false", quoted(&c.assignment)),
        ));
    }
    if !c.enabled {
        out.push(Finding::new(
            Severity::Low,
            "DisabledAssignment",
            &c.assignment,
            format!("'{}' ({} for '{}') is disabled; it grants nothing now but would reach {} when enabled", c.assignment, c.role, c.assignee, c.scope.as_deref().unwrap_or("the whole organization")),
            format!("Remove-ManagementRoleAssignment -Identity '{}' -Confirm:$false, if it is not needed", quoted(&c.assignment)),
        ));
        return;
    }
    match c.reach {
        Reach::Organization => out.push(Finding::new(
            if impersonation { Severity::Critical } else { Severity::High },
            if impersonation { "UnscopedImpersonation" } else { "OrgWideApplicationRole" },
            &c.assignment,
            format!(
                "'{}' gives '{}' the role '{}' over every mailbox of the organization{}",
                c.assignment,
                c.assignee,
                c.role,
                c.covered_count.map_or(String::new(), |n| format!(" ({n} mailboxes)"))
            ),
            "limit it with a management scope (Set-ManagementRoleAssignment -CustomRecipientWriteScope / -CustomResourceScope) or remove it",
        )),
        Reach::MissingScope => out.push(Finding::new(
            Severity::High,
            "MissingScope",
            &c.assignment,
            format!("'{}' refers to the scope '{}', which the snapshot does not contain", c.assignment, c.scope.as_deref().unwrap_or("")),
            "check the scope with Get-ManagementScope and re-scope or remove the assignment",
        )),
        Reach::Scope => scope_findings(c, env, mailbox_count, out),
        Reach::Other | Reach::Group | Reach::AdministrativeUnit => {}
    }
}

/// A scope that matches everyone or nobody, or does not parse.
fn scope_findings(
    c: &Coverage,
    env: Environment,
    mailbox_count: Option<usize>,
    out: &mut Vec<Finding>,
) {
    let lint = c.filter.as_deref().map(|f| Filter::compile(f, env));
    let lint_code = |code: &str| {
        lint.as_ref()
            .is_some_and(|l| l.diagnostics().iter().any(|d| d.code == code))
    };
    let everyone = lint_code(codes::MATCHES_EVERYTHING)
        || matches!((c.covered_count, mailbox_count), (Some(n), Some(m)) if m > 1 && n == m);
    let nobody = lint_code(codes::MATCHES_NOTHING)
        || (c.covered_count == Some(0)
            && c.not_evaluable == 0
            && mailbox_count.is_some_and(|m| m > 0));
    if everyone {
        out.push(Finding::new(
            Severity::High,
            "ScopeMatchesEveryone",
            &c.assignment,
            format!("the scope '{}' of '{}' matches every mailbox, so the grant is organization-wide in effect", c.scope.as_deref().unwrap_or(""), c.assignment),
            "narrow the scope's filter",
        ));
    } else if nobody {
        out.push(Finding::new(
            Severity::Medium,
            "ScopeMatchesNobody",
            &c.assignment,
            format!("the scope '{}' of '{}' matches no mailbox (filter \"{}\"); the sync account can impersonate nobody", c.scope.as_deref().unwrap_or(""), c.assignment, c.filter.as_deref().unwrap_or("")),
            "check the filter's values (e.g. the Department spelling) with Test-LightningSyncRecipientFilter",
        ));
    }
    if lint.as_ref().is_some_and(|l| !l.is_valid()) {
        out.push(Finding::new(
            Severity::Medium,
            "InvalidScopeFilter",
            c.scope.as_deref().unwrap_or(""),
            format!(
                "the filter \"{}\" of scope '{}' does not parse offline",
                c.filter.as_deref().unwrap_or(""),
                c.scope.as_deref().unwrap_or("")
            ),
            "check it with Test-LightningSyncRecipientFilter",
        ));
    }
}

/// Recipient scopes no assignment uses.
fn orphaned_scopes(state: &OrgState, out: &mut Vec<Finding>) {
    for scope in state.scopes.iter().filter(|s| s.is_recipient_scope()) {
        let used = state.assignments.iter().any(|a| {
            a.scope_name()
                .is_some_and(|n| n.eq_ignore_ascii_case(&scope.name))
        });
        if !used {
            out.push(Finding::new(
                Severity::Low,
                "OrphanedScope",
                &scope.name,
                format!(
                    "the management scope '{}' is not used by any role assignment",
                    scope.name
                ),
                format!(
                    "Remove-ManagementScope -Identity '{}' -Confirm:$false, if nothing will use it",
                    quoted(&scope.name)
                ),
            ));
        }
    }
}

/// The legacy extended rights (on-premises).
fn legacy_ad_permissions(state: &OrgState, out: &mut Vec<Finding>) {
    if !state.is_exchange_online {
        for p in state.ad_permissions.iter().filter(|p| !p.is_inherited) {
            for right in [EPI_IMPERSONATION, EPI_MAY_IMPERSONATE] {
                if p.grants(right) {
                    out.push(Finding::new(
                        Severity::Low,
                        "LegacyAdPermission",
                        &p.identity,
                        format!("'{}' holds the legacy extended right {right} on '{}'; it has had no effect since Exchange 2010 (RBAC decides)", p.user, p.identity),
                        format!("Remove-ADPermission -Identity '{}' -User '{}' -ExtendedRights '{right}' -Confirm:$false", quoted(&p.identity), quoted(&p.user)),
                    ));
                }
            }
        }
    }
}

/// The service account: missing, without mailbox, without a grant.
fn account_findings(state: &OrgState, coverage: &[Coverage], out: &mut Vec<Finding>) {
    let account = &state.account;
    if !account.identity.is_empty() {
        if account.user.is_none() && !state.is_exchange_online {
            out.push(Finding::new(
                Severity::Medium,
                "AccountNotFound",
                &account.identity,
                format!("the service account '{}' was not found", account.identity),
                "check the name, or create the account (New-LightningSyncServiceAccount -CreateMailbox)",
            ));
        } else if account.mailbox.is_none() && !state.is_exchange_online {
            out.push(Finding::new(
                Severity::Medium,
                "AccountWithoutMailbox",
                &account.identity,
                format!("the service account '{}' has no mailbox; Lightning Sync's service account needs one", account.identity),
                "Enable-Mailbox -Identity <account>, or use an account with a mailbox",
            ));
        }
        let has_grant = coverage.iter().any(|c| c.is_service_account && c.enabled);
        if account.user.is_some() && !has_grant && !state.is_exchange_online {
            out.push(Finding::new(
                Severity::Info,
                "AccountHasNoImpersonation",
                &account.identity,
                format!(
                    "the service account '{}' holds no enabled ApplicationImpersonation assignment",
                    account.identity
                ),
                "plan the setup with Get-LightningSyncPlan",
            ));
        }
    }
}

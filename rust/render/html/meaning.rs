//! What each finding means to the people who must act on it, and the exact
//! command that fixes it (values rendered as PowerShell single-quoted
//! literals, so a name is never more than a name).

use crate::audit::Audit;
use crate::orgstate::{EPI_IMPERSONATION, EPI_MAY_IMPERSONATE, OrgState};
use crate::plan::Finding;
use crate::render::quote;

/// Meanings by finding code.
const MEANINGS: &[(&str, &str)] = &[
    (
        "UnscopedImpersonation",
        "The account can open every mailbox of the organization over EWS, executives and shared mailboxes included. Whoever holds its password or token reads all mail, calendars and contacts.",
    ),
    (
        "OrgWideApplicationRole",
        "The application can use this permission on every mailbox of the tenant: no management scope limits it.",
    ),
    (
        "RetiredRoleInExchangeOnline",
        "ApplicationImpersonation no longer works in Exchange Online. The sync stops when the role is removed; RBAC for Applications replaces it.",
    ),
    (
        "ScopeMatchesEveryone",
        "The management scope's filter takes in every mailbox, so the grant is as broad as an unscoped one while looking limited.",
    ),
    (
        "ScopeMatchesNobody",
        "The scope matches no mailbox: the sync has nothing to impersonate and silently syncs nobody (often a misspelt value).",
    ),
    (
        "InvalidScopeFilter",
        "The filter cannot be parsed the way Exchange parses it, so whom it covers cannot be checked.",
    ),
    (
        "MissingScope",
        "The assignment names a scope that does not exist (deleted, or not replicated yet); Exchange's behaviour for it cannot be predicted.",
    ),
    (
        "DisabledAssignment",
        "The assignment grants nothing while disabled, but anyone who enables it restores the access at once.",
    ),
    (
        "OrphanedScope",
        "No role assignment uses this scope. It is harmless today and confusing tomorrow: remove it if nothing will use it.",
    ),
    (
        "LegacyAdPermission",
        "An Exchange 2007 extended right. RBAC decides impersonation since Exchange 2010, so it grants nothing, but it clutters the ACLs auditors read.",
    ),
    (
        "AccountNotFound",
        "The service account the report was made for does not exist in the organization.",
    ),
    (
        "AccountWithoutMailbox",
        "Lightning Sync's service account needs a mailbox; without one the connection test fails.",
    ),
    (
        "AccountHasNoImpersonation",
        "The service account holds no enabled impersonation grant, so the sync cannot open any mailbox yet.",
    ),
];

/// What the finding means (its own fix text when the code is unknown).
pub fn meaning(f: &Finding) -> &str {
    MEANINGS
        .iter()
        .find(|(code, _)| *code == f.code)
        .map_or(f.fix.as_str(), |(_, m)| m)
}

fn remove_assignment(name: &str) -> String {
    format!(
        "Remove-ManagementRoleAssignment -Identity {} -Confirm:$false",
        quote(name)
    )
}

/// The command that fixes `f`, when one command does.
pub fn command(f: &Finding, audit: &Audit, state: &OrgState) -> Option<String> {
    let scope_of = |assignment: &str| {
        audit
            .coverage
            .iter()
            .find(|c| c.assignment.eq_ignore_ascii_case(assignment))
            .and_then(|c| c.scope.clone())
    };
    Some(match f.code.as_str() {
        "UnscopedImpersonation"
        | "OrgWideApplicationRole"
        | "RetiredRoleInExchangeOnline"
        | "DisabledAssignment"
        | "MissingScope" => remove_assignment(&f.target),
        "ScopeMatchesEveryone" | "ScopeMatchesNobody" => format!(
            "Set-ManagementScope -Identity {} -RecipientRestrictionFilter '<filter naming exactly the synced users>'",
            quote(&scope_of(&f.target)?)
        ),
        "InvalidScopeFilter" => format!(
            "Test-LightningSyncRecipientFilter -RecipientFilter {}",
            quote(
                state
                    .scope(&f.target)
                    .and_then(|s| s.recipient_filter.as_deref())
                    .unwrap_or("")
            )
        ),
        "OrphanedScope" => format!(
            "Remove-ManagementScope -Identity {} -Confirm:$false",
            quote(&f.target)
        ),
        "LegacyAdPermission" => {
            let p = state.ad_permissions.iter().find(|p| {
                p.identity.eq_ignore_ascii_case(&f.target) && f.message.contains(&p.user)
            })?;
            let right = [EPI_IMPERSONATION, EPI_MAY_IMPERSONATE]
                .into_iter()
                .find(|r| f.message.contains(r))?;
            format!(
                "Remove-ADPermission -Identity {} -User {} -ExtendedRights {} -Confirm:$false",
                quote(&p.identity),
                quote(&p.user),
                quote(right)
            )
        }
        "AccountWithoutMailbox" => format!("Enable-Mailbox -Identity {}", quote(&f.target)),
        "AccountNotFound" => format!(
            "New-LightningSyncServiceAccount -Account {} -RecipientFilter '<filter>' -CreateMailbox",
            quote(&f.target)
        ),
        "AccountHasNoImpersonation" => format!(
            "Get-LightningSyncPlan -Account {} -RecipientFilter '<filter>'",
            quote(&f.target)
        ),
        _ => return None,
    })
}

//! Findings about the product's path and the application's identity: which
//! Salesforce product and connection the organization can use, the service
//! principal pointer the account names, and group scopes whose nested groups
//! are not expanded (docs/exchange.md, Salesforce status and RBAC for Applications).

use crate::orgstate::OrgState;
use crate::plan::{Finding, SALESFORCE_EAC_APP_ID, Severity};

/// The Entra portal path to a service principal's object id.
pub const ENTRA_OBJECT_ID_PATH: &str = "Entra admin center > Enterprise applications > <application> > Overview > Object ID (not App registrations, whose Object ID is the application object's)";

/// The Info finding naming the product and connection the organization can use.
pub(crate) fn product_path(state: &OrgState) -> Finding {
    if state.is_exchange_online {
        Finding::new(
            Severity::Info,
            "ProductPath",
            "Exchange Online",
            format!(
                "Exchange Online: Lightning Sync's service-account connection stopped working on 1 October 2022 and Lightning Sync retires in April 2027; Einstein Activity Capture (application {SALESFORCE_EAC_APP_ID}) reaches mailboxes over Microsoft Graph, limited with RBAC for Applications (a management scope, group or administrative unit and 'Application Calendars.ReadWrite' / 'Application Contacts.ReadWrite' assignments)"
            ),
            "Get-LightningSyncPlan -Target ExchangeOnline -ServicePrincipalObjectId <enterprise application object id> -RecipientFilter <filter>",
        )
    } else {
        Finding::new(
            Severity::Info,
            "ProductPath",
            state.version().map_or("Exchange Server", |v| v.name()),
            "Exchange on-premises: Lightning Sync with a service account (ApplicationImpersonation limited by a management scope) works until Lightning Sync retires in April 2027 (closed to new customers since Winter '21); plan the move to Einstein Activity Capture",
            "nothing to do now; plan the move to Einstein Activity Capture before April 2027",
        )
    }
}

/// Exchange Online: the pointer the account names, and ids mixed up.
pub(crate) fn principal(state: &OrgState) -> Vec<Finding> {
    let mut out = Vec::new();
    let account = state.account.identity.trim();
    if !state.is_exchange_online || account.is_empty() || state.account_principal().is_some() {
        return out;
    }
    out.push(Finding::new(
        Severity::Medium,
        "ServicePrincipalNotFound",
        account,
        format!("Exchange Online has no service principal pointer named '{account}' (display name, application id or object id); RBAC for Applications grants nothing without one"),
        format!("New-LightningSyncServiceAccount -Target ExchangeOnline -Identity '{}' -ServicePrincipalObjectId <{ENTRA_OBJECT_ID_PATH}>", account.replace('\'', "''")),
    ));
    out
}

/// Group scopes: direct members only; nested groups' members are left out.
pub(crate) fn nested_groups(state: &OrgState) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for a in state
        .assignments
        .iter()
        .filter(|a| !a.delegating && a.is_application_role())
    {
        let Some(name) = a.group_scope() else {
            continue;
        };
        if seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            continue;
        }
        seen.push(name);
        if let Some(f) = nested_group_finding(state, name) {
            out.push(f);
        }
    }
    out
}

/// The warning for one group: how many members its nested groups hold that
/// the group scope does not cover (the nested groups as read into the snapshot).
pub fn nested_group_finding(state: &OrgState, name: &str) -> Option<Finding> {
    let group = state.group(name)?;
    let nested: Vec<&str> = group
        .members
        .iter()
        .filter(|m| m.is_group())
        .map(|m| m.name.as_str())
        .collect();
    if nested.is_empty() {
        return None;
    }
    let mut left_out: Vec<String> = Vec::new();
    let mut queue: Vec<&str> = nested.clone();
    let mut visited: Vec<String> = Vec::new();
    while let Some(n) = queue.pop() {
        if visited.iter().any(|v| v.eq_ignore_ascii_case(n)) {
            continue;
        }
        visited.push(n.to_owned());
        let Some(g) = state.group(n) else { continue };
        for m in &g.members {
            if m.is_group() {
                queue.push(&m.name);
            } else if !group
                .members
                .iter()
                .any(|d| !d.is_group() && d.name.eq_ignore_ascii_case(&m.name))
                && !left_out.iter().any(|l| l.eq_ignore_ascii_case(&m.name))
            {
                left_out.push(m.name.clone());
            }
        }
    }
    Some(Finding::new(
        Severity::Medium,
        "NestedGroupNotExpanded",
        name,
        format!(
            "the group '{name}' holds the nested group(s) {}; a group scope covers direct members only, so {} member(s) of the nested groups are left out",
            nested
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(", "),
            left_out.len()
        ),
        format!(
            "add those members to '{name}' directly, or use a management scope (-RecipientFilter) or an administrative unit"
        ),
    ))
}

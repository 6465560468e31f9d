//! EWS readiness of the mailboxes the sync account (or application) covers:
//! the organization's EWS switches and application access policy, and each
//! covered mailbox's `Get-CASMailbox` EWS settings. Any of them silently
//! stops an EWS sync product for a mailbox (docs/exchange.md, EWS;
//! https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-control-access-to-ews-in-exchange).

use super::reach::{Matcher, is_named, mailbox_name};
use crate::orgstate::{CasMailbox, OrgState};
use crate::plan::{Finding, Severity};
use crate::recipient::Recipient;

/// How many mailbox names a finding lists.
const LISTED: usize = 10;

fn quoted(s: &str) -> String {
    s.replace('\'', "''")
}

fn list(names: &[String]) -> String {
    let mut text = names
        .iter()
        .take(LISTED)
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        text.push_str(&format!(" and {} more", names.len() - LISTED));
    }
    text
}

fn fix_each(names: &[String], command: &str) -> String {
    let items = names
        .iter()
        .take(LISTED)
        .map(|n| format!("'{}'", quoted(n)))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{items} | ForEach-Object {{ {command} }}")
}

fn policy_is(p: Option<&str>, name: &str) -> bool {
    p.is_some_and(|p| p.eq_ignore_ascii_case(name))
}

/// The mailboxes the account's enabled grants cover (when recipients were read).
fn covered<'a>(state: &'a OrgState, mailboxes: &[&'a Recipient]) -> Vec<&'a Recipient> {
    let matchers: Vec<Matcher> = state
        .assignments
        .iter()
        .filter(|a| {
            !a.delegating
                && a.enabled
                && (a.is_impersonation() || a.is_application_role())
                && state.is_account_assignee(a)
        })
        .map(|a| Matcher::of(state, a))
        .collect();
    mailboxes
        .iter()
        .copied()
        .filter(|r| matchers.iter().any(|m| m.covers(r) == Some(true)))
        .collect()
}

fn cas_of<'a>(cas: &'a [CasMailbox], r: &Recipient) -> Option<&'a CasMailbox> {
    cas.iter().find(|c| {
        [
            c.distinguished_name.as_deref(),
            c.primary_smtp_address.as_deref(),
            Some(c.name.as_str()),
        ]
        .into_iter()
        .flatten()
        .any(|n| !n.is_empty() && is_named(r, n))
    })
}

/// The EWS findings.
pub(crate) fn findings(state: &OrgState, mailboxes: Option<&[&Recipient]>) -> Vec<Finding> {
    let mut out = Vec::new();
    let org = &state.ews;
    let app_id = state
        .account_principal()
        .and_then(|p| p.app_id.clone())
        .unwrap_or_else(|| crate::plan::SALESFORCE_EAC_APP_ID.to_owned());
    if state.is_exchange_online && org.recorded {
        match org.ews_enabled {
            Some(false) => out.push(Finding::new(
                Severity::High,
                "EwsDisabledInTenant",
                "organization",
                "EWS is switched off for the tenant (Get-OrganizationConfig EwsEnabled False): no EWS sync product reaches any mailbox. Exchange Online began switching EWS off on 1 October 2026 and shuts it down for good on 1 April 2027; Einstein Activity Capture over Microsoft Graph is not affected",
                format!("move the sync to Microsoft Graph (Einstein Activity Capture with RBAC for Applications); until 1 April 2027 only: Set-OrganizationConfig -EwsEnabled $true -EwsAllowedAppIDs '{app_id}'"),
            )),
            None => out.push(Finding::new(
                Severity::Medium,
                "EwsUnsetInTenant",
                "organization",
                "the tenant's EwsEnabled is not set: since 1 October 2026 Exchange Online switches such tenants' EWS off, and EWS shuts down for good on 1 April 2027",
                format!("use Microsoft Graph; until 1 April 2027: Set-OrganizationConfig -EwsEnabled $true -EwsAllowedAppIDs '{app_id}'"),
            )),
            Some(true) if !org.allowed_app_ids.is_empty()
                && !org.allowed_app_ids.iter().any(|a| a.eq_ignore_ascii_case(&app_id)) =>
            {
                out.push(Finding::new(
                    Severity::High,
                    "EwsAppNotAllowed",
                    &app_id,
                    format!(
                        "EwsAllowedAppIDs lists {} but not application {app_id}: its EWS calls are refused (EWS shuts down for good on 1 April 2027)",
                        org.allowed_app_ids.join(", ")
                    ),
                    format!(
                        "Set-OrganizationConfig -EwsAllowedAppIDs '{},{app_id}' (the list is replaced as a whole)",
                        org.allowed_app_ids.join(",")
                    ),
                ));
            }
            Some(true) => out.push(Finding::new(
                Severity::Info,
                "EwsRetirement",
                "organization",
                "EWS is on for the tenant until Exchange Online shuts it down for good on 1 April 2027 (phased disablement since 1 October 2026)",
                "plan the move to Microsoft Graph before 1 April 2027",
            )),
        }
    }
    let (Some(mailboxes), Some(cas)) = (mailboxes, state.cas_mailboxes.as_ref()) else {
        if mailboxes.is_some() && state.cas_mailboxes.is_none() && !state.assignments.is_empty() {
            out.push(Finding::new(
                Severity::Info,
                "EwsSettingsNotRead",
                &state.account.identity,
                "the snapshot holds no Get-CASMailbox settings, so the audit cannot tell which covered mailboxes EWS can reach",
                "audit live, or take the snapshot with Export-LightningSyncOrgSnapshot -IncludeRecipients",
            ));
        }
        return out;
    };
    let covered = covered(state, mailboxes);
    if covered.is_empty() {
        return out;
    }
    let total = covered.len();
    let org_off = org.ews_enabled == Some(false);
    let org_allow = policy_is(org.application_access_policy.as_deref(), "EnforceAllowList");
    let org_block = policy_is(org.application_access_policy.as_deref(), "EnforceBlockList")
        && !org.blocked_clients.is_empty();
    let (mut off, mut allow, mut block, mut unknown) = (Vec::new(), Vec::new(), Vec::new(), 0usize);
    for r in &covered {
        let name = mailbox_name(r);
        let Some(c) = cas_of(cas, r) else {
            unknown += 1;
            continue;
        };
        if c.ews_enabled == Some(false) {
            off.push(name);
        } else if policy_is(c.application_access_policy.as_deref(), "EnforceAllowList") {
            allow.push(name);
        } else if policy_is(c.application_access_policy.as_deref(), "EnforceBlockList")
            && !c.block_list.is_empty()
        {
            block.push(name);
        }
    }
    let onprem = !state.is_exchange_online;
    if org_off && onprem {
        out.push(Finding::new(
            Severity::Critical,
            "EwsDisabledInOrganization",
            "organization",
            format!("EWS is switched off for the organization (Get-OrganizationConfig EwsEnabled False): the sync product cannot reach any of the {total} covered mailboxes"),
            "Set-OrganizationConfig -EwsEnabled $true",
        ));
    }
    if org_allow && onprem {
        out.push(Finding::new(
            Severity::High,
            "EwsOrganizationAllowList",
            "organization",
            format!(
                "the organization enforces an EWS allow list ({}): the sync product reaches none of the {total} covered mailboxes unless its user agent matches one of those patterns",
                if org.allowed_clients.is_empty() { "empty: every client is blocked".to_owned() } else { org.allowed_clients.join(", ") }
            ),
            "Set-OrganizationConfig -EwsAllowedClients @{Add='<the sync product''s user agent>*'}",
        ));
    }
    if org_block && onprem {
        out.push(Finding::new(
            Severity::Medium,
            "EwsOrganizationBlockList",
            "organization",
            format!(
                "the organization blocks the EWS clients {}: if the sync product's user agent matches one, it reaches none of the {total} covered mailboxes",
                org.blocked_clients.join(", ")
            ),
            "Set-OrganizationConfig -EwsBlockedClients @{Remove='<pattern>'}",
        ));
    }
    if !off.is_empty() {
        out.push(Finding::new(
            Severity::High,
            "EwsDisabledForMailboxes",
            &state.account.identity,
            format!(
                "{} of the {total} covered mailboxes have EWS switched off (Get-CASMailbox EwsEnabled False), so the sync product cannot reach them: {}",
                off.len(),
                list(&off)
            ),
            fix_each(&off, "Set-CASMailbox -Identity $_ -EwsEnabled $true"),
        ));
    }
    if !allow.is_empty() {
        out.push(Finding::new(
            Severity::Medium,
            "EwsMailboxAllowList",
            &state.account.identity,
            format!(
                "{} of the {total} covered mailboxes accept only the EWS clients on their own allow list (EwsApplicationAccessPolicy EnforceAllowList); the sync product reaches them only if its user agent is listed: {}",
                allow.len(),
                list(&allow)
            ),
            fix_each(&allow, "Set-CASMailbox -Identity $_ -EwsAllowList @{Add='<the sync product''s user agent>*'}"),
        ));
    }
    if !block.is_empty() {
        out.push(Finding::new(
            Severity::Low,
            "EwsMailboxBlockList",
            &state.account.identity,
            format!(
                "{} of the {total} covered mailboxes block some EWS clients (EwsApplicationAccessPolicy EnforceBlockList): {}",
                block.len(),
                list(&block)
            ),
            "check that the sync product's user agent is not on the mailboxes' EwsBlockList",
        ));
    }
    let unreachable = if org_off && onprem { total } else { off.len() };
    out.push(Finding::new(
        Severity::Info,
        "EwsReadiness",
        &state.account.identity,
        format!(
            "EWS readiness of the {total} covered mailboxes: {unreachable} cannot be reached (EWS off), {} depend on an allow list, {} on a block list, {unknown} without Get-CASMailbox settings",
            allow.len() + if org_allow && onprem { total - allow.len() } else { 0 },
            block.len()
        ),
        "nothing to do when the counts are zero",
    ));
    out
}

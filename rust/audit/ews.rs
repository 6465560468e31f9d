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
    if state.is_exchange_online && state.ews.recorded {
        out.push(tenant_finding(state));
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
    let reach = Reach::of(&covered, cas);
    out.extend(organization_findings(state, reach.total));
    out.extend(reach.mailbox_findings(&state.account.identity));
    out.push(reach.summary(state));
    out
}

/// The tenant's EWS switch and app allow list (Exchange Online).
fn tenant_finding(state: &OrgState) -> Finding {
    let org = &state.ews;
    let app_id = state
        .account_principal()
        .and_then(|p| p.app_id.clone())
        .unwrap_or_else(|| crate::plan::SALESFORCE_EAC_APP_ID.to_owned());
    match org.ews_enabled {
        Some(false) => Finding::new(
            Severity::High,
            "EwsDisabledInTenant",
            "organization",
            "EWS is switched off for the tenant (Get-OrganizationConfig EwsEnabled False): no EWS sync product reaches any mailbox. Exchange Online began switching EWS off on 1 October 2026 and shuts it down for good on 1 April 2027; Einstein Activity Capture over Microsoft Graph is not affected",
            format!(
                "move the sync to Microsoft Graph (Einstein Activity Capture with RBAC for Applications); until 1 April 2027 only: Set-OrganizationConfig -EwsEnabled $true -EwsAllowedAppIDs '{app_id}'"
            ),
        ),
        None => Finding::new(
            Severity::Medium,
            "EwsUnsetInTenant",
            "organization",
            "the tenant's EwsEnabled is not set: since 1 October 2026 Exchange Online switches such tenants' EWS off, and EWS shuts down for good on 1 April 2027",
            format!(
                "use Microsoft Graph; until 1 April 2027: Set-OrganizationConfig -EwsEnabled $true -EwsAllowedAppIDs '{app_id}'"
            ),
        ),
        Some(true)
            if !org.allowed_app_ids.is_empty()
                && !org
                    .allowed_app_ids
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&app_id)) =>
        {
            Finding::new(
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
            )
        }
        Some(true) => Finding::new(
            Severity::Info,
            "EwsRetirement",
            "organization",
            "EWS is on for the tenant until Exchange Online shuts it down for good on 1 April 2027 (phased disablement since 1 October 2026)",
            "plan the move to Microsoft Graph before 1 April 2027",
        ),
    }
}

/// The organization's switch, allow list and block list (on-premises).
fn organization_findings(state: &OrgState, total: usize) -> Vec<Finding> {
    let org = &state.ews;
    if state.is_exchange_online {
        return Vec::new();
    }
    let mut out = Vec::new();
    if org.ews_enabled == Some(false) {
        out.push(Finding::new(
            Severity::Critical,
            "EwsDisabledInOrganization",
            "organization",
            format!("EWS is switched off for the organization (Get-OrganizationConfig EwsEnabled False): the sync product cannot reach any of the {total} covered mailboxes"),
            "Set-OrganizationConfig -EwsEnabled $true",
        ));
    }
    if org_allow_list(state) {
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
    if policy_is(org.application_access_policy.as_deref(), "EnforceBlockList")
        && !org.blocked_clients.is_empty()
    {
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
    out
}

/// True when an on-premises organization enforces an EWS allow list.
fn org_allow_list(state: &OrgState) -> bool {
    !state.is_exchange_online
        && policy_is(
            state.ews.application_access_policy.as_deref(),
            "EnforceAllowList",
        )
}

/// The covered mailboxes by their EWS settings.
struct Reach {
    total: usize,
    off: Vec<String>,
    allow: Vec<String>,
    block: Vec<String>,
    unknown: usize,
}

impl Reach {
    fn of(covered: &[&Recipient], cas: &[CasMailbox]) -> Reach {
        let mut reach = Reach {
            total: covered.len(),
            off: Vec::new(),
            allow: Vec::new(),
            block: Vec::new(),
            unknown: 0,
        };
        for r in covered {
            let name = mailbox_name(r);
            let Some(c) = cas_of(cas, r) else {
                reach.unknown += 1;
                continue;
            };
            if c.ews_enabled == Some(false) {
                reach.off.push(name);
            } else if policy_is(c.application_access_policy.as_deref(), "EnforceAllowList") {
                reach.allow.push(name);
            } else if policy_is(c.application_access_policy.as_deref(), "EnforceBlockList")
                && !c.block_list.is_empty()
            {
                reach.block.push(name);
            }
        }
        reach
    }

    /// Mailboxes with EWS off, on an allow list or with a block list.
    fn mailbox_findings(&self, account: &str) -> Vec<Finding> {
        let total = self.total;
        let mut out = Vec::new();
        let (off, allow, block) = (&self.off, &self.allow, &self.block);
        if !off.is_empty() {
            out.push(Finding::new(
                Severity::High,
                "EwsDisabledForMailboxes",
                account,
                format!(
                    "{} of the {total} covered mailboxes have EWS switched off (Get-CASMailbox EwsEnabled False), so the sync product cannot reach them: {}",
                    off.len(),
                    list(off)
                ),
                fix_each(off, "Set-CASMailbox -Identity $_ -EwsEnabled $true"),
            ));
        }
        if !allow.is_empty() {
            out.push(Finding::new(
                Severity::Medium,
                "EwsMailboxAllowList",
                account,
                format!(
                    "{} of the {total} covered mailboxes accept only the EWS clients on their own allow list (EwsApplicationAccessPolicy EnforceAllowList); the sync product reaches them only if its user agent is listed: {}",
                    allow.len(),
                    list(allow)
                ),
                fix_each(allow, "Set-CASMailbox -Identity $_ -EwsAllowList @{Add='<the sync product''s user agent>*'}"),
            ));
        }
        if !block.is_empty() {
            out.push(Finding::new(
                Severity::Low,
                "EwsMailboxBlockList",
                account,
                format!(
                    "{} of the {total} covered mailboxes block some EWS clients (EwsApplicationAccessPolicy EnforceBlockList): {}",
                    block.len(),
                    list(block)
                ),
                "check that the sync product's user agent is not on the mailboxes' EwsBlockList",
            ));
        }
        out
    }

    /// The counts, whether or not anything stands in the way.
    fn summary(&self, state: &OrgState) -> Finding {
        let total = self.total;
        let org_off = !state.is_exchange_online && state.ews.ews_enabled == Some(false);
        let unreachable = if org_off { total } else { self.off.len() };
        let allowed = if org_allow_list(state) {
            total
        } else {
            self.allow.len()
        };
        Finding::new(
            Severity::Info,
            "EwsReadiness",
            &state.account.identity,
            format!(
                "EWS readiness of the {total} covered mailboxes: {unreachable} cannot be reached (EWS off), {allowed} depend on an allow list, {} on a block list, {} without Get-CASMailbox settings",
                self.block.len(),
                self.unknown
            ),
            "nothing to do when the counts are zero",
        )
    }
}

//! What the report shows, computed from the audit: accounts with their
//! assignments, how many mailboxes each can impersonate (the union of its
//! enabled grants), by RecipientTypeDetails, and a sample of them.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::audit::{Audit, Coverage, Matcher, Reach, display_name, mailboxes};
use crate::orgstate::OrgState;
use crate::plan::{Finding, Plan};

/// What the caller adds to the snapshot (JSON, camelCase).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ReportOptions {
    /// Only this account (as named by an assignment, or the snapshot's
    /// account under any of its names); all accounts holding an audited
    /// role when absent.
    pub account: Option<String>,
    /// Recipient exports (`Get-User`, `Get-Mailbox`, `Get-Recipient`;
    /// CLIXML or CSV) to evaluate the scopes over when the snapshot has no
    /// recipients.
    pub recipient_paths: Vec<String>,
    /// A plan (`lsync_plan_setup` JSON) whose pending steps the report lists.
    pub plan: Option<Plan>,
    /// Probe results (`Test-LightningSyncImpersonation`).
    pub probes: Vec<Probe>,
    /// When the report was made (shown as given).
    pub generated_at: Option<String>,
    /// The module's version (the library's when absent).
    pub module_version: Option<String>,
    /// The inputs, as the caller names them (label, value).
    pub inputs: Vec<Input>,
    /// How many covered mailboxes each account lists (default 25).
    pub sample_size: Option<usize>,
}

/// One EWS impersonation probe.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Probe {
    /// The mailbox probed.
    pub mailbox: String,
    /// True when impersonation worked (or was denied as expected).
    pub success: bool,
    /// The EWS response code.
    pub response_code: String,
    /// What it means.
    pub meaning: String,
    /// What to do.
    pub fix: String,
    /// Calendar/contacts access seen.
    pub access: String,
}

/// One input line of the footer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Input {
    /// What it is (`Snapshot`, `Recipients`, …).
    pub label: String,
    /// Its value (a path, a name).
    pub value: String,
}

/// Covered vs total mailboxes of one RecipientTypeDetails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeBar {
    /// The RecipientTypeDetails (`(none)` when absent).
    pub kind: String,
    /// Mailboxes of that type the account can impersonate.
    pub covered: usize,
    /// Mailboxes of that type.
    pub total: usize,
}

/// One account and what it can reach.
#[derive(Debug, Clone)]
pub struct AccountView<'a> {
    /// The account as the assignments name it.
    pub name: String,
    /// True when it is the snapshot's service account.
    pub is_service_account: bool,
    /// Its audited assignments.
    pub entries: Vec<&'a Coverage>,
    /// Mailboxes its enabled grants reach (union), when recipients were evaluated.
    pub reach: Option<usize>,
    /// True when an enabled grant reaches further than the snapshot can tell
    /// (an OU or a scope missing from the snapshot).
    pub reach_unknown: bool,
    /// Mailboxes whose membership could not be decided offline.
    pub not_evaluable: usize,
    /// Covered vs total by RecipientTypeDetails.
    pub by_type: Vec<TypeBar>,
    /// The first covered mailboxes.
    pub sample: Vec<String>,
    /// The findings about this account's assignments, most severe first.
    pub findings: Vec<&'a Finding>,
}

impl AccountView<'_> {
    /// The most severe finding.
    pub fn worst(&self) -> Option<&Finding> {
        self.findings.first().copied()
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// True when the options' account names this coverage entry's assignee.
fn wanted(state: &OrgState, c: &Coverage, account: Option<&str>) -> bool {
    match account {
        None => true,
        Some(name) => {
            same(&c.assignee, name) || (c.is_service_account && state.account.is_named(name))
        }
    }
}

/// The accounts of the report, most exposed first.
pub fn accounts<'a>(
    state: &OrgState,
    audit: &'a Audit,
    options: &ReportOptions,
) -> Vec<AccountView<'a>> {
    let account = options.account.as_deref().filter(|a| !a.trim().is_empty());
    let mut groups: BTreeMap<String, Vec<&'a Coverage>> = BTreeMap::new();
    for c in audit.coverage.iter().filter(|c| wanted(state, c, account)) {
        groups.entry(c.assignee.to_lowercase()).or_default().push(c);
    }
    let mut views: Vec<AccountView<'a>> = groups
        .into_values()
        .map(|entries| view(state, audit, entries, options))
        .collect();
    let asked_for_service_account = account.is_none_or(|a| state.account.is_named(a));
    if views.is_empty() && !state.account.identity.is_empty() && asked_for_service_account {
        views.push(view(state, audit, Vec::new(), options));
    }
    views.sort_by(|a, b| {
        let severity = |v: &AccountView| v.worst().map(|f| f.severity as u8).unwrap_or(u8::MAX);
        severity(a)
            .cmp(&severity(b))
            .then(b.reach.cmp(&a.reach))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    views
}

fn view<'a>(
    state: &OrgState,
    audit: &'a Audit,
    entries: Vec<&'a Coverage>,
    options: &ReportOptions,
) -> AccountView<'a> {
    let name = entries
        .first()
        .map_or_else(|| state.account.identity.clone(), |c| c.assignee.clone());
    let is_service_account = entries.first().is_none_or(|c| c.is_service_account);
    let names: Vec<&str> = entries.iter().map(|c| c.assignment.as_str()).collect();
    let findings = audit
        .findings
        .iter()
        .filter(|f| {
            names.iter().any(|n| same(n, &f.target))
                || (is_service_account && concerns_service_account(state, f))
        })
        .collect();
    let mut v = AccountView {
        name,
        is_service_account,
        entries,
        reach: None,
        reach_unknown: false,
        not_evaluable: 0,
        by_type: Vec::new(),
        sample: Vec::new(),
        findings,
    };
    reach(state, &mut v, options.sample_size.unwrap_or(25));
    v
}

/// Findings about the service account itself: its user and mailbox, its
/// legacy AD rights.
fn concerns_service_account(state: &OrgState, f: &Finding) -> bool {
    if same(&f.target, &state.account.identity) {
        return true;
    }
    f.code == "LegacyAdPermission"
        && state
            .ad_permissions
            .iter()
            .any(|p| same(&p.identity, &f.target) && state.is_account_ace(p))
}

/// Evaluates the account's enabled grants over the snapshot's mailboxes.
fn reach(state: &OrgState, v: &mut AccountView, sample_size: usize) {
    let enabled: Vec<&Coverage> = v.entries.iter().copied().filter(|c| c.enabled).collect();
    v.reach_unknown = enabled
        .iter()
        .any(|c| matches!(c.reach, Reach::Other | Reach::MissingScope));
    let Some(mailboxes) = mailboxes(state) else {
        return;
    };
    let org_wide = enabled.iter().any(|c| c.reach == Reach::Organization);
    // One matcher per scoped grant (filter, group or administrative unit), as the audit decides coverage.
    let matchers: Vec<Matcher> = enabled
        .iter()
        .filter(|c| {
            matches!(
                c.reach,
                Reach::Scope | Reach::Group | Reach::AdministrativeUnit
            )
        })
        .filter_map(|c| {
            state
                .assignments
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(&c.assignment))
        })
        .map(|a| Matcher::of(state, a))
        .collect();
    let mut types: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    let mut count = 0;
    for r in &mailboxes {
        let mut covered = org_wide;
        let mut undecided = false;
        for m in &matchers {
            if covered {
                break;
            }
            match m.covers(r) {
                Some(true) => covered = true,
                None => undecided = true,
                Some(false) => {}
            }
        }
        let kind = r
            .first("RecipientTypeDetails")
            .filter(|t| !t.is_empty())
            .unwrap_or("(none)");
        let slot = types
            .entry(kind.to_ascii_lowercase())
            .or_insert_with(|| (kind.to_owned(), 0, 0));
        slot.2 += 1;
        if covered {
            slot.1 += 1;
            count += 1;
            if v.sample.len() < sample_size {
                v.sample.push(display_name(r));
            }
        } else if undecided {
            v.not_evaluable += 1;
        }
    }
    v.reach = Some(count);
    let mut bars: Vec<TypeBar> = types
        .into_values()
        .map(|(kind, covered, total)| TypeBar {
            kind,
            covered,
            total,
        })
        .collect();
    bars.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.kind.cmp(&b.kind)));
    v.by_type = bars;
}

//! The planner: from the org state and the desired state to an ordered,
//! idempotent plan (docs/exchange.md#setup-algorithm), rendered as safe PowerShell.
//!
//! # Contract (shared with the applier, `New-/Remove-LightningSyncServiceAccount`)
//!
//! Input: the org snapshot (`LightningSync.OrgSnapshot` CLIXML, see
//! [`crate::orgstate`]) — or none for offline planning with
//! `exchangeVersion` — and the desired state JSON ([`DesiredInput`]):
//! `account`, `filter`, `scopeName`, `assignmentName`, `target`
//! (`OnPremises`/`ExchangeOnline`), `createMailbox`, `skipLegacyAdPermission`,
//! `exclusiveScope`, `onExistingScope` (`Fail`/`Update`), `appId`,
//! `servicePrincipalObjectId`, `domainController`, `exchangeVersion`, and two
//! additions: `removeUnscopedGrants` (setup: also remove the account's other
//! org-wide impersonation grants) and `removeMailbox` (removal plans).
//!
//! Output: a [`Plan`] as JSON — `kind`, `target`, `converged`, `scopeName`,
//! `assignmentName`, `exchangeVersion`, `steps`, `findings`, plus
//! `assignmentNames` (every assignment the plan manages: one on-premises, one
//! per application role online) and `principal` (the `-User` identity, or the
//! service principal object id online). Each step has `index`, `action`,
//! `target`, `reason`, `cmdlet`, `parameters` (string, bool — switches are
//! `true` —, integer, array of strings, or `{"secret": "Password"}`),
//! `command` (rendered; never contains a secret), `undo`
//! (`{cmdlet, parameters, command}` or null) and `verify`
//! (`{cmdlet, parameters, expect: "Present"|"Absent", properties?}`: after
//! the step the read finds the object — with those property texts, compared
//! case-insensitively — or reports it not found). Offline plans may hold a
//! step with `forEach` (`ClientAccessServers`/`MailboxDatabases`): run once
//! per item with `-Identity <item DistinguishedName>`; live plans never do.
//!
//! Failures (statuses 300–399 at the ABI): invalid desired state, a scope of
//! that name with another filter and `onExistingScope = Fail` (the message
//! names both filters), names taken by unrelated objects, the retired
//! `ApplicationImpersonation` requested in Exchange Online (the message
//! explains the retirement and the flags to use instead), and missing
//! prerequisites (account absent without `createMailbox`, no service
//! principal pointer and no `servicePrincipalObjectId`, an on-premises
//! snapshot taken for another account).

mod assign;
mod desired;
mod model;
mod online;
mod onprem;
mod removal;
mod resource_scope;
mod roles;
mod scope;
mod target;

pub use desired::{
    Desired, DesiredError, DesiredInput, MAX_NAME_LENGTH, OnExistingScope, SALESFORCE_EAC_APP_ID,
    account_short_name, validate_name,
};
pub use model::{
    Action, Expect, Finding, ForEach, Plan, PlanKind, Severity, Step, Target, Undo, Verify,
};
pub use removal::plan_removal;
pub use roles::{DOCUMENTED_APPLICATION_ROLES, documented_role};
pub use target::{SessionCommands, planned_target, session_target, snapshot_target};

use crate::orgstate::{ExchangeVersion, OrgState};
use crate::render::RenderError;

/// The application roles Lightning-Sync-style calendar and contact sync needs
/// in Exchange Online (docs/exchange.md#rbac-for-applications, docs/exchange.md#salesforce).
pub const APPLICATION_ROLES: [&str; 2] = [
    "Application Calendars.ReadWrite",
    "Application Contacts.ReadWrite",
];

/// The assignment name for one application role: `<base>-<permission>`, the
/// base shortened so the whole fits in 64 characters.
pub fn online_assignment_name(base: &str, role: &str) -> String {
    let suffix = role.strip_prefix("Application ").unwrap_or(role);
    let room = MAX_NAME_LENGTH.saturating_sub(suffix.chars().count() + 1);
    let base: String = base.chars().take(room).collect();
    format!("{}-{suffix}", base.trim_end())
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The desired state is not valid.
    #[error("{0}")]
    Desired(#[from] DesiredError),
    /// The org has an object that contradicts the desired state.
    #[error("{0}")]
    Conflict(String),
    /// The request cannot be done in that environment.
    #[error("{0}")]
    Refused(String),
    /// Something the plan needs is missing.
    #[error("{0}")]
    Prerequisite(String),
    /// A value could not be rendered safely.
    #[error("{0}")]
    Render(#[from] RenderError),
}

/// Plans the setup. `state` is `None` for offline planning (then
/// `desired.exchange_version` is required).
pub fn plan_setup(state: Option<&OrgState>, desired: &Desired) -> Result<Plan, PlanError> {
    if desired.filter.is_none() && resource_scope::assignment_scope(desired).is_none() {
        return Err(DesiredError {
            message: "a setup plan needs a recipient filter (-RecipientFilter), e.g. \"Department -eq 'Sales'\" (Exchange Online also takes -RecipientGroupScope or -RecipientAdministrativeUnitScope)".into(),
            position: None,
        }
        .into());
    }
    let version = match state {
        Some(s) => s.version().or(desired.exchange_version),
        // A missing prerequisite (LSYNC_STATUS_PLAN_PREREQUISITE_MISSING), as
        // the header documents: the desired state itself is valid.
        None => Some(desired.exchange_version.ok_or_else(|| {
            PlanError::Prerequisite(
                "offline planning needs the Exchange version (-ExchangeVersion 2010, 2013, 2016, 2019, SE or Online), or pass an org snapshot (-Snapshot)".into(),
            )
        })?),
    };
    let is_online = planned_target(state, version) == Target::ExchangeOnline;
    if is_online && !desired.online() {
        return Err(PlanError::Refused(RETIRED_MESSAGE.to_owned()));
    }
    if !is_online && desired.online() {
        return Err(PlanError::Refused(format!(
            "RBAC for Applications exists only in Exchange Online, but the organization is Exchange {} on-premises; plan with -Target OnPremises (ApplicationImpersonation with a management scope)",
            version.map_or("Server", ExchangeVersion::name)
        )));
    }
    if let Some(s) = state {
        check_state_account(s, desired)?;
    }
    let mut plan = if desired.online() {
        online::plan(state, desired)?
    } else {
        onprem::plan(state, desired, version)?
    };
    plan.finish()?;
    Ok(plan)
}

/// Refuses an on-premises org state read for another account than the one
/// planned for: a snapshot answers for the account it was taken for, and
/// planning another account from it would treat that account's grants as
/// this one's (a removal plan would remove them). The state knows the account
/// by any of its names ([`crate::orgstate::ServiceAccount::is_named`]). Exchange
/// Online plans find the application by its app and object ids, not by this
/// name, so they are not checked.
pub(crate) fn check_state_account(state: &OrgState, desired: &Desired) -> Result<(), PlanError> {
    let account = &desired.input.account;
    if state.is_exchange_online || state.account.is_named(account) {
        return Ok(());
    }
    let taken_for = &state.account.identity;
    Err(PlanError::Prerequisite(format!(
        "the org snapshot was taken for '{taken_for}', not for '{account}'; plan with -Account '{taken_for}', or take a snapshot of '{account}' (Export-LightningSyncOrgSnapshot -Account '{account}')"
    )))
}

/// Why ApplicationImpersonation is refused in Exchange Online.
pub const RETIRED_MESSAGE: &str = "ApplicationImpersonation is retired in Exchange Online: new assignments are blocked since September 2024 and the role is removed (2025). Use RBAC for Applications instead: plan with -Target ExchangeOnline (Get-LightningSyncPlan -Target ExchangeOnline [-AppId <application id>] -ServicePrincipalObjectId <enterprise application object id>), which creates the service principal pointer, the management scope and 'Application Calendars.ReadWrite' / 'Application Contacts.ReadWrite' assignments with -CustomResourceScope.";

#[cfg(test)]
mod tests;

#[cfg(test)]
mod online_tests;

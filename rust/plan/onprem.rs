//! The on-premises setup plan: mailbox, legacy AD extended rights, scope,
//! `ApplicationImpersonation` assignment.

use super::PlanError;
use super::assign::{AssignmentGoal, plan_assignment};
use super::desired::{Desired, account_short_name};
use super::model::Expect;
use super::model::{Action, Finding, ForEach, Plan, PlanKind, Severity, Step, Target};
use super::scope::{plan_scope, read, undo, with_dc};
use crate::orgstate::{
    EPI_IMPERSONATION, EPI_MAY_IMPERSONATE, ExchangeVersion, IMPERSONATION_ROLE, OrgState,
};
use crate::render::Parameters;

fn mailbox_upn(state: Option<&OrgState>, d: &Desired) -> Result<String, PlanError> {
    let account = &d.input.account;
    if account.contains('@') {
        return Ok(account.clone());
    }
    match state.and_then(OrgState::dns_domain) {
        Some(domain) => Ok(format!("{}@{domain}", account_short_name(account))),
        None => Err(PlanError::Prerequisite(format!(
            "to create the mailbox the account must be a user principal name (e.g. '{}@contoso.com'), not '{account}'",
            account_short_name(account)
        ))),
    }
}

fn create_mailbox(state: Option<&OrgState>, d: &Desired) -> Result<(Step, String), PlanError> {
    let upn = mailbox_upn(state, d)?;
    let name = account_short_name(&d.input.account).to_owned();
    super::desired::validate_name("mailbox", &name)?;
    let step = Step {
        index: 0,
        action: Action::CreateMailbox,
        target: upn.clone(),
        reason: format!(
            "the service account '{}' does not exist; the sync product signs in with it and needs a mailbox (-CreateMailbox)",
            d.input.account
        ),
        cmdlet: "New-Mailbox".into(),
        parameters: with_dc(
            Parameters::new()
                .text("Name", &name)
                .text("UserPrincipalName", &upn)
                .secret("Password", "Password")
                .flag("ResetPasswordOnNextLogon", false),
            d,
        ),
        command: String::new(),
        undo: undo(
            "Remove-Mailbox",
            with_dc(Parameters::new().text("Identity", &upn), d),
        ),
        verify: Some(read("Get-Mailbox", &upn, d, Expect::Present)),
        for_each: None,
    };
    Ok((step, upn))
}

/// The account exists without a mailbox: give it one (`Enable-Mailbox`).
fn enable_mailbox(state: &OrgState, d: &Desired) -> Step {
    let id = state.account.assignee_identity();
    Step {
        index: 0,
        action: Action::EnableMailbox,
        target: id.clone(),
        reason: format!(
            "the account '{}' exists but has no mailbox; the sync product signs in with it and needs one (-CreateMailbox)",
            d.input.account
        ),
        cmdlet: "Enable-Mailbox".into(),
        parameters: with_dc(Parameters::new().text("Identity", &id), d),
        command: String::new(),
        undo: undo(
            "Disable-Mailbox",
            with_dc(Parameters::new().text("Identity", &id), d),
        ),
        verify: Some(read("Get-Mailbox", &id, d, Expect::Present)),
        for_each: None,
    }
}

fn grant_step(
    identity: Option<&str>,
    user: &str,
    right: &str,
    target: &str,
    reason: String,
    d: &Desired,
) -> Step {
    let mut parameters = Parameters::new();
    if let Some(id) = identity {
        parameters = parameters.text("Identity", id);
    }
    parameters = with_dc(
        parameters.text("User", user).text("ExtendedRights", right),
        d,
    );
    let mut back = parameters.clone();
    if identity.is_none() {
        back.0.retain(|(k, _)| k != "Identity");
    }
    Step {
        index: 0,
        action: Action::GrantAdPermission,
        target: target.to_owned(),
        reason,
        cmdlet: "Add-ADPermission".into(),
        parameters,
        command: String::new(),
        undo: if identity.is_some() {
            undo("Remove-ADPermission", back)
        } else {
            None
        },
        verify: identity.map(|id| super::model::Verify {
            cmdlet: "Get-ADPermission".into(),
            parameters: with_dc(Parameters::new().text("Identity", id).text("User", user), d),
            expect: Expect::Present,
            properties: Parameters::new().text("ExtendedRights", right),
        }),
        for_each: if identity.is_none() {
            Some(if right == EPI_IMPERSONATION {
                ForEach::ClientAccessServers
            } else {
                ForEach::MailboxDatabases
            })
        } else {
            None
        },
    }
}

const LEGACY_NOTE: &str = "the Salesforce article lists it; it is the Exchange 2007 mechanism and has had no effect since Exchange 2010 (RBAC's ApplicationImpersonation grants impersonation)";

fn plan_ad(
    state: Option<&OrgState>,
    d: &Desired,
    version: Option<ExchangeVersion>,
    user: &str,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) {
    if d.input.skip_legacy_ad_permission {
        return;
    }
    if version.is_some_and(|v| v <= ExchangeVersion::Ex2010) {
        findings.push(Finding::new(
            Severity::Info,
            "LegacyAdPermissionNotPlanned",
            "AD extended rights",
            "Exchange 2010 grants impersonation only through the ApplicationImpersonation role; the ms-Exch-EPI extended rights would have no effect, so the plan leaves them out",
            "nothing to do",
        ));
        return;
    }
    findings.push(Finding::new(
        Severity::Info,
        "LegacyAdPermission",
        "AD extended rights",
        format!("the plan grants ms-Exch-EPI-Impersonation on Client Access servers and ms-Exch-EPI-May-Impersonate on mailbox databases because {LEGACY_NOTE}"),
        "pass -SkipLegacyAdPermission to leave these steps out",
    ));
    let Some(state) = state else {
        steps.push(grant_step(None, user, EPI_IMPERSONATION, "every Client Access server", format!("allows the account to submit impersonated calls through each Client Access server; {LEGACY_NOTE}"), d));
        steps.push(grant_step(
            None,
            user,
            EPI_MAY_IMPERSONATE,
            "every mailbox database",
            format!(
                "allows the account to impersonate the mailboxes of each database; {LEGACY_NOTE}"
            ),
            d,
        ));
        return;
    };
    let has = |names: &[Option<&str>], right: &str| {
        state.ad_permissions.iter().any(|p| {
            names
                .iter()
                .flatten()
                .any(|n| n.eq_ignore_ascii_case(&p.identity))
                && state.is_account_ace(p)
                && p.grants(right)
        })
    };
    for server in &state.servers {
        if !server.is_client_access_server
            || server.is_edge_server
            || server.version.is_some_and(|v| v <= ExchangeVersion::Ex2010)
        {
            continue;
        }
        if has(
            &[Some(&server.name), server.distinguished_name.as_deref()],
            EPI_IMPERSONATION,
        ) {
            continue;
        }
        let id = server.distinguished_name.as_deref().unwrap_or(&server.name);
        steps.push(grant_step(Some(id), user, EPI_IMPERSONATION, &server.name, format!("'{}' is a Client Access server without ms-Exch-EPI-Impersonation for the account; {LEGACY_NOTE}", server.name), d));
    }
    for db in &state.databases {
        if has(
            &[Some(&db.name), db.distinguished_name.as_deref()],
            EPI_MAY_IMPERSONATE,
        ) {
            continue;
        }
        let id = db.distinguished_name.as_deref().unwrap_or(&db.name);
        steps.push(grant_step(Some(id), user, EPI_MAY_IMPERSONATE, &db.name, format!("the database '{}' has no ms-Exch-EPI-May-Impersonate for the account; {LEGACY_NOTE}", db.name), d));
    }
}

/// Plans the on-premises setup.
pub(crate) fn plan(
    state: Option<&OrgState>,
    d: &Desired,
    version: Option<ExchangeVersion>,
) -> Result<Plan, PlanError> {
    let mut steps = Vec::new();
    let mut findings = Vec::new();
    let mut assignee = state.map_or_else(
        || d.input.account.clone(),
        |s| s.account.assignee_identity(),
    );
    match state {
        Some(s) if s.account.user.is_none() => {
            if !d.input.create_mailbox {
                return Err(PlanError::Prerequisite(format!(
                    "the account '{}' does not exist; create it first or pass -CreateMailbox to plan New-Mailbox",
                    d.input.account
                )));
            }
            let (step, upn) = create_mailbox(state, d)?;
            steps.push(step);
            assignee = upn;
        }
        Some(s) if s.account.mailbox.is_none() && d.input.create_mailbox => {
            steps.push(enable_mailbox(s, d));
        }
        Some(s) if s.account.mailbox.is_none() => findings.push(Finding::new(
            Severity::Medium,
            "AccountWithoutMailbox",
            &d.input.account,
            format!(
                "the account '{}' has no mailbox; Lightning Sync's service account needs one",
                d.input.account
            ),
            "Enable-Mailbox -Identity <account>, or use an account with a mailbox",
        )),
        Some(_) => {}
        None if d.input.create_mailbox => {
            let (step, upn) = create_mailbox(None, d)?;
            steps.push(step);
            assignee = upn;
        }
        None => {}
    }
    plan_ad(state, d, version, &assignee, &mut steps, &mut findings);
    let scope = plan_scope(state, d, &mut steps, &mut findings)?;
    let goal = AssignmentGoal {
        role: IMPERSONATION_ROLE,
        name: &d.assignment_name,
        scope: &scope,
        scope_parameter: if d.input.exclusive_scope {
            "ExclusiveRecipientWriteScope"
        } else {
            "CustomRecipientWriteScope"
        },
        assignee_parameter: "User",
        assignee: &assignee,
        remove_unscoped: d.input.remove_unscoped_grants,
    };
    let is_mine = |a: &crate::orgstate::Assignment| state.is_some_and(|s| s.is_account_assignee(a));
    let chosen = plan_assignment(state, d, &goal, &is_mine, &mut steps, &mut findings)?;
    Ok(Plan {
        kind: PlanKind::Setup,
        target: Target::OnPremises,
        converged: false,
        scope_name: scope,
        assignment_name: chosen.clone(),
        assignment_names: vec![chosen],
        exchange_version: version.map_or("Unknown", ExchangeVersion::name).to_owned(),
        principal: assignee,
        steps,
        findings,
    })
}

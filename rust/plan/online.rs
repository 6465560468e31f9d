//! The Exchange Online setup plan: RBAC for Applications (spec §B.4).

use super::assign::{AssignmentGoal, plan_assignment};
use super::desired::Desired;
use super::model::{Action, Expect, Finding, Plan, PlanKind, Severity, Step, Target};
use super::scope::{plan_scope, read, undo};
use super::{APPLICATION_ROLES, PlanError, online_assignment_name};
use crate::orgstate::OrgState;
use crate::render::Parameters;

/// The service principal object id: from the existing pointer, else from the desired state.
fn principal(
    state: Option<&OrgState>,
    d: &Desired,
    steps: &mut Vec<Step>,
) -> Result<String, PlanError> {
    let wanted = d
        .input
        .service_principal_object_id
        .as_deref()
        .map(|s| s.trim().to_ascii_lowercase());
    let existing = state.and_then(|s| {
        s.service_principals.iter().find(|p| {
            p.app_id
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(&d.app_id))
        })
    });
    if let Some(sp) = existing {
        let id = sp
            .object_id
            .clone()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if let Some(w) = &wanted
            && !id.is_empty()
            && w != &id
        {
            return Err(PlanError::Conflict(format!(
                "a service principal pointer for application {} already exists with object id {id}, not {w}; pass the enterprise application's object id {id} or remove the pointer",
                d.app_id
            )));
        }
        return Ok(id);
    }
    let Some(object_id) = wanted else {
        return Err(PlanError::Prerequisite(format!(
            "no service principal pointer exists for application {}; pass -ServicePrincipalObjectId: the Object ID shown in Entra ID > Enterprise applications for that application (not the App registration's Object ID)",
            d.app_id
        )));
    };
    steps.push(Step {
        index: 0,
        action: Action::CreateServicePrincipal,
        target: object_id.clone(),
        reason: format!(
            "Exchange Online has no service principal pointer for application {}; role assignments with -App need one",
            d.app_id
        ),
        cmdlet: "New-ServicePrincipal".into(),
        parameters: Parameters::new()
            .text("AppId", &d.app_id)
            .text("ObjectId", &object_id)
            .text("DisplayName", &d.input.account),
        command: String::new(),
        undo: undo("Remove-ServicePrincipal", Parameters::new().text("Identity", &object_id)),
        verify: Some(read("Get-ServicePrincipal", &object_id, d, Expect::Present)),
        for_each: None,
    });
    Ok(object_id)
}

/// Plans the Exchange Online setup.
pub(crate) fn plan(state: Option<&OrgState>, d: &Desired) -> Result<Plan, PlanError> {
    let mut steps = Vec::new();
    let mut findings = Vec::new();
    if state.is_some_and(|s| s.is_dehydrated) {
        let mut verify = read("Get-OrganizationConfig", "", d, Expect::Present);
        verify.parameters = Parameters::new();
        verify.properties = Parameters::new().text("IsDehydrated", "False");
        steps.push(Step {
            index: 0,
            action: Action::EnableOrganizationCustomization,
            target: state.and_then(|s| s.organization_name.clone()).unwrap_or_else(|| "organization".into()),
            reason: "the tenant is dehydrated: New-ManagementScope and New-ManagementRoleAssignment fail until Enable-OrganizationCustomization has run (once; it cannot be undone)".into(),
            cmdlet: "Enable-OrganizationCustomization".into(),
            parameters: Parameters::new(),
            command: String::new(),
            undo: None,
            verify: Some(verify),
            for_each: None,
        });
    }
    if d.input.domain_controller.is_some() {
        findings.push(Finding::new(
            Severity::Info,
            "DomainControllerIgnored",
            "domainController",
            "Exchange Online cmdlets have no -DomainController parameter; the plan leaves it out",
            "nothing to do",
        ));
    }
    if d.input.create_mailbox {
        findings.push(Finding::new(
            Severity::Info,
            "ServiceAccountNotUsed",
            &d.input.account,
            "RBAC for Applications grants the application itself: no service mailbox and no AD extended rights are needed in Exchange Online",
            "nothing to do",
        ));
    }
    if let Some(s) = state {
        for a in s
            .assignments
            .iter()
            .filter(|a| a.is_impersonation() && !a.delegating)
        {
            findings.push(Finding::new(
                Severity::High,
                "RetiredRoleInExchangeOnline",
                &a.name,
                format!(
                    "the assignment '{}' grants the retired ApplicationImpersonation role to '{}'",
                    a.name,
                    a.assignee_display()
                ),
                format!(
                    "Remove-ManagementRoleAssignment -Identity '{}' -Confirm:$false",
                    a.name.replace('\'', "''")
                ),
            ));
        }
    }
    let object_id = principal(state, d, &mut steps)?;
    let scope = plan_scope(state, d, &mut steps, &mut findings)?;
    let mut names = Vec::new();
    for role in APPLICATION_ROLES {
        let name = online_assignment_name(&d.assignment_name, role);
        let goal = AssignmentGoal {
            role,
            name: &name,
            scope: &scope,
            scope_parameter: "CustomResourceScope",
            assignee_parameter: "App",
            assignee: &object_id,
            remove_unscoped: d.input.remove_unscoped_grants,
        };
        let is_mine = |a: &crate::orgstate::Assignment| {
            a.assigned_to_principal(|n| {
                n.eq_ignore_ascii_case(&object_id) || n.eq_ignore_ascii_case(&d.app_id)
            })
        };
        names.push(plan_assignment(
            state,
            d,
            &goal,
            &is_mine,
            &mut steps,
            &mut findings,
        )?);
    }
    findings.push(Finding::new(
        Severity::Info,
        "EntraConsentAddsUp",
        &d.app_id,
        format!(
            "RBAC for Applications adds to the permissions consented in Entra ID: if application {} also holds tenant-wide Calendars.ReadWrite or Contacts.ReadWrite consent, the scope '{scope}' restricts nothing; role changes take 30 minutes to 2 hours to apply",
            d.app_id
        ),
        "remove tenant-wide Calendars/Contacts application consent in Entra ID; check with Test-ServicePrincipalAuthorization",
    ));
    Ok(Plan {
        kind: PlanKind::Setup,
        target: Target::ExchangeOnline,
        converged: false,
        scope_name: scope,
        assignment_name: d.assignment_name.clone(),
        assignment_names: names,
        exchange_version: "Online".into(),
        principal: object_id,
        steps,
        findings,
    })
}

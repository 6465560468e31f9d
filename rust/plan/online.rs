//! The Exchange Online setup plan: RBAC for Applications (docs/exchange.md#rbac-for-applications).

use super::assign::removal_step;
use super::assign::{AssignmentGoal, plan_assignment};
use super::desired::Desired;
use super::desired::SALESFORCE_EAC_APP_ID;
use super::model::{Action, Expect, Finding, Plan, PlanKind, Severity, Step, Target};
use super::resource_scope::assignment_scope;
use super::roles::DOCUMENTED_APPLICATION_ROLES;
use super::scope::{plan_scope, read, undo};
use super::{PlanError, online_assignment_name};
use crate::orgstate::{OrgState, ServicePrincipal};
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
    check_swapped_ids(state, d, wanted.as_deref())?;
    if let Some(sp) = pointer_where(state, |p| p.app_id.as_deref(), &d.app_id) {
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
    steps.push(create_pointer_step(d, &object_id));
    Ok(object_id)
}

/// The service principal pointer whose `field` is `value` (ignoring case).
fn pointer_where<'a>(
    state: Option<&'a OrgState>,
    field: impl Fn(&ServicePrincipal) -> Option<&str>,
    value: &str,
) -> Option<&'a ServicePrincipal> {
    state?
        .service_principals
        .iter()
        .find(|p| field(p).is_some_and(|f| f.eq_ignore_ascii_case(value)))
}

/// An application id given as the object id, or the other way round.
fn check_swapped_ids(
    state: Option<&OrgState>,
    d: &Desired,
    wanted: Option<&str>,
) -> Result<(), PlanError> {
    if let Some(w) = wanted
        && let Some(other) = pointer_where(state, |p| p.app_id.as_deref(), w)
    {
        return Err(PlanError::Conflict(format!(
            "-ServicePrincipalObjectId {w} is the application id of the service principal pointer '{}', not an object id; its object id is {}. The right value is in {}",
            other.display_name.as_deref().unwrap_or(""),
            other.object_id.as_deref().unwrap_or("?"),
            crate::audit::ENTRA_OBJECT_ID_PATH
        )));
    }
    if let Some(other) = pointer_where(state, |p| p.object_id.as_deref(), &d.app_id) {
        return Err(PlanError::Conflict(format!(
            "-AppId {} is the object id of the service principal pointer '{}', not an application id; its application id is {}",
            d.app_id,
            other.display_name.as_deref().unwrap_or(""),
            other.app_id.as_deref().unwrap_or("?")
        )));
    }
    Ok(())
}

fn create_pointer_step(d: &Desired, object_id: &str) -> Step {
    Step {
        index: 0,
        action: Action::CreateServicePrincipal,
        target: object_id.to_owned(),
        reason: format!(
            "Exchange Online has no service principal pointer for application {}; role assignments with -App need one",
            d.app_id
        ),
        cmdlet: "New-ServicePrincipal".into(),
        parameters: Parameters::new()
            .text("AppId", &d.app_id)
            .text("ObjectId", object_id)
            .text("DisplayName", &d.input.account),
        command: String::new(),
        undo: undo(
            "Remove-ServicePrincipal",
            Parameters::new().text("Identity", object_id),
        ),
        verify: Some(read("Get-ServicePrincipal", object_id, d, Expect::Present)),
        for_each: None,
    }
}

/// Plans the Exchange Online setup.
pub(crate) fn plan(state: Option<&OrgState>, d: &Desired) -> Result<Plan, PlanError> {
    let mut steps = Vec::new();
    let mut findings = preliminary_findings(state, d);
    if let Some(step) = state.and_then(|s| customization_step(s, d)) {
        steps.push(step);
    }
    let object_id = principal(state, d, &mut steps)?;
    let (scope_parameter, scope) = match assignment_scope(d) {
        Some((parameter, value)) => {
            if parameter == "RecipientGroupScope"
                && let Some(f) = state.and_then(|s| crate::audit::nested_group_finding(s, value))
            {
                findings.push(f);
            }
            (parameter, value.to_owned())
        }
        None => (
            "CustomResourceScope",
            plan_scope(state, d, &mut steps, &mut findings)?,
        ),
    };
    if d.app_id_defaulted {
        findings.push(Finding::new(
            Severity::Info,
            "DefaultApplicationId",
            &d.app_id,
            format!(
                "no application id was given: the plan grants Salesforce Einstein Activity Capture's application {SALESFORCE_EAC_APP_ID}"
            ),
            "pass -AppId <application (client) id> for another application",
        ));
    }
    let mut names = Vec::new();
    for role in d.roles.iter().map(String::as_str) {
        let name = online_assignment_name(&d.assignment_name, role);
        let goal = AssignmentGoal {
            role,
            name: &name,
            scope: &scope,
            scope_parameter,
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
    drop_other_roles(state, d, &object_id, &mut steps, &mut findings);
    findings.push(consent_finding(d, &scope));
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

/// A dehydrated tenant must be customized once before scopes and
/// assignments can be created.
fn customization_step(state: &OrgState, d: &Desired) -> Option<Step> {
    if !state.is_dehydrated {
        return None;
    }
    let mut verify = read("Get-OrganizationConfig", "", d, Expect::Present);
    verify.parameters = Parameters::new();
    verify.properties = Parameters::new().text("IsDehydrated", "False");
    Some(Step {
        index: 0,
        action: Action::EnableOrganizationCustomization,
        target: state.organization_name.clone().unwrap_or_else(|| "organization".into()),
        reason: "the tenant is dehydrated: New-ManagementScope and New-ManagementRoleAssignment fail until Enable-OrganizationCustomization has run (once; it cannot be undone)".into(),
        cmdlet: "Enable-OrganizationCustomization".into(),
        parameters: Parameters::new(),
        command: String::new(),
        undo: None,
        verify: Some(verify),
        for_each: None,
    })
}

/// Parameters that do not apply online, and retired impersonation grants.
fn preliminary_findings(state: Option<&OrgState>, d: &Desired) -> Vec<Finding> {
    let mut findings = Vec::new();
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
    let retired = state
        .map(|s| s.assignments.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|a| a.is_impersonation() && !a.delegating);
    for a in retired {
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
    findings
}

/// Entra ID consent adds to what the roles grant.
fn consent_finding(d: &Desired, scope: &str) -> Finding {
    Finding::new(
        Severity::Info,
        "EntraConsentAddsUp",
        &d.app_id,
        format!(
            "RBAC for Applications adds to the permissions consented in Entra ID: if application {} also holds tenant-wide consent for {}, the scope '{scope}' restricts nothing; role changes take 30 minutes to 2 hours to apply",
            d.app_id,
            d.roles
                .iter()
                .map(|r| r.trim_start_matches("Application "))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        "remove tenant-wide Calendars/Contacts application consent in Entra ID; check with Test-ServicePrincipalAuthorization",
    )
}

/// Converges the role set: the application's assignments of documented roles
/// that are not asked for any more and carry the plan's own name
/// (`<base>-<permission>`) are removed; others are reported, never touched.
fn drop_other_roles(
    state: Option<&OrgState>,
    d: &Desired,
    object_id: &str,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) {
    let Some(state) = state else { return };
    for a in state.assignments.iter().filter(|a| {
        !a.delegating
            && a.is_application_role()
            && !d.roles.iter().any(|r| r.eq_ignore_ascii_case(&a.role))
            && a.assigned_to_principal(|n| {
                n.eq_ignore_ascii_case(object_id) || n.eq_ignore_ascii_case(&d.app_id)
            })
    }) {
        let own = DOCUMENTED_APPLICATION_ROLES.iter().any(|r| {
            a.name
                .eq_ignore_ascii_case(&online_assignment_name(&d.assignment_name, r))
        });
        if own {
            let mut recreate = Parameters::new()
                .text("Name", &a.name)
                .text("Role", &a.role)
                .text("App", object_id);
            if let Some(g) = a.group_scope() {
                recreate = recreate.text("RecipientGroupScope", g);
            } else if let Some(u) = a.administrative_unit_scope() {
                recreate = recreate.text("RecipientAdministrativeUnitScope", u);
            } else if let Some(s) = a.scope_name() {
                recreate = recreate.text("CustomResourceScope", s);
            }
            steps.push(removal_step(
                a,
                recreate,
                d,
                format!(
                    "the role '{}' is no longer in the requested set ({}); the assignment '{}' was made by an earlier run",
                    a.role,
                    d.roles.join(", "),
                    a.name
                ),
            ));
        } else {
            findings.push(Finding::new(
                Severity::Medium,
                "AdditionalApplicationRole",
                &a.name,
                format!(
                    "the assignment '{}' also grants '{}' to the application; it is not in the requested set and the plan leaves it alone",
                    a.name, a.role
                ),
                format!(
                    "Remove-ManagementRoleAssignment -Identity '{}' -Confirm:$false, if it is not needed",
                    a.name.replace('\'', "''")
                ),
            ));
        }
    }
}

//! Removal plans: the account's (or application's) assignments, the scope when
//! nothing else uses it, the service principal pointer when nothing else uses
//! it, the legacy AD extended rights, and the mailbox only when asked.

use super::assign::removal_step;
use super::desired::{Desired, DesiredInput};
use super::model::{Action, Expect, Finding, Plan, PlanKind, Severity, Step, Target};
use super::scope::{read, undo, with_dc};
use super::{APPLICATION_ROLES, PlanError, RETIRED_MESSAGE};
use crate::orgstate::{Assignment, EPI_IMPERSONATION, EPI_MAY_IMPERSONATE, OrgState, Scope};
use crate::render::Parameters;

fn remove_assignment(a: &Assignment, state: &OrgState, d: &Desired, reason: String) -> Step {
    let mut recreate = Parameters::new()
        .text("Name", &a.name)
        .text("Role", &a.role);
    let (assignee_parameter, assignee) = if a.is_service_principal() {
        (
            "App",
            a.role_assignee_name
                .clone()
                .or(a.role_assignee.clone())
                .unwrap_or_default(),
        )
    } else {
        ("User", state.account.assignee_identity())
    };
    recreate = recreate.text(assignee_parameter, assignee);
    if let Some(s) = a.custom_resource_scope.as_deref().filter(|s| !s.is_empty()) {
        recreate = recreate.text("CustomResourceScope", s);
    } else if let Some(g) = a.group_scope() {
        recreate = recreate.text("RecipientGroupScope", g);
    } else if let Some(u) = a.administrative_unit_scope() {
        recreate = recreate.text("RecipientAdministrativeUnitScope", u);
    } else if let Some(s) = a
        .custom_recipient_write_scope
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        let exclusive = a
            .recipient_write_scope
            .as_deref()
            .is_some_and(|w| w.eq_ignore_ascii_case("ExclusiveRecipientScope"));
        recreate = recreate.text(
            if exclusive {
                "ExclusiveRecipientWriteScope"
            } else {
                "CustomRecipientWriteScope"
            },
            s,
        );
    } else if let Some(ou) = a
        .recipient_organizational_unit_scope
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        recreate = recreate.text("RecipientOrganizationalUnitScope", ou);
    }
    removal_step(a, recreate, d, reason)
}

/// Plans the removal. Needs the org state (removal is never planned offline).
pub fn plan_removal(state: &OrgState, d: &Desired) -> Result<Plan, PlanError> {
    if state.is_exchange_online && !d.online() {
        return Err(PlanError::Refused(format!(
            "the organization is Exchange Online; plan the removal with -Target ExchangeOnline. {RETIRED_MESSAGE}"
        )));
    }
    if !state.is_exchange_online && d.online() {
        return Err(PlanError::Refused(
            "the organization is on-premises; plan the removal with -Target OnPremises".into(),
        ));
    }
    if !state.is_exchange_online && state.account.user.is_none() && state.account.mailbox.is_none()
    {
        return Err(PlanError::Prerequisite(format!(
            "the account '{}' was not found in the organization (neither Get-User nor Get-Mailbox knows it), so nothing was removed; check -Identity",
            d.input.account
        )));
    }
    let names = Named::from(d);
    let mut steps = Vec::new();
    let mut findings = Vec::new();
    let mut removed: Vec<&Assignment> = Vec::new();
    let mut principal = state.account.assignee_identity();
    let mut sp_to_remove = None;
    let mut principal_found = false;
    if d.online() {
        let sp = state.service_principals.iter().find(|p| {
            p.app_id
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(&d.app_id))
                || d.input
                    .service_principal_object_id
                    .as_deref()
                    .is_some_and(|o| {
                        p.object_id
                            .as_deref()
                            .is_some_and(|x| x.eq_ignore_ascii_case(o.trim()))
                    })
        });
        if let Some(sp) = sp {
            principal_found = true;
            let id = sp.object_id.clone().unwrap_or_default();
            principal = id.clone();
            let of_sp: Vec<&Assignment> = state
                .assignments
                .iter()
                .filter(|a| {
                    !a.delegating
                        && a.assigned_to_principal(|n| {
                            n.eq_ignore_ascii_case(&id) || sp.is_named(n)
                        })
                })
                .collect();
            for a in &of_sp {
                if !names.takes_assignment(&a.name, true) {
                    continue;
                }
                let own_name = a.is_application_role()
                    && a.name.eq_ignore_ascii_case(&super::online_assignment_name(
                        &d.assignment_name,
                        &a.role,
                    ));
                if own_name
                    || d.roles
                        .iter()
                        .map(String::as_str)
                        .chain(APPLICATION_ROLES)
                        .any(|r| r.eq_ignore_ascii_case(&a.role))
                {
                    removed.push(a);
                    steps.push(remove_assignment(
                        a,
                        state,
                        d,
                        format!(
                            "grants '{}' to the application's service principal {id}",
                            a.role
                        ),
                    ));
                } else {
                    findings.push(Finding::new(
                        Severity::Info,
                        "AssignmentKept",
                        &a.name,
                        format!("'{}' grants '{}' to the same service principal; it is not part of this setup and stays", a.name, a.role),
                        "remove it separately if it is not needed",
                    ));
                }
            }
            if !names.any() && removed.len() == of_sp.len() {
                sp_to_remove = Some((
                    id,
                    sp.app_id.clone().unwrap_or_default(),
                    sp.display_name.clone(),
                ));
            }
        }
    }
    for a in state
        .assignments
        .iter()
        .filter(|a| a.is_impersonation() && !a.delegating && state.is_account_assignee(a))
        .filter(|a| names.takes_assignment(&a.name, false))
    {
        removed.push(a);
        let reason = match a.scope_name() {
            Some(s) => format!("grants ApplicationImpersonation to the account on scope '{s}'"),
            None => "grants ApplicationImpersonation to the account over the whole organization"
                .to_owned(),
        };
        steps.push(remove_assignment(a, state, d, reason));
    }
    if let Some((id, app_id, display)) = sp_to_remove {
        let mut again = Parameters::new()
            .text("AppId", &app_id)
            .text("ObjectId", &id);
        if let Some(n) = display {
            again = again.text("DisplayName", n);
        }
        steps.push(Step {
            index: 0,
            action: Action::RemoveServicePrincipal,
            target: id.clone(),
            reason: "the service principal pointer has no other role assignments".into(),
            cmdlet: "Remove-ServicePrincipal".into(),
            parameters: Parameters::new().text("Identity", &id),
            command: String::new(),
            undo: undo("New-ServicePrincipal", again),
            verify: Some(read("Get-ServicePrincipal", &id, d, Expect::Absent)),
            for_each: None,
        });
    }
    if d.online() && !principal_found && removed.is_empty() {
        return Err(PlanError::Prerequisite(format!(
            "no service principal pointer for application {} and no role assignment of '{}' exist, so nothing was removed; check -AppId, -ServicePrincipalObjectId and -Identity",
            d.app_id, d.input.account
        )));
    }
    names.check_assignment(state, &removed)?;
    let mut scope_names: Vec<String> = match names.scope {
        Some(n) => vec![n.to_owned()],
        None if names.any() => Vec::new(),
        None => vec![d.scope_name.clone()],
    };
    for a in removed.iter().filter(|_| !names.any()) {
        if let Some(s) = a.scope_name()
            && !scope_names.iter().any(|n| n.eq_ignore_ascii_case(s))
        {
            scope_names.push(s.to_owned());
        }
    }
    let mut chosen_scope = d.scope_name.clone();
    for name in &scope_names {
        let Some(scope) = state.scope(name) else {
            if names.scope.is_some() {
                return Err(PlanError::Prerequisite(format!(
                    "no management scope named '{name}' exists, so nothing was removed; check -ScopeName (Get-ManagementScope lists the scopes)"
                )));
            }
            continue;
        };
        chosen_scope = scope.name.clone();
        let others: Vec<&str> = state
            .assignments
            .iter()
            .filter(|a| !removed.iter().any(|r| r.name.eq_ignore_ascii_case(&a.name)))
            .filter(|a| {
                a.scope_name()
                    .is_some_and(|s| s.eq_ignore_ascii_case(&scope.name))
            })
            .map(|a| a.name.as_str())
            .collect();
        if !others.is_empty() && names.scope.is_some() {
            return Err(PlanError::Conflict(format!(
                "the management scope '{}' is still used by {} ({}), so nothing was removed; name that assignment with -AssignmentName too, or leave out -ScopeName",
                scope.name,
                if others.len() == 1 {
                    "the role assignment"
                } else {
                    "the role assignments"
                },
                others.join(", ")
            )));
        }
        if names.scope.is_some() && !names.scope_is_the_accounts(scope, &removed, d) {
            return Err(PlanError::Conflict(format!(
                "the management scope '{}' is not used by a role assignment of the account '{}' being removed, and it is not the account's own scope, so nothing was removed; remove it with Remove-ManagementScope if it is not needed",
                scope.name, d.input.account
            )));
        }
        if !others.is_empty() {
            findings.push(Finding::new(
                Severity::Info,
                "ScopeKept",
                &scope.name,
                format!(
                    "the scope '{}' stays: other assignments use it ({})",
                    scope.name,
                    others.join(", ")
                ),
                "nothing to do",
            ));
            continue;
        }
        let mut again = Parameters::new().text("Name", &scope.name).text(
            "RecipientRestrictionFilter",
            scope.recipient_filter.clone().unwrap_or_default(),
        );
        if let Some(root) = scope.recipient_root.as_deref().filter(|r| !r.is_empty()) {
            again = again.text("RecipientRoot", root);
        }
        if scope.exclusive {
            again = again.flag("Exclusive", true).flag("Force", true);
        }
        steps.push(Step {
            index: 0,
            action: Action::RemoveScope,
            target: scope.name.clone(),
            reason: "no remaining role assignment uses the scope".into(),
            cmdlet: "Remove-ManagementScope".into(),
            parameters: with_dc(Parameters::new().text("Identity", &scope.name), d),
            command: String::new(),
            undo: if scope.recipient_filter.is_some() {
                undo("New-ManagementScope", with_dc(again, d))
            } else {
                None
            },
            verify: Some(read("Get-ManagementScope", &scope.name, d, Expect::Absent)),
            for_each: None,
        });
    }
    if !state.is_exchange_online {
        for p in state
            .ad_permissions
            .iter()
            .filter(|_| !names.any())
            .filter(|p| !p.is_inherited && state.is_account_ace(p))
        {
            for right in [EPI_IMPERSONATION, EPI_MAY_IMPERSONATE] {
                if !p.grants(right) {
                    continue;
                }
                let parameters = with_dc(
                    Parameters::new()
                        .text("Identity", &p.identity)
                        .text("User", &p.user)
                        .text("ExtendedRights", right),
                    d,
                );
                steps.push(Step {
                    index: 0,
                    action: Action::RemoveAdPermission,
                    target: p.identity.clone(),
                    reason: format!("the legacy extended right {right} of '{}' on '{}' (no effect since Exchange 2010)", p.user, p.identity),
                    cmdlet: "Remove-ADPermission".into(),
                    parameters: parameters.clone(),
                    command: String::new(),
                    undo: undo("Add-ADPermission", parameters),
                    verify: None,
                    for_each: None,
                });
            }
        }
        if d.input.remove_mailbox
            && let Some(mb) = &state.account.mailbox
        {
            let id = mb
                .user_principal_name
                .clone()
                .or(mb.primary_smtp_address.clone())
                .or(mb.identity.clone())
                .unwrap_or_else(|| mb.name.clone());
            steps.push(Step {
                index: 0,
                action: Action::RemoveMailbox,
                target: id.clone(),
                reason: "-RemoveMailbox: the service mailbox and its AD user are deleted (the mailbox stays disconnected for the database's retention period)".into(),
                cmdlet: "Remove-Mailbox".into(),
                parameters: with_dc(Parameters::new().text("Identity", &id), d),
                command: String::new(),
                undo: None,
                verify: Some(read("Get-Mailbox", &id, d, Expect::Absent)),
                for_each: None,
            });
        }
    }
    let mut plan = Plan {
        kind: PlanKind::Removal,
        target: if d.online() {
            Target::ExchangeOnline
        } else {
            Target::OnPremises
        },
        converged: false,
        scope_name: chosen_scope,
        assignment_name: removed
            .first()
            .map_or_else(|| d.assignment_name.clone(), |a| a.name.clone()),
        assignment_names: removed.iter().map(|a| a.name.clone()).collect(),
        exchange_version: state.version().map_or("Unknown", |v| v.name()).to_owned(),
        principal,
        steps,
        findings,
    };
    plan.finish()?;
    Ok(plan)
}

/// The objects a removal was asked to take by name (`-AssignmentName`,
/// `-ScopeName`): when any is given, the removal touches only those.
struct Named<'a> {
    assignment: Option<&'a str>,
    scope: Option<&'a str>,
}

impl<'a> Named<'a> {
    fn from(d: &'a Desired) -> Self {
        let given = |n: &'a Option<String>| n.as_deref().map(str::trim).filter(|n| !n.is_empty());
        Named {
            assignment: given(&d.input.assignment_name),
            scope: given(&d.input.scope_name),
        }
    }

    fn any(&self) -> bool {
        self.assignment.is_some() || self.scope.is_some()
    }

    /// True when the assignment is to be removed: no name given, or its name
    /// (online also `<name>-<permission>`, as the setup names them).
    fn takes_assignment(&self, name: &str, online: bool) -> bool {
        match self.assignment {
            None => self.scope.is_none(),
            Some(n) => {
                name.eq_ignore_ascii_case(n)
                    || (online
                        && APPLICATION_ROLES.iter().any(|r| {
                            super::online_assignment_name(n, r).eq_ignore_ascii_case(name)
                        }))
            }
        }
    }

    /// A named scope is the account's when an assignment of the account that
    /// this removal takes uses it, or when it carries the name the setup gives
    /// the account's scope by default.
    fn scope_is_the_accounts(&self, scope: &Scope, removed: &[&Assignment], d: &Desired) -> bool {
        removed.iter().any(|a| {
            a.scope_name()
                .is_some_and(|s| s.eq_ignore_ascii_case(&scope.name))
        }) || Desired::new(DesiredInput {
            scope_name: None,
            ..d.input.clone()
        })
        .is_ok_and(|own| own.scope_name.eq_ignore_ascii_case(&scope.name))
    }

    /// A named assignment that is not the account's is an error.
    fn check_assignment(&self, state: &OrgState, removed: &[&Assignment]) -> Result<(), PlanError> {
        let Some(n) = self.assignment else {
            return Ok(());
        };
        if !removed.is_empty() {
            return Ok(());
        }
        let other = state
            .assignments
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(n));
        Err(PlanError::Prerequisite(match other {
            Some(a) => format!(
                "the role assignment '{}' does not belong to the account '{}' (it grants '{}' to '{}'), so nothing was removed; check -AssignmentName",
                a.name,
                state.account.identity,
                a.role,
                a.role_assignee_name
                    .as_deref()
                    .or(a.role_assignee.as_deref())
                    .unwrap_or("?")
            ),
            None => {
                let mine: Vec<&str> = state
                    .assignments
                    .iter()
                    .filter(|a| !a.delegating && state.is_account_assignee(a))
                    .map(|a| a.name.as_str())
                    .collect();
                format!(
                    "no role assignment named '{n}' exists for the account '{}', so nothing was removed; check -AssignmentName (the account's assignments: {})",
                    state.account.identity,
                    if mine.is_empty() {
                        "none".to_owned()
                    } else {
                        mine.join(", ")
                    }
                )
            }
        }))
    }
}

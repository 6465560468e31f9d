//! Removal plans: the account's (or application's) assignments, the scope when
//! nothing else uses it, the service principal pointer when nothing else uses
//! it, the legacy AD extended rights, and the mailbox only when asked.

use super::assign::removal_step;
use super::desired::{Desired, DesiredInput};
use super::model::{Action, Expect, Finding, Plan, PlanKind, Severity, Step, Target};
use super::scope::{read, undo, with_dc};
use super::{APPLICATION_ROLES, PlanError, RETIRED_MESSAGE};
use crate::orgstate::{
    Assignment, EPI_IMPERSONATION, EPI_MAY_IMPERSONATE, OrgState, Scope, ServicePrincipal,
};
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
    check_target(state, d)?;
    super::check_state_account(state, d)?;
    let mut r = Removal::new(state, d);
    if d.online() {
        r.service_principal_assignments();
    }
    r.account_assignments();
    r.service_principal_pointer();
    if d.online() && !r.principal_found && r.removed.is_empty() {
        return Err(PlanError::Prerequisite(format!(
            "no service principal pointer for application {} and no role assignment of '{}' exist, so nothing was removed; check -AppId, -ServicePrincipalObjectId and -Identity",
            d.app_id, d.input.account
        )));
    }
    r.names.check_assignment(state, &r.removed)?;
    let chosen_scope = r.scopes()?;
    if !state.is_exchange_online {
        r.ad_permissions();
        r.mailbox();
    }
    r.into_plan(chosen_scope)
}

/// Refuses a removal planned for the other kind of organization, or for an
/// account the organization does not know.
fn check_target(state: &OrgState, d: &Desired) -> Result<(), PlanError> {
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
    Ok(())
}

/// A removal plan being built: the steps and findings so far, and the
/// assignments it removes.
struct Removal<'a> {
    state: &'a OrgState,
    d: &'a Desired,
    names: Named<'a>,
    steps: Vec<Step>,
    findings: Vec<Finding>,
    removed: Vec<&'a Assignment>,
    principal: String,
    principal_found: bool,
    /// Object id, app id and display name of the pointer to remove.
    sp_to_remove: Option<(String, String, Option<String>)>,
}

impl<'a> Removal<'a> {
    fn new(state: &'a OrgState, d: &'a Desired) -> Self {
        Removal {
            state,
            d,
            names: Named::from(d),
            steps: Vec::new(),
            findings: Vec::new(),
            removed: Vec::new(),
            principal: state.account.assignee_identity(),
            principal_found: false,
            sp_to_remove: None,
        }
    }

    /// The service principal pointer of the application (by app id or
    /// object id).
    fn service_principal(&self) -> Option<&'a ServicePrincipal> {
        let d = self.d;
        self.state.service_principals.iter().find(|p| {
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
        })
    }

    /// Online: the application roles of the service principal this setup
    /// granted are removed, others are kept (and said so); the pointer goes
    /// too when nothing else is assigned to it.
    fn service_principal_assignments(&mut self) {
        let Some(sp) = self.service_principal() else {
            return;
        };
        self.principal_found = true;
        let id = sp.object_id.clone().unwrap_or_default();
        self.principal = id.clone();
        let of_sp: Vec<&Assignment> = self
            .state
            .assignments
            .iter()
            .filter(|a| {
                !a.delegating
                    && a.assigned_to_principal(|n| n.eq_ignore_ascii_case(&id) || sp.is_named(n))
            })
            .collect();
        let removed_before = self.removed.len();
        let names = self.names;
        for a in of_sp
            .iter()
            .filter(|a| names.takes_assignment(&a.name, true))
        {
            self.service_principal_assignment(a, &id);
        }
        if !self.names.any() && self.removed.len() - removed_before == of_sp.len() {
            self.sp_to_remove = Some((
                id,
                sp.app_id.clone().unwrap_or_default(),
                sp.display_name.clone(),
            ));
        }
    }

    fn service_principal_assignment(&mut self, a: &'a Assignment, id: &str) {
        let d = self.d;
        let own_name = a.is_application_role()
            && a.name
                .eq_ignore_ascii_case(&super::online_assignment_name(&d.assignment_name, &a.role));
        let setup_role = d
            .roles
            .iter()
            .map(String::as_str)
            .chain(APPLICATION_ROLES)
            .any(|r| r.eq_ignore_ascii_case(&a.role));
        if own_name || setup_role {
            let reason = format!(
                "grants '{}' to the application's service principal {id}",
                a.role
            );
            self.remove(a, reason);
        } else {
            self.findings.push(Finding::new(
                Severity::Info,
                "AssignmentKept",
                &a.name,
                format!("'{}' grants '{}' to the same service principal; it is not part of this setup and stays", a.name, a.role),
                "remove it separately if it is not needed",
            ));
        }
    }

    /// The account's ApplicationImpersonation assignments.
    fn account_assignments(&mut self) {
        let (state, names) = (self.state, self.names);
        for a in state
            .assignments
            .iter()
            .filter(|a| a.is_impersonation() && !a.delegating && state.is_account_assignee(a))
            .filter(|a| names.takes_assignment(&a.name, false))
        {
            let reason = match a.scope_name() {
                Some(s) => format!("grants ApplicationImpersonation to the account on scope '{s}'"),
                None => {
                    "grants ApplicationImpersonation to the account over the whole organization"
                        .to_owned()
                }
            };
            self.remove(a, reason);
        }
    }

    fn remove(&mut self, a: &'a Assignment, reason: String) {
        self.removed.push(a);
        self.steps
            .push(remove_assignment(a, self.state, self.d, reason));
    }

    fn service_principal_pointer(&mut self) {
        let Some((id, app_id, display)) = self.sp_to_remove.take() else {
            return;
        };
        let mut again = Parameters::new()
            .text("AppId", &app_id)
            .text("ObjectId", &id);
        if let Some(n) = display {
            again = again.text("DisplayName", n);
        }
        self.steps.push(Step {
            index: 0,
            action: Action::RemoveServicePrincipal,
            target: id.clone(),
            reason: "the service principal pointer has no other role assignments".into(),
            cmdlet: "Remove-ServicePrincipal".into(),
            parameters: Parameters::new().text("Identity", &id),
            command: String::new(),
            undo: undo("New-ServicePrincipal", again),
            verify: Some(read("Get-ServicePrincipal", &id, self.d, Expect::Absent)),
            for_each: None,
        });
    }

    /// The scopes the removal looks at: the named one, or the account's and
    /// those of the removed assignments.
    fn scope_names(&self) -> Vec<String> {
        let names = &self.names;
        let mut scope_names: Vec<String> = match names.scope {
            Some(n) => vec![n.to_owned()],
            None if names.any() => Vec::new(),
            None => vec![self.d.scope_name.clone()],
        };
        for a in self.removed.iter().filter(|_| !names.any()) {
            if let Some(s) = a.scope_name()
                && !scope_names.iter().any(|n| n.eq_ignore_ascii_case(s))
            {
                scope_names.push(s.to_owned());
            }
        }
        scope_names
    }

    /// Removes the scopes nothing else uses; the name of the last scope found.
    fn scopes(&mut self) -> Result<String, PlanError> {
        let mut chosen_scope = self.d.scope_name.clone();
        for name in &self.scope_names() {
            let Some(scope) = self.state.scope(name) else {
                if self.names.scope.is_some() {
                    return Err(PlanError::Prerequisite(format!(
                        "no management scope named '{name}' exists, so nothing was removed; check -ScopeName (Get-ManagementScope lists the scopes)"
                    )));
                }
                continue;
            };
            chosen_scope = scope.name.clone();
            self.scope(scope)?;
        }
        Ok(chosen_scope)
    }

    /// The names of the assignments this removal keeps that use `scope`.
    fn other_users(&self, scope: &Scope) -> Vec<&'a str> {
        self.state
            .assignments
            .iter()
            .filter(|a| {
                !self
                    .removed
                    .iter()
                    .any(|r| r.name.eq_ignore_ascii_case(&a.name))
            })
            .filter(|a| {
                a.scope_name()
                    .is_some_and(|s| s.eq_ignore_ascii_case(&scope.name))
            })
            .map(|a| a.name.as_str())
            .collect()
    }

    fn scope(&mut self, scope: &Scope) -> Result<(), PlanError> {
        let others = self.other_users(scope);
        if self.names.scope.is_some() {
            self.check_named_scope(scope, &others)?;
        }
        if !others.is_empty() {
            self.findings.push(Finding::new(
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
            return Ok(());
        }
        self.steps.push(remove_scope(scope, self.d));
        Ok(())
    }

    /// A scope named with -ScopeName is removed only when it is the
    /// account's and nothing else uses it.
    fn check_named_scope(&self, scope: &Scope, others: &[&str]) -> Result<(), PlanError> {
        if !others.is_empty() {
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
        if !self
            .names
            .scope_is_the_accounts(scope, &self.removed, self.d)
        {
            return Err(PlanError::Conflict(format!(
                "the management scope '{}' is not used by a role assignment of the account '{}' being removed, and it is not the account's own scope, so nothing was removed; remove it with Remove-ManagementScope if it is not needed",
                scope.name, self.d.input.account
            )));
        }
        Ok(())
    }

    /// On-premises: the account's legacy extended rights.
    fn ad_permissions(&mut self) {
        let state = self.state;
        for p in state
            .ad_permissions
            .iter()
            .filter(|_| !self.names.any())
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
                    self.d,
                );
                self.steps.push(Step {
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
    }

    /// On-premises, with -RemoveMailbox: the service mailbox.
    fn mailbox(&mut self) {
        let d = self.d;
        if !d.input.remove_mailbox {
            return;
        }
        let Some(mb) = &self.state.account.mailbox else {
            return;
        };
        let id = mb
            .user_principal_name
            .clone()
            .or(mb.primary_smtp_address.clone())
            .or(mb.identity.clone())
            .unwrap_or_else(|| mb.name.clone());
        self.steps.push(Step {
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

    fn into_plan(self, chosen_scope: String) -> Result<Plan, PlanError> {
        let d = self.d;
        let mut plan = Plan {
            kind: PlanKind::Removal,
            target: if d.online() {
                Target::ExchangeOnline
            } else {
                Target::OnPremises
            },
            converged: false,
            scope_name: chosen_scope,
            assignment_name: self
                .removed
                .first()
                .map_or_else(|| d.assignment_name.clone(), |a| a.name.clone()),
            assignment_names: self.removed.iter().map(|a| a.name.clone()).collect(),
            exchange_version: self
                .state
                .version()
                .map_or("Unknown", |v| v.name())
                .to_owned(),
            principal: self.principal,
            steps: self.steps,
            findings: self.findings,
        };
        plan.finish()?;
        Ok(plan)
    }
}

/// The step removing a scope, with the command that recreates it.
fn remove_scope(scope: &Scope, d: &Desired) -> Step {
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
    Step {
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
    }
}

/// The objects a removal was asked to take by name (`-AssignmentName`,
/// `-ScopeName`): when any is given, the removal touches only those.
#[derive(Clone, Copy)]
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

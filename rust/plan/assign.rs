//! Planning one role assignment: keep, enable, re-scope, create; remove exact
//! duplicates; report the principal's other grants of the same role.

use super::PlanError;
use super::desired::Desired;
use super::model::{Action, Expect, Finding, Severity, Step, Verify};
use super::scope::{read, undo, with_dc};
use crate::orgstate::{Assignment, OrgState};
use crate::render::Parameters;

/// What to plan for.
pub(crate) struct AssignmentGoal<'a> {
    /// The role.
    pub role: &'a str,
    /// The explicit assignment name.
    pub name: &'a str,
    /// The scope to use.
    pub scope: &'a str,
    /// `CustomRecipientWriteScope`, `ExclusiveRecipientWriteScope` or `CustomResourceScope`.
    pub scope_parameter: &'a str,
    /// `User` or `App`, and the identity passed to it.
    pub assignee_parameter: &'a str,
    /// The assignee identity.
    pub assignee: &'a str,
    /// Plan removal of the principal's unscoped grants of the role.
    pub remove_unscoped: bool,
}

/// True for the scope parameters of `-App` assignments.
fn is_online_scope(parameter: &str) -> bool {
    matches!(
        parameter,
        "CustomResourceScope" | "RecipientGroupScope" | "RecipientAdministrativeUnitScope"
    )
}

/// The read that proves a created assignment: the role, the scope and that it
/// is enabled, never the name alone (the exported script also checks the assignee).
fn created_assignment_check(goal: &AssignmentGoal, d: &Desired) -> Verify {
    let mut verify = read(
        "Get-ManagementRoleAssignment",
        goal.name,
        d,
        Expect::Present,
    );
    let scope_property = if is_online_scope(goal.scope_parameter) {
        goal.scope_parameter
    } else {
        "CustomRecipientWriteScope"
    };
    verify.properties = Parameters::new()
        .text("Role", goal.role)
        .text(scope_property, goal.scope)
        .text("Enabled", "True");
    verify
}

fn remove_step(a: &Assignment, goal: &AssignmentGoal, d: &Desired, reason: String) -> Step {
    let mut recreate = Parameters::new()
        .text("Name", &a.name)
        .text("Role", &a.role)
        .text(goal.assignee_parameter, goal.assignee);
    if let Some(s) = a.scope_name() {
        recreate = recreate.text(goal.scope_parameter, s);
    }
    removal_step(a, recreate, d, reason)
}

/// The step that removes assignment `a`; its undo re-creates it with
/// `recreate` (name, role, assignee and scope as they were).
pub(crate) fn removal_step(
    a: &Assignment,
    recreate: Parameters,
    d: &Desired,
    reason: String,
) -> Step {
    Step {
        index: 0,
        action: Action::RemoveAssignment,
        target: a.name.clone(),
        reason,
        cmdlet: "Remove-ManagementRoleAssignment".into(),
        parameters: with_dc(Parameters::new().text("Identity", &a.name), d),
        command: String::new(),
        undo: undo("New-ManagementRoleAssignment", with_dc(recreate, d)),
        verify: Some(read(
            "Get-ManagementRoleAssignment",
            &a.name,
            d,
            Expect::Absent,
        )),
        for_each: None,
    }
}

/// Plans the assignment; `mine` selects the principal's grants of the role.
/// Returns the name of the assignment that grants the role after the plan.
pub(crate) fn plan_assignment(
    state: Option<&OrgState>,
    d: &Desired,
    goal: &AssignmentGoal,
    mine: &dyn Fn(&Assignment) -> bool,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) -> Result<String, PlanError> {
    let empty = Vec::new();
    let all = state.map_or(&empty, |s| &s.assignments);
    let role_is = |a: &Assignment| a.role.eq_ignore_ascii_case(goal.role) && !a.delegating;
    let ours: Vec<&Assignment> = all.iter().filter(|a| role_is(a) && mine(a)).collect();
    let named = all.iter().find(|a| a.name.eq_ignore_ascii_case(goal.name));
    if let Some(n) = named
        && !(role_is(n) && mine(n))
    {
        return Err(PlanError::Conflict(format!(
            "the assignment name '{}' is taken by an assignment of role '{}' to '{}'; choose another -AssignmentName",
            n.name,
            n.role,
            n.assignee_display()
        )));
    }
    let scoped: Vec<&Assignment> = ours
        .iter()
        .copied()
        .filter(|a| {
            a.scope_name()
                .is_some_and(|s| s.eq_ignore_ascii_case(goal.scope))
        })
        .collect();
    let mut handled: Vec<&str> = Vec::new();
    let chosen = if let Some(k) = kept_assignment(&scoped, goal) {
        keep_assignment(k, &scoped, goal, d, steps, findings);
        handled.extend(scoped.iter().map(|a| a.name.as_str()));
        k.name.clone()
    } else if let Some(n) = named {
        handled.push(&n.name);
        steps.push(rescope_step(n, goal, d));
        n.name.clone()
    } else {
        steps.push(create_step(goal, d));
        goal.name.to_owned()
    };
    for other in ours
        .iter()
        .filter(|a| !handled.iter().any(|h| h.eq_ignore_ascii_case(&a.name)))
    {
        other_grant(other, goal, d, steps, findings);
    }
    Ok(chosen)
}

/// Of the grants on the goal's scope, the one the plan keeps: the one with
/// the goal's name, else an enabled one, else the first.
fn kept_assignment<'a>(scoped: &[&'a Assignment], goal: &AssignmentGoal) -> Option<&'a Assignment> {
    scoped
        .iter()
        .copied()
        .find(|a| a.name.eq_ignore_ascii_case(goal.name))
        .or_else(|| scoped.iter().copied().find(|a| a.enabled))
        .or_else(|| scoped.first().copied())
}

/// Keeps `k` (enabling it when disabled) and removes its duplicates.
fn keep_assignment(
    k: &Assignment,
    scoped: &[&Assignment],
    goal: &AssignmentGoal,
    d: &Desired,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) {
    if !k.enabled {
        steps.push(enable_step(k, goal, d));
    }
    if !k.name.eq_ignore_ascii_case(goal.name) {
        findings.push(Finding::new(
            Severity::Info,
            "ExistingAssignmentKept",
            &k.name,
            format!(
                "the assignment '{}' already grants '{}' on scope '{}'; the plan keeps it instead of creating '{}'",
                k.name, goal.role, goal.scope, goal.name
            ),
            "nothing to do",
        ));
    }
    for dup in scoped
        .iter()
        .filter(|a| !a.name.eq_ignore_ascii_case(&k.name))
    {
        steps.push(remove_step(
            dup,
            goal,
            d,
            format!(
                "duplicate of '{}' (same role, assignee and scope), typically left by re-running New-ManagementRoleAssignment without -Name",
                k.name
            ),
        ));
    }
}

fn enable_step(k: &Assignment, goal: &AssignmentGoal, d: &Desired) -> Step {
    let mut verify = read("Get-ManagementRoleAssignment", &k.name, d, Expect::Present);
    verify.properties = Parameters::new().text("Enabled", "True");
    let enabled = |on: bool| {
        with_dc(
            Parameters::new()
                .text("Identity", &k.name)
                .flag("Enabled", on),
            d,
        )
    };
    Step {
        index: 0,
        action: Action::EnableAssignment,
        target: k.name.clone(),
        reason: format!(
            "the assignment '{}' grants '{}' on scope '{}' but is disabled",
            k.name, goal.role, goal.scope
        ),
        cmdlet: "Set-ManagementRoleAssignment".into(),
        parameters: enabled(true),
        command: String::new(),
        undo: undo("Set-ManagementRoleAssignment", enabled(false)),
        verify: Some(verify),
        for_each: None,
    }
}

/// Moves the assignment with the goal's name to the goal's scope.
fn rescope_step(n: &Assignment, goal: &AssignmentGoal, d: &Desired) -> Step {
    let mut parameters = Parameters::new()
        .text("Identity", &n.name)
        .text(goal.scope_parameter, goal.scope);
    if !n.enabled {
        parameters = parameters.flag("Enabled", true);
    }
    let back = Parameters::new().text("Identity", &n.name);
    let back = match (
        n.scope_name(),
        n.recipient_organizational_unit_scope.as_deref(),
    ) {
        (Some(s), _) => back.text(goal.scope_parameter, s),
        (None, Some(ou)) if !ou.is_empty() => back.text("RecipientOrganizationalUnitScope", ou),
        _ if is_online_scope(goal.scope_parameter) => back,
        _ => back.text("RecipientRelativeWriteScope", "Organization"),
    };
    let mut verify = read("Get-ManagementRoleAssignment", &n.name, d, Expect::Present);
    verify.properties = Parameters::new().text(
        if is_online_scope(goal.scope_parameter) {
            goal.scope_parameter
        } else {
            "CustomRecipientWriteScope"
        },
        goal.scope,
    );
    Step {
        index: 0,
        action: Action::UpdateAssignment,
        target: n.name.clone(),
        reason: match n.scope_name() {
            Some(s) => format!(
                "the assignment '{}' exists with scope '{s}' instead of '{}'",
                n.name, goal.scope
            ),
            None => format!(
                "the assignment '{}' exists without a scope (organization-wide); it gets the scope '{}'",
                n.name, goal.scope
            ),
        },
        cmdlet: "Set-ManagementRoleAssignment".into(),
        parameters: with_dc(parameters, d),
        command: String::new(),
        undo: if back.0.len() > 1 {
            undo("Set-ManagementRoleAssignment", with_dc(back, d))
        } else {
            None
        },
        verify: Some(verify),
        for_each: None,
    }
}

fn create_step(goal: &AssignmentGoal, d: &Desired) -> Step {
    Step {
        index: 0,
        action: Action::CreateAssignment,
        target: goal.name.to_owned(),
        reason: format!(
            "'{}' has no '{}' assignment on scope '{}'; the explicit name keeps re-runs from piling up auto-named duplicates",
            goal.assignee, goal.role, goal.scope
        ),
        cmdlet: "New-ManagementRoleAssignment".into(),
        parameters: with_dc(
            Parameters::new()
                .text("Name", goal.name)
                .text("Role", goal.role)
                .text(goal.assignee_parameter, goal.assignee)
                .text(goal.scope_parameter, goal.scope),
            d,
        ),
        command: String::new(),
        undo: undo(
            "Remove-ManagementRoleAssignment",
            with_dc(Parameters::new().text("Identity", goal.name), d),
        ),
        verify: Some(created_assignment_check(goal, d)),
        for_each: None,
    }
}

/// Another grant of the role to the principal: an unscoped one is removed
/// (with -RemoveUnscopedGrants) or reported, a scoped one reported.
fn other_grant(
    other: &Assignment,
    goal: &AssignmentGoal,
    d: &Desired,
    steps: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) {
    if other.is_unscoped() && goal.remove_unscoped {
        steps.push(remove_step(
            other,
            goal,
            d,
            format!(
                "'{}' grants '{}' over the whole organization; with it in place the scope '{}' restricts nothing (-RemoveUnscopedGrants)",
                other.name, goal.role, goal.scope
            ),
        ));
        return;
    }
    let quoted = other.name.replace('\'', "''");
    findings.push(if !other.is_unscoped() {
        Finding::new(
            Severity::Medium,
            "AdditionalImpersonationScope",
            &other.name,
            format!(
                "the assignment '{}' also grants '{}' to '{}' on '{}'; it widens what the account can reach beyond scope '{}'",
                other.name,
                goal.role,
                goal.assignee,
                other.scope_name().or(other.recipient_organizational_unit_scope.as_deref()).unwrap_or("?"),
                goal.scope
            ),
            "remove it if it is not needed",
        )
    } else if other.enabled {
        Finding::new(
            Severity::Critical,
            "UnscopedImpersonation",
            &other.name,
            format!(
                "the assignment '{}' gives '{}' the role '{}' over the whole organization; assignments add up, so the scope '{}' restricts nothing while it exists",
                other.name, goal.assignee, goal.role, goal.scope
            ),
            format!(
                "Remove-ManagementRoleAssignment -Identity '{quoted}' -Confirm:$false (or plan with -RemoveUnscopedGrants)"
            ),
        )
    } else {
        Finding::new(
            Severity::Low,
            "DisabledAssignment",
            &other.name,
            format!("the disabled assignment '{}' would grant '{}' organization-wide if enabled", other.name, goal.role),
            format!("Remove-ManagementRoleAssignment -Identity '{quoted}' -Confirm:$false"),
        )
    });
}

//! Exchange Online scope kinds besides a management scope: a group's direct
//! members (`-RecipientGroupScope`) or an Entra administrative unit
//! (`-RecipientAdministrativeUnitScope`) on `New-ManagementRoleAssignment -App`
//! (docs/exchange.md, RBAC for Applications), and the id checks of the
//! application's identities.

use super::desired::{Desired, DesiredError, DesiredInput};
use crate::audit::ENTRA_OBJECT_ID_PATH;

fn err(message: String) -> DesiredError {
    DesiredError {
        message,
        position: None,
    }
}

fn given(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// Checks the scope kinds: at most one of filter, group and administrative
/// unit; groups and units only in Exchange Online; roles only online.
pub(crate) fn validate(input: &mut DesiredInput, online: bool) -> Result<(), DesiredError> {
    for v in [
        &mut input.recipient_group_scope,
        &mut input.recipient_administrative_unit_scope,
    ] {
        if let Some(s) = v {
            *s = s.trim().to_owned();
            if s.is_empty() {
                *v = None;
            }
        }
    }
    let group = given(&input.recipient_group_scope);
    let unit = given(&input.recipient_administrative_unit_scope);
    if (group || unit) && !online {
        return Err(err("-RecipientGroupScope and -RecipientAdministrativeUnitScope exist only in Exchange Online (RBAC for Applications); on-premises, scope with -RecipientFilter".into()));
    }
    if input.roles.as_ref().is_some_and(|r| !r.is_empty()) && !online {
        return Err(err("-Role chooses RBAC for Applications roles, which exist only in Exchange Online; on-premises the plan grants ApplicationImpersonation".into()));
    }
    let kinds = [input.filter.is_some(), group, unit]
        .iter()
        .filter(|b| **b)
        .count();
    if kinds > 1 {
        return Err(err("pass only one of -RecipientFilter, -RecipientGroupScope and -RecipientAdministrativeUnitScope: an assignment has one scope".into()));
    }
    if let Some(g) = input.recipient_group_scope.as_deref()
        && g.contains(['*', '?'])
    {
        return Err(err(format!(
            "the group '{g}' contains a wildcard character; name one group"
        )));
    }
    Ok(())
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The application id given where the service principal's object id is expected.
pub(crate) fn check_ids(input: &DesiredInput, app_id: &str) -> Result<(), DesiredError> {
    if let Some(o) = input.service_principal_object_id.as_deref()
        && same(o, app_id)
    {
        return Err(err(format!(
            "-ServicePrincipalObjectId {} is the application (client) id, not the service principal's object id; copy it from {ENTRA_OBJECT_ID_PATH}",
            o.trim()
        )));
    }
    Ok(())
}

/// The scope parameter and value of the assignments, when not a management scope.
pub(crate) fn assignment_scope(d: &Desired) -> Option<(&'static str, &str)> {
    if let Some(g) = d.input.recipient_group_scope.as_deref() {
        return Some(("RecipientGroupScope", g));
    }
    d.input
        .recipient_administrative_unit_scope
        .as_deref()
        .map(|u| ("RecipientAdministrativeUnitScope", u))
}

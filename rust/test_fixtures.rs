//! Fixtures shared by the unit tests of the planner, the audit and the
//! report: recipients, role assignments and an Exchange Online tenant.

use crate::opath::Record;
use crate::orgstate::{Assignment, OrgState, ServiceAccount, ServicePrincipal};
use crate::plan::SALESFORCE_EAC_APP_ID;
use crate::recipient::{Recipient, RecipientKind};

/// The object id of the tenant's service principal pointer.
pub(crate) const SP: &str = "6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1";

/// A recipient with a name, a department, a type and an address at `domain`.
pub(crate) fn recipient(
    name: &str,
    dept: &str,
    type_details: &str,
    domain: &str,
    kind: RecipientKind,
) -> Recipient {
    let mut record = Record::new();
    record
        .set("Name", name)
        .set("Department", dept)
        .set("RecipientTypeDetails", type_details)
        .set("PrimarySmtpAddress", format!("{name}@{domain}"));
    Recipient { record, kind }
}

/// An enabled assignment of `role` to a user, on a custom recipient scope
/// or (without one) over the organization.
pub(crate) fn user_assignment(
    name: &str,
    role: &str,
    (assignee, assignee_name): (&str, &str),
    scope: Option<&str>,
) -> Assignment {
    Assignment {
        name: name.into(),
        role: role.into(),
        role_assignee: Some(assignee.into()),
        role_assignee_name: Some(assignee_name.into()),
        role_assignee_type: Some("User".into()),
        custom_recipient_write_scope: scope.map(Into::into),
        recipient_write_scope: Some(
            if scope.is_some() {
                "CustomRecipientScope"
            } else {
                "Organization"
            }
            .into(),
        ),
        enabled: true,
        ..Default::default()
    }
}

/// An enabled application role of the tenant's service principal on a
/// custom resource scope.
pub(crate) fn app_assignment(name: &str, role: &str, scope: &str) -> Assignment {
    Assignment {
        name: name.into(),
        role: role.into(),
        role_assignee: Some(SP.into()),
        role_assignee_name: Some(SP.into()),
        role_assignee_type: Some("ServicePrincipal".into()),
        custom_resource_scope: Some(scope.into()),
        enabled: true,
        ..Default::default()
    }
}

/// An Exchange Online tenant whose account is the Salesforce EAC
/// application, with its service principal pointer.
pub(crate) fn tenant() -> OrgState {
    OrgState {
        is_exchange_online: true,
        account: ServiceAccount {
            identity: "Salesforce EAC".into(),
            ..Default::default()
        },
        service_principals: vec![ServicePrincipal {
            display_name: Some("Salesforce EAC".into()),
            app_id: Some(SALESFORCE_EAC_APP_ID.into()),
            object_id: Some(SP.into()),
            identity: Some(SP.into()),
        }],
        ..Default::default()
    }
}

//! Reads the snapshot sections of [`super::online`].

use crate::clixml::{Object, Value};

use super::online::{AuthorizationCheck, CasMailbox, EwsOrgConfig, GroupMember, GroupMembers};
use super::read::{list_of, prop_list, prop_text, value_bool};

fn prop_opt_bool(o: &Object, name: &str) -> Option<bool> {
    o.get(name).and_then(value_bool)
}

/// Splits comma-separated texts (`EwsAllowedAppIDs` is one string) into items.
fn items(o: &Object, name: &str) -> Vec<String> {
    prop_list(o, name)
        .iter()
        .flat_map(|s| s.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The EWS switches of `OrganizationConfig`.
pub(super) fn ews_config(c: &Object) -> EwsOrgConfig {
    let recorded = [
        "EwsEnabled",
        "EwsApplicationAccessPolicy",
        "EwsAllowedAppIDs",
    ]
    .iter()
    .any(|n| c.get(n).is_some());
    EwsOrgConfig {
        ews_enabled: prop_opt_bool(c, "EwsEnabled"),
        application_access_policy: prop_text(c, "EwsApplicationAccessPolicy"),
        allowed_clients: prop_list(c, "EwsAllowedClients"),
        blocked_clients: prop_list(c, "EwsBlockedClients"),
        allowed_app_ids: items(c, "EwsAllowedAppIDs"),
        recorded,
    }
}

/// `CasMailboxes`, when the snapshot holds them.
pub(super) fn cas_mailboxes(root: &Object) -> Option<Vec<CasMailbox>> {
    optional_list_of(root, "CasMailboxes", |o| CasMailbox {
        name: prop_text(o, "Name").unwrap_or_default(),
        identity: prop_text(o, "Identity"),
        primary_smtp_address: prop_text(o, "PrimarySmtpAddress"),
        distinguished_name: prop_text(o, "DistinguishedName"),
        ews_enabled: prop_opt_bool(o, "EwsEnabled"),
        application_access_policy: prop_text(o, "EwsApplicationAccessPolicy"),
        allow_list: prop_list(o, "EwsAllowList"),
        block_list: prop_list(o, "EwsBlockList"),
    })
}

/// `Groups`: each with `Identity`, `Name`, `DistinguishedName`, `Members`.
pub(super) fn groups(root: &Object) -> Vec<GroupMembers> {
    list_of(root, "Groups", |g| GroupMembers {
        identity: prop_text(g, "Identity").unwrap_or_default(),
        name: prop_text(g, "Name"),
        distinguished_name: prop_text(g, "DistinguishedName"),
        primary_smtp_address: prop_text(g, "PrimarySmtpAddress"),
        members: list_of(g, "Members", |m| GroupMember {
            name: prop_text(m, "Name").unwrap_or_default(),
            primary_smtp_address: prop_text(m, "PrimarySmtpAddress"),
            distinguished_name: prop_text(m, "DistinguishedName"),
            recipient_type_details: prop_text(m, "RecipientTypeDetails"),
        }),
    })
}

/// `AuthorizationChecks`, when a proof was run.
pub(super) fn authorization_checks(root: &Object) -> Option<Vec<AuthorizationCheck>> {
    optional_list_of(root, "AuthorizationChecks", |o| AuthorizationCheck {
        resource: prop_text(o, "Resource").unwrap_or_default(),
        role_name: prop_text(o, "RoleName").unwrap_or_default(),
        granted_permissions: prop_text(o, "GrantedPermissions"),
        allowed_resource_scope: prop_text(o, "AllowedResourceScope"),
        scope_type: prop_text(o, "ScopeType"),
        in_scope: o.get("InScope").and_then(value_bool),
    })
}

/// Like [`list_of`], but `None` when the snapshot did not record the list.
fn optional_list_of<T>(root: &Object, name: &str, read: impl Fn(&Object) -> T) -> Option<Vec<T>> {
    match root.get(name) {
        None | Some(Value::Null) => None,
        Some(_) => Some(list_of(root, name, read)),
    }
}

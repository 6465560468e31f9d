//! Snapshot sections for the reach of a sync product: the organization's EWS
//! switches, each mailbox's EWS settings (`Get-CASMailbox`), group members
//! for group-scoped application roles, and the per-mailbox results of
//! `Test-ServicePrincipalAuthorization` (docs/exchange.md, RBAC for
//! Applications and EWS).

use serde::Serialize;

/// True when one of the non-empty `names` is `name` (ignoring ASCII case).
pub(crate) fn names_match<'a>(
    names: impl IntoIterator<Item = Option<&'a str>>,
    name: &str,
) -> bool {
    names
        .into_iter()
        .flatten()
        .any(|n| !n.is_empty() && n.eq_ignore_ascii_case(name))
}

/// The organization's EWS switches (`Get-OrganizationConfig`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EwsOrgConfig {
    /// `EwsEnabled`: `None` when unset.
    pub ews_enabled: Option<bool>,
    /// `EwsApplicationAccessPolicy`: `EnforceAllowList`, `EnforceBlockList` or unset.
    pub application_access_policy: Option<String>,
    /// `EwsAllowedClients` (user-agent patterns).
    pub allowed_clients: Vec<String>,
    /// `EwsBlockedClients` (user-agent patterns).
    pub blocked_clients: Vec<String>,
    /// `EwsAllowedAppIDs` (Exchange Online).
    pub allowed_app_ids: Vec<String>,
    /// False when the snapshot did not record these properties.
    pub recorded: bool,
}

/// One mailbox's EWS settings (`Get-CASMailbox`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CasMailbox {
    /// `Name`.
    pub name: String,
    /// `Identity`.
    pub identity: Option<String>,
    /// `PrimarySmtpAddress`.
    pub primary_smtp_address: Option<String>,
    /// `DistinguishedName`.
    pub distinguished_name: Option<String>,
    /// `EwsEnabled`: `None` when unset (the organization decides).
    pub ews_enabled: Option<bool>,
    /// `EwsApplicationAccessPolicy`.
    pub application_access_policy: Option<String>,
    /// `EwsAllowList`.
    pub allow_list: Vec<String>,
    /// `EwsBlockList`.
    pub block_list: Vec<String>,
}

impl CasMailbox {
    /// True when `name` is this mailbox's name, identity, address or DN.
    pub fn is_named(&self, name: &str) -> bool {
        names_match(
            [
                Some(self.name.as_str()),
                self.identity.as_deref(),
                self.primary_smtp_address.as_deref(),
                self.distinguished_name.as_deref(),
            ],
            name,
        )
    }
}

/// One member of a group (`Get-DistributionGroupMember`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMember {
    /// `Name`.
    pub name: String,
    /// `PrimarySmtpAddress`.
    pub primary_smtp_address: Option<String>,
    /// `DistinguishedName`.
    pub distinguished_name: Option<String>,
    /// `RecipientTypeDetails`.
    pub recipient_type_details: Option<String>,
}

impl GroupMember {
    /// True when the member is itself a group (its members are not covered by a group scope).
    pub fn is_group(&self) -> bool {
        self.recipient_type_details
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().contains("group"))
    }

    /// True when `name` names this member.
    pub fn is_named(&self, name: &str) -> bool {
        names_match(
            [
                Some(self.name.as_str()),
                self.primary_smtp_address.as_deref(),
                self.distinguished_name.as_deref(),
            ],
            name,
        )
    }
}

/// A group and its direct members, as read for a group scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMembers {
    /// The identity the group was read by (as the assignment names it).
    pub identity: String,
    /// `Name`.
    pub name: Option<String>,
    /// `DistinguishedName`.
    pub distinguished_name: Option<String>,
    /// `PrimarySmtpAddress`.
    pub primary_smtp_address: Option<String>,
    /// Direct members.
    pub members: Vec<GroupMember>,
}

impl GroupMembers {
    /// True when `name` names this group.
    pub fn is_named(&self, name: &str) -> bool {
        names_match(
            [
                Some(self.identity.as_str()),
                self.name.as_deref(),
                self.distinguished_name.as_deref(),
                self.primary_smtp_address.as_deref(),
            ],
            name,
        )
    }
}

/// One `Test-ServicePrincipalAuthorization -Resource` row for a sampled mailbox.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationCheck {
    /// The mailbox passed to `-Resource`.
    pub resource: String,
    /// `RoleName`.
    pub role_name: String,
    /// `GrantedPermissions`.
    pub granted_permissions: Option<String>,
    /// `AllowedResourceScope`.
    pub allowed_resource_scope: Option<String>,
    /// `ScopeType`.
    pub scope_type: Option<String>,
    /// `InScope`: `None` for `Not Run`.
    pub in_scope: Option<bool>,
}

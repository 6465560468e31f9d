//! The org-state data model.

use serde::Serialize;

use super::online::{AuthorizationCheck, CasMailbox, EwsOrgConfig, GroupMembers, names_match};
use super::version::ExchangeVersion;
use crate::recipient::Recipient;

/// The RBAC role Exchange Server grants EWS impersonation with.
pub const IMPERSONATION_ROLE: &str = "ApplicationImpersonation";
/// Extended right on Client Access server objects (Exchange 2007 mechanism).
pub const EPI_IMPERSONATION: &str = "ms-Exch-EPI-Impersonation";
/// Extended right on mailbox databases (Exchange 2007 mechanism).
pub const EPI_MAY_IMPERSONATE: &str = "ms-Exch-EPI-May-Impersonate";

/// One Exchange server (`Get-ExchangeServer`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Server {
    /// `Name`.
    pub name: String,
    /// `Fqdn`.
    pub fqdn: Option<String>,
    /// `DistinguishedName`, what `Add-ADPermission -Identity` takes.
    pub distinguished_name: Option<String>,
    /// `AdminDisplayVersion` as written.
    pub admin_display_version: Option<String>,
    /// The product read from `AdminDisplayVersion`, when recognised.
    pub version: Option<ExchangeVersion>,
    /// `major.minor.build.revision`.
    pub build: Option<String>,
    /// `IsClientAccessServer` (true on 2016+ Mailbox servers too).
    pub is_client_access_server: bool,
    /// `IsEdgeServer`.
    pub is_edge_server: bool,
    /// `ServerRole` text.
    pub server_role: Option<String>,
}

/// One mailbox database (`Get-MailboxDatabase`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    /// `Name`.
    pub name: String,
    /// `Server`.
    pub server: Option<String>,
    /// `DistinguishedName`.
    pub distinguished_name: Option<String>,
}

/// The service account's `Get-User` output.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountUser {
    /// `Name`.
    pub name: String,
    /// `Identity` (canonical name on-premises).
    pub identity: Option<String>,
    /// `UserPrincipalName`.
    pub user_principal_name: Option<String>,
    /// `SamAccountName`.
    pub sam_account_name: Option<String>,
    /// `DistinguishedName`.
    pub distinguished_name: Option<String>,
    /// `RecipientTypeDetails` (`UserMailbox`, `User`, …).
    pub recipient_type_details: Option<String>,
}

/// The service account's `Get-Mailbox` output.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountMailbox {
    /// `Name`.
    pub name: String,
    /// `Identity`.
    pub identity: Option<String>,
    /// `PrimarySmtpAddress`.
    pub primary_smtp_address: Option<String>,
    /// `UserPrincipalName`.
    pub user_principal_name: Option<String>,
}

/// The service account as gathered: the identity asked for, its user and mailbox.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccount {
    /// The identity the snapshot was taken for.
    pub identity: String,
    /// `Get-User` output, `None` when the user does not exist.
    pub user: Option<AccountUser>,
    /// `Get-Mailbox` output, `None` when the account has no mailbox.
    pub mailbox: Option<AccountMailbox>,
}

impl ServiceAccount {
    /// True when `name` names this account: its identity, name, UPN,
    /// `DOMAIN\sam`, sam account name, canonical identity or primary SMTP address
    /// (case-insensitive).
    pub fn is_named(&self, name: &str) -> bool {
        let name = name.trim();
        if name.is_empty() {
            return false;
        }
        let eq = |other: Option<&str>| {
            other.is_some_and(|o| !o.is_empty() && o.eq_ignore_ascii_case(name))
        };
        if eq(Some(&self.identity)) {
            return true;
        }
        if let Some(user) = &self.user {
            let sam = user.sam_account_name.as_deref();
            let tail = name.rsplit('\\').next().unwrap_or(name);
            if eq(Some(&user.name))
                || eq(user.identity.as_deref())
                || eq(user.user_principal_name.as_deref())
                || eq(user.distinguished_name.as_deref())
                || (name.contains('\\') && sam.is_some_and(|s| s.eq_ignore_ascii_case(tail)))
                || eq(sam)
            {
                return true;
            }
        }
        if let Some(mailbox) = &self.mailbox
            && (eq(Some(&mailbox.name))
                || eq(mailbox.identity.as_deref())
                || eq(mailbox.primary_smtp_address.as_deref())
                || eq(mailbox.user_principal_name.as_deref()))
        {
            return true;
        }
        false
    }

    /// The identity to pass to `-User`: the UPN when known, else the identity
    /// the snapshot was taken for.
    pub fn assignee_identity(&self) -> String {
        self.user
            .as_ref()
            .and_then(|u| u.user_principal_name.clone())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| self.identity.clone())
    }
}

/// One management scope (`Get-ManagementScope`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    /// `Name`.
    pub name: String,
    /// `RecipientFilter` — the stored text of `-RecipientRestrictionFilter`.
    pub recipient_filter: Option<String>,
    /// `RecipientRoot`.
    pub recipient_root: Option<String>,
    /// `Exclusive`.
    pub exclusive: bool,
    /// `ScopeRestrictionType` (`RecipientScope`, `ServerScope`, …).
    pub scope_restriction_type: Option<String>,
}

impl Scope {
    /// True for recipient scopes (or when the type was not recorded).
    pub fn is_recipient_scope(&self) -> bool {
        self.scope_restriction_type
            .as_deref()
            .is_none_or(|t| t.is_empty() || t.eq_ignore_ascii_case("RecipientScope"))
    }
}

/// One role assignment (`Get-ManagementRoleAssignment`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    /// `Name`.
    pub name: String,
    /// `Role`.
    pub role: String,
    /// `RoleAssignee` (identity text).
    pub role_assignee: Option<String>,
    /// `RoleAssigneeName`.
    pub role_assignee_name: Option<String>,
    /// `RoleAssigneeType` (`User`, `RoleGroup`, `ServicePrincipal`, …).
    pub role_assignee_type: Option<String>,
    /// `CustomRecipientWriteScope` (also holds an exclusive scope's name).
    pub custom_recipient_write_scope: Option<String>,
    /// `CustomResourceScope` (Exchange Online, `-App` assignments).
    pub custom_resource_scope: Option<String>,
    /// `RecipientWriteScope` (`Organization`, `CustomRecipientScope`,
    /// `ExclusiveRecipientScope`, `OU`, …).
    pub recipient_write_scope: Option<String>,
    /// `RecipientOrganizationalUnitScope`.
    pub recipient_organizational_unit_scope: Option<String>,
    /// `Enabled`.
    pub enabled: bool,
    /// `RoleAssignmentDelegationType` is not `Regular`: the assignment only
    /// allows delegating the role, it grants nothing itself.
    pub delegating: bool,
    /// `App`, when present (service principal assignments).
    pub app: Option<String>,
    /// `RecipientGroupScope` (Exchange Online: direct members of a group).
    pub recipient_group_scope: Option<String>,
    /// `RecipientAdministrativeUnitScope` (Exchange Online: an Entra administrative unit).
    pub recipient_administrative_unit_scope: Option<String>,
    /// `WhenChanged` (else `WhenCreated`) as written, for the permission cache.
    pub when_changed: Option<String>,
}

impl Assignment {
    /// True for the on-premises impersonation role.
    pub fn is_impersonation(&self) -> bool {
        self.role.eq_ignore_ascii_case(IMPERSONATION_ROLE)
    }

    /// True for RBAC-for-Applications roles (`Application …`).
    pub fn is_application_role(&self) -> bool {
        // Bytes, not text: the role name may have a multi-byte character at byte 12.
        let role = self.role.as_bytes();
        role.len() > 12 && role[..12].eq_ignore_ascii_case(b"Application ")
    }

    /// The recipient or resource scope name this assignment is limited to:
    /// a management scope, else a group or an administrative unit.
    pub fn scope_name(&self) -> Option<&str> {
        [
            &self.custom_resource_scope,
            &self.custom_recipient_write_scope,
            &self.recipient_group_scope,
            &self.recipient_administrative_unit_scope,
        ]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .find(|s| !s.is_empty())
    }

    /// The group of a group scope, when the assignment has one.
    pub fn group_scope(&self) -> Option<&str> {
        self.recipient_group_scope
            .as_deref()
            .filter(|s| !s.is_empty())
    }

    /// The administrative unit of an administrative-unit scope, when it has one.
    pub fn administrative_unit_scope(&self) -> Option<&str> {
        self.recipient_administrative_unit_scope
            .as_deref()
            .filter(|s| !s.is_empty())
    }

    /// True when the assignment has no recipient limit at all (organization-wide).
    pub fn is_unscoped(&self) -> bool {
        if self.scope_name().is_some()
            || self
                .recipient_organizational_unit_scope
                .as_deref()
                .is_some_and(|s| !s.is_empty())
        {
            return false;
        }
        match self.recipient_write_scope.as_deref() {
            None | Some("") => true,
            Some(w) => {
                w.eq_ignore_ascii_case("Organization")
                    || w.eq_ignore_ascii_case("CustomRecipientScope")
                    || w.eq_ignore_ascii_case("NotApplicable")
            }
        }
    }

    /// True when the assignee is a service principal.
    pub fn is_service_principal(&self) -> bool {
        self.role_assignee_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("ServicePrincipal"))
    }

    /// True when the assignee is a service principal that `is_it` accepts
    /// under one of the names the assignment carries for it
    /// (`RoleAssigneeName`, `RoleAssignee`, `App`).
    pub fn assigned_to_principal(&self, is_it: impl Fn(&str) -> bool) -> bool {
        self.is_service_principal()
            && [
                self.role_assignee_name.as_deref(),
                self.role_assignee.as_deref(),
                self.app.as_deref(),
            ]
            .into_iter()
            .flatten()
            .any(is_it)
    }

    /// True when the assignee is a single user.
    pub fn is_user(&self) -> bool {
        self.role_assignee_type
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case("User"))
    }

    /// The assignee as a person would name it.
    pub fn assignee_display(&self) -> &str {
        self.role_assignee_name
            .as_deref()
            .or(self.role_assignee.as_deref())
            .or(self.app.as_deref())
            .unwrap_or("")
    }
}

/// One access-control entry (`Get-ADPermission`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdPermission {
    /// `Identity` of the object (server or database name / DN).
    pub identity: String,
    /// `User` (`DOMAIN\sam`).
    pub user: String,
    /// `ExtendedRights`.
    pub extended_rights: Vec<String>,
    /// `Deny`.
    pub deny: bool,
    /// `IsInherited`.
    pub is_inherited: bool,
}

impl AdPermission {
    /// True for an explicit allow entry carrying `right`.
    pub fn grants(&self, right: &str) -> bool {
        !self.deny
            && self
                .extended_rights
                .iter()
                .any(|r| r.eq_ignore_ascii_case(right))
    }
}

/// An Exchange Online service principal pointer (`Get-ServicePrincipal`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    /// `DisplayName`.
    pub display_name: Option<String>,
    /// `AppId`.
    pub app_id: Option<String>,
    /// `ObjectId` (the enterprise application's object id).
    pub object_id: Option<String>,
    /// `Identity`.
    pub identity: Option<String>,
}

impl ServicePrincipal {
    /// True when `id` is this pointer's object id, app id, identity or display name.
    pub fn is_named(&self, id: &str) -> bool {
        names_match(
            [
                self.object_id.as_deref(),
                self.app_id.as_deref(),
                self.identity.as_deref(),
                self.display_name.as_deref(),
            ],
            id,
        )
    }
}

/// Everything the planner and the audit know about an organization.
#[derive(Debug, Clone, Default)]
pub struct OrgState {
    /// `SchemaVersion` of the snapshot (1).
    pub schema_version: i64,
    /// `CapturedAt` (ISO 8601 UTC).
    pub captured_at: Option<String>,
    /// The session was Exchange Online.
    pub is_exchange_online: bool,
    /// `OrganizationConfig.IsDehydrated`.
    pub is_dehydrated: bool,
    /// `OrganizationConfig.Name`.
    pub organization_name: Option<String>,
    /// Exchange servers (on-premises).
    pub servers: Vec<Server>,
    /// Mailbox databases (on-premises).
    pub databases: Vec<Database>,
    /// The service account.
    pub account: ServiceAccount,
    /// Management scopes.
    pub scopes: Vec<Scope>,
    /// Impersonation and application role assignments.
    pub assignments: Vec<Assignment>,
    /// Access-control entries on servers and databases.
    pub ad_permissions: Vec<AdPermission>,
    /// Service principal pointers (Exchange Online).
    pub service_principals: Vec<ServicePrincipal>,
    /// Recipients, when the snapshot was taken with `-IncludeRecipients`.
    pub recipients: Option<Vec<Recipient>>,
    /// The organization's EWS switches.
    pub ews: EwsOrgConfig,
    /// Every mailbox's EWS settings, when read (with the recipients).
    pub cas_mailboxes: Option<Vec<CasMailbox>>,
    /// Groups that group scopes name, with their direct members (and nested groups').
    pub groups: Vec<GroupMembers>,
    /// `Test-ServicePrincipalAuthorization -Resource` rows, when a proof was run.
    pub authorization_checks: Option<Vec<AuthorizationCheck>>,
}

impl OrgState {
    /// The product the planner targets: `Online`, else the newest version
    /// among the servers (the one whose shell runs the commands), else `None`.
    pub fn version(&self) -> Option<ExchangeVersion> {
        if self.is_exchange_online {
            return Some(ExchangeVersion::Online);
        }
        self.servers.iter().filter_map(|s| s.version).max()
    }

    /// Finds a scope by name (case-insensitive).
    pub fn scope(&self, name: &str) -> Option<&Scope> {
        self.scopes
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// Finds an assignment by name (case-insensitive).
    pub fn assignment(&self, name: &str) -> Option<&Assignment> {
        self.assignments
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The DNS domain of the organization, from a server's FQDN.
    pub fn dns_domain(&self) -> Option<String> {
        self.servers.iter().find_map(|s| {
            let fqdn = s.fqdn.as_deref()?;
            let (_, domain) = fqdn.split_once('.')?;
            (!domain.is_empty()).then(|| domain.to_ascii_lowercase())
        })
    }

    /// True when the assignment's assignee is the service account.
    pub fn is_account_assignee(&self, a: &Assignment) -> bool {
        if let Some(sp) = self.account_principal()
            && a.assigned_to_principal(|n| sp.is_named(n))
        {
            return true;
        }
        a.is_user()
            && [a.role_assignee.as_deref(), a.role_assignee_name.as_deref()]
                .into_iter()
                .flatten()
                .any(|n| self.account.is_named(n))
    }

    /// Exchange Online: the service principal pointer the account names (its
    /// display name, application id or object id).
    pub fn account_principal(&self) -> Option<&ServicePrincipal> {
        if !self.is_exchange_online {
            return None;
        }
        self.service_principals
            .iter()
            .find(|p| p.is_named(self.account.identity.trim()))
    }

    /// Finds a group read for a group scope by any of its names.
    pub fn group(&self, name: &str) -> Option<&GroupMembers> {
        self.groups.iter().find(|g| g.is_named(name))
    }

    /// True when the ACE's user is the service account (`DOMAIN\sam` or UPN).
    pub fn is_account_ace(&self, p: &AdPermission) -> bool {
        self.account.is_named(&p.user)
    }
}

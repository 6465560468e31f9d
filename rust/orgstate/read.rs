//! Reads a `LightningSync.OrgSnapshot` from CLIXML text
//! (`[PSSerializer]::Serialize($state, 4)` or `Export-LightningSyncOrgSnapshot`).

use crate::clixml::{Body, ObjGuard, Object, Reader, ReaderOptions, Value};
use crate::recipient::{Recipient, Reduced, reduce};

use super::model::{
    AccountMailbox, AccountUser, AdPermission, Assignment, Database, OrgState, Scope, Server,
    ServiceAccount, ServicePrincipal,
};
use super::version::ExchangeVersion;

/// Why a snapshot could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// The text is not CLIXML the reader accepts.
    #[error("the org snapshot is not readable CLIXML: {0}")]
    Clixml(String),
    /// The CLIXML holds no object.
    #[error("the org snapshot holds no object; pass the output of Export-LightningSyncOrgSnapshot")]
    Empty,
    /// The object is not an org snapshot.
    #[error(
        "the org snapshot object lacks '{0}'; pass the output of Export-LightningSyncOrgSnapshot (a LightningSync.OrgSnapshot)"
    )]
    NotASnapshot(&'static str),
    /// A newer snapshot schema.
    #[error("the org snapshot has SchemaVersion {0}; this library reads SchemaVersion 1")]
    UnsupportedSchema(i64),
}

/// The snapshot's properties other than `Recipients`.
const WITHOUT_RECIPIENTS: [&str; 12] = [
    "SchemaVersion",
    "CapturedAt",
    "IsExchangeOnline",
    "OrganizationConfig",
    "ExchangeServers",
    "MailboxDatabases",
    "ServiceAccount",
    "ManagementScopes",
    "RoleAssignments",
    "AdPermissions",
    "ServicePrincipals",
    "Groups",
];

/// Reads the first top-level object of `text` as an org snapshot.
pub fn read_snapshot(text: &str) -> Result<OrgState, SnapshotError> {
    read(Reader::new(text.as_bytes()))
}

/// Reads a snapshot but skips its recipients without decoding them (the
/// planner never needs them); `recipients` is `None`.
pub fn read_snapshot_without_recipients(text: &str) -> Result<OrgState, SnapshotError> {
    let options = ReaderOptions {
        projection: Some(WITHOUT_RECIPIENTS.iter().map(|s| s.to_string()).collect()),
        ..ReaderOptions::default()
    };
    read(Reader::with_options(text.as_bytes(), options))
}

fn read<R: std::io::Read>(mut reader: Reader<R>) -> Result<OrgState, SnapshotError> {
    let value = match reader.next() {
        None => return Err(SnapshotError::Empty),
        Some(Err(e)) => return Err(SnapshotError::Clixml(e.to_string())),
        Some(Ok(v)) => v,
    };
    let root = value.as_object().ok_or(SnapshotError::Empty)?;
    from_object(&root)
}

fn from_object(root: &Object) -> Result<OrgState, SnapshotError> {
    let account = root
        .get("ServiceAccount")
        .and_then(Value::as_object)
        .ok_or(SnapshotError::NotASnapshot("ServiceAccount"))?;
    if root.get("IsExchangeOnline").is_none() {
        return Err(SnapshotError::NotASnapshot("IsExchangeOnline"));
    }
    let schema_version = root
        .get("SchemaVersion")
        .and_then(|v| v.as_i128().or_else(|| text(v)?.parse().ok()))
        .unwrap_or(1) as i64;
    if schema_version != 1 {
        return Err(SnapshotError::UnsupportedSchema(schema_version));
    }
    let config = root.get("OrganizationConfig").and_then(Value::as_object);
    let recipients = match root.get("Recipients") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            objects(v)
                .iter()
                .map(|o| Recipient::from_object(o, None))
                .collect(),
        ),
    };
    Ok(OrgState {
        schema_version,
        captured_at: prop_text(root, "CapturedAt"),
        is_exchange_online: prop_bool(root, "IsExchangeOnline"),
        is_dehydrated: config
            .as_ref()
            .is_some_and(|c| prop_bool(c, "IsDehydrated")),
        organization_name: config.as_ref().and_then(|c| prop_text(c, "Name")),
        servers: list_of(root, "ExchangeServers", server),
        databases: list_of(root, "MailboxDatabases", database),
        account: service_account(&account),
        scopes: list_of(root, "ManagementScopes", scope),
        assignments: list_of(root, "RoleAssignments", assignment),
        ad_permissions: list_of(root, "AdPermissions", ad_permission),
        service_principals: list_of(root, "ServicePrincipals", service_principal),
        recipients,
        ews: config
            .as_ref()
            .map(|c| super::read_online::ews_config(c))
            .unwrap_or_default(),
        cas_mailboxes: super::read_online::cas_mailboxes(root),
        groups: super::read_online::groups(root),
        authorization_checks: super::read_online::authorization_checks(root),
    })
}

fn server(o: &Object) -> Server {
    let admin = prop_text(o, "AdminDisplayVersion");
    let parsed = admin
        .as_deref()
        .and_then(ExchangeVersion::from_admin_display_version);
    Server {
        name: prop_text(o, "Name").unwrap_or_default(),
        fqdn: prop_text(o, "Fqdn"),
        distinguished_name: prop_text(o, "DistinguishedName"),
        version: parsed.as_ref().map(|p| p.0),
        build: parsed.map(|p| p.1),
        admin_display_version: admin,
        is_client_access_server: prop_bool(o, "IsClientAccessServer"),
        is_edge_server: prop_bool(o, "IsEdgeServer"),
        server_role: prop_text(o, "ServerRole"),
    }
}

fn service_account(o: &Object) -> ServiceAccount {
    let user = o
        .get("User")
        .and_then(Value::as_object)
        .map(|u| AccountUser {
            name: prop_text(&u, "Name").unwrap_or_default(),
            identity: prop_text(&u, "Identity"),
            user_principal_name: prop_text(&u, "UserPrincipalName"),
            sam_account_name: prop_text(&u, "SamAccountName"),
            distinguished_name: prop_text(&u, "DistinguishedName"),
            recipient_type_details: prop_text(&u, "RecipientTypeDetails"),
        });
    let mailbox = o.get("Mailbox").and_then(present).map(|m| AccountMailbox {
        name: prop_text(&m, "Name").unwrap_or_default(),
        identity: prop_text(&m, "Identity"),
        primary_smtp_address: prop_text(&m, "PrimarySmtpAddress"),
        user_principal_name: prop_text(&m, "UserPrincipalName"),
    });
    ServiceAccount {
        identity: prop_text(o, "Identity").unwrap_or_default(),
        user,
        mailbox,
    }
}

fn scope(o: &Object) -> Scope {
    Scope {
        name: prop_text(o, "Name").unwrap_or_default(),
        recipient_filter: prop_text(o, "RecipientFilter"),
        recipient_root: prop_text(o, "RecipientRoot"),
        exclusive: prop_bool(o, "Exclusive"),
        scope_restriction_type: prop_text(o, "ScopeRestrictionType"),
    }
}

fn assignment(o: &Object) -> Assignment {
    let delegation = prop_text(o, "RoleAssignmentDelegationType");
    Assignment {
        name: prop_text(o, "Name").unwrap_or_default(),
        role: prop_text(o, "Role").unwrap_or_default(),
        role_assignee: prop_text(o, "RoleAssignee"),
        role_assignee_name: prop_text(o, "RoleAssigneeName"),
        role_assignee_type: prop_text(o, "RoleAssigneeType"),
        custom_recipient_write_scope: prop_text(o, "CustomRecipientWriteScope"),
        custom_resource_scope: prop_text(o, "CustomResourceScope"),
        recipient_write_scope: prop_text(o, "RecipientWriteScope"),
        recipient_organizational_unit_scope: prop_text(o, "RecipientOrganizationalUnitScope"),
        enabled: o
            .get("Enabled")
            .is_none_or(|v| value_bool(v).unwrap_or(true)),
        delegating: delegation
            .as_deref()
            .is_some_and(|d| !d.is_empty() && !d.eq_ignore_ascii_case("Regular")),
        app: prop_text(o, "App"),
        recipient_group_scope: prop_text(o, "RecipientGroupScope"),
        recipient_administrative_unit_scope: prop_text(o, "RecipientAdministrativeUnitScope"),
        when_changed: prop_text(o, "WhenChanged").or_else(|| prop_text(o, "WhenCreated")),
    }
}

/// An object that is really there: PowerShell serializes an empty pipeline
/// result (AutomationNull) as an object without properties.
fn present(v: &Value) -> Option<ObjGuard> {
    v.as_object().filter(|o| {
        ["Name", "Identity", "UserPrincipalName", "DistinguishedName"]
            .iter()
            .any(|n| prop_text(o, n).is_some())
    })
}

/// The objects of a list-valued property (a single object counts as a list of one).
pub(super) fn list(o: &Object, name: &str) -> Vec<ObjGuard> {
    o.get(name).map(objects).unwrap_or_default()
}

/// The objects of a list-valued property, each read by `read`.
pub(super) fn list_of<T>(o: &Object, name: &str, read: impl Fn(&Object) -> T) -> Vec<T> {
    list(o, name).iter().map(|item| read(item)).collect()
}

fn database(o: &Object) -> Database {
    Database {
        name: prop_text(o, "Name").unwrap_or_default(),
        server: prop_text(o, "Server"),
        distinguished_name: prop_text(o, "DistinguishedName"),
    }
}

fn ad_permission(o: &Object) -> AdPermission {
    AdPermission {
        identity: prop_text(o, "Identity").unwrap_or_default(),
        user: prop_text(o, "User").unwrap_or_default(),
        extended_rights: prop_list(o, "ExtendedRights"),
        deny: prop_bool(o, "Deny"),
        is_inherited: prop_bool(o, "IsInherited") || prop_bool(o, "Inherited"),
    }
}

fn service_principal(o: &Object) -> ServicePrincipal {
    ServicePrincipal {
        display_name: prop_text(o, "DisplayName"),
        app_id: prop_text(o, "AppId"),
        object_id: prop_text(o, "ObjectId").or_else(|| prop_text(o, "ServiceId")),
        identity: prop_text(o, "Identity"),
    }
}

fn objects(v: &Value) -> Vec<ObjGuard> {
    let Some(obj) = v.as_object() else {
        return Vec::new();
    };
    match &obj.body {
        Some(Body::List(_, items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => vec![obj],
    }
}

fn text(v: &Value) -> Option<String> {
    match reduce(v) {
        Reduced::One(s) => Some(s),
        Reduced::Many(items) => Some(items.join(", ")),
        Reduced::Null | Reduced::Unusable => None,
    }
}

/// A property as text; empty strings count as absent.
pub(super) fn prop_text(o: &Object, name: &str) -> Option<String> {
    o.get(name).and_then(text).filter(|s| !s.is_empty())
}

pub(super) fn prop_list(o: &Object, name: &str) -> Vec<String> {
    match o.get(name).map(reduce) {
        Some(Reduced::One(s)) if !s.is_empty() => vec![s],
        Some(Reduced::Many(items)) => items,
        _ => Vec::new(),
    }
}

pub(super) fn value_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        other => match text(other)?.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
    }
}

fn prop_bool(o: &Object, name: &str) -> bool {
    o.get(name).and_then(value_bool).unwrap_or(false)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds snapshot CLIXML the way PSSerializer writes a PSCustomObject.
    pub(crate) fn snapshot_xml(online: bool, body: &str) -> String {
        format!(
            r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><TN RefId="0"><T>LightningSync.OrgSnapshot</T><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I32 N="SchemaVersion">1</I32><S N="CapturedAt">2026-08-01T10:00:00Z</S><B N="IsExchangeOnline">{online}</B>{body}</MS></Obj></Objs>"#
        )
    }

    /// A small valid snapshot: one 2019 server, the account with a mailbox.
    pub(crate) fn minimal_snapshot(online: bool) -> String {
        snapshot_xml(
            online,
            r#"<Obj N="ExchangeServers" RefId="1"><LST><Obj RefId="2"><MS><S N="Name">EX01</S><S N="Fqdn">EX01.contoso.com</S><S N="AdminDisplayVersion">Version 15.2 (Build 1544.4)</S><B N="IsClientAccessServer">true</B></MS></Obj></LST></Obj>
            <Obj N="ServiceAccount" RefId="3"><MS><S N="Identity">svc</S><Obj N="User" RefId="4"><MS><S N="Name">svc</S></MS></Obj><Obj N="Mailbox" RefId="5"><MS><S N="Name">svc</S></MS></Obj></MS></Obj>"#,
        )
    }

    #[test]
    fn reads_every_section() {
        let xml = snapshot_xml(
            false,
            r#"<Obj N="OrganizationConfig" RefId="1"><MS><B N="IsDehydrated">false</B><S N="Name">Contoso</S></MS></Obj>
            <Obj N="ExchangeServers" RefId="2"><TN RefId="1"><T>System.Object[]</T></TN><LST>
              <Obj RefId="3"><MS><S N="Name">EX01</S><S N="Fqdn">EX01.contoso.com</S><S N="AdminDisplayVersion">Version 15.2 (Build 2562.17)</S><B N="IsClientAccessServer">true</B><S N="DistinguishedName">CN=EX01,CN=Servers</S></MS></Obj>
            </LST></Obj>
            <Obj N="MailboxDatabases" RefId="4"><TN RefId="1" /><LST><Obj RefId="5"><MS><S N="Name">DB01</S><S N="Server">EX01</S><S N="DistinguishedName">CN=DB01</S></MS></Obj></LST></Obj>
            <Obj N="ServiceAccount" RefId="6"><MS><S N="Identity">svc-sync</S>
              <Obj N="User" RefId="7"><MS><S N="Name">svc-sync</S><S N="UserPrincipalName">svc-sync@contoso.com</S><S N="SamAccountName">svc-sync</S><S N="Identity">contoso.com/Service Accounts/svc-sync</S></MS></Obj>
              <Obj N="Mailbox" RefId="99"><TNRef RefId="0" /></Obj></MS></Obj>
            <Obj N="ManagementScopes" RefId="8"><TN RefId="1" /><LST><Obj RefId="9"><MS><S N="Name">Sales</S><S N="RecipientFilter">Department -eq 'Sales'</S><B N="Exclusive">false</B><S N="ScopeRestrictionType">RecipientScope</S></MS></Obj></LST></Obj>
            <Obj N="RoleAssignments" RefId="10"><TN RefId="1" /><LST><Obj RefId="11"><MS><S N="Name">Imp</S><S N="Role">ApplicationImpersonation</S><S N="RoleAssignee">contoso.com/Service Accounts/svc-sync</S><S N="RoleAssigneeName">svc-sync</S><S N="RoleAssigneeType">User</S><S N="CustomRecipientWriteScope">Sales</S><S N="RecipientWriteScope">CustomRecipientScope</S><B N="Enabled">false</B><S N="RoleAssignmentDelegationType">Regular</S></MS></Obj></LST></Obj>
            <Obj N="AdPermissions" RefId="12"><TN RefId="1" /><LST><Obj RefId="13"><MS><S N="Identity">EX01</S><S N="User">CONTOSO\svc-sync</S><Obj N="ExtendedRights" RefId="14"><LST><S>ms-Exch-EPI-Impersonation</S></LST></Obj><B N="Deny">false</B><B N="IsInherited">false</B></MS></Obj></LST></Obj>
            <Obj N="ServicePrincipals" RefId="15"><TN RefId="1" /><LST /></Obj>
            <Nil N="Recipients" />"#,
        );
        let s = read_snapshot(&xml).unwrap();
        assert!(!s.is_exchange_online);
        assert_eq!(s.organization_name.as_deref(), Some("Contoso"));
        assert_eq!(s.servers.len(), 1);
        assert_eq!(s.servers[0].version, Some(ExchangeVersion::Se));
        assert!(s.servers[0].is_client_access_server);
        assert_eq!(s.version(), Some(ExchangeVersion::Se));
        assert_eq!(s.dns_domain().as_deref(), Some("contoso.com"));
        assert_eq!(s.databases[0].server.as_deref(), Some("EX01"));
        assert!(s.account.user.is_some() && s.account.mailbox.is_none());
        assert!(s.account.is_named("CONTOSO\\svc-sync"));
        assert!(s.account.is_named("SVC-SYNC@contoso.com"));
        assert!(!s.account.is_named("other"));
        assert_eq!(
            s.scopes[0].recipient_filter.as_deref(),
            Some("Department -eq 'Sales'")
        );
        let a = &s.assignments[0];
        assert!(a.is_impersonation() && !a.enabled && !a.delegating && !a.is_unscoped());
        assert!(s.is_account_assignee(a));
        assert!(s.ad_permissions[0].grants("MS-EXCH-EPI-IMPERSONATION"));
        assert!(s.is_account_ace(&s.ad_permissions[0]));
        assert!(s.service_principals.is_empty());
        assert!(s.recipients.is_none());
    }

    #[test]
    fn recipients_can_be_skipped() {
        let xml = snapshot_xml(
            false,
            r#"<Obj N="ServiceAccount" RefId="1"><MS><S N="Identity">svc</S></MS></Obj>
            <Obj N="Recipients" RefId="2"><LST><Obj RefId="3"><MS><S N="Name">Ann</S></MS></Obj></LST></Obj>"#,
        );
        assert_eq!(
            read_snapshot(&xml).unwrap().recipients.map(|r| r.len()),
            Some(1)
        );
        let lean = read_snapshot_without_recipients(&xml).unwrap();
        assert!(lean.recipients.is_none());
        assert_eq!(lean.account.identity, "svc");
    }

    #[test]
    fn rejects_other_objects_and_schemas() {
        let not = r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><MS><S N="Name">x</S></MS></Obj></Objs>"#;
        assert_eq!(
            read_snapshot(not).unwrap_err(),
            SnapshotError::NotASnapshot("ServiceAccount")
        );
        assert!(matches!(
            read_snapshot("<Objs"),
            Err(SnapshotError::Clixml(_)) | Err(SnapshotError::Empty)
        ));
        let v2 = snapshot_xml(
            false,
            r#"<Obj N="ServiceAccount" RefId="1"><MS><S N="Identity">a</S></MS></Obj>"#,
        )
        .replace(
            r#"<I32 N="SchemaVersion">1</I32>"#,
            r#"<I32 N="SchemaVersion">2</I32>"#,
        );
        assert_eq!(
            read_snapshot(&v2).unwrap_err(),
            SnapshotError::UnsupportedSchema(2)
        );
    }
}

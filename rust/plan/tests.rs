//! Scenario matrix of the planner.

use super::*;
use crate::orgstate::{
    AccountMailbox, AccountUser, AdPermission, Assignment, Database, OrgState, Scope, Server,
    ServiceAccount, ServicePrincipal,
};

use crate::test_fixtures::user_assignment;

const ACCOUNT_ID: &str = "contoso.com/Service Accounts/svc-sync";

fn server(name: &str, adv: &str) -> Server {
    let parsed = ExchangeVersion::from_admin_display_version(adv);
    Server {
        name: name.into(),
        fqdn: Some(format!("{name}.contoso.com")),
        distinguished_name: Some(format!("CN={name},CN=Servers")),
        admin_display_version: Some(adv.into()),
        version: parsed.as_ref().map(|p| p.0),
        build: parsed.map(|p| p.1),
        is_client_access_server: true,
        is_edge_server: false,
        server_role: Some("Mailbox".into()),
    }
}

fn org(adv: &str) -> OrgState {
    OrgState {
        schema_version: 1,
        servers: vec![server("EX01", adv), server("EX02", adv)],
        databases: vec![
            Database {
                name: "DB01".into(),
                server: Some("EX01".into()),
                distinguished_name: Some("CN=DB01".into()),
            },
            Database {
                name: "DB02".into(),
                server: Some("EX02".into()),
                distinguished_name: Some("CN=DB02".into()),
            },
        ],
        account: ServiceAccount {
            identity: "svc-sync".into(),
            user: Some(AccountUser {
                name: "svc-sync".into(),
                identity: Some(ACCOUNT_ID.into()),
                user_principal_name: Some("svc-sync@contoso.com".into()),
                sam_account_name: Some("svc-sync".into()),
                ..Default::default()
            }),
            mailbox: Some(AccountMailbox {
                name: "svc-sync".into(),
                user_principal_name: Some("svc-sync@contoso.com".into()),
                ..Default::default()
            }),
        },
        ..Default::default()
    }
}

fn v2019() -> OrgState {
    org("Version 15.2 (Build 1544.4)")
}

fn with_all_ad(mut s: OrgState) -> OrgState {
    use crate::orgstate::{EPI_IMPERSONATION, EPI_MAY_IMPERSONATE};
    for (n, right) in [
        ("EX01", EPI_IMPERSONATION),
        ("EX02", EPI_IMPERSONATION),
        ("DB01", EPI_MAY_IMPERSONATE),
        ("DB02", EPI_MAY_IMPERSONATE),
    ] {
        s.ad_permissions.push(AdPermission {
            identity: n.into(),
            user: "CONTOSO\\svc-sync".into(),
            extended_rights: vec![right.into()],
            deny: false,
            is_inherited: false,
        });
    }
    s
}

fn scope(name: &str, filter: &str) -> Scope {
    Scope {
        name: name.into(),
        recipient_filter: Some(filter.into()),
        scope_restriction_type: Some("RecipientScope".into()),
        ..Default::default()
    }
}

fn imp(name: &str, scope: Option<&str>) -> Assignment {
    user_assignment(
        name,
        "ApplicationImpersonation",
        (ACCOUNT_ID, "svc-sync"),
        scope,
    )
}

/// A 2019 org with the AD rights and the account's scope with `filter`.
fn with_scope(filter: &str) -> OrgState {
    let mut s = with_all_ad(v2019());
    s.scopes.push(scope("LightningSync-svc-sync", filter));
    s
}

/// [`with_scope`] with the account's assignment on the scope: set up.
fn set_up(filter: &str) -> OrgState {
    let mut s = with_scope(filter);
    s.assignments.push(imp(
        "LightningSync-svc-sync-Impersonation",
        Some("LightningSync-svc-sync"),
    ));
    s
}

/// Adds what a converged Exchange Online setup holds for the service
/// principal `sp`: its pointer, the Sales scope and both application roles
/// assigned over it.
fn grant_online_app(s: &mut OrgState, sp: &str, display_name: Option<&str>) {
    s.service_principals.push(ServicePrincipal {
        app_id: Some(SALESFORCE_EAC_APP_ID.into()),
        object_id: Some(sp.into()),
        display_name: display_name.map(Into::into),
        ..Default::default()
    });
    s.scopes
        .push(scope("LightningSync-svc-sync", "Department -eq 'Sales'"));
    for role in APPLICATION_ROLES {
        s.assignments.push(Assignment {
            name: online_assignment_name("LightningSync-svc-sync", role),
            role: role.into(),
            role_assignee_name: Some(sp.into()),
            role_assignee_type: Some("ServicePrincipal".into()),
            custom_resource_scope: Some("LightningSync-svc-sync".into()),
            enabled: true,
            ..Default::default()
        });
    }
}

fn desired(extra: serde_json::Value) -> Desired {
    let mut base = serde_json::json!({"account": "svc-sync", "filter": "Department -eq 'Sales'"});
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    Desired::from_json(&base.to_string()).unwrap()
}

/// A text parameter of the command that undoes `step`.
fn undo_text<'a>(step: &'a Step, name: &str) -> Option<&'a str> {
    step.undo.as_ref().unwrap().parameters.get_text(name)
}

fn actions(p: &Plan) -> Vec<Action> {
    p.steps.iter().map(|s| s.action).collect()
}

fn codes(p: &Plan) -> Vec<&str> {
    p.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn fresh_2019_org_gets_every_step_in_order() {
    let p = plan_setup(Some(&v2019()), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(
        actions(&p),
        [
            Action::GrantAdPermission,
            Action::GrantAdPermission,
            Action::GrantAdPermission,
            Action::GrantAdPermission,
            Action::CreateScope,
            Action::CreateAssignment
        ]
    );
    assert!(!p.converged);
    assert_eq!(p.exchange_version, "2019");
    assert_eq!(p.scope_name, "LightningSync-svc-sync");
    let create = &p.steps[5];
    assert_eq!(create.index, 6);
    assert_eq!(
        create.command,
        "New-ManagementRoleAssignment -Name 'LightningSync-svc-sync-Impersonation' -Role 'ApplicationImpersonation' -User 'svc-sync@contoso.com' -CustomRecipientWriteScope 'LightningSync-svc-sync' -ErrorAction Stop -Confirm:$false"
    );
    assert_eq!(
        create.undo.as_ref().unwrap().command,
        "Remove-ManagementRoleAssignment -Identity 'LightningSync-svc-sync-Impersonation' -ErrorAction Stop -Confirm:$false"
    );
    assert_eq!(
        p.steps[4].parameters.get_text("RecipientRestrictionFilter"),
        Some("Department -eq 'Sales'")
    );
    assert_eq!(
        p.steps[0].parameters.get_text("ExtendedRights"),
        Some("ms-Exch-EPI-Impersonation")
    );
    assert_eq!(
        p.steps[2].parameters.get_text("ExtendedRights"),
        Some("ms-Exch-EPI-May-Impersonate")
    );
    assert!(codes(&p).contains(&"LegacyAdPermission"));
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["Steps"][4]["Verify"]["Cmdlet"], "Get-ManagementScope");
    assert_eq!(json["Steps"][5]["Action"], "CreateAssignment");
    assert_eq!(json["Kind"], "Setup");
}

#[test]
fn converged_org_gives_an_empty_plan() {
    let s = set_up("(Department -eq 'sales')");
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert!(p.steps.is_empty(), "{:?}", actions(&p));
    assert!(p.converged);
}

#[test]
fn half_done_org_gets_only_the_missing_steps() {
    let mut s = with_scope("Department -eq 'Sales'");
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(actions(&p), [Action::CreateAssignment]);
    s.ad_permissions.remove(3);
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(
        actions(&p),
        [Action::GrantAdPermission, Action::CreateAssignment]
    );
    assert_eq!(p.steps[0].target, "DB02");
}

#[test]
fn conflicting_scope_fails_naming_both_filters_or_updates() {
    let mut s = with_all_ad(v2019());
    s.scopes.push(scope(
        "LightningSync-svc-sync",
        "Department -eq 'Marketing'",
    ));
    let e = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap_err();
    let PlanError::Conflict(m) = e else {
        panic!("{e:?}")
    };
    assert!(
        m.contains("Department -eq 'Marketing'")
            && m.contains("Department -eq 'Sales'")
            && m.contains("-OnExistingScope Update"),
        "{m}"
    );
    s.assignments
        .push(imp("Other", Some("LightningSync-svc-sync")));
    let p = plan_setup(
        Some(&s),
        &desired(serde_json::json!({"onExistingScope": "Update"})),
    )
    .unwrap();
    assert_eq!(p.steps[0].action, Action::UpdateScope);
    assert_eq!(
        p.steps[0].command,
        "Set-ManagementScope -Identity 'LightningSync-svc-sync' -RecipientRestrictionFilter 'Department -eq ''Sales''' -ErrorAction Stop -Confirm:$false"
    );
    assert_eq!(
        undo_text(&p.steps[0], "RecipientRestrictionFilter"),
        Some("Department -eq 'Marketing'")
    );
    assert_eq!(
        p.steps[0]
            .verify
            .as_ref()
            .unwrap()
            .properties
            .get_text("RecipientFilter"),
        Some("Department -eq 'Sales'")
    );
    assert!(codes(&p).contains(&"ScopeUpdateAffectsAssignments"));
}

#[test]
fn similar_scope_is_reused_and_explained() {
    let mut s = with_all_ad(v2019());
    s.scopes
        .push(scope("Sales mailboxes", "Department -eq 'Sales'"));
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(actions(&p), [Action::CreateAssignment]);
    assert_eq!(p.scope_name, "Sales mailboxes");
    assert_eq!(
        p.steps[0].parameters.get_text("CustomRecipientWriteScope"),
        Some("Sales mailboxes")
    );
    assert!(codes(&p).contains(&"ReusingSimilarScope"));
    s.scopes[0].exclusive = true;
    assert!(
        matches!(plan_setup(Some(&s), &desired(serde_json::json!({}))), Err(PlanError::Conflict(m)) if m.contains("SimilarScopeFound"))
    );
}

#[test]
fn named_assignment_unscoped_or_elsewhere_is_rescoped() {
    let mut s = with_scope("Department -eq 'Sales'");
    s.assignments
        .push(imp("LightningSync-svc-sync-Impersonation", None));
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(actions(&p), [Action::UpdateAssignment]);
    let step = &p.steps[0];
    assert_eq!(
        step.parameters.get_text("CustomRecipientWriteScope"),
        Some("LightningSync-svc-sync")
    );
    assert_eq!(
        undo_text(step, "RecipientRelativeWriteScope"),
        Some("Organization")
    );
    s.assignments[0].custom_recipient_write_scope = Some("Old".into());
    s.assignments[0].recipient_write_scope = Some("CustomRecipientScope".into());
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(
        undo_text(&p.steps[0], "CustomRecipientWriteScope"),
        Some("Old")
    );
}

#[test]
fn auto_named_duplicates_are_removed_and_disabled_ones_enabled() {
    let mut s = with_scope("Department -eq 'Sales'");
    let mut first = imp(
        "ApplicationImpersonation-svc-sync",
        Some("LightningSync-svc-sync"),
    );
    first.enabled = false;
    s.assignments.push(first);
    s.assignments.push(imp(
        "ApplicationImpersonation-svc-sync-1",
        Some("LightningSync-svc-sync"),
    ));
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(actions(&p), [Action::RemoveAssignment]);
    assert_eq!(p.steps[0].target, "ApplicationImpersonation-svc-sync");
    assert_eq!(p.assignment_name, "ApplicationImpersonation-svc-sync-1");
    assert!(codes(&p).contains(&"ExistingAssignmentKept"));
    s.assignments.remove(1);
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(actions(&p), [Action::EnableAssignment]);
    assert_eq!(
        p.steps[0].command,
        "Set-ManagementRoleAssignment -Identity 'ApplicationImpersonation-svc-sync' -Enabled:$true -ErrorAction Stop -Confirm:$false"
    );
}

#[test]
fn unscoped_grant_for_the_account_is_a_critical_finding() {
    let mut s = with_all_ad(v2019());
    s.assignments
        .push(imp("ApplicationImpersonation-svc-sync", None));
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(actions(&p), [Action::CreateScope, Action::CreateAssignment]);
    assert_eq!(p.findings[0].code, "UnscopedImpersonation");
    assert_eq!(p.findings[0].severity, Severity::Critical);
    let p = plan_setup(
        Some(&s),
        &desired(serde_json::json!({"removeUnscopedGrants": true})),
    )
    .unwrap();
    assert_eq!(
        actions(&p),
        [
            Action::CreateScope,
            Action::CreateAssignment,
            Action::RemoveAssignment
        ]
    );
    assert!(!codes(&p).contains(&"UnscopedImpersonation"));
}

#[test]
fn assignment_name_taken_by_someone_else_is_a_conflict() {
    let mut s = with_all_ad(v2019());
    let mut other = imp("LightningSync-svc-sync-Impersonation", None);
    other.role = "Mail Recipients".into();
    s.assignments.push(other);
    assert!(
        matches!(plan_setup(Some(&s), &desired(serde_json::json!({}))), Err(PlanError::Conflict(m)) if m.contains("taken"))
    );
}

#[test]
fn exchange_2010_has_no_ad_steps_and_se_has_them() {
    let s = org("Version 14.3 (Build 123.4)");
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(actions(&p), [Action::CreateScope, Action::CreateAssignment]);
    assert_eq!(p.exchange_version, "2010");
    assert!(codes(&p).contains(&"LegacyAdPermissionNotPlanned"));
    let se = org("Version 15.2 (Build 2562.17)");
    let p = plan_setup(Some(&se), &desired(serde_json::json!({}))).unwrap();
    assert_eq!(p.exchange_version, "SE");
    assert_eq!(
        p.steps
            .iter()
            .filter(|s| s.action == Action::GrantAdPermission)
            .count(),
        4
    );
    let p = plan_setup(
        Some(&se),
        &desired(serde_json::json!({"skipLegacyAdPermission": true})),
    )
    .unwrap();
    assert_eq!(actions(&p), [Action::CreateScope, Action::CreateAssignment]);
}

#[test]
fn missing_account_is_created_only_when_asked() {
    let mut s = v2019();
    s.account.user = None;
    s.account.mailbox = None;
    assert!(
        matches!(plan_setup(Some(&s), &desired(serde_json::json!({}))), Err(PlanError::Prerequisite(m)) if m.contains("-CreateMailbox"))
    );
    let p = plan_setup(
        Some(&s),
        &desired(serde_json::json!({"createMailbox": true, "skipLegacyAdPermission": true})),
    )
    .unwrap();
    assert_eq!(
        actions(&p),
        [
            Action::CreateMailbox,
            Action::CreateScope,
            Action::CreateAssignment
        ]
    );
    assert_eq!(
        p.steps[0].command,
        "New-Mailbox -Name 'svc-sync' -UserPrincipalName 'svc-sync@contoso.com' -Password $Password -ResetPasswordOnNextLogon:$false -ErrorAction Stop -Confirm:$false"
    );
    assert_eq!(
        p.steps[2].parameters.get_text("User"),
        Some("svc-sync@contoso.com")
    );
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains(r#""Password":{"secret":"Password"}"#));
}

#[test]
fn exchange_online_refuses_impersonation_and_plans_rbac_for_applications() {
    let mut s = OrgState {
        is_exchange_online: true,
        account: ServiceAccount {
            identity: "svc".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap_err();
    assert!(
        matches!(&e, PlanError::Refused(m) if m.contains("retired") && m.contains("ExchangeOnline")),
        "{e:?}"
    );
    let online = serde_json::json!({"target": "ExchangeOnline"});
    assert!(
        matches!(plan_setup(Some(&s), &desired(online.clone())), Err(PlanError::Prerequisite(m)) if m.contains("Enterprise applications"))
    );
    let sp = "6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1";
    let p = plan_setup(
        Some(&s),
        &desired(serde_json::json!({"target": "ExchangeOnline", "servicePrincipalObjectId": sp})),
    )
    .unwrap();
    assert_eq!(
        actions(&p),
        [
            Action::CreateServicePrincipal,
            Action::CreateScope,
            Action::CreateAssignment,
            Action::CreateAssignment
        ]
    );
    assert_eq!(
        p.steps[0].command,
        format!(
            "New-ServicePrincipal -AppId '{SALESFORCE_EAC_APP_ID}' -ObjectId '{sp}' -DisplayName 'svc-sync' -ErrorAction Stop -Confirm:$false"
        )
    );
    assert_eq!(
        p.steps[2].command,
        format!(
            "New-ManagementRoleAssignment -Name 'LightningSync-svc-sync-Calendars.ReadWrite' -Role 'Application Calendars.ReadWrite' -App '{sp}' -CustomResourceScope 'LightningSync-svc-sync' -ErrorAction Stop -Confirm:$false"
        )
    );
    assert_eq!(
        p.steps[3].parameters.get_text("Role"),
        Some("Application Contacts.ReadWrite")
    );
    assert_eq!(p.exchange_version, "Online");
    assert!(codes(&p).contains(&"EntraConsentAddsUp"));
    // Converged once the pointer, scope and both assignments exist.
    grant_online_app(&mut s, sp, None);
    let p = plan_setup(
        Some(&s),
        &desired(serde_json::json!({"target": "ExchangeOnline"})),
    )
    .unwrap();
    assert!(p.converged, "{:?}", actions(&p));
    s.is_dehydrated = true;
    s.assignments.push(imp("Old impersonation", None));
    let p = plan_setup(
        Some(&s),
        &desired(serde_json::json!({"target": "ExchangeOnline"})),
    )
    .unwrap();
    assert_eq!(actions(&p), [Action::EnableOrganizationCustomization]);
    assert!(codes(&p).contains(&"RetiredRoleInExchangeOnline"));
}

#[test]
fn on_premises_org_refuses_the_online_target() {
    let e = plan_setup(Some(&v2019()), &desired(serde_json::json!({"target": "ExchangeOnline", "servicePrincipalObjectId": "6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1"}))).unwrap_err();
    assert!(matches!(e, PlanError::Refused(m) if m.contains("only in Exchange Online")));
}

#[test]
fn offline_plans_loop_over_materialised_collections() {
    let p = plan_setup(
        None,
        &desired(serde_json::json!({"exchangeVersion": "2019", "account": "svc-sync@contoso.com"})),
    )
    .unwrap();
    assert_eq!(
        actions(&p),
        [
            Action::GrantAdPermission,
            Action::GrantAdPermission,
            Action::CreateScope,
            Action::CreateAssignment
        ]
    );
    assert_eq!(p.steps[0].for_each, Some(ForEach::ClientAccessServers));
    assert!(
        p.steps[0]
            .command
            .starts_with("$items = @(Get-ExchangeServer -ErrorAction Stop"),
        "{}",
        p.steps[0].command
    );
    assert!(p.steps[1].command.contains("foreach ($item in $items) { Add-ADPermission -Identity ([string]$item.DistinguishedName) -User 'svc-sync@contoso.com' -ExtendedRights 'ms-Exch-EPI-May-Impersonate'"));
    // Offline without exchangeVersion: a missing prerequisite (304), as the
    // header documents.
    assert!(matches!(
        plan_setup(None, &desired(serde_json::json!({}))),
        Err(PlanError::Prerequisite(_))
    ));
    let p = plan_setup(None, &desired(serde_json::json!({"exchangeVersion": "Online", "target": "ExchangeOnline", "servicePrincipalObjectId": "6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1"}))).unwrap();
    assert_eq!(p.steps.len(), 4);
    assert!(matches!(
        plan_setup(
            None,
            &desired(serde_json::json!({"exchangeVersion": "Online"}))
        ),
        Err(PlanError::Refused(_))
    ));
}

#[test]
fn removal_plans_assignments_scope_ad_and_mailbox_only_when_asked() {
    let mut s = set_up("Department -eq 'Sales'");
    s.assignments
        .push(imp("ApplicationImpersonation-svc-sync", None));
    let p = plan_removal(&s, &desired(serde_json::json!({}))).unwrap();
    assert_eq!(
        actions(&p),
        [
            Action::RemoveAssignment,
            Action::RemoveAssignment,
            Action::RemoveScope,
            Action::RemoveAdPermission,
            Action::RemoveAdPermission,
            Action::RemoveAdPermission,
            Action::RemoveAdPermission
        ]
    );
    assert_eq!(p.kind, PlanKind::Removal);
    assert_eq!(p.steps[0].verify.as_ref().unwrap().expect, Expect::Absent);
    assert_eq!(
        undo_text(&p.steps[0], "CustomRecipientWriteScope"),
        Some("LightningSync-svc-sync")
    );
    assert_eq!(
        p.steps[3].command,
        "Remove-ADPermission -Identity 'EX01' -User 'CONTOSO\\svc-sync' -ExtendedRights 'ms-Exch-EPI-Impersonation' -ErrorAction Stop -Confirm:$false"
    );
    let p = plan_removal(&s, &desired(serde_json::json!({"removeMailbox": true}))).unwrap();
    assert_eq!(p.steps.last().unwrap().action, Action::RemoveMailbox);
    // A scope another assignment uses stays.
    let mut other = imp("Helpdesk", Some("LightningSync-svc-sync"));
    other.role_assignee_name = Some("helpdesk".into());
    other.role_assignee = Some("contoso.com/Users/helpdesk".into());
    s.assignments.push(other);
    let p = plan_removal(&s, &desired(serde_json::json!({}))).unwrap();
    assert!(!actions(&p).contains(&Action::RemoveScope));
    assert!(codes(&p).contains(&"ScopeKept"));
    // Nothing left to remove: converged.
    let clean = v2019();
    assert!(
        plan_removal(&clean, &desired(serde_json::json!({})))
            .unwrap()
            .converged
    );
}

#[test]
fn online_removal_takes_assignments_pointer_and_scope() {
    let sp = "6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1";
    let mut s = OrgState {
        is_exchange_online: true,
        ..Default::default()
    };
    grant_online_app(&mut s, sp, Some("svc"));
    let p = plan_removal(
        &s,
        &desired(serde_json::json!({"target": "ExchangeOnline"})),
    )
    .unwrap();
    assert_eq!(
        actions(&p),
        [
            Action::RemoveAssignment,
            Action::RemoveAssignment,
            Action::RemoveServicePrincipal,
            Action::RemoveScope
        ]
    );
    assert_eq!(
        p.steps[0].undo.as_ref().unwrap().parameters.get_text("App"),
        Some(sp)
    );
    assert!(matches!(
        plan_removal(&s, &desired(serde_json::json!({}))),
        Err(PlanError::Refused(_))
    ));
}

#[test]
fn online_assignment_names_fit_in_64_characters() {
    let long = "x".repeat(64);
    let n = online_assignment_name(&long, APPLICATION_ROLES[0]);
    assert_eq!(n.chars().count(), 64);
    assert!(n.ends_with("-Calendars.ReadWrite"));
}

#[test]
fn removal_by_name_takes_only_what_is_named() {
    let mut s = with_all_ad(v2019());
    s.scopes.push(scope("A", "Department -eq 'Sales'"));
    s.scopes.push(scope("B", "Department -eq 'HR'"));
    s.assignments.push(imp("A-Imp", Some("A")));
    s.assignments.push(imp("B-Imp", Some("B")));
    let p = plan_removal(
        &s,
        &desired(serde_json::json!({"assignmentName": "B-Imp", "scopeName": "B"})),
    )
    .unwrap();
    assert_eq!(actions(&p), [Action::RemoveAssignment, Action::RemoveScope]);
    assert_eq!(p.steps[0].target, "B-Imp");
    assert_eq!(p.steps[1].target, "B");
    let p = plan_removal(&s, &desired(serde_json::json!({"assignmentName": "B-Imp"}))).unwrap();
    assert_eq!(actions(&p), [Action::RemoveAssignment]);
    // A typo, an unknown scope, another account's assignment or a scope still
    // in use: an error, nothing removed.
    for (extra, needle) in [
        (
            serde_json::json!({"assignmentName": "B-Imq"}),
            "no role assignment named 'B-Imq'",
        ),
        (
            serde_json::json!({"scopeName": "C"}),
            "no management scope named 'C'",
        ),
        (serde_json::json!({"scopeName": "B"}), "still used by"),
    ] {
        let e = plan_removal(&s, &desired(extra)).unwrap_err().to_string();
        assert!(e.contains(needle), "{e}");
    }
    // A scope the account does not use is not the account's to remove.
    s.scopes.push(scope("Orphan", "Department -eq 'Legal'"));
    let e = plan_removal(
        &s,
        &desired(serde_json::json!({"assignmentName": "A-Imp", "scopeName": "Orphan"})),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("not used by a role assignment of the account"),
        "{e}"
    );
    let mut other = imp("Helpdesk-Imp", Some("A"));
    other.role_assignee_name = Some("helpdesk".into());
    other.role_assignee = Some("contoso.com/Users/helpdesk".into());
    s.assignments.push(other);
    let e = plan_removal(
        &s,
        &desired(serde_json::json!({"assignmentName": "Helpdesk-Imp"})),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("does not belong to the account"), "{e}");
}

#[test]
fn removal_of_an_unknown_account_is_an_error() {
    let mut s = v2019();
    s.account.user = None;
    s.account.mailbox = None;
    let e = plan_removal(&s, &desired(serde_json::json!({}))).unwrap_err();
    assert!(matches!(e, PlanError::Prerequisite(_)), "{e}");
    assert!(e.to_string().contains("was not found"), "{e}");
    let online = OrgState {
        is_exchange_online: true,
        ..Default::default()
    };
    assert!(matches!(
        plan_removal(
            &online,
            &desired(serde_json::json!({"target": "ExchangeOnline"}))
        ),
        Err(PlanError::Prerequisite(_))
    ));
}

#[test]
fn create_mailbox_enables_a_user_without_one() {
    let mut s = v2019();
    s.account.mailbox = None;
    let p = plan_setup(
        Some(&s),
        &desired(serde_json::json!({"createMailbox": true})),
    )
    .unwrap();
    assert_eq!(p.steps[0].action, Action::EnableMailbox);
    assert_eq!(p.steps[0].cmdlet, "Enable-Mailbox");
    assert_eq!(p.steps[0].undo.as_ref().unwrap().cmdlet, "Disable-Mailbox");
    let p = plan_setup(Some(&s), &desired(serde_json::json!({}))).unwrap();
    assert!(!actions(&p).contains(&Action::EnableMailbox));
    assert!(codes(&p).contains(&"AccountWithoutMailbox"));
}

#[test]
fn a_snapshot_of_another_account_is_refused_for_setup_and_removal() {
    // The snapshot was taken for svc-sync (set up); planning another account
    // from it would read svc-sync's grants as that account's.
    let s = set_up("Department -eq 'Sales'");
    let other = desired(serde_json::json!({"account": "other@contoso.com"}));
    for result in [plan_setup(Some(&s), &other), plan_removal(&s, &other)] {
        let e = result.unwrap_err();
        assert!(
            matches!(&e, PlanError::Prerequisite(m)
                if m.contains("taken for 'svc-sync'") && m.contains("not for 'other@contoso.com'")
                    && m.contains("Export-LightningSyncOrgSnapshot -Account 'other@contoso.com'")),
            "{e:?}"
        );
    }
    // Any name the snapshot knows the account by plans as before.
    for name in ["svc-sync@contoso.com", "CONTOSO\\svc-sync", "SVC-SYNC"] {
        let alias = desired(serde_json::json!({"account": name}));
        assert!(plan_setup(Some(&s), &alias).unwrap().converged, "{name}");
        assert!(plan_removal(&s, &alias).is_ok(), "{name}");
    }
}

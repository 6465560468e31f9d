//! Exchange Online audit scenarios: the authorization proof, group and
//! administrative-unit scopes, EWS readiness, the product's path.

use super::*;
use crate::orgstate::{
    Assignment, AuthorizationCheck, CasMailbox, GroupMember, GroupMembers, OrgState, Scope,
    ServiceAccount,
};
use crate::recipient::{Recipient, RecipientKind};
use crate::test_fixtures::{SP, app_assignment as fixture_app_assignment, recipient, tenant};

fn mailbox(name: &str, dept: &str, units: &[&str]) -> Recipient {
    let mut r = recipient(
        name,
        dept,
        "UserMailbox",
        "contoso.com",
        RecipientKind::Recipient,
    );
    r.record
        .set("DistinguishedName", format!("CN={name},OU=Users"));
    if !units.is_empty() {
        r.record
            .set_many("AdministrativeUnits", units.iter().copied());
    }
    r
}

fn app_assignment(name: &str, role: &str) -> Assignment {
    Assignment {
        when_changed: Some("2026-12-05T01:00:00Z".into()),
        ..fixture_app_assignment(name, role, "Sales")
    }
}

fn online() -> OrgState {
    OrgState {
        schema_version: 1,
        captured_at: Some("2026-12-05T04:00:00Z".into()),
        scopes: vec![Scope {
            name: "Sales".into(),
            recipient_filter: Some("Department -eq 'Sales'".into()),
            ..Default::default()
        }],
        assignments: vec![app_assignment(
            "EAC-Calendars.ReadWrite",
            "Application Calendars.ReadWrite",
        )],
        recipients: Some(vec![
            mailbox("ann", "Sales", &[]),
            mailbox("bob", "Sales", &["au-1"]),
            mailbox("cid", "IT", &["au-1"]),
        ]),
        ..tenant()
    }
}

fn check(resource: &str, in_scope: bool) -> AuthorizationCheck {
    AuthorizationCheck {
        resource: resource.into(),
        role_name: "Application Calendars.ReadWrite".into(),
        in_scope: Some(in_scope),
        ..Default::default()
    }
}

#[test]
fn the_account_names_the_service_principal_online() {
    let a = audit(&online());
    assert!(!a.findings.iter().any(|f| f.code == "AccountNotFound"));
    assert!(
        !a.findings
            .iter()
            .any(|f| f.code == "ServicePrincipalNotFound")
    );
    assert!(a.coverage[0].is_service_account);
    let mut s = online();
    s.account.identity = "Someone Else".into();
    let a = audit(&s);
    let f = a
        .findings
        .iter()
        .find(|f| f.code == "ServicePrincipalNotFound")
        .unwrap();
    assert!(f.fix.contains("Enterprise applications"), "{}", f.fix);
}

#[test]
fn the_sample_holds_mailboxes_inside_and_outside_the_scope() {
    let a = audit(&online());
    let s = a.authorization_sample.unwrap();
    assert_eq!(s.principal, SP);
    assert_eq!(s.in_scope, ["ann@contoso.com", "bob@contoso.com"]);
    assert_eq!(s.out_of_scope, ["cid@contoso.com"]);
}

#[test]
fn the_proof_flags_denied_in_scope_and_allowed_out_of_scope() {
    let mut s = online();
    s.authorization_checks = Some(vec![
        check("ann@contoso.com", true),
        check("bob@contoso.com", false),
        check("cid@contoso.com", true),
    ]);
    let a = audit(&s);
    let status: Vec<(&str, &str)> = a
        .authorization
        .iter()
        .map(|r| (r.mailbox.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("ann@contoso.com", "Match"),
            ("bob@contoso.com", "DeniedInScope"),
            ("cid@contoso.com", "AllowedOutOfScope")
        ]
    );
    let denied = a
        .findings
        .iter()
        .find(|f| f.code == "AuthorizationDeniedInScope")
        .unwrap();
    assert_eq!(denied.target, "bob@contoso.com");
    assert!(
        !denied.message.contains("30 minutes"),
        "a grant 3 h old is not the cache"
    );
    let beyond = a
        .findings
        .iter()
        .find(|f| f.code == "AuthorizationBeyondScope")
        .unwrap();
    assert_eq!(beyond.target, "cid@contoso.com");
    assert_eq!(beyond.severity, crate::plan::Severity::Critical);

    s.assignments[0].when_changed = Some("2026-12-05T03:30:00.0000000Z".into());
    let a = audit(&s);
    let denied = a
        .findings
        .iter()
        .find(|f| f.code == "AuthorizationDeniedInScope")
        .unwrap();
    assert!(
        denied.message.contains("30 minutes to 2 hours"),
        "{}",
        denied.message
    );
}

#[test]
fn group_and_administrative_unit_scopes_cover_their_members() {
    let mut s = online();
    s.assignments[0].custom_resource_scope = None;
    s.assignments[0].recipient_group_scope = Some("Sales Team".into());
    s.groups = vec![
        GroupMembers {
            identity: "Sales Team".into(),
            name: Some("Sales Team".into()),
            members: vec![
                GroupMember {
                    name: "ann".into(),
                    distinguished_name: Some("CN=ann,OU=Users".into()),
                    recipient_type_details: Some("UserMailbox".into()),
                    ..Default::default()
                },
                GroupMember {
                    name: "Sales EMEA".into(),
                    recipient_type_details: Some("MailUniversalSecurityGroup".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        },
        GroupMembers {
            identity: "Sales EMEA".into(),
            members: vec![
                GroupMember {
                    name: "bob".into(),
                    recipient_type_details: Some("UserMailbox".into()),
                    ..Default::default()
                },
                GroupMember {
                    name: "ann".into(),
                    recipient_type_details: Some("UserMailbox".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        },
    ];
    let a = audit(&s);
    assert_eq!(a.coverage[0].reach, Reach::Group);
    assert_eq!(a.coverage[0].covered, ["ann@contoso.com"]);
    let nested = a
        .findings
        .iter()
        .find(|f| f.code == "NestedGroupNotExpanded")
        .unwrap();
    assert!(
        nested.message.contains("'Sales EMEA'") && nested.message.contains("1 member(s)"),
        "{}",
        nested.message
    );

    s.assignments[0].recipient_group_scope = None;
    s.assignments[0].recipient_administrative_unit_scope = Some("au-1".into());
    let a = audit(&s);
    assert_eq!(a.coverage[0].reach, Reach::AdministrativeUnit);
    assert_eq!(
        a.coverage[0].covered,
        ["bob@contoso.com", "cid@contoso.com"]
    );
}

fn cas(name: &str, enabled: Option<bool>) -> CasMailbox {
    CasMailbox {
        name: name.into(),
        primary_smtp_address: Some(format!("{name}@contoso.com")),
        ews_enabled: enabled,
        ..Default::default()
    }
}

#[test]
fn ews_readiness_counts_covered_mailboxes_with_ews_off() {
    let mut s = online();
    s.cas_mailboxes = Some(vec![
        cas("ann", Some(false)),
        cas("bob", None),
        cas("cid", Some(false)),
    ]);
    s.ews.recorded = true;
    s.ews.ews_enabled = Some(true);
    s.ews.allowed_app_ids = vec!["11111111-1111-1111-1111-111111111111".into()];
    let a = audit(&s);
    let off = a
        .findings
        .iter()
        .find(|f| f.code == "EwsDisabledForMailboxes")
        .unwrap();
    assert!(
        off.message.starts_with("1 of the 2 covered"),
        "{}",
        off.message
    );
    assert!(
        off.fix
            .contains("Set-CASMailbox -Identity $_ -EwsEnabled $true")
    );
    let app = a
        .findings
        .iter()
        .find(|f| f.code == "EwsAppNotAllowed")
        .unwrap();
    assert!(app.message.contains("1 April 2027"));
    s.ews.ews_enabled = None;
    let a = audit(&s);
    let unset = a
        .findings
        .iter()
        .find(|f| f.code == "EwsUnsetInTenant")
        .unwrap();
    assert!(unset.message.contains("1 October 2026"));
}

#[test]
fn on_premises_org_switches_stop_every_covered_mailbox() {
    let mut s = online();
    s.is_exchange_online = false;
    s.account = ServiceAccount {
        identity: "svc".into(),
        ..Default::default()
    };
    s.assignments = vec![Assignment {
        name: "Imp".into(),
        role: "ApplicationImpersonation".into(),
        role_assignee: Some("svc".into()),
        role_assignee_type: Some("User".into()),
        custom_recipient_write_scope: Some("Sales".into()),
        enabled: true,
        ..Default::default()
    }];
    s.account.user = Some(crate::orgstate::AccountUser {
        name: "svc".into(),
        ..Default::default()
    });
    s.cas_mailboxes = Some(vec![cas("ann", None), cas("bob", None)]);
    s.ews.recorded = true;
    s.ews.ews_enabled = Some(false);
    let a = audit(&s);
    assert!(a.findings.iter().any(
        |f| f.code == "EwsDisabledInOrganization" && f.message.contains("any of the 2 covered")
    ));
    let path = a.findings.iter().find(|f| f.code == "ProductPath").unwrap();
    assert!(path.message.contains("April 2027"));
}

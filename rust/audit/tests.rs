//! Audit scenarios.

use super::*;
use crate::orgstate::{AccountUser, AdPermission, Assignment, OrgState, Scope, ServiceAccount};
use crate::plan::Severity;
use crate::recipient::{Recipient, RecipientKind};
use crate::test_fixtures::{recipient, user_assignment};

fn mailbox(name: &str, dept: &str) -> Recipient {
    recipient(
        name,
        dept,
        "UserMailbox",
        "contoso.com",
        RecipientKind::Recipient,
    )
}

fn assignment(name: &str, role: &str, scope: Option<&str>) -> Assignment {
    user_assignment(name, role, ("contoso.com/Users/svc", "svc"), scope)
}

fn state() -> OrgState {
    OrgState {
        account: ServiceAccount {
            identity: "svc".into(),
            user: Some(AccountUser {
                name: "svc".into(),
                identity: Some("contoso.com/Users/svc".into()),
                ..Default::default()
            }),
            mailbox: None,
        },
        scopes: vec![
            Scope {
                name: "Sales".into(),
                recipient_filter: Some("Department -eq 'Sales'".into()),
                ..Default::default()
            },
            Scope {
                name: "Nobody".into(),
                recipient_filter: Some("Department -eq 'Nope'".into()),
                ..Default::default()
            },
            Scope {
                name: "Unused".into(),
                recipient_filter: Some("Department -eq 'HR'".into()),
                ..Default::default()
            },
        ],
        assignments: vec![
            assignment("Scoped", "ApplicationImpersonation", Some("Sales")),
            assignment("OrgWide", "ApplicationImpersonation", None),
            assignment("Empty", "ApplicationImpersonation", Some("Nobody")),
            Assignment {
                enabled: false,
                ..assignment("Off", "ApplicationImpersonation", Some("Sales"))
            },
            Assignment {
                delegating: true,
                role_assignee_type: Some("RoleGroup".into()),
                ..assignment(
                    "ApplicationImpersonation-Organization Management-Delegating",
                    "ApplicationImpersonation",
                    None,
                )
            },
            assignment("Ghost", "ApplicationImpersonation", Some("Gone")),
            assignment("Mail", "Mail Recipients", None),
        ],
        ad_permissions: vec![AdPermission {
            identity: "EX01".into(),
            user: "CONTOSO\\svc".into(),
            extended_rights: vec!["ms-Exch-EPI-Impersonation".into()],
            deny: false,
            is_inherited: false,
        }],
        recipients: Some(vec![
            mailbox("ann", "Sales"),
            mailbox("bob", "Sales"),
            mailbox("cid", "IT"),
        ]),
        ..Default::default()
    }
}

#[test]
fn coverage_evaluates_scopes_over_mailboxes() {
    let a = audit(&state());
    assert_eq!(a.mailbox_count, Some(3));
    let names: Vec<&str> = a.coverage.iter().map(|c| c.assignment.as_str()).collect();
    assert_eq!(
        names,
        ["Scoped", "OrgWide", "Empty", "Off", "Ghost"],
        "delegating and other roles are left out"
    );
    let scoped = &a.coverage[0];
    assert_eq!(scoped.reach, Reach::Scope);
    assert_eq!(scoped.covered_count, Some(2));
    assert_eq!(scoped.covered, ["ann@contoso.com", "bob@contoso.com"]);
    assert!(scoped.is_service_account);
    assert_eq!(a.coverage[1].reach, Reach::Organization);
    assert_eq!(a.coverage[1].covered_count, Some(3));
    assert_eq!(a.coverage[4].reach, Reach::MissingScope);
}

#[test]
fn findings_cover_every_kind_with_severity() {
    let a = audit(&state());
    let has = |code: &str, target: &str| {
        a.findings
            .iter()
            .any(|f| f.code == code && f.target == target)
    };
    assert!(has("UnscopedImpersonation", "OrgWide"));
    assert!(has("ScopeMatchesNobody", "Empty"));
    assert!(has("DisabledAssignment", "Off"));
    assert!(has("MissingScope", "Ghost"));
    assert!(has("OrphanedScope", "Unused"));
    assert!(has("LegacyAdPermission", "EX01"));
    assert!(has("AccountWithoutMailbox", "svc"));
    assert!(!has("OrphanedScope", "Sales"));
    assert_eq!(a.findings[0].severity, Severity::Critical);
    assert!(
        a.findings
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity)
    );
}

#[test]
fn scope_matching_everyone_and_retired_role_online() {
    let mut s = state();
    s.recipients = Some(vec![mailbox("ann", "Sales"), mailbox("bob", "Sales")]);
    let a = audit(&s);
    assert!(
        a.findings
            .iter()
            .any(|f| f.code == "ScopeMatchesEveryone" && f.target == "Scoped")
    );
    s.is_exchange_online = true;
    let a = audit(&s);
    assert!(
        a.findings
            .iter()
            .any(|f| f.code == "RetiredRoleInExchangeOnline" && f.target == "Scoped")
    );
    assert!(!a.findings.iter().any(|f| f.code == "LegacyAdPermission"));
}

#[test]
fn without_recipients_coverage_is_unknown_but_findings_remain() {
    let mut s = state();
    s.recipients = None;
    let a = audit(&s);
    assert_eq!(a.mailbox_count, None);
    assert_eq!(a.coverage[0].covered_count, None);
    assert!(!a.findings.iter().any(|f| f.code == "ScopeMatchesNobody"));
    assert!(a.findings.iter().any(|f| f.code == "UnscopedImpersonation"));
}

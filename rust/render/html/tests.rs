use super::*;
use crate::orgstate::{AccountUser, AdPermission, Assignment, Scope, ServiceAccount};
use crate::recipient::{Recipient, RecipientKind};
use crate::test_fixtures::{recipient, user_assignment};

const HOSTILE: &str =
    "\"><img src=x onerror=alert(1)></style><script>alert(2)</script>\u{2018}q\u{2019}\u{202E}rtl";

fn mailbox(name: &str, dept: &str, kind: &str) -> Recipient {
    recipient(name, dept, kind, "fabrikam.com", RecipientKind::Mailbox)
}

fn assignment(name: &str, assignee: &str, scope: Option<&str>, enabled: bool) -> Assignment {
    Assignment {
        enabled,
        ..user_assignment(
            name,
            "ApplicationImpersonation",
            (assignee, assignee),
            scope,
        )
    }
}

fn org(hostile: bool) -> OrgState {
    let v = |s: &str| {
        if hostile {
            format!("{s}{HOSTILE}")
        } else {
            s.to_owned()
        }
    };
    let scope = |name: &str, filter: &str| Scope {
        name: name.into(),
        recipient_filter: Some(filter.into()),
        scope_restriction_type: Some("RecipientScope".into()),
        ..Scope::default()
    };
    let mut recipients = Vec::new();
    for i in 0..10 {
        let dept = if i < 4 { "Sales" } else { "Finance" };
        let kind = if i % 5 == 4 {
            "SharedMailbox"
        } else {
            "UserMailbox"
        };
        recipients.push(mailbox(&v(&format!("user{i}")), dept, kind));
    }
    OrgState {
        schema_version: 1,
        organization_name: Some(v("Fabrikam")),
        captured_at: Some("2026-12-05T03:00:00Z".into()),
        account: ServiceAccount {
            identity: "svc-sync".into(),
            user: Some(AccountUser {
                name: "svc-sync".into(),
                sam_account_name: Some("svc-sync".into()),
                ..AccountUser::default()
            }),
            mailbox: None,
        },
        scopes: vec![
            scope(&v("Sales"), "Department -eq 'Sales'"),
            scope(&v("Everyone"), "RecipientTypeDetails -like '*'"),
            scope(&v("Orphan"), "Department -eq 'Legal'"),
        ],
        assignments: vec![
            assignment(&v("Sales-Imp"), "svc-sync", Some(&v("Sales")), true),
            assignment(&v("Old-Org-Imp"), &v("legacy-app"), None, true),
            assignment(
                &v("Everyone-Imp"),
                &v("crm-connector"),
                Some(&v("Everyone")),
                true,
            ),
            assignment(&v("Off-Imp"), "svc-sync", None, false),
        ],
        ad_permissions: vec![AdPermission {
            identity: v("EX01"),
            user: "FABRIKAM\\svc-sync".into(),
            extended_rights: vec!["ms-Exch-EPI-Impersonation".into()],
            ..AdPermission::default()
        }],
        recipients: Some(recipients),
        ..OrgState::default()
    }
}

fn render(state: OrgState, options: &ReportOptions) -> String {
    render_report(state, options).unwrap()
}

#[test]
fn counts_and_sections_match_the_audit() {
    let state = org(false);
    let audit = crate::audit::audit(&state);
    let html = render(state, &ReportOptions::default());
    assert_eq!(html.matches("data-finding>").count(), audit.findings.len());
    assert_eq!(
        html.matches("<tr data-assignment>").count(),
        audit.coverage.len()
    );
    assert_eq!(html.matches("<section class=\"account\"").count(), 3);
    for id in [
        "id=\"verdict\"",
        "id=\"findings\"",
        "<footer>",
        "Content-Security-Policy",
    ] {
        assert!(html.contains(id), "{id}");
    }
    // The organization-wide grant reaches all 10; svc-sync's enabled scope 4 of 10.
    assert!(html.contains("data-reach=\"10\""));
    assert!(html.contains("data-reach=\"4\""));
    assert!(html.contains(
        "<code>Remove-ManagementScope -Identity &#39;Orphan&#39; -Confirm:$false</code>"
    ));
    assert!(!html.contains("<script"));
}

#[test]
fn hostile_values_stay_text() {
    let html = render(
        org(true),
        &ReportOptions {
            probes: vec![Probe {
                mailbox: HOSTILE.into(),
                response_code: HOSTILE.into(),
                ..Probe::default()
            }],
            inputs: vec![Input {
                label: HOSTILE.into(),
                value: "x".repeat(10_000),
            }],
            ..ReportOptions::default()
        },
    );
    assert!(!html.contains("<img"));
    assert!(!html.contains("<script"));
    assert_eq!(html.matches("</style>").count(), 1);
    assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(html.contains(&"x".repeat(10_000)));
}

#[test]
fn one_account_and_a_plan() {
    let plan_json = r#"{"kind":"Setup","target":"OnPremises","converged":false,"scopeName":"S","assignmentName":"A","exchangeVersion":"2019","steps":[{"index":1,"action":"CreateScope","target":"S","reason":"missing","cmdlet":"New-ManagementScope","parameters":{"Name":"S"},"command":"New-ManagementScope -Name 'S'"}]}"#;
    let options = ReportOptions::from_json(&format!(
        r#"{{"account":"SVC-SYNC","plan":{plan_json},"generatedAt":"now","moduleVersion":"9.9.9"}}"#
    ))
    .unwrap();
    let html = render(org(false), &options);
    assert_eq!(html.matches("<section class=\"account\"").count(), 1);
    assert_eq!(html.matches("<li data-step>").count(), 1);
    assert!(html.contains("New-ManagementScope -Name &#39;S&#39;"));
    assert!(html.contains("9.9.9"));
    assert!(matches!(
        ReportOptions::from_json("{\"acount\":1}"),
        Err(ReportError::Options(m)) if m.contains("acount")
    ));
}

#[test]
fn without_recipients_the_reach_is_unknown() {
    let mut state = org(false);
    state.recipients = None;
    let html = render(state, &ReportOptions::default());
    assert!(html.contains("data-reach=\"unknown\""));
    assert!(!html.contains("<svg class=\"chart\""));
    let err = render_report(
        org(false),
        &ReportOptions {
            recipient_paths: vec!["/nonexistent/users.xml".into()],
            ..ReportOptions::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ReportError::Export(e) if e.path.contains("nonexistent")));
}

//! Exchange Online planning: role sets, group and administrative-unit scopes, id checks.

use super::*;
use crate::orgstate::{GroupMember, GroupMembers, ServicePrincipal};

use crate::test_fixtures::{SP, app_assignment as app, tenant};

fn desired(extra: serde_json::Value) -> Result<Desired, DesiredError> {
    let mut base = serde_json::json!({"account": "Salesforce EAC", "target": "ExchangeOnline"});
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    Desired::from_json(&base.to_string())
}

#[test]
fn roles_are_chosen_and_a_new_set_converges() {
    let d = desired(serde_json::json!({"filter": "Department -eq 'Sales'", "roles": ["Mail.Read", "Calendars.ReadWrite"]})).unwrap();
    let p = plan_setup(Some(&tenant()), &d).unwrap();
    let roles: Vec<&str> = p
        .steps
        .iter()
        .filter_map(|s| s.parameters.get_text("Role"))
        .collect();
    assert_eq!(
        roles,
        ["Application Mail.Read", "Application Calendars.ReadWrite"]
    );
    assert!(
        p.findings
            .iter()
            .any(|f| f.code == "DefaultApplicationId" && f.message.contains(SALESFORCE_EAC_APP_ID))
    );

    let mut s = tenant();
    s.scopes.push(crate::orgstate::Scope {
        name: "LightningSync-Salesforce EAC".into(),
        recipient_filter: Some("Department -eq 'Sales'".into()),
        ..Default::default()
    });
    s.assignments = vec![
        app(
            "LightningSync-Salesforce EAC-Calendars.ReadWrite",
            "Application Calendars.ReadWrite",
            "LightningSync-Salesforce EAC",
        ),
        app(
            "LightningSync-Salesforce EAC-Contacts.ReadWrite",
            "Application Contacts.ReadWrite",
            "LightningSync-Salesforce EAC",
        ),
        app(
            "Someone else's",
            "Application Mail.Send",
            "LightningSync-Salesforce EAC",
        ),
    ];
    let p = plan_setup(Some(&s), &d).unwrap();
    let summary: Vec<(Action, &str)> = p
        .steps
        .iter()
        .map(|s| (s.action, s.target.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                Action::CreateAssignment,
                "LightningSync-Salesforce EAC-Mail.Read"
            ),
            (
                Action::RemoveAssignment,
                "LightningSync-Salesforce EAC-Contacts.ReadWrite"
            ),
        ]
    );
    assert!(
        p.findings
            .iter()
            .any(|f| f.code == "AdditionalApplicationRole" && f.target == "Someone else's")
    );

    let e = desired(
        serde_json::json!({"filter": "Office -eq 'x'", "roles": ["ApplicationImpersonation"]}),
    )
    .unwrap_err();
    assert!(
        e.message.contains("Application Contacts.ReadWrite"),
        "{}",
        e.message
    );
    let e =
        Desired::from_json(r#"{"account":"svc","filter":"Office -eq 'x'","roles":["Mail.Read"]}"#)
            .unwrap_err();
    assert!(
        e.message.contains("only in Exchange Online"),
        "{}",
        e.message
    );
}

#[test]
fn group_and_administrative_unit_scopes_go_on_the_assignment() {
    let mut s = tenant();
    s.groups = vec![GroupMembers {
        identity: "Sales Team".into(),
        members: vec![GroupMember {
            name: "Nested".into(),
            recipient_type_details: Some("MailUniversalSecurityGroup".into()),
            ..Default::default()
        }],
        ..Default::default()
    }];
    let p = plan_setup(
        Some(&s),
        &desired(serde_json::json!({"recipientGroupScope": "Sales Team"})).unwrap(),
    )
    .unwrap();
    assert!(p.steps.iter().all(|s| s.action == Action::CreateAssignment));
    assert!(
        p.steps
            .iter()
            .all(|s| s.parameters.get_text("RecipientGroupScope") == Some("Sales Team"))
    );
    assert!(
        p.steps[0]
            .command
            .contains("-RecipientGroupScope 'Sales Team'"),
        "{}",
        p.steps[0].command
    );
    assert!(
        p.findings
            .iter()
            .any(|f| f.code == "NestedGroupNotExpanded")
    );

    let p = plan_setup(Some(&s), &desired(serde_json::json!({"recipientAdministrativeUnitScope": "7d3c1f3a-0000-4000-8000-000000000001"})).unwrap()).unwrap();
    assert!(p.steps.iter().all(|s| {
        s.parameters
            .get_text("RecipientAdministrativeUnitScope")
            .is_some()
    }));

    let e = desired(
        serde_json::json!({"filter": "Office -eq 'x'", "recipientGroupScope": "Sales Team"}),
    )
    .unwrap_err();
    assert!(e.message.contains("only one of"), "{}", e.message);
    let e =
        Desired::from_json(r#"{"account":"svc","recipientGroupScope":"Sales Team"}"#).unwrap_err();
    assert!(
        e.message.contains("only in Exchange Online"),
        "{}",
        e.message
    );
}

#[test]
fn an_application_id_given_as_the_object_id_is_caught() {
    let e = desired(serde_json::json!({"filter": "Office -eq 'x'", "servicePrincipalObjectId": SALESFORCE_EAC_APP_ID})).unwrap_err();
    assert!(
        e.message.contains("Enterprise applications"),
        "{}",
        e.message
    );
    let other = "0f0f0f0f-1111-2222-3333-444444444444";
    let mut s = tenant();
    s.service_principals.push(ServicePrincipal {
        display_name: Some("Other".into()),
        app_id: Some(other.into()),
        object_id: Some("99999999-1111-2222-3333-444444444444".into()),
        identity: None,
    });
    let d = desired(serde_json::json!({"filter": "Office -eq 'x'", "appId": "12345678-1111-2222-3333-444444444444", "servicePrincipalObjectId": other})).unwrap();
    let e = plan_setup(Some(&s), &d).unwrap_err();
    assert!(
        matches!(&e, PlanError::Conflict(m) if m.contains("application id of the service principal pointer 'Other'")),
        "{e:?}"
    );
    let d = desired(serde_json::json!({"filter": "Office -eq 'x'", "appId": SP})).unwrap();
    let e = plan_setup(Some(&s), &d).unwrap_err();
    assert!(
        matches!(&e, PlanError::Conflict(m) if m.contains("is the object id")),
        "{e:?}"
    );
}

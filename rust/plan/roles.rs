//! The application roles of RBAC for Applications that a plan may grant
//! (docs/exchange.md, RBAC for Applications;
//! https://learn.microsoft.com/exchange/permissions-exo/application-rbac).

use super::desired::DesiredError;

/// Every documented `Application …` role.
pub const DOCUMENTED_APPLICATION_ROLES: [&str; 24] = [
    "Application Mail.Read",
    "Application Mail.ReadBasic",
    "Application Mail.ReadWrite",
    "Application Mail.Send",
    "Application MailboxSettings.Read",
    "Application MailboxSettings.ReadWrite",
    "Application Calendars.Read",
    "Application Calendars.ReadWrite",
    "Application Contacts.Read",
    "Application Contacts.ReadWrite",
    "Application MailboxFolder.Read",
    "Application MailboxFolder.ReadWrite",
    "Application MailboxItem.Read",
    "Application MailboxItem.ReadWrite",
    "Application MailboxItem.Export",
    "Application MailboxItem.ImportExport",
    "Application Mail Full Access",
    "Application Exchange Full Access",
    "Application EWS.AccessAsApp",
    "Application SMTP.SendAsApp",
    "Application MailboxConfigItem.Read",
    "Application MailboxConfigItem.ReadWrite",
    "Application MailTips.ReadBasic.All",
    "Application Mail-Advanced.ReadWrite.All",
];

/// The documented role `name` names (with or without the `Application ` prefix, any case).
pub fn documented_role(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let bare = if name.len() > 12 && name[..12].eq_ignore_ascii_case("Application ") {
        &name[12..]
    } else {
        name
    };
    DOCUMENTED_APPLICATION_ROLES
        .iter()
        .copied()
        .find(|r| r[12..].eq_ignore_ascii_case(bare.trim()))
}

/// The requested roles, canonical and without duplicates; `None` gives the default set.
pub fn resolve_roles(requested: Option<&[String]>) -> Result<Vec<String>, DesiredError> {
    let Some(requested) = requested.filter(|r| !r.is_empty()) else {
        return Ok(super::APPLICATION_ROLES
            .iter()
            .map(|r| (*r).to_owned())
            .collect());
    };
    let mut out: Vec<String> = Vec::new();
    for r in requested {
        let Some(role) = documented_role(r) else {
            return Err(DesiredError {
                message: format!(
                    "'{}' is not a documented application role of RBAC for Applications; pass one or more of: {}",
                    r.trim(),
                    DOCUMENTED_APPLICATION_ROLES.join(", ")
                ),
                position: None,
            });
        };
        if !out.iter().any(|o| o == role) {
            out.push(role.to_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_resolve_to_the_documented_names() {
        let roles = resolve_roles(Some(&[
            "calendars.readwrite".into(),
            "Application Mail.Read".into(),
            "Mail.Read".into(),
        ]))
        .unwrap();
        assert_eq!(
            roles,
            ["Application Calendars.ReadWrite", "Application Mail.Read"]
        );
        assert_eq!(
            resolve_roles(None).unwrap(),
            super::super::APPLICATION_ROLES
        );
        let e = resolve_roles(Some(&["ApplicationImpersonation".into()])).unwrap_err();
        assert!(
            e.message.contains("Application EWS.AccessAsApp"),
            "{}",
            e.message
        );
        assert!(resolve_roles(Some(&["Application Directory.Read".into()])).is_err());
    }
}

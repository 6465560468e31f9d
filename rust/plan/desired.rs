//! The desired state (JSON from PowerShell; never holds secrets) and its
//! validation, with the defaults applied.

use serde::Deserialize;

use super::model::Target;
use crate::opath::{Environment, Filter};
use crate::orgstate::ExchangeVersion;

/// Salesforce's Entra application id for Einstein Activity Capture (docs/exchange.md#salesforce).
pub const SALESFORCE_EAC_APP_ID: &str = "c55d6177-918e-4745-96d3-1715194bc7e8";

/// Exchange's limit for scope, assignment and mailbox names.
pub const MAX_NAME_LENGTH: usize = 64;

/// The desired state as PowerShell sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DesiredInput {
    /// The service account (UPN, alias or `DOMAIN\sam`); online: the display
    /// name of the service principal pointer.
    pub account: String,
    /// The OPATH recipient filter of the scope.
    #[serde(default)]
    pub filter: Option<String>,
    /// Scope name; default `LightningSync-<account>`.
    #[serde(default)]
    pub scope_name: Option<String>,
    /// Assignment name; default `LightningSync-<account>-Impersonation`
    /// (online: `LightningSync-<account>` plus `-Calendars`/`-Contacts`).
    #[serde(default)]
    pub assignment_name: Option<String>,
    /// `OnPremises` (default) or `ExchangeOnline`.
    #[serde(default)]
    pub target: Target,
    /// Create the service mailbox when the account does not exist.
    #[serde(default)]
    pub create_mailbox: bool,
    /// Leave out the legacy AD extended-rights step.
    #[serde(default)]
    pub skip_legacy_ad_permission: bool,
    /// Make the scope exclusive (on-premises only).
    #[serde(default)]
    pub exclusive_scope: bool,
    /// `Fail` (default) or `Update` when a scope of that name has another filter.
    #[serde(default)]
    pub on_existing_scope: OnExistingScope,
    /// Online: the Entra application id; default Salesforce EAC.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Online: the enterprise application's (service principal's) object id.
    #[serde(default)]
    pub service_principal_object_id: Option<String>,
    /// On-premises: the domain controller every call is sent to.
    #[serde(default)]
    pub domain_controller: Option<String>,
    /// Offline planning only: the Exchange version to plan for.
    #[serde(default)]
    pub exchange_version: Option<String>,
    /// Setup: also plan removal of other org-wide impersonation grants of the account.
    #[serde(default)]
    pub remove_unscoped_grants: bool,
    /// Removal: also remove the service mailbox.
    #[serde(default)]
    pub remove_mailbox: bool,
    /// Online: the application roles to grant (default: Calendars.ReadWrite and Contacts.ReadWrite).
    #[serde(default)]
    pub roles: Option<Vec<String>>,
    /// Online: scope the roles to this group's direct members instead of a filter.
    #[serde(default)]
    pub recipient_group_scope: Option<String>,
    /// Online: scope the roles to this administrative unit instead of a filter.
    #[serde(default)]
    pub recipient_administrative_unit_scope: Option<String>,
}

/// What to do with a scope of the chosen name whose filter differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum OnExistingScope {
    /// Stop and name the difference.
    #[default]
    Fail,
    /// Change the scope's filter (affects every assignment that uses it).
    Update,
}

/// The validated desired state, defaults applied.
#[derive(Debug, Clone)]
pub struct Desired {
    /// The input, trimmed.
    pub input: DesiredInput,
    /// The filter text to send (as given), when there is one.
    pub filter: Option<String>,
    /// Its canonical form (what Exchange stores).
    pub canonical_filter: Option<String>,
    /// The chosen scope name.
    pub scope_name: String,
    /// The chosen assignment name (base name online).
    pub assignment_name: String,
    /// The application id (online).
    pub app_id: String,
    /// The offline version, when given.
    pub exchange_version: Option<ExchangeVersion>,
    /// Online: the application roles to grant, canonical.
    pub roles: Vec<String>,
    /// True when no application id was given (the Salesforce EAC default applies).
    pub app_id_defaulted: bool,
}

/// Why the desired state is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DesiredError {
    /// What is wrong and how to fix it.
    pub message: String,
    /// 1-based position in the filter, when the filter is the problem.
    pub position: Option<usize>,
}

fn err(message: impl Into<String>) -> DesiredError {
    DesiredError {
        message: message.into(),
        position: None,
    }
}

/// Checks a scope or assignment name: 1 to 64 characters, no control
/// characters, no wildcard characters (`*`, `?`: a `Get-*` by that name would
/// match others), no leading or trailing spaces.
pub fn validate_name(kind: &str, name: &str) -> Result<(), DesiredError> {
    let count = name.chars().count();
    if count == 0 {
        return Err(err(format!("the {kind} name is empty")));
    }
    if count > MAX_NAME_LENGTH {
        return Err(err(format!(
            "the {kind} name '{name}' has {count} characters; Exchange allows at most {MAX_NAME_LENGTH}"
        )));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || *c == '\u{2028}' || *c == '\u{2029}')
    {
        return Err(err(format!(
            "the {kind} name '{}' contains the control character U+{:04X}; use letters, digits, spaces and punctuation",
            name.escape_debug(),
            c as u32
        )));
    }
    if name.contains(['*', '?']) {
        return Err(err(format!(
            "the {kind} name '{name}' contains a wildcard character ('*' or '?'); Get-* cmdlets would read it as a pattern"
        )));
    }
    if name.trim() != name {
        return Err(err(format!(
            "the {kind} name '{name}' starts or ends with white space; Exchange trims names"
        )));
    }
    Ok(())
}

/// The account's short name: the part before `@`, after `\`.
pub fn account_short_name(account: &str) -> &str {
    let a = account.rsplit('\\').next().unwrap_or(account);
    a.split('@').next().unwrap_or(a)
}

fn truncate(name: String) -> String {
    if name.chars().count() <= MAX_NAME_LENGTH {
        name
    } else {
        name.chars()
            .take(MAX_NAME_LENGTH)
            .collect::<String>()
            .trim_end()
            .to_owned()
    }
}

fn is_guid(text: &str) -> bool {
    crate::clixml::Guid::parse(text).is_some() && text.len() == 36
}

impl Desired {
    /// Parses and validates the desired-state JSON.
    pub fn from_json(json: &str) -> Result<Desired, DesiredError> {
        let input: DesiredInput = serde_json::from_str(json).map_err(|e| {
            err(format!(
                "the desired state is not valid JSON of the expected shape: {e}"
            ))
        })?;
        Desired::new(input)
    }

    /// Validates `input` and applies the defaults.
    pub fn new(mut input: DesiredInput) -> Result<Desired, DesiredError> {
        input.account = input.account.trim().to_owned();
        check_account(&input.account)?;
        let online = input.target == Target::ExchangeOnline;
        let (scope_name, assignment_name) = object_names(&input, online)?;
        let roles = super::roles::resolve_roles(input.roles.as_deref())?;
        if online {
            for role in &roles {
                validate_name(
                    "assignment",
                    &super::online_assignment_name(&assignment_name, role),
                )?;
            }
        }
        super::resource_scope::validate(&mut input, online)?;
        let environment = if online {
            Environment::ExchangeOnline
        } else {
            Environment::OnPremises
        };
        let (filter, canonical_filter) = match input.filter.as_deref() {
            None => (None, None),
            Some(text) => {
                let canonical = canonical_filter(text, environment)?;
                (Some(text.to_owned()), Some(canonical))
            }
        };
        let app_id_defaulted = input.app_id.as_deref().is_none_or(|a| a.trim().is_empty());
        let app_id = match input.app_id.as_deref().map(str::trim) {
            Some(a) if !a.is_empty() => a.to_ascii_lowercase(),
            _ => SALESFORCE_EAC_APP_ID.to_owned(),
        };
        super::resource_scope::check_ids(&input, &app_id)?;
        check_options(&input, &app_id, online)?;
        let exchange_version = match input.exchange_version.as_deref() {
            None => None,
            Some(v) => Some(ExchangeVersion::from_name(v).ok_or_else(|| {
                err(format!(
                    "the Exchange version '{v}' is not known; use 2010, 2013, 2016, 2019, SE or Online"
                ))
            })?),
        };
        Ok(Desired {
            input,
            filter,
            canonical_filter,
            scope_name,
            assignment_name,
            app_id,
            exchange_version,
            roles,
            app_id_defaulted,
        })
    }

    /// True for the Exchange Online target.
    pub fn online(&self) -> bool {
        self.input.target == Target::ExchangeOnline
    }

    /// The filter environment.
    pub fn environment(&self) -> Environment {
        if self.online() {
            Environment::ExchangeOnline
        } else {
            Environment::OnPremises
        }
    }
}

/// The account names one object: not empty, no control or wildcard characters.
fn check_account(account: &str) -> Result<(), DesiredError> {
    if account.is_empty() {
        return Err(err(
            "the account is empty; pass the service account (UPN, alias or DOMAIN\\sam)",
        ));
    }
    if account.chars().any(char::is_control) || account.contains(['*', '?']) {
        return Err(err(format!(
            "the account '{}' contains control or wildcard characters",
            account.escape_debug()
        )));
    }
    Ok(())
}

/// The scope's and the assignment's names, given or derived from the
/// account.
fn object_names(input: &DesiredInput, online: bool) -> Result<(String, String), DesiredError> {
    let short = account_short_name(&input.account).to_owned();
    let scope_name = match input.scope_name.as_deref() {
        Some(s) if !s.trim().is_empty() => s.to_owned(),
        _ => truncate(format!("LightningSync-{short}")),
    };
    validate_name("scope", &scope_name)?;
    let assignment_name = match input.assignment_name.as_deref() {
        Some(s) if !s.trim().is_empty() => s.to_owned(),
        _ if online => truncate(format!("LightningSync-{short}")),
        _ => truncate(format!("LightningSync-{short}-Impersonation")),
    };
    validate_name("assignment", &assignment_name)?;
    Ok((scope_name, assignment_name))
}

/// The canonical text of a valid, non-empty recipient filter.
fn canonical_filter(text: &str, environment: Environment) -> Result<String, DesiredError> {
    let compiled = Filter::compile(text, environment);
    let Some(canonical) = compiled.canonical() else {
        let first = compiled.diagnostics().first();
        return Err(DesiredError {
            message: format!(
                "the recipient filter is not valid: {}",
                first.map_or("it has errors", |d| d.message.as_str())
            ),
            position: first.and_then(|d| d.position),
        });
    };
    if canonical.trim().is_empty() {
        return Err(err(
            "the recipient filter is empty; an empty scope would cover every mailbox — pass a filter such as \"Department -eq 'Sales'\"",
        ));
    }
    Ok(canonical.to_owned())
}

/// Ids, the exclusive switch and the domain controller.
fn check_options(input: &DesiredInput, app_id: &str, online: bool) -> Result<(), DesiredError> {
    // The application's ids mean something only to RBAC for Applications;
    // on-premises they would be dropped without a word.
    for (given, name) in [
        (&input.app_id, "-AppId"),
        (
            &input.service_principal_object_id,
            "-ServicePrincipalObjectId",
        ),
    ] {
        if !online && given.is_some() {
            return Err(err(format!(
                "{name} names the Entra application of RBAC for Applications, which exists only in Exchange Online; on-premises the plan grants ApplicationImpersonation to the account: leave {name} off, or plan with -Target ExchangeOnline"
            )));
        }
    }
    if online && !is_guid(app_id) {
        return Err(err(format!("the -AppId '{app_id}' is not a GUID")));
    }
    if let Some(id) = input.service_principal_object_id.as_deref()
        && !is_guid(id.trim())
    {
        return Err(err(format!(
            "the -ServicePrincipalObjectId '{id}' is not a GUID; copy the Object ID from Entra ID > Enterprise applications"
        )));
    }
    if online && input.exclusive_scope {
        return Err(err(
            "-ExclusiveScope has no effect in Exchange Online: exclusive scopes do not restrict RBAC for Applications; leave it off",
        ));
    }
    if let Some(dc) = input.domain_controller.as_deref()
        && (dc.trim().is_empty()
            || !dc
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    {
        return Err(err(format!(
            "the domain controller '{}' is not a host name",
            dc.escape_debug()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_derive_names_from_the_account() {
        let d = Desired::from_json(
            r#"{"account":"svc-sync@contoso.com","filter":"Department -eq 'Sales'"}"#,
        )
        .unwrap();
        assert_eq!(d.scope_name, "LightningSync-svc-sync");
        assert_eq!(d.assignment_name, "LightningSync-svc-sync-Impersonation");
        assert_eq!(
            d.canonical_filter.as_deref(),
            Some("Department -eq 'Sales'")
        );
        assert_eq!(d.app_id, SALESFORCE_EAC_APP_ID);
        let long = "a".repeat(80);
        let d = Desired::from_json(&format!(
            r#"{{"account":"{long}","filter":"Office -eq 'x'"}}"#
        ))
        .unwrap();
        assert_eq!(d.scope_name.chars().count(), 64);
    }

    #[test]
    fn names_are_validated() {
        for (name, needle) in [
            ("a".repeat(65), "at most 64"),
            ("bad*name".to_owned(), "wildcard"),
            ("line\nbreak".to_owned(), "control character"),
            (" padded".to_owned(), "white space"),
        ] {
            let json = serde_json::json!({"account": "svc", "filter": "Office -eq 'x'", "scopeName": name}).to_string();
            let e = Desired::from_json(&json).unwrap_err();
            assert!(e.message.contains(needle), "{}", e.message);
        }
        let ok = serde_json::json!({"account": "svc", "filter": "Office -eq 'x'", "scopeName": "O'Neil $(x) `b` {c};"}).to_string();
        assert!(Desired::from_json(&ok).is_ok());
    }

    #[test]
    fn application_ids_are_refused_on_premises() {
        let guid = "6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1";
        for key in ["appId", "servicePrincipalObjectId"] {
            let onprem =
                serde_json::json!({"account": "svc", "filter": "Office -eq 'x'", key: guid});
            let e = Desired::from_json(&onprem.to_string()).unwrap_err();
            assert!(
                e.message.contains("exists only in Exchange Online")
                    && e.message.contains("-Target ExchangeOnline"),
                "{}",
                e.message
            );
            let online = serde_json::json!({"account": "svc", "filter": "Office -eq 'x'", "target": "ExchangeOnline", key: guid});
            assert!(Desired::from_json(&online.to_string()).is_ok(), "{key}");
        }
    }

    #[test]
    fn bad_filters_and_options_are_refused() {
        let e = Desired::from_json(r#"{"account":"svc","filter":"Department -eq Sales'"}"#)
            .unwrap_err();
        assert!(e.message.contains("not valid"), "{}", e.message);
        assert!(
            Desired::from_json(r#"{"account":"svc","filter":""}"#)
                .unwrap_err()
                .message
                .contains("empty")
        );
        assert!(Desired::from_json(r#"{"account":"","filter":"Office -eq 'x'"}"#).is_err());
        assert!(Desired::from_json(r#"{"account":"svc","unknown":1}"#).is_err());
        let online = r#"{"account":"svc","filter":"Office -eq 'x'","target":"ExchangeOnline","exclusiveScope":true}"#;
        assert!(
            Desired::from_json(online)
                .unwrap_err()
                .message
                .contains("exclusive")
        );
        let sp = r#"{"account":"svc","target":"ExchangeOnline","servicePrincipalObjectId":"nope"}"#;
        assert!(
            Desired::from_json(sp)
                .unwrap_err()
                .message
                .contains("Enterprise applications")
        );
        let v = r#"{"account":"svc","exchangeVersion":"2020"}"#;
        assert!(Desired::from_json(v).unwrap_err().message.contains("2019"));
    }
}

//! Whom each impersonation or application-role assignment covers.

use serde::Serialize;

use crate::opath::{Environment, Evaluation, Filter};
use crate::orgstate::{Assignment, OrgState, Scope};
use crate::recipient::Recipient;

/// How far an assignment reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reach {
    /// Every mailbox of the organization (no scope).
    Organization,
    /// The mailboxes a management scope's filter matches.
    Scope,
    /// An OU, administrative unit or group the snapshot cannot expand.
    Other,
    /// The scope the assignment names is not in the snapshot.
    MissingScope,
}

/// One assignment and whom it covers.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Assignment name.
    pub assignment: String,
    /// Role.
    pub role: String,
    /// Assignee as named by Exchange.
    pub assignee: String,
    /// `User`, `RoleGroup`, `ServicePrincipal`, …
    pub assignee_type: String,
    /// Whether the assignment is enabled.
    pub enabled: bool,
    /// True when the assignee is the snapshot's service account.
    pub is_service_account: bool,
    /// How far it reaches.
    pub reach: Reach,
    /// The scope (or OU) name.
    pub scope: Option<String>,
    /// The scope's filter.
    pub filter: Option<String>,
    /// Mailboxes covered, when recipients were evaluated (all of them for
    /// organization-wide grants).
    pub covered_count: Option<usize>,
    /// Names of the covered mailboxes (at most [`MAX_NAMES`]).
    pub covered: Vec<String>,
    /// Mailboxes the filter could not be decided for offline.
    pub not_evaluable: usize,
}

/// How many covered mailbox names an entry lists.
pub const MAX_NAMES: usize = 200;

/// True for the assignments the audit looks at.
pub(crate) fn audited(a: &Assignment) -> bool {
    !a.delegating && (a.is_impersonation() || a.is_application_role())
}

/// The snapshot's mailboxes (recipients whose type ends in `Mailbox`, or
/// whose type is unknown), when it has recipients.
pub(crate) fn mailboxes(state: &OrgState) -> Option<Vec<&Recipient>> {
    let all = state.recipients.as_ref()?;
    Some(
        all.iter()
            .filter(|r| {
                r.first("RecipientTypeDetails")
                    .is_none_or(|t| t.is_empty() || t.to_ascii_lowercase().ends_with("mailbox"))
            })
            .collect(),
    )
}

pub(crate) fn display_name(r: &Recipient) -> String {
    r.primary_smtp_address()
        .or_else(|| r.first("Name"))
        .or_else(|| r.first("Identity"))
        .unwrap_or("?")
        .to_owned()
}

fn under_root(r: &Recipient, root: &str) -> bool {
    let root = root.trim_end_matches('/').to_ascii_lowercase();
    let ou = r
        .first("OrganizationalUnit")
        .unwrap_or("")
        .to_ascii_lowercase();
    let dn = r
        .first("DistinguishedName")
        .unwrap_or("")
        .to_ascii_lowercase();
    ou == root || ou.starts_with(&format!("{root}/")) || (root.contains('=') && dn.ends_with(&root))
}

/// The filter environment of the snapshot.
pub(crate) fn environment(state: &OrgState) -> Environment {
    if state.is_exchange_online {
        Environment::ExchangeOnline
    } else {
        Environment::OnPremises
    }
}

/// Whether `scope` (its root, then `filter`, its compiled recipient filter)
/// takes in `r`; outside the root is `NoMatch`.
pub(crate) fn in_scope(scope: &Scope, filter: &Filter, r: &Recipient) -> Evaluation {
    let root = scope.recipient_root.as_deref().filter(|r| !r.is_empty());
    if root.is_some_and(|root| !under_root(r, root)) {
        return Evaluation::NoMatch;
    }
    filter.evaluate(&r.record)
}

/// Coverage of every audited assignment.
pub(crate) fn coverage(state: &OrgState, mailboxes: Option<&[&Recipient]>) -> Vec<Coverage> {
    let env = environment(state);
    state
        .assignments
        .iter()
        .filter(|a| audited(a))
        .map(|a| {
            let mut c = Coverage {
                assignment: a.name.clone(),
                role: a.role.clone(),
                assignee: a.assignee_display().to_owned(),
                assignee_type: a
                    .role_assignee_type
                    .clone()
                    .unwrap_or_else(|| "User".into()),
                enabled: a.enabled,
                is_service_account: state.is_account_assignee(a),
                reach: Reach::Organization,
                scope: None,
                filter: None,
                covered_count: None,
                covered: Vec::new(),
                not_evaluable: 0,
            };
            if let Some(name) = a.scope_name() {
                c.scope = Some(name.to_owned());
                let Some(scope) = state.scope(name) else {
                    c.reach = Reach::MissingScope;
                    return c;
                };
                c.reach = Reach::Scope;
                c.filter = scope.recipient_filter.clone();
                if let Some(mbx) = mailboxes {
                    let filter =
                        Filter::compile(scope.recipient_filter.as_deref().unwrap_or(""), env);
                    let mut count = 0;
                    for r in mbx {
                        match in_scope(scope, &filter, r) {
                            Evaluation::Match => {
                                count += 1;
                                if c.covered.len() < MAX_NAMES {
                                    c.covered.push(display_name(r));
                                }
                            }
                            Evaluation::NoMatch => {}
                            Evaluation::NotEvaluable(_) => c.not_evaluable += 1,
                        }
                    }
                    c.covered_count = Some(count);
                }
            } else if !a.is_unscoped() {
                c.reach = Reach::Other;
                c.scope = a.recipient_organizational_unit_scope.clone();
            } else if let Some(mbx) = mailboxes {
                c.covered_count = Some(mbx.len());
                c.covered = mbx
                    .iter()
                    .take(MAX_NAMES)
                    .map(|r| display_name(r))
                    .collect();
            }
            c
        })
        .collect()
}

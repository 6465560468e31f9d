//! Whom each impersonation or application-role assignment covers.

use serde::Serialize;

use super::reach::{Matcher, mailbox_name};
use crate::orgstate::{Assignment, OrgState};
use crate::recipient::Recipient;

/// How far an assignment reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reach {
    /// Every mailbox of the organization (no scope).
    Organization,
    /// The mailboxes a management scope's filter matches.
    Scope,
    /// An OU, or a group the snapshot does not hold.
    Other,
    /// The direct members of a group (`RecipientGroupScope`).
    Group,
    /// The members of an administrative unit (`RecipientAdministrativeUnitScope`).
    AdministrativeUnit,
    /// The scope the assignment names is not in the snapshot.
    MissingScope,
}

/// One assignment and whom it covers.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
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

/// Coverage of every audited assignment.
pub(crate) fn coverage(state: &OrgState, mailboxes: Option<&[&Recipient]>) -> Vec<Coverage> {
    state
        .assignments
        .iter()
        .filter(|a| audited(a))
        .map(|a| {
            let matcher = Matcher::of(state, a);
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
                scope: a.scope_name().map(str::to_owned),
                filter: None,
                covered_count: None,
                covered: Vec::new(),
                not_evaluable: 0,
            };
            c.reach = match &matcher {
                Matcher::Organization => Reach::Organization,
                Matcher::Filter(..) => Reach::Scope,
                Matcher::Group(_) => Reach::Group,
                Matcher::AdministrativeUnit(_) => Reach::AdministrativeUnit,
                Matcher::MissingScope => return c_missing(c),
                Matcher::Unknown => {
                    if a.group_scope().is_none() && a.scope_name().is_none() {
                        c.scope = a.recipient_organizational_unit_scope.clone();
                    }
                    Reach::Other
                }
            };
            if c.reach == Reach::Scope {
                c.filter = a
                    .scope_name()
                    .and_then(|n| state.scope(n))
                    .and_then(|s| s.recipient_filter.clone());
            }
            if c.reach == Reach::Other {
                return c;
            }
            if let Some(mbx) = mailboxes {
                let mut count = 0;
                for r in mbx {
                    match matcher.covers(r) {
                        Some(true) => {
                            count += 1;
                            if c.covered.len() < MAX_NAMES {
                                c.covered.push(mailbox_name(r));
                            }
                        }
                        Some(false) => {}
                        None => c.not_evaluable += 1,
                    }
                }
                c.covered_count = Some(count);
            }
            c
        })
        .collect()
}

fn c_missing(mut c: Coverage) -> Coverage {
    c.reach = Reach::MissingScope;
    c
}

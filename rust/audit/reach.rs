//! Whether one assignment covers one mailbox: an organization-wide grant, a
//! management scope's filter (and root), a group's direct members, or an
//! administrative unit (the recipient's `AdministrativeUnits`).

use crate::opath::{Environment, Evaluation, Filter};
use crate::orgstate::{Assignment, GroupMembers, OrgState, names_match};
use crate::recipient::Recipient;

/// A compiled test for one assignment.
pub(crate) enum Matcher<'a> {
    /// Every mailbox.
    Organization,
    /// A management scope: its filter (boxed: it is far larger than the
    /// other variants) and optional root.
    Filter(Box<Filter>, Option<&'a str>),
    /// Direct members of a group that the snapshot holds.
    Group(&'a GroupMembers),
    /// Members of an administrative unit.
    AdministrativeUnit(&'a str),
    /// An OU, or a group the snapshot does not hold.
    Unknown,
    /// The named management scope is not in the snapshot.
    MissingScope,
}

pub(crate) fn environment(state: &OrgState) -> Environment {
    if state.is_exchange_online {
        Environment::ExchangeOnline
    } else {
        Environment::OnPremises
    }
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

impl<'a> Matcher<'a> {
    /// The matcher of `a` in `state`.
    pub(crate) fn of(state: &'a OrgState, a: &'a Assignment) -> Matcher<'a> {
        if let Some(group) = a.group_scope() {
            return state.group(group).map_or(Matcher::Unknown, Matcher::Group);
        }
        if let Some(unit) = a.administrative_unit_scope() {
            return Matcher::AdministrativeUnit(unit);
        }
        if let Some(name) = a.scope_name() {
            return match state.scope(name) {
                None => Matcher::MissingScope,
                Some(scope) => Matcher::Filter(
                    Box::new(Filter::compile(
                        scope.recipient_filter.as_deref().unwrap_or(""),
                        environment(state),
                    )),
                    scope.recipient_root.as_deref().filter(|r| !r.is_empty()),
                ),
            };
        }
        if a.is_unscoped() {
            Matcher::Organization
        } else {
            Matcher::Unknown
        }
    }

    /// `Some(true)` when the assignment covers `r`, `None` when that cannot be told offline.
    pub(crate) fn covers(&self, r: &Recipient) -> Option<bool> {
        match self {
            Matcher::Organization => Some(true),
            Matcher::Filter(filter, root) => {
                if root.is_some_and(|root| !under_root(r, root)) {
                    return Some(false);
                }
                match filter.evaluate(&r.record) {
                    Evaluation::Match => Some(true),
                    Evaluation::NoMatch => Some(false),
                    Evaluation::NotEvaluable(_) => None,
                }
            }
            Matcher::Group(g) => Some(g.members.iter().any(|m| {
                !m.is_group()
                    && [
                        r.first("DistinguishedName"),
                        r.primary_smtp_address(),
                        r.first("Name"),
                    ]
                    .into_iter()
                    .flatten()
                    .any(|n| m.is_named(n))
            })),
            Matcher::AdministrativeUnit(unit) => Some(
                r.record
                    .values("AdministrativeUnits")
                    .is_some_and(|v| v.iter().any(|u| u.eq_ignore_ascii_case(unit))),
            ),
            Matcher::Unknown | Matcher::MissingScope => None,
        }
    }
}

/// The name a mailbox is reported and passed to `-Resource` by.
pub(crate) fn mailbox_name(r: &Recipient) -> String {
    r.primary_smtp_address()
        .or_else(|| r.first("Name"))
        .or_else(|| r.first("Identity"))
        .unwrap_or("?")
        .to_owned()
}

/// True when `name` names the recipient.
pub(crate) fn is_named(r: &Recipient, name: &str) -> bool {
    names_match(
        [
            r.primary_smtp_address(),
            r.first("Name"),
            r.first("Identity"),
            r.first("Alias"),
            r.first("DistinguishedName"),
            r.first("UserPrincipalName"),
        ],
        name,
    )
}

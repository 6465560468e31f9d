//! Evaluating a filter tree against a [`Record`] (docs/opath.md#evaluation).
//!
//! Two engines, as in Exchange: the in-memory engine RBAC uses to decide
//! whether a mailbox is inside a management scope (impersonation, docs/opath.md#in-memory-engine), and
//! the LDAP engine used for dynamic groups, address lists and previews (docs/opath.md#ldap-engine).
//! A filter that uses a filter-only property (`MemberOfGroup`, `Members`) is
//! evaluated by RBAC with LDAP semantics (docs/opath.md#two-engines).

use super::catalog::{Property, PropertyType};
use super::record::Record;
use super::tree::{CompareOp, MatchKind, Node};
use super::value::{Value, parse_record_value};
use serde::Serialize;
use std::cmp::Ordering;

/// Which of Exchange's two evaluators to imitate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Engine {
    /// RBAC's in-memory evaluator (management scopes, impersonation).
    InMemory,
    /// The LDAP query Exchange builds (dynamic groups, address lists, previews).
    Ldap,
}

/// The outcome of evaluating a filter against one recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", content = "reason")]
pub enum Evaluation {
    /// The recipient is inside the filter.
    Match,
    /// The recipient is outside the filter.
    NoMatch,
    /// Cannot be decided offline from this record; says why.
    NotEvaluable(String),
}

impl Evaluation {
    fn from_bool(b: bool) -> Evaluation {
        if b {
            Evaluation::Match
        } else {
            Evaluation::NoMatch
        }
    }

    fn not(self) -> Evaluation {
        match self {
            Evaluation::Match => Evaluation::NoMatch,
            Evaluation::NoMatch => Evaluation::Match,
            other => other,
        }
    }
}

/// Evaluates `node` against `record` with `engine` semantics. `And`/`Or` use
/// three-valued logic, so a part that cannot be evaluated only matters when
/// it decides the result.
pub fn evaluate(node: &Node, record: &Record, engine: Engine) -> Evaluation {
    match node {
        Node::And(operands) => fold(operands, record, engine, Evaluation::NoMatch),
        Node::Or(operands) => fold(operands, record, engine, Evaluation::Match),
        Node::Not(x) => evaluate(x, record, engine).not(),
        leaf => match leaf_values(leaf, record, engine) {
            Ok(values) => Evaluation::from_bool(leaf_holds(leaf, &values, engine)),
            Err(reason) => Evaluation::NotEvaluable(reason),
        },
    }
}

/// Evaluates a left-associative run of `-and` (`decisive` = no match) or
/// `-or` (`decisive` = match) operand by operand, exactly as the binary tree
/// `op(op(a, b), c)` evaluates: the decisive outcome stops the run; an
/// operand that cannot be evaluated is the result unless a later operand is
/// decisive.
fn fold(operands: &[Node], record: &Record, engine: Engine, decisive: Evaluation) -> Evaluation {
    let mut result: Option<Evaluation> = None;
    for operand in operands {
        let value = evaluate(operand, record, engine);
        if value == decisive {
            return value;
        }
        result = match result {
            Some(Evaluation::NotEvaluable(reason)) => Some(Evaluation::NotEvaluable(reason)),
            _ => Some(value),
        };
    }
    result.unwrap_or(Evaluation::Match)
}

/// True when the tree uses a filter-only property.
pub fn uses_filter_only(node: &Node) -> bool {
    let mut found = false;
    node.for_each_leaf(&mut |leaf| {
        if leaf.property().is_some_and(|p| p.filter_only) {
            found = true;
        }
    });
    found
}

/// The property's values on the record, typed, with defaults applied.
fn leaf_values(leaf: &Node, record: &Record, engine: Engine) -> Result<Vec<Value>, String> {
    let Some(p) = leaf.property() else {
        return Ok(Vec::new());
    };
    let raw = match record_values(record, p) {
        Some(raw) => raw,
        None if p.filter_only => {
            return Err(format!(
                "{} is not evaluable offline: the record does not carry the recipient's {}",
                p.name,
                if p.name == "Members" {
                    "members"
                } else {
                    "group memberships"
                }
            ));
        }
        None => &[][..],
    };
    let raw: Vec<&str> = if p.name == "PrimarySmtpAddress" && raw.is_empty() {
        // Calculated from the primary (upper-case SMTP:) proxy address.
        record_values(
            record,
            super::catalog::lookup("EmailAddresses").expect("catalog"),
        )
        .unwrap_or(&[])
        .iter()
        .filter_map(|a| a.strip_prefix("SMTP:"))
        .take(1)
        .collect()
    } else {
        raw.iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect()
    };
    if engine == Engine::Ldap
        && p.name == "PrimarySmtpAddress"
        && matches!(leaf, Node::Compare { .. })
    {
        // LDAP translates it to proxyAddresses=SMTP:<v>: any SMTP address matches.
        let addresses = record_values(
            record,
            super::catalog::lookup("EmailAddresses").expect("catalog"),
        )
        .unwrap_or(&[]);
        let mut all: Vec<Value> = raw.iter().map(|s| Value::Text((*s).to_owned())).collect();
        all.extend(addresses.iter().filter_map(|a| {
            a.split_once(':')
                .filter(|(prefix, _)| prefix.eq_ignore_ascii_case("smtp"))
                .map(|(_, address)| Value::Text(address.to_owned()))
        }));
        return Ok(all);
    }
    let mut values = Vec::with_capacity(raw.len());
    for text in raw {
        match parse_record_value(p, text) {
            Some(v) => values.push(v),
            None => {
                return Err(format!(
                    "the record's {} value \"{text}\" is not a valid {}",
                    p.name,
                    p.kind.name()
                ));
            }
        }
    }
    if values.is_empty()
        && let Some(default) = default_value(p)
    {
        values.push(default);
    }
    Ok(values)
}

fn record_values<'r>(record: &'r Record, p: &Property) -> Option<&'r [String]> {
    let mut buf = [0u8; 64];
    let name = p.name.as_bytes();
    if name.len() <= buf.len() {
        buf[..name.len()].copy_from_slice(name);
        buf[..name.len()].make_ascii_lowercase();
        let lower = std::str::from_utf8(&buf[..name.len()]).unwrap_or(p.name);
        record.values_lowercase(lower)
    } else {
        record.values(p.name)
    }
}

/// What Exchange reads for an unset property that has a default (docs/opath.md#in-memory-engine).
fn default_value(p: &Property) -> Option<Value> {
    if p.multivalued {
        return None;
    }
    match p.kind {
        PropertyType::Bool => Some(Value::Bool(false)),
        PropertyType::ByteSize | PropertyType::IntOrUnlimited => Some(Value::Unlimited),
        PropertyType::Enum => {
            let e = p.enum_type?;
            let (name, _) = e.members.iter().find(|(_, v)| *v == 0)?;
            Some(Value::Enum {
                value: Some(0),
                text: (*name).to_owned(),
            })
        }
        _ => None,
    }
}

fn leaf_holds(leaf: &Node, values: &[Value], engine: Engine) -> bool {
    match leaf {
        Node::Exists(_) => !values.is_empty(),
        Node::Text { pattern, kind, .. } => {
            if values.is_empty() {
                return engine == Engine::InMemory && pattern.is_empty();
            }
            values
                .iter()
                .any(|v| text_matches(&v.match_text(), pattern, *kind))
        }
        Node::Compare {
            property,
            op,
            value,
        } => {
            let flag_any = engine == Engine::Ldap
                && matches!(
                    property.name,
                    "RecipientTypeDetails" | "RecipientTypeDetailsValue"
                );
            let eq = |v: &Value| {
                if flag_any
                    && let (Value::Enum { value: Some(a), .. }, Value::Enum { value: Some(b), .. }) =
                        (v, value)
                {
                    return *a == *b || (*b != 0 && *a & *b == *a && *a != 0);
                }
                v.equals(value)
            };
            if values.is_empty() {
                return match (engine, op) {
                    (_, CompareOp::Eq) => false,
                    (_, CompareOp::Ne) => true,
                    (Engine::InMemory, CompareOp::Lt | CompareOp::Le) => true,
                    _ => false,
                };
            }
            match op {
                CompareOp::Eq => values.iter().any(eq),
                CompareOp::Ne => match engine {
                    Engine::InMemory => values.iter().any(|v| !eq(v)),
                    Engine::Ldap => !values.iter().any(eq),
                },
                CompareOp::Lt if engine == Engine::Ldap => {
                    values
                        .iter()
                        .any(|v| ordered(v, value, |o| o != Ordering::Greater))
                        && !values.iter().any(eq)
                }
                CompareOp::Gt if engine == Engine::Ldap => {
                    values
                        .iter()
                        .any(|v| ordered(v, value, |o| o != Ordering::Less))
                        && !values.iter().any(eq)
                }
                CompareOp::Lt => values
                    .iter()
                    .any(|v| ordered(v, value, |o| o == Ordering::Less)),
                CompareOp::Le => values
                    .iter()
                    .any(|v| ordered(v, value, |o| o != Ordering::Greater)),
                CompareOp::Gt => values
                    .iter()
                    .any(|v| ordered(v, value, |o| o == Ordering::Greater)),
                CompareOp::Ge => values
                    .iter()
                    .any(|v| ordered(v, value, |o| o != Ordering::Less)),
            }
        }
        _ => false,
    }
}

fn ordered(a: &Value, b: &Value, test: impl Fn(Ordering) -> bool) -> bool {
    a.compare(b).is_some_and(test)
}

/// `OrdinalIgnoreCase` full / prefix / suffix / substring match.
pub(crate) fn text_matches(text: &str, pattern: &str, kind: MatchKind) -> bool {
    if text.is_ascii() && pattern.is_ascii() {
        let (t, p) = (text.as_bytes(), pattern.as_bytes());
        return match kind {
            MatchKind::Full => t.eq_ignore_ascii_case(p),
            MatchKind::Prefix => t.len() >= p.len() && t[..p.len()].eq_ignore_ascii_case(p),
            MatchKind::Suffix => {
                t.len() >= p.len() && t[t.len() - p.len()..].eq_ignore_ascii_case(p)
            }
            MatchKind::Substring => {
                p.is_empty() || t.windows(p.len()).any(|w| w.eq_ignore_ascii_case(p))
            }
        };
    }
    let t = text.to_uppercase();
    let p = pattern.to_uppercase();
    match kind {
        MatchKind::Full => t == p,
        MatchKind::Prefix => t.starts_with(&p),
        MatchKind::Suffix => t.ends_with(&p),
        MatchKind::Substring => t.contains(&p),
    }
}

#[cfg(test)]
mod tests {
    use super::super::environment::Environment;
    use super::super::filter::Filter;
    use super::*;

    fn eval(filter: &str, record: &Record) -> Evaluation {
        let f = Filter::compile(filter, Environment::OnPremises);
        assert!(f.is_valid(), "{filter}: {:?}", f.diagnostics());
        f.evaluate(record)
    }

    fn eval_ldap(filter: &str, record: &Record) -> Evaluation {
        let f = Filter::compile(filter, Environment::OnPremises);
        f.evaluate_with(record, Engine::Ldap)
    }

    fn rec(pairs: &[(&str, &str)]) -> Record {
        let mut r = Record::new();
        for (k, v) in pairs {
            r.push(k, *v);
        }
        r
    }

    use Evaluation::{Match, NoMatch};

    #[test]
    fn empty_properties_follow_the_in_memory_rules() {
        let r = rec(&[("Department", "Sales")]);
        assert_eq!(eval("Title -eq 'x'", &r), NoMatch);
        assert_eq!(eval("Title -ne 'x'", &r), Match);
        assert_eq!(eval("Title -ne $null", &r), NoMatch);
        assert_eq!(eval("Title -eq $null", &r), Match);
        assert_eq!(eval("Title -like ''", &r), Match);
        assert_eq!(eval("Title -like 'a*'", &r), NoMatch);
        assert_eq!(eval("Title -lt 'm'", &r), Match);
        assert_eq!(eval("Title -gt 'm'", &r), NoMatch);
        assert_eq!(eval_ldap("Title -lt 'm'", &r), NoMatch);
    }

    #[test]
    fn wildcards_only_at_the_ends_and_case_insensitive() {
        let r = rec(&[("Title", "VP Sales"), ("Company", "a*b")]);
        assert_eq!(eval("Title -like 'vp*'", &r), Match);
        assert_eq!(eval("Title -like '*SALES'", &r), Match);
        assert_eq!(eval("Title -like '*p s*'", &r), Match);
        assert_eq!(eval("Title -like 'VP'", &r), NoMatch);
        assert_eq!(eval("Title -like 'V*s'", &r), NoMatch);
        assert_eq!(eval("Company -like 'a*b'", &r), Match);
        assert_eq!(eval("Title -notlike 'vp*'", &r), NoMatch);
        assert_eq!(eval("Title -like '*'", &r), Match);
    }

    #[test]
    fn defaults_make_bools_and_enums_never_empty() {
        let r = Record::new();
        assert_eq!(eval("HiddenFromAddressListsEnabled -eq $false", &r), Match);
        assert_eq!(eval("HiddenFromAddressListsEnabled -ne $null", &r), Match);
        assert_eq!(eval("ArchiveStatus -eq 'None'", &r), Match);
        assert_eq!(eval("ProhibitSendQuota -eq 'Unlimited'", &r), Match);
        assert_eq!(eval("ProhibitSendQuota -gt '10GB'", &r), Match);
    }

    #[test]
    fn multi_valued_any_value_and_ne_divergence() {
        let r = rec(&[
            ("EmailAddresses", "SMTP:ann@contoso.com"),
            ("EmailAddresses", "smtp:a@contoso.com"),
        ]);
        assert_eq!(eval("EmailAddresses -eq 'smtp:ANN@contoso.com'", &r), Match);
        assert_eq!(eval("EmailAddresses -ne 'smtp:ann@contoso.com'", &r), Match);
        assert_eq!(
            eval_ldap("EmailAddresses -ne 'smtp:ann@contoso.com'", &r),
            NoMatch
        );
        assert_eq!(eval("EmailAddresses -like 'ann*'", &r), NoMatch);
        assert_eq!(eval("EmailAddresses -like '*@contoso.com'", &r), Match);
        assert_eq!(eval("PrimarySmtpAddress -eq 'ann@contoso.com'", &r), Match);
        assert_eq!(eval("PrimarySmtpAddress -eq 'a@contoso.com'", &r), NoMatch);
        assert_eq!(
            eval_ldap("PrimarySmtpAddress -eq 'a@contoso.com'", &r),
            Match
        );
    }

    #[test]
    fn enum_flags_match_exactly_in_memory() {
        let r = rec(&[
            ("UserAccountControl", "AccountDisabled, NormalAccount"),
            ("RecipientTypeDetails", "SharedMailbox"),
        ]);
        assert_eq!(
            eval("UserAccountControl -eq 'AccountDisabled'", &r),
            NoMatch
        );
        assert_eq!(eval("UserAccountControl -eq 514", &r), Match);
        assert_eq!(
            eval("RecipientTypeDetails -eq 'UserMailbox,SharedMailbox'", &r),
            NoMatch
        );
        assert_eq!(
            eval_ldap("RecipientTypeDetails -eq 'UserMailbox,SharedMailbox'", &r),
            Match
        );
        assert_eq!(eval("RecipientTypeDetails -like '*Shared*'", &r), Match);
    }

    #[test]
    fn membership_is_not_guessed() {
        let dn = "CN=Sales,OU=Groups,DC=contoso,DC=com";
        let f = format!("MemberOfGroup -eq '{dn}'");
        let r = rec(&[("Department", "Sales")]);
        assert!(matches!(eval(&f, &r), Evaluation::NotEvaluable(_)));
        let mut known = r.clone();
        known.set_null("MemberOfGroup");
        assert_eq!(eval(&f, &known), NoMatch);
        known.set("MemberOfGroup", dn.to_lowercase());
        assert_eq!(eval(&f, &known), Match);
        // Three-valued logic: a decided side wins.
        assert_eq!(eval(&format!("Department -eq 'Ops' -and {f}"), &r), NoMatch);
        assert_eq!(eval(&format!("Department -eq 'Sales' -or {f}"), &r), Match);
        assert!(matches!(
            eval(&format!("Department -eq 'Sales' -and {f}"), &r),
            Evaluation::NotEvaluable(_)
        ));
    }

    #[test]
    fn typed_comparisons() {
        let r = rec(&[
            ("ProhibitSendQuota", "1.5 GB (1,610,612,736 bytes)"),
            ("WhenCreated", "2017-08-01T10:00:00"),
            ("MaxSafeSenders", "5"),
        ]);
        assert_eq!(eval("ProhibitSendQuota -lt '2GB'", &r), Match);
        assert_eq!(eval("ProhibitSendQuota -eq '1.5GB'", &r), Match);
        assert_eq!(eval("WhenCreated -ge '8/1/2017'", &r), Match);
        assert_eq!(eval("WhenCreated -lt '2017-08-01'", &r), NoMatch);
        assert_eq!(eval("MaxSafeSenders -gt 4", &r), Match);
        let bad = rec(&[("MaxSafeSenders", "many")]);
        assert!(matches!(
            eval("MaxSafeSenders -gt 4", &bad),
            Evaluation::NotEvaluable(_)
        ));
    }
}

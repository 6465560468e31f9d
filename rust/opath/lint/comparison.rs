//! The lints of one comparison, as a table of rules evaluated in order:
//! each rule looks at the comparison and returns at most one warning.

use super::super::catalog::{Property, PropertyType, Wildcard};
use super::super::countries::is_country_name;
use super::super::diagnostic::{Diagnostic, codes};
use super::super::environment::Environment;
use super::super::lexer::Operator;
use super::super::parser::{Comparison, ValueToken};
use super::super::tree::{CompareOp, MatchKind, Node};
use super::super::value::{Value, is_canonical_name, is_dn, split_dn};

/// What the rules see of one comparison.
struct Seen<'a> {
    c: &'a Comparison,
    p: &'static Property,
    name: &'static str,
    /// The value as written (`None` for a variable such as `$null`).
    text: Option<&'a str>,
    is_like: bool,
    /// The `-like` node under a `-notlike`'s negation.
    like_node: &'a Node,
    env: Environment,
}

/// One lint rule.
type Rule = fn(&Seen<'_>) -> Option<Diagnostic>;

/// The rules, in the order their warnings are reported.
const RULES: &[Rule] = &[
    dollar_in_value,
    like_without_wildcard,
    like_inner_asterisk,
    like_question_mark,
    like_leading_wildcard,
    like_not_supported,
    like_primary_smtp,
    equality_asterisk,
    ne_matches_empty,
    ne_on_multivalued,
    flag_equality,
    dn_spaces,
    dn_not_written,
    country_name,
    binary_value,
    ddg_system_clause,
    online_archive_database,
];

/// Appends the warnings of every rule that fires on `c`.
pub(super) fn lint_comparison(c: &Comparison, env: Environment, out: &mut Vec<Diagnostic>) {
    let seen = Seen {
        c,
        p: c.property,
        name: c.property.name,
        text: written_text(c),
        is_like: matches!(c.operator, Operator::Like | Operator::NotLike),
        like_node: match &c.node {
            Node::Not(inner) => inner.as_ref(),
            other => other,
        },
        env,
    };
    out.extend(RULES.iter().filter_map(|rule| rule(&seen)));
}

fn written_text(c: &Comparison) -> Option<&str> {
    match &c.value {
        ValueToken::SingleQuoted(t) | ValueToken::DoubleQuoted(t) | ValueToken::Number(t) => {
            Some(t)
        }
        ValueToken::Variable(_) => None,
    }
}

/// Whether an unset property reads as a value (false, 0, the zero enum member).
pub(super) fn has_default(p: &Property) -> bool {
    !p.multivalued
        && match p.kind {
            PropertyType::Bool | PropertyType::ByteSize | PropertyType::IntOrUnlimited => true,
            PropertyType::Enum => p
                .enum_type
                .is_some_and(|e| e.members.iter().any(|(_, v)| *v == 0)),
            _ => false,
        }
}

/// The pattern and match kind of a `-like`/`-notlike` comparison.
fn like_pattern<'a>(s: &Seen<'a>) -> Option<(&'a str, MatchKind)> {
    match s.like_node {
        Node::Text { pattern, kind, .. } if s.is_like => Some((pattern, *kind)),
        _ => None,
    }
}

/// The operator and value of a `Compare` node.
fn compared<'a>(s: &Seen<'a>) -> Option<(CompareOp, &'a Value)> {
    match &s.c.node {
        Node::Compare { op, value, .. } => Some((*op, value)),
        _ => None,
    }
}

fn dollar_in_value(s: &Seen<'_>) -> Option<Diagnostic> {
    let name = s.name;
    let t = s.text?;
    let quoted = matches!(
        s.c.value,
        ValueToken::SingleQuoted(_) | ValueToken::DoubleQuoted(_)
    );
    let i = t.find('$')?;
    let looks_like_variable =
        t[i + 1..].starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '{' || ch == '(');
    (quoted && looks_like_variable).then(|| {
        Diagnostic::warning(
            codes::DOLLAR_IN_VALUE,
            format!("The value '{t}' of {name} contains '$…' text: Exchange never expands variables inside quoted values, so it is compared literally."),
        )
        .with_hint("Put the actual value in the filter (expand it on the client: a double-quoted PowerShell string, or ConvertTo-LightningSyncRecipientFilter).")
        .at(s.c.value_position)
    })
}

fn like_without_wildcard(s: &Seen<'_>) -> Option<Diagnostic> {
    let (pattern, kind) = like_pattern(s)?;
    let name = s.name;
    let op = s.c.operator;
    (kind == MatchKind::Full && pattern != "*").then(|| {
        Diagnostic::warning(
            codes::LIKE_WITHOUT_WILDCARD,
            format!(
                "{name} {} '{pattern}' has no wildcard, so it compares the whole text, like {}.",
                op.text(),
                if op == Operator::Like { "-eq" } else { "-ne" }
            ),
        )
        .with_hint(format!(
            "Use -eq/-ne for an exact value, or add * at the start and/or end: '{pattern}*'."
        ))
        .at(s.c.operator_position)
    })
}

fn like_inner_asterisk(s: &Seen<'_>) -> Option<Diagnostic> {
    let (pattern, _) = like_pattern(s)?;
    let name = s.name;
    pattern.contains('*').then(|| {
        Diagnostic::warning(
            codes::LITERAL_ASTERISK,
            format!("Only a leading and a trailing * are wildcards: the other * in the {name} pattern are literal asterisks."),
        )
        .with_hint("Split the pattern into several -like comparisons joined with -and, e.g. (P -like 'abc*') -and (P -like '*xyz').")
        .at(s.c.value_position)
    })
}

fn like_question_mark(s: &Seen<'_>) -> Option<Diagnostic> {
    let (pattern, _) = like_pattern(s)?;
    let name = s.name;
    (pattern.contains('?') || pattern.contains('[')).then(|| {
        Diagnostic::warning(
            codes::QUESTION_MARK_NOT_WILDCARD,
            format!(
                "? and [ ] are not wildcards in OPATH: the {name} pattern matches them literally."
            ),
        )
        .with_hint("Only * at the start and/or end of the value is a wildcard.")
        .at(s.c.value_position)
    })
}

fn like_leading_wildcard(s: &Seen<'_>) -> Option<Diagnostic> {
    let (_, kind) = like_pattern(s)?;
    let name = s.name;
    (matches!(kind, MatchKind::Suffix | MatchKind::Substring)
        && s.env == Environment::ExchangeOnline)
        .then(|| {
            Diagnostic::warning(
                codes::LEADING_WILDCARD,
                format!(
                    "Exchange Online does not support a leading * for most properties ({name})."
                ),
            )
            .with_hint(
                "Use a trailing wildcard ('abc*') or an exact value; test the scope in the tenant.",
            )
            .at(s.c.value_position)
        })
}

fn like_not_supported(s: &Seen<'_>) -> Option<Diagnostic> {
    let (_, kind) = like_pattern(s)?;
    let (p, name) = (s.p, s.name);
    (kind != MatchKind::Full && p.wildcard != Wildcard::Yes && p.kind.is_textual()).then(|| {
        Diagnostic::warning(
            codes::WILDCARD_NOT_SUPPORTED,
            format!(
                "Microsoft documents {name} without wildcard support in recipient filters{}.",
                if p.wildcard == Wildcard::DynamicGroupsOnly {
                    " (wildcards work only with the dynamic distribution group cmdlets)"
                } else {
                    ""
                }
            ),
        )
        .with_hint(format!("Compare {name} with -eq and the exact value."))
        .at(s.c.operator_position)
    })
}

fn like_primary_smtp(s: &Seen<'_>) -> Option<Diagnostic> {
    like_pattern(s)?;
    (s.name == "PrimarySmtpAddress").then(|| {
        Diagnostic::warning(
            codes::PRIMARY_SMTP_LIKE,
            "Exchange translates PrimarySmtpAddress to LDAP only for -eq and -ne; -like works in scope checks but not in previews, dynamic groups or address lists.",
        )
        .with_hint("Use EmailAddresses -like 'smtp:*@contoso.com' or WindowsEmailAddress -like '*@contoso.com'.")
        .at(s.c.operator_position)
    })
}

fn equality_asterisk(s: &Seen<'_>) -> Option<Diagnostic> {
    let (op, value) = compared(s)?;
    let (Value::Text(t), PropertyType::String) = (value, s.p.kind) else {
        return None;
    };
    (matches!(op, CompareOp::Eq | CompareOp::Ne) && t.contains('*')).then(|| {
        Diagnostic::warning(
            codes::LITERAL_ASTERISK,
            format!(
                "{} does not use wildcards: the * in '{t}' is a literal asterisk.",
                op.text()
            ),
        )
        .with_hint(format!(
            "Use {} for a wildcard match.",
            if op == CompareOp::Eq {
                "-like"
            } else {
                "-notlike"
            }
        ))
        .at(s.c.operator_position)
    })
}

fn ne_matches_empty(s: &Seen<'_>) -> Option<Diagnostic> {
    let (op, value) = compared(s)?;
    let name = s.name;
    (op == CompareOp::Ne && !has_default(s.p)).then(|| {
        Diagnostic::warning(
            codes::NE_MATCHES_EMPTY,
            format!(
                "{name} -ne '{}' also matches every recipient whose {name} is empty.",
                value.canonical_text()
            ),
        )
        .with_hint(format!(
            "If only recipients with a value are meant, add -and ({name} -ne $null)."
        ))
        .at(s.c.operator_position)
    })
}

fn ne_on_multivalued(s: &Seen<'_>) -> Option<Diagnostic> {
    let (op, _) = compared(s)?;
    let name = s.name;
    (op == CompareOp::Ne && s.p.multivalued).then(|| {
        Diagnostic::warning(
            codes::NE_ON_MULTIVALUED,
            format!("{name} is multi-valued: in scope checks -ne is true when ANY value differs (a recipient holding the value still matches if it has another one); in previews and dynamic groups it means NO value equals it."),
        )
        .with_hint(format!("Write -not({name} -eq '…') to exclude recipients holding the value in both engines."))
        .at(s.c.operator_position)
    })
}

fn flag_equality(s: &Seen<'_>) -> Option<Diagnostic> {
    let (_, value) = compared(s)?;
    let name = s.name;
    let Value::Enum {
        value: Some(bits), ..
    } = value
    else {
        return None;
    };
    if !s.p.enum_type.is_some_and(|e| e.flags) || *bits == 0 {
        return None;
    }
    let combined = (*bits as u64).count_ones() > 1;
    let type_details = matches!(
        name,
        "RecipientTypeDetails" | "RecipientTypeDetailsValue" | "PreviousRecipientTypeDetails"
    );
    let warning = match (type_details, combined) {
        (true, false) => return None,
        (true, true) => Diagnostic::warning(
            codes::FLAG_EQUALITY,
            format!("{name} -eq '{}' combines several types: scope checks compare the whole value and match no recipient, while previews match any of them.", value.canonical_text()),
        )
        .with_hint(format!("Write one comparison per type joined with -or: ({name} -eq 'A') -or ({name} -eq 'B').")),
        (false, _) => Diagnostic::warning(
            codes::FLAG_EQUALITY,
            format!("{name} holds flags: -eq/-ne compare the whole value, so '{}' does not match a recipient that has other flags set as well (e.g. a disabled normal account is 'AccountDisabled, NormalAccount').", value.canonical_text()),
        )
        .with_hint("Compare with the exact combined value (its number also works)."),
    };
    Some(warning.at(s.c.value_position))
}

/// The value written for a DN-typed property.
fn dn_text<'a>(s: &Seen<'a>) -> Option<&'a str> {
    if s.p.kind == PropertyType::Dn {
        s.text
    } else {
        None
    }
}

fn dn_spaces(s: &Seen<'_>) -> Option<Diagnostic> {
    let t = dn_text(s)?;
    let name = s.name;
    (is_dn(t) && split_dn(t).iter().skip(1).any(|rdn| rdn.starts_with(' '))).then(|| {
        Diagnostic::warning(
            codes::DN_SPACES,
            format!("The distinguished name for {name} has spaces after commas; Exchange compares DNs as stored (no spaces)."),
        )
        .with_hint(format!("Write it without spaces: '{}'.", split_dn(t).iter().map(|r| r.trim_start()).collect::<Vec<_>>().join(",")))
        .at(s.c.value_position)
    })
}

/// A DN-typed property given a canonical name, or (online) no DN at all.
fn dn_not_written(s: &Seen<'_>) -> Option<Diagnostic> {
    let t = dn_text(s)?;
    let name = s.name;
    if is_dn(t) || s.is_like || t == "*" || t == "**" {
        return None;
    }
    if is_canonical_name(t) {
        return Some(Diagnostic::warning(
            codes::RESOLVED_AT_SAVE,
            format!("'{t}' is a canonical name, not a DN: Exchange looks it up when the filter is saved and fails if no such object exists; the stored filter holds the DN."),
        )
        .with_hint("Give the full distinguished name to be independent of the lookup.")
        .at(s.c.value_position));
    }
    (s.env == Environment::ExchangeOnline).then(|| {
        Diagnostic::warning(
            codes::NOT_A_DN,
            format!("'{t}' is not a distinguished name: Exchange Online accepts it for {name} but stores 'DC={t}', which matches no recipient."),
        )
        .with_hint(format!("Use the DistinguishedName of the object (Get-Recipient '{t}' | Select DistinguishedName)."))
        .at(s.c.value_position)
    })
}

fn country_name(s: &Seen<'_>) -> Option<Diagnostic> {
    let t = s.text?;
    let name = s.name;
    (matches!(s.p.kind, PropertyType::Country) && is_country_name(t)).then(|| {
        Diagnostic::warning(
            codes::COUNTRY_NAME,
            format!("{name} is stored as an ISO 3166 two-letter code; write the code rather than the name '{t}'."),
        )
        .with_hint("E.g. 'FR' rather than 'France'.")
        .at(s.c.value_position)
    })
}

fn binary_value(s: &Seen<'_>) -> Option<Diagnostic> {
    compared(s)?;
    let name = s.name;
    (s.p.kind == PropertyType::Binary).then(|| {
        Diagnostic::warning(
            codes::BINARY_VALUE,
            format!("{name} holds bytes: only tests against $null ({name} -ne $null / -eq $null) are meaningful."),
        )
        .at(s.c.operator_position)
    })
}

fn ddg_system_clause(s: &Seen<'_>) -> Option<Diagnostic> {
    let system_name = s
        .text
        .is_some_and(|t| t.starts_with("SystemMailbox{") || t.starts_with("CAS_{"))
        && s.name == "Name";
    (system_name || s.name == "RecipientTypeDetailsValue").then(|| {
        Diagnostic::warning(
            codes::DDG_SYSTEM_CLAUSE,
            "This looks like a system clause Exchange appends to dynamic distribution group filters; it does not belong in a management scope.",
        )
        .with_hint("Paste only the custom part of the group's RecipientFilter.")
        .at(s.c.property_position)
    })
}

fn online_archive_database(s: &Seen<'_>) -> Option<Diagnostic> {
    let name = s.name;
    (s.env == Environment::ExchangeOnline
        && matches!(name, "ArchiveDatabase" | "DisabledArchiveDatabase")
        && !matches!(s.c.value, ValueToken::Variable(_)))
    .then(|| {
        Diagnostic::warning(
            codes::ENVIRONMENT_PROPERTY,
            format!("Exchange Online supports {name} only in -eq $null / -ne $null tests."),
        )
        .at(s.c.property_position)
    })
}

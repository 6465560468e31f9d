//! Lints (docs/opath.md#lints): filters Exchange accepts but that probably do not do
//! what their author meant. All are warnings.

use super::catalog::{Property, PropertyType, Wildcard};
use super::countries::is_country_name;
use super::diagnostic::{Diagnostic, codes};
use super::environment::Environment;
use super::lexer::{DroppedChar, Operator};
use super::parser::{Comparison, Expr, ValueToken};
use super::tree::{CompareOp, MatchKind, Node};
use super::value::{Value, is_canonical_name, is_dn, split_dn};

/// Properties only mailboxes carry.
const MAILBOX_ONLY: &[&str] = &[
    "ArchiveDatabase",
    "ArchiveGuid",
    "ArchiveName",
    "ArchiveQuota",
    "ArchiveStatus",
    "ArchiveWarningQuota",
    "CalendarLoggingQuota",
    "Database",
    "ExchangeGuid",
    "IssueWarningQuota",
    "LitigationHoldEnabled",
    "ProhibitSendQuota",
    "ProhibitSendReceiveQuota",
    "RecoverableItemsQuota",
    "RecoverableItemsWarningQuota",
    "RetainDeletedItemsFor",
    "RulesQuota",
    "ServerName",
    "SingleItemRecoveryEnabled",
    "UseDatabaseQuotaDefaults",
    "WhenMailboxCreated",
];
/// Properties only groups carry.
const GROUP_ONLY: &[&str] = &[
    "GroupType",
    "HiddenGroupMembershipEnabled",
    "ManagedBy",
    "MemberDepartRestriction",
    "MemberJoinRestriction",
    "Members",
];
/// Properties only resource (room/equipment) mailboxes carry.
const RESOURCE_ONLY: &[&str] = &["ResourceCapacity", "ResourceCustom", "ResourceType"];
/// Properties only mail users and mail contacts carry.
const EXTERNAL_ONLY: &[&str] = &["ExternalEmailAddress"];

/// Most distinct comparisons the "matches everyone / no one" check enumerates.
const MAX_TRUTH_TABLE_LEAVES: usize = 12;

/// Most leaf visits the truth table may take (leaves times combinations).
const MAX_TRUTH_TABLE_WORK: usize = 1 << 22;

/// Warnings for a scanned filter; `expr` is `None` when the filter is empty
/// or did not parse.
pub(crate) fn lint(
    text: &str,
    expr: Option<&Expr>,
    dropped: &[DroppedChar],
    env: Environment,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    lint_dropped(dropped, &mut out);
    let Some(expr) = expr else {
        if text.trim().is_empty() {
            out.push(
                Diagnostic::warning(
                    codes::MATCHES_EVERYTHING,
                    "The filter is empty: it places no restriction on recipients.",
                )
                .with_hint("New-ManagementScope rejects an empty -RecipientRestrictionFilter; write the condition the scope should enforce."),
            );
        }
        return out;
    };
    let mut seen_properties: Vec<&str> = Vec::new();
    expr.for_each_comparison(&mut |c| {
        lint_comparison(c, env, &mut out);
        if !seen_properties.contains(&c.property.name) {
            seen_properties.push(c.property.name);
            lint_property(c, env, &mut out);
        }
    });
    lint_precedence(expr, &mut out);
    lint_constant(&expr.to_node(), &mut out);
    out
}

fn lint_dropped(dropped: &[DroppedChar], out: &mut Vec<Diagnostic>) {
    for d in dropped {
        let what = match d.ch {
            '\u{2013}' | '\u{2014}' | '\u{2012}' | '\u{2212}' | '\u{2010}' | '\u{2011}' => {
                "a dash that is not the ASCII hyphen-minus"
            }
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{201C}' | '\u{201D}'
            | '\u{201E}' | '\u{00B4}' => "a typographic quote that is not ' or \"",
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{200B}' | '\u{FEFF}' => {
                "an invisible non-ASCII space"
            }
            '*' => "a * outside quotes",
            c if !c.is_ascii() => "a non-ASCII character",
            _ => continue,
        };
        out.push(
            Diagnostic::warning(
                codes::DROPPED_CHARACTER,
                format!(
                    "Exchange silently drops the character U+{:04X} at position {}: {what}.",
                    d.ch as u32, d.position
                ),
            )
            .with_hint("Retype it in plain ASCII; such characters usually come from copying out of a document or web page. Wildcards belong inside the quoted value.")
            .at(d.position),
        );
    }
}

fn written_text(c: &Comparison) -> Option<&str> {
    match &c.value {
        ValueToken::SingleQuoted(t) | ValueToken::DoubleQuoted(t) | ValueToken::Number(t) => {
            Some(t)
        }
        ValueToken::Variable(_) => None,
    }
}

fn has_default(p: &Property) -> bool {
    !p.multivalued
        && match p.kind {
            PropertyType::Bool | PropertyType::ByteSize | PropertyType::IntOrUnlimited => true,
            PropertyType::Enum => p
                .enum_type
                .is_some_and(|e| e.members.iter().any(|(_, v)| *v == 0)),
            _ => false,
        }
}

fn lint_comparison(c: &Comparison, env: Environment, out: &mut Vec<Diagnostic>) {
    let p = c.property;
    let name = p.name;
    let at = c.property_position;
    let text = written_text(c);
    let is_like = matches!(c.operator, Operator::Like | Operator::NotLike);
    let like_node = match &c.node {
        Node::Not(inner) => inner.as_ref(),
        other => other,
    };

    if let (Some(t), ValueToken::SingleQuoted(_) | ValueToken::DoubleQuoted(_)) = (text, &c.value)
        && let Some(i) = t.find('$')
        && t[i + 1..].starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '{' || ch == '(')
    {
        out.push(
            Diagnostic::warning(
                codes::DOLLAR_IN_VALUE,
                format!("The value '{t}' of {name} contains '$…' text: Exchange never expands variables inside quoted values, so it is compared literally."),
            )
            .with_hint("Put the actual value in the filter (expand it on the client: a double-quoted PowerShell string, or ConvertTo-LightningSyncRecipientFilter).")
            .at(c.value_position),
        );
    }

    if is_like && let Node::Text { pattern, kind, .. } = like_node {
        if *kind == MatchKind::Full && pattern != "*" {
            out.push(
                Diagnostic::warning(
                    codes::LIKE_WITHOUT_WILDCARD,
                    format!("{name} {} '{pattern}' has no wildcard, so it compares the whole text, like {}.", c.operator.text(), if c.operator == Operator::Like { "-eq" } else { "-ne" }),
                )
                .with_hint(format!("Use -eq/-ne for an exact value, or add * at the start and/or end: '{pattern}*'."))
                .at(c.operator_position),
            );
        }
        if pattern.contains('*') {
            out.push(
                Diagnostic::warning(
                    codes::LITERAL_ASTERISK,
                    format!("Only a leading and a trailing * are wildcards: the other * in the {name} pattern are literal asterisks."),
                )
                .with_hint("Split the pattern into several -like comparisons joined with -and, e.g. (P -like 'abc*') -and (P -like '*xyz').")
                .at(c.value_position),
            );
        }
        if pattern.contains('?') || pattern.contains('[') {
            out.push(
                Diagnostic::warning(
                    codes::QUESTION_MARK_NOT_WILDCARD,
                    format!("? and [ ] are not wildcards in OPATH: the {name} pattern matches them literally."),
                )
                .with_hint("Only * at the start and/or end of the value is a wildcard.")
                .at(c.value_position),
            );
        }
        if matches!(kind, MatchKind::Suffix | MatchKind::Substring)
            && env == Environment::ExchangeOnline
        {
            out.push(
                Diagnostic::warning(
                    codes::LEADING_WILDCARD,
                    format!("Exchange Online does not support a leading * for most properties ({name})."),
                )
                .with_hint("Use a trailing wildcard ('abc*') or an exact value; test the scope in the tenant.")
                .at(c.value_position),
            );
        }
        if *kind != MatchKind::Full && p.wildcard != Wildcard::Yes && p.kind.is_textual() {
            out.push(
                Diagnostic::warning(
                    codes::WILDCARD_NOT_SUPPORTED,
                    format!("Microsoft documents {name} without wildcard support in recipient filters{}.", if p.wildcard == Wildcard::DynamicGroupsOnly { " (wildcards work only with the dynamic distribution group cmdlets)" } else { "" }),
                )
                .with_hint(format!("Compare {name} with -eq and the exact value."))
                .at(c.operator_position),
            );
        }
        if name == "PrimarySmtpAddress" {
            out.push(
                Diagnostic::warning(
                    codes::PRIMARY_SMTP_LIKE,
                    "Exchange translates PrimarySmtpAddress to LDAP only for -eq and -ne; -like works in scope checks but not in previews, dynamic groups or address lists.",
                )
                .with_hint("Use EmailAddresses -like 'smtp:*@contoso.com' or WindowsEmailAddress -like '*@contoso.com'.")
                .at(c.operator_position),
            );
        }
    }

    if let Node::Compare { op, value, .. } = &c.node {
        if matches!(op, CompareOp::Eq | CompareOp::Ne)
            && let (Value::Text(t), PropertyType::String) = (value, p.kind)
            && t.contains('*')
        {
            out.push(
                Diagnostic::warning(
                    codes::LITERAL_ASTERISK,
                    format!(
                        "{} does not use wildcards: the * in '{t}' is a literal asterisk.",
                        op.text()
                    ),
                )
                .with_hint(format!(
                    "Use {} for a wildcard match.",
                    if *op == CompareOp::Eq {
                        "-like"
                    } else {
                        "-notlike"
                    }
                ))
                .at(c.operator_position),
            );
        }
        if *op == CompareOp::Ne && !has_default(p) {
            out.push(
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
                .at(c.operator_position),
            );
        }
        if *op == CompareOp::Ne && p.multivalued {
            out.push(
                Diagnostic::warning(
                    codes::NE_ON_MULTIVALUED,
                    format!("{name} is multi-valued: in scope checks -ne is true when ANY value differs (a recipient holding the value still matches if it has another one); in previews and dynamic groups it means NO value equals it."),
                )
                .with_hint(format!("Write -not({name} -eq '…') to exclude recipients holding the value in both engines."))
                .at(c.operator_position),
            );
        }
        if let Value::Enum {
            value: Some(bits), ..
        } = value
            && p.enum_type.is_some_and(|e| e.flags)
            && *bits != 0
        {
            let combined = (*bits as u64).count_ones() > 1;
            if matches!(
                name,
                "RecipientTypeDetails"
                    | "RecipientTypeDetailsValue"
                    | "PreviousRecipientTypeDetails"
            ) {
                if combined {
                    out.push(
                        Diagnostic::warning(
                            codes::FLAG_EQUALITY,
                            format!("{name} -eq '{}' combines several types: scope checks compare the whole value and match no recipient, while previews match any of them.", value.canonical_text()),
                        )
                        .with_hint(format!("Write one comparison per type joined with -or: ({name} -eq 'A') -or ({name} -eq 'B')."))
                        .at(c.value_position),
                    );
                }
            } else {
                out.push(
                    Diagnostic::warning(
                        codes::FLAG_EQUALITY,
                        format!("{name} holds flags: -eq/-ne compare the whole value, so '{}' does not match a recipient that has other flags set as well (e.g. a disabled normal account is 'AccountDisabled, NormalAccount').", value.canonical_text()),
                    )
                    .with_hint("Compare with the exact combined value (its number also works).")
                    .at(c.value_position),
                );
            }
        }
    }

    if p.kind == PropertyType::Dn
        && let Some(t) = text
    {
        let dn_written = is_dn(t);
        if dn_written && split_dn(t).iter().skip(1).any(|rdn| rdn.starts_with(' ')) {
            out.push(
                Diagnostic::warning(
                    codes::DN_SPACES,
                    format!("The distinguished name for {name} has spaces after commas; Exchange compares DNs as stored (no spaces)."),
                )
                .with_hint(format!("Write it without spaces: '{}'.", split_dn(t).iter().map(|r| r.trim_start()).collect::<Vec<_>>().join(",")))
                .at(c.value_position),
            );
        }
        if !dn_written && !is_like && t != "*" && t != "**" {
            if is_canonical_name(t) {
                out.push(
                    Diagnostic::warning(
                        codes::RESOLVED_AT_SAVE,
                        format!("'{t}' is a canonical name, not a DN: Exchange looks it up when the filter is saved and fails if no such object exists; the stored filter holds the DN."),
                    )
                    .with_hint("Give the full distinguished name to be independent of the lookup.")
                    .at(c.value_position),
                );
            } else if env == Environment::ExchangeOnline {
                out.push(
                    Diagnostic::warning(
                        codes::NOT_A_DN,
                        format!("'{t}' is not a distinguished name: Exchange Online accepts it for {name} but stores 'DC={t}', which matches no recipient."),
                    )
                    .with_hint(format!("Use the DistinguishedName of the object (Get-Recipient '{t}' | Select DistinguishedName)."))
                    .at(c.value_position),
                );
            }
        }
    }

    if matches!(p.kind, PropertyType::Country)
        && let Some(t) = text
        && is_country_name(t)
    {
        out.push(
            Diagnostic::warning(
                codes::COUNTRY_NAME,
                format!("{name} is stored as an ISO 3166 two-letter code; write the code rather than the name '{t}'."),
            )
            .with_hint("E.g. 'FR' rather than 'France'.")
            .at(c.value_position),
        );
    }

    if p.kind == PropertyType::Binary
        && let Node::Compare { .. } = &c.node
    {
        out.push(
            Diagnostic::warning(
                codes::BINARY_VALUE,
                format!("{name} holds bytes: only tests against $null ({name} -ne $null / -eq $null) are meaningful."),
            )
            .at(c.operator_position),
        );
    }

    if text.is_some_and(|t| t.starts_with("SystemMailbox{") || t.starts_with("CAS_{"))
        && name == "Name"
        || name == "RecipientTypeDetailsValue"
    {
        out.push(
            Diagnostic::warning(
                codes::DDG_SYSTEM_CLAUSE,
                "This looks like a system clause Exchange appends to dynamic distribution group filters; it does not belong in a management scope.",
            )
            .with_hint("Paste only the custom part of the group's RecipientFilter.")
            .at(at),
        );
    }

    if env == Environment::ExchangeOnline
        && matches!(name, "ArchiveDatabase" | "DisabledArchiveDatabase")
        && !matches!(c.value, ValueToken::Variable(_))
    {
        out.push(
            Diagnostic::warning(
                codes::ENVIRONMENT_PROPERTY,
                format!("Exchange Online supports {name} only in -eq $null / -ne $null tests."),
            )
            .at(at),
        );
    }
}

fn lint_property(c: &Comparison, env: Environment, out: &mut Vec<Diagnostic>) {
    let p = c.property;
    let name = p.name;
    let at = c.property_position;
    if env == Environment::ExchangeOnline && p.server_only {
        out.push(
            Diagnostic::warning(
                codes::ENVIRONMENT_PROPERTY,
                format!(
                    "{name} exists in Exchange Server only; in Exchange Online it has no value."
                ),
            )
            .at(at),
        );
    }
    if env == Environment::ExchangeOnline && p.online_usually_empty {
        out.push(
            Diagnostic::warning(
                codes::ENVIRONMENT_PROPERTY,
                format!(
                    "{name} is usually empty in Exchange Online (Entra Connect does not sync it)."
                ),
            )
            .at(at),
        );
    }
    if name == "MemberOfGroup" {
        let mut message = "MemberOfGroup matches direct members only: members of nested groups are not included, and dynamic distribution groups never match.".to_owned();
        if env == Environment::ExchangeOnline {
            message.push_str(" In Exchange Online only groups Exchange knows (mail-enabled) work, not Entra ID security or dynamic groups.");
        }
        out.push(
            Diagnostic::warning(codes::MEMBER_OF_GROUP, message)
                .with_hint("Scope checks with MemberOfGroup use an LDAP query per recipient; keep the group flat.")
                .at(at),
        );
    }
    let carriers = if MAILBOX_ONLY.contains(&name) {
        Some("mailboxes")
    } else if GROUP_ONLY.contains(&name) {
        Some("groups")
    } else if RESOURCE_ONLY.contains(&name) {
        Some("room and equipment mailboxes")
    } else if EXTERNAL_ONLY.contains(&name) {
        Some("mail users and mail contacts")
    } else {
        None
    };
    if let Some(carriers) = carriers {
        out.push(
            Diagnostic::warning(
                codes::PARTIAL_PROPERTY,
                format!("Only {carriers} carry {name}: other recipients are empty there, so they never match a comparison with a value but do match -ne, -notlike and -not(...) on it."),
            )
            .with_hint("Add a RecipientTypeDetails condition if the scope is meant for one kind of recipient.")
            .at(at),
        );
    }
}

fn lint_precedence(expr: &Expr, out: &mut Vec<Diagnostic>) {
    match expr {
        Expr::Or(operands) => {
            for side in operands {
                if let Expr::And(..) = side {
                    let mut first = None;
                    side.for_each_comparison(&mut |c| {
                        first.get_or_insert(c.property_position);
                    });
                    let mut d = Diagnostic::warning(
                        codes::PRECEDENCE,
                        "-and binds tighter than -or: 'A -or B -and C' means 'A -or (B -and C)'.",
                    )
                    .with_hint("Add parentheses to say which grouping is meant.");
                    d.position = first;
                    out.push(d);
                }
            }
            for side in operands {
                lint_precedence(side, out);
            }
        }
        Expr::And(operands) => {
            for side in operands {
                lint_precedence(side, out);
            }
        }
        Expr::Not(x) | Expr::Group(x) => lint_precedence(x, out),
        Expr::Comparison(_) => {}
    }
}

/// Warns when the filter is true (or false) for every combination of its
/// comparisons' outcomes.
fn lint_constant(tree: &Node, out: &mut Vec<Diagnostic>) {
    let mut keys: Vec<String> = Vec::new();
    let mut constant_true: Vec<bool> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    tree.for_each_leaf(&mut |leaf| {
        if keys.len() > MAX_TRUTH_TABLE_LEAVES {
            return;
        }
        let key = super::canonical::canonical_text(leaf);
        let index = match keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                keys.push(key);
                constant_true.push(matches!(leaf, Node::Exists(p) if has_default(p)));
                keys.len() - 1
            }
        };
        order.push(index);
    });
    if keys.len() > MAX_TRUTH_TABLE_LEAVES || order.len() << keys.len() > MAX_TRUTH_TABLE_WORK {
        return;
    }
    let mut any_true = false;
    let mut any_false = false;
    for bits in 0u32..(1 << keys.len()) {
        if (0..keys.len()).any(|i| constant_true[i] && bits & (1 << i) == 0) {
            continue;
        }
        let mut cursor = 0;
        if truth(tree, &order, &mut cursor, bits) {
            any_true = true;
        } else {
            any_false = true;
        }
        if any_true && any_false {
            return;
        }
    }
    if any_true && !any_false {
        out.push(
            Diagnostic::warning(codes::MATCHES_EVERYTHING, "The filter matches every recipient: its conditions cancel out.")
                .with_hint("A scope with this filter does not restrict which mailboxes are covered. Check -or/-not and $null tests (properties such as booleans always have a value)."),
        );
    } else if any_false && !any_true {
        out.push(
            Diagnostic::warning(
                codes::MATCHES_NOTHING,
                "The filter matches no recipient: its conditions contradict each other.",
            )
            .with_hint("Check -and/-not combinations."),
        );
    }
}

/// Evaluates the tree for one assignment of leaf outcomes (leaves visited in
/// order, both sides always, so `cursor` stays in step with `order`).
fn truth(node: &Node, order: &[usize], cursor: &mut usize, bits: u32) -> bool {
    match node {
        Node::And(operands) => operands
            .iter()
            .fold(true, |all, o| truth(o, order, cursor, bits) & all),
        Node::Or(operands) => operands
            .iter()
            .fold(false, |any, o| truth(o, order, cursor, bits) | any),
        Node::Not(x) => !truth(x, order, cursor, bits),
        _ => {
            let i = order[*cursor];
            *cursor += 1;
            bits & (1 << i) != 0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::filter::Filter;
    use super::*;

    fn warnings(text: &str, env: Environment) -> Vec<&'static str> {
        let f = Filter::compile(text, env);
        assert!(f.is_valid(), "{text}: {:?}", f.diagnostics());
        f.diagnostics().iter().map(|d| d.code).collect()
    }

    fn on_prem(text: &str) -> Vec<&'static str> {
        warnings(text, Environment::OnPremises)
    }

    #[test]
    fn clean_filters_have_no_warnings() {
        assert!(on_prem("Department -eq 'Sales'").is_empty());
        assert!(on_prem("Title -like 'VP*' -and Company -ne $null").is_empty());
        assert!(on_prem("(City -eq 'Seattle') -and (RecipientType -eq 'UserMailbox')").is_empty());
    }

    #[test]
    fn ne_matches_empty_values() {
        assert!(on_prem("Department -ne 'Sales'").contains(&codes::NE_MATCHES_EMPTY));
        assert!(
            !on_prem("HiddenFromAddressListsEnabled -ne $true").contains(&codes::NE_MATCHES_EMPTY)
        );
        assert!(on_prem("EmailAddresses -ne 'smtp:a@b.com'").contains(&codes::NE_ON_MULTIVALUED));
    }

    #[test]
    fn like_rules() {
        assert_eq!(on_prem("Title -like 'VP'"), [codes::LIKE_WITHOUT_WILDCARD]);
        assert!(on_prem("Title -like 'V*P*'").contains(&codes::LITERAL_ASTERISK));
        assert!(on_prem("Title -eq 'VP*'").contains(&codes::LITERAL_ASTERISK));
        assert!(on_prem("Title -like 'V?P*'").contains(&codes::QUESTION_MARK_NOT_WILDCARD));
        assert!(on_prem("Title -like '*VP'").is_empty());
        assert_eq!(
            warnings("Title -like '*VP'", Environment::ExchangeOnline),
            [codes::LEADING_WILDCARD]
        );
        assert!(
            on_prem("DistinguishedName -like '*OU=Sales*'")
                .contains(&codes::WILDCARD_NOT_SUPPORTED)
        );
        assert!(
            on_prem("PrimarySmtpAddress -like '*@contoso.com'").contains(&codes::PRIMARY_SMTP_LIKE)
        );
    }

    #[test]
    fn distinguished_name_rules() {
        assert!(
            on_prem("Manager -eq 'CN=Ann, OU=Users,DC=contoso,DC=com'").contains(&codes::DN_SPACES)
        );
        assert!(on_prem("Manager -eq 'contoso.com/Users/Ann'").contains(&codes::RESOLVED_AT_SAVE));
        assert!(
            warnings("Manager -eq 'Ann'", Environment::ExchangeOnline).contains(&codes::NOT_A_DN)
        );
        let m = on_prem("MemberOfGroup -eq 'CN=G,DC=contoso,DC=com'");
        assert_eq!(m, [codes::MEMBER_OF_GROUP]);
    }

    #[test]
    fn value_rules() {
        assert_eq!(on_prem("UsageLocation -eq 'France'"), [codes::COUNTRY_NAME]);
        assert!(on_prem("UsageLocation -eq 'FR'").is_empty());
        assert_eq!(
            on_prem("UserAccountControl -eq 'AccountDisabled'"),
            [codes::FLAG_EQUALITY]
        );
        assert_eq!(
            on_prem("RecipientTypeDetails -eq 'UserMailbox,SharedMailbox'"),
            [codes::FLAG_EQUALITY]
        );
        assert!(on_prem("RecipientTypeDetails -eq 'SharedMailbox'").is_empty());
        assert_eq!(
            on_prem("CustomAttribute1 -eq '$Office'"),
            [codes::DOLLAR_IN_VALUE]
        );
        assert!(on_prem("Certificate -eq 'abc'").contains(&codes::BINARY_VALUE));
    }

    #[test]
    fn structure_rules() {
        let w = on_prem("Title -eq 'a' -or Title -eq 'b' -and Company -eq 'c'");
        assert_eq!(w, [codes::PRECEDENCE]);
        assert!(on_prem("(Title -eq 'a' -or Title -eq 'b') -and Company -eq 'c'").is_empty());
        assert_eq!(
            on_prem("Title -eq 'a' -or -not(Title -eq 'a')"),
            [codes::MATCHES_EVERYTHING]
        );
        assert_eq!(
            on_prem("HiddenFromAddressListsEnabled -ne $null"),
            [codes::MATCHES_EVERYTHING]
        );
        assert_eq!(
            on_prem("Title -eq 'a' -and -not(Title -eq 'a')"),
            [codes::MATCHES_NOTHING]
        );
        assert_eq!(on_prem(""), [codes::MATCHES_EVERYTHING]);
        assert!(on_prem("Name -notlike 'SystemMailbox{*'").contains(&codes::DDG_SYSTEM_CLAUSE));
    }

    #[test]
    fn property_and_environment_rules() {
        assert_eq!(on_prem("Database -ne $null"), [codes::PARTIAL_PROPERTY]);
        assert!(
            warnings("UMAddresses -ne $null", Environment::ExchangeOnline)
                .contains(&codes::ENVIRONMENT_PROPERTY)
        );
        assert!(
            warnings(
                "ExtensionCustomAttribute1 -eq 'x'",
                Environment::ExchangeOnline
            )
            .contains(&codes::ENVIRONMENT_PROPERTY)
        );
        assert!(on_prem("UMAddresses -ne $null").is_empty());
    }

    #[test]
    fn dropped_characters_warn_even_when_the_filter_fails() {
        let f = Filter::compile("Department \u{2013}eq 'Sales'", Environment::OnPremises);
        let codes: Vec<_> = f.diagnostics().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["InvalidSyntax", super::codes::DROPPED_CHARACTER]);
        assert_eq!(f.diagnostics()[1].position, Some(12));
        // Braces of a pasted script block are harmless and silent.
        assert!(on_prem("{Department -eq 'Sales'}").is_empty());
    }
}

//! Lints (docs/opath.md#lints): filters Exchange accepts but that probably do not do
//! what their author meant. All are warnings.

use super::diagnostic::{Diagnostic, codes};
use super::environment::Environment;
use super::lexer::DroppedChar;
use super::parser::{Comparison, Expr};
use super::tree::Node;

mod comparison;

use comparison::{has_default, lint_comparison};

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

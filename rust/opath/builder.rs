//! Builder: structured conditions → a correctly quoted filter. The safe way
//! for scripts to make filters: values are always single-quoted with `'`
//! doubled, and the result is compiled to prove Exchange accepts it.

use super::catalog;
use super::diagnostic::{Diagnostic, codes};
use super::environment::Environment;
use super::filter::Filter;
use serde::Deserialize;

/// One property and the values it may take (several values are joined
/// with `-or`). A value that starts or ends with `*` is matched with `-like`,
/// any other value with `-eq`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Condition {
    /// Property name (any letter case; printed in canonical spelling).
    pub property: String,
    /// Accepted values.
    pub values: Vec<String>,
}

impl Condition {
    /// A condition on `property` with `values`.
    pub fn new<I, S>(property: &str, values: I) -> Condition
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Condition {
            property: property.to_owned(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
}

/// Single-quotes `value` for OPATH, doubling every `'`.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Properties a recipient holds exactly one member of: a combined flags value
/// (`'UserMailbox,SharedMailbox'`) matches no recipient in the engine RBAC
/// uses, so the builder turns each member into a comparison of its own.
const ONE_MEMBER_PER_RECIPIENT: [&str; 3] = [
    "RecipientTypeDetails",
    "RecipientTypeDetailsValue",
    "PreviousRecipientTypeDetails",
];

/// Builds `(P -eq 'a' -or P -eq 'b') -and Q -eq 'c'` from `conditions`,
/// then compiles it for `env`. Returns the filter text, or the errors
/// (unknown property, empty condition list, a value Exchange would reject,
/// and every condition that would make the filter match no recipient: a
/// property given twice, a control character in a value, a combined type).
/// A value that starts or ends with `*` (`'*'` alone included) is compared
/// with `-like`; a type list (`'UserMailbox,SharedMailbox'`) becomes one
/// `-eq` per type.
pub fn build(conditions: &[Condition], env: Environment) -> Result<String, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for condition in conditions {
        let Some(p) = catalog::lookup(condition.property.trim()) else {
            let close = catalog::suggestions(condition.property.trim(), 3);
            let mut d = Diagnostic::error(
                codes::UNKNOWN_PROPERTY,
                format!(
                    "\"{}\" is not a recognized filterable property.",
                    condition.property
                ),
            );
            if !close.is_empty() {
                d.hint = Some(format!("Did you mean {}?", close.join(", ")));
            }
            errors.push(d);
            continue;
        };
        if seen.contains(&p.name) {
            errors.push(repeated(p.name));
            continue;
        }
        seen.push(p.name);
        match comparisons(p.name, &condition.values) {
            Ok(c) if c.len() == 1 => parts.extend(c),
            Ok(c) => parts.push(format!("({})", c.join(" -or "))),
            Err(d) => errors.push(d),
        }
    }
    if parts.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error(codes::EMPTY_FILTER, "No condition was given.")
                .with_hint("Give at least one property and value."),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let text = parts.join(" -and ");
    let filter = Filter::compile(&text, env);
    if filter.is_valid() {
        Ok(text)
    } else {
        Err(filter
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect())
    }
}

/// The error for a property that appears in two conditions.
fn repeated(name: &str) -> Diagnostic {
    Diagnostic::error(
        codes::PROPERTY_REPEATED,
        format!("{name} is given twice: the two conditions would be joined with -and, so only recipients matching both would be in scope, and a recipient with one {name} matches no two different values."),
    )
    .with_hint(format!(
        "Give every value of {name} in one place (one parameter or one -Condition key); its values are joined with -or."
    ))
}

/// The comparisons for one property's values (joined with `-or` by the
/// caller), or the error that makes the condition unusable.
fn comparisons(name: &str, values: &[String]) -> Result<Vec<String>, Diagnostic> {
    if values.is_empty() {
        return Err(Diagnostic::error(
            codes::EMPTY_FILTER,
            format!("No value was given for {name}."),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for value in values {
        for value in members(name, value)? {
            if let Some((index, c)) = value.chars().enumerate().find(|(_, c)| c.is_control()) {
                return Err(control_character(name, c, index));
            }
            let key = value.to_lowercase();
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let op = if value.starts_with('*') || value.ends_with('*') {
                "-like"
            } else {
                "-eq"
            };
            out.push(format!("{name} {op} {}", quote(value)));
        }
    }
    Ok(out)
}

/// The members a value stands for: itself, or for a type property each
/// member of a comma-separated list. Empty values are errors.
fn members<'a>(name: &str, value: &'a str) -> Result<Vec<&'a str>, Diagnostic> {
    let empty = || {
        Diagnostic::error(
            codes::INVALID_VALUE,
            format!("An empty value was given for {name}."),
        )
        .with_hint(format!(
            "{name} -eq '' matches no recipient; to match recipients whose {name} is empty write {name} -eq $null, to match any value give '*'."
        ))
    };
    if value.is_empty() {
        return Err(empty());
    }
    if !ONE_MEMBER_PER_RECIPIENT.contains(&name) {
        return Ok(vec![value]);
    }
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    if parts.iter().all(|p| p.is_empty()) {
        return Err(empty());
    }
    for part in &parts {
        if let Ok(number) = part.parse::<u64>()
            && number.count_ones() > 1
        {
            return Err(Diagnostic::error(
                codes::INVALID_VALUE,
                format!("{name} '{part}' combines several types: a recipient has exactly one {name}, so the comparison would match no recipient."),
            )
            .with_hint("Give each type as a value of its own (by name, e.g. UserMailbox, SharedMailbox); they are joined with -or."));
        }
    }
    Ok(parts.into_iter().filter(|p| !p.is_empty()).collect())
}

/// The error for a control character (NUL, line break…) in a value.
fn control_character(name: &str, c: char, index: usize) -> Diagnostic {
    Diagnostic::error(
        codes::INVALID_VALUE,
        format!(
            "The value of {name} contains the control character U+{:04X} at character {}: no directory value holds it, so the comparison would match no recipient.",
            c as u32,
            index + 1
        ),
    )
    .with_hint("Remove the character; it usually comes from a file read with the wrong encoding or a value joined with a line break.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_joins() {
        let f = build(
            &[
                Condition::new("department", ["Sales", "O'Neil & Co"]),
                Condition::new("CustomAttribute1", ["EWS*"]),
                Condition::new(
                    "MemberOfGroup",
                    ["CN=Sync Users,OU=Groups,DC=contoso,DC=com"],
                ),
            ],
            Environment::OnPremises,
        )
        .unwrap();
        assert_eq!(
            f,
            "(Department -eq 'Sales' -or Department -eq 'O''Neil & Co') -and CustomAttribute1 -like 'EWS*' -and MemberOfGroup -eq 'CN=Sync Users,OU=Groups,DC=contoso,DC=com'"
        );
        assert!(Filter::compile(&f, Environment::OnPremises).is_valid());
    }

    #[test]
    fn values_are_never_interpreted() {
        let f = build(
            &[Condition::new("Office", ["$x') -or (Alias -ne $null"])],
            Environment::OnPremises,
        )
        .unwrap();
        let compiled = Filter::compile(&f, Environment::OnPremises);
        assert_eq!(compiled.properties(), ["Office"]);
    }

    #[test]
    fn a_flags_list_of_types_becomes_one_comparison_per_type() {
        let f = build(
            &[Condition::new(
                "RecipientTypeDetails",
                ["UserMailbox,SharedMailbox", " RoomMailbox , usermailbox"],
            )],
            Environment::OnPremises,
        )
        .unwrap();
        assert_eq!(
            f,
            "(RecipientTypeDetails -eq 'UserMailbox' -or RecipientTypeDetails -eq 'SharedMailbox' -or RecipientTypeDetails -eq 'RoomMailbox')"
        );
        // A combined number is as empty as a combined name.
        let e = build(
            &[Condition::new("RecipientTypeDetails", ["6"])],
            Environment::OnPremises,
        )
        .unwrap_err();
        assert_eq!(e[0].code, "InvalidValue", "{e:?}");
        assert!(e[0].message.contains("RecipientTypeDetails"), "{e:?}");
    }

    #[test]
    fn a_lone_asterisk_follows_the_wildcard_rule() {
        let f = build(
            &[Condition::new("Department", ["*"])],
            Environment::OnPremises,
        )
        .unwrap();
        assert_eq!(f, "Department -like '*'");
    }

    #[test]
    fn a_property_given_twice_is_refused() {
        let e = build(
            &[
                Condition::new("Department", ["Sales"]),
                Condition::new("department", ["HR"]),
            ],
            Environment::OnPremises,
        )
        .unwrap_err();
        assert_eq!(e[0].code, "PropertyRepeated", "{e:?}");
        assert!(e[0].message.contains("Department"), "{e:?}");
        assert!(e[0].hint.as_deref().unwrap().contains("-or"), "{e:?}");
    }

    #[test]
    fn control_characters_in_values_are_refused() {
        for value in ["Sa\0les", "Sales\u{1}", "a\nb"] {
            let e = build(
                &[Condition::new("Department", [value])],
                Environment::OnPremises,
            )
            .unwrap_err();
            assert_eq!(e[0].code, "InvalidValue", "{e:?}");
            assert!(e[0].message.contains("U+00"), "{e:?}");
        }
    }

    #[test]
    fn reports_what_exchange_would_reject() {
        let e = build(
            &[Condition::new("Departmnet", ["x"])],
            Environment::OnPremises,
        )
        .unwrap_err();
        assert_eq!(e[0].code, "UnknownProperty");
        assert!(e[0].hint.as_deref().unwrap().contains("Department"));
        let e = build(
            &[Condition::new("RecipientTypeDetails", ["Shared"])],
            Environment::OnPremises,
        )
        .unwrap_err();
        assert_eq!(e[0].code, "InvalidValue");
        let e = build(
            &[Condition::new("MemberOfGroup", ["Sales"])],
            Environment::OnPremises,
        )
        .unwrap_err();
        assert_eq!(e[0].code, "InvalidValue");
        assert_eq!(
            build(&[], Environment::OnPremises).unwrap_err()[0].code,
            "EmptyFilter"
        );
        let e = build(
            &[Condition::new("Department", ["Sales", ""])],
            Environment::OnPremises,
        )
        .unwrap_err();
        assert_eq!(e[0].code, "InvalidValue");
        assert!(e[0].message.contains("Department"));
        let empty: [&str; 0] = [];
        assert_eq!(
            build(&[Condition::new("Office", empty)], Environment::OnPremises).unwrap_err()[0].code,
            "EmptyFilter"
        );
    }
}

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

/// Builds `(P -eq 'a' -or P -eq 'b') -and Q -eq 'c'` from `conditions`,
/// then compiles it for `env`. Returns the filter text, or the errors
/// (unknown property, empty condition list, a value Exchange would reject).
pub fn build(conditions: &[Condition], env: Environment) -> Result<String, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut parts: Vec<String> = Vec::new();
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
        let values: Vec<&String> = condition.values.iter().collect();
        if values.is_empty() {
            errors.push(Diagnostic::error(
                codes::EMPTY_FILTER,
                format!("No value was given for {}.", p.name),
            ));
            continue;
        }
        if values.iter().any(|v| v.is_empty()) {
            errors.push(
                Diagnostic::error(
                    codes::INVALID_VALUE,
                    format!("An empty value was given for {}.", p.name),
                )
                .with_hint(format!(
                    "{0} -eq '' matches no recipient; to match recipients whose {0} is empty write {0} -eq $null, to match any value leave the property out.",
                    p.name
                )),
            );
            continue;
        }
        let comparisons: Vec<String> = values
            .iter()
            .map(|v| {
                let op = if v.len() > 1 && (v.starts_with('*') || v.ends_with('*')) {
                    "-like"
                } else {
                    "-eq"
                };
                format!("{} {op} {}", p.name, quote(v))
            })
            .collect();
        parts.push(if comparisons.len() == 1 {
            comparisons.into_iter().next().unwrap_or_default()
        } else {
            format!("({})", comparisons.join(" -or "))
        });
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

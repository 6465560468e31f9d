//! What a finished preview warns about, as findings of the same shape as the
//! audit's: a scope that would be empty or cover everyone, a used property no
//! record carries, records the filter cannot decide offline.

use crate::plan::{Finding, Severity};

use super::PreviewSummary;

/// The findings of a preview, in the order `Get-LightningSyncScopePreview`
/// writes them as warnings.
pub fn findings(summary: &PreviewSummary) -> Vec<Finding> {
    let s = summary;
    let filter = s.filter.as_str();
    let mut found = Vec::new();
    if s.total == 0 {
        found.push(finding(
            "PreviewInputEmpty",
            filter,
            "The preview read no recipient: the input is empty.".to_owned(),
            "Give exports (or objects) that hold the recipients to preview.",
        ));
    } else if s.matched == 0 && s.not_evaluable < s.total {
        // Recipients the filter cannot decide offline are not "matched none":
        // with none decided at all, only the undecided finding below is true.
        let message = if s.not_evaluable == 0 {
            format!(
                "The filter matches none of the {} recipients read: the scope would be empty.",
                s.total
            )
        } else {
            format!(
                "The filter matches none of the {} recipients it can decide offline ({} more cannot be decided): the scope may be empty.",
                s.total - s.not_evaluable,
                s.not_evaluable
            )
        };
        found.push(finding(
            "ScopeMatchesNone",
            filter,
            message,
            "Check the filter's values against the recipients' values.",
        ));
    } else if s.matched == s.total {
        found.push(finding(
            "ScopeMatchesAll",
            filter,
            format!(
                "The filter matches all {} recipients read: the scope would cover every recipient.",
                s.total
            ),
            "Narrow the filter to the mailboxes the account should reach.",
        ));
    }
    for (property, records) in &s.missing_property {
        if s.total > 0 && *records == s.total {
            found.push(finding(
                "PropertyNotCarried",
                property,
                format!(
                    "No recipient read carries the property '{property}' the filter uses; it counts as empty. Give an export that has it (Department is on Get-User, CustomAttribute1 on Get-Mailbox)."
                ),
                "Give an export that carries the property.",
            ));
        }
    }
    if s.not_evaluable > 0 {
        let reasons: Vec<&str> = s.not_evaluable_reasons.keys().map(String::as_str).collect();
        found.push(finding(
            "RecipientsNotEvaluable",
            filter,
            format!(
                "{} recipient(s) cannot be decided offline: {}",
                s.not_evaluable,
                reasons.join("; ")
            ),
            "Give the missing values (for example MemberOfGroup) or check these recipients in Exchange.",
        ));
    }
    found
}

fn finding(code: &str, target: &str, message: String, fix: &str) -> Finding {
    Finding::new(Severity::Medium, code, target, message, fix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(total: u64, matched: u64) -> PreviewSummary {
        PreviewSummary {
            filter: "Department -eq 'Sales'".into(),
            total,
            matched,
            ..PreviewSummary::default()
        }
    }

    fn messages(s: &PreviewSummary) -> Vec<String> {
        findings(s).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn empty_none_and_all_are_found_once() {
        assert_eq!(
            messages(&summary(0, 0)),
            ["The preview read no recipient: the input is empty."]
        );
        assert_eq!(
            messages(&summary(3, 0)),
            ["The filter matches none of the 3 recipients read: the scope would be empty."]
        );
        assert_eq!(
            messages(&summary(3, 3)),
            ["The filter matches all 3 recipients read: the scope would cover every recipient."]
        );
        assert!(messages(&summary(3, 1)).is_empty());
    }

    #[test]
    fn undecided_recipients_are_not_called_an_empty_scope() {
        // None decided: only the undecided finding, no "would be empty".
        let mut s = summary(6, 0);
        s.not_evaluable = 6;
        s.not_evaluable_reasons
            .insert("MemberOfGroup is not in the export".into(), 6);
        let found = findings(&s);
        assert_eq!(
            found.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
            ["RecipientsNotEvaluable"]
        );
        // Some decided, none matched: says how many it could decide.
        s.not_evaluable = 4;
        assert_eq!(
            messages(&s)[0],
            "The filter matches none of the 2 recipients it can decide offline (4 more cannot be decided): the scope may be empty."
        );
    }

    #[test]
    fn missing_properties_and_undecided_records_are_found() {
        let mut s = summary(2, 1);
        s.missing_property.insert("Department".into(), 2);
        s.missing_property.insert("Office".into(), 1);
        s.not_evaluable = 1;
        s.not_evaluable_reasons.insert("b".into(), 1);
        s.not_evaluable_reasons.insert("a".into(), 1);
        let found = findings(&s);
        assert_eq!(found.len(), 2);
        assert!(found[0].message.contains("'Department'"));
        assert_eq!(found[0].target, "Department");
        assert_eq!(
            found[1].message,
            "1 recipient(s) cannot be decided offline: a; b"
        );
    }
}

//! Semantic analysis of one comparison (docs/opath.md#comparisons): variables, `$null`, `'*'`,
//! wildcards and typed values, turning what was written into a tree node.

use super::catalog::Property;
use super::diagnostic::{Diagnostic, codes};
use super::environment::Environment;
use super::lexer::{DroppedChar, Operator};
use super::parser::{Comparison, ValueToken};
use super::tree::{CompareOp, MatchKind, Node};
use super::value;

/// Analyzes comparisons as the parser reduces them.
pub(crate) struct Analyzer<'t> {
    text: &'t str,
    environment: Environment,
    dropped: &'t [DroppedChar],
}

impl<'t> Analyzer<'t> {
    pub(crate) fn new(text: &'t str, environment: Environment, dropped: &'t [DroppedChar]) -> Self {
        Analyzer {
            text,
            environment,
            dropped,
        }
    }

    pub(crate) fn dropped(&self) -> &'t [DroppedChar] {
        self.dropped
    }

    /// The tree node for `c`, or the error Exchange raises for it.
    pub(crate) fn comparison(&mut self, c: &Comparison) -> Result<Node, Diagnostic> {
        let p = c.property;
        let Some(text) = self.value_text(c)? else {
            return Ok(null_node(p, c.operator));
        };
        match c.operator {
            Operator::Like | Operator::NotLike => like_comparison(p, c.operator, text),
            op => self.ordered_comparison(p, compare_op(op), text),
        }
    }

    /// The value's text (`$true`/`$false` as `True`/`False`); `None` for
    /// `$null`; an error for any other variable.
    fn value_text(&self, c: &Comparison) -> Result<Option<String>, Diagnostic> {
        match &c.value {
            ValueToken::Variable(name) if name.eq_ignore_ascii_case("null") => Ok(None),
            ValueToken::Variable(name) if name.eq_ignore_ascii_case("true") => {
                Ok(Some("True".to_owned()))
            }
            ValueToken::Variable(name) if name.eq_ignore_ascii_case("false") => {
                Ok(Some("False".to_owned()))
            }
            ValueToken::Variable(name) => Err(Diagnostic::variable_not_allowed(self.text, c.value_position).with_hint(format!(
                "${name} does not exist in the Exchange server's session, so Exchange would compare with $null. Put the value itself in the filter, e.g. build it with ConvertTo-LightningSyncRecipientFilter or a double-quoted PowerShell string."
            ))),
            ValueToken::SingleQuoted(t) | ValueToken::DoubleQuoted(t) | ValueToken::Number(t) => {
                Ok(Some(t.clone()))
            }
        }
    }

    /// `-eq`, `-ne` and the ordering operators.
    fn ordered_comparison(
        &self,
        p: &'static Property,
        op: CompareOp,
        text: String,
    ) -> Result<Node, Diagnostic> {
        if text == "*" || text == "**" {
            return Ok(match op {
                CompareOp::Eq => Node::Text {
                    property: p,
                    pattern: text,
                    kind: MatchKind::Full,
                },
                _ => Node::Not(Box::new(Node::Exists(p))),
            });
        }
        let value = value::convert(p, &text, self.environment)?;
        if op.is_ordering() && !p.kind.is_comparable() {
            return Err(
                Diagnostic::not_comparable(p.name, p.dotnet_type(), op.dotnet_name()).with_hint(
                    format!("{} values have no order: use -eq or -ne.", p.kind.name()),
                ),
            );
        }
        Ok(Node::Compare {
            property: p,
            op,
            value,
        })
    }
}

/// `-like` and `-notlike`.
fn like_comparison(
    p: &'static Property,
    operator: Operator,
    text: String,
) -> Result<Node, Diagnostic> {
    let node = if text == "*" || text == "**" {
        if operator == Operator::Like {
            return Ok(Node::Exists(p));
        }
        Node::Text {
            property: p,
            pattern: "*".to_owned(),
            kind: MatchKind::Full,
        }
    } else {
        like_node(p, &text)
    };
    if let Node::Text { kind, .. } = &node
        && !like_allowed(p, *kind)
    {
        return Err(Diagnostic::error(
            codes::UNSUPPORTED_OPERATOR,
            format!(
                "Property {} used in the filter has unsupported operator {}.",
                p.name,
                operator.text()
            ),
        )
        .with_hint(format!(
            "{} is a {} property: compare it with -eq or -ne (Exchange cannot translate -like on it to LDAP).",
            p.name,
            p.kind.name()
        )));
    }
    Ok(if operator == Operator::NotLike {
        Node::Not(Box::new(node))
    } else {
        node
    })
}

fn compare_op(op: Operator) -> CompareOp {
    match op {
        Operator::Eq => CompareOp::Eq,
        Operator::Ne => CompareOp::Ne,
        Operator::Lt => CompareOp::Lt,
        Operator::Le => CompareOp::Le,
        Operator::Gt => CompareOp::Gt,
        _ => CompareOp::Ge,
    }
}

/// `P <op> $null` (docs/opath.md#null-values).
fn null_node(p: &'static super::catalog::Property, op: Operator) -> Node {
    match op {
        Operator::Eq => Node::Not(Box::new(Node::Exists(p))),
        Operator::NotLike => Node::Not(Box::new(Node::Not(Box::new(Node::Exists(p))))),
        _ => Node::Exists(p),
    }
}

/// `P -like 'pattern'`: one `*` stripped from each end (docs/opath.md#wildcard-matching).
fn like_node(p: &'static super::catalog::Property, text: &str) -> Node {
    let (leading, rest) = match text.strip_prefix('*') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (trailing, rest) = match rest.strip_suffix('*') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let kind = match (leading, trailing) {
        (false, false) => MatchKind::Full,
        (false, true) => MatchKind::Prefix,
        (true, false) => MatchKind::Suffix,
        (true, true) => MatchKind::Substring,
    };
    Node::Text {
        property: p,
        pattern: rest.to_owned(),
        kind,
    }
}

/// `-like` works on text properties; on `RecipientTypeDetails` only as `'*Name*'` (docs/opath.md#wildcard-matching, docs/opath.md#ldap-engine).
fn like_allowed(p: &Property, kind: MatchKind) -> bool {
    p.kind.is_textual()
        || (matches!(p.name, "RecipientTypeDetails" | "RecipientTypeDetailsValue")
            && kind == MatchKind::Substring)
}

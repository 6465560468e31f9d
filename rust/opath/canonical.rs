//! Exchange's canonical filter text (docs/opath.md#canonical-form): what `RecipientFilter` shows
//! after Exchange stores a filter.

use super::tree::{MatchKind, Node};

/// Prints `node` the way Exchange regenerates a stored filter.
pub fn canonical_text(node: &Node) -> String {
    let mut out = String::new();
    write_node(node, &mut out);
    out
}

fn push_quoted(out: &mut String, text: &str) {
    out.push('\'');
    for c in text.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
}

fn write_node(node: &Node, out: &mut String) {
    match node {
        Node::And(l, r) | Node::Or(l, r) => {
            let op = if matches!(node, Node::And(..)) {
                " -and "
            } else {
                " -or "
            };
            out.push_str("((");
            write_node(l, out);
            out.push(')');
            out.push_str(op);
            out.push('(');
            write_node(r, out);
            out.push_str("))");
        }
        Node::Not(inner) => {
            out.push_str("-not(");
            write_node(inner, out);
            out.push(')');
        }
        Node::Exists(p) => {
            out.push_str(p.name);
            out.push_str(" -ne $null");
        }
        Node::Text {
            property,
            pattern,
            kind,
        } => {
            out.push_str(property.name);
            out.push_str(" -like ");
            let mut text = String::with_capacity(pattern.len() + 2);
            if matches!(kind, MatchKind::Suffix | MatchKind::Substring) {
                text.push('*');
            }
            text.push_str(pattern);
            if matches!(kind, MatchKind::Prefix | MatchKind::Substring) {
                text.push('*');
            }
            push_quoted(out, &text);
        }
        Node::Compare {
            property,
            op,
            value,
        } => {
            out.push_str(property.name);
            out.push(' ');
            out.push_str(op.text());
            out.push(' ');
            push_quoted(out, &value.canonical_text());
        }
    }
}

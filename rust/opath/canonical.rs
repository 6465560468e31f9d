//! Exchange's canonical filter text (docs/opath.md#canonical-form): what `RecipientFilter` shows
//! after Exchange stores a filter, and where LightningSync's text departs from it to stay a fixed
//! point (docs/opath.md#where-the-canonical-text-departs-from-exchanges).

use super::parser::MAX_DEPTH;
use super::tree::{MatchKind, Node};

/// How runs of one operator are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Exchange's own text of the binary tree: `A -and B -and C` is
    /// `((((A) -and (B))) -and (C))`, two more parentheses per term.
    Binary,
    /// Each run in one pair with every operand in its own:
    /// `((A) -and (B) -and (C))`. It reads back as the same tree; used when
    /// Exchange's text would nest deeper than the parser follows.
    Flat,
}

/// Prints `node` the way Exchange regenerates a stored filter.
///
/// Exchange's text of a long `-and`/`-or` run nests two parentheses per term,
/// so beyond about 100 terms it would exceed the nesting limit
/// ([`MAX_DEPTH`]) and could not be read back. Such a filter is printed with
/// each run flat instead (same tree, same meaning), so the canonical text
/// always compiles again to the same tree. `None` when even the flat text
/// nests deeper than the limit (deeply nested `-not`).
pub fn canonical_text_checked(node: &Node) -> Option<String> {
    let shape = if depth(node, Shape::Binary) <= MAX_DEPTH {
        Shape::Binary
    } else if depth(node, Shape::Flat) <= MAX_DEPTH {
        Shape::Flat
    } else {
        return None;
    };
    let mut out = String::new();
    write_node(node, shape, &mut out);
    Some(out)
}

/// Prints `node` the way Exchange regenerates a stored filter (see
/// [`canonical_text_checked`]; a tree too deep for any readable text is
/// printed flat anyway).
pub fn canonical_text(node: &Node) -> String {
    canonical_text_checked(node).unwrap_or_else(|| {
        let mut out = String::new();
        write_node(node, Shape::Flat, &mut out);
        out
    })
}

/// How deep the parser nests (parentheses plus `-not`) when it reads the text
/// `shape` prints for `node`.
fn depth(node: &Node, shape: Shape) -> usize {
    match node {
        Node::And(operands) | Node::Or(operands) => match shape {
            Shape::Flat => 2 + operands.iter().map(|o| depth(o, shape)).max().unwrap_or(0),
            Shape::Binary => {
                let n = operands.len();
                operands
                    .iter()
                    .enumerate()
                    .map(|(i, o)| 2 * (n - i.max(1)) + depth(o, shape))
                    .max()
                    .unwrap_or(0)
            }
        },
        Node::Not(inner) => 2 + depth(inner, shape),
        _ => 0,
    }
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

fn write_run(operands: &[Node], op: &str, shape: Shape, out: &mut String) {
    let Some((first, rest)) = operands.split_first() else {
        return;
    };
    // Binary: a pair opened per later operand and closed after it; flat:
    // one pair around the whole run.
    let binary = shape == Shape::Binary;
    let opened = if binary { rest.len() } else { 1 };
    for _ in 0..opened {
        out.push_str("((");
    }
    write_node(first, shape, out);
    for operand in rest {
        out.push(')');
        out.push_str(op);
        out.push('(');
        write_node(operand, shape, out);
        if binary {
            out.push_str("))");
        }
    }
    if !binary {
        out.push_str("))");
    }
}

fn write_node(node: &Node, shape: Shape, out: &mut String) {
    match node {
        Node::And(operands) => write_run(operands, " -and ", shape, out),
        Node::Or(operands) => write_run(operands, " -or ", shape, out),
        Node::Not(inner) => {
            out.push_str("-not(");
            write_node(inner, shape, out);
            out.push(')');
        }
        Node::Exists(p) => {
            out.push_str(p.name);
            out.push_str(" -ne $null");
        }
        Node::Text {
            property,
            pattern,
            kind: MatchKind::Full,
        } if pattern == "*" || pattern == "**" => {
            // From `-eq '*'`: Exchange prints `-like '*'`, which reads back
            // as a presence test (another tree); `-eq '*'` reads back as
            // this node, so the canonical text stays a fixed point.
            out.push_str(property.name);
            out.push_str(" -eq ");
            push_quoted(out, pattern);
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

//! The filter tree Exchange builds from a parsed filter (docs/opath.md#filter-tree): what the
//! canonical form prints and the evaluator runs.

use super::catalog::Property;
use super::value::Value;

/// A typed comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `-eq`
    Eq,
    /// `-ne`
    Ne,
    /// `-lt`
    Lt,
    /// `-le`
    Le,
    /// `-gt`
    Gt,
    /// `-ge`
    Ge,
}

impl CompareOp {
    /// The operator as printed in the canonical form.
    pub fn text(self) -> &'static str {
        match self {
            CompareOp::Eq => "-eq",
            CompareOp::Ne => "-ne",
            CompareOp::Lt => "-lt",
            CompareOp::Le => "-le",
            CompareOp::Gt => "-gt",
            CompareOp::Ge => "-ge",
        }
    }

    /// The .NET `ComparisonOperator` name Exchange uses in messages.
    pub fn dotnet_name(self) -> &'static str {
        match self {
            CompareOp::Eq => "Equal",
            CompareOp::Ne => "NotEqual",
            CompareOp::Lt => "LessThan",
            CompareOp::Le => "LessThanOrEqual",
            CompareOp::Gt => "GreaterThan",
            CompareOp::Ge => "GreaterThanOrEqual",
        }
    }

    /// True for `-lt -le -gt -ge`.
    pub fn is_ordering(self) -> bool {
        !matches!(self, CompareOp::Eq | CompareOp::Ne)
    }
}

/// How a `-like` pattern matches (only a leading/trailing `*` is a wildcard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Whole text equals the pattern.
    Full,
    /// Text starts with the pattern (`abc*`).
    Prefix,
    /// Text ends with the pattern (`*abc`).
    Suffix,
    /// Text contains the pattern (`*abc*`).
    Substring,
}

/// A node of the filter tree.
///
/// Exchange builds binary nodes and never flattens them (docs/opath.md):
/// `A -and B -and C` is `And(And(A,B),C)`. Here a left-leaning run of one
/// operator is stored as one node with its operands in order (`And([A,B,C])`),
/// which is the same tree read along its left spine: the first child is never
/// a node of the same kind, later children may be (`A -and (B -and C)` is
/// `And([A, And([B,C])])`). So no walk recurses once per term of a long
/// `-or` chain; the depth of the tree is bounded by the nesting limit.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// All operands (two or more, in order).
    And(Vec<Node>),
    /// Any operand (two or more, in order).
    Or(Vec<Node>),
    /// Negation.
    Not(Box<Node>),
    /// The property has a value.
    Exists(&'static Property),
    /// Wildcard text match (`-like`).
    Text {
        /// Property matched.
        property: &'static Property,
        /// Pattern without the wildcard stars.
        pattern: String,
        /// Where the pattern must occur.
        kind: MatchKind,
    },
    /// Typed comparison.
    Compare {
        /// Property compared.
        property: &'static Property,
        /// Operator.
        op: CompareOp,
        /// Converted value.
        value: Value,
    },
}

impl Node {
    /// Calls `f` on every leaf, left to right.
    pub fn for_each_leaf<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
        match self {
            Node::And(children) | Node::Or(children) => {
                for child in children {
                    child.for_each_leaf(f);
                }
            }
            Node::Not(x) => x.for_each_leaf(f),
            leaf => f(leaf),
        }
    }

    /// `And` of `left` and `right` as Exchange builds it, kept flat along the
    /// left spine.
    pub fn and(left: Node, right: Node) -> Node {
        match left {
            Node::And(mut children) => {
                children.push(right);
                Node::And(children)
            }
            left => Node::And(vec![left, right]),
        }
    }

    /// `Or` of `left` and `right` as Exchange builds it, kept flat along the
    /// left spine.
    pub fn or(left: Node, right: Node) -> Node {
        match left {
            Node::Or(mut children) => {
                children.push(right);
                Node::Or(children)
            }
            left => Node::Or(vec![left, right]),
        }
    }

    /// The property of a leaf.
    pub fn property(&self) -> Option<&'static Property> {
        match self {
            Node::Exists(p) => Some(p),
            Node::Text { property, .. } | Node::Compare { property, .. } => Some(property),
            _ => None,
        }
    }
}

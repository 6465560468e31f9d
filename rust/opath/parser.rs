//! The OPATH parser (docs/opath.md#grammar): precedence `-not` > `-and` > `-or`, both binary
//! operators left-associative, the first error stops parsing (docs/opath.md#error-messages).

use super::analyze::Analyzer;
use super::catalog::{self, Property};
use super::diagnostic::Diagnostic;
use super::lexer::{Operator, Token, TokenKind};
use super::tree::Node;

/// Deepest nesting of parentheses and `-not` we follow (each `(` and each
/// `-not` is one level).
pub const MAX_DEPTH: usize = 200;

/// Most comparisons one filter may hold (docs/opath.md#size-limits). A filter generated from a list
/// (`Name -eq 'a' -or Name -eq 'b' …`) of 10,000 names is about 250 KB,
/// within [`MAX_FILTER_BYTES`].
pub const MAX_TERMS: usize = 10_000;

/// Longest filter text (UTF-8 bytes) we read: 256 KiB. The canonical text
/// Exchange would store must fit too, so that it can be read back.
pub const MAX_FILTER_BYTES: usize = 256 * 1024;

/// The parsed filter as written: keeps parentheses (for lints) and, for each
/// comparison, what the author wrote next to the tree node Exchange builds.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `a -or b -or …`: a run of `-or` at one level, operands in order
    /// (two or more; the operator is left-associative).
    Or(Vec<Expr>),
    /// `a -and b -and …`: a run of `-and` at one level (two or more).
    And(Vec<Expr>),
    /// `-not a`
    Not(Box<Expr>),
    /// `( a )`
    Group(Box<Expr>),
    /// `Property -op value`
    Comparison(Box<Comparison>),
}

/// A value token as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueToken {
    /// `'…'`
    SingleQuoted(String),
    /// `"…"`
    DoubleQuoted(String),
    /// Bare number.
    Number(String),
    /// `$name` (name without `$`).
    Variable(String),
}

/// One comparison as written, with its tree node.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Property (canonical).
    pub property: &'static Property,
    /// Position of the property name.
    pub property_position: usize,
    /// Operator as written.
    pub operator: Operator,
    /// Position of the operator.
    pub operator_position: usize,
    /// Value as written.
    pub value: ValueToken,
    /// Position of the value.
    pub value_position: usize,
    /// What Exchange builds from it.
    pub node: Node,
}

impl Expr {
    /// The tree Exchange builds (parentheses leave no trace).
    pub fn to_node(&self) -> Node {
        match self {
            Expr::Or(operands) => fold(operands, Node::or),
            Expr::And(operands) => fold(operands, Node::and),
            Expr::Not(x) => Node::Not(Box::new(x.to_node())),
            Expr::Group(x) => x.to_node(),
            Expr::Comparison(c) => c.node.clone(),
        }
    }

    /// Calls `f` on every comparison, left to right.
    pub fn for_each_comparison<'a>(&'a self, f: &mut impl FnMut(&'a Comparison)) {
        match self {
            Expr::Or(operands) | Expr::And(operands) => {
                for operand in operands {
                    operand.for_each_comparison(f);
                }
            }
            Expr::Not(x) | Expr::Group(x) => x.for_each_comparison(f),
            Expr::Comparison(c) => f(c),
        }
    }
}

/// The left-associative tree of `operands` joined by `join`.
fn fold(operands: &[Expr], join: fn(Node, Node) -> Node) -> Node {
    let mut iter = operands.iter();
    let first = iter.next().map_or(Node::And(Vec::new()), Expr::to_node);
    iter.fold(first, |left, right| join(left, right.to_node()))
}

/// What the parser expected when it met an unexpected token (for hints).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expected {
    /// A comparison, `(` or `-not`.
    Operand,
    /// A comparison operator after a property.
    CompareOperator,
    /// A value after a comparison operator.
    Value,
    /// `-and`, `-or`, `)` or the end.
    Continuation,
}

pub(crate) struct Parser<'t, 'a> {
    text: &'t str,
    tokens: &'t [Token],
    index: usize,
    depth: usize,
    terms: usize,
    analyzer: &'a mut Analyzer<'t>,
}

impl<'t, 'a> Parser<'t, 'a> {
    pub(crate) fn new(text: &'t str, tokens: &'t [Token], analyzer: &'a mut Analyzer<'t>) -> Self {
        Parser {
            text,
            tokens,
            index: 0,
            depth: 0,
            terms: 0,
            analyzer,
        }
    }

    /// Parses the whole filter; `Ok(None)` for an empty filter.
    pub(crate) fn parse(mut self) -> Result<Option<Expr>, Diagnostic> {
        if self.peek().kind == TokenKind::End {
            return Ok(None);
        }
        let expr = self.parse_or()?;
        match self.peek().kind {
            TokenKind::End => Ok(Some(expr)),
            _ => Err(self.unexpected(Expected::Continuation)),
        }
    }

    fn peek(&self) -> &'t Token {
        let last = self.tokens.len() - 1;
        &self.tokens[self.index.min(last)]
    }

    fn bump(&mut self) -> &'t Token {
        let token = self.peek();
        if self.index < self.tokens.len() - 1 {
            self.index += 1;
        }
        token
    }

    fn at_operator(&self, op: Operator) -> bool {
        self.peek().kind == TokenKind::Operator(op)
    }

    fn parse_or(&mut self) -> Result<Expr, Diagnostic> {
        let first = self.parse_and()?;
        if !self.at_operator(Operator::Or) {
            return Ok(first);
        }
        let mut operands = vec![first];
        while self.at_operator(Operator::Or) {
            self.bump();
            operands.push(self.parse_and()?);
        }
        Ok(Expr::Or(operands))
    }

    fn parse_and(&mut self) -> Result<Expr, Diagnostic> {
        let first = self.parse_unary()?;
        if !self.at_operator(Operator::And) {
            return Ok(first);
        }
        let mut operands = vec![first];
        while self.at_operator(Operator::And) {
            self.bump();
            operands.push(self.parse_unary()?);
        }
        Ok(Expr::And(operands))
    }

    fn enter(&mut self) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let position = self.peek().position;
            return Err(Diagnostic::error(
                super::diagnostic::codes::TOO_DEEP,
                format!("The filter nests parentheses or -not more than {MAX_DEPTH} levels deep."),
            )
            .with_hint("Simplify the filter.")
            .at(position));
        }
        Ok(())
    }

    fn parse_unary(&mut self) -> Result<Expr, Diagnostic> {
        if self.at_operator(Operator::Not) {
            self.bump();
            self.enter()?;
            let inner = self.parse_unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.parse_primary()
    }

    fn parse_primary(&mut self) -> Result<Expr, Diagnostic> {
        match &self.peek().kind {
            TokenKind::LeftParen => {
                self.bump();
                self.enter()?;
                let inner = self.parse_or()?;
                if self.peek().kind != TokenKind::RightParen {
                    return Err(self.unexpected(Expected::Continuation));
                }
                self.bump();
                self.depth -= 1;
                Ok(Expr::Group(Box::new(inner)))
            }
            TokenKind::Name(_) => self.parse_comparison(),
            _ => Err(self.unexpected(Expected::Operand)),
        }
    }

    fn parse_comparison(&mut self) -> Result<Expr, Diagnostic> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(Diagnostic::error(
                super::diagnostic::codes::TOO_LARGE,
                format!("The filter has more than {MAX_TERMS} comparisons, the most LightningSync reads in one filter."),
            )
            .with_hint("Split it into several scopes, or match on a shared attribute (Department, CustomAttribute1…) instead of listing recipients one by one.")
            .at(self.peek().position));
        }
        let name_token = self.bump();
        let TokenKind::Name(name) = &name_token.kind else {
            unreachable!("parse_comparison starts at a name")
        };
        let property = self.resolve_property(name, name_token.position)?;
        let op_token = self.peek();
        let operator = match op_token.kind {
            TokenKind::Operator(
                op @ (Operator::Eq
                | Operator::Ne
                | Operator::Lt
                | Operator::Le
                | Operator::Gt
                | Operator::Ge
                | Operator::Like
                | Operator::NotLike),
            ) => op,
            _ => return Err(self.unexpected(Expected::CompareOperator)),
        };
        self.bump();
        let value_token = self.peek();
        let value = match &value_token.kind {
            TokenKind::SingleQuoted(v) => ValueToken::SingleQuoted(v.clone()),
            TokenKind::DoubleQuoted(v) => ValueToken::DoubleQuoted(v.clone()),
            TokenKind::Number(v) => ValueToken::Number(v.clone()),
            TokenKind::Variable(v) => ValueToken::Variable(v.clone()),
            _ => return Err(self.unexpected(Expected::Value)),
        };
        self.bump();
        let mut comparison = Comparison {
            property,
            property_position: name_token.position,
            operator,
            operator_position: op_token.position,
            value,
            value_position: value_token.position,
            node: Node::Exists(property),
        };
        comparison.node = self.analyzer.comparison(&comparison)?;
        Ok(Expr::Comparison(Box::new(comparison)))
    }

    fn resolve_property(
        &self,
        name: &str,
        position: usize,
    ) -> Result<&'static Property, Diagnostic> {
        if let Some(p) = catalog::lookup(name) {
            return Ok(p);
        }
        let mut d = Diagnostic::unknown_property(self.text, name, position);
        let close = catalog::suggestions(name, 3);
        d.hint = Some(if close.is_empty() {
            "Use a property from Get-LightningSyncFilterableProperty (OPATH names, not LDAP names)."
                .to_owned()
        } else {
            format!("Did you mean {}?", quote_list(&close))
        });
        Err(d)
    }

    fn unexpected(&self, expected: Expected) -> Diagnostic {
        let token = self.peek();
        let position = token.position;
        if let TokenKind::UnsupportedOperator(op) = &token.kind {
            return Diagnostic::unsupported_operator(self.text, op, position)
                .with_hint(unsupported_operator_hint(op));
        }
        let hint = self.syntax_hint(token, expected);
        Diagnostic::invalid_syntax(self.text, position).with_hint(hint)
    }

    fn dropped_before(&self, position: usize) -> Option<char> {
        self.analyzer
            .dropped()
            .iter()
            .rev()
            .find(|d| d.position < position)
            .filter(|d| {
                let previous_end = self
                    .tokens
                    .iter()
                    .take_while(|t| t.position < position)
                    .last()
                    .map_or(0, |t| t.position);
                d.position > previous_end
            })
            .map(|d| d.ch)
    }

    fn syntax_hint(&self, token: &Token, expected: Expected) -> String {
        let dropped = self.dropped_before(token.position);
        match (&token.kind, expected) {
            (TokenKind::Unterminated, _) => format!(
                "Close the quote (or brace) that opens at position {}.",
                token.position
            ),
            (TokenKind::Stray(_), _) => {
                "Write an operator as a hyphen directly followed by its name, e.g. -eq.".to_owned()
            }
            (TokenKind::Name(word), Expected::CompareOperator | Expected::Continuation)
                if is_operator_word(word) =>
            {
                match dropped {
                    Some(c) if !c.is_ascii() => format!(
                        "The character U+{:04X} before \"{word}\" is not a hyphen-minus; Exchange drops it. Type -{word} with the ASCII '-'.",
                        c as u32
                    ),
                    _ => format!("Write the operator with a hyphen: -{word}."),
                }
            }
            (TokenKind::Name(word), Expected::Value) => match dropped {
                Some('*') => format!(
                    "Wildcards must be inside the quotes: '*{word}*'."
                ),
                Some(c) if !c.is_ascii() => format!(
                    "The quote U+{:04X} before \"{word}\" is not an ASCII quote; Exchange drops it. Use ' or \".",
                    c as u32
                ),
                _ => format!(
                    "Quote the value: '{word}'. A value must be a quoted string, a number or $true/$false/$null; a property cannot be compared with another property."
                ),
            },
            (TokenKind::Name(_), Expected::Continuation) => {
                "Join comparisons with -and or -or.".to_owned()
            }
            (TokenKind::SingleQuoted(_) | TokenKind::DoubleQuoted(_) | TokenKind::Number(_) | TokenKind::Variable(_), Expected::Operand) => {
                "A comparison starts with the property name: Property -eq 'value'.".to_owned()
            }
            (TokenKind::SingleQuoted(_) | TokenKind::DoubleQuoted(_) | TokenKind::Number(_) | TokenKind::Variable(_), Expected::Continuation) => {
                "Each value needs its own comparison: (P -eq 'a') -or (P -eq 'b'). Lists are not supported; inside a double-quoted value, write `\" for a quote.".to_owned()
            }
            (TokenKind::End, Expected::Value) => {
                "The value is missing; inside a PowerShell \"…\" string, $null expands to nothing: write '$null' form with a verbatim string or `$null.".to_owned()
            }
            (TokenKind::End, _) => {
                "The filter ends too early: a comparison, an operand or a ')' is missing.".to_owned()
            }
            (TokenKind::RightParen, Expected::Continuation) => {
                "This ')' has no matching '('.".to_owned()
            }
            (TokenKind::LeftParen, Expected::Continuation) => {
                "Join the parenthesised part with -and or -or.".to_owned()
            }
            (TokenKind::Operator(op), Expected::Operand) => {
                format!("{} needs a comparison before it.", op.text())
            }
            (TokenKind::Operator(op), Expected::CompareOperator) => {
                format!("{} cannot follow a property: use -eq, -ne, -lt, -gt, -le, -ge, -like or -notlike.", op.text())
            }
            (TokenKind::Operator(op), _) => format!("{} is not expected here.", op.text()),
            (_, Expected::CompareOperator) => {
                "A property must be followed by -eq, -ne, -lt, -gt, -le, -ge, -like or -notlike.".to_owned()
            }
            (_, Expected::Value) => {
                "The value must be a quoted string, a number or $true/$false/$null.".to_owned()
            }
            _ => "Check the filter syntax: Property -operator 'value', joined with -and/-or.".to_owned(),
        }
    }
}

fn is_operator_word(word: &str) -> bool {
    [
        "and", "or", "not", "eq", "ne", "gt", "lt", "ge", "le", "like", "notlike",
    ]
    .iter()
    .any(|w| w.eq_ignore_ascii_case(word))
}

fn quote_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The supported alternative to an unsupported operator.
pub(crate) fn unsupported_operator_hint(op: &str) -> String {
    let lower = op.to_ascii_lowercase();
    let alternative = match lower.as_str() {
        "=" | "==" | "-ieq" | "-ceq" => "-eq (comparisons ignore letter case)",
        "!=" | "<>" | "-ine" | "-cne" => "-ne (comparisons ignore letter case)",
        "<" | "-ilt" | "-clt" => "-lt",
        ">" | "-igt" | "-cgt" => "-gt",
        "<=" | "=<" | "-ile" | "-cle" => "-le",
        ">=" | "=>" | "-ige" | "-cge" => "-ge",
        "&&" | "&" => "-and",
        "||" | "|" => "-or",
        "!" => "-not",
        "-ilike" | "-clike" => "-like (comparisons ignore letter case)",
        "-inotlike" | "-cnotlike" => "-notlike (comparisons ignore letter case)",
        "-match" | "-imatch" | "-cmatch" => {
            "-like with a leading and/or trailing * (no regular expressions: 'abc*', '*abc', '*abc*')"
        }
        "-notmatch" | "-inotmatch" | "-cnotmatch" => {
            "-notlike with a leading and/or trailing * (no regular expressions)"
        }
        "-in" | "-contains" | "-icontains" | "-ccontains" | "-iin" | "-cin" => {
            "one comparison per value joined with -or: (P -eq 'a') -or (P -eq 'b'); for a multi-valued property P -eq 'a' already tests whether any value is 'a'"
        }
        "-notin" | "-notcontains" | "-inotcontains" | "-cnotcontains" => {
            "-not((P -eq 'a') -or (P -eq 'b'))"
        }
        "-xor" => "(A -and -not B) -or (-not A -and B)",
        "-between" => "(P -ge 'low') -and (P -le 'high')",
        "-exists" => "P -ne $null",
        _ => "one of -eq -ne -lt -gt -le -ge -like -notlike -and -or -not",
    };
    format!("Use {alternative}.")
}

#[cfg(test)]
mod tests {
    use super::super::environment::Environment;
    use super::super::lexer::scan;
    use super::*;

    fn parse(text: &str) -> Result<Option<Expr>, Diagnostic> {
        let scanned = scan(text);
        let mut analyzer = Analyzer::new(text, Environment::OnPremises, &scanned.dropped);
        Parser::new(text, &scanned.tokens, &mut analyzer).parse()
    }

    fn shape(e: &Expr) -> String {
        match e {
            Expr::Or(v) => binary("or", v),
            Expr::And(v) => binary("and", v),
            Expr::Not(x) => format!("not({})", shape(x)),
            Expr::Group(x) => shape(x),
            Expr::Comparison(c) => c.property.name.to_owned(),
        }
    }

    fn binary(op: &str, operands: &[Expr]) -> String {
        let mut iter = operands.iter();
        let first = shape(iter.next().unwrap());
        iter.fold(first, |acc, e| format!("{op}({acc},{})", shape(e)))
    }

    fn shape_of(text: &str) -> String {
        shape(&parse(text).unwrap().unwrap())
    }

    #[test]
    fn precedence_not_binds_tighter_than_and_than_or() {
        assert_eq!(
            shape_of("Title -eq 'a' -or Company -eq 'b' -and City -eq 'c'"),
            "or(Title,and(Company,City))"
        );
        assert_eq!(
            shape_of("-not Title -eq 'x' -and Company -eq 'y'"),
            "and(not(Title),Company)"
        );
        assert_eq!(shape_of("-not -not(Title -eq 'x')"), "not(not(Title))");
        assert_eq!(
            shape_of("Title -eq 'a' -and Company -eq 'b' -and City -eq 'c'"),
            "and(and(Title,Company),City)"
        );
    }

    #[test]
    fn empty_and_blank_filters_are_no_filter() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("   ").unwrap(), None);
    }

    fn error_of(text: &str) -> Diagnostic {
        parse(text).unwrap_err()
    }

    #[test]
    fn syntax_errors_point_at_the_unexpected_token() {
        let cases = [
            ("Department -eq Sales", 16),
            ("Department -eq 'Sales' Title", 24),
            ("(Department -eq 'Sales'", 24),
            ("Department -eq 'Sales')", 23),
            ("'Sales' -eq Department", 1),
            ("Title -eq 'a' -or 'b'", 19),
            ("Department -eq", 15),
            ("Department", 11),
            ("Department - eq 'x'", 12),
            ("Title -eq 'a','b'", 15),
            ("CustomAttribute15 -like *AgencyB*", 26),
            ("Title -eq 'abc", 11),
        ];
        for (text, position) in cases {
            let d = error_of(text);
            assert_eq!(d.code, "InvalidSyntax", "{text}");
            assert_eq!(d.position, Some(position), "{text}");
            assert!(
                d.message
                    .starts_with("Invalid filter syntax. For a description"),
                "{text}"
            );
            assert!(
                d.message
                    .ends_with(&format!("\"{text}\" at position {position}.")),
                "{text}"
            );
            assert!(d.hint.is_some(), "{text}");
        }
    }

    #[test]
    fn en_dash_operator_reports_the_word_after_it() {
        let d = error_of("Department \u{2013}eq 'Sales'");
        assert_eq!(d.position, Some(13));
        assert!(d.hint.unwrap().contains("U+2013"));
    }

    #[test]
    fn unsupported_operators_name_the_alternative() {
        let d = error_of("Department -match 'Sal'");
        assert_eq!(d.code, "UnsupportedOperator");
        assert_eq!(d.position, Some(12));
        assert!(d.message.starts_with("\"-match\" is not a valid operator."));
        assert!(d.hint.unwrap().contains("-like"));
        let d = error_of("Department -in 'a'");
        assert!(d.hint.unwrap().contains("-or"));
        let d = error_of("Department = 'a'");
        assert!(d.message.starts_with("\"=\" is not a valid operator."));
        assert!(d.hint.unwrap().contains("-eq"));
    }

    #[test]
    fn unknown_property_is_reported_before_a_following_bad_operator() {
        let d = error_of("Departmnet -match 'x'");
        assert_eq!(d.code, "UnknownProperty");
        assert_eq!(d.position, Some(1));
        assert!(
            d.message
                .starts_with("\"Departmnet\" is not a recognized filterable property.")
        );
        assert!(d.hint.unwrap().contains("Department"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "(".repeat(100_000);
        assert_eq!(error_of(&text).code, "NestingTooDeep");
        let text = "-not ".repeat(100_000);
        assert_eq!(error_of(&text).code, "NestingTooDeep");
    }
}

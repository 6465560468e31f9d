//! [`Filter`]: a recipient filter compiled once — diagnostics, canonical text,
//! referenced properties, tree.

use super::analyze::Analyzer;
use super::canonical::canonical_text_checked;
use super::diagnostic::{Diagnostic, Severity, codes};
use super::environment::Environment;
use super::evaluate::{Engine, Evaluation, evaluate, uses_filter_only};
use super::lexer::scan;
use super::lint::lint;
use super::parser::{Expr, MAX_DEPTH, MAX_FILTER_BYTES, Parser};
use super::record::Record;
use super::tree::Node;

/// A compiled OPATH recipient filter. Compiling never fails: problems are
/// [`Diagnostic`]s.
#[derive(Clone, Debug)]
pub struct Filter {
    text: String,
    environment: Environment,
    expr: Option<Expr>,
    tree: Option<Node>,
    canonical: Option<String>,
    properties: Vec<&'static str>,
    diagnostics: Vec<Diagnostic>,
}

impl Filter {
    /// Compiles `text` — the string Exchange receives — for `env`.
    ///
    /// Limits (docs/opath.md): at most [`MAX_FILTER_BYTES`] of text and
    /// [`super::parser::MAX_TERMS`] comparisons, parentheses and `-not`
    /// nested at most [`MAX_DEPTH`] deep, in the filter and in its canonical
    /// text; beyond them the filter has an error naming the limit. Repeated
    /// warnings of one kind are reported once with their count.
    pub fn compile(text: &str, env: Environment) -> Filter {
        if text.len() > MAX_FILTER_BYTES {
            return Filter::too_large(text, env);
        }
        let scanned = scan(text);
        let mut analyzer = Analyzer::new(text, env, &scanned.dropped);
        let parsed = Parser::new(text, &scanned.tokens, &mut analyzer).parse();
        let mut filter = Filter::unread(text, env, Vec::new());
        match parsed {
            Ok(Some(expr)) => {
                let tree = expr.to_node();
                let mut properties: Vec<&'static str> = Vec::new();
                expr.for_each_comparison(&mut |c| {
                    if !properties.contains(&c.property.name) {
                        properties.push(c.property.name);
                    }
                });
                match canonical_text_checked(&tree) {
                    Some(canonical) if canonical.len() <= MAX_FILTER_BYTES => {
                        filter.canonical = Some(canonical);
                    }
                    Some(canonical) => filter.diagnostics.push(canonical_too_long(canonical.len())),
                    None => filter.diagnostics.push(canonical_too_deep()),
                }
                filter.tree = Some(tree);
                filter.expr = Some(expr);
                filter.properties = properties;
            }
            Ok(None) => {
                filter.canonical = Some(String::new());
                if !text.trim().is_empty() {
                    filter.diagnostics.push(
                        Diagnostic::warning(
                            codes::MATCHES_EVERYTHING,
                            "Exchange drops every character of this filter: what it receives is empty and places no restriction on recipients.",
                        )
                        .with_hint("Retype the filter in plain ASCII: Property -eq 'value'."),
                    );
                }
            }
            Err(error) => filter.diagnostics.push(error),
        }
        filter
            .diagnostics
            .extend(lint(text, filter.expr.as_ref(), &scanned.dropped, env));
        filter.diagnostics = super::diagnostic::aggregate(std::mem::take(&mut filter.diagnostics));
        filter
            .diagnostics
            .sort_by_key(|d| d.severity != Severity::Error);
        filter
    }

    /// The filter of a text longer than [`MAX_FILTER_BYTES`]: one error, not read.
    fn too_large(text: &str, env: Environment) -> Filter {
        let error = Diagnostic::error(
            codes::TOO_LARGE,
            format!(
                "The filter is {} bytes long; LightningSync reads filters of at most {MAX_FILTER_BYTES} bytes (256 KiB).",
                text.len()
            ),
        )
        .with_hint("Split it into several scopes, or match on a shared attribute (Department, CustomAttribute1…) instead of listing recipients one by one.");
        Filter::unread(text, env, vec![error])
    }

    /// A filter of `text` with nothing read from it yet.
    fn unread(text: &str, env: Environment, diagnostics: Vec<Diagnostic>) -> Filter {
        Filter {
            text: text.to_owned(),
            environment: env,
            expr: None,
            tree: None,
            canonical: None,
            properties: Vec::new(),
            diagnostics,
        }
    }

    /// True when there is no error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Errors first, then warnings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Exchange's stored `RecipientFilter` text; `None` when invalid; empty
    /// for an empty filter.
    pub fn canonical(&self) -> Option<&str> {
        if self.is_valid() {
            self.canonical.as_deref()
        } else {
            None
        }
    }

    /// Canonical names of the properties used, in order of first use.
    pub fn properties(&self) -> &[&'static str] {
        &self.properties
    }

    /// The filter text as given.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The environment it was compiled for.
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The tree Exchange builds; `None` for an empty or invalid filter.
    pub fn tree(&self) -> Option<&Node> {
        if self.is_valid() {
            self.tree.as_ref()
        } else {
            None
        }
    }

    /// Evaluates the filter against `record` the way RBAC decides whether a
    /// recipient is inside a management scope: the in-memory engine, or LDAP
    /// semantics when the filter uses `MemberOfGroup`/`Members` (docs/opath.md#two-engines).
    /// An empty filter matches every recipient.
    pub fn evaluate(&self, record: &Record) -> Evaluation {
        let engine = match &self.tree {
            Some(tree) if uses_filter_only(tree) => Engine::Ldap,
            _ => Engine::InMemory,
        };
        self.evaluate_with(record, engine)
    }

    /// Evaluates the filter against `record` with a chosen engine.
    pub fn evaluate_with(&self, record: &Record, engine: Engine) -> Evaluation {
        if !self.is_valid() {
            return Evaluation::NotEvaluable("the filter has errors".to_owned());
        }
        match &self.tree {
            Some(tree) => evaluate(tree, record, engine),
            None => Evaluation::Match,
        }
    }

    /// The parsed filter as written; `None` for an empty or invalid filter.
    pub fn syntax(&self) -> Option<&Expr> {
        if self.is_valid() {
            self.expr.as_ref()
        } else {
            None
        }
    }
}

/// The canonical text would be longer than the limit, so it could not be read back.
fn canonical_too_long(len: usize) -> Diagnostic {
    Diagnostic::error(
        codes::TOO_LARGE,
        format!("The text Exchange would store for this filter is {len} bytes long, more than the {MAX_FILTER_BYTES} bytes (256 KiB) LightningSync reads."),
    )
    .with_hint("Shorten the filter: split it into several scopes, or match on a shared attribute instead of listing recipients one by one.")
}

/// The canonical text would nest deeper than the limit, so it could not be read back.
fn canonical_too_deep() -> Diagnostic {
    Diagnostic::error(
        codes::TOO_DEEP,
        format!("The text Exchange would store for this filter nests parentheses or -not more than {MAX_DEPTH} levels deep (Exchange puts each -not and each -and/-or operand in parentheses)."),
    )
    .with_hint("Simplify the filter: remove double negations (-not -not) and needless nesting.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(text: &str) -> String {
        let f = Filter::compile(text, Environment::OnPremises);
        assert!(f.is_valid(), "{text}: {:?}", f.diagnostics());
        f.canonical().unwrap().to_owned()
    }

    #[test]
    fn canonical_shapes() {
        assert_eq!(
            canonical("department -eq \"Sales\""),
            "Department -eq 'Sales'"
        );
        assert_eq!(
            canonical("Title -like 'VP*' -and Company -ne $null"),
            "((Title -like 'VP*') -and (Company -ne $null))"
        );
        assert_eq!(
            canonical("-not (Company -like 'Colony*')"),
            "-not(Company -like 'Colony*')"
        );
        assert_eq!(
            canonical("CustomAttribute1 -eq $null"),
            "-not(CustomAttribute1 -ne $null)"
        );
        assert_eq!(canonical("Company -eq 'O''Neil'"), "Company -eq 'O''Neil'");
        assert_eq!(
            canonical("Title -eq 'a' -and Company -eq 'b' -and City -eq 'c'"),
            "((((Title -eq 'a') -and (Company -eq 'b'))) -and (City -eq 'c'))"
        );
        assert_eq!(canonical(""), "");
    }

    #[test]
    fn properties_in_first_use_order() {
        let f = Filter::compile(
            "city -eq 'a' -or Title -eq 'b' -or City -eq 'c'",
            Environment::OnPremises,
        );
        assert_eq!(f.properties(), ["City", "Title"]);
    }

    #[test]
    fn invalid_filter_has_no_canonical_text() {
        let f = Filter::compile("Department -eq Sales", Environment::OnPremises);
        assert!(!f.is_valid());
        assert_eq!(f.canonical(), None);
        assert_eq!(f.diagnostics()[0].code, "InvalidSyntax");
    }
}

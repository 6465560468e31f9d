//! Diagnostics: errors Exchange would raise (worded as Exchange words them,
//! docs/opath.md#error-messages) and warnings of our own (lints, docs/opath.md#lints).

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Severity {
    /// Exchange rejects the filter (or we cannot vouch for it).
    Error,
    /// Exchange accepts the filter, but it probably does not do what its author meant.
    Warning,
}

/// One problem found in a filter (JSON members in PascalCase, as every JSON
/// result of the C ABI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable identifier, e.g. `InvalidSyntax`, `UnknownProperty`.
    pub code: &'static str,
    /// Exchange's own English wording where Exchange has one (docs/opath.md#error-messages); ours otherwise.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// 1-based character position (UTF-16 code units, as .NET counts) where
    /// Exchange reports one; for warnings, where the problem starts.
    pub position: Option<usize>,
}

/// The line break Exchange puts between a parse message and the
/// `"<filter>" at position <n>.` suffix.
const SUFFIX_BREAK: &str = "\n";

impl Diagnostic {
    /// An error diagnostic.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            position: None,
        }
    }

    /// A warning diagnostic.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            hint: None,
            position: None,
        }
    }

    /// Adds a fix hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a 1-based position.
    pub fn at(mut self, position: usize) -> Diagnostic {
        self.position = Some(position);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `Invalid filter syntax…` at `position` of `filter` (docs/opath.md#error-messages).
    pub fn invalid_syntax(filter: &str, position: usize) -> Diagnostic {
        Diagnostic::error(
            codes::INVALID_SYNTAX,
            format!(
                "Invalid filter syntax. For a description of the filter parameter syntax see the command help.{SUFFIX_BREAK}\"{}\" at position {position}.",
                echo(filter)
            ),
        )
        .at(position)
    }

    /// `"<op>" is not a valid operator…` (docs/opath.md#error-messages).
    pub fn unsupported_operator(filter: &str, op: &str, position: usize) -> Diagnostic {
        Diagnostic::error(
            codes::UNSUPPORTED_OPERATOR,
            format!(
                "\"{}\" is not a valid operator. For a list of supported operators see the command help.{SUFFIX_BREAK}\"{}\" at position {position}.",
                echo(op),
                echo(filter)
            ),
        )
        .at(position)
    }

    /// `"<name>" is not a recognized filterable property…` (docs/opath.md#error-messages).
    pub fn unknown_property(filter: &str, name: &str, position: usize) -> Diagnostic {
        Diagnostic::error(
            codes::UNKNOWN_PROPERTY,
            format!(
                "\"{}\" is not a recognized filterable property. For a complete list of filterable properties see the command help.{SUFFIX_BREAK}\"{}\" at position {position}.",
                echo(name),
                echo(filter)
            ),
        )
        .at(position)
    }

    /// `This filter parameter does not accept filters that contain variables…` (docs/opath.md#error-messages).
    pub fn variable_not_allowed(filter: &str, position: usize) -> Diagnostic {
        Diagnostic::error(
            codes::VARIABLE_NOT_ALLOWED,
            format!(
                "This filter parameter does not accept filters that contain variables. For a description of the filter parameter syntax, see the command help.{SUFFIX_BREAK}\"{}\" at position {position}.",
                echo(filter)
            ),
        )
        .at(position)
    }

    /// `The value "<v>" could not be converted to type <T>.` (docs/opath.md#error-messages; no position).
    pub fn conversion_failed(value: &str, dotnet_type: &str) -> Diagnostic {
        Diagnostic::error(
            codes::INVALID_VALUE,
            format!(
                "The value \"{}\" could not be converted to type {dotnet_type}.",
                echo(value)
            ),
        )
    }

    /// `Property '<P>' of type '<T>' is not IComparable…` (docs/opath.md#error-messages).
    pub fn not_comparable(property: &str, dotnet_type: &str, op: &str) -> Diagnostic {
        Diagnostic::error(
            codes::NOT_COMPARABLE,
            format!(
                "Property '{property}' of type '{dotnet_type}' is not IComparable, so it doesn't support comparison operation '{op}'."
            ),
        )
    }
}

/// Longest piece of the user's input a message quotes (bytes). Exchange
/// quotes the whole filter; a generated filter can be 256 KiB, and a message
/// per problem would multiply that.
pub const MAX_ECHO_BYTES: usize = 512;

/// `text` as a message quotes it: whole when short, else its first
/// [`MAX_ECHO_BYTES`] (cut at a character boundary) and `…`.
pub fn echo(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_ECHO_BYTES {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut end = MAX_ECHO_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    std::borrow::Cow::Owned(format!("{}…", &text[..end]))
}

/// How many warnings of one kind are kept as they are; later ones are
/// counted in the first one's message.
const MAX_REPEATS: usize = 3;

/// How many positions the message of an aggregated warning lists.
const LISTED_POSITIONS: usize = 5;

/// Longest message or hint (bytes) a diagnostic keeps.
const MAX_MESSAGE_BYTES: usize = 2048;

/// Bounds a filter's diagnostics: warnings of one code after the first
/// [`MAX_REPEATS`] are dropped and counted in the first one's message
/// (count plus first positions), and every message and hint is cut to
/// [`MAX_MESSAGE_BYTES`]. So a 256 KiB filter of non-ASCII characters yields
/// one warning, not one per character.
pub fn aggregate(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept: Vec<Diagnostic> = Vec::new();
    let mut repeats: Vec<(&'static str, usize, Vec<usize>)> = Vec::new();
    for d in diagnostics {
        if d.is_error() {
            kept.push(d);
            continue;
        }
        let entry = match repeats.iter_mut().find(|(code, ..)| *code == d.code) {
            Some(entry) => entry,
            None => {
                repeats.push((d.code, 0, Vec::new()));
                repeats.last_mut().expect("just pushed")
            }
        };
        entry.1 += 1;
        if let Some(p) = d.position
            && entry.2.len() < LISTED_POSITIONS
        {
            entry.2.push(p);
        }
        if entry.1 <= MAX_REPEATS {
            kept.push(d);
        }
    }
    for (code, count, positions) in repeats {
        if count <= MAX_REPEATS {
            continue;
        }
        if let Some(first) = kept.iter_mut().find(|d| d.code == code && !d.is_error()) {
            let listed: Vec<String> = positions.iter().map(usize::to_string).collect();
            let more = if count > positions.len() { ", …" } else { "" };
            first.message.push_str(&format!(
                " This warning applies {count} times in the filter (positions {}{more}).",
                listed.join(", ")
            ));
        }
    }
    for d in &mut kept {
        cut(&mut d.message);
        if let Some(hint) = &mut d.hint {
            cut(hint);
        }
    }
    kept
}

fn cut(text: &mut String) {
    if text.len() <= MAX_MESSAGE_BYTES {
        return;
    }
    let mut end = MAX_MESSAGE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
}

/// The stable diagnostic codes.
pub mod codes {
    /// Grammar error (docs/opath.md#grammar).
    pub const INVALID_SYNTAX: &str = "InvalidSyntax";
    /// Operator Exchange does not support, or not for this property.
    pub const UNSUPPORTED_OPERATOR: &str = "UnsupportedOperator";
    /// Property name not in the filterable set.
    pub const UNKNOWN_PROPERTY: &str = "UnknownProperty";
    /// Variable other than `$true`, `$false`, `$null` (remote-session mode).
    pub const VARIABLE_NOT_ALLOWED: &str = "VariableNotAllowed";
    /// Value cannot be converted to the property's type.
    pub const INVALID_VALUE: &str = "InvalidValue";
    /// Ordering operator on a type without an order.
    pub const NOT_COMPARABLE: &str = "NotComparable";
    /// Parentheses or `-not` nested deeper than we follow.
    pub const TOO_DEEP: &str = "NestingTooDeep";
    /// More comparisons or bytes than we read.
    pub const TOO_LARGE: &str = "FilterTooLarge";
    /// Empty filter where a filter is required.
    pub const EMPTY_FILTER: &str = "EmptyFilter";
    /// The builder was given one property in two conditions.
    pub const PROPERTY_REPEATED: &str = "PropertyRepeated";
    /// A character Exchange silently drops (en dash, smart quote, …).
    pub const DROPPED_CHARACTER: &str = "DroppedCharacter";
    /// `-like` without any `*`.
    pub const LIKE_WITHOUT_WILDCARD: &str = "LikeWithoutWildcard";
    /// `*` inside a value where it is a literal asterisk.
    pub const LITERAL_ASTERISK: &str = "LiteralAsterisk";
    /// `?` in a `-like` value (not a wildcard).
    pub const QUESTION_MARK_NOT_WILDCARD: &str = "QuestionMarkNotWildcard";
    /// Leading `*` (Exchange Online discourages it).
    pub const LEADING_WILDCARD: &str = "LeadingWildcard";
    /// Wildcard on a property that does not take wildcards in scopes.
    pub const WILDCARD_NOT_SUPPORTED: &str = "WildcardNotSupported";
    /// `-ne` also matches recipients without a value.
    pub const NE_MATCHES_EMPTY: &str = "NotEqualMatchesEmpty";
    /// `-ne` on a multi-valued property.
    pub const NE_ON_MULTIVALUED: &str = "NotEqualOnMultiValued";
    /// DN with spaces after its commas.
    pub const DN_SPACES: &str = "DnSpaceAfterComma";
    /// Value of a DN property that is not a DN.
    pub const NOT_A_DN: &str = "NotADistinguishedName";
    /// Country name where an ISO code is stored.
    pub const COUNTRY_NAME: &str = "CountryNameNotCode";
    /// `PrimarySmtpAddress` with `-like`.
    pub const PRIMARY_SMTP_LIKE: &str = "PrimarySmtpAddressLike";
    /// Equality on a flag enum.
    pub const FLAG_EQUALITY: &str = "FlagEnumEquality";
    /// `-or` next to an unparenthesized `-and`.
    pub const PRECEDENCE: &str = "MixedAndOr";
    /// DDG system clause pasted into a scope.
    pub const DDG_SYSTEM_CLAUSE: &str = "DdgSystemClause";
    /// `$name` text inside a quoted value.
    pub const DOLLAR_IN_VALUE: &str = "VariableTextInValue";
    /// The filter matches every recipient.
    pub const MATCHES_EVERYTHING: &str = "MatchesEveryRecipient";
    /// The filter matches no recipient.
    pub const MATCHES_NOTHING: &str = "MatchesNoRecipient";
    /// Property that only some recipient types carry.
    pub const PARTIAL_PROPERTY: &str = "PropertyOnlyOnSomeRecipients";
    /// Property that is not available or usually empty in this environment.
    pub const ENVIRONMENT_PROPERTY: &str = "PropertyNotInEnvironment";
    /// Binary property compared with a value.
    pub const BINARY_VALUE: &str = "BinaryValueComparison";
    /// Value Exchange resolves against the directory when it saves the filter.
    pub const RESOLVED_AT_SAVE: &str = "ResolvedBySave";
    /// `MemberOfGroup` semantics (direct membership, Exchange-recognized groups).
    pub const MEMBER_OF_GROUP: &str = "MemberOfGroupScope";
}

//! The OPATH scanner (docs/opath.md#lexical-rules): turns the filter text Exchange receives into
//! tokens, dropping the characters Exchange drops.

/// The comparison and logical operators Exchange recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `-and`
    And,
    /// `-or`
    Or,
    /// `-not`
    Not,
    /// `-eq`
    Eq,
    /// `-ne`
    Ne,
    /// `-gt`
    Gt,
    /// `-lt`
    Lt,
    /// `-ge`
    Ge,
    /// `-le`
    Le,
    /// `-like`
    Like,
    /// `-notlike`
    NotLike,
}

impl Operator {
    fn from_word(word: &str) -> Option<Operator> {
        const WORDS: [(&str, Operator); 11] = [
            ("and", Operator::And),
            ("or", Operator::Or),
            ("not", Operator::Not),
            ("eq", Operator::Eq),
            ("ne", Operator::Ne),
            ("gt", Operator::Gt),
            ("lt", Operator::Lt),
            ("ge", Operator::Ge),
            ("le", Operator::Le),
            ("like", Operator::Like),
            ("notlike", Operator::NotLike),
        ];
        WORDS
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|&(_, op)| op)
    }

    /// The operator as Exchange prints it (`-eq`).
    pub fn text(self) -> &'static str {
        match self {
            Operator::And => "-and",
            Operator::Or => "-or",
            Operator::Not => "-not",
            Operator::Eq => "-eq",
            Operator::Ne => "-ne",
            Operator::Gt => "-gt",
            Operator::Lt => "-lt",
            Operator::Ge => "-ge",
            Operator::Le => "-le",
            Operator::Like => "-like",
            Operator::NotLike => "-notlike",
        }
    }
}

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A property name (`PROP`): ASCII letter, then letters, digits, `_`.
    Name(String),
    /// A recognised operator.
    Operator(Operator),
    /// Any other `-word` or a run of `! & < = > |` (`OP_NOTSUP`); holds the text.
    UnsupportedOperator(String),
    /// `'…'` with `''` undoubled.
    SingleQuoted(String),
    /// `"…"` with `` `" `` and `` `' `` unescaped.
    DoubleQuoted(String),
    /// Number text as written (`-5`, `1.5e3`).
    Number(String),
    /// `$name` or `${name}`; holds the name.
    Variable(String),
    /// `(`
    LeftParen,
    /// `)`
    RightParen,
    /// A `-` that starts no operator or number; never valid.
    Stray(char),
    /// A string or `${` without its end; collapses into end of input.
    Unterminated,
    /// End of input.
    End,
}

/// One token with its 1-based position (UTF-16 code units, as .NET counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// 1-based position of its first character.
    pub position: usize,
}

/// A character the scanner dropped because no token starts with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DroppedChar {
    /// The character.
    pub ch: char,
    /// Its 1-based position.
    pub position: usize,
}

/// Result of scanning a filter.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// Tokens; the last one is always [`TokenKind::End`] or [`TokenKind::Unterminated`].
    pub tokens: Vec<Token>,
    /// Characters dropped between tokens.
    pub dropped: Vec<DroppedChar>,
}

struct Cursor {
    chars: Vec<(char, usize)>,
    index: usize,
    end_position: usize,
}

impl Cursor {
    fn new(text: &str) -> Cursor {
        let mut chars = Vec::with_capacity(text.len());
        let mut position = 1;
        for ch in text.chars() {
            chars.push((ch, position));
            position += ch.len_utf16();
        }
        Cursor {
            chars,
            index: 0,
            end_position: position,
        }
    }

    fn peek(&self) -> Option<char> {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.index + ahead).map(|&(c, _)| c)
    }

    fn position(&self) -> usize {
        self.chars
            .get(self.index)
            .map_or(self.end_position, |&(_, p)| p)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.index += 1;
        Some(c)
    }

    fn take_while(&mut self, out: &mut String, pred: impl Fn(char) -> bool) {
        while let Some(c) = self.peek() {
            if !pred(c) {
                break;
            }
            out.push(c);
            self.index += 1;
        }
    }
}

fn is_name_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_unsupported_symbol(c: char) -> bool {
    matches!(c, '!' | '&' | '<' | '=' | '>' | '|')
}

/// Scans `text` into tokens per docs/opath.md#lexical-rules.
pub fn scan(text: &str) -> Scan {
    let mut cur = Cursor::new(text);
    let mut scan = Scan::default();
    loop {
        let position = cur.position();
        let Some(c) = cur.peek() else {
            scan.tokens.push(Token {
                kind: TokenKind::End,
                position,
            });
            return scan;
        };
        let kind = match next_lexeme(&mut cur, c) {
            Lexeme::Token(kind) => kind,
            Lexeme::Space => continue,
            Lexeme::Dropped => {
                scan.dropped.push(DroppedChar { ch: c, position });
                continue;
            }
        };
        let stop = kind == TokenKind::Unterminated;
        scan.tokens.push(Token { kind, position });
        if stop {
            return scan;
        }
    }
}

/// What the scanner read at one position.
enum Lexeme {
    Token(TokenKind),
    /// A space between tokens.
    Space,
    /// A character Exchange drops.
    Dropped,
}

/// Reads the lexeme starting with `c` (not consumed yet).
fn next_lexeme(cur: &mut Cursor, c: char) -> Lexeme {
    let kind = match c {
        ' ' => {
            cur.bump();
            return Lexeme::Space;
        }
        '(' => {
            cur.bump();
            TokenKind::LeftParen
        }
        ')' => {
            cur.bump();
            TokenKind::RightParen
        }
        c if c.is_ascii_alphabetic() => {
            let mut name = String::new();
            cur.take_while(&mut name, is_name_continue);
            TokenKind::Name(name)
        }
        c if c.is_ascii_digit() => TokenKind::Number(scan_number(cur, String::new())),
        '-' => {
            cur.bump();
            scan_after_dash(cur)
        }
        c if is_unsupported_symbol(c) => {
            let mut run = String::new();
            cur.take_while(&mut run, is_unsupported_symbol);
            TokenKind::UnsupportedOperator(run)
        }
        '\'' => {
            cur.bump();
            scan_single_quoted(cur).map_or(TokenKind::Unterminated, TokenKind::SingleQuoted)
        }
        '"' => {
            cur.bump();
            scan_double_quoted(cur).map_or(TokenKind::Unterminated, TokenKind::DoubleQuoted)
        }
        '$' => return scan_variable(cur),
        _ => {
            cur.bump();
            return Lexeme::Dropped;
        }
    };
    Lexeme::Token(kind)
}

/// After a `-`: an operator word, a negative number or a stray dash.
fn scan_after_dash(cur: &mut Cursor) -> TokenKind {
    match cur.peek() {
        Some(n) if n.is_ascii_alphabetic() => {
            let mut word = String::new();
            cur.take_while(&mut word, |c| c.is_ascii_alphabetic());
            match Operator::from_word(&word) {
                Some(op) => TokenKind::Operator(op),
                None => TokenKind::UnsupportedOperator(format!("-{word}")),
            }
        }
        Some(n) if n.is_ascii_digit() => TokenKind::Number(scan_number(cur, String::from("-"))),
        _ => TokenKind::Stray('-'),
    }
}

/// At a `$`: `${name}`, `$name`, or a dropped `$`.
fn scan_variable(cur: &mut Cursor) -> Lexeme {
    match cur.peek_at(1) {
        Some('{') => {
            cur.bump();
            cur.bump();
            let mut name = String::new();
            cur.take_while(&mut name, |c| c != '}');
            Lexeme::Token(if cur.bump().is_some() {
                TokenKind::Variable(name)
            } else {
                TokenKind::Unterminated
            })
        }
        Some(n) if is_name_continue(n) => {
            cur.bump();
            let mut name = String::new();
            cur.take_while(&mut name, is_name_continue);
            Lexeme::Token(TokenKind::Variable(name))
        }
        _ => {
            cur.bump();
            Lexeme::Dropped
        }
    }
}

fn scan_number(cur: &mut Cursor, mut text: String) -> String {
    cur.take_while(&mut text, |c| c.is_ascii_digit());
    if cur.peek() == Some('.') && cur.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
        text.push('.');
        cur.bump();
        cur.take_while(&mut text, |c| c.is_ascii_digit());
    }
    if matches!(cur.peek(), Some('e' | 'E')) {
        let sign = matches!(cur.peek_at(1), Some('+' | '-'));
        let digit_at = if sign { 2 } else { 1 };
        if cur.peek_at(digit_at).is_some_and(|c| c.is_ascii_digit()) {
            for _ in 0..digit_at {
                text.push(cur.bump().unwrap_or('e'));
            }
            cur.take_while(&mut text, |c| c.is_ascii_digit());
        }
    }
    text
}

fn scan_single_quoted(cur: &mut Cursor) -> Option<String> {
    let mut value = String::new();
    loop {
        match cur.bump()? {
            '\'' if cur.peek() == Some('\'') => {
                cur.bump();
                value.push('\'');
            }
            '\'' => return Some(value),
            c => value.push(c),
        }
    }
}

fn scan_double_quoted(cur: &mut Cursor) -> Option<String> {
    let mut value = String::new();
    loop {
        match cur.bump()? {
            '`' if matches!(cur.peek(), Some('"' | '\'')) => {
                value.push(cur.bump()?);
            }
            '"' => return Some(value),
            c => value.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        scan(text).tokens.into_iter().map(|t| t.kind).collect()
    }

    fn name(s: &str) -> TokenKind {
        TokenKind::Name(s.into())
    }

    #[test]
    fn scans_a_comparison_with_positions() {
        let s = scan("Department -eq 'Sales'");
        let got: Vec<(TokenKind, usize)> =
            s.tokens.into_iter().map(|t| (t.kind, t.position)).collect();
        assert_eq!(
            got,
            vec![
                (name("Department"), 1),
                (TokenKind::Operator(Operator::Eq), 12),
                (TokenKind::SingleQuoted("Sales".into()), 16),
                (TokenKind::End, 23),
            ]
        );
    }

    #[test]
    fn operators_need_no_spaces_and_ignore_case() {
        assert_eq!(
            kinds("A-EQ'x'"),
            vec![
                name("A"),
                TokenKind::Operator(Operator::Eq),
                TokenKind::SingleQuoted("x".into()),
                TokenKind::End
            ]
        );
        assert_eq!(kinds("(a)-and(b)")[3], TokenKind::Operator(Operator::And));
    }

    #[test]
    fn unknown_dash_words_and_symbol_runs_are_unsupported_operators() {
        for (text, op) in [
            ("A -match 'x'", "-match"),
            ("A -in 'x'", "-in"),
            ("A -eqx 'x'", "-eqx"),
            ("A == 'x'", "=="),
            ("A != 'x'", "!="),
            ("A <> 'x'", "<>"),
        ] {
            assert_eq!(
                kinds(text)[1],
                TokenKind::UnsupportedOperator(op.into()),
                "{text}"
            );
        }
    }

    #[test]
    fn quotes_unescape_per_form() {
        assert_eq!(
            kinds("'O''Neil'")[0],
            TokenKind::SingleQuoted("O'Neil".into())
        );
        assert_eq!(
            kinds(r#""a`"b`'c`x""#)[0],
            TokenKind::DoubleQuoted("a\"b'c`x".into())
        );
        // A doubled "" is not an escape: two strings.
        assert_eq!(
            kinds(r#""a""b""#),
            vec![
                TokenKind::DoubleQuoted("a".into()),
                TokenKind::DoubleQuoted("b".into()),
                TokenKind::End
            ]
        );
    }

    #[test]
    fn numbers_split_from_following_letters() {
        assert_eq!(
            kinds("1.5GB"),
            vec![TokenKind::Number("1.5".into()), name("GB"), TokenKind::End]
        );
        assert_eq!(kinds("-5")[0], TokenKind::Number("-5".into()));
        assert_eq!(kinds("2e-3")[0], TokenKind::Number("2e-3".into()));
        assert_eq!(
            kinds("0x10")[..2],
            [TokenKind::Number("0".into()), name("x10")]
        );
    }

    #[test]
    fn variables_in_both_forms() {
        assert_eq!(kinds("$Null")[0], TokenKind::Variable("Null".into()));
        assert_eq!(kinds("${a b}")[0], TokenKind::Variable("a b".into()));
        assert_eq!(kinds("$1")[0], TokenKind::Variable("1".into()));
        assert_eq!(kinds("${abc"), vec![TokenKind::Unterminated]);
    }

    #[test]
    fn drops_characters_that_start_no_token() {
        let s = scan("Department \u{2013}eq \u{2018}Sales\u{2019}");
        let kinds: Vec<_> = s.tokens.iter().map(|t| t.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                name("Department"),
                name("eq"),
                name("Sales"),
                TokenKind::End
            ]
        );
        assert_eq!(s.tokens[1].position, 13);
        assert_eq!(
            s.dropped.iter().map(|d| d.ch).collect::<String>(),
            "\u{2013}\u{2018}\u{2019}"
        );
        assert_eq!(kinds_of("{A}*"), vec![name("A"), TokenKind::End]);
    }

    fn kinds_of(text: &str) -> Vec<TokenKind> {
        kinds(text)
    }

    #[test]
    fn unterminated_string_collapses_into_end() {
        let s = scan("A -eq 'abc");
        assert_eq!(s.tokens.last().unwrap().kind, TokenKind::Unterminated);
        assert_eq!(s.tokens.last().unwrap().position, 7);
    }

    #[test]
    fn positions_count_utf16_units() {
        let s = scan("\u{1F600}A");
        assert_eq!(s.tokens[0].position, 3);
    }
}

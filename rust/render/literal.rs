//! PowerShell single-quoted literals and comment text.

/// The characters PowerShell's tokenizer treats as a single quote: `'`,
/// U+2018, U+2019, U+201A, U+201B.
pub const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// Quotes `value` as a PowerShell single-quoted string: every single-quote
/// character (all five kinds) is doubled, nothing else is special inside
/// single quotes (`$`, backtick, braces, semicolons and newlines stay literal).
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if SINGLE_QUOTES.contains(&c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Text safe inside a `#` line comment: line breaks (CR, LF, NEL, U+2028,
/// U+2029) and other control characters become spaces.
pub fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_every_kind_of_single_quote() {
        assert_eq!(quote("O'Neil"), "'O''Neil'");
        assert_eq!(
            quote("\u{2018}a\u{2019}"),
            "'\u{2018}\u{2018}a\u{2019}\u{2019}'"
        );
        assert_eq!(
            quote("\u{201A}\u{201B}"),
            "'\u{201A}\u{201A}\u{201B}\u{201B}'"
        );
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn leaves_other_metacharacters_alone() {
        let hostile = "$(Remove-Item x) `n {a}; \"b\"\nnext";
        assert_eq!(quote(hostile), format!("'{hostile}'"));
    }

    #[test]
    fn comments_cannot_break_lines() {
        assert_eq!(comment_text("a\r\nb\u{2028}c\u{85}d"), "a  b c d");
    }
}

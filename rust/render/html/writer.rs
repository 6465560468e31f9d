//! The page writer. Markup goes in only as `&'static str` literals written in
//! this crate; every other text (names, filters, messages, numbers) goes
//! through [`escape`], the one escaping function of the report. Values from
//! the organization therefore can never become elements or attributes.

/// Appends `value` to `out` as HTML text, safe both between tags and inside a
/// double- or single-quoted attribute: `&`, `<`, `>`, `"` and `'` become
/// character references; NUL and the other control characters HTML forbids
/// (everything below U+0020 except tab, line feed and carriage return, and
/// U+007F to U+009F) and lone noncharacters U+FFFE/U+FFFF become U+FFFD.
pub fn escape(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || (0x7F..=0x9F).contains(&(c as u32)) => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Builds the page.
#[derive(Default)]
pub struct Html {
    buf: String,
}

impl Html {
    /// An empty page with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Html {
        Html {
            buf: String::with_capacity(capacity),
        }
    }

    /// Writes markup. Only literals: a value never reaches this.
    pub fn m(&mut self, markup: &'static str) -> &mut Html {
        self.buf.push_str(markup);
        self
    }

    /// Writes a value as text (escaped).
    pub fn t(&mut self, value: &str) -> &mut Html {
        escape(value, &mut self.buf);
        self
    }

    /// Writes a value as text, shortened to `max` characters with an
    /// ellipsis and the full length when longer (for headings and cards; the
    /// tables carry the whole value).
    pub fn short(&mut self, value: &str, max: usize) -> &mut Html {
        match value.char_indices().nth(max) {
            None => self.t(value),
            Some((cut, _)) => {
                let total = value.chars().count();
                self.t(&value[..cut])
                    .t(&format!("\u{2026} ({total} characters)"))
            }
        }
    }

    /// Writes a count with thousands separators.
    pub fn n(&mut self, n: usize) -> &mut Html {
        self.t(&group(n))
    }

    /// Writes a number for an SVG coordinate (one decimal).
    pub fn f(&mut self, x: f64) -> &mut Html {
        self.t(&format!("{x:.1}"))
    }

    /// The page.
    pub fn finish(self) -> String {
        self.buf
    }
}

/// `1234567` as `1,234,567`.
pub fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut out = String::new();
        escape(s, &mut out);
        out
    }

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            esc(r#""><img src=x onerror='a()'>&"#),
            "&quot;&gt;&lt;img src=x onerror=&#39;a()&#39;&gt;&amp;"
        );
        assert_eq!(esc("</style><script>"), "&lt;/style&gt;&lt;script&gt;");
        assert_eq!(
            esc("a\u{0}b\u{1b}c\u{85}d\te\n"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te\n"
        );
        assert_eq!(
            esc("\u{2018}x\u{2019} \u{202E}rtl"),
            "\u{2018}x\u{2019} \u{202E}rtl"
        );
    }

    #[test]
    fn shortens_long_values_and_groups_numbers() {
        let mut h = Html::default();
        h.short(&"x".repeat(10_000), 5);
        assert_eq!(h.finish(), "xxxxx\u{2026} (10000 characters)");
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(50_000), "50,000");
        assert_eq!(group(1_234_567), "1,234,567");
    }
}

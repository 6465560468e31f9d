//! PowerShell's `_xHHHH_` string escapes (docs/clixml.md#string-escapes): the layer applied on
//! top of XML escaping to string values, property names and type names.
//!
//! Decoding is one left-to-right pass: `_x`/`_X` + 4 hex digits + `_` is one
//! UTF-16 code unit, `_x` + 8 hex digits + `_` is a code point; hex digits in
//! either case; anything else stays literal; scanning resumes after a match
//! (so `_x005F_x000A_` is the seven characters `_x000A_`). Surrogate escapes
//! are re-paired; a lone surrogate cannot live in a Rust string and becomes
//! U+FFFD.

use std::borrow::Cow;

/// Decodes `_xHHHH_` escapes in `text` (already XML-unescaped).
/// Returns the text borrowed when it contains no `_`. `lone_surrogates` is
/// increased by the number of unpaired surrogates replaced with U+FFFD.
pub fn decode_escapes<'a>(text: &'a str, lone_surrogates: &mut u32) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let Some(first) = memchr::memchr(b'_', bytes) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut pending_high: Option<u16> = None;
    let mut literal_from = 0;
    let mut i = first;
    while i < bytes.len() {
        if bytes[i] != b'_' {
            i = match memchr::memchr(b'_', &bytes[i..]) {
                Some(k) => i + k,
                None => break,
            };
            continue;
        }
        match parse_escape(&bytes[i..]) {
            Some((unit_or_point, len)) => {
                if literal_from < i {
                    flush_high(&mut pending_high, &mut out, lone_surrogates);
                    out.push_str(&text[literal_from..i]);
                }
                push_code(unit_or_point, &mut pending_high, &mut out, lone_surrogates);
                i += len;
                literal_from = i;
            }
            None => i += 1,
        }
    }
    if literal_from < bytes.len() {
        flush_high(&mut pending_high, &mut out, lone_surrogates);
        out.push_str(&text[literal_from..]);
    }
    flush_high(&mut pending_high, &mut out, lone_surrogates);
    Cow::Owned(out)
}

/// Parses an escape at the start of `b` (which starts with `_`). Returns the
/// decoded value (a UTF-16 unit for the 4-digit form, a code point for the
/// 8-digit form) and the escape's length in bytes.
fn parse_escape(b: &[u8]) -> Option<(u32, usize)> {
    if b.len() < 7 || !(b[1] == b'x' || b[1] == b'X') {
        return None;
    }
    let hex4 = parse_hex(&b[2..6])?;
    if b[6] == b'_' {
        return Some((hex4, 7));
    }
    if b.len() >= 11 && b[10] == b'_' {
        let low = parse_hex(&b[6..10])?;
        let point = (hex4 << 16) | low;
        if point <= 0x10FFFF {
            return Some((point, 11));
        }
    }
    None
}

fn parse_hex(digits: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &d in digits {
        let n = match d {
            b'0'..=b'9' => d - b'0',
            b'a'..=b'f' => d - b'a' + 10,
            b'A'..=b'F' => d - b'A' + 10,
            _ => return None,
        };
        v = (v << 4) | u32::from(n);
    }
    Some(v)
}

fn flush_high(pending: &mut Option<u16>, out: &mut String, lone: &mut u32) {
    if pending.take().is_some() {
        out.push(char::REPLACEMENT_CHARACTER);
        *lone += 1;
    }
}

fn push_code(code: u32, pending: &mut Option<u16>, out: &mut String, lone: &mut u32) {
    match code {
        0xD800..=0xDBFF => {
            flush_high(pending, out, lone);
            *pending = Some(code as u16);
        }
        0xDC00..=0xDFFF => match pending.take() {
            Some(high) => {
                let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (code - 0xDC00);
                out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            None => {
                out.push(char::REPLACEMENT_CHARACTER);
                *lone += 1;
            }
        },
        _ => {
            flush_high(pending, out, lone);
            out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
    }
}

/// Encodes `text` the way PowerShell's serializer does: control characters,
/// DEL/C1 and supplementary characters (as two surrogate escapes) become
/// `_xHHHH_` with upper-case hex; a `_` followed by `x`/`X` becomes `_x005F_`.
/// XML escaping is not applied. Used by tests and the sample generator's
/// Rust-side checks.
pub fn encode_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let cp = c as u32;
        if c == '_' && matches!(chars.peek(), Some('x') | Some('X')) {
            out.push_str("_x005F_");
        } else if cp <= 0x1F || (0x7F..=0x9F).contains(&cp) {
            out.push_str(&format!("_x{cp:04X}_"));
        } else if cp >= 0x10000 {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("_x{:04X}_", u));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> String {
        let mut lone = 0;
        decode_escapes(s, &mut lone).into_owned()
    }

    #[test]
    fn spec_vectors_decode_like_xmlconvert() {
        assert_eq!(dec("just newline _x000A_"), "just newline \n");
        assert_eq!(dec("surrogate pair _xD83C__xDFB5_"), "surrogate pair 🎵");
        assert_eq!(dec("null char _x0000_"), "null char \0");
        assert_eq!(dec("normal char _x0061_"), "normal char a");
        assert_eq!(
            dec("escaped literal _x005F_x005F_"),
            "escaped literal _x005F_"
        );
        assert_eq!(
            dec("underscope before escape _x005F__x000A_"),
            "underscope before escape _\n"
        );
        assert_eq!(dec("lower case hex _x005f_"), "lower case hex _");
        assert_eq!(dec("invalid hex _x005G_"), "invalid hex _x005G_");
        assert_eq!(dec("upper X _X0041_"), "upper X A");
        assert_eq!(dec("short _x12_ stays"), "short _x12_ stays");
        assert_eq!(dec("Component_x005F_XPS"), "Component_XPS");
    }

    #[test]
    fn eight_digit_form_and_out_of_range() {
        assert_eq!(dec("_x0001F600_"), "😀");
        assert_eq!(dec("_x00000041_"), "A");
        assert_eq!(dec("_x00110000_"), "_x00110000_");
    }

    #[test]
    fn lone_surrogates_become_replacement_and_are_counted() {
        let mut lone = 0;
        assert_eq!(decode_escapes("a_xD83C_b", &mut lone), "a\u{FFFD}b");
        assert_eq!(decode_escapes("_xDFB5_", &mut lone), "\u{FFFD}");
        assert_eq!(
            decode_escapes("_xD83C__xD83C__xDFB5_", &mut lone),
            "\u{FFFD}🎵"
        );
        assert_eq!(lone, 3);
    }

    #[test]
    fn no_underscore_borrows() {
        let mut lone = 0;
        assert!(matches!(
            decode_escapes("plain", &mut lone),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn encode_then_decode_round_trips() {
        for s in [
            "tab\there",
            "_x0041_ literal",
            "emoji 😀 ok",
            "del\u{7f}c1\u{85}",
            "_X_x_",
            "",
        ] {
            assert_eq!(dec(&encode_escapes(s)), s, "{s:?}");
        }
        assert_eq!(encode_escapes("a\nb"), "a_x000A_b");
        assert_eq!(encode_escapes("😀"), "_xD83D__xDE00_");
    }
}

//! The primitive CLIXML tags (docs/clixml.md#primitive-elements) and how their text becomes a
//! [`Value`]. Numbers, booleans and dates are trimmed like XmlConvert does;
//! strings are never trimmed and get `_xHHHH_` decoding.

use super::escape::decode_escapes;
use super::value::{Guid, Value};

/// A primitive element that carries its value as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrimTag {
    /// `<S>`
    S,
    /// `<C>`
    C,
    /// `<B>`
    B,
    /// `<DT>`
    DT,
    /// `<TS>`
    TS,
    /// `<By>`
    By,
    /// `<SB>`
    SB,
    /// `<U16>`
    U16,
    /// `<I16>`
    I16,
    /// `<U32>`
    U32,
    /// `<I32>`
    I32,
    /// `<U64>`
    U64,
    /// `<I64>`
    I64,
    /// `<Sg>`
    Sg,
    /// `<Db>`
    Db,
    /// `<D>`
    D,
    /// `<G>`
    G,
    /// `<URI>`
    Uri,
    /// `<Version>`
    Version,
    /// `<XD>`
    XD,
    /// `<SBK>`
    SBK,
}

impl PrimTag {
    /// Recognises a primitive tag by local name (case-sensitive, as in
    /// PowerShell).
    pub fn from_name(name: &[u8]) -> Option<PrimTag> {
        // Array patterns compare as integers (no string compare per arm):
        // this runs for every member of every object.
        Some(match *name {
            [b'S'] => PrimTag::S,
            [b'C'] => PrimTag::C,
            [b'B'] => PrimTag::B,
            [b'D'] => PrimTag::D,
            [b'G'] => PrimTag::G,
            [b'D', b'T'] => PrimTag::DT,
            [b'T', b'S'] => PrimTag::TS,
            [b'B', b'y'] => PrimTag::By,
            [b'S', b'B'] => PrimTag::SB,
            [b'S', b'g'] => PrimTag::Sg,
            [b'D', b'b'] => PrimTag::Db,
            [b'X', b'D'] => PrimTag::XD,
            [b'U', b'1', b'6'] => PrimTag::U16,
            [b'I', b'1', b'6'] => PrimTag::I16,
            [b'U', b'3', b'2'] => PrimTag::U32,
            [b'I', b'3', b'2'] => PrimTag::I32,
            [b'U', b'6', b'4'] => PrimTag::U64,
            [b'I', b'6', b'4'] => PrimTag::I64,
            [b'U', b'R', b'I'] => PrimTag::Uri,
            [b'S', b'B', b'K'] => PrimTag::SBK,
            [b'V', b'e', b'r', b's', b'i', b'o', b'n'] => PrimTag::Version,
            _ => return None,
        })
    }

    /// The tag as written in the file.
    pub fn name(self) -> &'static str {
        match self {
            PrimTag::S => "S",
            PrimTag::C => "C",
            PrimTag::B => "B",
            PrimTag::DT => "DT",
            PrimTag::TS => "TS",
            PrimTag::By => "By",
            PrimTag::SB => "SB",
            PrimTag::U16 => "U16",
            PrimTag::I16 => "I16",
            PrimTag::U32 => "U32",
            PrimTag::I32 => "I32",
            PrimTag::U64 => "U64",
            PrimTag::I64 => "I64",
            PrimTag::Sg => "Sg",
            PrimTag::Db => "Db",
            PrimTag::D => "D",
            PrimTag::G => "G",
            PrimTag::Uri => "URI",
            PrimTag::Version => "Version",
            PrimTag::XD => "XD",
            PrimTag::SBK => "SBK",
        }
    }

    /// Converts the element's XML-unescaped text. On failure returns a
    /// description of what the text should look like.
    pub fn parse(self, text: &str, lone_surrogates: &mut u32) -> Result<Value, &'static str> {
        let t = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
        let decoded = |s: &str, lone: &mut u32| -> Box<str> { decode_escapes(s, lone).into() };
        fn int<T: std::str::FromStr>(t: &str, what: &'static str) -> Result<T, &'static str> {
            let t = t.strip_prefix('+').unwrap_or(t);
            t.parse().map_err(|_| what)
        }
        Ok(match self {
            PrimTag::S => Value::String(decoded(text, lone_surrogates)),
            PrimTag::Uri => Value::Uri(decoded(text, lone_surrogates)),
            PrimTag::XD => Value::XmlDocument(decoded(text, lone_surrogates)),
            PrimTag::SBK => Value::ScriptBlock(decoded(text, lone_surrogates)),
            PrimTag::C => Value::Char(int(t, "a decimal UTF-16 code unit")?),
            PrimTag::B => Value::Bool(match t {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => return Err("`true` or `false`"),
            }),
            PrimTag::DT => {
                if !looks_like_datetime(t) {
                    return Err("an xs:dateTime such as 2023-05-04T09:12:33-07:00");
                }
                Value::DateTime(t.into())
            }
            PrimTag::TS => {
                if !looks_like_duration(t) {
                    return Err("an xs:duration such as P14DT2H or PT9.5S");
                }
                Value::Duration(t.into())
            }
            PrimTag::By => Value::U8(int(t, "an integer 0..255")?),
            PrimTag::SB => Value::I8(int(t, "an integer -128..127")?),
            PrimTag::U16 => Value::U16(int(t, "an unsigned 16-bit integer")?),
            PrimTag::I16 => Value::I16(int(t, "a signed 16-bit integer")?),
            PrimTag::U32 => Value::U32(int(t, "an unsigned 32-bit integer")?),
            PrimTag::I32 => Value::I32(int(t, "a signed 32-bit integer")?),
            PrimTag::U64 => Value::U64(int(t, "an unsigned 64-bit integer")?),
            PrimTag::I64 => Value::I64(int(t, "a signed 64-bit integer")?),
            PrimTag::Sg => {
                Value::Single(float(t).ok_or("a floating-point number, INF, -INF or NaN")? as f32)
            }
            PrimTag::Db => {
                Value::Double(float(t).ok_or("a floating-point number, INF, -INF or NaN")?)
            }
            PrimTag::D => {
                if !looks_like_decimal(t) {
                    return Err("a decimal number such as 2.30");
                }
                Value::Decimal(t.into())
            }
            PrimTag::G => Value::Guid(Guid::parse(t).ok_or("a GUID")?),
            PrimTag::Version => {
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                    return Err("a version such as 15.1.2507.6");
                }
                Value::Version(t.into())
            }
        })
    }
}

/// XmlConvert's double format: invariant number, `INF`, `-INF`, `NaN`.
fn float(t: &str) -> Option<f64> {
    match t {
        "INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ if t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')) =>
        {
            t.parse().ok()
        }
        _ => None,
    }
}

fn looks_like_datetime(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && t.bytes()
            .all(|c| c.is_ascii_digit() || b"-:.TZ+".contains(&c))
}

fn looks_like_duration(t: &str) -> bool {
    let body = t.strip_prefix('-').unwrap_or(t);
    body.len() >= 2
        && body.starts_with('P')
        && body
            .bytes()
            .all(|c| c.is_ascii_digit() || b"PDTHMS.".contains(&c))
}

fn looks_like_decimal(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    !body.is_empty()
        && body.bytes().any(|c| c.is_ascii_digit())
        && body.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && body.bytes().filter(|&c| c == b'.').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(tag: PrimTag, text: &str) -> Result<Value, &'static str> {
        let mut lone = 0;
        tag.parse(text, &mut lone)
    }

    #[test]
    fn every_tag_has_a_name_round_trip() {
        for name in [
            "S", "C", "B", "DT", "TS", "By", "SB", "U16", "I16", "U32", "I32", "U64", "I64", "Sg",
            "Db", "D", "G", "URI", "Version", "XD", "SBK",
        ] {
            assert_eq!(PrimTag::from_name(name.as_bytes()).unwrap().name(), name);
        }
        assert_eq!(PrimTag::from_name(b"s"), None);
        assert_eq!(PrimTag::from_name(b"SCT"), None);
    }

    #[test]
    fn strings_are_not_trimmed_numbers_are() {
        assert_eq!(
            p(PrimTag::S, "  a_x000A_ "),
            Ok(Value::String("  a\n ".into()))
        );
        assert_eq!(p(PrimTag::I32, " -42\n"), Ok(Value::I32(-42)));
        assert_eq!(
            p(PrimTag::U64, "18446744073709551615"),
            Ok(Value::U64(u64::MAX))
        );
        assert!(p(PrimTag::By, "256").is_err());
        assert!(p(PrimTag::I32, "").is_err());
        assert_eq!(p(PrimTag::C, "97"), Ok(Value::Char(97)));
    }

    #[test]
    fn booleans_floats_and_specials() {
        assert_eq!(p(PrimTag::B, "true"), Ok(Value::Bool(true)));
        assert_eq!(p(PrimTag::B, "0"), Ok(Value::Bool(false)));
        assert!(p(PrimTag::B, "True").is_err());
        assert_eq!(p(PrimTag::Db, "INF"), Ok(Value::Double(f64::INFINITY)));
        assert_eq!(p(PrimTag::Db, "-INF"), Ok(Value::Double(f64::NEG_INFINITY)));
        assert!(matches!(p(PrimTag::Db, "NaN"), Ok(Value::Double(x)) if x.is_nan()));
        assert_eq!(p(PrimTag::Db, "1E+20"), Ok(Value::Double(1e20)));
        assert_eq!(p(PrimTag::Sg, "-0"), Ok(Value::Single(-0.0)));
        assert!(p(PrimTag::Db, "infinity").is_err());
    }

    #[test]
    fn dates_durations_decimals_guids_versions() {
        assert_eq!(
            p(PrimTag::DT, "2023-05-04T09:12:33.1234567-07:00"),
            Ok(Value::DateTime("2023-05-04T09:12:33.1234567-07:00".into()))
        );
        assert!(p(PrimTag::DT, "yesterday").is_err());
        assert_eq!(
            p(PrimTag::TS, "-P1DT2H"),
            Ok(Value::Duration("-P1DT2H".into()))
        );
        assert!(p(PrimTag::TS, "14.00:00:00").is_err());
        assert_eq!(p(PrimTag::D, "2.30"), Ok(Value::Decimal("2.30".into())));
        assert!(p(PrimTag::D, "2.3.0").is_err());
        assert!(p(PrimTag::G, "not-a-guid").is_err());
        assert_eq!(
            p(PrimTag::Version, "15.1.2507.6"),
            Ok(Value::Version("15.1.2507.6".into()))
        );
    }
}

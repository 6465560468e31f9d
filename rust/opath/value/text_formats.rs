//! The text formats of filter values: booleans, numbers, enums, DNs,
//! addresses, GUIDs and byte sizes, read as Exchange reads them and written
//! in the canonical form.

use super::super::catalog::EnumType;
use super::Value;

pub(super) fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Integer text as PowerShell converts it: decimal with optional sign, or `0x` hex.
pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() {
        return None;
    }
    let magnitude = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        if hex.is_empty() || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        i64::from_str_radix(hex, 16).ok()?
    } else {
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.parse::<i64>().ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

pub(super) fn parse_enum(e: &EnumType, text: &str) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if !e.checked {
        let ok = t.split(',').all(|part| {
            let p = part.trim();
            !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        if !ok {
            return None;
        }
        let value = parse_int(t);
        let text = t.split(',').map(str::trim).collect::<Vec<_>>().join(", ");
        return Some(Value::Enum { value, text });
    }
    let value = if let Some(n) = parse_int(t) {
        n
    } else {
        let mut combined = 0i64;
        let mut count = 0;
        for part in t.split(',') {
            let (_, v) = e.member(part.trim())?;
            combined |= v;
            count += 1;
        }
        if count > 1 && !e.flags {
            return None;
        }
        combined
    };
    let text = enum_text(e, value)?;
    Some(Value::Enum {
        value: Some(value),
        text,
    })
}

/// The .NET `Enum.ToString()` of `value`, or `None` when it is not a
/// defined member (or, for flags, not a combination of members).
pub(crate) fn enum_text(e: &EnumType, value: i64) -> Option<String> {
    if let Some((name, _)) = e.members.iter().find(|(_, v)| *v == value) {
        return Some((*name).to_owned());
    }
    if !e.flags || value == 0 {
        return None;
    }
    let mut members: Vec<(&str, i64)> =
        e.members.iter().copied().filter(|(_, v)| *v != 0).collect();
    members.sort_by_key(|&(_, v)| std::cmp::Reverse(v as u64));
    let mut rest = value;
    let mut used: Vec<(&str, i64)> = Vec::new();
    for (name, v) in members {
        if rest & v == v && rest != 0 {
            rest &= !v;
            used.push((name, v));
        }
    }
    if rest != 0 {
        return None;
    }
    used.sort_by_key(|&(_, v)| v as u64);
    Some(used.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))
}

/// True when `text` is a distinguished name Exchange formats as one: each
/// RDN is `type=value` with `type` = letter then letters, digits, `-`
/// (spaces after commas are tolerated here and reported by a lint).
pub fn is_dn(text: &str) -> bool {
    let rdns = split_dn(text);
    !rdns.is_empty()
        && rdns.iter().all(|rdn| {
            let rdn = rdn.trim_start_matches(' ');
            let Some((kind, value)) = rdn.split_once('=') else {
                return false;
            };
            let mut chars = kind.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !value.is_empty()
        })
}

/// Splits a DN at commas that are not escaped with `\`.
pub(crate) fn split_dn(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ',' => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// True for a canonical name such as `contoso.com/Users/Marketing Group`.
pub fn is_canonical_name(text: &str) -> bool {
    match text.split_once('/') {
        Some((domain, rest)) => is_domain(domain) && domain.contains('.') && !rest.is_empty(),
        None => false,
    }
}

pub(super) fn is_domain(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 255
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// True for `local@domain` with a plain local part and a valid domain.
pub fn is_smtp_address(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c) || !c.is_ascii()
        })
        && is_domain(domain)
}

pub(super) fn parse_proxy(text: &str) -> Option<Value> {
    let t = text.trim();
    if let Some((prefix, address)) = t.split_once(':')
        && !prefix.is_empty()
        && prefix.len() <= 9
        && prefix.chars().all(|c| c.is_ascii_alphanumeric())
        && !address.is_empty()
    {
        if prefix.eq_ignore_ascii_case("smtp") && !is_smtp_address(address) {
            return None;
        }
        return Some(Value::Proxy {
            prefix: prefix.to_owned(),
            address: address.to_owned(),
        });
    }
    if is_smtp_address(t) {
        return Some(Value::Proxy {
            prefix: "SMTP".to_owned(),
            address: t.to_owned(),
        });
    }
    None
}

pub(super) fn is_exchange_version(text: &str) -> bool {
    // "0.20 (15.0.0.0)"
    let Some((head, tail)) = text.split_once(" (") else {
        return false;
    };
    let Some(build) = tail.strip_suffix(')') else {
        return false;
    };
    let numeric = |s: &str, parts: usize| {
        let v: Vec<&str> = s.split('.').collect();
        v.len() == parts
            && v.iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    numeric(head, 2) && numeric(build, 4)
}

pub(super) fn parse_guid(text: &str) -> Option<u128> {
    let t = text.trim();
    let t = t
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| t.strip_prefix('(').and_then(|r| r.strip_suffix(')')))
        .unwrap_or(t);
    let hex: String = if t.len() == 36 {
        let b = t.as_bytes();
        if [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
            return None;
        }
        t.chars().filter(|&c| c != '-').collect()
    } else if t.len() == 32 {
        t.to_owned()
    } else {
        return None;
    };
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(&hex, 16).ok()
}

pub(super) fn format_guid(g: u128) -> String {
    let h = format!("{g:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

pub(super) fn parse_bytes(text: &str) -> Option<Value> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("unlimited") {
        return Some(Value::Unlimited);
    }
    // "1.5 GB (1,610,612,736 bytes)": the exact count in parentheses wins.
    if let Some(open) = t.find('(')
        && let Some(inner) = t[open + 1..].strip_suffix(')')
        && let Some(count) = inner.trim().strip_suffix("bytes")
    {
        let digits: String = count.trim().chars().filter(|&c| c != ',').collect();
        // ByteQuantifiedSize counts in an unsigned 64-bit number.
        if digits.is_empty() || digits.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return digits.parse::<u64>().ok().map(Value::Bytes);
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = (&t[..split], t[split..].trim());
    let multiplier: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        "TB" => 1 << 40,
        _ => return None,
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let mut bytes = whole.checked_mul(multiplier)?;
    if !fraction.is_empty() {
        let digits = fraction.len().min(12) as u32;
        let f: u64 = fraction[..digits as usize].parse().ok()?;
        bytes = bytes.checked_add((f as u128 * multiplier as u128 / 10u128.pow(digits)) as u64)?;
    }
    Some(Value::Bytes(bytes))
}

/// `1.5 GB (1,610,612,736 bytes)` as `ByteQuantifiedSize.ToString()` prints it.
pub(crate) fn format_bytes(bytes: u64) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("TB", 1 << 40),
        ("GB", 1 << 30),
        ("MB", 1 << 20),
        ("KB", 1 << 10),
    ];
    let (unit, size) = UNITS
        .iter()
        .find(|(_, s)| bytes >= *s)
        .map_or(("B", 1), |&(u, s)| (u, s));
    let scaled = (bytes as u128 * 1000 / size as u128) as u64; // truncated to 3 decimals
    let mut number = format!("{}.{:03}", scaled / 1000, scaled % 1000);
    while number.ends_with('0') {
        number.pop();
    }
    if number.ends_with('.') {
        number.pop();
    }
    format!("{number} {unit} ({} bytes)", group_thousands(bytes))
}

pub(super) fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

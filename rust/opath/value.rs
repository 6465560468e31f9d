//! Typed filter values and their conversion from filter text (docs/opath.md#typed-values), as
//! PowerShell's culture-invariant `LanguagePrimitives.ConvertTo` and
//! Exchange's type parsers do it.

use super::catalog::{EnumType, Property, PropertyType};
use super::countries::country_code;
use super::diagnostic::Diagnostic;
use super::environment::Environment;
use std::cmp::Ordering;

/// 100-nanosecond ticks per second (.NET `TimeSpan`/`DateTime` resolution).
pub const TICKS_PER_SECOND: i64 = 10_000_000;
const TICKS_PER_DAY: i64 = 86_400 * TICKS_PER_SECOND;

/// A value converted to its property's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text, compared ignoring case (strings, SMTP addresses and domains,
    /// certificate identifiers, versions, NetIDs, binary written as text).
    Text(String),
    /// Distinguished name, compared ignoring case.
    Dn(String),
    /// Boolean.
    Bool(bool),
    /// Integer.
    Int(i64),
    /// `Unlimited` (quotas, limits): greater than every number.
    Unlimited,
    /// Enum member(s): numeric value when known and the canonical text.
    Enum {
        /// Numeric value (`None` when the members are not known offline).
        value: Option<i64>,
        /// Canonical text (`UserMailbox`, `AccountDisabled, NormalAccount`).
        text: String,
    },
    /// GUID.
    Guid(u128),
    /// Date and time as .NET ticks since 0001-01-01 (no time zone).
    DateTime(i64),
    /// Byte quantity in bytes.
    Bytes(u64),
    /// Time span in ticks.
    TimeSpan(i64),
    /// Proxy address; the prefix keeps its case (`SMTP` primary, `smtp` secondary).
    Proxy {
        /// `SMTP`, `smtp`, `X500`, `SIP`, …
        prefix: String,
        /// The address after the colon.
        address: String,
    },
    /// Country by ISO 3166 code.
    Country(&'static str),
}

impl Value {
    /// The value's text in the canonical form (before quoting).
    pub fn canonical_text(&self) -> String {
        match self {
            Value::Text(t) | Value::Dn(t) => t.clone(),
            Value::Bool(true) => "True".to_owned(),
            Value::Bool(false) => "False".to_owned(),
            Value::Int(n) => n.to_string(),
            Value::Unlimited => "Unlimited".to_owned(),
            Value::Enum { text, .. } => text.clone(),
            Value::Guid(g) => format_guid(*g),
            Value::DateTime(t) => format_datetime(*t),
            Value::Bytes(b) => format_bytes(*b),
            Value::TimeSpan(t) => format_timespan(*t),
            Value::Proxy { prefix, address } => format!("{prefix}:{address}"),
            Value::Country(code) => (*code).to_owned(),
        }
    }

    /// Equality as the in-memory engine sees it (docs/opath.md#in-memory-engine): text and DNs
    /// ignore case, proxy addresses ignore the case of prefix and address,
    /// enums compare their exact value.
    pub fn equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Text(a), Value::Text(b)) | (Value::Dn(a), Value::Dn(b)) => eq_ignore_case(a, b),
            (
                Value::Proxy {
                    prefix: pa,
                    address: aa,
                },
                Value::Proxy {
                    prefix: pb,
                    address: ab,
                },
            ) => eq_ignore_case(pa, pb) && eq_ignore_case(aa, ab),
            (Value::Enum { value: Some(a), .. }, Value::Enum { value: Some(b), .. }) => a == b,
            (Value::Enum { text: a, .. }, Value::Enum { text: b, .. }) => eq_ignore_case(a, b),
            _ => self == other,
        }
    }

    /// Order of two values of the same type (`None` when they have none).
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        Some(match (self, other) {
            (Value::Text(a), Value::Text(b)) | (Value::Dn(a), Value::Dn(b)) => {
                cmp_ignore_case(a, b)
            }
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Bytes(a), Value::Bytes(b)) => a.cmp(b),
            (Value::Unlimited, Value::Unlimited) => Ordering::Equal,
            (Value::Unlimited, Value::Int(_) | Value::Bytes(_)) => Ordering::Greater,
            (Value::Int(_) | Value::Bytes(_), Value::Unlimited) => Ordering::Less,
            (Value::Enum { value: Some(a), .. }, Value::Enum { value: Some(b), .. }) => a.cmp(b),
            (Value::Guid(a), Value::Guid(b)) => guid_order(*a).cmp(&guid_order(*b)),
            (Value::DateTime(a), Value::DateTime(b)) | (Value::TimeSpan(a), Value::TimeSpan(b)) => {
                a.cmp(b)
            }
            _ => return None,
        })
    }

    /// The text a `-like` pattern is matched against (`ToString()`).
    pub fn match_text(&self) -> String {
        self.canonical_text()
    }
}

fn guid_order(g: u128) -> u128 {
    g
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.chars()
            .flat_map(char::to_uppercase)
            .eq(b.chars().flat_map(char::to_uppercase))
    }
}

/// Ordinal comparison ignoring case.
pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_uppercase)
        .cmp(b.chars().flat_map(char::to_uppercase))
}

/// Converts filter text to `property`'s type, or gives Exchange's error.
pub fn convert(property: &Property, text: &str, env: Environment) -> Result<Value, Diagnostic> {
    let fail = || {
        let mut d = Diagnostic::conversion_failed(text, property.dotnet_type());
        d.hint = Some(conversion_hint(property));
        d
    };
    match property.kind {
        PropertyType::String => Ok(Value::Text(text.to_owned())),
        PropertyType::Bool => parse_bool(text).map(Value::Bool).ok_or_else(fail),
        PropertyType::Int => parse_int(text)
            .filter(|n| i32::try_from(*n).is_ok())
            .map(Value::Int)
            .ok_or_else(fail),
        PropertyType::IntOrUnlimited => {
            if text.trim().eq_ignore_ascii_case("unlimited") {
                Ok(Value::Unlimited)
            } else {
                parse_int(text)
                    .filter(|n| i32::try_from(*n).is_ok())
                    .map(Value::Int)
                    .ok_or_else(fail)
            }
        }
        PropertyType::Enum => {
            let Some(enum_type) = property.enum_type else {
                return Err(fail());
            };
            parse_enum(&enum_type, text).ok_or_else(fail)
        }
        PropertyType::Dn => {
            if is_dn(text) || is_canonical_name(text) {
                Ok(Value::Dn(text.to_owned()))
            } else if env == Environment::ExchangeOnline && !text.trim().is_empty() {
                // Exchange Online stores 'DC=<text>', which matches no
                // recipient (the NotADistinguishedName lint says so); the
                // value is kept as written so that the canonical text reads
                // back unchanged.
                Ok(Value::Dn(text.to_owned()))
            } else {
                Err(fail())
            }
        }
        PropertyType::Guid => parse_guid(text).map(Value::Guid).ok_or_else(fail),
        PropertyType::DateTime => parse_datetime(text).map(Value::DateTime).ok_or_else(fail),
        PropertyType::ByteSize => parse_bytes(text).ok_or_else(fail),
        PropertyType::TimeSpan => parse_timespan(text).map(Value::TimeSpan).ok_or_else(fail),
        PropertyType::ProxyAddress => parse_proxy(text).ok_or_else(fail),
        PropertyType::SmtpAddress => {
            if is_smtp_address(text.trim()) {
                Ok(Value::Text(text.trim().to_owned()))
            } else {
                Err(fail())
            }
        }
        PropertyType::SmtpDomain => {
            if is_domain(text.trim()) {
                Ok(Value::Text(text.trim().to_owned()))
            } else {
                Err(fail())
            }
        }
        PropertyType::Country => country_code(text).map(Value::Country).ok_or_else(fail),
        PropertyType::ExchangeVersion => {
            if is_exchange_version(text.trim()) {
                Ok(Value::Text(text.trim().to_owned()))
            } else {
                Err(fail())
            }
        }
        PropertyType::NetId => {
            let t = text.trim();
            if !t.is_empty() && t.len() <= 16 && t.chars().all(|c| c.is_ascii_hexdigit()) {
                Ok(Value::Text(t.to_ascii_uppercase()))
            } else {
                Err(fail())
            }
        }
        PropertyType::Binary | PropertyType::X509Identifier => Ok(Value::Text(text.to_owned())),
    }
}

/// Parses a value as read from a recipient (a record): like [`convert`], but
/// DNs are taken as they are and enum values by name or number.
pub fn parse_record_value(property: &Property, text: &str) -> Option<Value> {
    match property.kind {
        PropertyType::Dn => Some(Value::Dn(text.to_owned())),
        PropertyType::Country => Some(
            country_code(text)
                .map(Value::Country)
                .unwrap_or_else(|| Value::Text(text.to_owned())),
        ),
        _ => convert(property, text, Environment::OnPremises).ok(),
    }
}

fn conversion_hint(property: &Property) -> String {
    let name = property.name;
    match property.kind {
        PropertyType::Bool => format!("{name} takes $true or $false (or 'True'/'False')."),
        PropertyType::Int => format!("{name} takes a whole number."),
        PropertyType::IntOrUnlimited => format!("{name} takes a whole number or 'Unlimited'."),
        PropertyType::Enum => match property.enum_type {
            Some(e) if e.checked && !e.members.is_empty() => {
                let names: Vec<&str> = e.members.iter().map(|(n, _)| *n).collect();
                let shown = names.len();
                format!(
                    "{name} takes one of: {}{}{}",
                    names[..shown].join(", "),
                    if shown < names.len() { ", ..." } else { "" },
                    if e.flags {
                        " (combine flags as 'A, B')."
                    } else {
                        "."
                    }
                )
            }
            _ => format!("{name} takes a member name or its number."),
        },
        PropertyType::Dn => format!(
            "{name} takes the full distinguished name, e.g. 'CN=Sales,OU=Groups,DC=contoso,DC=com' (Get-Group <name> | Select DistinguishedName)."
        ),
        PropertyType::Guid => {
            format!("{name} takes a GUID such as '2e7b3c2a-0d3a-4f1c-9a4e-5b6c7d8e9f00'.")
        }
        PropertyType::DateTime => format!(
            "{name} takes a date in invariant culture: 'M/d/yyyy', 'M/d/yyyy h:mm:ss AM' or 'yyyy-MM-dd'."
        ),
        PropertyType::ByteSize => {
            format!("{name} takes a quoted size such as '1.5GB', '500MB' or 'Unlimited'.")
        }
        PropertyType::TimeSpan => {
            format!("{name} takes a time span 'd.hh:mm:ss', e.g. '30.00:00:00'.")
        }
        PropertyType::ProxyAddress => {
            format!("{name} takes 'prefix:address', e.g. 'smtp:user@contoso.com'.")
        }
        PropertyType::SmtpAddress => {
            format!("{name} takes an SMTP address, e.g. 'user@contoso.com'.")
        }
        PropertyType::SmtpDomain => format!("{name} takes a domain name, e.g. 'contoso.com'."),
        PropertyType::Country => {
            format!("{name} takes an ISO 3166 two-letter country code, e.g. 'US'.")
        }
        PropertyType::ExchangeVersion => {
            format!("{name} takes a version such as '0.20 (15.0.0.0)'.")
        }
        PropertyType::NetId => format!("{name} takes a hexadecimal NetID."),
        _ => format!("Check the value's type: {}.", property.kind.name()),
    }
}

fn parse_bool(text: &str) -> Option<bool> {
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

fn parse_enum(e: &EnumType, text: &str) -> Option<Value> {
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

fn is_domain(text: &str) -> bool {
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

fn parse_proxy(text: &str) -> Option<Value> {
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

fn is_exchange_version(text: &str) -> bool {
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

fn parse_guid(text: &str) -> Option<u128> {
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

fn format_guid(g: u128) -> String {
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

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days from 0001-01-01 to `y-m-d` (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y1 = y - 1;
    let mut days = y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400;
    for month in 1..m {
        days += days_in_month(y, month);
    }
    days + d - 1
}

fn civil_from_days(mut days: i64) -> (i64, i64, i64) {
    let mut y = 1 + days / 146_097 * 400;
    days %= 146_097;
    loop {
        let len = if is_leap(y) { 366 } else { 365 };
        if days < len {
            break;
        }
        days -= len;
        y += 1;
    }
    let mut m = 1;
    while days >= days_in_month(y, m) {
        days -= days_in_month(y, m);
        m += 1;
    }
    (y, m, days + 1)
}

fn num(s: &str, min_len: usize, max_len: usize) -> Option<i64> {
    if s.len() < min_len || s.len() > max_len || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `h:mm[:ss[.fffffff]] [AM|PM]` into ticks since midnight.
fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim();
    let (clock, meridiem) = {
        let upper = t.to_ascii_uppercase();
        if upper.ends_with("AM") || upper.ends_with("PM") {
            (t[..t.len() - 2].trim_end(), Some(upper.ends_with("PM")))
        } else {
            (t, None)
        }
    };
    let mut parts = clock.split(':');
    let mut hour = num(parts.next()?, 1, 2)?;
    let minute = num(parts.next()?, 1, 2)?;
    let (second, fraction) = match parts.next() {
        Some(s) => match s.split_once('.') {
            Some((sec, frac)) => {
                let f = num(frac, 1, 7)?;
                (num(sec, 1, 2)?, f * 10i64.pow(7 - frac.len() as u32))
            }
            None => (num(s, 1, 2)?, 0),
        },
        None => (0, 0),
    };
    if parts.next().is_some() || minute > 59 || second > 59 {
        return None;
    }
    match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour %= 12;
            if pm {
                hour += 12;
            }
        }
        None if hour > 23 => return None,
        None => {}
    }
    Some((hour * 3600 + minute * 60 + second) * TICKS_PER_SECOND + fraction)
}

/// Invariant-culture date parsing: `M/d/yyyy[ time]`, `yyyy-MM-dd[(T| )time][Z]`,
/// `yyyy/MM/dd[ time]`.
pub(crate) fn parse_datetime(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, time) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], Some(t[i + 1..].trim_end_matches('Z'))),
        None => (t, None),
    };
    let (y, m, d) = if date.contains('-') {
        let p: Vec<&str> = date.split('-').collect();
        if p.len() != 3 {
            return None;
        }
        (num(p[0], 4, 4)?, num(p[1], 1, 2)?, num(p[2], 1, 2)?)
    } else {
        let p: Vec<&str> = date.split('/').collect();
        if p.len() != 3 {
            return None;
        }
        if p[0].len() == 4 {
            (num(p[0], 4, 4)?, num(p[1], 1, 2)?, num(p[2], 1, 2)?)
        } else {
            (num(p[2], 4, 4)?, num(p[0], 1, 2)?, num(p[1], 1, 2)?)
        }
    };
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let ticks_of_day = match time {
        Some(t) if !t.is_empty() => parse_time(t)?,
        _ => 0,
    };
    Some(days_from_civil(y, m, d) * TICKS_PER_DAY + ticks_of_day)
}

/// `M/d/yyyy h:mm:ss AM` (en-US, the usual Exchange server culture).
pub(crate) fn format_datetime(ticks: i64) -> String {
    let (y, m, d) = civil_from_days(ticks.div_euclid(TICKS_PER_DAY));
    let secs = ticks.rem_euclid(TICKS_PER_DAY) / TICKS_PER_SECOND;
    let (h, min, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{m}/{d}/{y} {h12}:{min:02}:{s:02} {ampm}")
}

fn parse_bytes(text: &str) -> Option<Value> {
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

fn group_thousands(n: u64) -> String {
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

fn parse_timespan(text: &str) -> Option<i64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let ticks = if !t.contains(':') {
        num(t, 1, 8)? * TICKS_PER_DAY
    } else {
        let (days, clock) = match t.split_once('.') {
            Some((d, rest)) if rest.contains(':') && !d.contains(':') => (num(d, 1, 8)?, rest),
            _ => (0, t),
        };
        let mut parts = clock.split(':');
        let h = num(parts.next()?, 1, 2)?;
        let m = num(parts.next()?, 1, 2)?;
        let (s, frac) = match parts.next() {
            Some(sec) => match sec.split_once('.') {
                Some((s, f)) => (num(s, 1, 2)?, num(f, 1, 7)? * 10i64.pow(7 - f.len() as u32)),
                None => (num(sec, 1, 2)?, 0),
            },
            None => (0, 0),
        };
        if parts.next().is_some() || h > 23 || m > 59 || s > 59 {
            return None;
        }
        days * TICKS_PER_DAY + (h * 3600 + m * 60 + s) * TICKS_PER_SECOND + frac
    };
    Some(if negative { -ticks } else { ticks })
}

/// `[-][d.]hh:mm:ss[.fffffff]` as `TimeSpan.ToString()` prints it.
pub(crate) fn format_timespan(ticks: i64) -> String {
    let sign = if ticks < 0 { "-" } else { "" };
    let t = ticks.unsigned_abs();
    let tps = TICKS_PER_SECOND as u64;
    let days = t / TICKS_PER_DAY as u64;
    let secs = t / tps % 86_400;
    let frac = t % tps;
    let mut out = String::from(sign);
    if days > 0 {
        out.push_str(&format!("{days}."));
    }
    out.push_str(&format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    ));
    if frac > 0 {
        out.push_str(&format!(".{frac:07}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::catalog::lookup;
    use super::*;

    fn conv(name: &str, text: &str) -> Result<String, String> {
        convert(lookup(name).unwrap(), text, Environment::OnPremises)
            .map(|v| v.canonical_text())
            .map_err(|d| d.message)
    }

    #[test]
    fn bools_take_true_false_only() {
        assert_eq!(
            conv("HiddenFromAddressListsEnabled", "true"),
            Ok("True".into())
        );
        assert_eq!(
            conv("HiddenFromAddressListsEnabled", "FALSE"),
            Ok("False".into())
        );
        assert_eq!(
            conv("HiddenFromAddressListsEnabled", "1"),
            Err("The value \"1\" could not be converted to type System.Boolean.".into())
        );
        assert!(conv("HiddenFromAddressListsEnabled", "$true").is_err());
        assert!(conv("HiddenFromAddressListsEnabled", "yes").is_err());
    }

    #[test]
    fn enums_canonicalize_names_numbers_and_flags() {
        assert_eq!(
            conv("RecipientTypeDetails", "usermailbox"),
            Ok("UserMailbox".into())
        );
        assert_eq!(
            conv("RecipientTypeDetails", "Roomlist"),
            Ok("RoomList".into())
        );
        assert_eq!(
            conv("RecipientTypeDetails", "4"),
            Ok("SharedMailbox".into())
        );
        assert_eq!(
            conv("RecipientTypeDetails", "SharedMailbox,UserMailbox"),
            Ok("UserMailbox, SharedMailbox".into())
        );
        assert_eq!(
            conv("UserAccountControl", "NormalAccount, AccountDisabled"),
            Ok("AccountDisabled, NormalAccount".into())
        );
        assert_eq!(
            conv("UserAccountControl", "514"),
            Ok("AccountDisabled, NormalAccount".into())
        );
        assert_eq!(
            conv("RecipientType", "UserMailbox"),
            Ok("UserMailbox".into())
        );
        {
            let bad = "MailboxUser";
            assert_eq!(
                conv("RecipientType", bad),
                Err(format!(
                    "The value \"{bad}\" could not be converted to type Microsoft.Exchange.Data.Directory.Recipient.RecipientType."
                ))
            );
        }
        assert!(conv("RecipientTypeDetails", "Equipment").is_err());
        assert!(conv("RecipientTypeDetails", "Shared").is_err());
        assert!(conv("RecipientType", "UserMailbox,MailUser").is_err());
        assert!(conv("RecipientType", "99").is_err());
        assert_eq!(conv("ArchiveStatus", "active"), Ok("Active".into()));
        assert_eq!(
            conv("GroupType", "Universal, SecurityEnabled"),
            Ok("Universal, SecurityEnabled".into())
        );
        assert_eq!(
            conv("MailboxMoveStatus", "Completed"),
            Ok("Completed".into())
        );
    }

    #[test]
    fn distinguished_names_are_checked() {
        let dn = "CN=Sales,OU=Groups,DC=contoso,DC=com";
        assert_eq!(conv("MemberOfGroup", dn), Ok(dn.into()));
        assert_eq!(
            conv("MemberOfGroup", "CN=a\\,b,DC=x"),
            Ok("CN=a\\,b,DC=x".into())
        );
        assert_eq!(
            conv("MemberOfGroup", "contoso.com/Users/Marketing Group"),
            Ok("contoso.com/Users/Marketing Group".into())
        );
        assert_eq!(
            conv("MemberOfGroup", "Sales Group"),
            Err("The value \"Sales Group\" could not be converted to type Microsoft.Exchange.Data.Directory.ADObjectId.".into())
        );
        assert!(conv("Manager", "1CN=x").is_err());
        let online = convert(
            lookup("MemberOfGroup").unwrap(),
            "POL_TEST_Staff",
            Environment::ExchangeOnline,
        );
        assert_eq!(online.unwrap().canonical_text(), "POL_TEST_Staff");
    }

    #[test]
    fn numbers_sizes_spans_dates() {
        assert_eq!(conv("MaxSafeSenders", " 42 "), Ok("42".into()));
        assert_eq!(conv("MaxSafeSenders", "0x10"), Ok("16".into()));
        assert!(conv("MaxSafeSenders", "1.5").is_err());
        assert!(conv("MaxSafeSenders", "99999999999").is_err());
        assert_eq!(conv("RecipientLimits", "unlimited"), Ok("Unlimited".into()));
        assert_eq!(
            conv("ProhibitSendQuota", "1.5GB"),
            Ok("1.5 GB (1,610,612,736 bytes)".into())
        );
        assert_eq!(
            conv("ProhibitSendQuota", "500 mb"),
            Ok("500 MB (524,288,000 bytes)".into())
        );
        assert_eq!(
            conv("ProhibitSendQuota", "Unlimited"),
            Ok("Unlimited".into())
        );
        assert_eq!(
            conv("ProhibitSendQuota", "1.5 GB (1,610,612,736 bytes)"),
            Ok("1.5 GB (1,610,612,736 bytes)".into())
        );
        assert_eq!(
            conv("ProhibitSendQuota", "100"),
            Ok("100 B (100 bytes)".into())
        );
        assert!(conv("ProhibitSendQuota", "1.5XB").is_err());
        assert_eq!(
            conv("RetainDeletedItemsFor", "14.00:00:00"),
            Ok("14.00:00:00".into())
        );
        assert_eq!(
            conv("RetainDeletedItemsFor", "01:30:00"),
            Ok("01:30:00".into())
        );
        assert!(conv("RetainDeletedItemsFor", "1:99:00").is_err());
        assert_eq!(
            conv("WhenCreated", "8/1/2017"),
            Ok("8/1/2017 12:00:00 AM".into())
        );
        assert_eq!(
            conv("WhenCreated", "8/1/2017 2:00:00 PM"),
            Ok("8/1/2017 2:00:00 PM".into())
        );
        assert_eq!(
            conv("WhenCreated", "2017-08-01"),
            Ok("8/1/2017 12:00:00 AM".into())
        );
        assert_eq!(
            conv("WhenCreated", "2017-08-01T13:05:09Z"),
            Ok("8/1/2017 1:05:09 PM".into())
        );
        assert!(conv("WhenCreated", "25/12/2017").is_err());
        assert!(conv("WhenCreated", "2/30/2017").is_err());
        assert_eq!(
            conv("WhenCreated", "2/29/2016"),
            Ok("2/29/2016 12:00:00 AM".into())
        );
    }

    #[test]
    fn addresses_guids_countries() {
        assert_eq!(
            conv("EmailAddresses", "john@contoso.com"),
            Ok("SMTP:john@contoso.com".into())
        );
        assert_eq!(
            conv("EmailAddresses", "smtp:john@contoso.com"),
            Ok("smtp:john@contoso.com".into())
        );
        assert_eq!(
            conv("EmailAddresses", "X500:/o=Org/cn=x"),
            Ok("X500:/o=Org/cn=x".into())
        );
        assert!(conv("EmailAddresses", "john").is_err());
        assert_eq!(
            conv("PrimarySmtpAddress", "a.b@contoso.com"),
            Ok("a.b@contoso.com".into())
        );
        assert!(conv("PrimarySmtpAddress", "a b@contoso.com").is_err());
        assert_eq!(
            conv("ExchangeGuid", "{2E7B3C2A-0D3A-4F1C-9A4E-5B6C7D8E9F00}"),
            Ok("2e7b3c2a-0d3a-4f1c-9a4e-5b6c7d8e9f00".into())
        );
        assert!(conv("ExchangeGuid", "not-a-guid").is_err());
        assert_eq!(conv("UsageLocation", "fr"), Ok("FR".into()));
        assert_eq!(conv("UsageLocation", "France"), Ok("FR".into()));
        assert!(conv("UsageLocation", "Atlantis").is_err());
        assert_eq!(
            conv("ExchangeVersion", "0.20 (15.0.0.0)"),
            Ok("0.20 (15.0.0.0)".into())
        );
    }

    #[test]
    fn calendar_round_trips() {
        for days in [0, 1, 59, 365, 730_000, 736_000, 3_652_058] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn equality_and_order_rules() {
        let a = Value::Proxy {
            prefix: "SMTP".into(),
            address: "A@x.com".into(),
        };
        let b = Value::Proxy {
            prefix: "smtp".into(),
            address: "a@X.com".into(),
        };
        assert!(a.equals(&b));
        assert!(Value::Text("Sales".into()).equals(&Value::Text("SALES".into())));
        assert_eq!(
            Value::Unlimited.compare(&Value::Bytes(5)),
            Some(Ordering::Greater)
        );
        assert_eq!(Value::Dn("a".into()).compare(&Value::Int(1)), None);
    }
}

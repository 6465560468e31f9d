//! Conversion of filter text to a property's type (docs/opath.md#typed-values).

use super::super::catalog::{Property, PropertyType};
use super::super::countries::country_code;
use super::super::diagnostic::Diagnostic;
use super::super::environment::Environment;
use super::Value;
use super::calendar::{parse_datetime, parse_timespan};
use super::text_formats::{
    is_canonical_name, is_dn, is_domain, is_exchange_version, is_smtp_address, parse_bool,
    parse_bytes, parse_enum, parse_guid, parse_int, parse_proxy,
};

/// Converts filter text to `property`'s type, or gives Exchange's error.
pub fn convert(property: &Property, text: &str, env: Environment) -> Result<Value, Diagnostic> {
    convert_to_kind(property, text, env).ok_or_else(|| {
        let mut d = Diagnostic::conversion_failed(text, property.dotnet_type());
        d.hint = Some(conversion_hint(property));
        d
    })
}

/// The parser of each property type (`None`: the text is not of the type).
fn convert_to_kind(property: &Property, text: &str, env: Environment) -> Option<Value> {
    let trimmed = text.trim();
    let kept = |ok: bool| ok.then(|| Value::Text(trimmed.to_owned()));
    match property.kind {
        PropertyType::String => Some(Value::Text(text.to_owned())),
        PropertyType::Bool => parse_bool(text).map(Value::Bool),
        PropertyType::Int => parse_int32(text),
        PropertyType::IntOrUnlimited if trimmed.eq_ignore_ascii_case("unlimited") => {
            Some(Value::Unlimited)
        }
        PropertyType::IntOrUnlimited => parse_int32(text),
        PropertyType::Enum => property.enum_type.and_then(|e| parse_enum(&e, text)),
        PropertyType::Dn => convert_dn(text, env),
        PropertyType::Guid => parse_guid(text).map(Value::Guid),
        PropertyType::DateTime => parse_datetime(text).map(Value::DateTime),
        PropertyType::ByteSize => parse_bytes(text),
        PropertyType::TimeSpan => parse_timespan(text).map(Value::TimeSpan),
        PropertyType::ProxyAddress => parse_proxy(text),
        PropertyType::SmtpAddress => kept(is_smtp_address(trimmed)),
        PropertyType::SmtpDomain => kept(is_domain(trimmed)),
        PropertyType::Country => country_code(text).map(Value::Country),
        PropertyType::ExchangeVersion => kept(is_exchange_version(trimmed)),
        PropertyType::NetId => convert_net_id(trimmed),
        PropertyType::Binary | PropertyType::X509Identifier => Some(Value::Text(text.to_owned())),
    }
}

/// A whole number that fits in 32 bits.
fn parse_int32(text: &str) -> Option<Value> {
    parse_int(text)
        .filter(|n| i32::try_from(*n).is_ok())
        .map(Value::Int)
}

fn convert_dn(text: &str, env: Environment) -> Option<Value> {
    // Exchange Online stores 'DC=<text>' for a value that is no DN, which
    // matches no recipient (the NotADistinguishedName lint says so); the
    // value is kept as written so that the canonical text reads back
    // unchanged.
    let accepted = is_dn(text)
        || is_canonical_name(text)
        || (env == Environment::ExchangeOnline && !text.trim().is_empty());
    accepted.then(|| Value::Dn(text.to_owned()))
}

fn convert_net_id(t: &str) -> Option<Value> {
    (!t.is_empty() && t.len() <= 16 && t.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| Value::Text(t.to_ascii_uppercase()))
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

pub(super) fn conversion_hint(property: &Property) -> String {
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

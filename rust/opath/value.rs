//! Typed filter values and their conversion from filter text (docs/opath.md#typed-values), as
//! PowerShell's culture-invariant `LanguagePrimitives.ConvertTo` and
//! Exchange's type parsers do it.

use std::cmp::Ordering;

mod calendar;
mod convert;
mod text_formats;

use calendar::{format_datetime, format_timespan};
pub use convert::{convert, parse_record_value};
pub(crate) use text_formats::split_dn;
use text_formats::{format_bytes, format_guid};
pub use text_formats::{is_canonical_name, is_dn, is_smtp_address};

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

#[cfg(test)]
mod tests {
    use super::super::catalog::lookup;
    use super::super::environment::Environment;
    use super::calendar::{civil_from_days, days_from_civil};
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

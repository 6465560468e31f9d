//! The filterable recipient properties (docs/opath.md#property-names, docs/opath.md#filterable-properties), compiled in from
//! `properties.tsv` by `build.rs`.

use super::enums;
use serde::Serialize;

/// The value type of a property (docs/opath.md#typed-values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PropertyType {
    /// Text.
    String,
    /// `True` / `False`.
    Bool,
    /// 32-bit integer.
    Int,
    /// Integer or `Unlimited`.
    IntOrUnlimited,
    /// Enumeration (see [`Property::enum_type`]).
    Enum,
    /// Distinguished name of a directory object (ADObjectId).
    Dn,
    /// GUID.
    Guid,
    /// Date and time.
    DateTime,
    /// Byte quantity such as `1.5GB`, or `Unlimited`.
    ByteSize,
    /// Time span `d.hh:mm:ss`.
    TimeSpan,
    /// Proxy address `prefix:address`.
    ProxyAddress,
    /// SMTP address.
    SmtpAddress,
    /// SMTP domain.
    SmtpDomain,
    /// Byte array.
    Binary,
    /// Certificate identifier.
    X509Identifier,
    /// Country (ISO 3166 code or name).
    Country,
    /// Exchange object version.
    ExchangeVersion,
    /// Windows Live NetID.
    NetId,
}

impl PropertyType {
    /// Name used in the catalog and in `Get-LightningSyncFilterableProperty`.
    pub fn name(self) -> &'static str {
        match self {
            PropertyType::String => "String",
            PropertyType::Bool => "Boolean",
            PropertyType::Int => "Int32",
            PropertyType::IntOrUnlimited => "Unlimited<Int32>",
            PropertyType::Enum => "Enum",
            PropertyType::Dn => "DistinguishedName",
            PropertyType::Guid => "Guid",
            PropertyType::DateTime => "DateTime",
            PropertyType::ByteSize => "ByteQuantifiedSize",
            PropertyType::TimeSpan => "TimeSpan",
            PropertyType::ProxyAddress => "ProxyAddress",
            PropertyType::SmtpAddress => "SmtpAddress",
            PropertyType::SmtpDomain => "SmtpDomain",
            PropertyType::Binary => "Byte[]",
            PropertyType::X509Identifier => "X509Identifier",
            PropertyType::Country => "CountryInfo",
            PropertyType::ExchangeVersion => "ExchangeObjectVersion",
            PropertyType::NetId => "NetID",
        }
    }

    /// True for types whose values are text for `-like` (wildcard matching).
    pub fn is_textual(self) -> bool {
        matches!(
            self,
            PropertyType::String
                | PropertyType::Dn
                | PropertyType::ProxyAddress
                | PropertyType::SmtpAddress
                | PropertyType::SmtpDomain
                | PropertyType::Country
                | PropertyType::X509Identifier
        )
    }

    /// True for types with an order (`-lt -gt -le -ge` allowed; .NET `IComparable`).
    pub fn is_comparable(self) -> bool {
        matches!(
            self,
            PropertyType::String
                | PropertyType::Bool
                | PropertyType::Int
                | PropertyType::IntOrUnlimited
                | PropertyType::Enum
                | PropertyType::Guid
                | PropertyType::DateTime
                | PropertyType::ByteSize
                | PropertyType::TimeSpan
                | PropertyType::ExchangeVersion
        )
    }
}

/// Where Microsoft documents wildcards for a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Wildcard {
    /// Wildcards accepted.
    Yes,
    /// Only with the dynamic-distribution-group cmdlets (not in scopes).
    DynamicGroupsOnly,
    /// Documented as text without wildcards.
    NoTextOnly,
    /// No wildcards (typed property).
    No,
}

/// An enumeration type and its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnumType {
    /// .NET type named in conversion errors.
    pub dotnet_name: &'static str,
    /// Members combine as flags (`'A, B'`).
    pub flags: bool,
    /// Members are known, so names are checked.
    pub checked: bool,
    /// Member names and values.
    pub members: &'static [(&'static str, i64)],
}

impl EnumType {
    /// The member with this name, ignoring case.
    pub fn member(&self, name: &str) -> Option<(&'static str, i64)> {
        self.members
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(name))
            .copied()
    }
}

/// A filterable recipient property.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Property {
    /// Canonical OPATH name (`CustomAttribute1`).
    pub name: &'static str,
    /// LDAP attribute, `None` for calculated properties.
    pub ldap: Option<&'static str>,
    /// Value type.
    pub kind: PropertyType,
    /// Holds several values.
    pub multivalued: bool,
    /// Wildcard support.
    pub wildcard: Wildcard,
    /// Calculated by Exchange from other attributes.
    pub calculated: bool,
    /// Only usable in LDAP queries (`MemberOfGroup`, `Members`): no in-memory evaluation.
    pub filter_only: bool,
    /// Exists in Exchange Server only.
    pub server_only: bool,
    /// Usually empty in Exchange Online.
    pub online_usually_empty: bool,
    /// In Microsoft's list of filterable properties.
    pub documented: bool,
    /// Notes from the catalog.
    pub notes: &'static str,
    /// Members, for enum properties.
    pub enum_type: Option<EnumType>,
}

impl Property {
    /// The .NET type Exchange converts values to (named in conversion errors).
    pub fn dotnet_type(&self) -> &'static str {
        match self.kind {
            PropertyType::String => "System.String",
            PropertyType::Bool => "System.Boolean",
            PropertyType::Int => "System.Int32",
            PropertyType::IntOrUnlimited => "Microsoft.Exchange.Data.Unlimited`1[System.Int32]",
            PropertyType::Enum => self.enum_type.map_or("System.Enum", |e| e.dotnet_name),
            PropertyType::Dn => "Microsoft.Exchange.Data.Directory.ADObjectId",
            PropertyType::Guid => "System.Guid",
            PropertyType::DateTime => "System.DateTime",
            PropertyType::ByteSize => {
                "Microsoft.Exchange.Data.Unlimited`1[Microsoft.Exchange.Data.ByteQuantifiedSize]"
            }
            PropertyType::TimeSpan => "Microsoft.Exchange.Data.EnhancedTimeSpan",
            PropertyType::ProxyAddress => "Microsoft.Exchange.Data.ProxyAddress",
            PropertyType::SmtpAddress => "Microsoft.Exchange.Data.SmtpAddress",
            PropertyType::SmtpDomain => "Microsoft.Exchange.Data.SmtpDomain",
            PropertyType::Binary => "System.Byte[]",
            PropertyType::X509Identifier => "Microsoft.Exchange.Data.X509Identifier",
            PropertyType::Country => "Microsoft.Exchange.Data.Directory.CountryInfo",
            PropertyType::ExchangeVersion => "Microsoft.Exchange.Data.ExchangeObjectVersion",
            PropertyType::NetId => "Microsoft.Exchange.Data.NetID",
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/opath_properties.rs"));

/// Every filterable property, sorted by name ignoring case.
pub fn all() -> &'static [Property] {
    &PROPERTIES
}

/// Looks a property up by OPATH name, ignoring case.
pub fn lookup(name: &str) -> Option<&'static Property> {
    PROPERTIES
        .binary_search_by(|p| cmp_ignore_ascii_case(p.name, name))
        .ok()
        .map(|i| &PROPERTIES[i])
}

fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Up to `limit` property names closest to `name` (for "did you mean"),
/// best first; LDAP names that map to an OPATH name rank first.
pub fn suggestions(name: &str, limit: usize) -> Vec<&'static str> {
    // Only reached for unknown names (an error path): the lower-cased
    // candidates are made per call rather than cached for the process.
    let lower = name.to_ascii_lowercase();
    let bag = letter_bag(&lower);
    let mut scored: Vec<(f64, &'static str)> = Vec::new();
    for p in PROPERTIES.iter() {
        if p.ldap.is_some_and(|ldap| ldap.eq_ignore_ascii_case(name)) {
            scored.push((2.0, p.name));
            continue;
        }
        let candidate = p.name.to_ascii_lowercase();
        let candidate = candidate.as_str();
        // Cheap pre-filters: names of very different length that do not share
        // the first letter, or with too few letters in common, never reach
        // the cut-off.
        let longest = lower.len().max(candidate.len());
        if lower.len().abs_diff(candidate.len()) * 2 > longest
            && candidate.as_bytes().first() != lower.as_bytes().first()
        {
            continue;
        }
        let other = letter_bag(candidate);
        let mut common = 0usize;
        for i in 0..bag.len() {
            common += bag[i].min(other[i]) as usize;
        }
        let prefix = lower.len() >= 3 && candidate.starts_with(&lower);
        if !prefix && common * 3 < lower.len().max(candidate.len()) * 2 {
            continue;
        }
        let mut score = strsim::jaro_winkler(&lower, candidate);
        if prefix {
            score = score.max(0.95);
        }
        scored.push((score, p.name));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .filter(|(s, _)| *s >= 0.8)
        .take(limit)
        .map(|(_, n)| n)
        .collect()
}

/// Counts of `a`-`z`, `0`-`9` and everything else in an ASCII-lowercased name.
fn letter_bag(lower: &str) -> [u8; 37] {
    let mut bag = [0u8; 37];
    for b in lower.bytes() {
        let i = match b {
            b'a'..=b'z' => (b - b'a') as usize,
            b'0'..=b'9' => 26 + (b - b'0') as usize,
            _ => 36,
        };
        bag[i] = bag[i].saturating_add(1);
    }
    bag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_every_documented_row_and_is_sorted() {
        assert_eq!(all().iter().filter(|p| p.documented).count(), 273);
        for pair in all().windows(2) {
            assert_eq!(
                cmp_ignore_ascii_case(pair[0].name, pair[1].name),
                std::cmp::Ordering::Less
            );
        }
    }

    #[test]
    fn lookup_ignores_case_and_returns_canonical_names() {
        assert_eq!(lookup("department").unwrap().name, "Department");
        assert_eq!(
            lookup("CUSTOMATTRIBUTE15").unwrap().name,
            "CustomAttribute15"
        );
        assert_eq!(lookup("c").unwrap().name, "C");
        assert!(lookup("extensionAttribute1").is_none());
        assert!(lookup("").is_none());
    }

    #[test]
    fn flags_come_from_the_table() {
        let m = lookup("MemberOfGroup").unwrap();
        assert!(m.filter_only && m.multivalued);
        assert_eq!(m.kind, PropertyType::Dn);
        let rtd = lookup("RecipientTypeDetails").unwrap();
        assert!(rtd.calculated);
        assert_eq!(
            rtd.enum_type.unwrap().member("usermailbox"),
            Some(("UserMailbox", 1))
        );
        let gt = lookup("GroupType").unwrap().enum_type.unwrap();
        assert!(gt.flags);
        assert_eq!(gt.member("Universal"), Some(("Universal", 8)));
        assert!(lookup("UMAddresses").unwrap().server_only);
        assert!(
            lookup("ExtensionCustomAttribute3")
                .unwrap()
                .online_usually_empty
        );
        assert!(!lookup("RecipientTypeDetailsValue").unwrap().documented);
        assert_eq!(lookup("Title").unwrap().wildcard, Wildcard::Yes);
        assert_eq!(lookup("Id").unwrap().wildcard, Wildcard::DynamicGroupsOnly);
        assert_eq!(
            lookup("EwsApplicationAccessPolicy")
                .unwrap()
                .enum_type
                .unwrap()
                .members
                .len(),
            2
        );
    }

    #[test]
    fn suggests_close_names_and_ldap_aliases() {
        assert_eq!(suggestions("Departmnet", 3).first(), Some(&"Department"));
        assert_eq!(
            suggestions("extensionAttribute1", 3).first(),
            Some(&"CustomAttribute1")
        );
        assert_eq!(suggestions("physicalDeliveryOfficeName", 1), vec!["Office"]);
        assert!(suggestions("zzzzzzzz", 3).is_empty());
    }
}

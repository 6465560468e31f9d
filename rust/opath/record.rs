//! [`Record`]: one recipient as the evaluator sees it — property name
//! (ignoring case) → absent, one value or many values, all as text.
//!
//! # Building records
//!
//! ```
//! use lightningsync::opath::{Record, Filter, Environment, Evaluation};
//!
//! let mut r = Record::new();
//! r.set("Department", "Sales")
//!     .set("RecipientTypeDetails", "UserMailbox")
//!     .set_many("EmailAddresses", ["SMTP:ann@contoso.com", "smtp:a@contoso.com"])
//!     .set_null("CustomAttribute1");
//! let f = Filter::compile("Department -eq 'sales'", Environment::OnPremises);
//! assert_eq!(f.evaluate(&r), Evaluation::Match);
//! ```
//!
//! Values are the text Exchange shows for them (what `Get-Recipient`
//! serializes): `True`, `UserMailbox`, `1.5 GB (1,610,612,736 bytes)`,
//! `8/1/2017 12:00:00 AM` or ISO `2017-08-01T00:00:00`, DNs, `SMTP:`-prefixed
//! proxy addresses. The evaluator converts them to the property's type.
//!
//! A property the record does not carry counts as empty — except the
//! filter-only `MemberOfGroup` and `Members`: unless the record carries them
//! (possibly empty, via [`Record::set_null`] or an empty list), a filter that
//! needs them is *not evaluable* for this record.

use std::cmp::Ordering;
use std::fmt;

use smallvec::SmallVec;

/// A property name in ASCII lower case, kept inline when short.
type Key = SmallVec<[u8; 32]>;

/// A property's values; one value is kept inline.
type Values = SmallVec<[String; 1]>;

/// One recipient: property → values (text). Names ignore ASCII case.
///
/// The properties are kept sorted by their lower-cased name, so a lookup is
/// a binary search that neither hashes nor allocates, and a record of a few
/// properties costs one allocation plus one per value.
#[derive(Clone, Default)]
pub struct Record {
    fields: Vec<(Key, Values)>,
}

/// Compares a lower-cased key with a name in any case.
fn compare(key: &[u8], name: &str) -> Ordering {
    let name = name.as_bytes();
    for (k, n) in key.iter().zip(name) {
        match k.cmp(&n.to_ascii_lowercase()) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    key.len().cmp(&name.len())
}

impl Record {
    /// An empty record.
    pub fn new() -> Record {
        Record::default()
    }

    /// An empty record with room for `capacity` properties.
    pub fn with_capacity(capacity: usize) -> Record {
        Record {
            fields: Vec::with_capacity(capacity),
        }
    }

    fn slot(&mut self, name: &str) -> &mut Values {
        let at = match self.fields.binary_search_by(|(k, _)| compare(k, name)) {
            Ok(at) => at,
            Err(at) => {
                let key: Key = name.bytes().map(|b| b.to_ascii_lowercase()).collect();
                self.fields.insert(at, (key, Values::new()));
                at
            }
        };
        &mut self.fields[at].1
    }

    /// Sets `name` to one value.
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut Record {
        let slot = self.slot(name);
        slot.clear();
        slot.push(value.into());
        self
    }

    /// Sets `name` to several values (an empty list means "known to be empty").
    pub fn set_many<I, S>(&mut self, name: &str, values: I) -> &mut Record
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let values: Values = values.into_iter().map(Into::into).collect();
        *self.slot(name) = values;
        self
    }

    /// Records that `name` is known to have no value (`$null`).
    pub fn set_null(&mut self, name: &str) -> &mut Record {
        self.slot(name).clear();
        self
    }

    /// Adds one more value to `name`.
    pub fn push(&mut self, name: &str, value: impl Into<String>) -> &mut Record {
        self.slot(name).push(value.into());
        self
    }

    /// The values of `name`: `None` when the record does not carry it,
    /// `Some(&[])` when it is known to be empty.
    pub fn values(&self, name: &str) -> Option<&[String]> {
        let at = self
            .fields
            .binary_search_by(|(k, _)| compare(k, name))
            .ok()?;
        Some(&self.fields[at].1)
    }

    /// Like [`Record::values`] for a name already in ASCII lower case.
    pub(crate) fn values_lowercase(&self, lower: &str) -> Option<&[String]> {
        let at = self
            .fields
            .binary_search_by(|(k, _)| k.as_slice().cmp(lower.as_bytes()))
            .ok()?;
        Some(&self.fields[at].1)
    }

    /// Number of properties carried.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// True when no property is carried.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Builds a record from a JSON object whose members are a string, an
    /// array of strings, or null (numbers and booleans are taken as their text).
    pub fn from_json(value: &serde_json::Value) -> Result<Record, String> {
        let serde_json::Value::Object(map) = value else {
            return Err("a record must be a JSON object of property -> value".to_owned());
        };
        let mut record = Record::with_capacity(map.len());
        for (name, v) in map {
            let values = match v {
                serde_json::Value::Null => Vec::new(),
                serde_json::Value::Array(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        match json_scalar(item) {
                            Some(Some(s)) => out.push(s),
                            Some(None) => {}
                            None => {
                                return Err(format!(
                                    "property {name}: array items must be strings"
                                ));
                            }
                        }
                    }
                    out
                }
                scalar => match json_scalar(scalar) {
                    Some(Some(s)) => vec![s],
                    _ => {
                        return Err(format!(
                            "property {name}: value must be a string, an array of strings or null"
                        ));
                    }
                },
            };
            record.set_many(name, values);
        }
        Ok(record)
    }
}

impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.fields.len() == other.fields.len()
            && self
                .fields
                .iter()
                .zip(&other.fields)
                .all(|((ka, va), (kb, vb))| ka == kb && va.as_slice() == vb.as_slice())
    }
}

impl Eq for Record {}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.fields
                    .iter()
                    .map(|(k, v)| (String::from_utf8_lossy(k), v.as_slice())),
            )
            .finish()
    }
}

fn json_scalar(v: &serde_json::Value) -> Option<Option<String>> {
    match v {
        serde_json::Value::String(s) => Some(Some(s.clone())),
        serde_json::Value::Bool(true) => Some(Some("True".to_owned())),
        serde_json::Value::Bool(false) => Some(Some("False".to_owned())),
        serde_json::Value::Number(n) => Some(Some(n.to_string())),
        serde_json::Value::Null => Some(None),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ignore_case_and_absent_differs_from_empty() {
        let mut r = Record::new();
        r.set("Department", "Sales").set_null("MemberOfGroup");
        assert_eq!(r.values("DEPARTMENT"), Some(&["Sales".to_owned()][..]));
        assert_eq!(r.values("memberofgroup"), Some(&[][..]));
        assert_eq!(r.values("Title"), None);
        r.push("department", "Ops");
        assert_eq!(r.values("Department").unwrap().len(), 2);
    }

    proptest::proptest! {
        /// Any sequence of writes leaves the record equal to a map of
        /// lower-cased names, and every case of a name finds its values.
        #[test]
        fn writes_read_back_like_a_map_of_lowercase_names(
            ops in proptest::collection::vec((0u8..4, "[a-cA-C]{0,3}", "[a-z]{0,2}"), 0..40)
        ) {
            let mut record = Record::new();
            let mut model: std::collections::HashMap<String, Vec<String>> = Default::default();
            for (op, name, value) in &ops {
                let key = name.to_ascii_lowercase();
                match op {
                    0 => { record.set(name, value.clone()); model.insert(key, vec![value.clone()]); }
                    1 => { record.push(name, value.clone()); model.entry(key).or_default().push(value.clone()); }
                    2 => { record.set_null(name); model.insert(key, Vec::new()); }
                    _ => { record.set_many(name, [value.clone(), value.clone()]); model.insert(key, vec![value.clone(); 2]); }
                }
            }
            proptest::prop_assert_eq!(record.len(), model.len());
            for (key, values) in &model {
                proptest::prop_assert_eq!(record.values(key), Some(values.as_slice()));
                proptest::prop_assert_eq!(record.values(&key.to_ascii_uppercase()), Some(values.as_slice()));
                proptest::prop_assert_eq!(record.values_lowercase(key), Some(values.as_slice()));
            }
            proptest::prop_assert_eq!(record.values("zz"), None);
        }
    }

    #[test]
    fn builds_from_json() {
        let json = serde_json::json!({
            "Department": "Sales",
            "EmailAddresses": ["SMTP:a@x.com", "smtp:b@x.com"],
            "MemberOfGroup": null,
            "HiddenFromAddressListsEnabled": false
        });
        let r = Record::from_json(&json).unwrap();
        assert_eq!(r.values("emailaddresses").unwrap().len(), 2);
        assert_eq!(r.values("MemberOfGroup"), Some(&[][..]));
        assert_eq!(
            r.values("HiddenFromAddressListsEnabled").unwrap()[0],
            "False"
        );
        assert!(Record::from_json(&serde_json::json!([1])).is_err());
        assert!(Record::from_json(&serde_json::json!({"a": {"b": 1}})).is_err());
    }
}

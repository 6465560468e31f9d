//! A preview's matches as a flat table: one row of integers per match and
//! every text in one UTF-8 buffer. The aggregator appends to it as matches
//! come in, so a preview of hundreds of thousands of matches holds a few
//! large buffers instead of a dozen small allocations per match, and a
//! caller across the C ABI copies it out in two blocks instead of parsing
//! JSON.
//!
//! A row is [`ROW_WIDTH`] `u64`s: the match's `Index`, then an
//! (offset, length) pair into the text buffer for each of `Name`,
//! `PrimarySmtpAddress`, `UserPrincipalName`, `RecipientTypeDetails`,
//! `DistinguishedName` and `Values` (a JSON object: used property → array of
//! strings, or null when the record does not carry it). An absent text has
//! the offset [`NO_TEXT`] and the length 0.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::result::PreviewMatch;

/// `u64`s per row.
pub const ROW_WIDTH: usize = 13;

/// The offset of an absent text.
pub const NO_TEXT: u64 = u64::MAX;

/// Texts per row.
const TEXTS: usize = 6;

/// One match's texts, laid out where it was judged; [`MatchTable::push`]
/// appends them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchRecord {
    text: Vec<u8>,
    cells: [(u64, u64); TEXTS],
}

impl MatchRecord {
    /// A match with its identity (Name, PrimarySmtpAddress,
    /// UserPrincipalName, RecipientTypeDetails, DistinguishedName) and the
    /// values of the properties the filter used.
    pub fn new(identity: [Option<&str>; 5], values: &BTreeMap<&str, Option<&[String]>>) -> Self {
        let mut record = MatchRecord {
            text: Vec::with_capacity(160),
            cells: [(NO_TEXT, 0); TEXTS],
        };
        for (cell, text) in record.cells.iter_mut().zip(identity) {
            if let Some(t) = text {
                *cell = (record.text.len() as u64, t.len() as u64);
                record.text.extend_from_slice(t.as_bytes());
            }
        }
        let start = record.text.len();
        // A map of strings to lists of strings always serializes.
        let _ = serde_json::to_writer(&mut record.text, values);
        record.cells[TEXTS - 1] = (start as u64, (record.text.len() - start) as u64);
        record
    }
}

/// The rows and texts of a preview's matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchTable {
    rows: Vec<u64>,
    text: Vec<u8>,
}

impl MatchTable {
    /// Appends a match read at position `index`.
    pub fn push(&mut self, index: u64, record: &MatchRecord) {
        let base = self.text.len() as u64;
        self.rows.push(index);
        for &(offset, len) in &record.cells {
            if offset == NO_TEXT {
                self.rows.extend([NO_TEXT, 0]);
            } else {
                self.rows.extend([base + offset, len]);
            }
        }
        self.text.extend_from_slice(&record.text);
    }

    /// The rows, [`ROW_WIDTH`] values each.
    pub fn rows(&self) -> &[u64] {
        &self.rows
    }

    /// The texts the rows point into.
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    /// Number of matches.
    pub fn len(&self) -> usize {
        self.rows.len() / ROW_WIDTH
    }

    /// True when there is no match.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Text `column` (0 = Name … 5 = Values) of row `row`.
    fn text_of(&self, row: usize, column: usize) -> Option<&str> {
        let at = row * ROW_WIDTH + 1 + 2 * column;
        let (offset, len) = (self.rows[at], self.rows[at + 1]);
        if offset == NO_TEXT {
            return None;
        }
        let start = offset as usize;
        std::str::from_utf8(&self.text[start..start + len as usize]).ok()
    }

    /// Match `row` as a [`PreviewMatch`].
    pub fn get(&self, row: usize) -> Option<PreviewMatch> {
        if row >= self.len() {
            return None;
        }
        let text = |column| self.text_of(row, column).map(str::to_owned);
        Some(PreviewMatch {
            index: self.rows[row * ROW_WIDTH],
            name: text(0),
            primary_smtp_address: text(1),
            user_principal_name: text(2),
            recipient_type_details: text(3),
            distinguished_name: text(4),
            values: self
                .text_of(row, 5)
                .and_then(|v| serde_json::from_str(v).ok())
                .unwrap_or_default(),
        })
    }

    /// Every match, in order.
    pub fn iter(&self) -> impl Iterator<Item = PreviewMatch> + '_ {
        (0..self.len()).filter_map(|row| self.get(row))
    }
}

/// One row in the JSON shape of [`PreviewMatch`], its values as written.
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct JsonRow<'a> {
    index: u64,
    name: Option<&'a str>,
    primary_smtp_address: Option<&'a str>,
    user_principal_name: Option<&'a str>,
    recipient_type_details: Option<&'a str>,
    distinguished_name: Option<&'a str>,
    values: &'a serde_json::value::RawValue,
}

/// Serializes as the JSON array of [`PreviewMatch`] objects.
impl Serialize for MatchTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for row in 0..self.len() {
            let values: &serde_json::value::RawValue =
                serde_json::from_str(self.text_of(row, 5).unwrap_or("{}"))
                    .map_err(serde::ser::Error::custom)?;
            seq.serialize_element(&JsonRow {
                index: self.rows[row * ROW_WIDTH],
                name: self.text_of(row, 0),
                primary_smtp_address: self.text_of(row, 1),
                user_principal_name: self.text_of(row, 2),
                recipient_type_details: self.text_of(row, 3),
                distinguished_name: self.text_of(row, 4),
                values,
            })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> MatchTable {
        let department = vec!["Sales \"East\"".to_string()];
        let mut values = BTreeMap::new();
        values.insert("Department", Some(department.as_slice()));
        values.insert("CustomAttribute1", None);
        let mut table = MatchTable::default();
        table.push(
            7,
            &MatchRecord::new(
                [
                    Some("Ann Lee 😀"),
                    None,
                    Some("ann@contoso.com"),
                    Some("UserMailbox"),
                    Some(""),
                ],
                &values,
            ),
        );
        table.push(
            9,
            &MatchRecord::new(
                [None, Some("b@contoso.com"), None, None, None],
                &BTreeMap::new(),
            ),
        );
        table
    }

    #[test]
    fn rows_point_at_each_text_and_absent_ones_are_marked() {
        let table = table();
        assert_eq!(table.len(), 2);
        assert_eq!(table.rows().len(), 2 * ROW_WIDTH);
        assert_eq!(table.rows()[0], 7);
        assert_eq!(table.rows()[ROW_WIDTH], 9);
        assert_eq!(table.text_of(0, 0), Some("Ann Lee 😀"));
        assert_eq!(table.text_of(0, 1), None);
        assert_eq!(table.rows()[3..5], [NO_TEXT, 0]);
        assert_eq!(table.text_of(0, 2), Some("ann@contoso.com"));
        assert_eq!(table.text_of(0, 3), Some("UserMailbox"));
        assert_eq!(table.text_of(0, 4), Some(""));
        assert_eq!(table.text_of(1, 0), None);
        assert_eq!(table.text_of(1, 1), Some("b@contoso.com"));
        assert_eq!(table.text_of(1, 5), Some("{}"));
        let first = table.get(0).unwrap();
        assert_eq!(
            first.values["Department"],
            Some(vec!["Sales \"East\"".to_string()])
        );
        assert_eq!(first.values["CustomAttribute1"], None);
        assert_eq!(table.get(2), None);
        assert!(MatchTable::default().is_empty());
    }

    /// The JSON is what the matches themselves serialize to.
    #[test]
    fn serializes_like_the_matches() {
        let table = table();
        let matches: Vec<PreviewMatch> = table.iter().collect();
        assert_eq!(
            serde_json::to_value(&table).unwrap(),
            serde_json::to_value(&matches).unwrap()
        );
        assert_eq!(
            serde_json::to_value(&table).unwrap()[0]["Values"],
            serde_json::json!({"CustomAttribute1": null, "Department": ["Sales \"East\""]})
        );
    }
}

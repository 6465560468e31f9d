//! The file-wide tables a CLIXML reader keeps between top-level records: the
//! object RefId table (for `<Ref>`) with a memory budget, and the type-name
//! table (for `<TNRef>`).
//!
//! `<Ref>` may point into any earlier record, so PowerShell keeps every
//! object. To stay memory-flat on multi-gigabyte files this table keeps the
//! objects of the most recent records up to a byte budget and forgets older
//! ones whole; a later `<Ref>` to a forgotten object is reported as such.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use super::value::{Slot, TypeNames};

/// A RefId as written: small decimal numbers are the norm, anything else is
/// kept as text (MS-PSRP allows any string).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RefKey {
    /// A decimal RefId without sign or leading zeros.
    Num(u64),
    /// Any other RefId text.
    Text(Box<str>),
}

impl RefKey {
    /// Builds a key from the raw attribute value.
    pub fn from_raw(raw: &[u8]) -> RefKey {
        let numeric = !raw.is_empty()
            && raw.len() <= 19
            && raw.iter().all(u8::is_ascii_digit)
            && (raw.len() == 1 || raw[0] != b'0');
        if numeric {
            let mut v = 0u64;
            for &d in raw {
                v = v * 10 + u64::from(d - b'0');
            }
            RefKey::Num(v)
        } else {
            RefKey::Text(String::from_utf8_lossy(raw).into())
        }
    }
}

impl std::fmt::Display for RefKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefKey::Num(n) => write!(f, "{n}"),
            RefKey::Text(t) => f.write_str(t),
        }
    }
}

/// What a RefId refers to.
#[derive(Clone)]
pub enum RefEntry {
    /// A materialised object (finished, or still being read = an ancestor).
    Object(Arc<Slot>),
    /// An object inside a property the projection skipped.
    Skipped,
}

/// Why a `<Ref>` could not be resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// No object with that RefId was seen (yet).
    Unknown,
    /// The object belonged to a record the budget released.
    Released,
}

/// Object RefId table with a retention budget.
pub struct RefTable {
    map: HashMap<RefKey, RefEntry>,
    /// Keys registered by records, oldest first, with each record's cost.
    records: VecDeque<(Vec<RefKey>, usize)>,
    current: Vec<RefKey>,
    retained: usize,
    budget: usize,
    released_any: bool,
}

impl RefTable {
    /// A table that keeps about `budget` bytes of earlier records.
    pub fn new(budget: usize) -> Self {
        RefTable {
            map: HashMap::new(),
            records: VecDeque::new(),
            current: Vec::new(),
            retained: 0,
            budget,
            released_any: false,
        }
    }

    /// Registers (or redefines: last definition wins) a RefId.
    pub fn insert(&mut self, key: RefKey, entry: RefEntry) {
        self.current.push(key.clone());
        self.map.insert(key, entry);
    }

    /// Looks a RefId up.
    pub fn get(&self, key: &RefKey) -> Result<&RefEntry, Unresolved> {
        self.map.get(key).ok_or(if self.released_any {
            Unresolved::Released
        } else {
            Unresolved::Unknown
        })
    }

    /// Closes the current top-level record, whose materialised values cost
    /// about `cost` bytes, and releases the oldest records over budget.
    pub fn end_record(&mut self, cost: usize) {
        if self.current.is_empty() {
            return;
        }
        let keys = std::mem::take(&mut self.current);
        let cost = cost + keys.len() * 32;
        self.retained += cost;
        self.records.push_back((keys, cost));
        while self.retained > self.budget && self.records.len() > 1 {
            let (old, old_cost) = self.records.pop_front().expect("non-empty");
            for k in old {
                self.map.remove(&k);
            }
            self.retained -= old_cost;
            self.released_any = true;
        }
    }

    /// Number of RefIds currently resolvable.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.len()
    }
}

/// The `<TN>` table: RefId → shared type-name list, for the whole file.
pub struct TypeNameTable {
    map: HashMap<RefKey, TypeNames>,
    limit: usize,
}

impl TypeNameTable {
    /// A table that refuses to grow beyond `limit` entries.
    pub fn new(limit: usize) -> Self {
        TypeNameTable {
            map: HashMap::new(),
            limit,
        }
    }

    /// Registers a list; returns false when the table is full.
    pub fn insert(&mut self, key: RefKey, names: TypeNames) -> bool {
        if self.map.len() >= self.limit && !self.map.contains_key(&key) {
            return false;
        }
        self.map.insert(key, names);
        true
    }

    /// Looks a `<TNRef>` up.
    pub fn get(&self, key: &RefKey) -> Option<&TypeNames> {
        self.map.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    #[test]
    fn refkeys_are_numeric_only_for_canonical_decimals() {
        assert_eq!(RefKey::from_raw(b"0"), RefKey::Num(0));
        assert_eq!(RefKey::from_raw(b"123"), RefKey::Num(123));
        assert_eq!(RefKey::from_raw(b"007"), RefKey::Text("007".into()));
        assert_eq!(RefKey::from_raw(b"RefId-0"), RefKey::Text("RefId-0".into()));
    }

    #[test]
    fn budget_releases_oldest_records_whole() {
        let mut t = RefTable::new(1000);
        for rec in 0..10u64 {
            t.insert(
                RefKey::Num(rec * 2),
                RefEntry::Object(Arc::new(OnceLock::new())),
            );
            t.insert(RefKey::Num(rec * 2 + 1), RefEntry::Skipped);
            t.end_record(400);
        }
        assert!(t.get(&RefKey::Num(19)).is_ok());
        assert!(t.get(&RefKey::Num(18)).is_ok());
        assert_eq!(t.get(&RefKey::Num(0)).err(), Some(Unresolved::Released));
        assert!(t.len() < 20);
    }

    #[test]
    fn type_name_table_has_a_limit() {
        let mut t = TypeNameTable::new(1);
        let names: TypeNames = Arc::from(vec![Box::<str>::from("System.Object")]);
        assert!(t.insert(RefKey::Num(0), names.clone()));
        assert!(t.insert(RefKey::Num(0), names.clone()));
        assert!(!t.insert(RefKey::Num(1), names));
        assert!(t.get(&RefKey::Num(0)).is_some());
    }
}

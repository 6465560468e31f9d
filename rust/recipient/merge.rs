//! Joins records of the same directory object from different exports
//! (`Get-User` has `Department`, `Get-Mailbox` has `CustomAttribute1`): by
//! Guid, else by DistinguishedName.

use std::collections::HashMap;

use super::record::Recipient;

/// Records held in memory (usually from the smaller exports, projected to the
/// properties a filter needs), waiting for their partners from a streamed
/// export.
pub struct MergeIndex {
    records: Vec<Option<Recipient>>,
    by_guid: HashMap<String, usize>,
    by_dn: HashMap<String, usize>,
    names: Vec<String>,
}

impl MergeIndex {
    /// An empty index that merges the properties `names`.
    pub fn new(names: Vec<String>) -> Self {
        MergeIndex {
            records: Vec::new(),
            by_guid: HashMap::new(),
            by_dn: HashMap::new(),
            names,
        }
    }

    /// Number of held records not yet merged away.
    pub fn len(&self) -> usize {
        self.records.iter().filter(|r| r.is_some()).count()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn find(&self, r: &Recipient) -> Option<usize> {
        let (guid, dn) = r.merge_keys();
        if let Some(i) = guid.as_ref().and_then(|g| self.by_guid.get(g).copied()) {
            return self.records[i].is_some().then_some(i);
        }
        let i = dn.and_then(|d| self.by_dn.get(&d).copied())?;
        let held = self.records[i].as_ref()?;
        // Two different Guids are two objects, whatever their DNs say.
        match (guid, held.merge_keys().0) {
            (Some(a), Some(b)) if a != b => None,
            _ => Some(i),
        }
    }

    /// Holds a record; one already held for the same object absorbs it.
    pub fn add(&mut self, r: Recipient) {
        if let Some(i) = self.find(&r) {
            if let Some(existing) = self.records[i].as_mut() {
                existing.absorb(&r, &self.names);
            }
            return;
        }
        let i = self.records.len();
        let (guid, dn) = r.merge_keys();
        if let Some(g) = guid {
            self.by_guid.insert(g, i);
        }
        if let Some(d) = dn {
            self.by_dn.insert(d, i);
        }
        self.records.push(Some(r));
    }

    /// Completes `r` with its held partner, if any (which is then released).
    /// Returns true when a partner was found.
    pub fn merge_into(&mut self, r: &mut Recipient) -> bool {
        let Some(i) = self.find(r) else { return false };
        let Some(partner) = self.records[i].take() else {
            return false;
        };
        r.absorb(&partner, &self.names);
        true
    }

    /// The held records no streamed record claimed, in insertion order.
    pub fn into_remaining(self) -> impl Iterator<Item = Recipient> {
        self.records.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opath::Record;
    use crate::recipient::RecipientKind;

    fn rec(kind: RecipientKind, pairs: &[(&str, &str)]) -> Recipient {
        let mut record = Record::new();
        for (k, v) in pairs {
            record.set(k, *v);
        }
        Recipient { record, kind }
    }

    #[test]
    fn merges_by_guid_then_dn_and_keeps_the_unmatched() {
        let names: Vec<String> = [
            "Department",
            "CustomAttribute1",
            "Guid",
            "DistinguishedName",
        ]
        .map(String::from)
        .to_vec();
        let mut index = MergeIndex::new(names);
        index.add(rec(
            RecipientKind::User,
            &[("Guid", "AAA"), ("Department", "Sales")],
        ));
        index.add(rec(
            RecipientKind::User,
            &[("DistinguishedName", "CN=B,DC=x"), ("Department", "HR")],
        ));
        index.add(rec(
            RecipientKind::User,
            &[("Guid", "ccc"), ("Department", "IT")],
        ));
        assert_eq!(index.len(), 3);

        let mut a = rec(
            RecipientKind::Mailbox,
            &[("Guid", "aaa"), ("CustomAttribute1", "Sync")],
        );
        assert!(index.merge_into(&mut a));
        assert_eq!(a.first("Department"), Some("Sales"));
        let mut b = rec(
            RecipientKind::Mailbox,
            &[("DistinguishedName", "cn=b,dc=x")],
        );
        assert!(index.merge_into(&mut b));
        assert_eq!(b.first("Department"), Some("HR"));
        let mut z = rec(RecipientKind::Mailbox, &[("Guid", "zzz")]);
        assert!(!index.merge_into(&mut z));
        let mut other = rec(
            RecipientKind::Mailbox,
            &[("Guid", "ddd"), ("DistinguishedName", "CN=B,DC=x")],
        );
        assert!(!index.merge_into(&mut other), "same DN, different Guid");

        let rest: Vec<_> = index.into_remaining().collect();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].first("Department"), Some("IT"));
    }
}

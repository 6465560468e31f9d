//! [`Recipient`]: one user, mailbox or recipient read from an export, as an
//! OPATH [`Record`] plus where it came from.

use crate::clixml::{Object, strip_deserialized};
use crate::opath::Record;

use super::reduce::{Reduced, reduce, reduce_owned};

/// Which cmdlet's output a record looks like (from its type names or the
/// CSV `#TYPE` line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum RecipientKind {
    /// `Get-User` (`…Management.User`).
    User,
    /// `Get-Mailbox` (`…Management.Mailbox`).
    Mailbox,
    /// `Get-Recipient` (`…Management.ReducedRecipient`).
    Recipient,
    /// Anything else (`Select-Object` output, CSV without `#TYPE`…).
    Other,
}

impl RecipientKind {
    /// Classifies by the most derived type name (`Deserialized.` and
    /// `Selected.` stripped).
    pub fn from_type_name(type_name: &str) -> RecipientKind {
        let t = strip_deserialized(type_name);
        let t = t.strip_prefix("Selected.").unwrap_or(t);
        let last = t.rsplit('.').next().unwrap_or(t);
        if !t.to_ascii_lowercase().contains("exchange") {
            return RecipientKind::Other;
        }
        match last.to_ascii_lowercase().as_str() {
            "user" => RecipientKind::User,
            "mailbox" => RecipientKind::Mailbox,
            "reducedrecipient" => RecipientKind::Recipient,
            _ => RecipientKind::Other,
        }
    }
}

/// Properties that identify a recipient in results.
pub const IDENTITY_PROPERTIES: [&str; 6] = [
    "Name",
    "PrimarySmtpAddress",
    "UserPrincipalName",
    "RecipientTypeDetails",
    "DistinguishedName",
    "Guid",
];

fn kind_of(obj: &Object) -> RecipientKind {
    obj.type_names
        .as_ref()
        .and_then(|t| t.first())
        .map_or(RecipientKind::Other, |t| RecipientKind::from_type_name(t))
}

fn is_wanted(name: &str, wanted: Option<&[String]>) -> bool {
    wanted.is_none_or(|w| w.iter().any(|n| n.eq_ignore_ascii_case(name)))
}

fn set_reduced(record: &mut Record, name: &str, value: Reduced) {
    match value {
        Reduced::Null => {
            record.set_null(name);
        }
        Reduced::One(s) => {
            record.set(name, s);
        }
        Reduced::Many(v) => {
            record.set_many(name, v);
        }
        Reduced::Unusable => {}
    }
}

/// One recipient record.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    /// Property values as the filter engine reads them.
    pub record: Record,
    /// What the record looked like.
    pub kind: RecipientKind,
}

impl Recipient {
    /// Builds a recipient from a top-level CLIXML object. `wanted` limits the
    /// properties copied (case-insensitive); `None` copies all.
    pub fn from_object(obj: &Object, wanted: Option<&[String]>) -> Recipient {
        let mut record = Record::with_capacity(wanted.map_or(64, <[String]>::len));
        for m in obj.properties() {
            if is_wanted(&m.name, wanted) {
                set_reduced(&mut record, &m.name, reduce(&m.value));
            }
        }
        Recipient {
            record,
            kind: kind_of(obj),
        }
    }

    /// Like [`Recipient::from_object`], taking the object apart (its texts
    /// move into the record).
    pub fn from_owned_object(obj: Object, wanted: Option<&[String]>) -> Recipient {
        let kind = kind_of(&obj);
        let members = obj.members.unwrap_or_default();
        let mut record = Record::with_capacity(wanted.map_or(64, <[String]>::len));
        // `<Props>` members that no `<MS>` member shadows (see
        // `Object::properties`), then the `<MS>` ones: the two sets share
        // no name, so the order between them does not change the record.
        for p in obj.props.unwrap_or_default() {
            if is_wanted(&p.name, wanted)
                && !members.iter().any(|m| m.name.eq_ignore_ascii_case(&p.name))
            {
                set_reduced(&mut record, &p.name, reduce_owned(p.value));
            }
        }
        for m in members {
            if is_wanted(&m.name, wanted) {
                set_reduced(&mut record, &m.name, reduce_owned(m.value));
            }
        }
        Recipient { record, kind }
    }

    /// The first value of a property, if it has one.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.record.values(name)?.first().map(String::as_str)
    }

    /// The key two exports of the same directory object share: the Guid,
    /// else the distinguished name (lower-cased).
    pub fn merge_keys(&self) -> (Option<String>, Option<String>) {
        let guid = self
            .first("Guid")
            .filter(|g| !g.is_empty())
            .map(str::to_ascii_lowercase);
        let dn = self
            .first("DistinguishedName")
            .filter(|d| !d.is_empty())
            .map(str::to_lowercase);
        (guid, dn)
    }

    /// The primary SMTP address: the property, else the upper-case `SMTP:`
    /// proxy address.
    pub fn primary_smtp_address(&self) -> Option<&str> {
        self.first("PrimarySmtpAddress")
            .filter(|s| !s.is_empty())
            .or_else(|| {
                self.record
                    .values("EmailAddresses")?
                    .iter()
                    .find_map(|a| a.strip_prefix("SMTP:"))
            })
    }

    /// Copies every property `other` carries that this record lacks (or
    /// holds only empty values for).
    pub fn absorb(&mut self, other: &Recipient, names: &[String]) {
        for name in names {
            let Some(theirs) = other.record.values(name) else {
                continue;
            };
            let mine_empty = match self.record.values(name) {
                None => true,
                Some(v) => v.iter().all(String::is_empty),
            };
            let theirs_empty = theirs.iter().all(String::is_empty);
            if mine_empty && (!theirs_empty || self.record.values(name).is_none()) {
                self.record.set_many(name, theirs.iter().cloned());
            }
        }
        if self.kind != RecipientKind::Mailbox && other.kind == RecipientKind::Mailbox {
            self.kind = RecipientKind::Mailbox;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clixml::{Reader, Value};

    fn object(body: &str) -> Value {
        let xml = format!(
            r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">{body}</Objs>"#
        );
        Reader::new(xml.as_bytes()).next().unwrap().unwrap()
    }

    #[test]
    fn kinds_from_type_names() {
        let k = RecipientKind::from_type_name;
        assert_eq!(
            k("Deserialized.Microsoft.Exchange.Data.Directory.Management.User"),
            RecipientKind::User
        );
        assert_eq!(
            k("Microsoft.Exchange.Data.Directory.Management.Mailbox"),
            RecipientKind::Mailbox
        );
        assert_eq!(
            k("Deserialized.Microsoft.Exchange.Data.Directory.Management.ReducedRecipient"),
            RecipientKind::Recipient
        );
        assert_eq!(
            k("System.Management.Automation.PSCustomObject"),
            RecipientKind::Other
        );
        assert_eq!(
            k("Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox"),
            RecipientKind::Mailbox
        );
    }

    #[test]
    fn builds_records_in_both_export_shapes() {
        let remote = object(
            r#"<Obj RefId="0"><TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox</T></TN>
               <Props><S N="RecipientTypeDetails">UserMailbox</S><S N="CustomAttribute1"></S><Nil N="ForwardingAddress" />
               <Obj N="EmailAddresses" RefId="1"><LST><S>smtp:b@x</S><S>SMTP:a@x</S></LST></Obj><BA N="Blob">AA==</BA></Props>
               <MS><S N="PSComputerName">ex01</S></MS></Obj>"#,
        );
        let r = Recipient::from_object(&remote.as_object().unwrap(), None);
        assert_eq!(r.kind, RecipientKind::Mailbox);
        assert_eq!(r.first("recipienttypedetails"), Some("UserMailbox"));
        assert_eq!(
            r.record.values("CustomAttribute1"),
            Some(&[String::new()][..])
        );
        assert_eq!(r.record.values("ForwardingAddress"), Some(&[][..]));
        assert_eq!(r.record.values("Blob"), None);
        assert_eq!(r.primary_smtp_address(), Some("a@x"));

        let snapin = object(
            r#"<Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Data.Directory.Management.Mailbox</T></TN><Props>
               <Obj N="RecipientTypeDetails" RefId="1"><TN RefId="1"><T>Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails</T><T>System.Enum</T></TN><ToString>SharedMailbox</ToString><I64>34359738368</I64></Obj>
               </Props></Obj>"#,
        );
        let wanted = vec!["RecipientTypeDetails".to_string()];
        let r = Recipient::from_object(&snapin.as_object().unwrap(), Some(&wanted));
        assert_eq!(r.first("RecipientTypeDetails"), Some("SharedMailbox"));
        assert_eq!(r.record.len(), 1);
    }

    #[test]
    fn absorb_fills_missing_and_empty_properties_only() {
        let mut user = Recipient {
            record: Record::new(),
            kind: RecipientKind::User,
        };
        user.record
            .set("Department", "Sales")
            .set("Name", "Ann")
            .set("Office", "");
        let mut mailbox = Recipient {
            record: Record::new(),
            kind: RecipientKind::Mailbox,
        };
        mailbox
            .record
            .set("CustomAttribute1", "Sync")
            .set("Name", "Other")
            .set("Office", "Boston");
        let names: Vec<String> = ["Department", "Name", "Office", "CustomAttribute1"]
            .map(String::from)
            .to_vec();
        user.absorb(&mailbox, &names);
        assert_eq!(user.first("Name"), Some("Ann"));
        assert_eq!(user.first("Office"), Some("Boston"));
        assert_eq!(user.first("CustomAttribute1"), Some("Sync"));
        assert_eq!(user.first("Department"), Some("Sales"));
        assert_eq!(user.kind, RecipientKind::Mailbox);
    }
}

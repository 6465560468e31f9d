//! The bundled sample org (examples/sample-org): both exports read, the
//! UTF-16 one included, and previews agree with a record-by-record
//! evaluation of fully read, naively merged records.

use std::collections::HashMap;
use std::path::PathBuf;

use lightningsync::clixml::{Reader, SourceEncoding};
use lightningsync::opath::{Environment, Evaluation, Filter, Record};
use lightningsync::preview::{PreviewRequest, preview_files};
use lightningsync::recipient::{Recipient, RecipientKind, RecipientReader};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/sample-org")
        .join(name)
}

fn all_records(name: &str) -> Vec<Recipient> {
    let file = std::fs::File::open(sample(name)).unwrap();
    RecipientReader::new(file, None)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn both_exports_read_completely() {
    let users = std::fs::File::open(sample("users.xml")).unwrap();
    let mut reader = Reader::new(users);
    let n = reader
        .by_ref()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
        .len();
    assert!(n > 200, "{n}");
    assert_eq!(reader.encoding(), Some(SourceEncoding::Utf8));

    let mailboxes = std::fs::File::open(sample("mailboxes.xml")).unwrap();
    let mut reader = Reader::new(mailboxes);
    let m = reader
        .by_ref()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
        .len();
    assert!(m > 200 && m < n, "{m}");
    assert_eq!(reader.encoding(), Some(SourceEncoding::Utf16Le));

    let users = all_records("users.xml");
    assert!(users.iter().all(|u| u.kind == RecipientKind::User));
    assert!(users.iter().any(|u| u.first("City") == Some("München")));
    let mailboxes = all_records("mailboxes.xml");
    assert!(mailboxes.iter().all(|u| u.kind == RecipientKind::Mailbox));
    assert!(mailboxes[0].record.values("EmailAddresses").unwrap().len() >= 2);
}

/// Merges by Guid the simple way: user properties, then mailbox ones where
/// the user lacks them.
fn naive_merged() -> Vec<Record> {
    let users = all_records("users.xml");
    let mailboxes = all_records("mailboxes.xml");
    let by_guid: HashMap<String, &Recipient> = mailboxes
        .iter()
        .map(|m| (m.first("Guid").unwrap().to_owned(), m))
        .collect();
    let names = [
        "Name",
        "Department",
        "Office",
        "CustomAttribute1",
        "CustomAttribute5",
        "RecipientTypeDetails",
        "PrimarySmtpAddress",
        "EmailAddresses",
        "Title",
        "HiddenFromAddressListsEnabled",
        "City",
        "Guid",
        "DistinguishedName",
        "UserPrincipalName",
    ];
    users
        .iter()
        .map(|u| {
            let mut r = Record::new();
            let m = by_guid.get(u.first("Guid").unwrap());
            for n in names {
                let mine = u
                    .record
                    .values(n)
                    .filter(|v| !v.iter().all(String::is_empty));
                let theirs = m.and_then(|m| m.record.values(n));
                if let Some(v) = mine.or(theirs).or(u.record.values(n)) {
                    r.set_many(n, v.iter().cloned());
                }
            }
            r
        })
        .collect()
}

#[test]
fn preview_equals_record_by_record_evaluation() {
    let merged = naive_merged();
    let filters = [
        "Department -eq 'Sales'",
        "Department -like 'Sales*' -and CustomAttribute1 -eq 'SyncEnabled'",
        "Office -eq 'Munich' -or Office -eq 'London'",
        "RecipientTypeDetails -eq 'UserMailbox' -and -not (CustomAttribute5 -eq 'VIP')",
        "CustomAttribute1 -ne $null",
        "Title -like '*Engineer'",
    ];
    for text in filters {
        let filter = Filter::compile(text, Environment::OnPremises);
        assert!(filter.is_valid(), "{text}: {:?}", filter.diagnostics());
        let expected: Vec<String> = merged
            .iter()
            .filter(|r| filter.evaluate(r) == Evaluation::Match)
            .map(|r| r.values("Guid").unwrap()[0].clone())
            .collect();
        let request = PreviewRequest {
            filter: filter.clone(),
            paths: vec![sample("users.xml"), sample("mailboxes.xml")],
            max_matches: usize::MAX,
            parallel: true,
        };
        let result = preview_files(&request).unwrap();
        assert_eq!(result.summary.total as usize, merged.len(), "{text}");
        assert_eq!(result.summary.matched as usize, expected.len(), "{text}");
        assert!(result.summary.merged > 200, "{text}");
        let mut got: Vec<String> = result
            .matches
            .iter()
            .map(|m| {
                let dn = m.distinguished_name.clone().unwrap();
                merged
                    .iter()
                    .find(|r| r.values("DistinguishedName").unwrap()[0] == dn)
                    .map(|r| r.values("Guid").unwrap()[0].clone())
                    .unwrap()
            })
            .collect();
        let mut expected = expected;
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{text}");
        assert!(
            !expected.is_empty(),
            "{text} should match someone in the sample org"
        );
    }
}

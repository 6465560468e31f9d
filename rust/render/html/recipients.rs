//! Recipients for a snapshot taken without them: read from `Get-User`,
//! `Get-Mailbox` or `Get-Recipient` exports and joined per directory object
//! (by Guid, else DistinguishedName), projected to the properties the scopes'
//! filters and the report need.

use std::fs::File;

use crate::audit::environment;
use crate::opath::Filter;
use crate::orgstate::OrgState;
use crate::recipient::{IDENTITY_PROPERTIES, MergeIndex, Recipient, RecipientReader};

/// Why an export could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// The file.
    pub path: String,
    /// What went wrong, naming the place in the file.
    pub message: String,
    /// True when the file could not be opened (else it is not a valid export).
    pub unreadable: bool,
}

/// The properties kept: identities, type, OU and every property a recipient
/// scope's filter reads.
fn wanted(state: &OrgState) -> Vec<String> {
    let env = environment(state);
    let mut names: Vec<String> = IDENTITY_PROPERTIES
        .iter()
        .chain(["OrganizationalUnit", "EmailAddresses", "Identity"].iter())
        .map(|s| (*s).to_owned())
        .collect();
    for scope in state.scopes.iter().filter(|s| s.is_recipient_scope()) {
        let filter = Filter::compile(scope.recipient_filter.as_deref().unwrap_or(""), env);
        for p in filter.properties() {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(p)) {
                names.push((*p).to_owned());
            }
        }
    }
    names
}

/// Reads the exports at `paths` and joins their records.
pub fn load(state: &OrgState, paths: &[String]) -> Result<Vec<Recipient>, ExportError> {
    let names = wanted(state);
    let mut index = MergeIndex::new(names.clone());
    for path in paths {
        let fail = |message: String| ExportError {
            path: path.clone(),
            message,
            unreadable: false,
        };
        let file = File::open(path).map_err(|e| ExportError {
            unreadable: true,
            ..fail(format!("cannot be opened: {e}"))
        })?;
        let reader =
            RecipientReader::new(file, Some(names.clone())).map_err(|e| fail(e.to_string()))?;
        for r in reader {
            index.add(r.map_err(|e| fail(e.to_string()))?);
        }
    }
    Ok(index.into_remaining().collect())
}

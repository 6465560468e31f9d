//! The org state the planner and the audit work from: one
//! `LightningSync.OrgSnapshot` object (see `Get-LightningSyncOrgState`),
//! serialized by PowerShell to CLIXML and read here with [`crate::clixml`].
//!
//! Everything is plain data: servers with their product version, mailbox
//! databases, the service account's user and mailbox, management scopes, the
//! impersonation and application role assignments, the legacy AD extended
//! rights, Exchange Online service principals, the dehydration flag and,
//! optionally, the recipients a scope filter is evaluated over.

mod model;
mod online;
mod read;
mod read_online;
mod version;

pub use model::{
    AccountMailbox, AccountUser, AdPermission, Assignment, Database, EPI_IMPERSONATION,
    EPI_MAY_IMPERSONATE, IMPERSONATION_ROLE, OrgState, Scope, Server, ServiceAccount,
    ServicePrincipal,
};
pub(crate) use online::names_match;
pub use online::{AuthorizationCheck, CasMailbox, EwsOrgConfig, GroupMember, GroupMembers};
pub use read::{SnapshotError, read_snapshot, read_snapshot_without_recipients};
pub use version::ExchangeVersion;

#[cfg(test)]
pub(crate) use read::tests::minimal_snapshot as read_snapshot_test_xml;
#[cfg(test)]
pub(crate) use read::tests::snapshot_xml as snapshot_test_xml;

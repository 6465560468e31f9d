//! What a scope preview returns: the matching recipients with their identity
//! and the values of the properties the filter used, and a summary.

use std::collections::BTreeMap;

use serde::Serialize;

use super::table::MatchTable;

/// One recipient inside the scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PreviewMatch {
    /// 0-based position of the record among all records evaluated (input
    /// order; merged records held from smaller exports come last).
    pub index: u64,
    /// `Name`.
    pub name: Option<String>,
    /// `PrimarySmtpAddress` (or the primary `SMTP:` proxy address).
    pub primary_smtp_address: Option<String>,
    /// `UserPrincipalName`.
    pub user_principal_name: Option<String>,
    /// `RecipientTypeDetails`.
    pub recipient_type_details: Option<String>,
    /// `DistinguishedName`.
    pub distinguished_name: Option<String>,
    /// Each property the filter used → its values (`null` when the record
    /// does not carry it, `[]` when it is `$null`).
    pub values: BTreeMap<String, Option<Vec<String>>>,
}

/// Per-`RecipientTypeDetails` counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TypeCount {
    /// Records of this type read.
    pub total: u64,
    /// Of which inside the scope.
    pub matched: u64,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SourceSummary {
    /// The path as given.
    pub path: String,
    /// `Clixml` or `Csv`.
    pub format: String,
    /// `Utf8`, `Utf8Bom`, `Utf16Le`, `Utf16Be`.
    pub encoding: Option<String>,
    /// Records read from it.
    pub records: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// Counts over everything read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PreviewSummary {
    /// The filter as given.
    pub filter: String,
    /// The properties it uses (canonical names).
    pub properties: Vec<String>,
    /// Records evaluated (after merging).
    pub total: u64,
    /// Records inside the scope.
    pub matched: u64,
    /// Records outside.
    pub not_matched: u64,
    /// Records the filter cannot decide offline.
    pub not_evaluable: u64,
    /// Why, with counts (at most 20 distinct reasons kept).
    pub not_evaluable_reasons: BTreeMap<String, u64>,
    /// Used property → number of records that do not carry it at all.
    pub missing_property: BTreeMap<String, u64>,
    /// `RecipientTypeDetails` → counts (`(none)` when absent).
    pub by_recipient_type_details: BTreeMap<String, TypeCount>,
    /// Records completed from a second export (Get-User + Get-Mailbox).
    pub merged: u64,
    /// Input files.
    pub sources: Vec<SourceSummary>,
    /// True when more records matched than `Matches` holds.
    pub matches_truncated: bool,
}

/// The whole preview.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PreviewResult {
    /// Counts.
    pub summary: PreviewSummary,
    /// The recipients inside the scope, in input order.
    pub matches: MatchTable,
}

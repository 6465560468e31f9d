//! The status code every fallible export returns.

/// Result of a call into the library.
///
/// The numbers are part of the ABI: a value, once published, keeps its
/// meaning forever and a retired value is never reused. Blocks:
/// 0–99 general, 100–199 filters, 200–299 CLIXML and preview,
/// 300–399 plan and audit, 400–499 EWS.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LsyncStatus {
    /// The call succeeded and its out-parameters were written.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 2,
    /// The caller's buffer is too small; the required size was written to the
    /// length out-parameter and the buffer was left untouched.
    BufferTooSmall = 3,
    /// An argument was out of its documented range.
    InvalidArgument = 4,
    /// The library panicked; the call had no effect. This is a bug in
    /// LightningSync: please report it with the error message.
    Panic = 5,
    /// The recipient filter has errors; see the filter's diagnostics.
    FilterInvalid = 100,
    /// The recipient records to evaluate are not a JSON array of objects whose
    /// members are a string, an array of strings or null.
    FilterRecordsInvalid = 101,
    /// The conditions given to the filter builder are missing, name an
    /// unknown property, or hold a value Exchange would reject.
    FilterConditionsInvalid = 102,
    /// An export file is not valid CLIXML (or CSV). The message names the
    /// file, the byte offset and what was expected there; the error position
    /// is that byte offset plus one.
    ExportInvalid = 200,
    /// An export file could not be opened or read (missing, no permission,
    /// I/O failure); the message names the file.
    ExportUnreadable = 201,
    /// An export file is in an encoding the reader does not support (UTF-32,
    /// invalid UTF-8 or UTF-16); re-export with `-Encoding UTF8` or
    /// `-Encoding Unicode`.
    ExportEncodingUnsupported = 202,
    /// The recipient records sent to a preview batch are not a JSON array of
    /// objects whose members are a string, an array of strings or null.
    PreviewRecordsInvalid = 203,
    /// The preview was cancelled before it finished.
    PreviewCancelled = 204,
    /// The org snapshot is not readable CLIXML of a `LightningSync.OrgSnapshot`.
    SnapshotInvalid = 300,
    /// The desired state is not valid JSON of the expected shape, or a value
    /// in it (name, filter, GUID, version) is not usable.
    DesiredInvalid = 301,
    /// The organization holds an object that contradicts the desired state
    /// (a scope of that name with another filter, a name taken by another
    /// object); the message names the difference.
    PlanConflict = 302,
    /// The request cannot be done in that environment (ApplicationImpersonation
    /// in Exchange Online, RBAC for Applications on-premises).
    PlanRefused = 303,
    /// Something the plan needs is missing (the account, the service
    /// principal's object id, the Exchange version for offline planning).
    PlanPrerequisiteMissing = 304,
    /// The plan given to render is not a plan, or holds a name that cannot be
    /// rendered safely.
    PlanInvalid = 305,
    /// The report options are not valid JSON of the expected shape.
    ReportOptionsInvalid = 310,
    /// The mailbox identifier for an EWS probe is not usable (empty, too
    /// long, a control character, not an address or not a SID).
    EwsMailboxInvalid = 400,
    /// The EWS schema version (`RequestServerVersion`) is not known.
    EwsServerVersionUnknown = 401,
    /// The EWS impersonation identifier kind is not known.
    EwsIdentifierKindUnknown = 402,
}

impl LsyncStatus {
    /// A short English description of the status, used when no more specific
    /// message exists.
    pub fn description(self) -> &'static str {
        match self {
            LsyncStatus::Ok => "success",
            LsyncStatus::NullArgument => "a required pointer argument was NULL",
            LsyncStatus::InvalidUtf8 => "a string argument was not valid UTF-8",
            LsyncStatus::BufferTooSmall => "the buffer is too small",
            LsyncStatus::InvalidArgument => "an argument was out of range",
            LsyncStatus::Panic => "internal error (panic) in the LightningSync library",
            LsyncStatus::FilterInvalid => "the recipient filter is not valid",
            LsyncStatus::FilterRecordsInvalid => "the recipient records are not valid JSON records",
            LsyncStatus::FilterConditionsInvalid => "the filter conditions are not valid",
            LsyncStatus::ExportInvalid => "the export file is not valid CLIXML or CSV",
            LsyncStatus::ExportUnreadable => "the export file could not be read",
            LsyncStatus::ExportEncodingUnsupported => "the export file's encoding is not supported",
            LsyncStatus::PreviewRecordsInvalid => "the preview records are not valid JSON records",
            LsyncStatus::PreviewCancelled => "the preview was cancelled",
            LsyncStatus::SnapshotInvalid => "the org snapshot is not valid",
            LsyncStatus::DesiredInvalid => "the desired state is not valid",
            LsyncStatus::PlanConflict => "the organization conflicts with the desired state",
            LsyncStatus::PlanRefused => "the request is refused in this environment",
            LsyncStatus::PlanPrerequisiteMissing => "a prerequisite of the plan is missing",
            LsyncStatus::PlanInvalid => "the plan is not valid",
            LsyncStatus::ReportOptionsInvalid => "the report options are not valid",
            LsyncStatus::EwsMailboxInvalid => "the mailbox identifier is not usable",
            LsyncStatus::EwsServerVersionUnknown => "the EWS schema version is not known",
            LsyncStatus::EwsIdentifierKindUnknown => {
                "the impersonation identifier kind is not known"
            }
        }
    }
}

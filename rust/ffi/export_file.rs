//! Opening export files and the errors of reading them, shared by the
//! recipient import and the preview job.

use std::fs::File;

use super::error::LsyncError;
use super::status::LsyncStatus;
use crate::clixml::{ClixmlError, ClixmlErrorKind};

/// The status for a reader error.
pub(crate) fn export_status(kind: ClixmlErrorKind) -> LsyncStatus {
    match kind {
        ClixmlErrorKind::Io => LsyncStatus::ExportUnreadable,
        ClixmlErrorKind::Encoding => LsyncStatus::ExportEncodingUnsupported,
        ClixmlErrorKind::Cancelled => LsyncStatus::PreviewCancelled,
        _ => LsyncStatus::ExportInvalid,
    }
}

/// An owned error for a failure reading `path`: names the file, the byte
/// offset and the expectation; position = offset + 1 (0 for open failures).
pub(crate) fn export_error(path: &str, error: &ClixmlError) -> LsyncError {
    let status = export_status(error.kind);
    let position = match error.kind {
        ClixmlErrorKind::Io | ClixmlErrorKind::Cancelled => 0,
        _ => error.offset + 1,
    };
    let message = match error.kind {
        ClixmlErrorKind::Io if error.offset == 0 => {
            format!("cannot read '{path}': {}", error.found)
        }
        ClixmlErrorKind::Cancelled => format!("reading '{path}' was cancelled"),
        _ => format!("'{path}': {error}"),
    };
    LsyncError::new(status, message).with_position(position)
}

/// Opens a file for reading, or an error naming it.
pub(crate) fn open_file(path: &str) -> Result<(File, u64), LsyncError> {
    if path.is_empty() {
        return Err(LsyncError::new(
            LsyncStatus::InvalidArgument,
            "the path is empty; pass the path of an Export-Clixml file",
        ));
    }
    let file = File::open(path).map_err(|e| {
        LsyncError::new(
            LsyncStatus::ExportUnreadable,
            format!("cannot open '{path}': {e}"),
        )
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok((file, size))
}

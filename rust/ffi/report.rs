//! The HTML audit report behind the C ABI.

use super::error::LsyncError;
use super::plan::read_state;
use super::status::LsyncStatus;
use super::text::LsyncText;
use crate::render::html::{ReportError, ReportOptions, render_report};

fn report_error(e: ReportError) -> LsyncError {
    match e {
        ReportError::Options(m) => LsyncError::new(LsyncStatus::ReportOptionsInvalid, m),
        ReportError::Export(e) => {
            let status = if e.unreadable {
                LsyncStatus::ExportUnreadable
            } else {
                LsyncStatus::ExportInvalid
            };
            LsyncError::new(
                status,
                format!(
                    "the recipient export '{}' {}; pass Get-User, Get-Mailbox or Get-Recipient output saved with Export-Clixml or Export-Csv",
                    e.path, e.message
                ),
            )
        }
    }
}

/// Renders the audit report of an org snapshot as one self-contained HTML
/// page (inline CSS and SVG, no script, a Content-Security-Policy that
/// forbids loading anything): per account, how many mailboxes it can
/// impersonate out of how many and its worst finding; its assignments, scope,
/// canonical filter and coverage with a chart by RecipientTypeDetails and a
/// sample of covered mailboxes; every finding with its meaning and the
/// command that fixes it; the pending plan; probe results; the inputs. Every
/// value is HTML-escaped: names and filters from the organization are text,
/// never markup.
///
/// `snapshot` is the org snapshot as CLIXML (as for `lsync_audit_snapshot`).
/// `options` is JSON (length 0 for the defaults): `{"account"` (only this
/// account; all accounts holding ApplicationImpersonation or an application
/// role when absent), `"recipientPaths"` (Get-User / Get-Mailbox /
/// Get-Recipient exports, CLIXML or CSV, joined per object, evaluated instead
/// of the snapshot's recipients), `"plan"` (the JSON of `lsync_plan_setup`),
/// `"probes"` (`[{"mailbox", "success", "responseCode", "meaning", "fix",
/// "access"}]`), `"generatedAt"`, `"moduleVersion"`, `"inputs"` (`[{"label",
/// "value"}]`), `"sampleSize"` (covered mailboxes listed per account, default
/// 25)`}`.
///
/// Writes the page (UTF-8) to `*out_html` (owned; free with
/// `lsync_text_free`). Fails with `LSYNC_STATUS_SNAPSHOT_INVALID`,
/// `LSYNC_STATUS_REPORT_OPTIONS_INVALID` (the message names the bad member),
/// `LSYNC_STATUS_EXPORT_UNREADABLE` or `LSYNC_STATUS_EXPORT_INVALID` (the
/// message names the export file and the byte offset).
///
/// # Safety
/// `snapshot` and `options` must each be NULL with length 0 or valid for reads
/// of their length; `out_html` must be valid for one pointer write;
/// `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_report_render(
    snapshot: *const u8,
    snapshot_len: usize,
    options: *const u8,
    options_len: usize,
    out_html: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let (snapshot, options) = (
            arg_str!(snapshot, snapshot_len),
            arg_str!(options, options_len),
        );
        let out_html = arg_out!(out_html);
        let options = ReportOptions::from_json(options).map_err(report_error)?;
        let html = render_report(read_state(snapshot)?, &options).map_err(report_error)?;
        out_html.text(html)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orgstate::read_snapshot_test_xml;

    fn call(snapshot: &str, options: &str) -> Result<String, (LsyncStatus, String)> {
        let mut out: *mut LsyncText = std::ptr::null_mut();
        let mut error: *mut LsyncError = std::ptr::null_mut();
        let status = unsafe {
            lsync_report_render(
                snapshot.as_ptr(),
                snapshot.len(),
                options.as_ptr(),
                options.len(),
                &mut out,
                &mut error,
            )
        };
        if status == LsyncStatus::Ok {
            assert!(error.is_null());
            let text = unsafe { Box::from_raw(out) };
            Ok(format!("{text:?}"))
        } else {
            assert!(out.is_null());
            let error = unsafe { Box::from_raw(error) };
            Err((status, error.message().to_owned()))
        }
    }

    #[test]
    fn renders_and_maps_errors() {
        let xml = read_snapshot_test_xml(false);
        assert!(call(&xml, "").unwrap().contains("<!DOCTYPE html>"));
        let (s, m) = call(&xml, "{\"account\": 5}").unwrap_err();
        assert_eq!(s, LsyncStatus::ReportOptionsInvalid, "{m}");
        let (s, _) = call("<Objs", "").unwrap_err();
        assert_eq!(s, LsyncStatus::SnapshotInvalid);
        let (s, m) = call(&xml, r#"{"recipientPaths": ["/no/such/users.xml"]}"#).unwrap_err();
        assert_eq!(s, LsyncStatus::ExportUnreadable);
        assert!(m.contains("/no/such/users.xml"), "{m}");
        let status = unsafe {
            lsync_report_render(
                xml.as_ptr(),
                xml.len(),
                std::ptr::null(),
                0,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        assert_eq!(status, LsyncStatus::NullArgument);
    }
}

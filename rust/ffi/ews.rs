//! EWS impersonation probe behind the C ABI: build the request, classify the
//! answer. The caller does the HTTP.

use serde::Serialize;

use super::codes::expectation as expectation_arg;
use super::error::LsyncError;
use super::status::LsyncStatus;
use super::text::LsyncText;
use crate::ews::classify::READ_LIMIT;
use crate::ews::codes::{self, CODES};
use crate::ews::{
    IdentifierChoice, ImpersonatedId, ServerVersion, classify, classify_transport_failure,
    get_folder_request,
};

/// The request and how to send it.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct BuiltRequest<'a> {
    body: String,
    anchor_mailbox: Option<&'a str>,
    identifier_kind: &'a str,
    mailbox: &'a str,
    server_version: &'a str,
    content_type: &'static str,
}

/// Builds the impersonation probe for one mailbox: a SOAP `GetFolder` for the
/// mailbox's calendar and contacts folders with an `ExchangeImpersonation`
/// header, and writes a JSON object to `*out_text` (owned; free with
/// `lsync_text_free`):
///
/// - `Body`: the SOAP request (UTF-8 XML) to POST to the EWS URL;
/// - `AnchorMailbox`: the value for the `X-AnchorMailbox` HTTP header, or
///   null when the mailbox is given by SID or has non-ASCII characters (send
///   no such header then);
/// - `IdentifierKind`: `PrimarySmtpAddress`, `SmtpAddress`, `PrincipalName`
///   or `SID` (the `ConnectingSID` element used);
/// - `Mailbox`: the identifier as sent (surrounding white space removed);
/// - `ServerVersion`: the `RequestServerVersion` sent;
/// - `ContentType`: the HTTP `Content-Type` to send.
///
/// `mailbox` is an SMTP address, user principal name or SID (UTF-8).
/// `identifier_kind` is `Auto` (SID when the value starts with `S-1-`,
/// otherwise `PrimarySmtpAddress`), `PrimarySmtpAddress`, `SmtpAddress`,
/// `PrincipalName` or `SID`, ignoring case; empty means `Auto`.
/// `server_version` is an EWS schema name such as `Exchange2013_SP1` (the
/// default when empty) or `Exchange2010_SP2`. Every value is XML-escaped.
///
/// Fails with `LSYNC_STATUS_EWS_MAILBOX_INVALID` (empty, longer than 512
/// characters, a control character — position in the error — not an address
/// or not a SID), `LSYNC_STATUS_EWS_IDENTIFIER_KIND_UNKNOWN`,
/// `LSYNC_STATUS_EWS_SERVER_VERSION_UNKNOWN`, `LSYNC_STATUS_INVALID_UTF8` or
/// `LSYNC_STATUS_NULL_ARGUMENT`.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL with length 0 or valid for reads
/// of that many bytes; `out_text` must be valid for one pointer write;
/// `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_ews_build_get_folder(
    mailbox: *const u8,
    mailbox_len: usize,
    identifier_kind: *const u8,
    identifier_kind_len: usize,
    server_version: *const u8,
    server_version_len: usize,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let mailbox = arg_str!(mailbox, mailbox_len);
        let kind = arg_str!(identifier_kind, identifier_kind_len);
        let version = arg_str!(server_version, server_version_len);
        let out_text = arg_out!(out_text);
        let choice: IdentifierChoice =
            kind.parse()
                .map_err(|e: crate::ews::identity::IdentityError| {
                    LsyncError::new(LsyncStatus::EwsIdentifierKindUnknown, e.to_string())
                })?;
        let version: ServerVersion =
            version
                .parse()
                .map_err(|e: crate::ews::version::UnknownServerVersion| {
                    LsyncError::new(LsyncStatus::EwsServerVersionUnknown, e.to_string())
                })?;
        let id = ImpersonatedId::new(mailbox, choice).map_err(|e| {
            let error = LsyncError::new(
                LsyncStatus::EwsMailboxInvalid,
                format!("{e}; pass the mailbox's primary SMTP address, user principal name or SID"),
            );
            match e.position() {
                Some(p) => error.with_position(p as u64),
                None => error,
            }
        })?;
        let built = BuiltRequest {
            body: get_folder_request(&id, version),
            anchor_mailbox: id.anchor_mailbox(),
            identifier_kind: id.kind().element_name(),
            mailbox: id.value(),
            server_version: version.as_str(),
            content_type: "text/xml; charset=utf-8",
        };
        out_text.json(&built)
    })
}

/// Classifies the answer to a probe: `http_status` (100–599) and the body
/// bytes as received (at most `lsync_ews_read_limit()` bytes need be read: a
/// longer body is classified `ResponseTooLarge` without being parsed).
/// `expectation` is an `LsyncExpectation`: `LSYNC_EXPECTATION_GRANTED` when
/// the account should be able to impersonate the mailbox,
/// `LSYNC_EXPECTATION_DENIED` when the mailbox is outside its scope and the
/// server should refuse.
///
/// Writes a JSON object to `*out_text` (owned; free with `lsync_text_free`):
/// `Success` (the outcome matches the expectation), `Access` (`Granted`,
/// `Denied` or `Unknown`), `ResponseCode` (the EWS code, never read from
/// localized text; or an HTTP/client code such as `HttpUnauthorized`,
/// `MalformedResponse`), `Source` (`Ews`, `Http`, `Client`), `Meaning`,
/// `Fix`, `Retryable`, `HttpStatus`, `Detail` (server text, for display
/// only), `BackOffMilliseconds`, `ServerBuild` and `Folders` (per-folder
/// `Index`, `FolderElement`, `ResponseClass`, `ResponseCode`).
///
/// Fails only for NULL pointers or out-of-range arguments
/// (`LSYNC_STATUS_INVALID_ARGUMENT`); any body, however malformed, is
/// classified.
///
/// # Safety
/// `body` must be NULL with `body_len` 0 or valid for reads of `body_len`
/// bytes; `out_text` must be valid for one pointer write; `out_error` must be
/// NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_ews_classify(
    http_status: i32,
    body: *const u8,
    body_len: usize,
    expectation: i32,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let body = arg_bytes!(body, body_len);
        let out_text = arg_out!(out_text);
        let status = u16::try_from(http_status)
            .ok()
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| {
                LsyncError::new(
                    LsyncStatus::InvalidArgument,
                    format!("http_status {http_status} is not an HTTP status; pass 100 to 599"),
                )
            })?;
        out_text.json(&classify(status, body, expectation_arg(expectation)?))
    })
}

/// Classifies a probe that got no HTTP answer. `code` is `Timeout`,
/// `ConnectionFailed` or `TlsFailed`; `detail` is the client's own error
/// text (may be empty); `expectation` as for `lsync_ews_classify`. Writes
/// the same JSON object as `lsync_ews_classify`, with `HttpStatus` null.
/// An unknown `code` fails with `LSYNC_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
/// Each `(pointer, length)` pair must be NULL with length 0 or valid for reads
/// of that many bytes; `out_text` must be valid for one pointer write;
/// `out_error` must be NULL or valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_ews_classify_failure(
    code: *const u8,
    code_len: usize,
    detail: *const u8,
    detail_len: usize,
    expectation: i32,
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let code = arg_str!(code, code_len);
        let detail = arg_str!(detail, detail_len);
        let out_text = arg_out!(out_text);
        let known = [codes::TIMEOUT, codes::CONNECTION_FAILED, codes::TLS_FAILED];
        if !known.contains(&code) {
            return Err(LsyncError::new(
                LsyncStatus::InvalidArgument,
                format!(
                    "code '{code}' is not a transport failure; pass {}",
                    known.join(", ")
                ),
            ));
        }
        let expect = expectation_arg(expectation)?;
        let detail = (!detail.trim().is_empty()).then_some(detail);
        out_text.json(&classify_transport_failure(code, detail, expect))
    })
}

/// One row of the code table as JSON.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CodeRow {
    response_code: &'static str,
    source: codes::CodeSource,
    access: codes::Access,
    retryable: bool,
    meaning: &'static str,
    fix: &'static str,
}

/// Writes every outcome code the probe knows as a JSON array to `*out_text`
/// (owned; free with `lsync_text_free`): objects with `ResponseCode`,
/// `Source`, `Access`, `Retryable`, `Meaning` and `Fix`.
///
/// # Safety
/// `out_text` must be valid for one pointer write; `out_error` must be NULL or
/// valid for one pointer write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn lsync_ews_code_table(
    out_text: *mut *mut LsyncText,
    out_error: *mut *mut LsyncError,
) -> LsyncStatus {
    ffi_boundary!(out_error, {
        let out_text = arg_out!(out_text);
        let rows: Vec<CodeRow> = CODES
            .iter()
            .map(|c| CodeRow {
                response_code: c.code,
                source: c.source,
                access: c.access,
                retryable: c.retryable,
                meaning: c.meaning,
                fix: c.fix,
            })
            .collect();
        out_text.json(&rows)
    })
}

/// Returns how many bytes of a response body a caller needs to read at most:
/// one more than the largest body the classifier parses, so that a longer
/// body is recognised as `ResponseTooLarge`. Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn lsync_ews_read_limit() -> usize {
    READ_LIMIT
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{take_error, take_json as take};
    use super::*;

    fn build(mailbox: &str, kind: &str, version: &str) -> Result<serde_json::Value, LsyncError> {
        let mut text = std::ptr::null_mut();
        let mut error = std::ptr::null_mut();
        let status = unsafe {
            lsync_ews_build_get_folder(
                mailbox.as_ptr(),
                mailbox.len(),
                kind.as_ptr(),
                kind.len(),
                version.as_ptr(),
                version.len(),
                &mut text,
                &mut error,
            )
        };
        if status == LsyncStatus::Ok {
            assert!(error.is_null());
            Ok(take(text))
        } else {
            assert!(text.is_null(), "out_text written on failure");
            let error = take_error(error);
            assert_eq!(error.status(), status);
            Err(error)
        }
    }

    #[test]
    fn builds_request_json() {
        let json = build(" alice&co@contoso.com ", "", "").unwrap();
        assert_eq!(json["AnchorMailbox"], "alice&co@contoso.com");
        assert_eq!(json["IdentifierKind"], "PrimarySmtpAddress");
        assert_eq!(json["ServerVersion"], "Exchange2013_SP1");
        let body = json["Body"].as_str().unwrap();
        assert!(
            body.contains("<t:PrimarySmtpAddress>alice&amp;co@contoso.com</t:PrimarySmtpAddress>")
        );
        let sid = build("S-1-5-21-1-2-3-500", "auto", "Exchange2010_SP2").unwrap();
        assert!(sid["AnchorMailbox"].is_null());
        assert_eq!(sid["ServerVersion"], "Exchange2010_SP2");
    }

    #[test]
    fn build_errors_have_ews_statuses() {
        assert_eq!(
            build("", "", "").unwrap_err().status(),
            LsyncStatus::EwsMailboxInvalid
        );
        let err = build("ab\u{7}@x.com", "", "").unwrap_err();
        assert_eq!(err.status(), LsyncStatus::EwsMailboxInvalid);
        assert_eq!(err.position(), 3);
        assert_eq!(
            build("a@b.c", "email", "").unwrap_err().status(),
            LsyncStatus::EwsIdentifierKindUnknown
        );
        assert_eq!(
            build("a@b.c", "", "Exchange2099").unwrap_err().status(),
            LsyncStatus::EwsServerVersionUnknown
        );
        let bad = [b'a', 0xff, b'@', b'b'];
        let mut text = std::ptr::null_mut();
        let status = unsafe {
            lsync_ews_build_get_folder(
                bad.as_ptr(),
                bad.len(),
                std::ptr::null(),
                0,
                std::ptr::null(),
                0,
                &mut text,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(status, LsyncStatus::InvalidUtf8);
        assert!(text.is_null());
    }

    #[test]
    fn classify_checks_arguments() {
        let mut text = std::ptr::null_mut();
        for (status, expect) in [(0, 0), (600, 0), (-1, 0), (200, 2), (200, -1)] {
            let mut error = std::ptr::null_mut();
            let s = unsafe {
                lsync_ews_classify(status, std::ptr::null(), 0, expect, &mut text, &mut error)
            };
            assert_eq!(s, LsyncStatus::InvalidArgument);
            assert!(text.is_null());
            drop(take_error(error));
        }
        let s = unsafe {
            lsync_ews_classify(200, std::ptr::null(), 3, 0, &mut text, std::ptr::null_mut())
        };
        assert_eq!(s, LsyncStatus::NullArgument);
        let s = unsafe {
            lsync_ews_classify(
                200,
                b"x".as_ptr(),
                1,
                0,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        assert_eq!(s, LsyncStatus::NullArgument);
    }

    #[test]
    fn classify_returns_json() {
        let body = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorImpersonateUserDenied</faultcode><faultstring>x</faultstring></s:Fault></s:Body></s:Envelope>"#;
        let mut text = std::ptr::null_mut();
        let s = unsafe {
            lsync_ews_classify(
                500,
                body.as_ptr(),
                body.len(),
                1,
                &mut text,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(s, LsyncStatus::Ok);
        let json = take(text);
        assert_eq!(json["ResponseCode"], "ErrorImpersonateUserDenied");
        assert_eq!(json["Success"], true);
        assert_eq!(json["Access"], "Denied");
        assert_eq!(json["HttpStatus"], 500);
    }

    /// Classifies the transport failure `code` (no detail, access expected).
    fn failure(code: &str) -> (LsyncStatus, *mut LsyncText) {
        let mut text = std::ptr::null_mut();
        let s = unsafe {
            lsync_ews_classify_failure(
                code.as_ptr(),
                code.len(),
                std::ptr::null(),
                0,
                0,
                &mut text,
                std::ptr::null_mut(),
            )
        };
        (s, text)
    }

    #[test]
    fn classify_failure_and_table() {
        let (s, text) = failure("Timeout");
        assert_eq!(s, LsyncStatus::Ok);
        let json = take(text);
        assert_eq!(json["ResponseCode"], "Timeout");
        assert!(json["HttpStatus"].is_null());
        assert!(json["Detail"].is_null());

        let (s, text) = failure("NoError");
        assert_eq!(s, LsyncStatus::InvalidArgument);
        assert!(text.is_null());

        let mut text = std::ptr::null_mut();
        assert_eq!(
            unsafe { lsync_ews_code_table(&mut text, std::ptr::null_mut()) },
            LsyncStatus::Ok
        );
        let table = take(text);
        assert_eq!(table.as_array().unwrap().len(), CODES.len());
        assert_eq!(table[0]["ResponseCode"], "NoError");
        assert!(lsync_ews_read_limit() > crate::ews::MAX_RESPONSE_BYTES);
    }
}

//! Turns one HTTP exchange (status and body) into the verdict for one
//! mailbox: which code, what it means, what to do, and whether that counts as
//! success given what the caller expected.

use serde::Serialize;

use super::codes::{self, Access, CodeInfo, CodeSource};
use super::response::{self, ParseError, SoapResponse};

/// What the caller expects the probe to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    /// The account should be able to impersonate the mailbox.
    Granted,
    /// The mailbox is outside the scope; the server should refuse.
    Denied,
}

/// The answer for one folder of the probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FolderOutcome {
    /// Position of the folder in the request (0 = calendar, 1 = contacts).
    pub index: usize,
    /// The returned folder element (`CalendarFolder`, `ContactsFolder`,
    /// `Folder`…), if any.
    pub folder_element: Option<String>,
    /// `ResponseClass` as sent.
    pub response_class: Option<String>,
    /// `ResponseCode` as sent.
    pub response_code: Option<String>,
}

/// The verdict for one mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProbeOutcome {
    /// Whether the outcome is what the caller expected.
    pub success: bool,
    /// What the probe proves about access to the mailbox.
    pub access: Access,
    /// The deciding code (an EWS `ResponseCode` or one of the HTTP/client
    /// codes of [`codes::CODES`]).
    pub response_code: String,
    /// Where the code comes from.
    pub source: CodeSource,
    /// What the outcome means for the service account.
    pub meaning: String,
    /// What to do.
    pub fix: String,
    /// Whether testing again later may give another answer.
    pub retryable: bool,
    /// The HTTP status, or `None` when no HTTP answer arrived.
    pub http_status: Option<u16>,
    /// Text the server sent (localized, for display only), or why the body
    /// could not be read.
    pub detail: Option<String>,
    /// The back-off the server asked for, in milliseconds (throttling).
    pub back_off_milliseconds: Option<u64>,
    /// The Exchange build that answered, `major.minor.build.revision`.
    pub server_build: Option<String>,
    /// Per-folder answers, in request order.
    pub folders: Vec<FolderOutcome>,
}

/// The largest body passed on to [`classify`]: callers read at most one
/// byte more than this, so that an over-long body is recognised.
pub const READ_LIMIT: usize = super::MAX_RESPONSE_BYTES + 1;

/// Classifies an HTTP answer. `http_status` 0 is refused by the FFI layer;
/// here any value is taken as sent.
pub fn classify(http_status: u16, body: &[u8], expect: Expectation) -> ProbeOutcome {
    let parsed = response::parse(body);
    let (code, detail, soap) = decide(http_status, &parsed);
    let mut outcome = build(&code, detail, expect);
    outcome.http_status = Some(http_status);
    if let Some(soap) = soap {
        fill_from_soap(&mut outcome, soap);
    }
    // A 200 with messages that all succeeded is the only way to Granted;
    // a single successful folder also proves the account got in.
    if outcome.access != Access::Granted
        && outcome
            .folders
            .iter()
            .any(|f| f.response_code.as_deref() == Some(codes::NO_ERROR))
    {
        outcome.access = Access::Granted;
        outcome.success =
            expect == Expectation::Granted && outcome.response_code == codes::NO_ERROR;
        if expect == Expectation::Denied {
            set_unexpected_grant(&mut outcome);
        }
    }
    outcome
}

/// The verdict for a probe that got no HTTP answer; `code` is one of
/// [`codes::TIMEOUT`], [`codes::CONNECTION_FAILED`], [`codes::TLS_FAILED`]
/// (any other code is looked up the same way). `detail` is the client's
/// own error text.
pub fn classify_transport_failure(
    code: &str,
    detail: Option<&str>,
    expect: Expectation,
) -> ProbeOutcome {
    build(code, detail.map(str::to_string), expect)
}

/// Picks the deciding code: an EWS code in the body wins over the HTTP
/// status; then the HTTP status; then what was wrong with the body.
fn decide(
    http_status: u16,
    parsed: &Result<SoapResponse, ParseError>,
) -> (String, Option<String>, Option<&SoapResponse>) {
    match parsed {
        Ok(soap) => {
            if let Some(fault) = &soap.fault {
                let shown = fault.message.clone().or(fault.fault_string.clone());
                return match fault.code() {
                    Some(code) => (code.to_string(), shown, Some(soap)),
                    None => match http_code(http_status) {
                        Some(code) => (code.to_string(), shown, Some(soap)),
                        None => (codes::SOAP_FAULT.to_string(), shown, Some(soap)),
                    },
                };
            }
            if let Some(bad) = soap
                .messages
                .iter()
                .find(|m| m.response_code.as_deref() != Some(codes::NO_ERROR))
            {
                return match &bad.response_code {
                    Some(code) if !code.is_empty() => {
                        (code.clone(), bad.message_text.clone(), Some(soap))
                    }
                    _ => (
                        codes::UNEXPECTED_RESPONSE.to_string(),
                        Some("a response message has no ResponseCode".into()),
                        Some(soap),
                    ),
                };
            }
            if let Some(code) = http_code(http_status) {
                return (code.to_string(), None, Some(soap));
            }
            if soap.messages.is_empty() {
                return (
                    codes::UNEXPECTED_RESPONSE.to_string(),
                    Some("the SOAP body holds no GetFolder response message".into()),
                    Some(soap),
                );
            }
            (codes::NO_ERROR.to_string(), None, Some(soap))
        }
        Err(err) => {
            if let ParseError::TooLarge(_) = err {
                return (
                    codes::RESPONSE_TOO_LARGE.to_string(),
                    Some(err.to_string()),
                    None,
                );
            }
            if let Some(code) = http_code(http_status) {
                return (code.to_string(), None, None);
            }
            let code = match err {
                ParseError::NotSoap => codes::UNEXPECTED_RESPONSE,
                _ => codes::MALFORMED_RESPONSE,
            };
            (code.to_string(), Some(err.to_string()), None)
        }
    }
}

/// The code for a non-2xx HTTP status, `None` for 2xx.
fn http_code(status: u16) -> Option<&'static str> {
    match status {
        200..=299 => None,
        401 => Some(codes::HTTP_UNAUTHORIZED),
        403 => Some(codes::HTTP_FORBIDDEN),
        404 => Some(codes::HTTP_NOT_FOUND),
        503 => Some(codes::HTTP_SERVICE_UNAVAILABLE),
        _ => Some(codes::HTTP_ERROR),
    }
}

fn build(code: &str, detail: Option<String>, expect: Expectation) -> ProbeOutcome {
    let info: CodeInfo = codes::lookup(code).copied().unwrap_or(CodeInfo {
        code: "",
        source: if code.starts_with("Error") {
            CodeSource::Ews
        } else {
            CodeSource::Client
        },
        access: Access::Unknown,
        retryable: false,
        meaning: codes::UNKNOWN_EWS_MEANING,
        fix: codes::UNKNOWN_EWS_FIX,
    });
    let success = match expect {
        Expectation::Granted => info.access == Access::Granted,
        Expectation::Denied => info.access == Access::Denied,
    };
    let mut outcome = ProbeOutcome {
        success,
        access: info.access,
        response_code: code.to_string(),
        source: info.source,
        meaning: info.meaning.to_string(),
        fix: info.fix.to_string(),
        retryable: info.retryable,
        http_status: None,
        detail,
        back_off_milliseconds: None,
        server_build: None,
        folders: Vec::new(),
    };
    match (expect, info.access) {
        (Expectation::Denied, Access::Granted) => set_unexpected_grant(&mut outcome),
        (Expectation::Denied, Access::Denied) => {
            outcome.fix =
                "None needed: the server keeps the account out of this mailbox, as expected."
                    .to_string();
        }
        _ => {}
    }
    outcome
}

fn set_unexpected_grant(outcome: &mut ProbeOutcome) {
    outcome.success = false;
    outcome.meaning = "The account can impersonate this mailbox, but it was expected to be outside the account's scope.".to_string();
    outcome.fix = "Check that the management scope's filter does not match this mailbox (Get-Recipient -Filter <filter>), and look for another ApplicationImpersonation assignment that covers it, e.g. one without a scope (Get-ManagementRoleAssignment -Role ApplicationImpersonation -WritableRecipient <mailbox> -GetEffectiveUsers).".to_string();
}

fn fill_from_soap(outcome: &mut ProbeOutcome, soap: &SoapResponse) {
    outcome.server_build = soap.server_version.as_ref().and_then(|v| v.build());
    let values = soap
        .fault
        .iter()
        .flat_map(|f| f.values.iter())
        .chain(soap.messages.iter().flat_map(|m| m.values.iter()));
    outcome.back_off_milliseconds = values
        .filter(|(name, _)| name == "BackOffMilliseconds")
        .find_map(|(_, v)| v.trim().parse().ok());
    outcome.folders = soap
        .messages
        .iter()
        .enumerate()
        .map(|(index, m)| FolderOutcome {
            index,
            folder_element: m.folder_element.clone(),
            response_class: m.response_class.clone(),
            response_code: m.response_code.clone(),
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENVELOPE_OPEN: &str = r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>"#;

    fn fault(code: &str) -> String {
        format!(
            r#"{ENVELOPE_OPEN}<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:{code}</faultcode><faultstring xml:lang="zh-CN">本地化文本</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">{code}</e:ResponseCode><e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">本地化文本</e:Message></detail></s:Fault></s:Body></s:Envelope>"#
        )
    }

    fn messages(codes: &[&str]) -> String {
        let mut xml = format!(
            r#"{ENVELOPE_OPEN}<m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages>"#
        );
        for code in codes {
            let class = if *code == "NoError" {
                "Success"
            } else {
                "Error"
            };
            xml.push_str(&format!(
                r#"<m:GetFolderResponseMessage ResponseClass="{class}"><m:ResponseCode>{code}</m:ResponseCode><m:Folders><t:CalendarFolder><t:FolderId Id="AQ" ChangeKey="AQ"/></t:CalendarFolder></m:Folders></m:GetFolderResponseMessage>"#
            ));
        }
        xml.push_str("</m:ResponseMessages></m:GetFolderResponse></s:Body></s:Envelope>");
        xml
    }

    #[test]
    fn every_ews_code_in_the_table_classifies_as_itself() {
        for info in codes::CODES
            .iter()
            .filter(|i| i.source == CodeSource::Ews && i.code != codes::SOAP_FAULT)
        {
            // As a SOAP fault (HTTP 500) and as a per-message error (HTTP 200).
            let shapes: Vec<(u16, String)> = if info.code == codes::NO_ERROR {
                vec![(200, messages(&["NoError", "NoError"]))]
            } else {
                vec![(500, fault(info.code)), (200, messages(&[info.code]))]
            };
            for (status, body) in shapes {
                for expect in [Expectation::Granted, Expectation::Denied] {
                    let out = classify(status, body.as_bytes(), expect);
                    assert_eq!(out.response_code, info.code, "{body}");
                    assert_eq!(out.access, info.access, "{}", info.code);
                    assert_eq!(out.retryable, info.retryable, "{}", info.code);
                    assert_eq!(out.http_status, Some(status));
                    assert_eq!(out.source, CodeSource::Ews);
                    let wanted = match expect {
                        Expectation::Granted => Access::Granted,
                        Expectation::Denied => Access::Denied,
                    };
                    assert_eq!(
                        out.success,
                        info.access == wanted,
                        "{} {expect:?}",
                        info.code
                    );
                    if !(expect == Expectation::Denied && info.access != Access::Unknown) {
                        assert_eq!(out.meaning, info.meaning);
                        assert_eq!(out.fix, info.fix);
                    }
                }
            }
        }
    }

    #[test]
    fn impersonation_denied_fault() {
        let body = fault("ErrorImpersonateUserDenied");
        let out = classify(500, body.as_bytes(), Expectation::Granted);
        assert!(!out.success);
        assert_eq!(out.access, Access::Denied);
        assert_eq!(out.detail.as_deref(), Some("本地化文本"));
        let out = classify(500, body.as_bytes(), Expectation::Denied);
        assert!(out.success);
        assert!(out.fix.starts_with("None needed"));
    }

    #[test]
    fn granted_when_denial_expected_explains_why() {
        let body = messages(&["NoError", "NoError"]);
        let out = classify(200, body.as_bytes(), Expectation::Denied);
        assert!(!out.success);
        assert_eq!(out.access, Access::Granted);
        assert!(out.meaning.contains("expected to be outside"));
        assert!(out.fix.contains("-WritableRecipient"));
        assert_eq!(out.folders.len(), 2);
    }

    #[test]
    fn one_folder_missing_still_proves_access() {
        let body = messages(&["NoError", "ErrorFolderNotFound"]);
        let out = classify(200, body.as_bytes(), Expectation::Granted);
        assert_eq!(out.response_code, "ErrorFolderNotFound");
        assert_eq!(out.access, Access::Granted);
        assert!(!out.success, "the contacts folder is needed too");
        let out = classify(200, body.as_bytes(), Expectation::Denied);
        assert!(!out.success);
        assert!(out.meaning.contains("expected to be outside"));
    }

    #[test]
    fn http_statuses_without_ews_codes() {
        let html = b"<html><body><h1>401 - Unauthorized</h1></body></html>";
        for (status, code) in [
            (401, codes::HTTP_UNAUTHORIZED),
            (403, codes::HTTP_FORBIDDEN),
            (404, codes::HTTP_NOT_FOUND),
            (503, codes::HTTP_SERVICE_UNAVAILABLE),
            (502, codes::HTTP_ERROR),
            (500, codes::HTTP_ERROR),
        ] {
            for body in [&html[..], b"", b"garbage <<"] {
                let out = classify(status, body, Expectation::Denied);
                assert_eq!(out.response_code, code, "{status}");
                assert_eq!(out.source, CodeSource::Http);
                assert_eq!(out.access, Access::Unknown);
                assert!(!out.success, "no HTTP error proves a denial");
            }
        }
    }

    #[test]
    fn ews_code_in_an_error_status_wins() {
        let out = classify(
            500,
            fault("ErrorNonExistentMailbox").as_bytes(),
            Expectation::Granted,
        );
        assert_eq!(out.response_code, "ErrorNonExistentMailbox");
        let soap_client = format!(
            "{ENVELOPE_OPEN}<s:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring></s:Fault></s:Body></s:Envelope>"
        );
        assert_eq!(
            classify(500, soap_client.as_bytes(), Expectation::Granted).response_code,
            codes::HTTP_ERROR
        );
        assert_eq!(
            classify(200, soap_client.as_bytes(), Expectation::Granted).response_code,
            codes::SOAP_FAULT
        );
    }

    #[test]
    fn unusable_bodies() {
        let out = classify(200, b"<s:Envelope", Expectation::Granted);
        assert_eq!(out.response_code, codes::MALFORMED_RESPONSE);
        assert_eq!(out.source, CodeSource::Client);
        assert!(out.detail.is_some());
        let out = classify(200, b"<html/>", Expectation::Granted);
        assert_eq!(out.response_code, codes::UNEXPECTED_RESPONSE);
        let empty_soap = format!("{ENVELOPE_OPEN}</s:Body></s:Envelope>");
        let out = classify(200, empty_soap.as_bytes(), Expectation::Granted);
        assert_eq!(out.response_code, codes::UNEXPECTED_RESPONSE);
        let big = vec![b'<'; READ_LIMIT];
        for status in [200, 500, 401] {
            let out = classify(status, &big, Expectation::Granted);
            assert_eq!(out.response_code, codes::RESPONSE_TOO_LARGE);
            assert!(!out.success);
        }
        let out = classify(200, b"", Expectation::Granted);
        assert_eq!(out.response_code, codes::MALFORMED_RESPONSE);
    }

    #[test]
    fn unknown_ews_code_is_reported_as_is() {
        let out = classify(
            500,
            fault("ErrorSomethingNew").as_bytes(),
            Expectation::Granted,
        );
        assert_eq!(out.response_code, "ErrorSomethingNew");
        assert_eq!(out.source, CodeSource::Ews);
        assert_eq!(out.meaning, codes::UNKNOWN_EWS_MEANING);
        assert!(!out.success);
    }

    #[test]
    fn throttling_back_off_and_server_build() {
        let body = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:ServerVersionInfo xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6"/></s:Header><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode><faultstring>busy</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode><t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">1500</t:Value></t:MessageXml></detail></s:Fault></s:Body></s:Envelope>"#;
        let out = classify(500, body.as_bytes(), Expectation::Granted);
        assert_eq!(out.response_code, "ErrorServerBusy");
        assert!(out.retryable);
        assert_eq!(out.back_off_milliseconds, Some(1500));
        assert_eq!(out.server_build.as_deref(), Some("15.1.2507.6"));
    }

    #[test]
    fn transport_failures() {
        for code in [codes::TIMEOUT, codes::CONNECTION_FAILED, codes::TLS_FAILED] {
            let out = classify_transport_failure(code, Some("boom"), Expectation::Denied);
            assert_eq!(out.response_code, code);
            assert_eq!(out.http_status, None);
            assert!(!out.success);
            assert_eq!(out.source, CodeSource::Client);
            assert_eq!(out.detail.as_deref(), Some("boom"));
            assert_eq!(out.meaning, codes::lookup(code).unwrap().meaning);
        }
    }

    #[test]
    fn serializes_with_pascal_case_names() {
        let out = classify(
            500,
            fault("ErrorImpersonateUserDenied").as_bytes(),
            Expectation::Granted,
        );
        let json = serde_json::to_value(&out).unwrap();
        for key in [
            "Success",
            "Access",
            "ResponseCode",
            "Source",
            "Meaning",
            "Fix",
            "Retryable",
            "HttpStatus",
            "Detail",
            "BackOffMilliseconds",
            "ServerBuild",
            "Folders",
        ] {
            assert!(json.get(key).is_some(), "missing {key} in {json}");
        }
        assert_eq!(json["Access"], "Denied");
        assert_eq!(json["HttpStatus"], 500);
    }
}

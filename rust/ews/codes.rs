//! The table of outcome codes an impersonation probe can end with: every EWS
//! `ResponseCode` the probe expects, plus the HTTP- and client-level outcomes
//! that have no EWS code. Each entry says what the code means for the service
//! account and what to do about it.
//!
//! Codes are matched exactly (they are identifiers, never localized). A code
//! missing from the table is still reported, with a generic meaning.

use serde::Serialize;

/// Whether a probe proved that the account can open the mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Access {
    /// The server let the account into the mailbox as the impersonated user.
    Granted,
    /// The server refused to let the account act as that mailbox's user.
    Denied,
    /// The probe proves neither (authentication, transport, input or server
    /// problems).
    Unknown,
}

/// Where an outcome code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CodeSource {
    /// An EWS `ResponseCode` sent by the server.
    Ews,
    /// An HTTP status with no EWS code in the body.
    Http,
    /// Detected by LightningSync itself (transport failure, unusable body).
    Client,
}

/// One row of the outcome table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code, e.g. `ErrorImpersonateUserDenied` or `HttpUnauthorized`.
    pub code: &'static str,
    /// Where the code comes from.
    pub source: CodeSource,
    /// What the code proves about impersonation of the mailbox.
    pub access: Access,
    /// Whether trying again later can give a different answer without any
    /// change on the server.
    pub retryable: bool,
    /// What the code means for the service account, in one sentence.
    pub meaning: &'static str,
    /// What to do about it.
    pub fix: &'static str,
}

const fn ews(
    code: &'static str,
    access: Access,
    retryable: bool,
    meaning: &'static str,
    fix: &'static str,
) -> CodeInfo {
    CodeInfo {
        access,
        ..other(code, CodeSource::Ews, retryable, meaning, fix)
    }
}

const fn other(
    code: &'static str,
    source: CodeSource,
    retryable: bool,
    meaning: &'static str,
    fix: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        source,
        access: Access::Unknown,
        retryable,
        meaning,
        fix,
    }
}

/// The success code.
pub const NO_ERROR: &str = "NoError";
/// HTTP 401: the server did not accept the credential.
pub const HTTP_UNAUTHORIZED: &str = "HttpUnauthorized";
/// HTTP 403 without an EWS code.
pub const HTTP_FORBIDDEN: &str = "HttpForbidden";
/// HTTP 404: no EWS endpoint at the URL.
pub const HTTP_NOT_FOUND: &str = "HttpNotFound";
/// HTTP 503 without an EWS code.
pub const HTTP_SERVICE_UNAVAILABLE: &str = "HttpServiceUnavailable";
/// Any other HTTP status without an EWS code.
pub const HTTP_ERROR: &str = "HttpError";
/// A SOAP fault that carries no EWS response code.
pub const SOAP_FAULT: &str = "SoapFault";
/// The body is not well-formed XML (or not UTF-8).
pub const MALFORMED_RESPONSE: &str = "MalformedResponse";
/// Well-formed XML, but not an EWS GetFolder answer.
pub const UNEXPECTED_RESPONSE: &str = "UnexpectedResponse";
/// The body exceeded the size limit.
pub const RESPONSE_TOO_LARGE: &str = "ResponseTooLarge";
/// No answer within the time limit.
pub const TIMEOUT: &str = "Timeout";
/// No HTTP exchange at all (DNS, TCP, proxy).
pub const CONNECTION_FAILED: &str = "ConnectionFailed";
/// The TLS handshake failed or the certificate was not trusted.
pub const TLS_FAILED: &str = "TlsFailed";

/// Every code the probe knows, EWS codes first.
pub const CODES: &[CodeInfo] = &[
    ews(
        NO_ERROR,
        Access::Granted,
        false,
        "The account impersonated the mailbox and opened its folders.",
        "None needed.",
    ),
    ews(
        "ErrorImpersonateUserDenied",
        Access::Denied,
        false,
        "The account may not impersonate this mailbox: the mailbox is outside every ApplicationImpersonation assignment the account holds.",
        "Assign ApplicationImpersonation to the account (New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account> -CustomRecipientWriteScope <scope>), make sure the scope filter matches this mailbox (Get-Recipient -Filter <filter>), then allow time for replication and test again.",
    ),
    ews(
        "ErrorImpersonationDenied",
        Access::Denied,
        false,
        "The account may not impersonate anyone through this server: it holds no ApplicationImpersonation assignment (on Exchange 2007: no ms-Exch-EPI-Impersonation right on the Client Access server).",
        "Assign the ApplicationImpersonation role to the account with New-ManagementRoleAssignment (Exchange 2007: Add-ADPermission -ExtendedRights ms-Exch-EPI-Impersonation on each Client Access server), wait for replication, test again.",
    ),
    ews(
        "ErrorAccessDenied",
        Access::Denied,
        false,
        "The server authenticated the account but refused it access to the mailbox's folders.",
        "Check that the request used impersonation and not delegate access, and that no EWS access policy or application policy blocks the account; then check the ApplicationImpersonation assignment and its scope.",
    ),
    ews(
        "ErrorImpersonationFailed",
        Access::Unknown,
        true,
        "The server failed internally while impersonating the mailbox (server-to-server authentication or directory lookup).",
        "Check the EWS application pool, Active Directory connectivity and forest trusts on the Exchange server; test again later.",
    ),
    ews(
        "ErrorNonExistentMailbox",
        Access::Unknown,
        false,
        "The address does not belong to any mailbox the server can find.",
        "Check the address for typos and that the user has a mailbox in this organization (Get-Recipient <address>); a new mailbox may need a few minutes, or a first logon, before EWS finds it.",
    ),
    ews(
        "ErrorInvalidExchangeImpersonationHeaderData",
        Access::Unknown,
        false,
        "The ExchangeImpersonation header was missing or named no user.",
        "Give a non-empty SMTP address, user principal name or SID for the mailbox.",
    ),
    ews(
        "ErrorInvalidUserPrincipalName",
        Access::Unknown,
        false,
        "The user principal name given for the mailbox is not valid.",
        "Use the mailbox user's exact user principal name, or identify the mailbox by its primary SMTP address.",
    ),
    ews(
        "ErrorInvalidSid",
        Access::Unknown,
        false,
        "The SID given for the mailbox is not valid.",
        "Use the user's SID in S-1-5-21-... form, or identify the mailbox by its primary SMTP address.",
    ),
    ews(
        "ErrorInvalidSmtpAddress",
        Access::Unknown,
        false,
        "The SMTP address given for the mailbox is not valid.",
        "Check the address; use the mailbox's primary SMTP address.",
    ),
    ews(
        "ErrorInvalidServerVersion",
        Access::Unknown,
        false,
        "The server does not accept the requested EWS schema version.",
        "Test again with a lower -ExchangeVersion (Exchange2010_SP2 if an Exchange 2010 server may answer).",
    ),
    ews(
        "ErrorInvalidSchemaVersionForMailboxVersion",
        Access::Unknown,
        false,
        "The mailbox is on an older Exchange server that does not support the requested EWS schema version.",
        "Test again with a lower -ExchangeVersion.",
    ),
    ews(
        "ErrorWrongServerVersion",
        Access::Unknown,
        false,
        "The request reached a server of a different Exchange version than the mailbox needs.",
        "Test again with a lower -ExchangeVersion, or point -EwsUrl at a server of the mailbox's version.",
    ),
    ews(
        "ErrorMailboxMoveInProgress",
        Access::Unknown,
        true,
        "The mailbox is being moved and cannot be opened now.",
        "Test again after the move has completed.",
    ),
    ews(
        "ErrorMailboxStoreUnavailable",
        Access::Unknown,
        true,
        "The mailbox database is not reachable now (or the mailbox is not provisioned yet).",
        "Test again later; for a new mailbox, log on to it once (e.g. in Outlook on the web).",
    ),
    ews(
        "ErrorConnectionFailed",
        Access::Unknown,
        true,
        "The EWS server could not reach the mailbox server.",
        "Test again later; check the mailbox server's health.",
    ),
    ews(
        "ErrorServerBusy",
        Access::Unknown,
        true,
        "The server throttled the request.",
        "Wait the back-off time the server gave (BackOffMilliseconds), test fewer mailboxes at once, or give the service account a throttling policy with higher limits.",
    ),
    ews(
        "ErrorExceededConnectionCount",
        Access::Unknown,
        true,
        "The account has more concurrent EWS connections than its throttling policy allows.",
        "Run fewer requests at once (EWSMaxConcurrency), or give the service account a throttling policy with higher limits.",
    ),
    ews(
        "ErrorInvalidLicense",
        Access::Unknown,
        false,
        "The mailbox user has no license that allows EWS access.",
        "Assign the user a license that includes Exchange and EWS access.",
    ),
    ews(
        "ErrorTokenSerializationDenied",
        Access::Unknown,
        false,
        "The account lacks the token-serialization right; this concerns serialized security contexts, not impersonation.",
        "Do not send a SerializedSecurityContext header; impersonation needs only ApplicationImpersonation.",
    ),
    ews(
        "ErrorFolderNotFound",
        Access::Unknown,
        false,
        "The mailbox has no such folder (or the request used delegate access instead of impersonation).",
        "Log on to the mailbox once so Exchange creates its default folders, then test again.",
    ),
    ews(
        "ErrorSchemaValidation",
        Access::Unknown,
        false,
        "The server rejected the request as not matching the EWS schema.",
        "Test again with a lower -ExchangeVersion; if it persists, report the request to the LightningSync maintainers.",
    ),
    ews(
        "ErrorInvalidRequest",
        Access::Unknown,
        false,
        "The server could not process the request.",
        "Check that -EwsUrl points at /EWS/Exchange.asmx; if it does, report the request to the LightningSync maintainers.",
    ),
    other(
        HTTP_UNAUTHORIZED,
        CodeSource::Http,
        false,
        "The server did not accept the credential (HTTP 401).",
        "Check the user name and password; check that EWS offers an authentication method the account can use (Basic or NTLM/Negotiate on the EWS virtual directory); the account must not need multi-factor authentication or a password change.",
    ),
    other(
        HTTP_FORBIDDEN,
        CodeSource::Http,
        false,
        "The server refused EWS access for the account (HTTP 403).",
        "Check EWS access policies (Get-CASMailbox <account> | fl Ews*; Get-OrganizationConfig | fl Ews*) and any client-certificate or IP restrictions on the EWS virtual directory.",
    ),
    other(
        HTTP_NOT_FOUND,
        CodeSource::Http,
        false,
        "There is no EWS endpoint at this URL (HTTP 404).",
        "Use the EWS URL of the Client Access service, normally https://<server>/EWS/Exchange.asmx (Get-WebServicesVirtualDirectory | fl ExternalUrl,InternalUrl).",
    ),
    other(
        HTTP_SERVICE_UNAVAILABLE,
        CodeSource::Http,
        true,
        "The server is busy or could not route the request to the mailbox (HTTP 503).",
        "Test again later; LightningSync already sends X-AnchorMailbox, so a persistent 503 points at the server's health.",
    ),
    other(
        HTTP_ERROR,
        CodeSource::Http,
        false,
        "The server answered with an HTTP error and no EWS response code.",
        "Check that -EwsUrl points at /EWS/Exchange.asmx and that no proxy or load balancer answers in its place.",
    ),
    other(
        SOAP_FAULT,
        CodeSource::Ews,
        false,
        "The server answered with a SOAP fault that carries no EWS response code.",
        "Read the server message; check -EwsUrl and -ExchangeVersion.",
    ),
    other(
        MALFORMED_RESPONSE,
        CodeSource::Client,
        false,
        "The answer is not well-formed XML, so it cannot be an EWS response.",
        "Check that -EwsUrl points at /EWS/Exchange.asmx and that no proxy or login page answers in its place.",
    ),
    other(
        UNEXPECTED_RESPONSE,
        CodeSource::Client,
        false,
        "The answer is XML but not an EWS GetFolder response.",
        "Check that -EwsUrl points at /EWS/Exchange.asmx and that no proxy answers in its place.",
    ),
    other(
        RESPONSE_TOO_LARGE,
        CodeSource::Client,
        false,
        "The answer was larger than any EWS GetFolder response can be, so it was not read.",
        "Check that -EwsUrl points at /EWS/Exchange.asmx and not at another service.",
    ),
    other(
        TIMEOUT,
        CodeSource::Client,
        true,
        "The server did not answer within the time limit.",
        "Test again with a larger -TimeoutSec; check the network path and the server's load.",
    ),
    other(
        CONNECTION_FAILED,
        CodeSource::Client,
        true,
        "No connection to the server could be made.",
        "Check the host name in -EwsUrl, DNS, firewalls and proxy settings.",
    ),
    other(
        TLS_FAILED,
        CodeSource::Client,
        false,
        "The secure connection failed: the certificate is not trusted or does not match the host, or no common TLS version (1.2 or later) was found.",
        "Use the host name the certificate was issued to, trust the issuing CA, and enable TLS 1.2 on the server; -SkipCertificateCheck only for a lab.",
    ),
];

/// Looks up a code in the table (exact, case-sensitive match).
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|info| info.code == code)
}

/// Meaning given for an EWS code the table does not know.
pub const UNKNOWN_EWS_MEANING: &str =
    "The server answered with an EWS response code LightningSync does not know.";
/// Fix given for an EWS code the table does not know.
pub const UNKNOWN_EWS_FIX: &str = "Look the response code up in Microsoft's EWS ResponseCode reference (learn.microsoft.com, 'ResponseCode' element).";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique() {
        let mut seen = HashSet::new();
        for info in CODES {
            assert!(seen.insert(info.code), "duplicate code {}", info.code);
        }
    }

    #[test]
    fn every_row_has_meaning_and_fix() {
        for info in CODES {
            assert!(
                !info.meaning.trim().is_empty(),
                "{} has no meaning",
                info.code
            );
            assert!(!info.fix.trim().is_empty(), "{} has no fix", info.code);
            assert!(info.meaning.ends_with('.'), "{}", info.code);
            assert!(info.fix.ends_with('.'), "{}", info.code);
        }
    }

    #[test]
    fn only_no_error_grants_access() {
        for info in CODES {
            assert_eq!(
                info.access == Access::Granted,
                info.code == NO_ERROR,
                "{}",
                info.code
            );
        }
    }

    #[test]
    fn denial_codes_are_the_impersonation_refusals() {
        let denied: Vec<_> = CODES
            .iter()
            .filter(|i| i.access == Access::Denied)
            .map(|i| i.code)
            .collect();
        assert_eq!(
            denied,
            [
                "ErrorImpersonateUserDenied",
                "ErrorImpersonationDenied",
                "ErrorAccessDenied"
            ]
        );
    }

    #[test]
    fn ews_codes_look_like_ews_codes() {
        for info in CODES.iter().filter(|i| i.source == CodeSource::Ews) {
            if info.code == SOAP_FAULT {
                continue;
            }
            assert!(
                info.code == NO_ERROR || info.code.starts_with("Error"),
                "{}",
                info.code
            );
        }
        for info in CODES.iter().filter(|i| i.source != CodeSource::Ews) {
            assert!(!info.code.starts_with("Error"), "{}", info.code);
        }
    }

    #[test]
    fn lookup_is_exact() {
        assert_eq!(lookup("ErrorServerBusy").map(|i| i.retryable), Some(true));
        assert!(lookup("errorserverbusy").is_none());
        assert!(lookup("ErrorServerBusy ").is_none());
        assert!(lookup("").is_none());
    }
}

//! EWS impersonation probe: SOAP requests and response classification.
//!
//! The probe is a `GetFolder` for the impersonated user's Calendar and
//! Contacts folders, sent with an `ExchangeImpersonation` header
//! ([`request::get_folder_request`]). The caller (PowerShell) does the HTTP
//! and hands the status and body to [`classify::classify`], which reads the
//! EWS `ResponseCode` (never the localized text) and maps it through the
//! table in [`codes`] to a meaning, a fix and a verdict.

pub mod classify;
pub mod codes;
pub mod identity;
pub mod request;
pub mod response;
pub mod version;

pub use classify::{Expectation, ProbeOutcome, classify, classify_transport_failure};
pub use identity::{IdentifierChoice, IdentifierKind, ImpersonatedId};
pub use request::get_folder_request;
pub use version::ServerVersion;

/// The largest response body read. A GetFolder answer or a fault is a few
/// kilobytes; anything above this is not an EWS answer to the probe.
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// SOAP 1.1 envelope namespace.
pub const NS_SOAP: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope namespace (accepted in answers, never sent).
pub const NS_SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
/// EWS types namespace (`t:`).
pub const NS_TYPES: &str = "http://schemas.microsoft.com/exchange/services/2006/types";
/// EWS messages namespace (`m:`).
pub const NS_MESSAGES: &str = "http://schemas.microsoft.com/exchange/services/2006/messages";
/// EWS errors namespace (`e:`), used in fault details.
pub const NS_ERRORS: &str = "http://schemas.microsoft.com/exchange/services/2006/errors";

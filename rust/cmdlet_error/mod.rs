//! One classifier for the errors Exchange cmdlets raise (docs/exchange.md,
//! "Error catalogue"): which kind of error it is, whether trying again may
//! help, and the `LightningSync.<Reason>` error id the module reports it under.
//! Every caller (the reads of the organization, the plan steps, their checks)
//! asks here, so the retry policy has one source.

use serde::{Deserialize, Serialize};

/// The kind of a cmdlet error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ErrorKind {
    /// Trying again later may succeed (see [`Fault`]).
    Transient,
    /// Exchange reports the object as not found.
    NotFound,
    /// An object of that name exists already.
    AlreadyExists,
    /// A scope with the same filter exists under another name.
    SimilarScope,
    /// The caller lacks the rights (or the cmdlet is missing from the session).
    Permission,
    /// Anything else: not retried.
    Other,
}

/// Why a transient error is worth another try.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Fault {
    /// "Pipelines cannot be executed concurrently": raised on the client
    /// before the command reaches Exchange.
    ConcurrentPipeline,
    /// Not found, for an object just created (not yet replicated).
    Replication,
    /// Server busy, throttling, transient directory or transport faults.
    Throttled,
}

/// One error as PowerShell reports it, and what the caller knows about it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CmdletError {
    /// `Exception.Message`.
    pub message: String,
    /// `CategoryInfo.Reason` (the exception type name).
    pub reason: String,
    /// `FullyQualifiedErrorId`.
    pub error_id: String,
    /// Names of objects this run created: their "not found" is replication.
    pub created_names: Vec<String>,
    /// The read verifies a write that succeeded: any "not found" is replication.
    pub expect_present: bool,
}

/// The classifier's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Verdict {
    /// The kind of error.
    pub kind: ErrorKind,
    /// For a transient error, why another try may help.
    pub fault: Option<Fault>,
    /// The error id the module reports the error under.
    pub error_id: &'static str,
    /// For "not found", the identity Exchange names.
    pub object: Option<String>,
}

/// Texts (compared ignoring ASCII case) of throttling and transient faults.
const THROTTLED: &[&str] = &[
    "server is busy",
    "serverbusy",
    "throttl",
    "micro-delay",
    "microdelay",
    "too many requests",
    "too many concurrent requests",
    "temporarily unavailable",
    "try again later",
    "transientexception",
    "winrm cannot complete the operation",
    "(429)",
    "(503)",
    " 429 ",
    " 503 ",
];

/// Texts of errors that say the caller lacks the rights.
const PERMISSION: &[&str] = &[
    "insufficient access rights",
    "access is denied",
    "accessdenied",
    "unauthorizedaccess",
    "is not recognized as the name of a cmdlet",
    "isn't within your current write scope",
    "needhierarchicalroleassignment",
];

fn contains(haystack: &str, needle: &str) -> bool {
    haystack.contains(needle)
}

fn lower(e: &CmdletError) -> (String, String, String) {
    (
        e.message.to_ascii_lowercase(),
        e.reason.to_ascii_lowercase(),
        e.error_id.to_ascii_lowercase(),
    )
}

/// The identity in "object '<id>' couldn't be found".
fn not_found_object(message: &str) -> Option<String> {
    let start = message.find("object '")? + "object '".len();
    let rest = &message[start..];
    for end in ["' couldn't be found", "' could not be found"] {
        if let Some(i) = rest.find(end) {
            return Some(rest[..i].to_owned());
        }
    }
    None
}

fn verdict(kind: ErrorKind, fault: Option<Fault>, object: Option<String>) -> Verdict {
    let error_id = match (kind, fault) {
        (ErrorKind::Transient, Some(Fault::ConcurrentPipeline)) => {
            "LightningSync.ExchangeConcurrentPipeline"
        }
        (ErrorKind::Transient, _) => "LightningSync.ExchangeTransientFault",
        (ErrorKind::NotFound, _) => "LightningSync.ExchangeObjectNotFound",
        (ErrorKind::AlreadyExists, _) => "LightningSync.ExchangeObjectExists",
        (ErrorKind::SimilarScope, _) => "LightningSync.ExchangeSimilarScope",
        (ErrorKind::Permission, _) => "LightningSync.ExchangePermissionDenied",
        (ErrorKind::Other, _) => "LightningSync.ExchangeCommandFailed",
    };
    Verdict {
        kind,
        fault,
        error_id,
        object,
    }
}

/// Classifies one cmdlet error.
pub fn classify(e: &CmdletError) -> Verdict {
    let (message, reason, id) = lower(e);
    let all = format!("{message} {reason} {id}");
    let final_error = all.contains("not retriable") || all.contains("not retryable");
    if message.contains("pipelines cannot be executed concurrently")
        || id.starts_with("remotepipelineexecutionfailed")
    {
        return verdict(ErrorKind::Transient, Some(Fault::ConcurrentPipeline), None);
    }
    let not_found = reason.contains("managementobjectnotfoundexception")
        || reason.contains("objectnotfound")
        || [
            "couldn't be found",
            "could not be found",
            "managementobjectnotfoundexception",
        ]
        .iter()
        .any(|n| contains(&message, n));
    if not_found {
        let object = not_found_object(&e.message);
        let created = object.as_deref().is_some_and(|o| {
            e.created_names
                .iter()
                .any(|n| !n.is_empty() && n.eq_ignore_ascii_case(o))
        });
        if !final_error && (e.expect_present || created) {
            return verdict(ErrorKind::Transient, Some(Fault::Replication), object);
        }
        return verdict(ErrorKind::NotFound, None, object);
    }
    if reason.contains("adobjectalreadyexistsexception") || message.contains("already exists") {
        return verdict(ErrorKind::AlreadyExists, None, None);
    }
    if all.contains("similarscopefound") || message.contains("similar scope") {
        return verdict(ErrorKind::SimilarScope, None, None);
    }
    if PERMISSION.iter().any(|p| all.contains(p)) {
        return verdict(ErrorKind::Permission, None, None);
    }
    let spaced = format!(" {message} {reason} ");
    if !final_error && THROTTLED.iter().any(|t| spaced.contains(t)) {
        return verdict(ErrorKind::Transient, Some(Fault::Throttled), None);
    }
    verdict(ErrorKind::Other, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(message: &str, reason: &str, id: &str) -> CmdletError {
        CmdletError {
            message: message.into(),
            reason: reason.into(),
            error_id: id.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_catalogue_is_classified() {
        let cases = [
            (
                error(
                    "Pipeline not executed because a pipeline is already executing. Pipelines cannot be executed concurrently.",
                    "PSInvalidOperationException",
                    "RemotePipelineExecutionFailed",
                ),
                ErrorKind::Transient,
                Some(Fault::ConcurrentPipeline),
            ),
            (
                error(
                    "The operation couldn't be performed because object 'X' couldn't be found on 'DC01.contoso.com'.",
                    "ManagementObjectNotFoundException",
                    "",
                ),
                ErrorKind::NotFound,
                None,
            ),
            (
                error(
                    "Active Directory operation failed on DC01. The object 'CN=X,CN=Scopes' already exists.",
                    "ADObjectAlreadyExistsException",
                    "",
                ),
                ErrorKind::AlreadyExists,
                None,
            ),
            (
                error("SimilarScopeFound(Sales)", "ArgumentException", ""),
                ErrorKind::SimilarScope,
                None,
            ),
            (
                error(
                    "Active Directory operation failed on DC01. This error is not retriable. Additional information: Insufficient access rights to perform the operation.",
                    "ADOperationException",
                    "",
                ),
                ErrorKind::Permission,
                None,
            ),
            (
                error(
                    "The server is busy. Try again later.",
                    "ADTransientException",
                    "",
                ),
                ErrorKind::Transient,
                Some(Fault::Throttled),
            ),
            (
                error("The filter is not valid.", "ArgumentException", ""),
                ErrorKind::Other,
                None,
            ),
            (
                error(
                    "The server is busy. This error is not retriable.",
                    "ADOperationException",
                    "",
                ),
                ErrorKind::Other,
                None,
            ),
        ];
        for (e, kind, fault) in cases {
            let v = classify(&e);
            assert_eq!((v.kind, v.fault), (kind, fault), "{}", e.message);
            assert!(v.error_id.starts_with("LightningSync."));
        }
    }

    #[test]
    fn not_found_of_a_created_object_is_replication() {
        let mut e = error(
            "The operation couldn't be performed because object 'LightningSync-svc' couldn't be found on 'DC01'.",
            "ManagementObjectNotFoundException",
            "",
        );
        assert_eq!(classify(&e).object.as_deref(), Some("LightningSync-svc"));
        e.created_names = vec!["lightningsync-SVC".into()];
        assert_eq!(classify(&e).fault, Some(Fault::Replication));
        e.created_names.clear();
        e.expect_present = true;
        assert_eq!(classify(&e).fault, Some(Fault::Replication));
    }
}

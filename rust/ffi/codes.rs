//! The coded arguments of the C ABI as header enums, and their conversion
//! from the `int32_t` a caller passes.
//!
//! Exports take these as `int32_t` (a C enum's value may be anything, and an
//! out-of-range Rust enum would be undefined behaviour); the enums give the
//! values names in the header, and an unknown value is
//! `LSYNC_STATUS_INVALID_ARGUMENT` with a message listing the known ones.

use super::error::LsyncError;
use super::status::LsyncStatus;
use crate::ews::Expectation;
use crate::opath::{Engine, Environment};

/// Which Exchange a filter is compiled for (`environment` arguments).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LsyncEnvironment {
    /// Exchange Server 2013, 2016, 2019 and Subscription Edition.
    OnPremises = 0,
    /// Exchange Online (Microsoft 365).
    ExchangeOnline = 1,
}

/// How `lsync_filter_evaluate` decides a match (`engine` argument).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LsyncEngine {
    /// As RBAC decides management-scope membership: in-memory evaluation,
    /// LDAP semantics when the filter uses `MemberOfGroup` or `Members`.
    Rbac = 0,
    /// RBAC's in-memory evaluator.
    InMemory = 1,
    /// The LDAP query Exchange builds (dynamic groups, address lists).
    Ldap = 2,
}

/// What an EWS probe expects of the server (`expectation` arguments).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LsyncExpectation {
    /// The account should be able to impersonate the mailbox.
    Granted = 0,
    /// The mailbox is outside the account's scope: the server should refuse.
    Denied = 1,
}

/// One argument's table: code, header constant, value.
type Table<T> = [(i32, &'static str, T)];

const ENVIRONMENTS: &Table<Environment> = &[
    (
        LsyncEnvironment::OnPremises as i32,
        "LSYNC_ENVIRONMENT_ON_PREMISES",
        Environment::OnPremises,
    ),
    (
        LsyncEnvironment::ExchangeOnline as i32,
        "LSYNC_ENVIRONMENT_EXCHANGE_ONLINE",
        Environment::ExchangeOnline,
    ),
];

const ENGINES: &Table<Option<Engine>> = &[
    (LsyncEngine::Rbac as i32, "LSYNC_ENGINE_RBAC", None),
    (
        LsyncEngine::InMemory as i32,
        "LSYNC_ENGINE_IN_MEMORY",
        Some(Engine::InMemory),
    ),
    (
        LsyncEngine::Ldap as i32,
        "LSYNC_ENGINE_LDAP",
        Some(Engine::Ldap),
    ),
];

const EXPECTATIONS: &Table<Expectation> = &[
    (
        LsyncExpectation::Granted as i32,
        "LSYNC_EXPECTATION_GRANTED",
        Expectation::Granted,
    ),
    (
        LsyncExpectation::Denied as i32,
        "LSYNC_EXPECTATION_DENIED",
        Expectation::Denied,
    ),
];

fn lookup<T: Copy>(table: &Table<T>, code: i32, argument: &str) -> Result<T, LsyncError> {
    if let Some((_, _, value)) = table.iter().find(|(c, _, _)| *c == code) {
        return Ok(*value);
    }
    let known: Vec<String> = table.iter().map(|(c, n, _)| format!("{c} ({n})")).collect();
    Err(LsyncError::new(
        LsyncStatus::InvalidArgument,
        format!("{argument} {code} is not known: pass {}", known.join(", ")),
    ))
}

/// The environment an `LsyncEnvironment` code names.
pub(crate) fn environment(code: i32) -> Result<Environment, LsyncError> {
    lookup(ENVIRONMENTS, code, "environment")
}

/// The engine an `LsyncEngine` code names (`None`: as RBAC decides).
pub(crate) fn engine(code: i32) -> Result<Option<Engine>, LsyncError> {
    lookup(ENGINES, code, "engine")
}

/// The expectation an `LsyncExpectation` code names.
pub(crate) fn expectation(code: i32) -> Result<Expectation, LsyncError> {
    lookup(EXPECTATIONS, code, "expectation")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_header_and_unknown_ones_list_the_known() {
        assert_eq!(environment(1).unwrap(), Environment::ExchangeOnline);
        assert_eq!(engine(2).unwrap(), Some(Engine::Ldap));
        assert_eq!(expectation(1).unwrap(), Expectation::Denied);
        let error = engine(7).unwrap_err();
        assert_eq!(error.status(), LsyncStatus::InvalidArgument);
        assert!(error.message().contains("engine 7"), "{}", error.message());
        assert!(
            error.message().contains("2 (LSYNC_ENGINE_LDAP)"),
            "{}",
            error.message()
        );
        assert!(environment(-1).is_err() && expectation(2).is_err());
    }
}

//! The Exchange environment a filter is checked for (docs/opath.md#exchange-online).

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Which Exchange a filter is meant for. The grammar is the same; value typing,
/// wildcard rules and some lints differ (docs/opath.md#exchange-online).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, Serialize)]
pub enum Environment {
    /// Exchange Server 2013, 2016, 2019 and Subscription Edition.
    #[default]
    OnPremises,
    /// Exchange Online (Microsoft 365).
    ExchangeOnline,
}

impl Environment {
    /// Maps the C ABI code to an environment: 0 is `OnPremises`, 1 is
    /// `ExchangeOnline`; any other code gives `None`.
    pub fn from_code(code: i32) -> Option<Environment> {
        match code {
            0 => Some(Environment::OnPremises),
            1 => Some(Environment::ExchangeOnline),
            _ => None,
        }
    }

    /// The C ABI code of this environment (inverse of [`Environment::from_code`]).
    pub fn code(self) -> i32 {
        match self {
            Environment::OnPremises => 0,
            Environment::ExchangeOnline => 1,
        }
    }

    /// The name PowerShell users type (`OnPremises`, `ExchangeOnline`).
    pub fn name(self) -> &'static str {
        match self {
            Environment::OnPremises => "OnPremises",
            Environment::ExchangeOnline => "ExchangeOnline",
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The text given to [`Environment::from_str`] names no environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEnvironment(pub String);

impl fmt::Display for UnknownEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not an environment: use OnPremises or ExchangeOnline",
            self.0
        )
    }
}

impl std::error::Error for UnknownEnvironment {}

impl FromStr for Environment {
    type Err = UnknownEnvironment;

    /// Parses `OnPremises` or `ExchangeOnline`, ignoring letter case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("OnPremises") {
            Ok(Environment::OnPremises)
        } else if s.eq_ignore_ascii_case("ExchangeOnline") {
            Ok(Environment::ExchangeOnline)
        } else {
            Err(UnknownEnvironment(s.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_case_insensitively() {
        assert_eq!("onpremises".parse(), Ok(Environment::OnPremises));
        assert_eq!("EXCHANGEONLINE".parse(), Ok(Environment::ExchangeOnline));
        assert!("Online".parse::<Environment>().is_err());
    }

    #[test]
    fn codes_round_trip() {
        for env in [Environment::OnPremises, Environment::ExchangeOnline] {
            assert_eq!(Environment::from_code(env.code()), Some(env));
        }
        assert_eq!(Environment::from_code(2), None);
        assert_eq!(Environment::from_code(-1), None);
        assert_eq!(Environment::default(), Environment::OnPremises);
    }
}

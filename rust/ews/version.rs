//! The `RequestServerVersion` values the probe may send.

use std::fmt;
use std::str::FromStr;

/// An EWS schema version for `t:RequestServerVersion/@Version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServerVersion {
    /// `Exchange2007_SP1`.
    Exchange2007Sp1,
    /// `Exchange2010`.
    Exchange2010,
    /// `Exchange2010_SP1`.
    Exchange2010Sp1,
    /// `Exchange2010_SP2`: use when an Exchange 2010 server may answer.
    Exchange2010Sp2,
    /// `Exchange2013`.
    Exchange2013,
    /// `Exchange2013_SP1`: the default; accepted by 2013, 2016, 2019, SE and
    /// Exchange Online.
    #[default]
    Exchange2013Sp1,
    /// `Exchange2016`: sent by some newer Microsoft samples.
    Exchange2016,
}

impl ServerVersion {
    /// Every supported value, oldest first.
    pub const ALL: [ServerVersion; 7] = [
        ServerVersion::Exchange2007Sp1,
        ServerVersion::Exchange2010,
        ServerVersion::Exchange2010Sp1,
        ServerVersion::Exchange2010Sp2,
        ServerVersion::Exchange2013,
        ServerVersion::Exchange2013Sp1,
        ServerVersion::Exchange2016,
    ];

    /// The value as written in the request.
    pub fn as_str(self) -> &'static str {
        match self {
            ServerVersion::Exchange2007Sp1 => "Exchange2007_SP1",
            ServerVersion::Exchange2010 => "Exchange2010",
            ServerVersion::Exchange2010Sp1 => "Exchange2010_SP1",
            ServerVersion::Exchange2010Sp2 => "Exchange2010_SP2",
            ServerVersion::Exchange2013 => "Exchange2013",
            ServerVersion::Exchange2013Sp1 => "Exchange2013_SP1",
            ServerVersion::Exchange2016 => "Exchange2016",
        }
    }
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The version text is not one of [`ServerVersion::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownServerVersion(pub String);

impl fmt::Display for UnknownServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = ServerVersion::ALL.iter().map(|v| v.as_str()).collect();
        write!(
            f,
            "unknown Exchange version '{}'; use one of {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownServerVersion {}

impl FromStr for ServerVersion {
    type Err = UnknownServerVersion;

    /// Parses the exact schema names ignoring ASCII case; the empty string
    /// gives the default.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(ServerVersion::default());
        }
        ServerVersion::ALL
            .iter()
            .copied()
            .find(|v| v.as_str().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| UnknownServerVersion(text.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_value() {
        for v in ServerVersion::ALL {
            assert_eq!(v.as_str().parse::<ServerVersion>(), Ok(v));
        }
    }

    #[test]
    fn default_and_case() {
        assert_eq!("".parse(), Ok(ServerVersion::Exchange2013Sp1));
        assert_eq!(
            "exchange2010_sp2".parse(),
            Ok(ServerVersion::Exchange2010Sp2)
        );
        let err = "Exchange2019".parse::<ServerVersion>().unwrap_err();
        assert!(err.to_string().contains("Exchange2013_SP1"));
    }
}

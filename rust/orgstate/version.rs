//! Exchange product versions, from `Get-ExchangeServer`'s `AdminDisplayVersion`
//! (`Version 15.2 (Build 2562.17)`; docs/exchange.md#exchange-servers-and-versions).

use serde::Serialize;
use std::fmt;

/// An Exchange product, as the planner distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ExchangeVersion {
    /// Exchange 2007 (8.x): impersonation by AD extended rights only.
    #[serde(rename = "2007")]
    Ex2007,
    /// Exchange 2010 (14.x): RBAC; the AD extended-rights step has no effect.
    #[serde(rename = "2010")]
    Ex2010,
    /// Exchange 2013 (15.0).
    #[serde(rename = "2013")]
    Ex2013,
    /// Exchange 2016 (15.1).
    #[serde(rename = "2016")]
    Ex2016,
    /// Exchange 2019 (15.2, build below 2562).
    #[serde(rename = "2019")]
    Ex2019,
    /// Exchange Server Subscription Edition (15.2, build 2562 or later).
    #[serde(rename = "SE")]
    Se,
    /// Exchange Online.
    Online,
}

/// First build of Exchange SE; 2019 and SE share version 15.2 (docs/exchange.md#exchange-servers-and-versions).
const FIRST_SE_BUILD: u32 = 2562;

impl ExchangeVersion {
    /// The name used in plans and parameters: `2010` … `SE`, `Online`.
    pub fn name(self) -> &'static str {
        match self {
            ExchangeVersion::Ex2007 => "2007",
            ExchangeVersion::Ex2010 => "2010",
            ExchangeVersion::Ex2013 => "2013",
            ExchangeVersion::Ex2016 => "2016",
            ExchangeVersion::Ex2019 => "2019",
            ExchangeVersion::Se => "SE",
            ExchangeVersion::Online => "Online",
        }
    }

    /// Parses a name as [`ExchangeVersion::name`] writes it (case-insensitive;
    /// `ExchangeOnline` is accepted for `Online`).
    pub fn from_name(name: &str) -> Option<ExchangeVersion> {
        let n = name.trim();
        [
            ExchangeVersion::Ex2007,
            ExchangeVersion::Ex2010,
            ExchangeVersion::Ex2013,
            ExchangeVersion::Ex2016,
            ExchangeVersion::Ex2019,
            ExchangeVersion::Se,
            ExchangeVersion::Online,
        ]
        .into_iter()
        .find(|v| v.name().eq_ignore_ascii_case(n))
        .or_else(|| {
            n.eq_ignore_ascii_case("ExchangeOnline")
                .then_some(ExchangeVersion::Online)
        })
    }

    /// Reads `Version <major>.<minor> (Build <build>.<rev>)`. Returns the
    /// product and the full build text (`15.2.2562.17`).
    pub fn from_admin_display_version(text: &str) -> Option<(ExchangeVersion, String)> {
        let rest = text.trim().strip_prefix("Version")?.trim_start();
        let (version, build_part) = rest.split_once('(')?;
        let mut numbers = version.trim().split('.');
        let major: u32 = numbers.next()?.trim().parse().ok()?;
        let minor: u32 = numbers.next()?.trim().parse().ok()?;
        let build_text = build_part
            .trim()
            .strip_prefix("Build")?
            .trim()
            .trim_end_matches(')')
            .trim();
        let build: u32 = build_text.split('.').next()?.parse().ok()?;
        let product = match (major, minor) {
            (8, _) => ExchangeVersion::Ex2007,
            (14, _) => ExchangeVersion::Ex2010,
            (15, 0) => ExchangeVersion::Ex2013,
            (15, 1) => ExchangeVersion::Ex2016,
            (15, 2) if build >= FIRST_SE_BUILD => ExchangeVersion::Se,
            (15, 2) => ExchangeVersion::Ex2019,
            _ => return None,
        };
        Some((product, format!("{major}.{minor}.{build_text}")))
    }
}

impl fmt::Display for ExchangeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_display_versions_map_to_products() {
        let v = |t: &str| ExchangeVersion::from_admin_display_version(t).map(|(v, _)| v);
        assert_eq!(
            v("Version 14.3 (Build 123.4)"),
            Some(ExchangeVersion::Ex2010)
        );
        assert_eq!(
            v("Version 15.0 (Build 1497.2)"),
            Some(ExchangeVersion::Ex2013)
        );
        assert_eq!(
            v("Version 15.1 (Build 2507.18)"),
            Some(ExchangeVersion::Ex2016)
        );
        assert_eq!(
            v("Version 15.2 (Build 1748.10)"),
            Some(ExchangeVersion::Ex2019)
        );
        assert_eq!(
            v("Version 15.2 (Build 2561.99)"),
            Some(ExchangeVersion::Ex2019)
        );
        assert_eq!(v("Version 15.2 (Build 2562.17)"), Some(ExchangeVersion::Se));
        assert_eq!(v("Version 8.3 (Build 83.6)"), Some(ExchangeVersion::Ex2007));
        assert_eq!(v("15.2.2562.17"), None);
        assert_eq!(v("Version 16.0 (Build 1.0)"), None);
        assert_eq!(
            ExchangeVersion::from_admin_display_version("Version 15.2 (Build 2562.17)")
                .unwrap()
                .1,
            "15.2.2562.17"
        );
    }

    #[test]
    fn names_round_trip() {
        for v in ["2010", "2013", "2016", "2019", "SE", "Online", "se"] {
            let parsed = ExchangeVersion::from_name(v).unwrap();
            assert!(parsed.name().eq_ignore_ascii_case(v));
        }
        assert_eq!(ExchangeVersion::from_name("2020"), None);
    }
}

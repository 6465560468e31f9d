//! Which Exchange an organization is, decided once from the evidence at hand
//! (docs/exchange.md#exchange-servers-and-versions): the cmdlets a live
//! session offers, the `IsExchangeOnline` a snapshot records, or the version
//! an offline plan names. PowerShell only reports the evidence.

use super::model::Target;
use crate::orgstate::{ExchangeVersion, OrgState};

/// The cmdlets of a live session that tell its environment apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionCommands {
    /// `Get-ExchangeServer` (the Exchange Management Shell; Exchange Online has none).
    pub get_exchange_server: bool,
    /// `Get-ServicePrincipal` (Exchange Online PowerShell, RBAC for Applications).
    pub get_service_principal: bool,
    /// `Get-ConnectionInformation` (the Exchange Online PowerShell module, V3).
    pub get_connection_information: bool,
}

/// The environment a live session is: on-premises when it has
/// `Get-ExchangeServer`; else Exchange Online when it has
/// `Get-ServicePrincipal` or `Get-ConnectionInformation`; else `None`, no
/// Exchange session at all.
pub fn session_target(commands: SessionCommands) -> Option<Target> {
    if commands.get_exchange_server {
        Some(Target::OnPremises)
    } else if commands.get_service_principal || commands.get_connection_information {
        Some(Target::ExchangeOnline)
    } else {
        None
    }
}

/// The environment an org snapshot records (its `IsExchangeOnline`).
pub fn snapshot_target(state: &OrgState) -> Target {
    if state.is_exchange_online {
        Target::ExchangeOnline
    } else {
        Target::OnPremises
    }
}

/// The environment a plan is made for: the snapshot's; without one (offline),
/// Exchange Online only when the version named is `Online`.
pub fn planned_target(state: Option<&OrgState>, version: Option<ExchangeVersion>) -> Target {
    match state {
        Some(s) => snapshot_target(s),
        None if version == Some(ExchangeVersion::Online) => Target::ExchangeOnline,
        None => Target::OnPremises,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(server: bool, principal: bool, connection: bool) -> SessionCommands {
        SessionCommands {
            get_exchange_server: server,
            get_service_principal: principal,
            get_connection_information: connection,
        }
    }

    #[test]
    fn the_session_table() {
        let table = [
            ((false, false, false), None),
            ((true, false, false), Some(Target::OnPremises)),
            // The Exchange Management Shell with online cmdlets imported beside it stays on-premises.
            ((true, true, true), Some(Target::OnPremises)),
            ((false, true, false), Some(Target::ExchangeOnline)),
            ((false, false, true), Some(Target::ExchangeOnline)),
            ((false, true, true), Some(Target::ExchangeOnline)),
        ];
        for ((server, principal, connection), expected) in table {
            assert_eq!(
                session_target(commands(server, principal, connection)),
                expected,
                "{server} {principal} {connection}"
            );
        }
    }

    #[test]
    fn offline_plans_follow_the_version() {
        assert_eq!(
            planned_target(None, Some(ExchangeVersion::Online)),
            Target::ExchangeOnline
        );
        assert_eq!(
            planned_target(None, ExchangeVersion::from_name("2019")),
            Target::OnPremises
        );
        assert_eq!(planned_target(None, None), Target::OnPremises);
    }
}

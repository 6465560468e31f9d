#Requires -Version 5.1
# ExchangeEmulator: a stateful stand-in for Exchange (2010, 2013, 2016, 2019, SE) and Exchange Online in tests.
# It follows Exchange's documented contract (docs/exchange.md, docs/opath.md), not the code under test.
# The Exchange cmdlets are installed as global functions by Reset-ExchangeEmulator, per environment; the module
# itself exports only the control API.

# Strict mode stays off here: the emulator reads optional keys of hashtable records by dot notation.
Set-StrictMode -Off

foreach ($folder in @('Private', 'Cmdlets', 'Control')) {
    foreach ($file in @(Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot $folder) -Filter '*.ps1' | Sort-Object Name)) {
        . $file.FullName
    }
}

$script:OpathProperties = Import-EmuOpathPropertyTable -Path (Join-Path $PSScriptRoot 'Data/OpathProperties.tsv')

# The implementations, captured before any global copy exists.
$script:CmdletImplementations = @{}
foreach ($name in @($script:CommonCmdletNames + $script:OnPremisesCmdletNames + $script:OnlineCmdletNames)) {
    $script:CmdletImplementations[$name] = (Get-Item -Path ('function:' + $name)).ScriptBlock
    # Only the global copies may carry these names, so that Remove-Item finds and removes exactly those.
    Remove-Item -Path ('function:' + $name)
}

Reset-ExchangeEmulator -Version 2019

$ExecutionContext.SessionState.Module.OnRemove = { Uninstall-EmuCmdlet }

Export-ModuleMember -Function @(
    'Reset-ExchangeEmulator', 'Add-EmulatorRecipient', 'Add-EmulatorServer', 'Add-EmulatorEntraApp',
    'Add-EmulatorRoleAssignment', 'Add-EmulatorManagementScope', 'Add-EmulatorAdPermission',
    'Get-EmulatorState', 'Export-EmulatorState', 'Get-EmulatorCallLog', 'Clear-EmulatorCallLog',
    'Set-EmulatorFault', 'Get-EmulatorFault', 'Clear-EmulatorFault',
        'Set-EmulatorAuthorizationOverride', 'Set-EmulatorRoleAssignmentTime'
)

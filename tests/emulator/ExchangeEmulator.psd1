@{
    RootModule           = 'ExchangeEmulator.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '8a1c2f0e-5b7d-4e52-9c3a-1f6e0d4b7a21'
    Author               = 'LightningSync'
    Description          = 'Test-only emulator of the Exchange and Exchange Online cmdlets LightningSync calls, with in-memory state, Exchange error texts, fault injection and the concurrent-pipeline error.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @(
        'Reset-ExchangeEmulator', 'Add-EmulatorRecipient', 'Add-EmulatorServer', 'Add-EmulatorEntraApp',
        'Add-EmulatorRoleAssignment', 'Add-EmulatorManagementScope', 'Add-EmulatorAdPermission',
        'Get-EmulatorState', 'Export-EmulatorState', 'Get-EmulatorCallLog', 'Clear-EmulatorCallLog',
        'Set-EmulatorFault', 'Get-EmulatorFault', 'Clear-EmulatorFault',
        'Set-EmulatorAuthorizationOverride', 'Set-EmulatorRoleAssignmentTime'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{ PSData = @{ Tags = @('PSEdition_Desktop', 'PSEdition_Core', 'Test') } }
}

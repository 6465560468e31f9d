@{
    RootModule           = 'LightningSync.psm1'
    # The compiled part (netstandard2.0, built by build.ps1): interop, output
    # types and the compiled cmdlets. Nothing is compiled at import.
    NestedModules        = @('LightningSync.Interop.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '5de9edc4-391c-45c2-9179-e701d5a51c91'
    Author               = 'LightningSync contributors'
    CompanyName          = 'LightningSync'
    Copyright            = '(c) LightningSync contributors. MIT License.'
    Description          = 'Sets up and audits the Exchange service account that Salesforce Lightning Sync and other EWS/Graph sync products use to impersonate mailboxes: filter validation, scope preview, idempotent plans, audit and EWS verification.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @(
        'ConvertTo-LightningSyncRecipientFilter'
        'Export-LightningSyncOrgSnapshot'
        'Export-LightningSyncReport'
        'Export-LightningSyncScript'
        'Get-LightningSyncFilterableProperty'
        'Get-LightningSyncPlan'
        'Import-LightningSyncRecipient'
        'New-LightningSyncServiceAccount'
        'Remove-LightningSyncServiceAccount'
        'Test-LightningSyncImpersonation'
        'Test-LightningSyncServiceAccount'
    )
    FormatsToProcess     = @('LightningSync.format.ps1xml')
    CmdletsToExport      = @(
        'Get-LightningSyncScopePreview'
        'Test-LightningSyncRecipientFilter'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    FileList             = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Exchange', 'Impersonation', 'ApplicationImpersonation', 'RBAC', 'LightningSync', 'Salesforce', 'EWS', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'See README.md.'
        }
    }
}

# Cached catalog of filterable properties; filled on first use.
$script:LightningSyncFilterCatalog = $null

function Get-LightningSyncFilterCatalog {
    <#
    .SYNOPSIS
    Returns the filterable properties (LightningSync.FilterableProperty
    objects, sorted by name) from the native catalog, read across the ABI once
    per session and cached.
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.FilterableProperty')]
    param()

    if ($null -eq $script:LightningSyncFilterCatalog) {
        $entries = ConvertFrom-Json -InputObject ([LightningSync.Interop.RecipientFilterCheck]::CatalogJson())
        $script:LightningSyncFilterCatalog = @(foreach ($e in $entries) {
            [pscustomobject]@{
                PSTypeName         = 'LightningSync.FilterableProperty'
                Name               = [string]$e.name
                Type               = [string]$e.type
                DotNetType         = [string]$e.dotnetType
                LdapAttribute      = $e.ldapAttribute
                MultiValued        = [bool]$e.multiValued
                Wildcards          = [string]$e.wildcards
                Calculated         = [bool]$e.calculated
                FilterOnly         = [bool]$e.filterOnly
                ExchangeServerOnly = [bool]$e.exchangeServerOnly
                Documented         = [bool]$e.documented
                Values             = [string[]]@($e.values)
                Flags              = [bool]$e.flags
                Notes              = [string]$e.notes
            }
        })
    }
    $script:LightningSyncFilterCatalog
}

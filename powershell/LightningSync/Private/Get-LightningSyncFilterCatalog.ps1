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
        $script:LightningSyncFilterCatalog = [LightningSync.Interop.RecipientFilterCheck]::Catalog()
    }
    $script:LightningSyncFilterCatalog
}

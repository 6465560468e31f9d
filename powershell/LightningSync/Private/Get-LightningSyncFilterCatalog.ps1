function Get-LightningSyncFilterCatalog {
    <#
    .SYNOPSIS
    Returns the filterable properties (LightningSync.FilterableProperty
    objects, sorted by name) from the native catalog, which the interop reads
    across the ABI once per process (RecipientFilterCheck.Catalog, shared with
    tab completion).
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.FilterableProperty')]
    param()

    [LightningSync.Interop.RecipientFilterCheck]::Catalog()
}

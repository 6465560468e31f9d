function ConvertTo-LightningSyncFilterText {
    <#
    .SYNOPSIS
    Returns the text Exchange receives for a filter argument: a string as it is,
    a script block's text without its braces, taken verbatim (New-ManagementScope
    receives exactly that; variables inside are not expanded on the client), or
    the RecipientRestrictionFilter / RecipientFilter property of an object such
    as Get-ManagementScope or Get-DynamicDistributionGroup output.
    .DESCRIPTION
    Any other input is a terminating LightningSync.FilterTypeInvalid error, or
    $null with -NullWhenUnknown (so a caller can write the error itself without
    a caught exception landing in its -ErrorVariable).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [object] $InputObject,

        [switch] $NullWhenUnknown
    )

    if ($InputObject -is [scriptblock]) {
        return $InputObject.ToString()
    }
    if ($InputObject -is [string]) {
        return $InputObject
    }
    foreach ($name in @('RecipientRestrictionFilter', 'RecipientFilter')) {
        $property = $InputObject.PSObject.Properties[$name]
        if ($null -ne $property -and $property.Value -is [string]) {
            return $property.Value
        }
    }
    if ($NullWhenUnknown) {
        return $null
    }
    throw (New-LightningSyncFilterTypeError -InputObject $InputObject)
}

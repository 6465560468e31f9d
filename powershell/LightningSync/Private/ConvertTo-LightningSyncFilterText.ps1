function ConvertTo-LightningSyncFilterText {
    <#
    .SYNOPSIS
    Returns the text Exchange receives for a filter argument: a string as it is,
    a script block's text without its braces, taken verbatim (New-ManagementScope
    receives exactly that; variables inside are not expanded on the client), or
    the RecipientRestrictionFilter / RecipientFilter property of an object such
    as Get-ManagementScope or Get-DynamicDistributionGroup output.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [object] $InputObject
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
    $message = "A recipient filter must be a string or a script block; got [$($InputObject.GetType().FullName)] without a RecipientRestrictionFilter or RecipientFilter property. " +
        "Pass the filter as a string, for example: -RecipientFilter ""Department -eq 'Sales'""."
    throw (New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.FilterTypeInvalid' -Category InvalidArgument -TargetObject $InputObject)
}

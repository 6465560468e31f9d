function Get-LightningSyncPropertySuggestion {
    <#
    .SYNOPSIS
    The library's message for a name that is not a filterable property,
    naming the closest properties ("... Did you mean Department?"). It asks
    the filter builder for a condition on that name, which fails with exactly
    that message.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [string] $Name
    )

    $json = ConvertTo-LightningSyncFilterConditionJson -Condition @(@{ Property = $Name; Values = @('x') })
    $filter = $null
    $failure = $null
    if (-not [LightningSync.Interop.RecipientFilterCheck]::TryBuild($json, 0, [ref] $filter, [ref] $failure)) {
        return $failure.Message
    }
    "`"$Name`" is not a recognized filterable property."
}

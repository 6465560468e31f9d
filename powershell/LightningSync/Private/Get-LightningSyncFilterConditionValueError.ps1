function Get-LightningSyncFilterConditionValueError {
    <#
    .SYNOPSIS
    The LightningSync.FilterConditionValueInvalid error record for a builder
    value that is not a single value (a hashtable, a nested list, an object),
    or $null when every value is a string, character, number, boolean, enum,
    GUID or date. Such a value would otherwise become its type name
    ('System.Collections.Hashtable') and the filter would match no recipient.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [string] $Property,

        [AllowNull()]
        [AllowEmptyCollection()]
        [object[]] $Value,

        [Parameter(Mandatory)]
        [string] $Source
    )

    foreach ($v in @($Value)) {
        if ($null -eq $v) { continue }
        $base = $v
        if ($v -is [System.Management.Automation.PSObject]) { $base = $v.PSObject.BaseObject }
        if ($base -is [string] -or $base -is [System.ValueType]) { continue }
        $message = "The value of $Property in $Source is a [$($base.GetType().FullName)], not a value: it would become the text '$base' and the filter would match no recipient. " +
            "Give a string or a list of strings, for example $Source @{ $Property = 'Sales', 'Marketing' }."
        return (New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.FilterConditionValueInvalid' -Category InvalidArgument -TargetObject $v)
    }
    $null
}

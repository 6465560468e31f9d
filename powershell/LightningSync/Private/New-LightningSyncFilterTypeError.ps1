function New-LightningSyncFilterTypeError {
    <#
    .SYNOPSIS
    The LightningSync.FilterTypeInvalid error record for a filter argument that
    is neither a string, a script block, nor an object with a
    RecipientRestrictionFilter or RecipientFilter property.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [object] $InputObject
    )

    $message = "A recipient filter must be a string or a script block; got [$($InputObject.GetType().FullName)] without a RecipientRestrictionFilter or RecipientFilter property. " +
        "Pass the filter as a string, for example: -RecipientFilter ""Department -eq 'Sales'""."
    New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.FilterTypeInvalid' -Category InvalidArgument -TargetObject $InputObject
}

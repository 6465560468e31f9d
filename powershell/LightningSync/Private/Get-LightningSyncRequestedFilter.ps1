function Get-LightningSyncRequestedFilter {
    <#
    .SYNOPSIS
    The recipient filter a public cmdlet was given: the -RecipientFilter text
    (ConvertTo-LightningSyncFilterText), the filter built from the builder
    parameters (-Department, -FilterCondition ...: New-LightningSyncServiceAccountFilter
    for the target), or $null when neither. Both given: LightningSync.FilterAmbiguous.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [System.Collections.IDictionary] $BoundParameters,
        [Parameter(Mandatory)] [string] $Target,
        [AllowEmptyString()] [string] $Account
    )

    $given = @($BoundParameters.Keys)
    $builder = @(@('Department', 'Company', 'Office', 'MemberOfGroup', 'RecipientTypeDetails', 'FilterCondition') | Where-Object { $given -contains $_ })
    $hasFilter = $given -contains 'RecipientFilter'
    if ($builder.Count -gt 0 -and $hasFilter) {
        throw (New-LightningSyncErrorRecord -Message ('Give the mailboxes either with -RecipientFilter or with builder parameters (-{0}), not both.' -f ($builder -join ', -')) -ErrorId 'LightningSync.FilterAmbiguous' -Category InvalidArgument -TargetObject $Account)
    }
    if ($builder.Count -gt 0) { return (New-LightningSyncServiceAccountFilter -BoundParameters $BoundParameters -Target $Target) }
    if ($hasFilter) { return (ConvertTo-LightningSyncFilterText -InputObject $BoundParameters['RecipientFilter']) }
    $null
}

function New-LightningSyncServiceAccountFilter {
    <#
    .SYNOPSIS
    The recipient filter of New-LightningSyncServiceAccount's builder parameters,
    made by ConvertTo-LightningSyncRecipientFilter for the target's environment.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [System.Collections.IDictionary] $BoundParameters,
        [Parameter(Mandatory)] [string] $Target
    )

    # Keys, not Contains: $PSBoundParameters is a generic Dictionary, whose
    # IDictionary.Contains PowerShell cannot call; a Hashtable has both.
    $given = @($BoundParameters.Keys)
    $builder = @{}
    foreach ($name in @('Department', 'Company', 'Office', 'MemberOfGroup', 'RecipientTypeDetails')) {
        if ($given -contains $name) { $builder[$name] = $BoundParameters[$name] }
    }
    if ($given -contains 'FilterCondition') { $builder['Condition'] = $BoundParameters['FilterCondition'] }
    if ($builder.Count -eq 0) {
        throw (New-LightningSyncErrorRecord -Message 'Give the mailboxes to cover: -RecipientFilter, or builder parameters such as -Department or -FilterCondition.' -ErrorId 'LightningSync.FilterMissing' -Category InvalidArgument)
    }
    ConvertTo-LightningSyncRecipientFilter @builder -Environment $Target
}

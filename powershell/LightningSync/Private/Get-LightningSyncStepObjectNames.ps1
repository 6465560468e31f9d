function Get-LightningSyncStepObjectNames {
    <#
    .SYNOPSIS
    The names under which the object a step created can be looked up (its target
    and its Name/Identity/... parameters): a not-found error naming one of them
    right after the step is replication, not absence.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [object] $Step)

    $names = @([string]$Step.target)
    foreach ($source in @($Step.parameters, $(if ($null -ne $Step.PSObject.Properties['verify'] -and $null -ne $Step.verify) { $Step.verify.parameters }))) {
        if ($null -eq $source) { continue }
        foreach ($key in @('Name', 'Identity', 'UserPrincipalName', 'MicrosoftOnlineServicesID', 'Alias', 'SamAccountName', 'ObjectId', 'AppId', 'DisplayName')) {
            $property = $source.PSObject.Properties[$key]
            if ($null -ne $property -and $property.Value -is [string] -and $property.Value) { $names += $property.Value }
        }
    }
    @($names | Where-Object { $_ })
}

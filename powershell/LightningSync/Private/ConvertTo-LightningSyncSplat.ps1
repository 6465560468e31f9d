function ConvertTo-LightningSyncSplat {
    <#
    .SYNOPSIS
    Turns the parameters of a plan step (ConvertFrom-Json output) into a hashtable
    to splat to the Exchange cmdlet by name.

    .DESCRIPTION
    Values arrive as strings, booleans (switches are true booleans), integers,
    arrays of strings, null, or a placeholder {"secret": "<name>"}, which is
    replaced by the SecureString of that name from -Secrets. Secrets never come
    from the plan, and nothing here turns a SecureString into text.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [AllowNull()] [object] $Parameters,
        [hashtable] $Secrets = @{},
        # Leaves a missing secret as $null instead of failing (-WhatIf shows the plan without a password).
        [switch] $AllowMissingSecrets
    )

    $splat = @{}
    if ($null -eq $Parameters) { return $splat }
    $pairs = @()
    if ($Parameters -is [System.Collections.IDictionary]) {
        foreach ($key in @($Parameters.Keys)) { $pairs += , @([string]$key, $Parameters[$key]) }
    }
    else {
        foreach ($property in @($Parameters.PSObject.Properties)) { $pairs += , @($property.Name, $property.Value) }
    }
    foreach ($pair in $pairs) {
        $name = $pair[0]
        $value = $pair[1]
        if ($name -notmatch '^[A-Za-z][A-Za-z0-9]*$') {
            throw (New-LightningSyncErrorRecord -Message "The plan names a parameter '$name' that is not a PowerShell parameter name." -ErrorId 'LightningSync.PlanInvalid' -Category InvalidData -TargetObject $name)
        }
        $splat[$name] = ConvertTo-LightningSyncSplatValue -Name $name -Value $value -Secrets $Secrets -AllowMissingSecrets:$AllowMissingSecrets
    }
    $splat
}

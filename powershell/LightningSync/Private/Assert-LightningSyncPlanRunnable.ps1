function Assert-LightningSyncPlanRunnable {
    <#
    .SYNOPSIS
    Checks every step before the first write: no offline (forEach) step, known
    Exchange cmdlets (step, undo, verify) and all secrets present. Throws LightningSync.PlanInvalid or
    LightningSync.SecretMissing.
    #>
    [CmdletBinding()]
    param(
        [object[]] $Steps = @(),
        [hashtable] $Secrets = @{},
        [switch] $AllowMissingSecrets
    )

    foreach ($step in $Steps) {
        $forEach = $step.PSObject.Properties['forEach']
        if ($null -ne $forEach -and $null -ne $forEach.Value) {
            throw (New-LightningSyncErrorRecord -Message ("Step {0} runs once per item of {1}: that is an offline plan, for an exported script. Plan from the live session to apply it." -f $step.index, $forEach.Value) -ErrorId 'LightningSync.PlanInvalid' -Category InvalidData -TargetObject $step)
        }
        Assert-LightningSyncPlanCmdlet -Name ([string]$step.cmdlet)
        $null = ConvertTo-LightningSyncSplat -Parameters $step.parameters -Secrets $Secrets -AllowMissingSecrets:$AllowMissingSecrets
        foreach ($part in @('undo', 'verify')) {
            $property = $step.PSObject.Properties[$part]
            if ($null -eq $property -or $null -eq $property.Value) { continue }
            Assert-LightningSyncPlanCmdlet -Name ([string]$property.Value.cmdlet)
            $null = ConvertTo-LightningSyncSplat -Parameters $property.Value.parameters -Secrets $Secrets -AllowMissingSecrets:$AllowMissingSecrets
        }
    }
}

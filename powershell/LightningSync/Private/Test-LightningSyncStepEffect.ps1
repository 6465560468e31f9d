function Test-LightningSyncStepEffect {
    <#
    .SYNOPSIS
    Runs a step's verify read once. Present is true when the read shows the step's
    effect: with expect Present (the default), an object that has every value of
    the verify's properties; with expect Absent (or a removal when the verify says
    nothing), no such object, or Exchange's not-found error. -Context is the
    step's (New-LightningSyncStepContext).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [object] $Context)

    $Verify = $Context.Verify
    $expectAbsent = [bool]$Context.IsRemoval
    if ($null -ne $Verify.PSObject.Properties['expect'] -and $Verify.expect) { $expectAbsent = [string]$Verify.expect -eq 'Absent' }
    $wanted = $null
    if ($null -ne $Verify.PSObject.Properties['properties']) { $wanted = $Verify.properties }

    $probe = [pscustomobject]@{ Present = $false; ErrorRecord = $null; Transient = $null }
    $splat = ConvertTo-LightningSyncSplat -Parameters $Verify.parameters -Secrets $Context.Secrets
    $call = Invoke-LightningSyncExchangeCall -Name ([string]$Verify.cmdlet) -Parameters $splat -DomainController $Context.DomainController
    if ($null -eq $call.ErrorRecord) {
        $found = @($call.Output)
        $matching = @($found | Where-Object { Test-LightningSyncObjectProperties -InputObject $_ -Properties $wanted })
        if ($expectAbsent) { $probe.Present = $matching.Count -eq 0 } else { $probe.Present = $matching.Count -gt 0 }
        if (-not $probe.Present) {
            $probe.Transient = 'Replication'
            $message = "The check {0} does not show the change yet." -f ([string]$Verify.cmdlet)
            if ($expectAbsent) { $message = "The check {0} still shows the object." -f ([string]$Verify.cmdlet) }
            $probe.ErrorRecord = New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.StepNotVerified' -Category ObjectNotFound
        }
    }
    else {
        $record = $call.ErrorRecord
        if (Test-LightningSyncNotFoundError -ErrorRecord $record) {
            $probe.Present = $expectAbsent
            if (-not $expectAbsent) { $probe.Transient = 'Replication'; $probe.ErrorRecord = $record }
        }
        else {
            $probe.ErrorRecord = $record
            $probe.Transient = Get-LightningSyncTransientFault -ErrorRecord $record
        }
    }
    $probe
}

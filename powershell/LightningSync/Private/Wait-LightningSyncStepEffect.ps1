function Wait-LightningSyncStepEffect {
    <#
    .SYNOPSIS
    Repeats a step's verify read with the retry policy until it shows the effect
    (replication: a new object is not yet visible) or the policy is spent.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [object] $Context)

    $attempt = 0
    $waited = 0.0
    $faults = @()
    while ($true) {
        $attempt++
        $probe = Test-LightningSyncStepEffect -Context $Context
        if ($probe.Present) {
            return [pscustomobject]@{ Present = $true; ErrorRecord = $null; Faults = $faults }
        }
        $delay = -1
        if ($null -ne $probe.Transient) {
            $faults += $probe.Transient
            $delay = Get-LightningSyncRetryDelay -Policy $Context.Policy -Attempt $attempt -WaitedSeconds $waited
        }
        if ($delay -lt 0) {
            return [pscustomobject]@{ Present = $false; ErrorRecord = $probe.ErrorRecord; Faults = $faults }
        }
        Write-Verbose ("{0} does not show the change yet ({1}); reading again in {2} ms." -f ([string]$Context.Verify.cmdlet), $probe.Transient, $delay)
        if ($delay -gt 0) { Start-Sleep -Milliseconds $delay }
        $waited += $delay / 1000.0
    }
}

function Invoke-LightningSyncPlanStepWithRetry {
    <#
    .SYNOPSIS
    One Exchange write of a plan step (or of its undo) under the retry policy,
    proven by the step's verify read.

    .DESCRIPTION
    The parameters are splatted to the cmdlet by name (secret placeholders
    filled from the context's secrets), with -ErrorAction Stop and
    -Confirm:$false. Transient faults (Get-LightningSyncTransientFault) are
    retried with doubling waits within the policy's bounds; any other error
    ends the step at once (Get-LightningSyncFailedTryOutcome decides). Before
    a write is tried again, the verify read checks whether the failed try took
    effect after all, so a create is never sent twice.

    Returns a PSCustomObject: Succeeded, Applied (the change is in the
    organization, so an undo is owed), Attempts, Faults (the transient faults
    met), ErrorRecord, Output, Verified, Duration.

    .PARAMETER Context
    The write and the run's settings (New-LightningSyncStepContext).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [object] $Context)

    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $result = [pscustomobject]@{
        Succeeded   = $false
        Applied     = $false
        Attempts    = 0
        Faults      = @()
        ErrorRecord = $null
        Output      = @()
        Verified    = $null
        Duration    = [timespan]::Zero
    }
    try {
        $splat = ConvertTo-LightningSyncSplat -Parameters $Context.Parameters -Secrets $Context.Secrets
    }
    catch {
        $result.ErrorRecord = $_
        $result.Duration = $watch.Elapsed
        return $result
    }

    $waited = 0.0
    # Set once a try failed in a way that may have struck after the change was made.
    $mayHaveCommitted = $false
    while ($true) {
        $result.Attempts++
        # The error comes back as data (nothing caught, nothing left in the caller's -ErrorVariable or $Error).
        $call = Invoke-LightningSyncExchangeCall -Name $Context.Cmdlet -Parameters $splat -DomainController $Context.DomainController
        if ($null -eq $call.ErrorRecord) {
            $result.Output = @($call.Output)
            $result.Applied = $true
            break
        }
        else {
            $record = $call.ErrorRecord
            $try = Get-LightningSyncFailedTryOutcome -Context $Context -ErrorRecord $record -MayHaveCommitted $mayHaveCommitted -Attempt $result.Attempts -WaitedSeconds $waited
            $mayHaveCommitted = $try.MayHaveCommitted
            if ($try.Outcome -eq 'Applied') {
                $result.Applied = $true
                break
            }
            if ($null -ne $try.Fault) { $result.Faults += $try.Fault }
            if ($try.Outcome -eq 'GiveUp') {
                $result.ErrorRecord = $record
                # A transient fault may strike after the write was made; then it must be undone too. A permanent
                # error (already exists, not found ...) never counts as this run's change.
                if ($try.ProbeEffect -and (Test-LightningSyncStepEffect -Context $Context).Present) { $result.Applied = $true }
                $result.Duration = $watch.Elapsed
                return $result
            }
            Write-Verbose ("{0} met a transient fault ({1}): {2} Trying again in {3} ms (try {4} of {5})." -f $Context.Cmdlet, $try.Fault, $record.Exception.Message, $try.Delay, ($result.Attempts + 1), $Context.Policy.RetryCount)
            if ($try.Delay -gt 0) { Start-Sleep -Milliseconds $try.Delay }
            $waited += $try.Delay / 1000.0
            if ($try.ProbeEffect -and (Test-LightningSyncStepEffect -Context $Context).Present) {
                Write-Verbose ("{0}: the failed try took effect after all; not sending it again." -f $Context.Cmdlet)
                $result.Applied = $true
                break
            }
        }
    }

    if ($null -ne $Context.Verify) {
        $check = Wait-LightningSyncStepEffect -Context $Context
        $result.Verified = $check.Present
        $result.Faults += @($check.Faults)
        if (-not $check.Present) {
            $result.ErrorRecord = $check.ErrorRecord
            $result.Duration = $watch.Elapsed
            return $result
        }
    }
    $result.Succeeded = $true
    $result.Duration = $watch.Elapsed
    $result
}

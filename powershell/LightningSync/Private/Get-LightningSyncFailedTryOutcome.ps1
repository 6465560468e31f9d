function Get-LightningSyncFailedTryOutcome {
    <#
    .SYNOPSIS
    What a failed try of a step's write means. Outcome Applied: the change is
    there after all (an "already exists" after a try that may have committed;
    an undo's removal that finds its object gone). Retry: a transient fault
    with time left (Delay in ms). GiveUp: a permanent error, or the policy is
    spent. Fault names the transient fault (or $null); ProbeEffect says the
    fault may have struck after the write, so the verify read should look;
    MayHaveCommitted carries that knowledge to the next try.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [object] $Context,
        [Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord,
        [bool] $MayHaveCommitted,
        [int] $Attempt,
        [double] $WaitedSeconds
    )

    $kind = Get-LightningSyncTransientFault -ErrorRecord $ErrorRecord -CreatedNames $Context.CreatedNames
    $outcome = [pscustomobject]@{ Outcome = 'GiveUp'; Fault = $kind; Delay = -1; ProbeEffect = $false; MayHaveCommitted = $MayHaveCommitted }
    $apply = $Context.Mode -eq 'Apply'
    if ($apply -and $MayHaveCommitted -and (Test-LightningSyncAlreadyExistsError -ErrorRecord $ErrorRecord)) {
        # An earlier try was made before its error was reported (its object was not yet visible to the check).
        Write-Verbose ("{0}: an earlier try took effect after all (the object now exists)." -f $Context.Cmdlet)
        $outcome.Outcome = 'Applied'
        return $outcome
    }
    $strikesAfterWrite = $null -ne $kind -and $kind -ne 'ConcurrentPipeline'
    if ($strikesAfterWrite) { $outcome.MayHaveCommitted = $true }
    if (-not $apply -and $Context.IsRemoval -and $null -eq $kind -and (Test-LightningSyncNotFoundError -ErrorRecord $ErrorRecord)) {
        Write-Verbose ("{0}: the object is already gone; nothing to undo." -f $Context.Cmdlet)
        $outcome.Outcome = 'Applied'
        return $outcome
    }
    $outcome.ProbeEffect = $apply -and $null -ne $Context.Verify -and $strikesAfterWrite
    if ($null -ne $kind) {
        $outcome.Delay = Get-LightningSyncRetryDelay -Policy $Context.Policy -Attempt $Attempt -WaitedSeconds $WaitedSeconds
        if ($outcome.Delay -ge 0) { $outcome.Outcome = 'Retry' }
    }
    $outcome
}

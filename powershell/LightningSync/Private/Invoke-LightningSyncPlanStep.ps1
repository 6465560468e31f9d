function Invoke-LightningSyncPlanStep {
    <#
    .SYNOPSIS
    Applies one plan step (or its undo) through the native Exchange cmdlet, with
    the retry policy for transient faults, and proves the effect with the step's
    verify read.

    .DESCRIPTION
    The step's parameters are splatted to its cmdlet by name (secret placeholders
    filled from -Secrets), with -ErrorAction Stop and -Confirm:$false. Transient
    faults (Get-LightningSyncTransientFault) are retried with doubling waits
    within the policy's bounds; any other error ends the step at once. Before a
    write is tried again, the verify read checks whether the failed try took
    effect after all, so a create is never sent twice; and when a later try meets
    "already exists" after such a fault, the earlier try is taken to have made it.

    Returns a PSCustomObject: Succeeded, Applied (the change is in the
    organization, so an undo is owed), Attempts, Faults (the transient faults met),
    ErrorRecord, Output, Verified, Duration.

    .PARAMETER Mode
    Apply runs the step itself; Undo runs its undo (an undo that finds its
    object already gone counts as done).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [object] $Step,
        [hashtable] $Secrets = @{},
        [hashtable] $Policy = (Get-LightningSyncRetryPolicy),
        [string[]] $CreatedNames = @(),
        [string] $DomainController,
        [ValidateSet('Apply', 'Undo')] [string] $Mode = 'Apply'
    )

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

    $cmdlet = [string]$Step.cmdlet
    $parameters = $Step.parameters
    $verify = $null
    if ($Mode -eq 'Apply') {
        if ($null -ne $Step.PSObject.Properties['verify']) { $verify = $Step.verify }
    }
    else {
        $undo = $Step.undo
        $cmdlet = [string]$undo.cmdlet
        $parameters = $undo.parameters
    }
    $isRemoval = $cmdlet -like 'Remove-*'

    try {
        $splat = ConvertTo-LightningSyncSplat -Parameters $parameters -Secrets $Secrets
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
        try {
            $result.Output = @(Invoke-LightningSyncExchangeCommand -Name $cmdlet -Parameters $splat -DomainController $DomainController)
            $result.Applied = $true
            break
        }
        catch {
            $record = $_
            $kind = Get-LightningSyncTransientFault -ErrorRecord $record -CreatedNames $CreatedNames
            if ($Mode -eq 'Apply' -and $mayHaveCommitted -and (Test-LightningSyncAlreadyExistsError -ErrorRecord $record)) {
                # An earlier try was made before its error was reported (its object was not yet visible to the check).
                Write-Verbose ("{0}: an earlier try took effect after all (the object now exists)." -f $cmdlet)
                $result.Applied = $true
                break
            }
            if ($null -ne $kind -and $kind -ne 'ConcurrentPipeline') { $mayHaveCommitted = $true }
            if ($Mode -eq 'Undo' -and $isRemoval -and $null -eq $kind -and (Test-LightningSyncNotFoundError -ErrorRecord $record)) {
                Write-Verbose ("{0}: the object is already gone; nothing to undo." -f $cmdlet)
                $result.Applied = $true
                break
            }
            $delay = -1
            if ($null -ne $kind) {
                $result.Faults += $kind
                $delay = Get-LightningSyncRetryDelay -Policy $Policy -Attempt $result.Attempts -WaitedSeconds $waited
            }
            if ($delay -lt 0) {
                $result.ErrorRecord = $record
                if ($Mode -eq 'Apply' -and $null -ne $verify -and $null -ne $kind -and $kind -ne 'ConcurrentPipeline') {
                    # A transient fault may strike after the write was made; then it must be undone too. A permanent
                    # error (already exists, not found ...) never counts as this run's change.
                    $probe = Test-LightningSyncStepEffect -Verify $verify -Removal:$isRemoval -Secrets $Secrets -DomainController $DomainController
                    if ($probe.Present) { $result.Applied = $true }
                }
                $result.Duration = $watch.Elapsed
                return $result
            }
            Write-Verbose ("{0} met a transient fault ({1}): {2} Trying again in {3} ms (try {4} of {5})." -f $cmdlet, $kind, $record.Exception.Message, $delay, ($result.Attempts + 1), $Policy.RetryCount)
            if ($delay -gt 0) { Start-Sleep -Milliseconds $delay }
            $waited += $delay / 1000.0
            if ($Mode -eq 'Apply' -and $null -ne $verify -and $kind -ne 'ConcurrentPipeline') {
                $probe = Test-LightningSyncStepEffect -Verify $verify -Removal:$isRemoval -Secrets $Secrets -DomainController $DomainController
                if ($probe.Present) {
                    Write-Verbose ("{0}: the failed try took effect after all; not sending it again." -f $cmdlet)
                    $result.Applied = $true
                    break
                }
            }
        }
    }

    if ($Mode -eq 'Apply' -and $null -ne $verify) {
        $check = Wait-LightningSyncStepEffect -Verify $verify -Removal:$isRemoval -Secrets $Secrets -Policy $Policy -DomainController $DomainController
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

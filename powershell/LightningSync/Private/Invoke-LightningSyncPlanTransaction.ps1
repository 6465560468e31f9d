function Invoke-LightningSyncPlanTransaction {
    <#
    .SYNOPSIS
    Applies a plan's steps as one transaction: in order, each with ShouldProcess
    and progress; when a step fails, the steps this run applied are undone in
    reverse order (Undo-LightningSyncPlanTransaction).

    .DESCRIPTION
    Before the first write every step is checked: its cmdlets are Exchange cmdlets
    this module runs, and every secret it names was given. Then each step asks
    the caller's ShouldProcess (-WhatIf lists the steps and runs none; -Confirm
    asks per step, Request-LightningSyncStepApproval) and runs through
    Invoke-LightningSyncPlanStepWithRetry.

    Answering No at a -Confirm prompt stops the run: the steps already applied stay
    (each was confirmed), the rest are not run, and a re-run continues from there.

    .OUTPUTS
    The transaction record, a PSCustomObject: Steps (LightningSync.PlanStepResult,
    one per plan step), Failed, FailedStep, Undone, NotUndone, Declined, WhatIf,
    ErrorRecord, WriteCount. New-LightningSyncApplyErrorRecord turns a failed one
    into the one terminating error.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [object] $Plan,
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Caller,
        [hashtable] $Secrets = @{},
        [hashtable] $Policy = (Get-LightningSyncRetryPolicy),
        [string] $DomainController,
        [string] $Activity = 'LightningSync'
    )

    $steps = @($Plan.steps)
    $run = [pscustomobject]@{
        Steps       = @(foreach ($step in $steps) { New-LightningSyncPlanStepResult -Step $step })
        Failed      = $false
        FailedStep  = $null
        Undone      = @()
        NotUndone   = @()
        Declined    = $false
        WhatIf      = $false
        ErrorRecord = $null
        WriteCount  = 0
    }
    Assert-LightningSyncPlanRunnable -Steps $steps -Secrets $Secrets -AllowMissingSecrets:(Test-LightningSyncWhatIf -Caller $Caller)

    $applied = New-Object System.Collections.Generic.List[object]
    $createdNames = New-Object System.Collections.Generic.List[string]
    $total = $steps.Count
    for ($i = 0; $i -lt $total; $i++) {
        $step = $steps[$i]
        $stepResult = $run.Steps[$i]
        $label = Format-LightningSyncStepLabel -Step $step
        Write-Progress -Activity $Activity -Status ("Step {0} of {1}: {2}" -f ($i + 1), $total, $label) -PercentComplete ([int](100 * $i / [math]::Max(1, $total)))
        $approval = Request-LightningSyncStepApproval -Caller $Caller -Step $step -Number ($i + 1) -Total $total
        if ($approval -eq 'WhatIf') {
            $run.WhatIf = $true
            $stepResult.Status = 'WhatIf'
            continue
        }
        if ($approval -eq 'Declined') {
            $stepResult.Status = 'Declined'
            $run.Declined = $true
            Write-Warning ("Stopped at step {0} of {1} ({2}), which was declined. The steps before it stay applied; run the command again to continue." -f ($i + 1), $total, $label)
            break
        }

        Write-Verbose ("Step {0} of {1}: {2}: {3}" -f ($i + 1), $total, $label, $step.command)
        $stepResult.Status = 'Running'
        $context = New-LightningSyncStepContext -Step $step -Secrets $Secrets -Policy $Policy -CreatedNames $createdNames.ToArray() -DomainController $DomainController
        $outcome = Invoke-LightningSyncPlanStepWithRetry -Context $context
        $run.WriteCount += $outcome.Attempts
        $stepResult.Attempts = $outcome.Attempts
        $stepResult.Duration = $outcome.Duration
        $stepResult.TransientFaults = @($outcome.Faults)
        $stepResult.Verified = $outcome.Verified
        if ($outcome.Succeeded) {
            $stepResult.Status = 'Succeeded'
            $applied.Add(@{ Step = $step; Result = $stepResult })
            foreach ($name in @(Get-LightningSyncStepObjectNames -Step $step)) { $createdNames.Add($name) }
            continue
        }

        $stepResult.Status = 'Failed'
        $stepResult.Error = [string]$outcome.ErrorRecord.Exception.Message
        $run.Failed = $true
        $run.FailedStep = $stepResult
        $run.ErrorRecord = $outcome.ErrorRecord
        if ($outcome.Applied) {
            # The change reached the organization before the step failed (e.g. its verify read never saw it).
            $applied.Add(@{ Step = $step; Result = $stepResult })
        }
        break
    }

    if ($run.Failed) {
        Undo-LightningSyncPlanTransaction -Transaction $run -Applied $applied.ToArray() -Secrets $Secrets -Policy $Policy -CreatedNames $createdNames.ToArray() -DomainController $DomainController -Activity $Activity
    }
    Write-Progress -Activity $Activity -Completed
    $run
}

function Invoke-LightningSyncPlanRunner {
    <#
    .SYNOPSIS
    Applies a plan all or nothing: step by step with ShouldProcess and progress;
    when a step fails, undoes the steps this run completed in reverse order.

    .DESCRIPTION
    Before the first write every step is checked: its cmdlets are Exchange cmdlets
    this module runs, and every secret it names was given. Then each step asks
    the caller's ShouldProcess (-WhatIf lists the steps and runs none; -Confirm
    asks per step), runs through Invoke-LightningSyncPlanStep (retry of transient
    faults, verify read), and reports progress.

    When a step fails, the runner stops and undoes, newest first, only the steps
    this run applied (an undo is never run for an object the run did not create or
    change). The returned run record tells what failed, what was undone and what
    could not be undone; New-LightningSyncApplyErrorRecord turns it into the one
    terminating error.

    Answering No at a -Confirm prompt stops the run: the steps already applied stay
    (each was confirmed), the rest are not run, and a re-run continues from there.

    .OUTPUTS
    A PSCustomObject: Steps (LightningSync.PlanStepResult, one per plan step),
    Failed, FailedStep, Undone, NotUndone, Declined, WhatIf, ErrorRecord, WriteCount.
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
        Steps       = @()
        Failed      = $false
        FailedStep  = $null
        Undone      = @()
        NotUndone   = @()
        Declined    = $false
        WhatIf      = $false
        ErrorRecord = $null
        WriteCount  = 0
    }
    $stepResults = @(foreach ($step in $steps) { New-LightningSyncPlanStepResult -Step $step })
    $run.Steps = $stepResults

    Assert-LightningSyncPlanRunnable -Steps $steps -Secrets $Secrets -AllowMissingSecrets:(Test-LightningSyncWhatIf -Caller $Caller)

    $applied = New-Object System.Collections.Generic.List[object]
    $createdNames = New-Object System.Collections.Generic.List[string]
    $total = $steps.Count
    for ($i = 0; $i -lt $total; $i++) {
        $step = $steps[$i]
        $stepResult = $stepResults[$i]
        $label = Format-LightningSyncStepLabel -Step $step
        $percent = [int](100 * $i / [math]::Max(1, $total))
        Write-Progress -Activity $Activity -Status ("Step {0} of {1}: {2}" -f ($i + 1), $total, $label) -PercentComplete $percent

        $description = "Step {0} of {1}, {2} on target '{3}': {4}" -f ($i + 1), $total, $step.action, $step.target, $step.command
        $question = "Run step {0} of {1}, {2} on '{3}'?{4}{5}" -f ($i + 1), $total, $step.action, $step.target, [Environment]::NewLine, $step.command
        $reason = [System.Management.Automation.ShouldProcessReason]::None
        if (-not $Caller.ShouldProcess($description, $question, 'Confirm', [ref]$reason)) {
            if ($reason -eq [System.Management.Automation.ShouldProcessReason]::WhatIf) {
                $run.WhatIf = $true
                $stepResult.Status = 'WhatIf'
                continue
            }
            $stepResult.Status = 'Declined'
            $run.Declined = $true
            Write-Warning ("Stopped at step {0} of {1} ({2}), which was declined. The steps before it stay applied; run the command again to continue." -f ($i + 1), $total, $label)
            break
        }

        Write-Verbose ("Step {0} of {1}: {2}: {3}" -f ($i + 1), $total, $label, $step.command)
        $stepResult.Status = 'Running'
        $outcome = Invoke-LightningSyncPlanStep -Step $step -Secrets $Secrets -Policy $Policy -CreatedNames $createdNames.ToArray() -DomainController $DomainController
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
        for ($j = $applied.Count - 1; $j -ge 0; $j--) {
            $entry = $applied[$j]
            $step = $entry.Step
            $stepResult = $entry.Result
            $label = Format-LightningSyncStepLabel -Step $step
            Write-Progress -Activity $Activity -Status ("Undoing step {0}: {1}" -f $step.index, $label) -PercentComplete 100
            if ($null -eq $step.undo) {
                $stepResult.UndoStatus = 'NotUndoable'
                $run.NotUndone += [pscustomobject]@{ Step = $stepResult; Reason = 'this change cannot be reversed'; Command = $null }
                continue
            }
            Write-Verbose ("Undoing step {0} ({1}): {2}" -f $step.index, $label, $step.undo.command)
            $undo = Invoke-LightningSyncPlanStep -Step $step -Mode Undo -Secrets $Secrets -Policy $Policy -CreatedNames $createdNames.ToArray() -DomainController $DomainController
            $run.WriteCount += $undo.Attempts
            if ($undo.Succeeded) {
                $stepResult.UndoStatus = 'Undone'
                if ($stepResult.Status -eq 'Succeeded') { $stepResult.Status = 'Undone' }
                $run.Undone += $stepResult
            }
            else {
                $stepResult.UndoStatus = 'UndoFailed'
                $run.NotUndone += [pscustomobject]@{ Step = $stepResult; Reason = [string]$undo.ErrorRecord.Exception.Message; Command = [string]$step.undo.command }
            }
        }
    }
    Write-Progress -Activity $Activity -Completed
    $run
}

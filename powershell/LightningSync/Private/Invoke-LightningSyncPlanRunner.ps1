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

function Test-LightningSyncWhatIf {
    # True when the caller runs with -WhatIf (or $WhatIfPreference is set where it runs).
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Caller)

    [bool]$Caller.SessionState.PSVariable.GetValue('WhatIfPreference')
}

function New-LightningSyncPlanStepResult {
    # The result record of one plan step, before it runs.
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [object] $Step)

    $result = [pscustomobject]@{
        PSTypeName      = 'LightningSync.PlanStepResult'
        Index           = $Step.index
        Action          = [string]$Step.action
        Target          = [string]$Step.target
        Reason          = [string]$Step.reason
        Command         = [string]$Step.command
        Status          = 'NotRun'
        Attempts        = 0
        Duration        = [timespan]::Zero
        TransientFaults = @()
        Verified        = $null
        UndoStatus      = $null
        Error           = $null
    }
    Set-LightningSyncDefaultDisplay -InputObject $result -Property @('Index', 'Action', 'Target', 'Status', 'Attempts', 'Duration', 'UndoStatus')
    $result
}

function Set-LightningSyncDefaultDisplay {
    # The properties Format-Table/Format-List show by default for an output object.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $InputObject,
        [Parameter(Mandatory)] [string[]] $Property
    )

    $set = New-Object System.Management.Automation.PSPropertySet -ArgumentList 'DefaultDisplayPropertySet', $Property
    $members = [System.Management.Automation.PSMemberInfo[]]@($set)
    Add-Member -InputObject $InputObject -MemberType MemberSet -Name PSStandardMembers -Value $members -Force
}

function Format-LightningSyncStepLabel {
    # "CreateScope 'Sales scope'" for messages.
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [object] $Step)

    "{0} '{1}'" -f $Step.action, $Step.target
}

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

function New-LightningSyncApplyErrorRecord {
    <#
    .SYNOPSIS
    The one terminating error of a failed run (id LightningSync.ApplyFailed): what
    failed and why, what was undone, and what could not be undone with the
    command to finish by hand. The inner exception is the cmdlet's own.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)] [object] $Run,
        [Parameter(Mandatory)] [int] $StepCount,
        [AllowNull()] [object] $TargetObject,
        [string] $Operation = 'The setup'
    )

    $failed = $Run.FailedStep
    $cause = $Run.ErrorRecord
    $causeText = 'unknown error'
    if ($null -ne $cause) { $causeText = [string]$cause.Exception.Message }
    $text = New-Object System.Text.StringBuilder
    [void]$text.AppendFormat("{0} failed at step {1} of {2} ({3} '{4}'): {5}", $Operation, $failed.Index, $StepCount, $failed.Action, $failed.Target, $causeText.Trim().TrimEnd('.'))
    if ($failed.Attempts -gt 1) { [void]$text.AppendFormat(' (after {0} tries)', $failed.Attempts) }
    [void]$text.Append('.')
    if (@($Run.Undone).Count -gt 0) {
        $undone = @($Run.Undone | ForEach-Object { "step {0} {1} '{2}'" -f $_.Index, $_.Action, $_.Target }) -join ', '
        [void]$text.AppendFormat(' Undone, newest first: {0}.', $undone)
    }
    else {
        [void]$text.Append(' Nothing had been changed before it, so nothing was undone.')
    }
    if (@($Run.NotUndone).Count -gt 0) {
        $left = @($Run.NotUndone | ForEach-Object {
                $item = "step {0} {1} '{2}' ({3})" -f $_.Step.Index, $_.Step.Action, $_.Step.Target, $_.Reason
                if ($_.Command) { $item += "; to undo it by hand: " + $_.Command }
                $item
            }) -join '; '
        [void]$text.AppendFormat(' Could not be undone: {0}.', $left)
    }
    else {
        [void]$text.Append(' Nothing is left to undo: the organization is as it was before the run.')
    }

    $inner = $null
    if ($null -ne $cause) { $inner = $cause.Exception }
    $exception = New-Object System.InvalidOperationException -ArgumentList $text.ToString(), $inner
    $category = [System.Management.Automation.ErrorCategory]::NotSpecified
    if ($null -ne $cause) { $category = $cause.CategoryInfo.Category }
    $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList $exception, 'LightningSync.ApplyFailed', $category, $TargetObject
    $record.ErrorDetails = New-Object System.Management.Automation.ErrorDetails -ArgumentList $text.ToString()
    $record.ErrorDetails.RecommendedAction = 'Fix the cause named in the message, then run the command again: it plans from the current state of the organization.'
    $record
}

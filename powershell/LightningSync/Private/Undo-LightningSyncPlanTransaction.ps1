function Undo-LightningSyncPlanTransaction {
    <#
    .SYNOPSIS
    Undoes, newest first, the steps a failed transaction applied, and records
    on the transaction what it undid (Undone) and what it could not undo
    (NotUndone, with the reason and the command to finish by hand).

    .DESCRIPTION
    Only the steps this run applied are given (-Applied: hashtables with the
    plan Step and its Result), so an undo never runs for an object the run
    did not create or change. A step without an undo is NotUndoable; each undo
    runs through Invoke-LightningSyncPlanStepWithRetry in Undo mode.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [object] $Transaction,
        [AllowEmptyCollection()] [object[]] $Applied = @(),
        [hashtable] $Secrets = @{},
        [hashtable] $Policy = (Get-LightningSyncRetryPolicy),
        [string[]] $CreatedNames = @(),
        [string] $DomainController,
        [string] $Activity = 'LightningSync'
    )

    for ($j = $Applied.Count - 1; $j -ge 0; $j--) {
        $step = $Applied[$j].Step
        $stepResult = $Applied[$j].Result
        $label = Format-LightningSyncStepLabel -Step $step
        Write-Progress -Activity $Activity -Status ("Undoing step {0}: {1}" -f $step.index, $label) -PercentComplete 100
        if ($null -eq $step.undo) {
            $stepResult.UndoStatus = 'NotUndoable'
            $Transaction.NotUndone += [pscustomobject]@{ Step = $stepResult; Reason = 'this change cannot be reversed'; Command = $null }
            continue
        }
        Write-Verbose ("Undoing step {0} ({1}): {2}" -f $step.index, $label, $step.undo.command)
        $context = New-LightningSyncStepContext -Step $step -Mode Undo -Secrets $Secrets -Policy $Policy -CreatedNames $CreatedNames -DomainController $DomainController
        $undo = Invoke-LightningSyncPlanStepWithRetry -Context $context
        $Transaction.WriteCount += $undo.Attempts
        if ($undo.Succeeded) {
            $stepResult.UndoStatus = 'Undone'
            if ($stepResult.Status -eq 'Succeeded') { $stepResult.Status = 'Undone' }
            $Transaction.Undone += $stepResult
        }
        else {
            $stepResult.UndoStatus = 'UndoFailed'
            $Transaction.NotUndone += [pscustomobject]@{ Step = $stepResult; Reason = [string]$undo.ErrorRecord.Exception.Message; Command = [string]$step.undo.command }
        }
    }
}

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

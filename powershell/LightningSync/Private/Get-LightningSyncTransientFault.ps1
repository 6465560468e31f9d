function Get-LightningSyncTransientFault {
    <#
    .SYNOPSIS
    Classifies an error from an Exchange cmdlet: returns the kind of transient
    fault worth retrying (ConcurrentPipeline, Replication, Throttled), or $null
    for every other error, which must not be retried (docs/exchange.md#errors-and-retries).

    .DESCRIPTION
    - ConcurrentPipeline: "Pipelines cannot be executed concurrently", raised on
      the client before the command reaches Exchange.
    - Replication: "couldn't be found" for an object this run created (its names
      are in -CreatedNames), or any not-found while -ExpectPresent (the read that
      verifies a write that just succeeded).
    - Throttled: server busy, micro-delays, transient directory and transport faults.
    Errors that say "This error is not retriable" are never transient.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord,
        [string[]] $CreatedNames = @(),
        [switch] $ExpectPresent
    )

    $message = [string]$ErrorRecord.Exception.Message
    $reason = [string]$ErrorRecord.CategoryInfo.Reason
    $errorId = [string]$ErrorRecord.FullyQualifiedErrorId
    $all = $message + ' ' + $reason + ' ' + $errorId

    if ($all -match 'not retriable|not retryable') { return $null }

    if ($message -match 'Pipelines cannot be executed concurrently' -or $errorId -match '^RemotePipelineExecutionFailed') {
        return 'ConcurrentPipeline'
    }

    $notFound = $reason -match 'ManagementObjectNotFoundException|ObjectNotFound' -or
        $message -match "couldn't be found|could not be found|ManagementObjectNotFoundException"
    if ($notFound) {
        if ($ExpectPresent) { return 'Replication' }
        $match = [regex]::Match($message, "object '(?<id>.*?)' (couldn't|could not) be found")
        if ($match.Success) {
            $id = $match.Groups['id'].Value
            foreach ($name in $CreatedNames) {
                if ($name -and [string]::Equals($name, $id, [System.StringComparison]::OrdinalIgnoreCase)) { return 'Replication' }
            }
        }
        return $null
    }

    $throttled = 'server is busy|ServerBusy|throttl|micro-?delay|too many (concurrent )?requests|' +
        'temporarily unavailable|try again later|ADTransientException|StorageTransientException|' +
        'TransientException|ConnectionFailedTransientException|\b(429|503)\b|WinRM cannot complete the operation'
    if (($message + ' ' + $reason) -match $throttled) { return 'Throttled' }
    $null
}

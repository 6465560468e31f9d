function Invoke-LightningSyncExchangeRead {
    <#
    .SYNOPSIS
    Runs one Exchange read with the retry policy every Exchange call shares:
    transient faults (as the native classifier says) are tried again with
    doubling waits within the policy's bounds; any other error, or a transient
    one that outlasts the policy, ends in the module's error
    (LightningSync.<Reason>, naming the cmdlet).

    .PARAMETER Optional
    A "not found" answer means absent: nothing is returned.

    .PARAMETER ErrorAsOutput
    Return the module's error record instead of throwing it (for a read whose failure the
    caller handles: nothing is then left in the caller's -ErrorVariable or $Error).
    #>
    [CmdletBinding()]
    [OutputType([object])]
    param(
        [Parameter(Mandatory)] [string] $Name,
        [hashtable] $Parameters = @{},
        [string] $DomainController,
        [hashtable] $Policy = (Get-LightningSyncRetryPolicy),
        [switch] $Optional,
        [switch] $ErrorAsOutput
    )

    $attempt = 0
    $waited = 0.0
    while ($true) {
        $attempt++
        # The error comes back as data: nothing is caught, so nothing lands in the caller's -ErrorVariable or $Error.
        $call = Invoke-LightningSyncExchangeCall -Name $Name -Parameters $Parameters -DomainController $DomainController
        $failure = $call.ErrorRecord
        if ($null -eq $failure) { return $call.Output }
        $verdict = Get-LightningSyncCmdletErrorClass -ErrorRecord $failure
        if ($Optional -and $verdict.Kind -eq 'NotFound') { return }
        $delay = -1
        if ($verdict.Kind -eq 'Transient') {
            $delay = Get-LightningSyncRetryDelay -Policy $Policy -Attempt $attempt -WaitedSeconds $waited
        }
        if ($delay -lt 0) {
            $record = New-LightningSyncExchangeErrorRecord -ErrorRecord $failure -Verdict $verdict -Name $Name -Attempts $attempt
            if ($ErrorAsOutput) { return $record }
            throw $record
        }
        Write-Verbose ("{0} met a transient fault ({1}): {2} Reading again in {3} ms (try {4} of {5})." -f $Name, $verdict.Fault, $failure.Exception.Message, $delay, ($attempt + 1), $Policy.RetryCount)
        if ($delay -gt 0) { Start-Sleep -Milliseconds $delay }
        $waited += $delay / 1000.0
    }
}

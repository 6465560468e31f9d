# The retry policy for transient Exchange faults (docs/exchange.md#errors-and-retries): how many
# tries, within how many seconds. Module-scoped defaults; each call may override.
$script:LightningSyncRetryDefaults = @{
    # Tries in all, the first one included.
    RetryCount      = 5
    # Upper bound of the time spent waiting between the tries.
    RetryMaxSeconds = 60.0
}

function Get-LightningSyncRetryPolicy {
    <#
    .SYNOPSIS
    Returns the retry policy to use: the module defaults, overridden by the values
    given. The waits double from try to try and add up to at most RetryMaxSeconds:
    5 tries within 60 seconds wait 4, 8, 16 and 32 seconds.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [AllowNull()] [object] $RetryCount,
        [AllowNull()] [object] $RetryMaxSeconds
    )

    $count = [int]$script:LightningSyncRetryDefaults.RetryCount
    $maxSeconds = [double]$script:LightningSyncRetryDefaults.RetryMaxSeconds
    if ($null -ne $RetryCount) { $count = [int]$RetryCount }
    if ($null -ne $RetryMaxSeconds) { $maxSeconds = [double]$RetryMaxSeconds }
    if ($count -lt 1) { $count = 1 }
    if ($maxSeconds -lt 0) { $maxSeconds = 0 }

    # First wait d, then 2d, 4d ...: d * (2^(count-1) - 1) = maxSeconds.
    $waits = $count - 1
    $firstDelay = 0.0
    if ($waits -gt 0) { $firstDelay = $maxSeconds / ([math]::Pow(2, $waits) - 1) }
    @{
        RetryCount        = $count
        RetryMaxSeconds   = $maxSeconds
        FirstDelaySeconds = $firstDelay
    }
}

function Get-LightningSyncRetryDelay {
    <#
    .SYNOPSIS
    The wait in milliseconds before try number $Attempt + 1, or -1 when no try is
    left (count reached or the time budget spent).
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)] [hashtable] $Policy,
        [Parameter(Mandatory)] [int] $Attempt,
        [Parameter(Mandatory)] [double] $WaitedSeconds
    )

    if ($Attempt -ge $Policy.RetryCount) { return -1 }
    $delay = $Policy.FirstDelaySeconds * [math]::Pow(2, $Attempt - 1)
    $left = $Policy.RetryMaxSeconds - $WaitedSeconds
    if ($delay -gt $left) { $delay = $left }
    if ($delay -lt 0) { return -1 }
    [int][math]::Round($delay * 1000)
}

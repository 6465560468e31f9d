function Get-LightningSyncTransientFault {
    <#
    .SYNOPSIS
    The kind of transient fault worth retrying (ConcurrentPipeline, Replication,
    Throttled) of an error from an Exchange cmdlet, or $null for every error that
    must not be retried. The native classifier decides (Get-LightningSyncCmdletErrorClass).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord,
        [string[]] $CreatedNames = @(),
        [switch] $ExpectPresent
    )

    $verdict = Get-LightningSyncCmdletErrorClass -ErrorRecord $ErrorRecord -CreatedNames $CreatedNames -ExpectPresent:$ExpectPresent
    if ($verdict.Kind -eq 'Transient') { return [string]$verdict.Fault }
    $null
}

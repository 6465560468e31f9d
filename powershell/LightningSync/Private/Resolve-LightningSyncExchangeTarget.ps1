function Resolve-LightningSyncExchangeTarget {
    <#
    .SYNOPSIS
    The Exchange environment to work with: the -Target given, else what the
    evidence means, as the native library decides it (lsync_target_decide):
    the snapshot's own record when -Snapshot (its CLIXML text) is given, else
    the cmdlets of this session. On-premises when Get-ExchangeServer is
    available; Exchange Online when Get-ServicePrincipal or
    Get-ConnectionInformation is and Get-ExchangeServer is not
    (docs/exchange.md#exchange-servers-and-versions, docs/exchange.md#setup-algorithm).
    Throws LightningSync.ExchangeSessionNotFound when there is no snapshot and
    no Exchange session; a snapshot the library cannot read is its
    LightningSync.* error.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowEmptyString()] [AllowNull()] [string] $Target,
        [AllowEmptyString()] [AllowNull()] [string] $Snapshot
    )

    if ($Target) { return $Target }
    # Only the evidence is gathered here: which of the cmdlets that tell the environments apart exist.
    $commands = [uint32]0
    if (-not $Snapshot) {
        $bits = @{
            'Get-ExchangeServer'        = [LightningSync.Interop.ExchangeTarget]::GetExchangeServer
            'Get-ServicePrincipal'      = [LightningSync.Interop.ExchangeTarget]::GetServicePrincipal
            'Get-ConnectionInformation' = [LightningSync.Interop.ExchangeTarget]::GetConnectionInformation
        }
        foreach ($name in $bits.Keys) {
            if (@(Get-Command -Name $name -ErrorAction Ignore).Count -gt 0) { $commands = $commands -bor $bits[$name] }
        }
    }
    try {
        $decided = [LightningSync.Interop.ExchangeTarget]::Decide($commands, $Snapshot)
    }
    catch {
        throw (New-LightningSyncErrorRecord -Exception $_.Exception)
    }
    if ($decided) { return $decided }
    throw (New-LightningSyncErrorRecord -Message 'No Exchange session found: neither Get-ExchangeServer (Exchange Management Shell) nor Get-ServicePrincipal / Get-ConnectionInformation (Connect-ExchangeOnline) is available. Connect to Exchange first (open the Exchange Management Shell, or run Connect-ExchangeOnline), or work from a snapshot where the cmdlet takes -Snapshot; -Target chooses the environment but does not replace the session.' -ErrorId 'LightningSync.ExchangeSessionNotFound' -Category ConnectionError)
}

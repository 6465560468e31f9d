function Assert-LightningSyncAuditTarget {
    <#
    .SYNOPSIS
    Throws LightningSync.TargetMismatch when -Target names the other kind of organization than the audit read.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [object] $Audit, [AllowEmptyString()] [string] $Target)

    if (-not $Target) { return }
    $online = [string]$Audit.exchangeVersion -eq 'Online'
    if ($online -ne ($Target -eq 'ExchangeOnline')) {
        $actual = 'on-premises'
        if ($online) { $actual = 'Exchange Online' }
        throw (New-LightningSyncErrorRecord -Message "-Target $Target was given, but the organization read is $actual; drop -Target or connect to the other organization." -ErrorId 'LightningSync.TargetMismatch' -Category InvalidArgument -TargetObject $Target)
    }
}

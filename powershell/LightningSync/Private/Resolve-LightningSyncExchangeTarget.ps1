function Resolve-LightningSyncExchangeTarget {
    <#
    .SYNOPSIS
    The Exchange environment of this session: the -Target given, else detected
    from the cmdlets the session offers. Exchange Online when Get-ServicePrincipal
    or Get-ConnectionInformation is available and Get-ExchangeServer is not;
    on-premises when Get-ExchangeServer is available (docs/exchange.md#exchange-servers-and-versions, docs/exchange.md#setup-algorithm).
    Throws LightningSync.ExchangeSessionNotFound when neither is.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowEmptyString()] [AllowNull()] [string] $Target)

    if ($Target) { return $Target }
    $onPremises = @(Get-Command -Name 'Get-ExchangeServer' -ErrorAction Ignore).Count -gt 0
    $online = @(Get-Command -Name 'Get-ServicePrincipal', 'Get-ConnectionInformation' -ErrorAction Ignore).Count -gt 0
    if ($onPremises) { return 'OnPremises' }
    if ($online) { return 'ExchangeOnline' }
    throw (New-LightningSyncErrorRecord -Message 'No Exchange session found: neither Get-ExchangeServer (Exchange Management Shell) nor Get-ServicePrincipal / Get-ConnectionInformation (Connect-ExchangeOnline) is available. Connect to Exchange first, or give -Target.' -ErrorId 'LightningSync.ExchangeSessionNotFound' -Category ConnectionError)
}

function Get-LightningSyncCasMailbox {
    <#
    .SYNOPSIS
    Every mailbox's EWS settings (Get-CASMailbox -ResultSize Unlimited), reduced to the properties the
    audit reads; $null when the session has no Get-CASMailbox.
    #>
    [CmdletBinding()]
    param([string] $DomainController, [hashtable] $Policy = (Get-LightningSyncRetryPolicy))

    if ($null -eq (Get-Command -Name 'Get-CASMailbox' -ErrorAction Ignore)) { return $null }
    $all = @(Invoke-LightningSyncExchangeRead -Name 'Get-CASMailbox' -Parameters @{ ResultSize = 'Unlimited' } -DomainController $DomainController -Policy $Policy)
    $rows = @(foreach ($c in $all) {
            [pscustomobject]@{
                Name                       = [string]$c.Name
                Identity                   = [string]$c.Identity
                PrimarySmtpAddress         = [string]$c.PrimarySmtpAddress
                DistinguishedName          = [string]$c.DistinguishedName
                EwsEnabled                 = $(if ($null -eq $c.EwsEnabled -or [string]$c.EwsEnabled -eq '') { $null } else { [string]$c.EwsEnabled })
                EwsApplicationAccessPolicy = [string]$c.EwsApplicationAccessPolicy
                EwsAllowList               = [string[]]@(foreach ($v in @($c.EwsAllowList)) { if ($null -ne $v) { [string]$v } })
                EwsBlockList               = [string[]]@(foreach ($v in @($c.EwsBlockList)) { if ($null -ne $v) { [string]$v } })
            }
        })
    , $rows
}

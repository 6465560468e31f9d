function Get-LightningSyncEwsConfig {
    <#
    .SYNOPSIS
    The organization's EWS switches from a Get-OrganizationConfig object, as snapshot properties
    (only the ones the object has: an absent property stays absent, so the audit knows it was not read).
    Online, the object comes from Get-OrganizationConfig -RetrieveEwsOperationAccessPolicy.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param([AllowNull()] [object] $Organization)

    $out = @{}
    if ($null -eq $Organization) { return $out }
    foreach ($name in @('EwsEnabled', 'EwsApplicationAccessPolicy', 'EwsAllowedClients', 'EwsBlockedClients', 'EwsAllowedAppIDs')) {
        $p = $Organization.PSObject.Properties[$name]
        if ($null -eq $p) { continue }
        $value = $p.Value
        if ($name -like '*Clients' -or $name -eq 'EwsAllowedAppIDs') { $value = [string[]]@(foreach ($v in @($value)) { if ($null -ne $v -and [string]$v -ne '') { [string]$v } }) }
        elseif ($null -ne $value) { $value = [string]$value }
        $out[$name] = $value
    }
    $out
}

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

function Get-LightningSyncGroupMembership {
    <#
    .SYNOPSIS
    The groups that group scopes name, each with its direct members, and the nested groups' members too
    (so the audit can say how many members a group scope leaves out). At most 50 groups are read.
    #>
    [CmdletBinding()]
    param([string[]] $Identity = @(), [hashtable] $Policy = (Get-LightningSyncRetryPolicy))

    $out = [System.Collections.Generic.List[object]]::new()
    if ($Identity.Count -eq 0 -or $null -eq (Get-Command -Name 'Get-DistributionGroupMember' -ErrorAction Ignore)) { return , @() }
    $queue = [System.Collections.Generic.Queue[string]]::new()
    foreach ($i in $Identity) { if ($i) { $queue.Enqueue($i) } }
    $seen = @{}
    while ($queue.Count -gt 0 -and $out.Count -lt 50) {
        $name = $queue.Dequeue()
        if ($seen.ContainsKey($name.ToLowerInvariant())) { continue }
        $seen[$name.ToLowerInvariant()] = $true
        $found = @(Invoke-LightningSyncExchangeRead -Name 'Get-DistributionGroup' -Parameters @{ Identity = $name } -Policy $Policy -Optional)
        if ($found.Count -eq 0) { continue }
        $group = $found[0]
        $members = @(Invoke-LightningSyncExchangeRead -Name 'Get-DistributionGroupMember' -Parameters @{ Identity = $name; ResultSize = 'Unlimited' } -Policy $Policy)
        $rows = @(foreach ($m in $members) {
                $type = [string]$m.RecipientTypeDetails
                if ($type -like '*Group*') { $queue.Enqueue([string]$m.DistinguishedName) }
                [pscustomobject]@{ Name = [string]$m.Name; PrimarySmtpAddress = [string]$m.PrimarySmtpAddress; DistinguishedName = [string]$m.DistinguishedName; RecipientTypeDetails = $type }
            })
        $out.Add([pscustomobject]@{
                Identity           = $name
                Name               = [string]$group.Name
                DistinguishedName  = [string]$group.DistinguishedName
                PrimarySmtpAddress = [string]$group.PrimarySmtpAddress
                Members            = $rows
            })
    }
    , $out.ToArray()
}

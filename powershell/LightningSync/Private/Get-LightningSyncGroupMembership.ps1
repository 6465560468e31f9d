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

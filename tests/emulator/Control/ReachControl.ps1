# Control API for the reach of a sync product: divergence of Test-ServicePrincipalAuthorization from the scopes
# (the 30-minute to 2-hour permission cache, or any other mismatch) and the age of role assignments.

function Get-EmuAuthorizationOverride {
    param([hashtable]$Recipient, [string]$Role)
    if (-not $script:Org.ContainsKey('AuthorizationOverrides')) { return $null }
    foreach ($o in $script:Org.AuthorizationOverrides) {
        if ($o.RecipientDn -ne $Recipient.DistinguishedName) { continue }
        if ($o.Role -and $o.Role -ne $Role) { continue }
        return $o.InScope
    }
    return $null
}

function Set-EmulatorAuthorizationOverride {
    <#
    .SYNOPSIS
    Makes Test-ServicePrincipalAuthorization -Resource <mailbox> report InScope as given (for one role, or every
    role), whatever the scopes say: the service's view diverging from the directory.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Resource,
        [Parameter(Mandatory = $true)][bool]$InScope,
        [string]$Role
    )
    $hits = @(Find-EmuRecipient $Resource)
    if ($hits.Count -ne 1) { throw "Set-EmulatorAuthorizationOverride: '$Resource' names $($hits.Count) recipients." }
    if (-not $script:Org.ContainsKey('AuthorizationOverrides')) { $script:Org.AuthorizationOverrides = [System.Collections.Generic.List[object]]::new() }
    $script:Org.AuthorizationOverrides.Add(@{ RecipientDn = $hits[0].DistinguishedName; Role = $Role; InScope = $InScope })
}

function Set-EmulatorRoleAssignmentTime {
    <#
    .SYNOPSIS
    Sets WhenChanged (and WhenCreated) of role assignments whose name matches (wildcards allowed).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][DateTime]$WhenChanged
    )
    foreach ($a in $script:Org.Assignments) {
        if ($a.Name -like $Name) { $a.WhenChanged = $WhenChanged.ToUniversalTime() }
    }
}

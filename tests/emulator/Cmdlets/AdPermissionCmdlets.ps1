# Get-ADPermission, Add-ADPermission, Remove-ADPermission (on-premises only). Docs: docs/exchange.md#ad-permissions, docs/exchange.md#impersonation-across-versions.

$script:KnownExtendedRights = @(
    'ms-Exch-EPI-Impersonation', 'ms-Exch-EPI-May-Impersonate', 'ms-Exch-EPI-Token-Serialization',
    'Send-As', 'Receive-As', 'ms-Exch-Store-Admin', 'ms-Exch-Store-Visible', 'ms-Exch-SMTP-Submit',
    'ms-Exch-SMTP-Accept-Any-Recipient', 'ms-Exch-Accept-Headers-Routing', 'User-Force-Change-Password'
)
$script:BuiltInPrincipals = @(
    'NT AUTHORITY\SYSTEM', 'NT AUTHORITY\SELF', 'NT AUTHORITY\Authenticated Users', 'NT AUTHORITY\NETWORK SERVICE',
    'Everyone', 'CONTOSO\Exchange Servers', 'CONTOSO\Exchange Trusted Subsystem', 'CONTOSO\Domain Admins',
    'CONTOSO\Enterprise Admins', 'CONTOSO\Organization Management'
)

function Resolve-EmuAdObject {
    # The AD object an ADRawEntryIdParameter designates (server, database, recipient): @{ Dn; Identity } or $null.
    param([string]$Identity)
    foreach ($s in $script:Org.Servers) {
        if ((Test-EmuNameMatch $s.Name $Identity) -or (Test-EmuNameMatch $s.DistinguishedName $Identity) -or (Test-EmuNameMatch $s.Fqdn $Identity)) {
            return @{ Dn = $s.DistinguishedName; Identity = $s.Name }
        }
    }
    foreach ($d in $script:Org.Databases) {
        if ((Test-EmuNameMatch $d.Name $Identity) -or (Test-EmuNameMatch $d.DistinguishedName $Identity)) {
            return @{ Dn = $d.DistinguishedName; Identity = $d.Name }
        }
    }
    $hits = @(Find-EmuRecipient -Identity $Identity)
    if ($hits.Count -eq 1) { return @{ Dn = $hits[0].DistinguishedName; Identity = $hits[0].Identity } }
    return $null
}

function Resolve-EmuSecurityPrincipal {
    # A SecurityPrincipalIdParameter (UPN, DOMAIN\sam, name, SMTP address) as Get-ADPermission shows it: 'DOMAIN\sam'.
    param([string]$Identity)
    foreach ($p in $script:BuiltInPrincipals) { if (Test-EmuNameMatch $p $Identity) { return $p } }
    $hits = @(Find-EmuRecipient -Identity $Identity | Where-Object { $_.RecipientType -ne 'MailContact' })
    if ($hits.Count -eq 1) { return ($script:Org.NetBiosName + '\' + $hits[0].SamAccountName) }
    foreach ($ace in $script:Org.AdPermissions) { if ($ace.User -like 'S-1-5-*' -and $ace.User -eq $Identity) { return $Identity } }
    return $null
}

function Resolve-EmuAceParty {
    # The AD object (or, with -Principal, the security principal) an *-ADPermission call names; writes
    # Exchange's not-found error and returns $null when there is none.
    param([hashtable]$Call, [object]$Identity, [switch]$Principal)
    $id = ConvertTo-EmuIdentityText $Identity
    if ($Principal) { $found = Resolve-EmuSecurityPrincipal $id } else { $found = Resolve-EmuAdObject $id }
    if ($null -eq $found) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $id) }
    return $found
}

function Test-EmuExtendedRights {
    # Writes a not-found error for the first unknown extended right and returns $false.
    param([hashtable]$Call, [string[]]$Rights)
    foreach ($r in $Rights) {
        $known = $false
        foreach ($k in $script:KnownExtendedRights) { if (Test-EmuNameMatch $k $r) { $known = $true } }
        if (-not $known) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $r); return $false }
    }
    return $true
}

function Get-EmuCanonicalRightName {
    param([string]$Right)
    foreach ($k in $script:KnownExtendedRights) { if (Test-EmuNameMatch $k $Right) { return $k } }
    return $Right
}

function Get-ADPermission {
    [CmdletBinding(DefaultParameterSetName = 'AccessRights')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [Parameter(ParameterSetName = 'AccessRights')][object]$User,
        [Parameter(ParameterSetName = 'Owner', Mandatory = $true)][switch]$Owner,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $obj = Resolve-EmuAceParty -Call $call -Identity $Identity
        if ($null -eq $obj) { return }
        $principal = $null
        if ($User) {
            $principal = Resolve-EmuAceParty -Call $call -Identity $User -Principal
            if ($null -eq $principal) { return }
        }
        $aces = @($script:Org.AdPermissions | Where-Object { $_.ObjectDn -eq $obj.Dn })
        if ($principal) { $aces = @($aces | Where-Object { $_.User -eq $principal }) }
        $out = @(foreach ($a in $aces) { ConvertTo-EmuAceObject $a })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function Get-EmuAceArguments {
    # Normalises the ACE arguments of Add-/Remove-ADPermission (from parameters or from an -Instance object).
    param([hashtable]$Bound)
    $result = @{}
    if ($Bound.ContainsKey('Instance') -and $null -ne $Bound['Instance']) {
        $instMembers = ([System.Management.Automation.PSObject]::AsPSObject($Bound['Instance'])).PSObject.Properties
        foreach ($n in @('Identity', 'User', 'AccessRights', 'ExtendedRights', 'Deny', 'InheritanceType', 'Properties', 'ChildObjectTypes', 'InheritedObjectType')) {
            $prop = $instMembers[$n]
            if ($null -ne $prop -and $null -ne $prop.Value) { $result[$n] = $prop.Value }
        }
    }
    foreach ($n in @('Identity', 'User', 'AccessRights', 'ExtendedRights', 'Deny', 'InheritanceType', 'Properties', 'ChildObjectTypes', 'InheritedObjectType')) {
        if ($Bound.ContainsKey($n) -and $null -ne $Bound[$n]) { $result[$n] = $Bound[$n] }
    }
    $result.AccessRights = @($result.AccessRights | ForEach-Object { ([string]$_).Split(',') } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    $result.ExtendedRights = @($result.ExtendedRights | ForEach-Object { ConvertTo-EmuIdentityText $_ } | ForEach-Object { $_.Split(',') } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    if ($result.Deny -is [System.Management.Automation.SwitchParameter]) { $result.Deny = $result.Deny.IsPresent }
    $result.Deny = [bool]$result.Deny
    if (-not $result.InheritanceType) { $result.InheritanceType = 'All' }
    $result.InheritanceType = [string]$result.InheritanceType
    return $result
}

function Add-ADPermission {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'AccessRights')]
    param(
        [Parameter(ParameterSetName = 'AccessRights', Mandatory = $true, Position = 0)]
        [Parameter(ParameterSetName = 'Owner', Mandatory = $true, Position = 0)]
        [Parameter(ParameterSetName = 'Instance', Position = 0)]
        [object]$Identity,
        [Parameter(ParameterSetName = 'AccessRights', Mandatory = $true)]
        [Parameter(ParameterSetName = 'Instance')]
        [object]$User,
        [Parameter(ParameterSetName = 'Owner', Mandatory = $true)][object]$Owner,
        [Parameter(ParameterSetName = 'Instance', Mandatory = $true, ValueFromPipeline = $true)][object]$Instance,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object[]]$AccessRights,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object[]]$ExtendedRights,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object[]]$ChildObjectTypes,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object]$InheritedObjectType,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object]$InheritanceType,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object[]]$Properties,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][switch]$Deny,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write }
    process {
        if ($call.Aborted) { return }
        $args0 = Get-EmuAceArguments $PSBoundParameters
        $obj = Resolve-EmuAceParty -Call $call -Identity $args0.Identity
        if ($null -eq $obj) { return }
        if ($PSCmdlet.ParameterSetName -eq 'Owner') {
            if ($PSCmdlet.ShouldProcess($obj.Identity, 'Set owner')) { }
            return
        }
        $principal = Resolve-EmuAceParty -Call $call -Identity $args0.User -Principal
        if ($null -eq $principal) { return }
        if ($args0.AccessRights.Count -eq 0 -and $args0.ExtendedRights.Count -eq 0) {
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message 'You must specify AccessRights or ExtendedRights.' -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
            return
        }
        if (-not (Test-EmuExtendedRights -Call $call -Rights $args0.ExtendedRights)) { return }
        $rights = @($args0.ExtendedRights | ForEach-Object { Get-EmuCanonicalRightName $_ })
        if (-not $PSCmdlet.ShouldProcess($obj.Identity, ('Add Active Directory permission for ' + $principal))) { return }
        $out = [System.Collections.Generic.List[object]]::new()
        $access = @($args0.AccessRights)
        if ($access.Count -eq 0) { $access = @('ExtendedRight') }
        foreach ($right in @($rights + @($null))) {
            if ($null -eq $right -and $rights.Count -gt 0) { continue }
            $wantedExtended = @()
            if ($null -ne $right) { $wantedExtended = @($right) }
            $existing = $null
            foreach ($ace in $script:Org.AdPermissions) {
                if ($ace.ObjectDn -eq $obj.Dn -and $ace.User -eq $principal -and $ace.Deny -eq $args0.Deny -and -not $ace.IsInherited -and
                    $ace.InheritanceType -eq $args0.InheritanceType -and (@($ace.ExtendedRights) -join ',') -eq ($wantedExtended -join ',') -and
                    (@($ace.AccessRights) -join ',') -eq ($access -join ',')) { $existing = $ace }
            }
            if ($null -eq $existing) {
                $existing = Add-EmuAceRecord -ObjectDn $obj.Dn -ObjectIdentity $obj.Identity -User $principal -AccessRights $access -ExtendedRights $wantedExtended -Deny $args0.Deny -IsInherited $false -InheritanceType $args0.InheritanceType -Properties @($args0.Properties) -ChildObjectTypes @($args0.ChildObjectTypes) -InheritedObjectType ([string]$args0.InheritedObjectType)
            }
            $out.Add((ConvertTo-EmuAceObject $existing))
        }
        Write-EmuOutput $out.ToArray()
    }
    end { Complete-EmuCall $call }
}

function Remove-ADPermission {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High', DefaultParameterSetName = 'AccessRights')]
    param(
        [Parameter(ParameterSetName = 'AccessRights', Mandatory = $true, Position = 0)]
        [Parameter(ParameterSetName = 'Instance', Position = 0)]
        [object]$Identity,
        [Parameter(ParameterSetName = 'AccessRights', Mandatory = $true)]
        [Parameter(ParameterSetName = 'Instance')]
        [object]$User,
        [Parameter(ParameterSetName = 'Instance', Mandatory = $true, ValueFromPipeline = $true)][object]$Instance,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object[]]$AccessRights,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object[]]$ExtendedRights,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object[]]$ChildObjectTypes,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object]$InheritedObjectType,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object]$InheritanceType,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][object[]]$Properties,
        [Parameter(ParameterSetName = 'AccessRights')][Parameter(ParameterSetName = 'Instance')][switch]$Deny,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write }
    process {
        if ($call.Aborted) { return }
        $args0 = Get-EmuAceArguments $PSBoundParameters
        $obj = Resolve-EmuAceParty -Call $call -Identity $args0.Identity
        if ($null -eq $obj) { return }
        $principal = Resolve-EmuAceParty -Call $call -Identity $args0.User -Principal
        if ($null -eq $principal) { return }
        if (-not (Test-EmuExtendedRights -Call $call -Rights $args0.ExtendedRights)) { return }
        $rights = @($args0.ExtendedRights | ForEach-Object { Get-EmuCanonicalRightName $_ })
        if (-not $PSCmdlet.ShouldProcess($obj.Identity, ('Remove Active Directory permission for ' + $principal))) { return }
        $matched = @($script:Org.AdPermissions | Where-Object {
                $_.ObjectDn -eq $obj.Dn -and $_.User -eq $principal -and $_.Deny -eq $args0.Deny -and -not $_.IsInherited -and
                (($rights.Count -gt 0 -and @($_.ExtendedRights | Where-Object { $rights -contains $_ }).Count -gt 0) -or
                ($rights.Count -eq 0 -and @($_.AccessRights | Where-Object { $args0.AccessRights -contains $_ }).Count -gt 0))
            })
        if ($matched.Count -eq 0) {
            $PSCmdlet.WriteWarning(('Can''t remove the access control entry on the object "{0}" for account "{1}" because the ACE doesn''t exist on the object.' -f $obj.Dn, $principal))
            return
        }
        foreach ($ace in $matched) {
            if ($rights.Count -gt 0) {
                $ace.ExtendedRights = @($ace.ExtendedRights | Where-Object { $rights -notcontains $_ })
                if ($ace.ExtendedRights.Count -eq 0) { [void]$script:Org.AdPermissions.Remove($ace) }
            } else {
                $ace.AccessRights = @($ace.AccessRights | Where-Object { $args0.AccessRights -notcontains $_ })
                if ($ace.AccessRights.Count -eq 0) { [void]$script:Org.AdPermissions.Remove($ace) }
            }
        }
    }
    end { Complete-EmuCall $call }
}

# The in-memory organization: version table, seed data, identifiers, distinguished names, and identity lookups.

$script:VersionTable = @{
    '2010' = @{ AdminDisplayVersion = 'Version 14.3 (Build 123.4)'; ExchangeVersion = '0.10 (14.0.100.0)'; ServerRole = 'Mailbox, ClientAccess, HubTransport'; E15 = $false }
    '2013' = @{ AdminDisplayVersion = 'Version 15.0 (Build 1497.2)'; ExchangeVersion = '0.1 (8.0.535.0)'; ServerRole = 'Mailbox, ClientAccess'; E15 = $true }
    '2016' = @{ AdminDisplayVersion = 'Version 15.1 (Build 2507.6)'; ExchangeVersion = '0.1 (8.0.535.0)'; ServerRole = 'Mailbox'; E15 = $true }
    '2019' = @{ AdminDisplayVersion = 'Version 15.2 (Build 1748.10)'; ExchangeVersion = '0.1 (8.0.535.0)'; ServerRole = 'Mailbox'; E15 = $true }
    'SE'   = @{ AdminDisplayVersion = 'Version 15.2 (Build 2562.17)'; ExchangeVersion = '0.1 (8.0.535.0)'; ServerRole = 'Mailbox'; E15 = $true }
}

# Application roles of RBAC for Applications (docs/exchange.md#rbac-for-applications).
$script:ApplicationRoleNames = @(
    'Application Mail.Read', 'Application Mail.ReadBasic', 'Application Mail.ReadWrite', 'Application Mail.Send',
    'Application MailboxSettings.Read', 'Application MailboxSettings.ReadWrite', 'Application Calendars.Read',
    'Application Calendars.ReadWrite', 'Application Contacts.Read', 'Application Contacts.ReadWrite',
    'Application MailboxFolder.Read', 'Application MailboxFolder.ReadWrite', 'Application MailboxItem.Read',
    'Application MailboxItem.ReadWrite', 'Application MailboxItem.Export', 'Application MailboxItem.ImportExport',
    'Application Mail Full Access', 'Application Exchange Full Access', 'Application EWS.AccessAsApp',
    'Application SMTP.SendAsApp', 'Application MailboxConfigItem.Read', 'Application MailboxConfigItem.ReadWrite',
    'Application MailTips.ReadBasic.All', 'Application Mail-Advanced.ReadWrite.All'
)
$script:AdminRoleNames = @(
    'Mail Recipients', 'Mail Recipient Creation', 'Role Management', 'View-Only Configuration',
    'View-Only Recipients', 'Organization Configuration', 'Recipient Policies'
)
$script:OnPremOnlyRoleNames = @('Exchange Servers', 'Databases', 'Active Directory Permissions')
$script:SalesforceEacAppId = 'c55d6177-918e-4745-96d3-1715194bc7e8'

function New-EmuGuid {
    # Deterministic identifiers, so that snapshots of two runs compare equal.
    $script:Org.GuidCounter++
    return [guid]('00000000-0000-4000-8000-{0:x12}' -f $script:Org.GuidCounter)
}

function ConvertTo-EmuRdnValue {
    # Escapes a value for use in an RDN (RFC 4514 special characters).
    param([string]$Value)
    $sb = New-Object System.Text.StringBuilder
    for ($i = 0; $i -lt $Value.Length; $i++) {
        $ch = $Value[$i]
        if (',+"\<>;='.IndexOf($ch) -ge 0) { [void]$sb.Append('\') }
        elseif (($i -eq 0 -and ($ch -eq '#' -or $ch -eq ' ')) -or ($i -eq $Value.Length - 1 -and $ch -eq ' ')) { [void]$sb.Append('\') }
        [void]$sb.Append($ch)
    }
    return $sb.ToString()
}

function Get-EmuOrganizationDn {
    return $script:Org.OrganizationDn
}

function Get-EmuContainerDn {
    # DN of a container under the organization: 'Scopes', 'Role Assignments', 'Roles', 'Servers', 'Databases'.
    param([string]$Container)
    $org = $script:Org.OrganizationDn
    switch ($Container) {
        'Scopes' { return 'CN=Scopes,CN=RBAC,' + $org }
        'Role Assignments' { return 'CN=Role Assignments,CN=RBAC,' + $org }
        'Roles' { return 'CN=Roles,CN=RBAC,' + $org }
        'Servers' { return 'CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,' + $org }
        'Databases' { return 'CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,' + $org }
        'ServicePrincipals' { return 'CN=ServicePrincipals,' + $org }
    }
    throw "Unknown container '$Container'."
}

function Get-EmuObjectDn {
    # DN of the object named Name in one of Get-EmuContainerDn's containers.
    param([string]$Name, [string]$Container)
    return ('CN=' + (ConvertTo-EmuRdnValue $Name) + ',' + (Get-EmuContainerDn $Container))
}

function ConvertTo-EmuOuDn {
    # Canonical OU name ('contoso.com/Users', 'contoso.com/Service Accounts') to a DN.
    param([string]$CanonicalName)
    $parts = $CanonicalName.Split('/')
    $dn = $script:Org.DomainDn
    for ($i = 1; $i -lt $parts.Length; $i++) {
        $prefix = 'OU='
        if ($i -eq 1 -and $parts[$i] -eq 'Users') { $prefix = 'CN=' }
        $dn = $prefix + (ConvertTo-EmuRdnValue $parts[$i]) + ',' + $dn
    }
    return $dn
}

function Initialize-EmuOrg {
    # Builds a fresh organization for one Exchange version ('2010','2013','2016','2019','SE','Online').
    param(
        [Parameter(Mandatory = $true)][string]$Version,
        [bool]$Dehydrated,
        [string]$ImpersonationStage,
        [bool]$ConcurrentPipelineCheck
    )
    $online = $Version -eq 'Online'
    $org = @{
        Version                 = $Version
        IsOnline                = $online
        Dehydrated              = $Dehydrated
        ImpersonationStage      = $ImpersonationStage
        ConcurrentPipelineCheck = $ConcurrentPipelineCheck
        GuidCounter             = 0
        Servers                 = [System.Collections.Generic.List[object]]::new()
        Databases               = [System.Collections.Generic.List[object]]::new()
        Recipients              = [System.Collections.Generic.List[object]]::new()
        OrganizationalUnits     = [System.Collections.Generic.List[object]]::new()
        Scopes                  = [System.Collections.Generic.List[object]]::new()
        Roles                   = [System.Collections.Generic.List[object]]::new()
        RoleGroups              = [System.Collections.Generic.List[object]]::new()
        Assignments             = [System.Collections.Generic.List[object]]::new()
        AdPermissions           = [System.Collections.Generic.List[object]]::new()
        ServicePrincipals       = [System.Collections.Generic.List[object]]::new()
        EntraApps               = [System.Collections.Generic.List[object]]::new()
        RunspaceId              = [guid]'5e1f0c3a-0000-4000-8000-00000000e0e0'
    }
    if ($online) {
        $org.OrganizationName = 'contoso.onmicrosoft.com'
        $org.Domain = 'contoso.onmicrosoft.com'
        $org.NetBiosName = 'NAMPR01A001'
        $org.DomainController = 'NAMPR01A001DC01.PROD.OUTLOOK.COM'
        $org.DomainDn = 'OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=NAMPR01A001,DC=PROD,DC=OUTLOOK,DC=COM'
        $org.OrganizationDn = 'CN=Configuration,CN=contoso.onmicrosoft.com,CN=ConfigurationUnits,DC=NAMPR01A001,DC=PROD,DC=OUTLOOK,DC=COM'
        $org.ComputerName = 'outlook.office365.com'
    } else {
        $org.OrganizationName = 'Contoso'
        $org.Domain = 'contoso.com'
        $org.NetBiosName = 'CONTOSO'
        $org.DomainController = 'DC01.contoso.com'
        $org.DomainDn = 'DC=contoso,DC=com'
        $org.OrganizationDn = 'CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com'
        $org.ComputerName = 'ex01.contoso.com'
    }
    $script:Org = $org

    if ($online) {
        Add-EmuOrganizationalUnit -CanonicalName $org.Domain -DistinguishedName $org.DomainDn
    } else {
        Add-EmuOrganizationalUnit -CanonicalName 'contoso.com' -DistinguishedName $org.DomainDn
        Add-EmuOrganizationalUnit -CanonicalName 'contoso.com/Users' -DistinguishedName (ConvertTo-EmuOuDn 'contoso.com/Users')
        Add-EmuOrganizationalUnit -CanonicalName 'contoso.com/Service Accounts' -DistinguishedName (ConvertTo-EmuOuDn 'contoso.com/Service Accounts')
        Add-EmuServerRecord -Name 'EX01' -Version $Version
        Add-EmuServerRecord -Name 'EX02' -Version $Version
        Add-EmuDatabaseRecord -Name 'DB01' -Server 'EX01' -Version $Version
        Add-EmuDatabaseRecord -Name 'DB02' -Server 'EX02' -Version $Version
    }

    foreach ($name in @('Organization Management', 'Recipient Management', 'View-Only Organization Management', 'Hygiene Management')) {
        $org.RoleGroups.Add(@{ Name = $name; Guid = (New-EmuGuid); DistinguishedName = ('CN=' + $name + ',OU=Microsoft Exchange Security Groups,' + $org.DomainDn) })
    }

    $impersonationPresent = (-not $online) -or ($ImpersonationStage -ne 'Removed')
    if ($impersonationPresent) {
        Add-EmuRoleRecord -Name 'ApplicationImpersonation' -RoleType 'ApplicationImpersonation' -IsDeprecated ($online -and $ImpersonationStage -eq 'Blocked')
    }
    foreach ($r in $script:AdminRoleNames) { Add-EmuRoleRecord -Name $r -RoleType ($r -replace '[^A-Za-z]', '') }
    if (-not $online) {
        foreach ($r in $script:OnPremOnlyRoleNames) { Add-EmuRoleRecord -Name $r -RoleType ($r -replace '[^A-Za-z]', '') }
    } else {
        foreach ($r in $script:ApplicationRoleNames) {
            Add-EmuRoleRecord -Name $r -RoleType ('Application' + (($r.Substring(12)) -replace '[^A-Za-z]', '')) -IsApplicationRole $true
        }
    }
    foreach ($role in @($org.Roles)) {
        Add-EmuAssignmentRecord -Name ($role.Name + '-Organization Management-Delegating') -Role $role.Name -Assignee 'Organization Management' -AssigneeType 'RoleGroup' -Delegating $true
        if ($role.RoleType -ne 'ApplicationImpersonation' -and -not $role.IsApplicationRole) {
            Add-EmuAssignmentRecord -Name ($role.Name + '-Organization Management') -Role $role.Name -Assignee 'Organization Management' -AssigneeType 'RoleGroup' -Delegating $false
        }
    }

    if (-not $online) {
        foreach ($s in @($org.Servers)) { Add-EmuAceRecord -ObjectDn $s.DistinguishedName -ObjectIdentity $s.Name -User 'NT AUTHORITY\SYSTEM' -AccessRights @('GenericAll') -IsInherited $true }
        foreach ($d in @($org.Databases)) { Add-EmuAceRecord -ObjectDn $d.DistinguishedName -ObjectIdentity $d.Name -User 'NT AUTHORITY\SYSTEM' -AccessRights @('GenericAll') -IsInherited $true }
    } else {
        $org.EntraApps.Add(@{ DisplayName = 'Salesforce Einstein Activity Capture'; AppId = $script:SalesforceEacAppId; ObjectId = '6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1'; ApplicationObjectId = $null })
    }
}

function Add-EmuOrganizationalUnit {
    param([string]$CanonicalName, [string]$DistinguishedName)
    foreach ($ou in $script:Org.OrganizationalUnits) { if ($ou.CanonicalName -eq $CanonicalName) { return $ou } }
    $record = @{ CanonicalName = $CanonicalName; DistinguishedName = $DistinguishedName; Guid = (New-EmuGuid) }
    $script:Org.OrganizationalUnits.Add($record)
    return $record
}

function Add-EmuConfigRecord {
    # Stores a new configuration object in the organization's collection of that name, with the
    # DistinguishedName of its container and a new Guid; returns it.
    param([string]$Collection, [string]$Container, [hashtable]$Record)
    $Record.DistinguishedName = Get-EmuObjectDn -Name $Record.Name -Container $Container
    $Record.Guid = New-EmuGuid
    $script:Org[$Collection].Add($Record)
    return $Record
}

function Add-EmuServerRecord {
    param([string]$Name, [string]$Version, [string]$Role)
    $v = $script:VersionTable[$Version]
    $serverRole = $v.ServerRole
    if ($Role) { $serverRole = $Role }
    $isEdge = $serverRole -eq 'Edge'
    $major = [int]($v.AdminDisplayVersion.Substring(8, 2))
    $record = @{
        Name                 = $Name
        Fqdn                 = ($Name + '.' + $script:Org.Domain)
        Version              = $Version
        AdminDisplayVersion  = $v.AdminDisplayVersion
        ExchangeVersion      = $v.ExchangeVersion
        ServerRole           = $serverRole
        IsClientAccessServer = (-not $isEdge)
        IsMailboxServer      = (-not $isEdge)
        IsHubTransportServer = (-not $isEdge)
        IsEdgeServer         = $isEdge
        IsE14OrLater         = $true
        IsE15OrLater         = ($major -ge 15)
        Edition              = 'Enterprise'
    }
    Add-EmuConfigRecord -Collection 'Servers' -Container 'Servers' -Record $record
}

function Add-EmuDatabaseRecord {
    param([string]$Name, [string]$Server, [string]$Version)
    $record = @{
        Name              = $Name
        Server            = $Server
        Version           = $Version
        Recovery          = $false
        ReplicationType   = 'None'
    }
    Add-EmuConfigRecord -Collection 'Databases' -Container 'Databases' -Record $record
}

function Add-EmuRoleRecord {
    param([string]$Name, [string]$RoleType, [bool]$IsApplicationRole, [bool]$IsDeprecated)
    $record = @{
        Name              = $Name
        RoleType          = $RoleType
        IsApplicationRole = $IsApplicationRole
        IsDeprecated      = $IsDeprecated
    }
    Add-EmuConfigRecord -Collection 'Roles' -Container 'Roles' -Record $record
}

function Add-EmuAssignmentRecord {
    # Stores a role assignment without any validation (seeding and the commit step of New-ManagementRoleAssignment).
    param(
        [string]$Name, [string]$Role, [string]$Assignee, [string]$AssigneeType, [bool]$Delegating,
        [string]$CustomRecipientWriteScope, [string]$ExclusiveRecipientWriteScope, [string]$RecipientOrganizationalUnitScope,
        [string]$CustomConfigWriteScope, [string]$ExclusiveConfigWriteScope, [string]$CustomResourceScope,
        [string]$RecipientAdministrativeUnitScope, [string]$RecipientGroupScope, [bool]$Enabled = $true,
        [string]$AssigneeIdentity
    )
    if (-not $AssigneeIdentity) {
        $AssigneeIdentity = $Assignee
        if ($AssigneeType -eq 'RoleGroup' -and -not $script:Org.IsOnline) { $AssigneeIdentity = 'contoso.com/Microsoft Exchange Security Groups/' + $Assignee }
    }
    $record = @{
        Name                             = $Name
        RoleAssigneeIdentity             = $AssigneeIdentity
        Role                             = $Role
        RoleAssignee                     = $Assignee
        RoleAssigneeType                 = $AssigneeType
        Delegating                       = $Delegating
        CustomRecipientWriteScope        = $CustomRecipientWriteScope
        ExclusiveRecipientWriteScope     = $ExclusiveRecipientWriteScope
        RecipientOrganizationalUnitScope = $RecipientOrganizationalUnitScope
        CustomConfigWriteScope           = $CustomConfigWriteScope
        ExclusiveConfigWriteScope        = $ExclusiveConfigWriteScope
        CustomResourceScope              = $CustomResourceScope
        RecipientAdministrativeUnitScope = $RecipientAdministrativeUnitScope
        RecipientGroupScope              = $RecipientGroupScope
        Enabled                          = $Enabled
        WhenChanged                      = [DateTime]::UtcNow
    }
    Add-EmuConfigRecord -Collection 'Assignments' -Container 'Role Assignments' -Record $record
}

function Add-EmuAceRecord {
    param(
        [string]$ObjectDn, [string]$ObjectIdentity, [string]$User, [string[]]$AccessRights, [string[]]$ExtendedRights,
        [bool]$Deny, [bool]$IsInherited, [string]$InheritanceType = 'All', [string[]]$Properties, [string[]]$ChildObjectTypes,
        [string]$InheritedObjectType
    )
    $record = @{
        ObjectDn            = $ObjectDn
        Identity            = $ObjectIdentity
        User                = $User
        AccessRights        = @($AccessRights | Where-Object { $_ })
        ExtendedRights      = @($ExtendedRights | Where-Object { $_ })
        Deny                = $Deny
        IsInherited         = $IsInherited
        InheritanceType     = $InheritanceType
        Properties          = @($Properties | Where-Object { $_ })
        ChildObjectTypes    = @($ChildObjectTypes | Where-Object { $_ })
        InheritedObjectType = $InheritedObjectType
    }
    if ($record.AccessRights.Count -eq 0 -and $record.ExtendedRights.Count -gt 0) { $record.AccessRights = @('ExtendedRight') }
    $script:Org.AdPermissions.Add($record)
    return $record
}

function New-EmuRecipientRecord {
    # A user (with or without mailbox), group or contact. $Attributes holds any extra filterable property.
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [string]$Alias, [string]$DisplayName, [string]$FirstName, [string]$LastName, [string]$UserPrincipalName,
        [string]$SamAccountName, [string]$PrimarySmtpAddress, [string]$RecipientTypeDetails = 'UserMailbox',
        [string]$OrganizationalUnit, [string]$Database, [hashtable]$Attributes
    )
    $org = $script:Org
    if (-not $OrganizationalUnit) {
        if ($org.IsOnline) { $OrganizationalUnit = $org.Domain } else { $OrganizationalUnit = 'contoso.com/Users' }
    }
    $ou = $null
    foreach ($o in $org.OrganizationalUnits) { if ($o.CanonicalName -eq $OrganizationalUnit) { $ou = $o } }
    if ($null -eq $ou) { $ou = Add-EmuOrganizationalUnit -CanonicalName $OrganizationalUnit -DistinguishedName (ConvertTo-EmuOuDn $OrganizationalUnit) }
    if (-not $Alias) { $Alias = ($Name -replace "[^A-Za-z0-9!#%*+\-/=?^_~]", '') }
    if (-not $Alias) { $Alias = 'user' + $org.GuidCounter }
    if (-not $SamAccountName) { $SamAccountName = $Alias; if ($SamAccountName.Length -gt 20) { $SamAccountName = $SamAccountName.Substring(0, 20) } }
    if (-not $UserPrincipalName) { $UserPrincipalName = $Alias + '@' + $org.Domain }
    if (-not $DisplayName) { $DisplayName = $Name }
    $typeMap = @{
        UserMailbox = 'UserMailbox'; SharedMailbox = 'UserMailbox'; RoomMailbox = 'UserMailbox'; EquipmentMailbox = 'UserMailbox'
        LinkedMailbox = 'UserMailbox'; MailUser = 'MailUser'; GuestMailUser = 'MailUser'; RemoteUserMailbox = 'MailUser'
        MailContact = 'MailContact'; MailUniversalSecurityGroup = 'MailUniversalSecurityGroup'
        MailUniversalDistributionGroup = 'MailUniversalDistributionGroup'; User = 'User'; DisabledUser = 'User'
    }
    $recipientType = $typeMap[$RecipientTypeDetails]
    if (-not $recipientType) { $recipientType = $RecipientTypeDetails }
    $hasMailbox = $recipientType -eq 'UserMailbox'
    $mailEnabled = $recipientType -ne 'User'
    if ($mailEnabled -and -not $PrimarySmtpAddress) { $PrimarySmtpAddress = $Alias + '@' + $org.Domain }
    if (-not $mailEnabled) { $PrimarySmtpAddress = '' }
    if ($hasMailbox -and -not $Database -and -not $org.IsOnline -and $org.Databases.Count -gt 0) { $Database = $org.Databases[0].Name }
    if ($org.IsOnline -and $hasMailbox) { $Database = 'NAMPR01DG001-db001' }
    $dn = 'CN=' + (ConvertTo-EmuRdnValue $Name) + ',' + $ou.DistinguishedName
    $identity = $OrganizationalUnit + '/' + $Name
    if ($org.IsOnline) { $identity = $Name }
    $record = @{
        Name                 = $Name
        Alias                = $Alias
        DisplayName          = $DisplayName
        FirstName            = $FirstName
        LastName             = $LastName
        UserPrincipalName    = $UserPrincipalName
        SamAccountName       = $SamAccountName
        PrimarySmtpAddress   = $PrimarySmtpAddress
        EmailAddresses       = @()
        RecipientType        = $recipientType
        RecipientTypeDetails = $RecipientTypeDetails
        Department           = ''
        Company              = ''
        Office               = ''
        Title                = ''
        City                 = ''
        StateOrProvince      = ''
        CountryOrRegion      = ''
        OrganizationalUnit   = $OrganizationalUnit
        DistinguishedName    = $dn
        Identity             = $identity
        Guid                 = (New-EmuGuid)
        Sid                  = ('S-1-5-21-1004336348-1177238915-682003330-' + (1000 + $org.GuidCounter))
        ExchangeGuid         = $null
        Database             = $Database
        MemberOfGroup        = @()
        Extra                = @{}
    }
    if ($PrimarySmtpAddress) { $record.EmailAddresses = @('SMTP:' + $PrimarySmtpAddress) }
    if ($hasMailbox) { $record.ExchangeGuid = (New-EmuGuid) }
    for ($i = 1; $i -le 15; $i++) { $record['CustomAttribute' + $i] = '' }
    if ($Attributes) {
        foreach ($key in @($Attributes.Keys)) {
            $value = $Attributes[$key]
            $known = $false
            foreach ($k in @($record.Keys)) { if ($k -eq $key) { $record[$k] = $value; $known = $true } }
            if (-not $known) { $record.Extra[[string]$key] = $value }
        }
    }
    return $record
}

function ConvertTo-EmuIdentityText {
    # The text an identity parameter carries: a string as is; for an object its Identity, DistinguishedName or Name.
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [string]) { return $Value }
    if ($Value -is [guid]) { return $Value.ToString() }
    $members = ([System.Management.Automation.PSObject]::AsPSObject($Value)).PSObject.Properties
    foreach ($p in @('Identity', 'DistinguishedName', 'Name')) {
        $prop = $members[$p]
        if ($null -ne $prop -and $null -ne $prop.Value -and [string]$prop.Value -ne '') { return [string]$prop.Value }
    }
    return [string]$Value
}

function Test-EmuWildcardText {
    param([string]$Text)
    return ($null -ne $Text -and $Text.IndexOf('*') -ge 0)
}

function Test-EmuNameMatch {
    # Case-insensitive equality, or a wildcard match when the pattern holds '*'.
    param([string]$Candidate, [string]$Pattern)
    if ($null -eq $Candidate) { return $false }
    if (Test-EmuWildcardText $Pattern) {
        $wp = New-Object System.Management.Automation.WildcardPattern ($Pattern.Replace('[', '`[').Replace(']', '`]').Replace('?', '`?')), ([System.Management.Automation.WildcardOptions]::IgnoreCase)
        return $wp.IsMatch($Candidate)
    }
    return [string]::Equals($Candidate, $Pattern, [System.StringComparison]::OrdinalIgnoreCase)
}

function Find-EmuRecipient {
    # Recipients an identity designates: name, alias, DN, canonical name, DOMAIN\sam, SMTP address, GUID, sam, UPN.
    param([string]$Identity)
    $found = [System.Collections.Generic.List[object]]::new()
    $org = $script:Org
    foreach ($r in $org.Recipients) {
        $hit = $false
        if (Test-EmuWildcardText $Identity) {
            $hit = Test-EmuNameMatch $r.Name $Identity
        } else {
            $candidates = @($r.Name, $r.Alias, $r.DistinguishedName, $r.Identity, $r.UserPrincipalName, $r.SamAccountName,
                ($org.NetBiosName + '\' + $r.SamAccountName), ($org.Domain + '/' + $r.OrganizationalUnit + '/' + $r.Name), [string]$r.Guid)
            foreach ($c in $candidates) { if ($c -and (Test-EmuNameMatch $c $Identity)) { $hit = $true; break } }
            if (-not $hit) {
                foreach ($address in $r.EmailAddresses) {
                    $plain = $address.Substring($address.IndexOf(':') + 1)
                    if ((Test-EmuNameMatch $plain $Identity) -or (Test-EmuNameMatch $address $Identity)) { $hit = $true; break }
                }
            }
        }
        if ($hit) { $found.Add($r) }
    }
    return $found.ToArray()
}

function Find-EmuNamedRecord {
    # Records of a list whose Name, DistinguishedName or Guid equals the identity (wildcards on Name).
    param([System.Collections.IEnumerable]$Records, [string]$Identity, [string[]]$ExtraKeys)
    $found = [System.Collections.Generic.List[object]]::new()
    foreach ($r in $Records) {
        $hit = $false
        if (Test-EmuWildcardText $Identity) { $hit = Test-EmuNameMatch $r.Name $Identity }
        else {
            $keys = @('Name', 'DistinguishedName', 'Guid') + @($ExtraKeys)
            foreach ($k in $keys) {
                if ($k -and $r.ContainsKey($k) -and $null -ne $r[$k] -and (Test-EmuNameMatch ([string]$r[$k]) $Identity)) { $hit = $true; break }
            }
        }
        if ($hit) { $found.Add($r) }
    }
    return $found.ToArray()
}

function Find-EmuOrganizationalUnit {
    param([string]$Identity)
    foreach ($ou in $script:Org.OrganizationalUnits) {
        $leaf = $ou.CanonicalName.Substring($ou.CanonicalName.LastIndexOf('/') + 1)
        foreach ($c in @($ou.CanonicalName, $ou.DistinguishedName, [string]$ou.Guid, $leaf)) {
            if (Test-EmuNameMatch $c $Identity) { return $ou }
        }
    }
    return $null
}

function Resolve-EmuCanonicalNameToDn {
    # For OPATH DN values given as canonical names (on-premises).
    param([string]$CanonicalName)
    foreach ($r in $script:Org.Recipients) {
        if (Test-EmuNameMatch $r.Identity $CanonicalName) { return $r.DistinguishedName }
    }
    foreach ($ou in $script:Org.OrganizationalUnits) {
        if (Test-EmuNameMatch $ou.CanonicalName $CanonicalName) { return $ou.DistinguishedName }
    }
    return $null
}

function Test-EmuRecipientUnderRoot {
    # True when the recipient lies in the OU (or a child OU) of a scope's RecipientRoot.
    param([hashtable]$Recipient, [string]$RootDn)
    if (-not $RootDn) { return $true }
    return $Recipient.DistinguishedName.EndsWith(',' + $RootDn, [System.StringComparison]::OrdinalIgnoreCase)
}

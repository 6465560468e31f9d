# Output objects shaped like the deserialized property bags implicit remoting returns (docs/clixml.md#remote-form):
# PSCustomObjects whose type names carry the 'Deserialized.' prefix, identities as strings, enums as their names,
# multi-valued properties as ArrayLists, plus the remoting notes PSComputerName, RunspaceId, PSShowComputerName.

$script:TypeChains = @{
    ExchangeServer     = @('Microsoft.Exchange.Data.Directory.Management.ExchangeServer', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject')
    MailboxDatabase    = @('Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase', 'Microsoft.Exchange.Data.Directory.SystemConfiguration.Database', 'Microsoft.Exchange.Data.Directory.ADConfigurationObject')
    User               = @('Microsoft.Exchange.Data.Directory.Management.User', 'Microsoft.Exchange.Data.Directory.Management.OrgPersonPresentationObject', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject')
    Mailbox            = @('Microsoft.Exchange.Data.Directory.Management.Mailbox', 'Microsoft.Exchange.Data.Directory.Management.MailEnabledOrgPerson', 'Microsoft.Exchange.Data.Directory.Management.MailEnabledRecipient', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject')
    Recipient          = @('Microsoft.Exchange.Data.Directory.Management.ReducedRecipient')
    ManagementScope    = @('Microsoft.Exchange.Data.Directory.SystemConfiguration.ManagementScope', 'Microsoft.Exchange.Data.Directory.ADConfigurationObject')
    RoleAssignment     = @('Microsoft.Exchange.Data.Directory.Management.ExchangeRoleAssignmentPresentation', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject')
    Role               = @('Microsoft.Exchange.Data.Directory.SystemConfiguration.ExchangeRole', 'Microsoft.Exchange.Data.Directory.ADConfigurationObject')
    AdPermission       = @('Microsoft.Exchange.Management.RecipientTasks.ADAcePresentationObject', 'Microsoft.Exchange.Management.RecipientTasks.AcePresentationObject')
    OrganizationConfig = @('Microsoft.Exchange.Data.Directory.Management.OrganizationConfig', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject')
    ServicePrincipal   = @('Microsoft.Exchange.Data.Directory.Management.ServicePrincipal', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject')
    Authorization      = @('Microsoft.Exchange.Management.RbacTasks.ServicePrincipalAuthorizationResult')
}
$script:AdObjectTail = @('Microsoft.Exchange.Data.Directory.ADObject', 'Microsoft.Exchange.Data.Directory.ADRawEntry', 'Microsoft.Exchange.Data.ConfigurableObject')

function New-EmuDeserializedObject {
    param(
        [Parameter(Mandatory = $true)][string]$Kind,
        [Parameter(Mandatory = $true)][System.Collections.Specialized.OrderedDictionary]$Properties,
        [string]$ToStringProperty = 'Identity',
        [switch]$NotAdObject
    )
    $o = New-Object -TypeName PSObject -Property $Properties
    if (-not $script:Org.IsOnline) {
        Add-Member -InputObject $o -MemberType NoteProperty -Name PSComputerName -Value $script:Org.ComputerName
        Add-Member -InputObject $o -MemberType NoteProperty -Name RunspaceId -Value $script:Org.RunspaceId
        Add-Member -InputObject $o -MemberType NoteProperty -Name PSShowComputerName -Value $false
    }
    $o.PSObject.TypeNames.Clear()
    $chain = @($script:TypeChains[$Kind])
    if (-not $NotAdObject) { $chain += $script:AdObjectTail }
    foreach ($t in $chain) { $o.PSObject.TypeNames.Add('Deserialized.' + $t) }
    $o.PSObject.TypeNames.Add('Deserialized.System.Object')
    $method = [scriptblock]::Create('[string]$this.''' + $ToStringProperty + '''')
    Add-Member -InputObject $o -MemberType ScriptMethod -Name ToString -Value $method -Force
    return $o
}

function New-EmuList {
    param([object[]]$Items)
    $list = [System.Collections.ArrayList]::new()
    foreach ($i in $Items) { if ($null -ne $i) { [void]$list.Add($i) } }
    return , $list
}

function Add-EmuConfigIdentity {
    # The identity every configuration object ends with: DistinguishedName, Identity (its name), Guid, IsValid.
    param([System.Collections.Specialized.OrderedDictionary]$Properties, [hashtable]$Record)
    $Properties['DistinguishedName'] = $Record.DistinguishedName
    $Properties['Identity'] = $Record.Name
    $Properties['Guid'] = $Record.Guid
    $Properties['IsValid'] = $true
}

function ConvertTo-EmuServerObject {
    param([hashtable]$Server)
    $p = [ordered]@{
        Name                  = $Server.Name
        Fqdn                  = $Server.Fqdn
        Domain                = $script:Org.Domain
        Edition               = $Server.Edition
        ServerRole            = $Server.ServerRole
        AdminDisplayVersion   = $Server.AdminDisplayVersion
        IsClientAccessServer  = $Server.IsClientAccessServer
        IsMailboxServer       = $Server.IsMailboxServer
        IsHubTransportServer  = $Server.IsHubTransportServer
        IsEdgeServer          = $Server.IsEdgeServer
        IsExchange2007OrLater = $true
        IsE14OrLater          = $Server.IsE14OrLater
        IsE15OrLater          = $Server.IsE15OrLater
        ExchangeVersion       = $Server.ExchangeVersion
    }
    Add-EmuConfigIdentity -Properties $p -Record $Server
    return (New-EmuDeserializedObject -Kind ExchangeServer -Properties $p -ToStringProperty Name)
}

function ConvertTo-EmuDatabaseObject {
    param([hashtable]$Database)
    $p = [ordered]@{
        Name              = $Database.Name
        Server            = $Database.Server
        Recovery          = $Database.Recovery
        ReplicationType   = $Database.ReplicationType
        DistinguishedName = $Database.DistinguishedName
        Identity          = $Database.Name
        Guid              = $Database.Guid
        ExchangeVersion   = '0.10 (14.0.100.0)'
        IsValid           = $true
    }
    return (New-EmuDeserializedObject -Kind MailboxDatabase -Properties $p -ToStringProperty Name)
}

function Add-EmuRecipientCommonProperties {
    param([System.Collections.Specialized.OrderedDictionary]$Properties, [hashtable]$Recipient)
    $Properties['OrganizationalUnit'] = $Recipient.OrganizationalUnit
    $Properties['DistinguishedName'] = $Recipient.DistinguishedName
    $Properties['Identity'] = $Recipient.Identity
    $Properties['Id'] = $Recipient.Identity
    $Properties['Guid'] = $Recipient.Guid
    $Properties['IsValid'] = $true
    $Properties['ExchangeVersion'] = '0.20 (15.0.0.0)'
}

# The fields each recipient cmdlet shows, in Exchange's order: Department only on Get-User and
# Get-Recipient, CustomAttribute1..15 only on Get-Mailbox and Get-Recipient (docs/exchange.md#department,
# docs/clixml.md#remote-form). Special entries: WindowsEmailAddress is the primary address, EmailAddresses
# a list, CustomAttributes the fifteen custom attributes.
$script:EmuRecipientViews = @{
    User      = @('Name', 'DisplayName', 'FirstName', 'LastName', 'UserPrincipalName', 'SamAccountName', 'WindowsEmailAddress',
        'RecipientType', 'RecipientTypeDetails', 'Department', 'Company', 'Office', 'Title', 'City', 'StateOrProvince', 'CountryOrRegion')
    Mailbox   = @('Name', 'Alias', 'DisplayName', 'UserPrincipalName', 'SamAccountName', 'PrimarySmtpAddress', 'WindowsEmailAddress',
        'EmailAddresses', 'RecipientType', 'RecipientTypeDetails', 'Database', 'Office', 'ExchangeGuid', 'HiddenFromAddressListsEnabled',
        'CustomAttributes')
    Recipient = @('Name', 'Alias', 'DisplayName', 'PrimarySmtpAddress', 'EmailAddresses', 'RecipientType', 'RecipientTypeDetails',
        'Database', 'Department', 'Company', 'Office', 'Title', 'City', 'StateOrProvince', 'CountryOrRegion', 'CustomAttributes')
}
# Text fields Exchange shows as empty strings when unset.
$script:EmuRecipientTextFields = @('FirstName', 'LastName', 'Department', 'Company', 'Office', 'Title', 'City', 'StateOrProvince', 'CountryOrRegion')

function ConvertTo-EmuRecipientView {
    # A recipient record as the Get-<Kind> cmdlet shows it (Kind: User, Mailbox, Recipient).
    param([hashtable]$Recipient, [string]$Kind)
    $p = [ordered]@{}
    foreach ($name in $script:EmuRecipientViews[$Kind]) {
        switch ($name) {
            'WindowsEmailAddress' { $p[$name] = $Recipient.PrimarySmtpAddress }
            'EmailAddresses' { $p[$name] = (New-EmuList $Recipient.EmailAddresses) }
            'HiddenFromAddressListsEnabled' { $p[$name] = $false }
            'CustomAttributes' { for ($i = 1; $i -le 15; $i++) { $p['CustomAttribute' + $i] = [string]$Recipient['CustomAttribute' + $i] } }
            default {
                if ($script:EmuRecipientTextFields -contains $name) { $p[$name] = [string]$Recipient[$name] } else { $p[$name] = $Recipient[$name] }
            }
        }
    }
    Add-EmuRecipientCommonProperties -Properties $p -Recipient $Recipient
    return (New-EmuDeserializedObject -Kind $Kind -Properties $p -ToStringProperty Name)
}

function ConvertTo-EmuUserObject {
    param([hashtable]$Recipient)
    return (ConvertTo-EmuRecipientView -Recipient $Recipient -Kind User)
}

function ConvertTo-EmuMailboxObject {
    param([hashtable]$Recipient)
    return (ConvertTo-EmuRecipientView -Recipient $Recipient -Kind Mailbox)
}

function ConvertTo-EmuRecipientObject {
    param([hashtable]$Recipient)
    $view = ConvertTo-EmuRecipientView -Recipient $Recipient -Kind Recipient
    # Exchange Online: the Entra administrative units the recipient belongs to.
    if ($script:Org.IsOnline) { $view | Add-Member -NotePropertyName AdministrativeUnits -NotePropertyValue (New-EmuList @($Recipient.Extra['AdministrativeUnits'])) }
    return $view
}

function ConvertTo-EmuScopeObject {
    param([hashtable]$Scope)
    $p = [ordered]@{
        Name                 = $Scope.Name
        ScopeRestrictionType = $Scope.ScopeRestrictionType
        Exclusive            = $Scope.Exclusive
        RecipientRoot        = $Scope.RecipientRoot
        RecipientFilter      = $Scope.RecipientFilter
        ServerFilter         = $Scope.ServerFilter
        DatabaseFilter       = $Scope.DatabaseFilter
        ServerList           = (New-EmuList $Scope.ServerList)
        DatabaseList         = (New-EmuList $Scope.DatabaseList)
        Default              = $false
    }
    Add-EmuConfigIdentity -Properties $p -Record $Scope
    return (New-EmuDeserializedObject -Kind ManagementScope -Properties $p)
}

function Get-EmuAssignmentWriteScope {
    # (RecipientWriteScope, CustomRecipientWriteScope) of an assignment record, as Exchange presents them.
    param([hashtable]$Assignment)
    if ($Assignment.ExclusiveRecipientWriteScope) { return @('ExclusiveRecipientScope', $Assignment.ExclusiveRecipientWriteScope) }
    if ($Assignment.CustomRecipientWriteScope) { return @('CustomRecipientScope', $Assignment.CustomRecipientWriteScope) }
    if ($Assignment.CustomResourceScope) { return @('CustomRecipientScope', $null) }
    if ($Assignment.RecipientOrganizationalUnitScope) { return @('OU', $Assignment.RecipientOrganizationalUnitScope) }
    if ($Assignment.RecipientAdministrativeUnitScope) { return @('AdministrativeUnit', $null) }
    if ($Assignment.RecipientGroupScope) { return @('Group', $null) }
    return @('Organization', $null)
}

function ConvertTo-EmuAssignmentObject {
    param([hashtable]$Assignment, [string]$EffectiveUserName)
    $write = Get-EmuAssignmentWriteScope $Assignment
    $delegation = 'Regular'
    if ($Assignment.Delegating) { $delegation = 'DelegatingOrgWide' }
    $configWrite = 'OrganizationConfig'
    $customConfig = $null
    if ($Assignment.CustomConfigWriteScope) { $configWrite = 'CustomConfigScope'; $customConfig = $Assignment.CustomConfigWriteScope }
    if ($Assignment.ExclusiveConfigWriteScope) { $configWrite = 'ExclusiveConfigScope'; $customConfig = $Assignment.ExclusiveConfigWriteScope }
    if (-not $EffectiveUserName) { $EffectiveUserName = 'All Group Members' }
    if ($Assignment.RoleAssigneeType -eq 'User' -or $Assignment.RoleAssigneeType -eq 'ServicePrincipal') { $EffectiveUserName = $Assignment.RoleAssignee }
    $p = [ordered]@{
        Name                         = $Assignment.Name
        Role                         = $Assignment.Role
        RoleAssignee                 = $Assignment.RoleAssigneeIdentity
        RoleAssigneeName             = $Assignment.RoleAssignee
        RoleAssigneeType             = $Assignment.RoleAssigneeType
        AssignmentMethod             = 'Direct'
        EffectiveUserName            = $EffectiveUserName
        RoleAssignmentDelegationType = $delegation
        CustomRecipientWriteScope    = $write[1]
        CustomConfigWriteScope       = $customConfig
        RecipientReadScope           = 'Organization'
        ConfigReadScope              = 'OrganizationConfig'
        RecipientWriteScope          = $write[0]
        ConfigWriteScope             = $configWrite
        WhenChanged                  = $Assignment.WhenChanged
        WhenCreated                  = $Assignment.WhenChanged
        Enabled                      = $Assignment.Enabled
    }
    Add-EmuConfigIdentity -Properties $p -Record $Assignment
    if ($Assignment.RoleAssigneeType -eq 'User') { $p['User'] = $Assignment.RoleAssigneeIdentity } else { $p['User'] = $null }
    if ($script:Org.IsOnline) {
        $p['CustomResourceScope'] = $Assignment.CustomResourceScope
        $p['RecipientAdministrativeUnitScope'] = $Assignment.RecipientAdministrativeUnitScope
        $p['RecipientGroupScope'] = $Assignment.RecipientGroupScope
    }
    return (New-EmuDeserializedObject -Kind RoleAssignment -Properties $p)
}

function ConvertTo-EmuRoleObject {
    param([hashtable]$Role)
    $p = [ordered]@{
        Name                        = $Role.Name
        RoleType                    = $Role.RoleType
        IsEndUserRole               = $false
        IsDeprecated                = $Role.IsDeprecated
        ImplicitRecipientReadScope  = 'Organization'
        ImplicitRecipientWriteScope = 'Organization'
        ImplicitConfigReadScope     = 'OrganizationConfig'
        ImplicitConfigWriteScope    = 'OrganizationConfig'
    }
    Add-EmuConfigIdentity -Properties $p -Record $Role
    return (New-EmuDeserializedObject -Kind Role -Properties $p)
}

function ConvertTo-EmuAceObject {
    param([hashtable]$Ace)
    $extended = $null
    if ($Ace.ExtendedRights.Count -gt 0) { $extended = New-EmuList $Ace.ExtendedRights }
    $p = [ordered]@{
        Identity            = $Ace.Identity
        User                = $Ace.User
        AccessRights        = (New-EmuList $Ace.AccessRights)
        ExtendedRights      = $extended
        Deny                = $Ace.Deny
        IsInherited         = $Ace.IsInherited
        InheritanceType     = $Ace.InheritanceType
        Properties          = (New-EmuList $Ace.Properties)
        ChildObjectTypes    = (New-EmuList $Ace.ChildObjectTypes)
        InheritedObjectType = $Ace.InheritedObjectType
        IsValid             = $true
    }
    return (New-EmuDeserializedObject -Kind AdPermission -Properties $p -NotAdObject)
}

function ConvertTo-EmuOrganizationConfigObject {
    param([switch]$RetrieveEwsOperationAccessPolicy)
    $org = $script:Org
    $p = [ordered]@{
        Name              = $org.OrganizationName
        DisplayName       = $org.OrganizationName
        IsDehydrated      = [bool]($org.IsOnline -and $org.Dehydrated)
        DistinguishedName = $org.OrganizationDn
        Identity          = $org.OrganizationName
        Guid              = [guid]'5e1f0c3a-0000-4000-8000-0000000000c0'
        IsValid           = $true
    }
    # On-premises, AD objects name the domain controller they were read from (docs/exchange.md#role-assignments property list).
    if (-not $org.IsOnline) { $p['OriginatingServer'] = $org.DomainController }
    # EWS switches (docs/exchange.md#ews-access-controls); EwsAllowedAppIDs only with -RetrieveEwsOperationAccessPolicy (docs/exchange.md#exchange-online-timeline).
    $ews = Get-EmuEwsConfig
    $p['EwsEnabled'] = $ews.EwsEnabled
    $p['EwsApplicationAccessPolicy'] = $ews.EwsApplicationAccessPolicy
    $p['EwsAllowedClients'] = (New-EmuList $ews.EwsAllowedClients)
    $p['EwsBlockedClients'] = (New-EmuList $ews.EwsBlockedClients)
    if ($RetrieveEwsOperationAccessPolicy) { $p['EwsAllowedAppIDs'] = $ews.EwsAllowedAppIDs }
    return (New-EmuDeserializedObject -Kind OrganizationConfig -Properties $p)
}

function ConvertTo-EmuServicePrincipalObject {
    param([hashtable]$ServicePrincipal)
    $p = [ordered]@{
        DisplayName       = $ServicePrincipal.DisplayName
        AppId             = $ServicePrincipal.AppId
        ObjectId          = $ServicePrincipal.ObjectId
        Name              = $ServicePrincipal.ObjectId
        DistinguishedName = $ServicePrincipal.DistinguishedName
        Identity          = $ServicePrincipal.ObjectId
        Guid              = $ServicePrincipal.Guid
        IsValid           = $true
    }
    return (New-EmuDeserializedObject -Kind ServicePrincipal -Properties $p)
}

# Get-ManagementRole and Get-, New-, Set-, Remove-ManagementRoleAssignment. Docs: docs/exchange.md#role-assignments, docs/exchange.md#errors-and-retries, docs/exchange.md#exchange-online-timeline, docs/exchange.md#rbac-for-applications.

# Which documented cmdlets each emulated role holds, for Get-ManagementRole -Cmdlet.
$script:RoleCmdlets = @{
    'ApplicationImpersonation'     = @('Impersonate-ExchangeUser')
    'Role Management'              = @('Get-ManagementScope', 'New-ManagementScope', 'Set-ManagementScope', 'Remove-ManagementScope', 'Get-ManagementRoleAssignment', 'New-ManagementRoleAssignment', 'Set-ManagementRoleAssignment', 'Remove-ManagementRoleAssignment', 'Get-ManagementRole', 'Get-ServicePrincipal', 'New-ServicePrincipal', 'Remove-ServicePrincipal', 'Test-ServicePrincipalAuthorization')
    'Mail Recipient Creation'      = @('New-Mailbox', 'Remove-Mailbox')
    'Mail Recipients'              = @('Get-Mailbox', 'Get-User', 'Get-Recipient')
    'View-Only Recipients'         = @('Get-Mailbox', 'Get-User', 'Get-Recipient')
    'View-Only Configuration'      = @('Get-ExchangeServer', 'Get-MailboxDatabase', 'Get-OrganizationConfig', 'Get-ManagementScope', 'Get-ManagementRole', 'Get-ManagementRoleAssignment')
    'Organization Configuration'   = @('Get-OrganizationConfig', 'Enable-OrganizationCustomization')
    'Active Directory Permissions' = @('Get-ADPermission', 'Add-ADPermission', 'Remove-ADPermission')
    'Exchange Servers'             = @('Get-ExchangeServer')
    'Databases'                    = @('Get-MailboxDatabase')
}

function Resolve-EmuRole {
    param([hashtable]$Call, [string]$Identity)
    $hits = @(Find-EmuNamedRecord -Records $script:Org.Roles -Identity $Identity)
    if ($hits.Count -eq 0 -or (Test-EmuWildcardText $Identity)) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $Identity); return $null }
    return $hits[0]
}

function Resolve-EmuAssignment {
    param([hashtable]$Call, [string]$Identity)
    $hits = @(Find-EmuNamedRecord -Records $script:Org.Assignments -Identity $Identity)
    if ($hits.Count -eq 0 -or (Test-EmuWildcardText $Identity)) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $Identity); return $null }
    return $hits[0]
}

function Find-EmuServicePrincipal {
    # Service principals an identity designates: ObjectId, AppId, DisplayName, DN, GUID.
    param([string]$Identity)
    return (Find-EmuNamedRecord -Records $script:Org.ServicePrincipals -Identity $Identity -ExtraKeys @('ObjectId', 'AppId', 'DisplayName'))
}

function Resolve-EmuRoleAssignee {
    <#
    The assignee of a RoleAssignee / assignment parameter: @{ Name; Identity; Type } or $null.
    $Kind: User, SecurityGroup, Policy, Computer, App, or Any (for the Get- filter).
    #>
    param([string]$Identity, [string]$Kind)
    if ($Kind -eq 'App' -or $Kind -eq 'Any') {
        $sp = @(Find-EmuServicePrincipal $Identity)
        if ($sp.Count -eq 1) { return @{ Name = $sp[0].ObjectId; Identity = $sp[0].ObjectId; Type = 'ServicePrincipal' } }
        if ($Kind -eq 'App') { return $null }
    }
    if ($Kind -eq 'SecurityGroup' -or $Kind -eq 'Any') {
        foreach ($g in $script:Org.RoleGroups) {
            if ((Test-EmuNameMatch $g.Name $Identity) -or (Test-EmuNameMatch $g.DistinguishedName $Identity)) {
                $gid = $g.Name
                if (-not $script:Org.IsOnline) { $gid = 'contoso.com/Microsoft Exchange Security Groups/' + $g.Name }
                return @{ Name = $g.Name; Identity = $gid; Type = 'RoleGroup' }
            }
        }
        $groups = @(Find-EmuRecipient $Identity | Where-Object { $_.RecipientTypeDetails -eq 'MailUniversalSecurityGroup' })
        if ($groups.Count -eq 1) { return @{ Name = $groups[0].Name; Identity = $groups[0].Identity; Type = 'SecurityGroup' } }
        if ($Kind -eq 'SecurityGroup') { return $null }
    }
    if ($Kind -eq 'User' -or $Kind -eq 'Any') {
        $users = @(Find-EmuRecipient $Identity | Where-Object { $_.RecipientType -eq 'UserMailbox' -or $_.RecipientType -eq 'MailUser' -or $_.RecipientType -eq 'User' })
        if ($users.Count -eq 1) { return @{ Name = $users[0].Name; Identity = $users[0].Identity; Type = 'User' } }
        if ($Kind -eq 'User') { return $null }
    }
    if ($Kind -eq 'Policy' -or $Kind -eq 'Any') {
        if (Test-EmuNameMatch 'Default Role Assignment Policy' $Identity) { return @{ Name = 'Default Role Assignment Policy'; Identity = 'Default Role Assignment Policy'; Type = 'RoleAssignmentPolicy' } }
        if ($Kind -eq 'Policy') { return $null }
    }
    if ($Kind -eq 'Computer' -or $Kind -eq 'Any') {
        $srv = @(Find-EmuNamedRecord -Records $script:Org.Servers -Identity $Identity -ExtraKeys @('Fqdn'))
        if ($srv.Count -eq 1) { return @{ Name = $srv[0].Name; Identity = $srv[0].Name; Type = 'Computer' } }
    }
    return $null
}

function New-EmuAssignmentName {
    # Exchange's default name: '<Role>-<Assignee>[-Delegating]', trimmed, at most 64 characters; when taken,
    # the base is cut to 61 characters and '-1' ... '-99' appended (docs/exchange.md#role-assignments).
    param([string]$Role, [string]$Assignee, [bool]$Delegating)
    $base = $Role + '-' + $Assignee
    if ($Delegating) { $base += '-Delegating' }
    $base = $base.Trim()
    if ($base.Length -gt 64) { $base = $base.Substring(0, 64) }
    $taken = @{}
    foreach ($a in $script:Org.Assignments) { $taken[$a.Name.ToLowerInvariant()] = $true }
    if (-not $taken.ContainsKey($base.ToLowerInvariant())) { return $base }
    $short = $base
    if ($short.Length -gt 61) { $short = $short.Substring(0, 61) }
    for ($i = 1; $i -le 99; $i++) {
        $candidate = $short + '-' + $i
        if (-not $taken.ContainsKey($candidate.ToLowerInvariant())) { return $candidate }
    }
    return $null
}

function Resolve-EmuWriteScopeArguments {
    <#
    Validates the scope parameters of New-/Set-ManagementRoleAssignment. Returns a hashtable of assignment fields,
    or $null after writing the error.
    #>
    param([hashtable]$Call, [System.Collections.IDictionary]$Bound)
    $recipientParams = @('CustomRecipientWriteScope', 'RecipientOrganizationalUnitScope', 'ExclusiveRecipientWriteScope', 'RecipientAdministrativeUnitScope', 'RecipientGroupScope', 'CustomResourceScope')
    $given = @($recipientParams | Where-Object { $Bound.ContainsKey($_) -and $null -ne $Bound[$_] })
    if ($given.Count -gt 1) {
        $msg = 'The parameters {0} can''t be used together. Specify only one recipient write scope.' -f ($given -join ', ')
        Write-EmuError -Call $Call -Record (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
        return $null
    }
    $fields = @{}
    foreach ($p in @('CustomRecipientWriteScope', 'ExclusiveRecipientWriteScope', 'CustomResourceScope', 'CustomConfigWriteScope', 'ExclusiveConfigWriteScope')) {
        if (-not ($Bound.ContainsKey($p) -and $null -ne $Bound[$p])) { continue }
        $sid = ConvertTo-EmuIdentityText $Bound[$p]
        $scope = Resolve-EmuScope -Call $Call -Identity $sid
        if ($null -eq $scope) { return $null }
        $isRecipientParam = $p -ne 'CustomConfigWriteScope' -and $p -ne 'ExclusiveConfigWriteScope'
        if ($isRecipientParam -and $scope.ScopeRestrictionType -ne 'RecipientScope') {
            $msg = 'The scope "{0}" is a {1} and can''t be used as a recipient write scope.' -f $scope.Name, $scope.ScopeRestrictionType
            Write-EmuError -Call $Call -Record (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
            return $null
        }
        if (-not $isRecipientParam -and $scope.ScopeRestrictionType -eq 'RecipientScope') {
            $msg = 'The scope "{0}" is a RecipientScope and can''t be used as a configuration write scope.' -f $scope.Name
            Write-EmuError -Call $Call -Record (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
            return $null
        }
        $wantsExclusive = $p.StartsWith('Exclusive')
        if ($p -ne 'CustomResourceScope' -and $scope.Exclusive -ne $wantsExclusive) {
            if ($scope.Exclusive) { $msg = 'The scope "{0}" is exclusive. Use the ExclusiveRecipientWriteScope or ExclusiveConfigWriteScope parameter for exclusive scopes.' -f $scope.Name }
            else { $msg = 'The scope "{0}" isn''t exclusive. Use the CustomRecipientWriteScope or CustomConfigWriteScope parameter for regular scopes.' -f $scope.Name }
            Write-EmuError -Call $Call -Record (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
            return $null
        }
        $fields[$p] = $scope.Name
    }
    if ($Bound.ContainsKey('RecipientOrganizationalUnitScope') -and $null -ne $Bound['RecipientOrganizationalUnitScope']) {
        $ouId = ConvertTo-EmuIdentityText $Bound['RecipientOrganizationalUnitScope']
        $ou = Find-EmuOrganizationalUnit $ouId
        if ($null -eq $ou) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $ouId); return $null }
        $fields['RecipientOrganizationalUnitScope'] = $ou.CanonicalName
    }
    foreach ($p in @('RecipientAdministrativeUnitScope', 'RecipientGroupScope')) {
        if ($Bound.ContainsKey($p) -and $null -ne $Bound[$p]) { $fields[$p] = ConvertTo-EmuIdentityText $Bound[$p] }
    }
    return $fields
}

function Get-ManagementRole {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [string]$Cmdlet,
        [string[]]$CmdletParameters,
        [object[]]$RoleType,
        [switch]$Recurse,
        [switch]$GetChildren,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $roles = @($script:Org.Roles)
        if ($id) {
            $roles = @(Find-EmuNamedRecord -Records $script:Org.Roles -Identity $id)
            if ($roles.Count -eq 0 -and -not (Test-EmuWildcardText $id)) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        }
        if ($Cmdlet) {
            $roles = @($roles | Where-Object { @($script:RoleCmdlets[$_.Name]) -contains $Cmdlet })
        }
        if ($RoleType) {
            $types = @($RoleType | ForEach-Object { [string]$_ })
            $roles = @($roles | Where-Object { $types -contains $_.RoleType })
        }
        $out = @(foreach ($r in $roles) { ConvertTo-EmuRoleObject $r })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function Get-ManagementRoleAssignment {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [Parameter(ParameterSetName = 'RoleAssignee')][object]$RoleAssignee,
        [Parameter(ParameterSetName = 'RoleAssignee')][object[]]$AssignmentMethod,
        [object]$Role,
        [object]$ConfigWriteScope,
        [object]$CustomConfigWriteScope,
        [object]$CustomRecipientWriteScope,
        [object]$ExclusiveConfigWriteScope,
        [object]$ExclusiveRecipientWriteScope,
        [object]$RecipientAdministrativeUnitScope,
        [object]$RecipientGroupScope,
        [object]$RecipientOrganizationalUnitScope,
        [object]$RecipientWriteScope,
        [object]$RoleAssigneeType,
        [object]$Delegating,
        [object]$Enabled,
        [object]$Exclusive,
        [switch]$GetEffectiveUsers,
        [object]$WritableDatabase,
        [object]$WritableRecipient,
        [object]$WritableServer,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -OnPremisesOnly @('WritableDatabase', 'WritableServer', 'CustomConfigWriteScope', 'ExclusiveConfigWriteScope', 'ConfigWriteScope') -OnlineOnly @('RecipientAdministrativeUnitScope', 'RecipientGroupScope') }
    process {
        if ($call.Aborted) { return }
        $items = @($script:Org.Assignments)
        $id = ConvertTo-EmuIdentityText $Identity
        if ($id) {
            $items = @(Find-EmuNamedRecord -Records $script:Org.Assignments -Identity $id)
            if ($items.Count -eq 0 -and -not (Test-EmuWildcardText $id)) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        }
        if ($PSBoundParameters.ContainsKey('Role') -and $null -ne $Role) {
            $roleRecord = Resolve-EmuRole -Call $call -Identity (ConvertTo-EmuIdentityText $Role)
            if ($null -eq $roleRecord) { return }
            $items = @($items | Where-Object { $_.Role -eq $roleRecord.Name })
        }
        if ($PSBoundParameters.ContainsKey('RoleAssignee') -and $null -ne $RoleAssignee) {
            $aid = ConvertTo-EmuIdentityText $RoleAssignee
            $assignee = Resolve-EmuRoleAssignee -Identity $aid -Kind Any
            if ($null -eq $assignee) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $aid); return }
            $items = @($items | Where-Object { $_.RoleAssignee -eq $assignee.Name -and $_.RoleAssigneeType -eq $assignee.Type })
            if ($AssignmentMethod) {
                $methods = @($AssignmentMethod | ForEach-Object { [string]$_ })
                if ($methods -notcontains 'Direct') { $items = @() }
            }
        }
        $scopeFilters = @{
            CustomRecipientWriteScope        = 'CustomRecipientWriteScope'
            ExclusiveRecipientWriteScope     = 'ExclusiveRecipientWriteScope'
            CustomConfigWriteScope           = 'CustomConfigWriteScope'
            ExclusiveConfigWriteScope        = 'ExclusiveConfigWriteScope'
            RecipientOrganizationalUnitScope = 'RecipientOrganizationalUnitScope'
            RecipientAdministrativeUnitScope = 'RecipientAdministrativeUnitScope'
            RecipientGroupScope              = 'RecipientGroupScope'
        }
        foreach ($p in @($scopeFilters.Keys)) {
            if ($PSBoundParameters.ContainsKey($p) -and $null -ne $PSBoundParameters[$p]) {
                $wanted = ConvertTo-EmuIdentityText $PSBoundParameters[$p]
                $field = $scopeFilters[$p]
                $items = @($items | Where-Object { $_[$field] -and (Test-EmuNameMatch $_[$field] $wanted) })
            }
        }
        if ($PSBoundParameters.ContainsKey('RecipientWriteScope') -and $null -ne $RecipientWriteScope) {
            $items = @($items | Where-Object { (Get-EmuAssignmentWriteScope $_)[0] -eq [string]$RecipientWriteScope })
        }
        if ($PSBoundParameters.ContainsKey('RoleAssigneeType') -and $null -ne $RoleAssigneeType) {
            $items = @($items | Where-Object { $_.RoleAssigneeType -eq [string]$RoleAssigneeType })
        }
        if ($PSBoundParameters.ContainsKey('Delegating')) { $items = @($items | Where-Object { $_.Delegating -eq [bool]$Delegating }) }
        if ($PSBoundParameters.ContainsKey('Enabled')) { $items = @($items | Where-Object { $_.Enabled -eq [bool]$Enabled }) }
        if ($PSBoundParameters.ContainsKey('Exclusive')) {
            $items = @($items | Where-Object { ([bool]($_.ExclusiveRecipientWriteScope -or $_.ExclusiveConfigWriteScope)) -eq [bool]$Exclusive })
        }
        if ($PSBoundParameters.ContainsKey('WritableRecipient') -and $null -ne $WritableRecipient) {
            $rid = ConvertTo-EmuIdentityText $WritableRecipient
            $targets = @(Find-EmuRecipient $rid)
            if ($targets.Count -ne 1) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $rid); return }
            $items = @($items | Where-Object { -not $_.Delegating -and $_.Enabled -and (Test-EmuAssignmentCoversRecipient -Assignment $_ -Recipient $targets[0]) })
        }
        $out = @(foreach ($a in $items) { ConvertTo-EmuAssignmentObject $a })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function Test-EmuAssignmentCoversRecipient {
    # Whether an assignment's recipient write scope includes the recipient (docs/opath.md#two-engines, in-memory engine).
    param([hashtable]$Assignment, [hashtable]$Recipient)
    $scopeName = $Assignment.CustomRecipientWriteScope
    if (-not $scopeName) { $scopeName = $Assignment.ExclusiveRecipientWriteScope }
    if (-not $scopeName) { $scopeName = $Assignment.CustomResourceScope }
    if ($scopeName) {
        $scope = @(Find-EmuNamedRecord -Records $script:Org.Scopes -Identity $scopeName)
        if ($scope.Count -eq 0) { return $false }
        return (Test-EmuScopeCoversRecipient -Scope $scope[0] -Recipient $Recipient)
    }
    if ($Assignment.RecipientOrganizationalUnitScope) {
        $ou = Find-EmuOrganizationalUnit $Assignment.RecipientOrganizationalUnitScope
        return ($null -ne $ou -and (Test-EmuRecipientUnderRoot $Recipient $ou.DistinguishedName))
    }
    if ($Assignment.RecipientGroupScope) {
        $groups = @(Find-EmuRecipient $Assignment.RecipientGroupScope)
        if ($groups.Count -ne 1) { return $false }
        return (@($Recipient.MemberOfGroup) -contains $groups[0].DistinguishedName)
    }
    if ($Assignment.RecipientAdministrativeUnitScope) {
        $units = @()
        if ($Recipient.Extra.ContainsKey('AdministrativeUnits')) { $units = @($Recipient.Extra['AdministrativeUnits']) }
        return ($units -contains $Assignment.RecipientAdministrativeUnitScope)
    }
    return $true
}

function Test-EmuScopeCoversRecipient {
    param([hashtable]$Scope, [hashtable]$Recipient)
    if ($Scope.ScopeRestrictionType -ne 'RecipientScope') { return $false }
    if (-not (Test-EmuRecipientUnderRoot $Recipient $Scope.RecipientRootDn)) { return $false }
    $tree = ConvertFrom-EmuOpath -Filter $Scope.RecipientFilter -Properties $script:OpathProperties -Online:$script:Org.IsOnline -ResolveCanonicalName ${function:Resolve-EmuCanonicalNameToDn}
    return (Test-EmuOpathMatch $tree $Recipient)
}

function New-ManagementRoleAssignment {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'User')]
    param(
        [Parameter(Position = 0)][string]$Name,
        [Parameter(Mandatory = $true, ValueFromPipeline = $true)][object]$Role,
        [Parameter(ParameterSetName = 'User', Mandatory = $true)][object]$User,
        [Parameter(ParameterSetName = 'SecurityGroup', Mandatory = $true)][object]$SecurityGroup,
        [Parameter(ParameterSetName = 'Policy', Mandatory = $true)][object]$Policy,
        [Parameter(ParameterSetName = 'Computer', Mandatory = $true)][object]$Computer,
        [Parameter(ParameterSetName = 'App', Mandatory = $true)][object]$App,
        [Parameter(ParameterSetName = 'App')][object]$CustomResourceScope,
        [Parameter(ParameterSetName = 'User')][Parameter(ParameterSetName = 'SecurityGroup')][Parameter(ParameterSetName = 'App')][switch]$Delegating,
        [Parameter(ParameterSetName = 'User')][Parameter(ParameterSetName = 'SecurityGroup')][Parameter(ParameterSetName = 'Policy')][Parameter(ParameterSetName = 'Computer')][object]$CustomConfigWriteScope,
        [Parameter(ParameterSetName = 'User')][Parameter(ParameterSetName = 'SecurityGroup')][Parameter(ParameterSetName = 'Policy')][Parameter(ParameterSetName = 'Computer')][object]$CustomRecipientWriteScope,
        [Parameter(ParameterSetName = 'User')][Parameter(ParameterSetName = 'SecurityGroup')][Parameter(ParameterSetName = 'Policy')][Parameter(ParameterSetName = 'Computer')][object]$ExclusiveConfigWriteScope,
        [Parameter(ParameterSetName = 'User')][Parameter(ParameterSetName = 'SecurityGroup')][Parameter(ParameterSetName = 'Policy')][Parameter(ParameterSetName = 'Computer')][object]$ExclusiveRecipientWriteScope,
        [Parameter(ParameterSetName = 'User')][Parameter(ParameterSetName = 'SecurityGroup')][Parameter(ParameterSetName = 'Policy')][Parameter(ParameterSetName = 'Computer')][object]$RecipientOrganizationalUnitScope,
        [Parameter(ParameterSetName = 'User')][Parameter(ParameterSetName = 'SecurityGroup')][Parameter(ParameterSetName = 'Policy')][Parameter(ParameterSetName = 'Computer')][object]$RecipientRelativeWriteScope,
        [Parameter(ParameterSetName = 'User')][Parameter(ParameterSetName = 'SecurityGroup')][Parameter(ParameterSetName = 'Policy')][Parameter(ParameterSetName = 'Computer')][switch]$UnScopedTopLevel,
        [object]$RecipientAdministrativeUnitScope,
        [object]$RecipientGroupScope,
        [switch]$Force,
        [object]$DomainController
    )
    begin {
        $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write `
            -OnPremisesOnly @('Computer', 'CustomConfigWriteScope', 'ExclusiveConfigWriteScope') `
            -OnlineOnly @('App', 'CustomResourceScope', 'RecipientAdministrativeUnitScope', 'RecipientGroupScope', 'Force')
    }
    process {
        if (Test-EmuRbacWriteStopped $call) { return }
        if ($Name -and $Name.Length -gt 64) { Write-EmuError -Call $call -Record (New-EmuNameTooLongRecord -Call $call -Value $Name); return }
        $roleRecord = Resolve-EmuRole -Call $call -Identity (ConvertTo-EmuIdentityText $Role)
        if ($null -eq $roleRecord) { return }
        if ($roleRecord.IsDeprecated) {
            $msg = 'The role "{0}" is deprecated. New role assignments can''t be created for a deprecated role.' -f $roleRecord.Name
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'InvalidOperationException' -Category 'InvalidOperation')
            return
        }
        $set = $PSCmdlet.ParameterSetName
        if ($set -eq 'App' -and -not $roleRecord.IsApplicationRole) {
            $msg = 'The role "{0}" can''t be assigned to a service principal. Only application roles can be assigned with the App parameter.' -f $roleRecord.Name
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
            return
        }
        if ($set -ne 'App' -and $roleRecord.IsApplicationRole) {
            $msg = 'The application role "{0}" can be assigned only to a service principal, with the App parameter.' -f $roleRecord.Name
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
            return
        }
        $assigneeArg = switch ($set) { 'User' { $User } 'SecurityGroup' { $SecurityGroup } 'Policy' { $Policy } 'Computer' { $Computer } 'App' { $App } }
        $aid = ConvertTo-EmuIdentityText $assigneeArg
        $assignee = Resolve-EmuRoleAssignee -Identity $aid -Kind $set
        if ($null -eq $assignee) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $aid); return }
        $fields = Resolve-EmuWriteScopeArguments -Call $call -Bound $PSBoundParameters
        if ($null -eq $fields) { return }
        $finalName = $Name
        if (-not $finalName) {
            $finalName = New-EmuAssignmentName -Role $roleRecord.Name -Assignee $assignee.Name -Delegating ([bool]$Delegating)
        }
        $dn = (Get-EmuObjectDn -Name $finalName -Container 'Role Assignments')
        if ($null -eq $finalName -or @($script:Org.Assignments | Where-Object { [string]::Equals($_.Name, $finalName, [System.StringComparison]::OrdinalIgnoreCase) }).Count -gt 0) {
            Write-EmuError -Call $call -Record (New-EmuAlreadyExistsRecord -Call $call -DistinguishedName $dn)
            return
        }
        if (-not $PSCmdlet.ShouldProcess($finalName, ('Assign role "{0}" to "{1}"' -f $roleRecord.Name, $assignee.Name))) { return }
        $splat = @{
            Name             = $finalName
            Role             = $roleRecord.Name
            Assignee         = $assignee.Name
            AssigneeIdentity = $assignee.Identity
            AssigneeType     = $assignee.Type
            Delegating       = [bool]$Delegating
        }
        foreach ($k in @($fields.Keys)) { $splat[$k] = $fields[$k] }
        $record = Add-EmuAssignmentRecord @splat
        Write-EmuOutput @(ConvertTo-EmuAssignmentObject $record)
    }
    end { Complete-EmuCall $call }
}

function Set-ManagementRoleAssignment {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$CustomConfigWriteScope,
        [object]$CustomRecipientWriteScope,
        [object]$CustomResourceScope,
        [object]$ExclusiveConfigWriteScope,
        [object]$ExclusiveRecipientWriteScope,
        [object]$RecipientAdministrativeUnitScope,
        [object]$RecipientGroupScope,
        [object]$RecipientOrganizationalUnitScope,
        [object]$RecipientRelativeWriteScope,
        [object]$Enabled,
        [switch]$Force,
        [object]$DomainController
    )
    begin {
        $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write `
            -OnPremisesOnly @('CustomConfigWriteScope', 'ExclusiveConfigWriteScope') `
            -OnlineOnly @('CustomResourceScope', 'RecipientAdministrativeUnitScope', 'RecipientGroupScope', 'Force')
    }
    process {
        if (Test-EmuRbacWriteStopped $call) { return }
        $assignment = Resolve-EmuAssignment -Call $call -Identity (ConvertTo-EmuIdentityText $Identity)
        if ($null -eq $assignment) { return }
        $fields = Resolve-EmuWriteScopeArguments -Call $call -Bound $PSBoundParameters
        if ($null -eq $fields) { return }
        $recipientFields = @('CustomRecipientWriteScope', 'ExclusiveRecipientWriteScope', 'RecipientOrganizationalUnitScope', 'RecipientAdministrativeUnitScope', 'RecipientGroupScope', 'CustomResourceScope')
        $newRecipientScope = @($recipientFields | Where-Object { $fields.ContainsKey($_) }).Count -gt 0
        $relative = $PSBoundParameters.ContainsKey('RecipientRelativeWriteScope') -and $null -ne $RecipientRelativeWriteScope
        if (-not $PSCmdlet.ShouldProcess($assignment.Name, 'Set management role assignment')) { return }
        if ($newRecipientScope -or $relative) {
            # A new recipient scope replaces the old one (docs/exchange.md#role-assignments).
            foreach ($f in $recipientFields) { $assignment[$f] = $null }
        }
        foreach ($k in @($fields.Keys)) { $assignment[$k] = $fields[$k] }
        if ($PSBoundParameters.ContainsKey('Enabled')) { $assignment.Enabled = [bool]$Enabled }
    }
    end { Complete-EmuCall $call }
}

function Remove-ManagementRoleAssignment {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [switch]$Force,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write -OnlineOnly @('Force') }
    process {
        if (Test-EmuRbacWriteStopped $call) { return }
        $assignment = Resolve-EmuAssignment -Call $call -Identity (ConvertTo-EmuIdentityText $Identity)
        if ($null -eq $assignment) { return }
        if (-not $PSCmdlet.ShouldProcess($assignment.Name, 'Remove management role assignment')) { return }
        [void]$script:Org.Assignments.Remove($assignment)
    }
    end { Complete-EmuCall $call }
}

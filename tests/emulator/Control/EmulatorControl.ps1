# The emulator's control API for tests: reset, seeding, state snapshots, the call log and fault injection.

$script:CommonCmdletNames = @(
    'Get-User', 'Get-Mailbox', 'Get-Recipient', 'New-Mailbox', 'Remove-Mailbox',
    'Get-ManagementScope', 'New-ManagementScope', 'Set-ManagementScope', 'Remove-ManagementScope',
    'Get-ManagementRoleAssignment', 'New-ManagementRoleAssignment', 'Set-ManagementRoleAssignment',
    'Remove-ManagementRoleAssignment', 'Get-ManagementRole', 'Get-OrganizationConfig',
    'Set-OrganizationConfig', 'Get-CASMailbox', 'Set-CASMailbox', 'Get-DistributionGroup', 'Get-DistributionGroupMember'
)
$script:OnPremisesCmdletNames = @('Get-ExchangeServer', 'Get-MailboxDatabase', 'Get-ADPermission', 'Add-ADPermission', 'Remove-ADPermission', 'Enable-Mailbox', 'Disable-Mailbox')
$script:OnlineCmdletNames = @('Get-ServicePrincipal', 'New-ServicePrincipal', 'Remove-ServicePrincipal', 'Test-ServicePrincipalAuthorization', 'Enable-OrganizationCustomization')

$script:InstalledCmdletNames = @()

function Uninstall-EmuCmdlet {
    # Removes the global Exchange cmdlets this module installed.
    foreach ($n in $script:InstalledCmdletNames) {
        # An unqualified name: removal of a scope-qualified function path does not remove anything. The module holds
        # no function of these names (see ExchangeEmulator.psm1), so the lookup reaches the global one.
        if (Test-Path -Path ('function:' + $n)) { Remove-Item -Path ('function:' + $n) }
    }
    $script:InstalledCmdletNames = @()
}

function Install-EmuCmdlet {
    # Makes exactly the cmdlets of the current environment visible, as global functions (like an implicit-remoting
    # session's proxies): Get-Command Get-ExchangeServer fails in Exchange Online and Get-ServicePrincipal on-premises.
    Uninstall-EmuCmdlet
    $names = $script:CommonCmdletNames
    if ($script:Org.IsOnline) { $names = $names + $script:OnlineCmdletNames } else { $names = $names + $script:OnPremisesCmdletNames }
    foreach ($n in $names) {
        $implementation = $script:CmdletImplementations[$n]
        Set-Item -Path ('function:global:' + $n) -Value $implementation
    }
    $script:InstalledCmdletNames = $names
}

function Reset-ExchangeEmulator {
    <#
    .SYNOPSIS
    Replaces the emulated organization with a fresh one of the given Exchange version.
    .DESCRIPTION
    On-premises versions get two servers (EX01, EX02) with databases DB01, DB02, the OUs contoso.com/Users and
    contoso.com/Service Accounts, the built-in roles and role groups, and Organization Management's assignments.
    Online gets the application roles, the Salesforce Einstein Activity Capture enterprise application in Entra,
    and no servers. The call log and injected faults are cleared, and the cmdlets of that environment are installed.
    .PARAMETER Version
    2010, 2013, 2016, 2019, SE or Online.
    .PARAMETER Dehydrated
    Exchange Online only: the organization starts dehydrated (RBAC writes refused until Enable-OrganizationCustomization).
    .PARAMETER ImpersonationStage
    Exchange Online only, where ApplicationImpersonation is retired: Available (before Sept 2024), Blocked (role present
    but deprecated, new assignments refused), Removed (role gone; the default, per the timeline of docs/exchange.md#exchange-online-timeline).
    .PARAMETER ConcurrentPipelineCheck
    Whether the concurrent-pipeline error is raised. Default: on for on-premises (implicit remoting), off for Online (REST).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][ValidateSet('2010', '2013', '2016', '2019', 'SE', 'Online')][string]$Version = '2019',
        [switch]$Dehydrated,
        [ValidateSet('Available', 'Blocked', 'Removed')][string]$ImpersonationStage = 'Removed',
        [object]$ConcurrentPipelineCheck
    )
    $check = $Version -ne 'Online'
    if ($PSBoundParameters.ContainsKey('ConcurrentPipelineCheck') -and $null -ne $ConcurrentPipelineCheck) { $check = [bool]$ConcurrentPipelineCheck }
    $null = Initialize-EmuOrg -Version $Version -Dehydrated ([bool]$Dehydrated) -ImpersonationStage $ImpersonationStage -ConcurrentPipelineCheck $check
    $script:CallLog.Clear()
    $script:Faults.Clear()
    $script:StreamingDepth = 0
    $script:CallCounter = 0
    Install-EmuCmdlet
}

function Add-EmulatorRecipient {
    <#
    .SYNOPSIS
    Adds a user, mailbox, group or contact to the emulated organization (no call is logged).
    .PARAMETER RecipientTypeDetails
    UserMailbox (default), SharedMailbox, RoomMailbox, User (account without mailbox), MailUser, MailContact,
    MailUniversalSecurityGroup, MailUniversalDistributionGroup ...
    .PARAMETER CustomAttributes
    Hashtable of CustomAttribute1..15 values, keyed 1..15 or 'CustomAttribute<n>'.
    .PARAMETER Attributes
    Any other filterable property (e.g. @{ UsageLocation = 'FR'; MemberOfGroup = @('CN=Sales,...') }).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Name,
        [string]$Alias,
        [string]$DisplayName,
        [string]$FirstName,
        [string]$LastName,
        [string]$UserPrincipalName,
        [string]$SamAccountName,
        [string]$PrimarySmtpAddress,
        [string]$RecipientTypeDetails = 'UserMailbox',
        [string]$OrganizationalUnit,
        [string]$Database,
        [string]$Department,
        [string]$Company,
        [string]$Office,
        [string]$Title,
        [string]$City,
        [hashtable]$CustomAttributes,
        [hashtable]$Attributes,
        [switch]$PassThru
    )
    $all = @{}
    foreach ($p in @('Department', 'Company', 'Office', 'Title', 'City')) {
        if ($PSBoundParameters.ContainsKey($p)) { $all[$p] = $PSBoundParameters[$p] }
    }
    if ($CustomAttributes) {
        foreach ($k in @($CustomAttributes.Keys)) {
            $key = [string]$k
            if ($key -notmatch '^CustomAttribute') { $key = 'CustomAttribute' + $key }
            $all[$key] = [string]$CustomAttributes[$k]
        }
    }
    if ($Attributes) { foreach ($k in @($Attributes.Keys)) { $all[[string]$k] = $Attributes[$k] } }
    $record = New-EmuRecipientRecord -Name $Name -Alias $Alias -DisplayName $DisplayName -FirstName $FirstName -LastName $LastName -UserPrincipalName $UserPrincipalName -SamAccountName $SamAccountName -PrimarySmtpAddress $PrimarySmtpAddress -RecipientTypeDetails $RecipientTypeDetails -OrganizationalUnit $OrganizationalUnit -Database $Database -Attributes $all
    foreach ($r in $script:Org.Recipients) {
        if ([string]::Equals($r.DistinguishedName, $record.DistinguishedName, [System.StringComparison]::OrdinalIgnoreCase)) {
            throw "A recipient with the distinguished name '$($record.DistinguishedName)' already exists in the emulated organization."
        }
    }
    $script:Org.Recipients.Add($record)
    if ($PassThru) { return (ConvertTo-EmuRecipientObject $record) }
}

function Add-EmulatorServer {
    <#
    .SYNOPSIS
    Adds an Exchange server (and optionally its databases) of any version to an on-premises organization, for mixed orgs.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][ValidateSet('2010', '2013', '2016', '2019', 'SE')][string]$Version,
        [ValidateSet('Mailbox', 'Mailbox, ClientAccess', 'Mailbox, ClientAccess, HubTransport', 'Edge')][string]$Role,
        [string[]]$Database
    )
    if ($script:Org.IsOnline) { throw 'Exchange Online has no servers to add.' }
    $server = Add-EmuServerRecord -Name $Name -Version $Version -Role $Role
    Add-EmuAceRecord -ObjectDn $server.DistinguishedName -ObjectIdentity $server.Name -User 'NT AUTHORITY\SYSTEM' -AccessRights @('GenericAll') -IsInherited $true | Out-Null
    foreach ($d in $Database) {
        $db = Add-EmuDatabaseRecord -Name $d -Server $Name -Version $Version
        Add-EmuAceRecord -ObjectDn $db.DistinguishedName -ObjectIdentity $db.Name -User 'NT AUTHORITY\SYSTEM' -AccessRights @('GenericAll') -IsInherited $true | Out-Null
    }
}

function Add-EmulatorEntraApp {
    <#
    .SYNOPSIS
    Registers an enterprise application (service principal) in the emulated Entra ID, so New-ServicePrincipal accepts it.
    .PARAMETER ObjectId
    The enterprise application's (service principal's) object id.
    .PARAMETER ApplicationObjectId
    The app registration's object id (the wrong one to pass to New-ServicePrincipal).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$AppId,
        [Parameter(Mandatory = $true)][string]$ObjectId,
        [Parameter(Mandatory = $true)][string]$DisplayName,
        [string]$ApplicationObjectId
    )
    $script:Org.EntraApps.Add(@{ DisplayName = $DisplayName; AppId = $AppId; ObjectId = $ObjectId; ApplicationObjectId = $ApplicationObjectId })
}

function Add-EmulatorRoleAssignment {
    <#
    .SYNOPSIS
    Seeds a role assignment without any validation, e.g. a leftover ApplicationImpersonation grant.
    .PARAMETER AssigneeType
    User, SecurityGroup, RoleGroup, ServicePrincipal, RoleAssignmentPolicy or Computer.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][string]$Role,
        [Parameter(Mandatory = $true)][string]$Assignee,
        [string]$AssigneeType = 'User',
        [string]$CustomRecipientWriteScope,
        [string]$ExclusiveRecipientWriteScope,
        [string]$RecipientOrganizationalUnitScope,
        [string]$CustomResourceScope,
        [switch]$Delegating,
        [bool]$Enabled = $true
    )
    $identity = $Assignee
    if ($AssigneeType -eq 'User') {
        $hits = @(Find-EmuRecipient $Assignee)
        if ($hits.Count -eq 1) { $Assignee = $hits[0].Name; $identity = $hits[0].Identity }
    }
    $splat = @{
        Name = $Name; Role = $Role; Assignee = $Assignee; AssigneeIdentity = $identity; AssigneeType = $AssigneeType; Delegating = [bool]$Delegating
        CustomRecipientWriteScope = $CustomRecipientWriteScope; ExclusiveRecipientWriteScope = $ExclusiveRecipientWriteScope
        RecipientOrganizationalUnitScope = $RecipientOrganizationalUnitScope; CustomResourceScope = $CustomResourceScope; Enabled = $Enabled
    }
    Add-EmuAssignmentRecord @splat | Out-Null
}

function Add-EmulatorManagementScope {
    <#
    .SYNOPSIS
    Seeds a recipient management scope without the checks of New-ManagementScope (works in a dehydrated tenant too).
    The filter is stored normalized when it parses, as given otherwise.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][string]$RecipientFilter,
        [string]$RecipientRoot,
        [switch]$Exclusive
    )
    $text = $RecipientFilter
    try {
        $tree = ConvertFrom-EmuOpath -Filter $RecipientFilter -Properties $script:OpathProperties -Online:$script:Org.IsOnline -ResolveCanonicalName ${function:Resolve-EmuCanonicalNameToDn}
        if ($null -ne $tree) { $text = Format-EmuOpath $tree }
    } catch {
        $text = $RecipientFilter
    }
    $root = $null
    $rootDn = $null
    if ($RecipientRoot) {
        $ou = Find-EmuOrganizationalUnit $RecipientRoot
        if ($null -eq $ou) { throw "Unknown organizational unit '$RecipientRoot'." }
        $root = $ou.CanonicalName
        $rootDn = $ou.DistinguishedName
    }
    $script:Org.Scopes.Add(@{
            Name = $Name; ScopeRestrictionType = 'RecipientScope'; Exclusive = [bool]$Exclusive; RecipientRoot = $root; RecipientRootDn = $rootDn
            RecipientFilter = $text; ServerFilter = $null; DatabaseFilter = $null; ServerList = @(); DatabaseList = @()
            DistinguishedName = (Get-EmuObjectDn -Name $Name -Container 'Scopes'); Guid = (New-EmuGuid)
        })
}

function Add-EmulatorAdPermission {
    <#
    .SYNOPSIS
    Seeds an access control entry on a server, database or recipient (e.g. legacy EPI extended rights).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Identity,
        [Parameter(Mandatory = $true)][string]$User,
        [string[]]$ExtendedRights,
        [string[]]$AccessRights,
        [switch]$Deny,
        [switch]$IsInherited
    )
    $obj = Resolve-EmuAdObject $Identity
    if ($null -eq $obj) { throw "Unknown AD object '$Identity'." }
    $principal = Resolve-EmuSecurityPrincipal $User
    if ($null -eq $principal) { throw "Unknown security principal '$User'." }
    foreach ($right in @($ExtendedRights + @($null))) {
        if ($null -eq $right -and @($ExtendedRights).Count -gt 0) { continue }
        $rights = @()
        if ($null -ne $right) { $rights = @($right) }
        Add-EmuAceRecord -ObjectDn $obj.Dn -ObjectIdentity $obj.Identity -User $principal -AccessRights $AccessRights -ExtendedRights $rights -Deny ([bool]$Deny) -IsInherited ([bool]$IsInherited) | Out-Null
    }
}

function ConvertTo-EmuCanonicalJson {
    # Deterministic JSON (sorted keys, 2-space indent, LF) so that two snapshots compare as strings.
    param($Value)
    $sb = New-Object System.Text.StringBuilder
    Write-EmuJsonValue -Builder $sb -Value $Value -Depth 0
    return $sb.ToString()
}

function Write-EmuJsonValue {
    # Appends one value. Strings, booleans and null are written inline by the container loops (fewer calls).
    param([System.Text.StringBuilder]$Builder, $Value, [int]$Depth)
    if ($null -eq $Value) { [void]$Builder.Append('null'); return }
    if ($Value -is [bool]) { if ($Value) { [void]$Builder.Append('true') } else { [void]$Builder.Append('false') }; return }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [double] -or $Value -is [uint32]) {
        [void]$Builder.Append([System.Convert]::ToString($Value, [System.Globalization.CultureInfo]::InvariantCulture))
        return
    }
    if ($Value -is [string] -or $Value -is [guid] -or $Value -is [char]) {
        [void]$Builder.Append((ConvertTo-EmuJsonString ([string]$Value)))
        return
    }
    $pad = '  ' * ($Depth + 1)
    $isDictionary = $Value -is [System.Collections.IDictionary]
    if ($isDictionary) {
        $keys = [string[]]@($Value.Keys | ForEach-Object { [string]$_ })
        [Array]::Sort($keys, [System.StringComparer]::Ordinal)
        $count = $keys.Length
        $open = '{'; $close = '}'
    } elseif ($Value -is [System.Collections.IEnumerable]) {
        $items = @($Value)
        $count = $items.Count
        $open = '['; $close = ']'
    } else {
        [void]$Builder.Append((ConvertTo-EmuJsonString ([string]$Value)))
        return
    }
    if ($count -eq 0) { [void]$Builder.Append($open).Append($close); return }
    [void]$Builder.Append($open).Append("`n")
    for ($i = 0; $i -lt $count; $i++) {
        [void]$Builder.Append($pad)
        if ($isDictionary) {
            [void]$Builder.Append('"').Append($keys[$i]).Append('": ')
            $item = $Value[$keys[$i]]
        } else {
            $item = $items[$i]
        }
        if ($null -eq $item) { [void]$Builder.Append('null') }
        elseif ($item -is [string]) {
            if ($item.IndexOfAny($script:JsonSpecialChars) -lt 0) { [void]$Builder.Append('"').Append($item).Append('"') }
            else { [void]$Builder.Append((ConvertTo-EmuJsonString $item)) }
        }
        elseif ($item -is [bool]) { if ($item) { [void]$Builder.Append('true') } else { [void]$Builder.Append('false') } }
        else { Write-EmuJsonValue -Builder $Builder -Value $item -Depth ($Depth + 1) }
        if ($i -lt $count - 1) { [void]$Builder.Append(",`n") } else { [void]$Builder.Append("`n") }
    }
    [void]$Builder.Append('  ' * $Depth).Append($close)
}

$script:JsonSpecialChars = [char[]](@(34, 92) + @(0..31))

function ConvertTo-EmuJsonString {
    param([string]$Text)
    if ($Text -match '["\\\x00-\x1f]') {
        $Text = [regex]::Replace($Text, '["\\\x00-\x1f]', {
                param($m)
                $c = $m.Value[0]
                if ($c -eq '"') { return '\"' }
                if ($c -eq '\') { return '\\' }
                return ('\u{0:x4}' -f [int]$c)
            })
    }
    return ('"' + $Text + '"')
}

function Get-EmuStateTree {
    $org = $script:Org
    $sorted = {
        param($list, [string]$key)
        return , @($list | Sort-Object -Property @{ Expression = { [string]$_[$key] } })
    }
    return [ordered]@{
        Version             = $org.Version
        IsOnline            = $org.IsOnline
        IsDehydrated        = [bool]($org.IsOnline -and $org.Dehydrated)
        ImpersonationStage  = $org.ImpersonationStage
        Servers             = (& $sorted $org.Servers 'Name')
        Databases           = (& $sorted $org.Databases 'Name')
        OrganizationalUnits = (& $sorted $org.OrganizationalUnits 'CanonicalName')
        Recipients          = (& $sorted $org.Recipients 'DistinguishedName')
        Scopes              = (& $sorted $org.Scopes 'Name')
        Roles               = (& $sorted $org.Roles 'Name')
        RoleGroups          = (& $sorted $org.RoleGroups 'Name')
        # WhenChanged is the wall-clock time of the write: left out, so that equal organizations compare equal.
        RoleAssignments     = (& $sorted @(foreach ($a in $org.Assignments) { $c = $a.Clone(); $c.Remove('WhenChanged'); $c }) 'Name')
        AdPermissions       = @($org.AdPermissions | Sort-Object -Property @{ Expression = { $_.ObjectDn + '|' + $_.User + '|' + (@($_.ExtendedRights) -join ',') + '|' + (@($_.AccessRights) -join ',') + '|' + $_.Deny } })
        ServicePrincipals   = (& $sorted $org.ServicePrincipals 'ObjectId')
        EntraApps           = (& $sorted $org.EntraApps 'AppId')
        Ews                 = $org.Ews
        CasSettings         = $org.CasSettings
    }
}

function Get-EmulatorState {
    <#
    .SYNOPSIS
    A snapshot of the whole emulated organization. By default canonical JSON text (sorted keys and lists), so that
    "the org is back to its state before the run" is `Get-EmulatorState | Should -Be $before`.
    .PARAMETER AsObject
    Returns the snapshot as objects (ConvertFrom-Json of the same text).
    #>
    [CmdletBinding()]
    param([switch]$AsObject)
    $json = ConvertTo-EmuCanonicalJson (Get-EmuStateTree)
    if ($AsObject) { return ($json | ConvertFrom-Json) }
    return $json
}

function Export-EmulatorState {
    <#
    .SYNOPSIS
    Writes the snapshot of Get-EmulatorState to a file (UTF-8 without BOM, LF line ends).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Path)
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    [System.IO.File]::WriteAllText($full, (ConvertTo-EmuCanonicalJson (Get-EmuStateTree)) + "`n", (New-Object System.Text.UTF8Encoding $false))
}

function Get-EmulatorCallLog {
    <#
    .SYNOPSIS
    Every call of an emulated Exchange cmdlet since the last reset: Sequence, Cmdlet, Parameters (bound parameters),
    IsWrite, WhatIf, Outcome (Succeeded, Failed, WhatIf) and Error.
    .PARAMETER Cmdlet
    Only calls of these cmdlets.
    .PARAMETER WriteOnly
    Only calls of cmdlets that change the organization (New-, Set-, Remove-, Add-, Enable-).
    #>
    [CmdletBinding()]
    param([string[]]$Cmdlet, [switch]$WriteOnly)
    $items = @($script:CallLog)
    if ($Cmdlet) { $items = @($items | Where-Object { $Cmdlet -contains $_.Cmdlet }) }
    if ($WriteOnly) { $items = @($items | Where-Object { $_.IsWrite }) }
    return $items
}

function Clear-EmulatorCallLog {
    [CmdletBinding()]
    param()
    $script:CallLog.Clear()
}

function Set-EmulatorFault {
    <#
    .SYNOPSIS
    Makes calls number OnCall .. OnCall+Count-1 of a cmdlet (counted from now) fail.
    .PARAMETER Kind
    Exchange (default): an Exchange error with -Message. ConcurrentPipeline: the real "Pipelines cannot be executed
    concurrently." error. NotFound: Exchange's not-found error for the call's identity (e.g. replication lag).
    .PARAMETER ExceptionName
    Server-side exception type name shown as CategoryInfo.Reason and in the FullyQualifiedErrorId.
    .PARAMETER AfterCommit
    The change is made, then the error is reported (a failure after the point of no return).
    .PARAMETER Terminating
    Raise a terminating error instead of a non-terminating one.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Cmdlet,
        [int]$OnCall = 1,
        [int]$Count = 1,
        [string]$Message,
        [ValidateSet('Exchange', 'ConcurrentPipeline', 'NotFound')][string]$Kind = 'Exchange',
        [string]$ExceptionName = 'InvalidOperationException',
        [System.Management.Automation.ErrorCategory]$Category = [System.Management.Automation.ErrorCategory]::NotSpecified,
        [switch]$AfterCommit,
        [switch]$Terminating,
        [switch]$PassThru
    )
    if ($Kind -eq 'Exchange' -and -not $Message) { throw 'Set-EmulatorFault: -Message is required for -Kind Exchange.' }
    if ($OnCall -lt 1 -or $Count -lt 1) { throw 'Set-EmulatorFault: -OnCall and -Count must be at least 1.' }
    $fault = @{
        Cmdlet = $Cmdlet; OnCall = $OnCall; Count = $Count; Message = $Message; Kind = $Kind; ExceptionName = $ExceptionName
        Category = [string]$Category; AfterCommit = [bool]$AfterCommit; Terminating = [bool]$Terminating; Seen = 0; Fired = 0
    }
    $script:Faults.Add($fault)
    if ($PassThru) { return [pscustomobject]$fault }
}

function Get-EmulatorFault {
    <#
    .SYNOPSIS
    The injected faults with their counters: Seen (calls of the cmdlet since the fault was set) and Fired.
    #>
    [CmdletBinding()]
    param()
    foreach ($f in $script:Faults) { [pscustomobject]$f }
}

function Clear-EmulatorFault {
    [CmdletBinding()]
    param()
    $script:Faults.Clear()
}

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
param()

# Tests of the Exchange emulator itself (tests/emulator): state changes, Exchange's error texts, auto-naming,
# environments, fault injection and the concurrent-pipeline error.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force

    # Runs a script block and returns the error it raised (terminating or with -ErrorAction Stop), or $null.
    function Get-RaisedError([scriptblock]$Script) {
        try { & $Script | Out-Null; return $null } catch { return $_ }
    }

    function Initialize-OnPremOrg([string]$Version = '2019') {
        Reset-ExchangeEmulator -Version $Version
        Add-EmulatorRecipient -Name 'svc-lightningsync' -OrganizationalUnit 'contoso.com/Service Accounts'
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales' -Company 'Contoso' -CustomAttributes @{ 1 = 'SF' }
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing' -Office 'Paris'
        Add-EmulatorRecipient -Name 'Carol' -RecipientTypeDetails User -Department 'Sales'
    }

    $script:EacAppId = 'c55d6177-918e-4745-96d3-1715194bc7e8'
    $script:EacObjectId = '6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1'
}

AfterAll {
    Remove-Module ExchangeEmulator -ErrorAction SilentlyContinue
}

Describe 'Environments and versions' {
    It 'reports <Version> servers as <Text>' -ForEach @(
        @{ Version = '2010'; Text = 'Version 14.3 (Build 123.4)' }
        @{ Version = '2013'; Text = 'Version 15.0 (Build 1497.2)' }
        @{ Version = '2016'; Text = 'Version 15.1 (Build 2507.6)' }
        @{ Version = '2019'; Text = 'Version 15.2 (Build 1748.10)' }
        @{ Version = 'SE'; Text = 'Version 15.2 (Build 2562.17)' }
    ) {
        Reset-ExchangeEmulator -Version $Version
        $servers = @(Get-ExchangeServer)
        $servers.Count | Should -Be 2
        $servers[0].AdminDisplayVersion | Should -Be $Text
        $servers[0].IsClientAccessServer | Should -BeTrue
    }

    It 'offers the on-premises cmdlets only on-premises and the Exchange Online ones only online' {
        Reset-ExchangeEmulator -Version 2016
        Get-Command Get-ExchangeServer -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        Get-Command Add-ADPermission -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        Get-Command Get-ServicePrincipal -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Reset-ExchangeEmulator -Version Online
        Get-Command Get-ExchangeServer -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Command Get-MailboxDatabase -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Command Get-ServicePrincipal -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        Get-Command Enable-OrganizationCustomization -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        Get-Command New-ManagementScope -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
    }

    It 'lists 2010 databases on 2013 and later only with -IncludePreExchange2013' {
        Reset-ExchangeEmulator -Version 2016
        Add-EmulatorServer -Name 'EX2010' -Version 2010 -Database 'LegacyDB'
        @(Get-MailboxDatabase).Name | Should -Not -Contain 'LegacyDB'
        @(Get-MailboxDatabase -IncludePreExchange2013).Name | Should -Contain 'LegacyDB'
        @(Get-MailboxDatabase -Server 'EX01').Name | Should -Be @('DB01')
    }

    It 'refuses -DomainController in Exchange Online as PowerShell does for an unknown parameter' {
        Reset-ExchangeEmulator -Version Online
        $err = Get-RaisedError { Get-ManagementScope -DomainController 'dc1.contoso.com' }
        $err.Exception.Message | Should -Be "A parameter cannot be found that matches parameter name 'DomainController'."
        $err.FullyQualifiedErrorId | Should -BeLike 'NamedParameterNotFound*'
    }
}

Describe 'Deserialized output' {
    BeforeAll { Initialize-OnPremOrg }

    It 'returns property bags typed Deserialized.Microsoft.Exchange...' {
        $mailbox = Get-Mailbox -Identity 'Alice'
        $mailbox | Should -BeOfType [System.Management.Automation.PSCustomObject]
        $mailbox.PSObject.TypeNames[0] | Should -Be 'Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox'
        $mailbox.PSObject.TypeNames | Should -Contain 'Deserialized.Microsoft.Exchange.Data.Directory.ADObject'
        $mailbox.Identity | Should -BeOfType [string]
        $mailbox.Identity | Should -Be 'contoso.com/Users/Alice'
        "$mailbox" | Should -Be 'Alice'
        $mailbox.PSComputerName | Should -Be 'ex01.contoso.com'
        $mailbox.EmailAddresses | Should -Be @('SMTP:Alice@contoso.com')
    }

    It 'keeps Department on Get-User and Get-Recipient, not on Get-Mailbox (docs/exchange.md#department)' {
        (Get-User -Identity 'Alice').Department | Should -Be 'Sales'
        (Get-Recipient -Identity 'Alice').Department | Should -Be 'Sales'
        (Get-Mailbox -Identity 'Alice').PSObject.Properties['Department'] | Should -BeNullOrEmpty
        (Get-Mailbox -Identity 'Alice').CustomAttribute1 | Should -Be 'SF'
        (Get-User -Identity 'Alice').PSObject.Properties['CustomAttribute1'] | Should -BeNullOrEmpty
    }

    It 'survives PSSerializer with its Deserialized type names' {
        $xml = [System.Management.Automation.PSSerializer]::Serialize((Get-ManagementRoleAssignment -Identity 'ApplicationImpersonation-Organization Management-Delegating'))
        $xml | Should -Match '<T>Deserialized\.Microsoft\.Exchange\.Data\.Directory\.Management\.ExchangeRoleAssignmentPresentation</T>'
        $back = [System.Management.Automation.PSSerializer]::Deserialize($xml)
        $back.RoleAssignmentDelegationType | Should -Be 'DelegatingOrgWide'
    }
}

Describe 'Identity lookups and errors' {
    BeforeAll { Initialize-OnPremOrg }

    It 'finds a user by <Form>' -ForEach @(
        @{ Form = 'name'; Id = 'svc-lightningsync' }
        @{ Form = 'UPN'; Id = 'svc-lightningsync@contoso.com' }
        @{ Form = 'DOMAIN\sam'; Id = 'CONTOSO\svc-lightningsync' }
        @{ Form = 'SMTP address'; Id = 'SVC-LIGHTNINGSYNC@contoso.com' }
        @{ Form = 'DN'; Id = 'CN=svc-lightningsync,OU=Service Accounts,DC=contoso,DC=com' }
        @{ Form = 'canonical name'; Id = 'contoso.com/Service Accounts/svc-lightningsync' }
    ) {
        (Get-User -Identity $Id).Name | Should -Be 'svc-lightningsync'
    }

    It 'writes the not-found error as a non-terminating remote error' {
        $result = Get-User -Identity 'nobody' -ErrorAction SilentlyContinue -ErrorVariable errs
        $result | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -Be "The operation couldn't be performed because object 'nobody' couldn't be found on 'DC01.contoso.com'."
        $errs[0].CategoryInfo.Reason | Should -Be 'ManagementObjectNotFoundException'
        $errs[0].CategoryInfo.Category | Should -Be 'NotSpecified'
        $errs[0].FullyQualifiedErrorId.Contains('[FailureCategory=Cmdlet-ManagementObjectNotFoundException]') | Should -BeTrue
        $errs[0].FullyQualifiedErrorId.Contains('Microsoft.Exchange.Management.RecipientTasks.GetUser') | Should -BeTrue
    }

    It 'names the domain controller given with -DomainController' {
        $err = Get-RaisedError { Get-ManagementScope -Identity 'missing' -DomainController 'DC02.contoso.com' -ErrorAction Stop }
        $err.Exception.Message | Should -Be "The operation couldn't be performed because object 'missing' couldn't be found on 'DC02.contoso.com'."
    }

    It 'does not find a user without mailbox through Get-Mailbox' {
        (Get-User -Identity 'Carol').RecipientTypeDetails | Should -Be 'User'
        $err = Get-RaisedError { Get-Mailbox -Identity 'Carol' -ErrorAction Stop }
        $err.CategoryInfo.Reason | Should -Be 'ManagementObjectNotFoundException'
    }

    It 'returns every object for a $null identity (docs/exchange.md#management-scopes)' {
        @(Get-Mailbox -Identity $null).Count | Should -Be 3
        @(Get-User).Count | Should -Be 4
        @(Get-Recipient).Name | Should -Not -Contain 'Carol'
    }

    It 'filters recipients with OPATH and reports a bad -Filter like Exchange' {
        @(Get-Recipient -Filter "Department -like 'Sal*'").Name | Should -Be @('Alice')
        @(Get-User -Filter "Department -eq 'Sales'").Name | Sort-Object | Should -Be @('Alice', 'Carol')
        $err = Get-RaisedError { Get-Recipient -Filter "Department -eq Sales" -ErrorAction Stop }
        $err.Exception.Message | Should -Be ("Cannot bind parameter 'Filter' to the target. Exception setting ""Filter"": ""Invalid filter syntax. For a description of the filter parameter syntax see the command help.`n`r""Department -eq Sales"" at position 16.""")
    }

    It 'uses the Exchange Online error shape online' {
        Reset-ExchangeEmulator -Version Online
        $err = Get-RaisedError { Get-Mailbox -Identity 'nobody' -ErrorAction Stop }
        $err.Exception.Message | Should -Match '^Ex[0-9A-F]{6}\|Microsoft\.Exchange\.Configuration\.Tasks\.ManagementObjectNotFoundException\|The operation couldn''t be performed because object ''nobody'' couldn''t be found on ''[A-Z0-9.]+\.PROD\.OUTLOOK\.COM''\.$'
        Initialize-OnPremOrg
    }
}

Describe 'Mailboxes' {
    BeforeEach { Initialize-OnPremOrg }

    It 'creates a mailbox from a SecureString password and removes it again' {
        $before = Get-EmulatorState
        $password = ConvertTo-SecureString 'P@ss-word-1' -AsPlainText -Force
        $mailbox = New-Mailbox -Name 'svc-sync2' -UserPrincipalName 'svc-sync2@contoso.com' -Password $password -OrganizationalUnit 'contoso.com/Service Accounts'
        $mailbox.Identity | Should -Be 'contoso.com/Service Accounts/svc-sync2'
        $mailbox.Database | Should -Be 'DB01'
        (Get-User -Identity 'svc-sync2@contoso.com').RecipientTypeDetails | Should -Be 'UserMailbox'
        Get-EmulatorState | Should -Not -Be $before
        Remove-Mailbox -Identity 'svc-sync2' -Confirm:$false
        Get-EmulatorState | Should -Be $before
    }

    It 'does not accept a plain-text password' {
        { New-Mailbox -Name 'x' -UserPrincipalName 'x@contoso.com' -Password 'plain' } | Should -Throw
    }

    It 'refuses an existing name with the Active Directory already-exists text' {
        $password = ConvertTo-SecureString 'P@ss-word-1' -AsPlainText -Force
        $err = Get-RaisedError { New-Mailbox -Name 'Alice' -UserPrincipalName 'alice2@contoso.com' -Password $password -ErrorAction Stop }
        $err.Exception.Message | Should -Be "Active Directory operation failed on DC01.contoso.com. The object 'CN=Alice,CN=Users,DC=contoso,DC=com' already exists."
        $err.CategoryInfo.Reason | Should -Be 'ADObjectAlreadyExistsException'
    }

    It 'changes nothing with -WhatIf' {
        $before = Get-EmulatorState
        $password = ConvertTo-SecureString 'P@ss-word-1' -AsPlainText -Force
        New-Mailbox -Name 'svc-whatif' -UserPrincipalName 'svc-whatif@contoso.com' -Password $password -WhatIf
        Get-EmulatorState | Should -Be $before
        (Get-EmulatorCallLog -Cmdlet New-Mailbox)[0].Outcome | Should -Be 'WhatIf'
    }
}

Describe 'Management scopes' {
    BeforeEach { Initialize-OnPremOrg }

    It 'stores the normalized filter <Stored> for <Given> (docs/opath.md#canonical-form)' -ForEach @(
        @{ Given = 'department -eq "Sales"'; Stored = "Department -eq 'Sales'" }
        @{ Given = "Title -like 'VP*' -and Company -ne `$null"; Stored = "((Title -like 'VP*') -and (Company -ne `$null))" }
        @{ Given = "-not (Company -like 'Colony*')"; Stored = "-not(Company -like 'Colony*')" }
        @{ Given = "RecipientTypeDetails -eq 'usermailbox'"; Stored = "RecipientTypeDetails -eq 'UserMailbox'" }
        @{ Given = "HiddenFromAddressListsEnabled -eq `$true"; Stored = "HiddenFromAddressListsEnabled -eq 'True'" }
        @{ Given = "CustomAttribute1 -eq `$null"; Stored = "-not(CustomAttribute1 -ne `$null)" }
        @{ Given = "Company -eq 'O''Neil'"; Stored = "Company -eq 'O''Neil'" }
        @{ Given = "City -eq 'x' -or Office -eq 'y' -and Title -eq 'z'"; Stored = "((City -eq 'x') -or (((Office -eq 'y') -and (Title -eq 'z'))))" }
    ) {
        $scope = New-ManagementScope -Name 'S1' -RecipientRestrictionFilter $Given
        $scope.RecipientFilter | Should -Be $Stored
        $scope.PSObject.Properties['RecipientRestrictionFilter'] | Should -BeNullOrEmpty
        (Get-ManagementScope -Identity 'S1').RecipientFilter | Should -Be $Stored
    }

    It 'refuses a second scope with the same filter, naming the existing one' {
        New-ManagementScope -Name 'Sales scope' -RecipientRestrictionFilter "Department -eq 'Sales'" | Out-Null
        $before = Get-EmulatorState
        $err = Get-RaisedError { New-ManagementScope -Name 'Other' -RecipientRestrictionFilter 'department -eq "Sales"' -ErrorAction Stop }
        $err.Exception.Message | Should -Match '"Sales scope"'
        $err.CategoryInfo.Reason | Should -Be 'ArgumentException'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-EmulatorState | Should -Be $before
    }

    It 'refuses an existing name with another filter with the already-exists text' {
        New-ManagementScope -Name 'LS' -RecipientRestrictionFilter "Department -eq 'Sales'" | Out-Null
        $err = Get-RaisedError { New-ManagementScope -Name 'LS' -RecipientRestrictionFilter "Department -eq 'Marketing'" -ErrorAction Stop }
        $err.Exception.Message | Should -Be "Active Directory operation failed on DC01.contoso.com. The object 'CN=LS,CN=Scopes,CN=RBAC,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com' already exists."
    }

    It 'reports an invalid filter with position and the scope wrapper (docs/opath.md#error-messages)' {
        $err = Get-RaisedError { New-ManagementScope -Name 'Bad' -RecipientRestrictionFilter "Department -match 'Sales'" -ErrorAction Stop }
        $err.Exception.Message | Should -Be ("""-match"" is not a valid operator. For a list of supported operators see the command help.`n`r""Department -match 'Sales'"" at position 12., parameter RecipientRestrictionFilter must have valid format and refer to valid Recipient properties.")
        $err = Get-RaisedError { New-ManagementScope -Name 'Bad' -RecipientRestrictionFilter "Departmnt -eq 'Sales'" -ErrorAction Stop }
        $err.Exception.Message | Should -BeLike '"Departmnt" is not a recognized filterable property.*at position 1., parameter RecipientRestrictionFilter*'
    }

    It 'refuses a name longer than 64 characters' {
        $err = Get-RaisedError { New-ManagementScope -Name ('n' * 65) -RecipientRestrictionFilter "Department -eq 'x'" -ErrorAction Stop }
        $err.Exception.Message | Should -Be 'The length of the property is too long. The maximum length is 64 and the length of the value provided is 65.'
    }

    It 'keeps a scope while an assignment uses it and lists orphans' {
        New-ManagementScope -Name 'Used' -RecipientRestrictionFilter "Department -eq 'Sales'" | Out-Null
        New-ManagementScope -Name 'Orphan' -RecipientRestrictionFilter "Department -eq 'Marketing'" | Out-Null
        New-ManagementRoleAssignment -Name 'LS-Impersonation' -Role ApplicationImpersonation -User 'svc-lightningsync' -CustomRecipientWriteScope 'Used' | Out-Null
        @(Get-ManagementScope -Orphan).Name | Should -Be @('Orphan')
        $err = Get-RaisedError { Remove-ManagementScope -Identity 'Used' -Confirm:$false -ErrorAction Stop }
        $err.Exception.Message | Should -Match 'LS-Impersonation'
        @(Get-ManagementScope).Count | Should -Be 2
        Remove-ManagementRoleAssignment -Identity 'LS-Impersonation' -Confirm:$false
        Remove-ManagementScope -Identity 'Used' -Confirm:$false
        @(Get-ManagementScope).Name | Should -Be @('Orphan')
    }

    It 'changes the filter with Set-ManagementScope and applies the similar check there too' {
        New-ManagementScope -Name 'A' -RecipientRestrictionFilter "Department -eq 'Sales'" | Out-Null
        New-ManagementScope -Name 'B' -RecipientRestrictionFilter "Department -eq 'Marketing'" | Out-Null
        Set-ManagementScope -Identity 'B' -RecipientRestrictionFilter "Office -eq 'Paris'"
        (Get-ManagementScope 'B').RecipientFilter | Should -Be "Office -eq 'Paris'"
        $err = Get-RaisedError { Set-ManagementScope -Identity 'B' -RecipientRestrictionFilter "Department -eq 'Sales'" -ErrorAction Stop }
        $err.Exception.Message | Should -Match '"A"'
        $err = Get-RaisedError { Set-ManagementScope -Identity 'B' -Force }
        $err.FullyQualifiedErrorId | Should -BeLike 'NamedParameterNotFound*'
    }

    It 'creates an exclusive scope with -Force and filters on -Exclusive' {
        New-ManagementScope -Name 'Exec' -RecipientRestrictionFilter "Title -like 'VP*'" -Exclusive -Force | Out-Null
        New-ManagementScope -Name 'Plain' -RecipientRestrictionFilter "Title -like 'Dir*'" | Out-Null
        @(Get-ManagementScope -Exclusive $true).Name | Should -Be @('Exec')
    }

    It 'confines a scope to its RecipientRoot' {
        New-ManagementScope -Name 'Svc' -RecipientRestrictionFilter "RecipientTypeDetails -eq 'UserMailbox'" -RecipientRoot 'contoso.com/Service Accounts' | Out-Null
        New-ManagementRoleAssignment -Name 'Svc-Imp' -Role ApplicationImpersonation -User 'Alice' -CustomRecipientWriteScope 'Svc' | Out-Null
        @(Get-ManagementRoleAssignment -WritableRecipient 'svc-lightningsync' -Role ApplicationImpersonation).Name | Should -Contain 'Svc-Imp'
        @(Get-ManagementRoleAssignment -WritableRecipient 'Bob' -Role ApplicationImpersonation).Name | Should -Not -Contain 'Svc-Imp'
    }
}

Describe 'Role assignments' {
    BeforeEach {
        Initialize-OnPremOrg
        New-ManagementScope -Name 'Sales' -RecipientRestrictionFilter "Department -eq 'Sales'" | Out-Null
    }

    It 'names an assignment Role-Assignee and adds -1, -2 on re-runs (docs/exchange.md#role-assignments)' {
        (New-ManagementRoleAssignment -Role ApplicationImpersonation -User 'svc-lightningsync' -CustomRecipientWriteScope 'Sales').Name | Should -Be 'ApplicationImpersonation-svc-lightningsync'
        (New-ManagementRoleAssignment -Role ApplicationImpersonation -User 'svc-lightningsync' -CustomRecipientWriteScope 'Sales').Name | Should -Be 'ApplicationImpersonation-svc-lightningsync-1'
        (New-ManagementRoleAssignment -Role ApplicationImpersonation -User 'svc-lightningsync').Name | Should -Be 'ApplicationImpersonation-svc-lightningsync-2'
        (New-ManagementRoleAssignment -Role 'Mail Recipients' -User 'Alice' -Delegating).Name | Should -Be 'Mail Recipients-Alice-Delegating'
        @(Get-ManagementRoleAssignment -Role ApplicationImpersonation -RoleAssignee 'svc-lightningsync').Count | Should -Be 3
    }

    It 'cuts long default names to 64 characters, then to 61 plus the suffix' {
        $long = 'u' * 70
        Add-EmulatorRecipient -Name $long -Alias 'longuser'
        $first = (New-ManagementRoleAssignment -Role ApplicationImpersonation -User 'longuser').Name
        $first | Should -Be ('ApplicationImpersonation-' + ('u' * 39))
        $second = (New-ManagementRoleAssignment -Role ApplicationImpersonation -User 'longuser').Name
        $second | Should -Be ($first.Substring(0, 61) + '-1')
    }

    It 'refuses an explicit name that exists' {
        New-ManagementRoleAssignment -Name 'LS' -Role ApplicationImpersonation -User 'svc-lightningsync' | Out-Null
        $err = Get-RaisedError { New-ManagementRoleAssignment -Name 'LS' -Role ApplicationImpersonation -User 'svc-lightningsync' -ErrorAction Stop }
        $err.CategoryInfo.Reason | Should -Be 'ADObjectAlreadyExistsException'
        $err.Exception.Message | Should -BeLike "*The object 'CN=LS,CN=Role Assignments,CN=RBAC,*' already exists."
    }

    It 'presents the scoped assignment like Exchange' {
        $a = New-ManagementRoleAssignment -Name 'LS' -Role ApplicationImpersonation -User 'svc-lightningsync' -CustomRecipientWriteScope 'Sales'
        $a.Role | Should -Be 'ApplicationImpersonation'
        $a.RoleAssignee | Should -Be 'contoso.com/Service Accounts/svc-lightningsync'
        $a.RoleAssigneeName | Should -Be 'svc-lightningsync'
        $a.RoleAssigneeType | Should -Be 'User'
        $a.RecipientWriteScope | Should -Be 'CustomRecipientScope'
        $a.CustomRecipientWriteScope | Should -Be 'Sales'
        $a.RoleAssignmentDelegationType | Should -Be 'Regular'
        $a.Enabled | Should -BeTrue
        $u = New-ManagementRoleAssignment -Name 'Wide' -Role ApplicationImpersonation -User 'Alice'
        $u.RecipientWriteScope | Should -Be 'Organization'
        $u.CustomRecipientWriteScope | Should -BeNullOrEmpty
    }

    It 'rejects <Case>' -ForEach @(
        @{ Case = 'a missing scope'; Extra = @{ CustomRecipientWriteScope = 'Nope' }; Reason = 'ManagementObjectNotFoundException' }
        @{ Case = 'two recipient scopes'; Extra = @{ CustomRecipientWriteScope = 'Sales'; RecipientOrganizationalUnitScope = 'contoso.com/Users' }; Reason = 'ArgumentException' }
        @{ Case = 'a regular scope as exclusive scope'; Extra = @{ ExclusiveRecipientWriteScope = 'Sales' }; Reason = 'ArgumentException' }
        @{ Case = 'a missing role'; Extra = @{ Role = 'No Such Role' }; Reason = 'ManagementObjectNotFoundException' }
        @{ Case = 'a missing user'; Extra = @{ User = 'ghost' }; Reason = 'ManagementObjectNotFoundException' }
    ) {
        $splat = @{ Role = 'ApplicationImpersonation'; User = 'svc-lightningsync'; ErrorAction = 'Stop' }
        foreach ($k in $Extra.Keys) { $splat[$k] = $Extra[$k] }
        $before = Get-EmulatorState
        $err = Get-RaisedError { New-ManagementRoleAssignment @splat }
        $err | Should -Not -BeNullOrEmpty
        $err.CategoryInfo.Reason | Should -Be $Reason
        Get-EmulatorState | Should -Be $before
    }

    It 'changes scope and state with Set-ManagementRoleAssignment' {
        New-ManagementRoleAssignment -Name 'LS' -Role ApplicationImpersonation -User 'svc-lightningsync' | Out-Null
        Set-ManagementRoleAssignment -Identity 'LS' -CustomRecipientWriteScope 'Sales'
        (Get-ManagementRoleAssignment 'LS').CustomRecipientWriteScope | Should -Be 'Sales'
        Set-ManagementRoleAssignment -Identity 'LS' -RecipientOrganizationalUnitScope 'contoso.com/Users'
        $a = Get-ManagementRoleAssignment 'LS'
        $a.RecipientWriteScope | Should -Be 'OU'
        $a.CustomRecipientWriteScope | Should -Be 'contoso.com/Users'
        Set-ManagementRoleAssignment -Identity 'LS' -Enabled $false
        @(Get-ManagementRoleAssignment -Role ApplicationImpersonation -Enabled $false).Name | Should -Be @('LS')
    }

    It 'answers -WritableRecipient by evaluating the scope filter' {
        New-ManagementRoleAssignment -Name 'LS' -Role ApplicationImpersonation -User 'svc-lightningsync' -CustomRecipientWriteScope 'Sales' | Out-Null
        @(Get-ManagementRoleAssignment -Role ApplicationImpersonation -WritableRecipient 'Alice').Name | Should -Be @('LS')
        @(Get-ManagementRoleAssignment -Role ApplicationImpersonation -WritableRecipient 'Bob').Name | Should -BeNullOrEmpty
    }

    It 'ships the delegating assignment of Organization Management' {
        $d = Get-ManagementRoleAssignment -Identity 'ApplicationImpersonation-Organization Management-Delegating'
        $d.RoleAssigneeType | Should -Be 'RoleGroup'
        $d.RoleAssignmentDelegationType | Should -Be 'DelegatingOrgWide'
        (Get-ManagementRole -Cmdlet 'Impersonate-ExchangeUser').Name | Should -Be 'ApplicationImpersonation'
    }
}

Describe 'AD permissions' {
    BeforeEach { Initialize-OnPremOrg }

    It 'adds, shows and removes extended rights on servers and databases' {
        $before = Get-EmulatorState
        foreach ($server in @(Get-ExchangeServer)) {
            Add-ADPermission -Identity $server.DistinguishedName -User 'svc-lightningsync@contoso.com' -ExtendedRights 'ms-Exch-EPI-Impersonation' | Out-Null
        }
        foreach ($db in @(Get-MailboxDatabase)) {
            Add-ADPermission -Identity $db.DistinguishedName -User 'CONTOSO\svc-lightningsync' -ExtendedRights 'ms-Exch-EPI-May-Impersonate' | Out-Null
        }
        $ace = @(Get-ADPermission -Identity 'EX01' -User 'svc-lightningsync')
        $ace.Count | Should -Be 1
        $ace[0].User | Should -Be 'CONTOSO\svc-lightningsync'
        $ace[0].ExtendedRights | Should -Be @('ms-Exch-EPI-Impersonation')
        $ace[0].Deny | Should -BeFalse
        $ace[0].IsInherited | Should -BeFalse
        $ace[0].InheritanceType | Should -Be 'All'
        Add-ADPermission -Identity 'EX01' -User 'svc-lightningsync' -ExtendedRights 'ms-Exch-EPI-Impersonation' | Out-Null
        @(Get-ADPermission -Identity 'EX01' -User 'svc-lightningsync').Count | Should -Be 1
        foreach ($server in @(Get-ExchangeServer)) {
            Remove-ADPermission -Identity $server.DistinguishedName -User 'svc-lightningsync' -ExtendedRights 'ms-Exch-EPI-Impersonation' -Confirm:$false
        }
        foreach ($db in @(Get-MailboxDatabase)) {
            Remove-ADPermission -Identity $db.DistinguishedName -User 'svc-lightningsync' -ExtendedRights 'ms-Exch-EPI-May-Impersonate' -Confirm:$false
        }
        Get-EmulatorState | Should -Be $before
    }

    It 'warns when the entry to remove does not exist' {
        Remove-ADPermission -Identity 'EX01' -User 'svc-lightningsync' -ExtendedRights 'ms-Exch-EPI-Impersonation' -Confirm:$false -WarningVariable warn 3>$null
        $warn.Count | Should -Be 1
    }

    It 'shows entries of a deleted account by SID' {
        Add-ADPermission -Identity 'EX01' -User 'Bob' -ExtendedRights 'ms-Exch-EPI-Impersonation' | Out-Null
        Remove-Mailbox -Identity 'Bob' -Confirm:$false
        @(Get-ADPermission -Identity 'EX01' | Where-Object { $_.User -like 'S-1-5-21-*' }).Count | Should -Be 1
    }

    It 'reports unknown objects, principals and rights as not found' {
        (Get-RaisedError { Add-ADPermission -Identity 'EX99' -User 'Bob' -ExtendedRights 'ms-Exch-EPI-Impersonation' -ErrorAction Stop }).CategoryInfo.Reason | Should -Be 'ManagementObjectNotFoundException'
        (Get-RaisedError { Add-ADPermission -Identity 'EX01' -User 'ghost' -ExtendedRights 'ms-Exch-EPI-Impersonation' -ErrorAction Stop }).CategoryInfo.Reason | Should -Be 'ManagementObjectNotFoundException'
        (Get-RaisedError { Add-ADPermission -Identity 'EX01' -User 'Bob' -ExtendedRights 'ms-Exch-EPI-Impersonate' -ErrorAction Stop }).CategoryInfo.Reason | Should -Be 'ManagementObjectNotFoundException'
    }
}

Describe 'Exchange Online' {
    BeforeEach {
        Reset-ExchangeEmulator -Version Online
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
    }

    It 'refuses RBAC writes while dehydrated, until Enable-OrganizationCustomization' {
        Reset-ExchangeEmulator -Version Online -Dehydrated
        (Get-OrganizationConfig).IsDehydrated | Should -BeTrue
        $err = Get-RaisedError { New-ManagementScope -Name 'S' -RecipientRestrictionFilter "Department -eq 'Sales'" -ErrorAction Stop }
        $err.CategoryInfo.Reason | Should -Be 'CmdletInvalidOperationInDehydratedContextException'
        $err.Exception.Message | Should -Match 'Enable-OrganizationCustomization'
        Enable-OrganizationCustomization
        (Get-OrganizationConfig).IsDehydrated | Should -BeFalse
        (New-ManagementScope -Name 'S' -RecipientRestrictionFilter "Department -eq 'Sales'").Name | Should -Be 'S'
    }

    It 'has no ApplicationImpersonation once the role is removed (default stage)' {
        (Get-RaisedError { Get-ManagementRole -Identity 'ApplicationImpersonation' -ErrorAction Stop }).CategoryInfo.Reason | Should -Be 'ManagementObjectNotFoundException'
        (Get-RaisedError { New-ManagementRoleAssignment -Role 'ApplicationImpersonation' -User 'Alice' -ErrorAction Stop }).CategoryInfo.Reason | Should -Be 'ManagementObjectNotFoundException'
    }

    It 'refuses new ApplicationImpersonation assignments while the role is deprecated' {
        Reset-ExchangeEmulator -Version Online -ImpersonationStage Blocked
        Add-EmulatorRecipient -Name 'Alice'
        (Get-ManagementRole -Identity 'ApplicationImpersonation').IsDeprecated | Should -BeTrue
        $err = Get-RaisedError { New-ManagementRoleAssignment -Role 'ApplicationImpersonation' -User 'Alice' -ErrorAction Stop }
        $err.Exception.Message | Should -Match 'deprecated'
        Reset-ExchangeEmulator -Version Online -ImpersonationStage Available
        Add-EmulatorRecipient -Name 'Alice'
        (New-ManagementRoleAssignment -Role 'ApplicationImpersonation' -User 'Alice').Name | Should -Be 'ApplicationImpersonation-Alice'
    }

    It 'creates the service principal pointer only for the enterprise application object id' {
        Add-EmulatorEntraApp -AppId '11111111-2222-3333-4444-555555555555' -ObjectId 'aaaaaaaa-0000-0000-0000-000000000001' -DisplayName 'Sync' -ApplicationObjectId 'bbbbbbbb-0000-0000-0000-000000000002'
        $err = Get-RaisedError { New-ServicePrincipal -AppId '11111111-2222-3333-4444-555555555555' -ObjectId 'bbbbbbbb-0000-0000-0000-000000000002' -ErrorAction Stop }
        $err.Exception.Message | Should -Match 'enterprise application'
        $sp = New-ServicePrincipal -AppId '11111111-2222-3333-4444-555555555555' -ObjectId 'aaaaaaaa-0000-0000-0000-000000000001'
        $sp.DisplayName | Should -Be 'Sync'
        $sp.Identity | Should -Be 'aaaaaaaa-0000-0000-0000-000000000001'
        (Get-ServicePrincipal -Identity '11111111-2222-3333-4444-555555555555').ObjectId | Should -Be 'aaaaaaaa-0000-0000-0000-000000000001'
        (Get-RaisedError { New-ServicePrincipal -AppId '11111111-2222-3333-4444-555555555555' -ObjectId 'aaaaaaaa-0000-0000-0000-000000000001' -ErrorAction Stop }).CategoryInfo.Reason | Should -Be 'ADObjectAlreadyExistsException'
    }

    It 'assigns application roles to the service principal with a resource scope and tests them' {
        New-ServicePrincipal -AppId $script:EacAppId -ObjectId $script:EacObjectId | Out-Null
        New-ManagementScope -Name 'EAC Sales' -RecipientRestrictionFilter "Department -eq 'Sales'" | Out-Null
        foreach ($role in @('Application Calendars.ReadWrite', 'Application Contacts.ReadWrite')) {
            $a = New-ManagementRoleAssignment -Name ('EAC ' + $role) -App $script:EacObjectId -Role $role -CustomResourceScope 'EAC Sales'
            $a.RoleAssigneeType | Should -Be 'ServicePrincipal'
            $a.RoleAssigneeName | Should -Be $script:EacObjectId
            $a.CustomResourceScope | Should -Be 'EAC Sales'
        }
        $rows = @(Test-ServicePrincipalAuthorization -Identity $script:EacAppId)
        $rows.Count | Should -Be 2
        $rows.InScope | Should -Be @('Not Run', 'Not Run')
        @(Test-ServicePrincipalAuthorization -Identity $script:EacObjectId -Resource 'Alice').InScope | Should -Be @('True', 'True')
        @(Test-ServicePrincipalAuthorization -Identity $script:EacObjectId -Resource 'Bob').InScope | Should -Be @('False', 'False')
        $byAssignee = @(Get-ManagementRoleAssignment -RoleAssignee $script:EacObjectId)
        $byAssignee.Count | Should -Be 2
        Remove-ServicePrincipal -Identity $script:EacObjectId -Confirm:$false
        @(Get-ManagementRoleAssignment | Where-Object { $_.RoleAssigneeType -eq 'ServicePrincipal' }).Count | Should -Be 0
        (Get-ManagementScope -Identity 'EAC Sales').Name | Should -Be 'EAC Sales'
    }

    It 'keeps admin roles away from -App and application roles away from users' {
        New-ServicePrincipal -AppId $script:EacAppId -ObjectId $script:EacObjectId | Out-Null
        (Get-RaisedError { New-ManagementRoleAssignment -App $script:EacObjectId -Role 'Mail Recipients' -ErrorAction Stop }).CategoryInfo.Reason | Should -Be 'ArgumentException'
        (Get-RaisedError { New-ManagementRoleAssignment -User 'Alice' -Role 'Application Calendars.ReadWrite' -ErrorAction Stop }).CategoryInfo.Reason | Should -Be 'ArgumentException'
    }

    It 'names an app assignment after the service principal object id' {
        New-ServicePrincipal -AppId $script:EacAppId -ObjectId $script:EacObjectId | Out-Null
        $name = (New-ManagementRoleAssignment -App $script:EacObjectId -Role 'Application Calendars.ReadWrite').Name
        $name | Should -Be ('Application Calendars.ReadWrite-' + $script:EacObjectId).Substring(0, 64)
    }
}

Describe 'Concurrent pipelines' {
    BeforeEach { Initialize-OnPremOrg }

    It 'fails the Salesforce one-liner like remote Exchange does, and changes nothing' {
        $before = Get-EmulatorState
        $err = Get-RaisedError {
            Get-ExchangeServer | Where-Object { $_.IsClientAccessServer -eq $true } | ForEach-Object {
                Add-ADPermission -Identity $_.DistinguishedName -User (Get-User -Identity 'svc-lightningsync' | Select-Object).Identity -ExtendedRights 'ms-Exch-EPI-Impersonation'
            }
        }
        $err.Exception.Message | Should -Be 'Pipeline not executed because a pipeline is already executing. Pipelines cannot be executed concurrently.'
        $err.Exception | Should -BeOfType [System.Management.Automation.PSInvalidOperationException]
        $err.FullyQualifiedErrorId | Should -BeLike 'RemotePipelineExecutionFailed*'
        $err.CategoryInfo.Category | Should -Be 'OperationStopped'
        Get-EmulatorState | Should -Be $before
    }

    It 'fails a cmdlet started from ForEach-Object while Get-Mailbox streams' {
        $err = Get-RaisedError { Get-Mailbox | ForEach-Object { Add-ADPermission -Identity 'EX01' -User $_.Identity -ExtendedRights 'ms-Exch-EPI-Impersonation' } }
        $err.Exception.Message | Should -BeLike '*Pipelines cannot be executed concurrently.'
        (Get-EmulatorCallLog -Cmdlet Add-ADPermission)[0].Outcome | Should -Be 'Failed'
    }

    It 'works when the collection is materialised first, and afterwards again' {
        $null = Get-RaisedError { Get-Mailbox | ForEach-Object { Get-User -Identity $_.Identity } }
        $mailboxes = @(Get-Mailbox)
        foreach ($m in $mailboxes) { Add-ADPermission -Identity 'EX01' -User $m.Identity -ExtendedRights 'ms-Exch-EPI-Impersonation' | Out-Null }
        @(Get-ADPermission -Identity 'EX01' | Where-Object { -not $_.IsInherited }).Count | Should -Be 3
    }

    It 'lets one Exchange cmdlet pipe straight into another' {
        New-ManagementScope -Name 'O1' -RecipientRestrictionFilter "Company -eq 'a'" | Out-Null
        New-ManagementScope -Name 'O2' -RecipientRestrictionFilter "Company -eq 'b'" | Out-Null
        Get-ManagementScope -Orphan | Remove-ManagementScope -Confirm:$false
        @(Get-ManagementScope).Count | Should -Be 0
    }

    It 'recovers after a pipeline stopped early' {
        Get-Mailbox | Select-Object -First 1 | Out-Null
        (Get-User -Identity 'Alice').Name | Should -Be 'Alice'
    }

    It 'does not raise the error in Exchange Online (REST cmdlets)' {
        Reset-ExchangeEmulator -Version Online
        Add-EmulatorRecipient -Name 'Alice'
        $names = Get-Mailbox | ForEach-Object { (Get-User -Identity $_.Identity).Name }
        $names | Should -Be @('Alice')
    }
}

Describe 'Fault injection' {
    BeforeEach { Initialize-OnPremOrg }

    It 'fails exactly the Nth call with the given text and changes nothing then' {
        Set-EmulatorFault -Cmdlet 'New-ManagementScope' -OnCall 2 -Message 'The server is busy. Try again later.'
        New-ManagementScope -Name 'S1' -RecipientRestrictionFilter "Company -eq '1'" | Out-Null
        $before = Get-EmulatorState
        $err = Get-RaisedError { New-ManagementScope -Name 'S2' -RecipientRestrictionFilter "Company -eq '2'" -ErrorAction Stop }
        $err.Exception.Message | Should -Be 'The server is busy. Try again later.'
        Get-EmulatorState | Should -Be $before
        (New-ManagementScope -Name 'S2' -RecipientRestrictionFilter "Company -eq '2'").Name | Should -Be 'S2'
        (Get-EmulatorFault).Fired | Should -Be 1
        (Get-EmulatorCallLog -Cmdlet 'New-ManagementScope').Outcome | Should -Be @('Succeeded', 'Failed', 'Succeeded')
    }

    It 'fails -Count consecutive calls' {
        Set-EmulatorFault -Cmdlet 'Get-User' -OnCall 1 -Count 2 -Message 'transient'
        Get-User -Identity 'Alice' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-User -Identity 'Alice' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-User -Identity 'Alice').Name | Should -Be 'Alice'
    }

    It 'raises the real concurrent-pipeline error on demand, terminating' {
        Set-EmulatorFault -Cmdlet 'Get-ManagementScope' -Kind ConcurrentPipeline
        $err = Get-RaisedError { Get-ManagementScope -ErrorAction SilentlyContinue }
        $err.Exception.Message | Should -Be 'Pipeline not executed because a pipeline is already executing. Pipelines cannot be executed concurrently.'
        $err.FullyQualifiedErrorId | Should -BeLike 'RemotePipelineExecutionFailed*'
        Get-ManagementScope | Should -BeNullOrEmpty
    }

    It 'simulates an object not found right after its creation' {
        New-ManagementScope -Name 'Fresh' -RecipientRestrictionFilter "Company -eq 'x'" | Out-Null
        Set-EmulatorFault -Cmdlet 'Get-ManagementScope' -Kind NotFound
        $err = Get-RaisedError { Get-ManagementScope -Identity 'Fresh' -ErrorAction Stop }
        $err.Exception.Message | Should -Be "The operation couldn't be performed because object 'Fresh' couldn't be found on 'DC01.contoso.com'."
        (Get-ManagementScope -Identity 'Fresh').Name | Should -Be 'Fresh'
    }

    It 'can fail after the change was made' {
        Set-EmulatorFault -Cmdlet 'New-ManagementRoleAssignment' -Message 'timeout' -AfterCommit
        $err = Get-RaisedError { New-ManagementRoleAssignment -Name 'LS' -Role ApplicationImpersonation -User 'svc-lightningsync' -ErrorAction Stop }
        $err.Exception.Message | Should -Be 'timeout'
        (Get-ManagementRoleAssignment -Identity 'LS').Name | Should -Be 'LS'
    }

    It 'uses the given exception name as the error reason' {
        Set-EmulatorFault -Cmdlet 'Get-Mailbox' -Message 'busy' -ExceptionName 'TransientException'
        $err = Get-RaisedError { Get-Mailbox -ErrorAction Stop }
        $err.CategoryInfo.Reason | Should -Be 'TransientException'
        $err.FullyQualifiedErrorId.Contains('[FailureCategory=Cmdlet-TransientException]') | Should -BeTrue
    }
}

Describe 'Call log and state snapshots' {
    BeforeEach { Initialize-OnPremOrg }

    It 'logs every call with its bound parameters and marks the writes' {
        Get-User -Identity 'Alice' | Out-Null
        New-ManagementScope -Name 'S' -RecipientRestrictionFilter "Department -eq 'Sales'" -DomainController 'DC01.contoso.com' | Out-Null
        $log = @(Get-EmulatorCallLog)
        $log.Count | Should -Be 2
        $log[0].Cmdlet | Should -Be 'Get-User'
        $log[0].IsWrite | Should -BeFalse
        $log[1].Cmdlet | Should -Be 'New-ManagementScope'
        $log[1].IsWrite | Should -BeTrue
        $log[1].Parameters['RecipientRestrictionFilter'] | Should -Be "Department -eq 'Sales'"
        $log[1].Parameters['DomainController'] | Should -Be 'DC01.contoso.com'
        @(Get-EmulatorCallLog -WriteOnly).Cmdlet | Should -Be @('New-ManagementScope')
        Clear-EmulatorCallLog
        @(Get-EmulatorCallLog).Count | Should -Be 0
    }

    It 'detects any change in the snapshot and exports the same text' {
        $before = Get-EmulatorState
        Set-ManagementRoleAssignment -Identity 'Mail Recipients-Organization Management' -Enabled $false
        Get-EmulatorState | Should -Not -Be $before
        Set-ManagementRoleAssignment -Identity 'Mail Recipients-Organization Management' -Enabled $true
        Get-EmulatorState | Should -Be $before
        $path = Join-Path ([System.IO.Path]::GetTempPath()) ('emulator-state-' + [guid]::NewGuid() + '.json')
        try {
            Export-EmulatorState -Path $path
            ([System.IO.File]::ReadAllText($path)).TrimEnd("`n") | Should -Be $before
        } finally {
            Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue
        }
        (Get-EmulatorState -AsObject).Version | Should -Be '2019'
    }

    It 'gives two fresh organizations of a version the same snapshot' {
        $first = Get-EmulatorState
        Initialize-OnPremOrg
        Get-EmulatorState | Should -Be $first
    }
}

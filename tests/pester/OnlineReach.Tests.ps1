[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
param()

# Exchange Online and Einstein Activity Capture, driven through the public cmdlets as admins call them, against the
# Exchange emulator: the per-mailbox authorization proof, group and administrative-unit scopes, role sets, EWS
# readiness (online and on-premises), the product's path, id checks, and the service principal named by -Account.

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force

    $script:EacAppId = 'c55d6177-918e-4745-96d3-1715194bc7e8'
    $script:EacObjectId = '6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1'
    $script:Sales = "Department -eq 'Sales'"

    function Initialize-Tenant {
        Reset-ExchangeEmulator -Version Online
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Amir' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
    }

    function New-Eac {
        param([hashtable] $Extra = @{})
        $a = @{ Identity = 'Salesforce EAC'; Target = 'ExchangeOnline'; ServicePrincipalObjectId = $script:EacObjectId; Force = $true; RetryMaxSeconds = 0.05; WarningAction = 'SilentlyContinue' }
        if (-not ($Extra.ContainsKey('RecipientGroupScope') -or $Extra.ContainsKey('RecipientAdministrativeUnitScope'))) { $a['RecipientFilter'] = $script:Sales }
        foreach ($k in $Extra.Keys) { $a[$k] = $Extra[$k] }
        New-LightningSyncServiceAccount @a
    }

    function Get-AppAssignment {
        @((Get-EmulatorState -AsObject).RoleAssignments | Where-Object { $_.RoleAssigneeType -eq 'ServicePrincipal' -and -not $_.Delegating })
    }
}

AfterAll {
    Remove-Module ExchangeEmulator -ErrorAction Ignore
}

Describe 'Test-LightningSyncServiceAccount in Exchange Online' {
    It 'finds the service principal that New-LightningSyncServiceAccount -Identity ''Salesforce EAC'' created (no AccountNotFound) and states the product path' {
        Initialize-Tenant
        $null = New-Eac
        $findings = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC')
        @($findings | Where-Object Code -In 'AccountNotFound', 'ServicePrincipalNotFound') | Should -BeNullOrEmpty
        $path = @($findings | Where-Object Code -EQ 'ProductPath')
        $path.Count | Should -Be 1
        $path[0].Severity | Should -Be 'Info'
        $path[0].Message | Should -Match 'April 2027'
        $path[0].Message | Should -Match 'Einstein Activity Capture'
        $path[0].PSObject.TypeNames | Should -Contain 'LightningSync.Finding'
        $coverage = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Coverage | Where-Object IsServiceAccount)
        $coverage.Count | Should -Be 2
    }

    It 'names a missing service principal with the Entra portal path' {
        Initialize-Tenant
        $f = @(Test-LightningSyncServiceAccount -Account 'Nobody App' | Where-Object Code -EQ 'ServicePrincipalNotFound')
        $f.Count | Should -Be 1
        $f[0].Fix | Should -Match 'Enterprise applications'
    }

    It 'on-premises states Lightning Sync with a service account until April 2027' {
        Reset-ExchangeEmulator -Version SE
        Add-EmulatorRecipient -Name 'svc-sync' -OrganizationalUnit 'contoso.com/Service Accounts'
        $path = @(Test-LightningSyncServiceAccount -Account 'svc-sync' | Where-Object Code -EQ 'ProductPath')
        $path[0].Message | Should -Match 'on-premises'
        $path[0].Message | Should -Match 'April 2027'
    }
}

Describe 'Test-LightningSyncServiceAccount -VerifyAuthorization' {
    It 'agrees with the service when the scope and Test-ServicePrincipalAuthorization match' {
        Initialize-Tenant
        $null = New-Eac
        Clear-EmulatorCallLog
        $out = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Target ExchangeOnline -VerifyAuthorization -SampleSize 5)
        $rows = @($out | Where-Object { $_.PSObject.TypeNames -contains 'LightningSync.AuthorizationCheck' })
        $rows.Count | Should -Be 6
        @($rows | Where-Object Status -NE 'Match') | Should -BeNullOrEmpty
        @($rows | Where-Object { $_.Mailbox -like 'bob@*' -and $_.Expected -eq $false -and $_.Actual -eq $false }).Count | Should -Be 2
        @(Get-EmulatorCallLog -Cmdlet 'Test-ServicePrincipalAuthorization').Count | Should -Be 3
        @($out | Where-Object Code -Like 'Authorization*Scope') | Should -BeNullOrEmpty
        @($out | Where-Object Code -EQ 'AuthorizationProof').Count | Should -Be 1
        Get-EmulatorCallLog -WriteOnly | Should -BeNullOrEmpty
        Get-FormatData -TypeName 'LightningSync.AuthorizationCheck' | Should -Not -BeNullOrEmpty
        ($rows | Format-Table | Out-String -Width 200) | Should -Match 'Mailbox\s+Role\s+Expected\s+Actual\s+Status'
    }

    It 'flags a covered mailbox the service denies (naming the cache for a new grant) and an excluded one it allows' {
        Initialize-Tenant
        $null = New-Eac
        Set-EmulatorAuthorizationOverride -Resource 'Alice' -InScope $false -Role 'Application Contacts.ReadWrite'
        Set-EmulatorAuthorizationOverride -Resource 'Bob' -InScope $true
        $out = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -VerifyAuthorization)
        $denied = @($out | Where-Object Code -EQ 'AuthorizationDeniedInScope')
        $denied.Count | Should -Be 1
        $denied[0].Target | Should -BeLike 'alice@*'
        $denied[0].Message | Should -Match 'Contacts.ReadWrite'
        $denied[0].Message | Should -Match '30 minutes to 2 hours'
        $beyond = @($out | Where-Object Code -EQ 'AuthorizationBeyondScope')
        $beyond.Count | Should -Be 2
        $beyond[0].Target | Should -BeLike 'bob@*'
        $beyond[0].Severity | Should -Be 'Critical'
        $row = @($out | Where-Object { $_.Status -eq 'DeniedInScope' })
        $row[0].Expected | Should -BeTrue
        $row[0].Actual | Should -BeFalse
    }

    It 'does not blame the cache when the grant is older than two hours' {
        Initialize-Tenant
        $null = New-Eac
        Set-EmulatorRoleAssignmentTime -Name 'LightningSync-*' -WhenChanged ([DateTime]::UtcNow.AddHours(-3))
        Set-EmulatorAuthorizationOverride -Resource 'Amir' -InScope $false
        $denied = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -VerifyAuthorization | Where-Object Code -EQ 'AuthorizationDeniedInScope')
        $denied.Count | Should -Be 2
        $denied[0].Severity | Should -Be 'High'
        $denied[0].Message | Should -Not -Match '30 minutes'
    }

    It 'takes the sample from a snapshot with recipients' {
        Initialize-Tenant
        $null = New-Eac
        $path = Join-Path $TestDrive 'tenant.clixml'
        $null = Export-LightningSyncOrgSnapshot -Path $path -Account 'Salesforce EAC' -IncludeRecipients
        Set-EmulatorAuthorizationOverride -Resource 'Bob' -InScope $true -Role 'Application Calendars.ReadWrite'
        $out = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Snapshot $path -VerifyAuthorization -SampleSize 1)
        @($out | Where-Object Code -EQ 'AuthorizationBeyondScope').Count | Should -Be 1
        @($out | Where-Object { $_.PSObject.TypeNames -contains 'LightningSync.AuthorizationCheck' }).Count | Should -Be 4
    }

    It 'refuses on-premises with an error naming Exchange Online, and -Target that does not match' {
        Reset-ExchangeEmulator -Version 2019
        Add-EmulatorRecipient -Name 'svc-sync'
        { Test-LightningSyncServiceAccount -Account 'svc-sync' -VerifyAuthorization } | Should -Throw -ErrorId 'LightningSync.VerifyAuthorizationNeedsExchangeOnline,Test-LightningSyncServiceAccount'
        { Test-LightningSyncServiceAccount -Account 'svc-sync' -Target ExchangeOnline } | Should -Throw -ErrorId 'LightningSync.TargetMismatch,Test-LightningSyncServiceAccount'
    }
}

Describe 'Group and administrative-unit scopes' {
    BeforeEach {
        Initialize-Tenant
        $script:Group = Add-EmulatorRecipient -Name 'Sales Team' -RecipientTypeDetails MailUniversalSecurityGroup -PassThru
        $script:Nested = Add-EmulatorRecipient -Name 'Sales EMEA' -RecipientTypeDetails MailUniversalSecurityGroup -Attributes @{ MemberOfGroup = @($script:Group.DistinguishedName) } -PassThru
        Add-EmulatorRecipient -Name 'Grace' -Department 'Sales' -Attributes @{ MemberOfGroup = @($script:Group.DistinguishedName) }
        Add-EmulatorRecipient -Name 'Nina' -Department 'Sales' -Attributes @{ MemberOfGroup = @($script:Nested.DistinguishedName) }
        Add-EmulatorRecipient -Name 'Una' -Attributes @{ AdministrativeUnits = @('7d3c1f3a-0000-4000-8000-0000000000a1') }
    }

    It 'plans, applies, audits, proves and removes a group scope, warning about the nested group' {
        $plan = Get-LightningSyncPlan -Account 'Salesforce EAC' -RecipientGroupScope 'Sales Team' -ServicePrincipalObjectId $script:EacObjectId
        $nested = @($plan.findings | Where-Object code -EQ 'NestedGroupNotExpanded')
        $nested.Count | Should -Be 1
        $nested[0].message | Should -Match "'Sales EMEA'"
        $nested[0].message | Should -Match '1 member'
        @($plan.steps | Where-Object cmdlet -EQ 'New-ManagementScope') | Should -BeNullOrEmpty
        $script = Join-Path $TestDrive 'group.ps1'
        $plan | Export-LightningSyncScript -Path $script -Force | Out-Null
        (Get-Content -Raw $script) | Should -Match "-RecipientGroupScope 'Sales Team'"

        $result = New-Eac @{ RecipientGroupScope = 'Sales Team' }
        @($result.Steps | Where-Object Status -NE 'Succeeded') | Should -BeNullOrEmpty
        $assignments = Get-AppAssignment
        $assignments.Count | Should -Be 2
        @($assignments | Where-Object RecipientGroupScope -EQ 'Sales Team').Count | Should -Be 2

        $coverage = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Coverage | Where-Object IsServiceAccount)
        $coverage[0].Reach | Should -Be 'Group'
        $coverage[0].Covered | Should -Be @('grace@contoso.onmicrosoft.com')
        $out = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -VerifyAuthorization -SampleSize 10)
        @($out | Where-Object Code -EQ 'NestedGroupNotExpanded').Count | Should -Be 1
        @($out | Where-Object { $_.PSObject.TypeNames -contains 'LightningSync.AuthorizationCheck' -and $_.Status -ne 'Match' }) | Should -BeNullOrEmpty

        Clear-EmulatorCallLog
        $again = New-Eac @{ RecipientGroupScope = 'Sales Team' }
        $again.Converged | Should -BeTrue
        Get-EmulatorCallLog -WriteOnly | Should -BeNullOrEmpty

        $null = Remove-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -Force -WarningAction SilentlyContinue
        Get-AppAssignment | Should -BeNullOrEmpty
    }

    It 'applies an administrative-unit scope and evaluates it over the members' {
        $null = New-Eac @{ RecipientAdministrativeUnitScope = '7d3c1f3a-0000-4000-8000-0000000000a1' }
        @(Get-AppAssignment | Where-Object RecipientAdministrativeUnitScope -EQ '7d3c1f3a-0000-4000-8000-0000000000a1').Count | Should -Be 2
        $coverage = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Coverage | Where-Object IsServiceAccount)
        $coverage[0].Reach | Should -Be 'AdministrativeUnit'
        $coverage[0].Covered | Should -Be @('una@contoso.onmicrosoft.com')
    }

    It 'shows the group plan with -WhatIf and writes nothing' {
        Clear-EmulatorCallLog
        $before = Get-EmulatorState
        New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientGroupScope 'Sales Team' -ServicePrincipalObjectId $script:EacObjectId -WhatIf | Out-Null
        Get-EmulatorCallLog -WriteOnly | Should -BeNullOrEmpty
        Get-EmulatorState | Should -Be $before
    }

    It 'refuses a group scope on-premises and a filter together with a group' {
        { Get-LightningSyncPlan -Account 'Salesforce EAC' -RecipientGroupScope 'Sales Team' -RecipientFilter $script:Sales -ServicePrincipalObjectId $script:EacObjectId } | Should -Throw '*only one of*'
        Reset-ExchangeEmulator -Version 2019
        { Get-LightningSyncPlan -Account 'svc' -RecipientGroupScope 'Sales Team' } | Should -Throw '*only in Exchange Online*'
    }
}

Describe 'Application roles chosen with -Role' {
    It 'grants the asked set, converges to another set on a re-run, and refuses an undocumented role with the list' {
        Initialize-Tenant
        $null = New-Eac @{ Role = @('Mail.Read', 'Calendars.ReadWrite') }
        @(Get-AppAssignment | ForEach-Object Role | Sort-Object) | Should -Be @('Application Calendars.ReadWrite', 'Application Mail.Read')
        $null = New-Eac
        @(Get-AppAssignment | ForEach-Object Role | Sort-Object) | Should -Be @('Application Calendars.ReadWrite', 'Application Contacts.ReadWrite')
        { New-Eac @{ Role = 'ApplicationImpersonation' } } | Should -Throw '*Application EWS.AccessAsApp*'
    }
}

Describe 'Application ids' {
    It 'says that the plan uses the Einstein Activity Capture application when no -AppId is given' {
        Initialize-Tenant
        $plan = Get-LightningSyncPlan -Account 'Salesforce EAC' -RecipientFilter $script:Sales -ServicePrincipalObjectId $script:EacObjectId
        $f = @($plan.findings | Where-Object code -EQ 'DefaultApplicationId')
        $f.Count | Should -Be 1
        $f[0].message | Should -Match $script:EacAppId
        @($plan.steps | Where-Object cmdlet -EQ 'New-ServicePrincipal')[0].parameters.AppId | Should -Be $script:EacAppId
    }

    It 'catches the application id given as the service principal object id, with the Entra portal path' {
        Initialize-Tenant
        { New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientFilter $script:Sales -ServicePrincipalObjectId $script:EacAppId -Force } | Should -Throw '*Enterprise applications*'
        Get-EmulatorCallLog -WriteOnly | Should -BeNullOrEmpty
    }
}

Describe 'EWS readiness of the covered mailboxes' {
    It 'on-premises counts covered mailboxes with EWS off and names the organization switch' {
        Reset-ExchangeEmulator -Version 2019
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Amir' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
        $null = New-LightningSyncServiceAccount -Identity 'svc-sync@contoso.com' -RecipientFilter $script:Sales -CreateMailbox -Password (ConvertTo-SecureString 'Zq7#Kx!v9@Lm2%Rw8^Tb' -AsPlainText -Force) -Force -RetryMaxSeconds 0.05
        Set-CASMailbox -Identity 'Alice' -EwsEnabled $false
        Set-CASMailbox -Identity 'Bob' -EwsEnabled $false
        $findings = @(Test-LightningSyncServiceAccount -Account 'svc-sync@contoso.com')
        $off = @($findings | Where-Object Code -EQ 'EwsDisabledForMailboxes')
        $off.Count | Should -Be 1
        $off[0].Message | Should -Match '^1 of the 2 covered mailboxes'
        $off[0].Fix | Should -Match "'alice@contoso.com' \| ForEach-Object \{ Set-CASMailbox -Identity \`$_ -EwsEnabled \`$true \}"
        Set-OrganizationConfig -EwsEnabled $false
        $org = @(Test-LightningSyncServiceAccount -Account 'svc-sync@contoso.com' | Where-Object Code -EQ 'EwsDisabledInOrganization')
        $org[0].Message | Should -Match 'any of the 2 covered'
        $org[0].Fix | Should -Be 'Set-OrganizationConfig -EwsEnabled $true'
    }

    It 'online names EwsEnabled, EwsAllowedAppIDs and the October 2026 / April 2027 dates' {
        Initialize-Tenant
        $null = New-Eac
        $unset = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' | Where-Object Code -EQ 'EwsUnsetInTenant')
        $unset[0].Message | Should -Match '1 October 2026'
        Set-OrganizationConfig -EwsEnabled $true -EwsAllowedAppIDs '11111111-2222-3333-4444-555555555555'
        $app = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' | Where-Object Code -EQ 'EwsAppNotAllowed')
        $app[0].Message | Should -Match '1 April 2027'
        $app[0].Fix | Should -Match $script:EacAppId
        Set-CASMailbox -Identity 'Amir' -EwsEnabled $false
        $path = Join-Path $TestDrive 'ews.clixml'
        $null = Export-LightningSyncOrgSnapshot -Path $path -Account 'Salesforce EAC' -IncludeRecipients
        $off = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Snapshot $path | Where-Object Code -EQ 'EwsDisabledForMailboxes')
        $off[0].Message | Should -Match '^1 of the 2 covered'
    }
}

Describe 'Previewing a group scope from an export' {
    It 'lists the direct members of the group, not the nested group''s' {
        $group = 'CN=Sales Team,OU=contoso.onmicrosoft.com,DC=contoso,DC=com'
        $nested = 'CN=Sales EMEA,OU=contoso.onmicrosoft.com,DC=contoso,DC=com'
        $export = Join-Path $TestDrive 'recipients.xml'
        @(
            [pscustomobject]@{ Name = 'Grace'; RecipientTypeDetails = 'UserMailbox'; PrimarySmtpAddress = 'grace@contoso.com'; MemberOfGroup = @($group) }
            [pscustomobject]@{ Name = 'Sales EMEA'; RecipientTypeDetails = 'MailUniversalSecurityGroup'; PrimarySmtpAddress = 'emea@contoso.com'; MemberOfGroup = @($group) }
            [pscustomobject]@{ Name = 'Nina'; RecipientTypeDetails = 'UserMailbox'; PrimarySmtpAddress = 'nina@contoso.com'; MemberOfGroup = @($nested) }
        ) | Export-Clixml -Path $export
        $filter = ConvertTo-LightningSyncRecipientFilter -MemberOfGroup $group
        $matches = @(Get-LightningSyncScopePreview -RecipientFilter $filter -Path $export -Environment ExchangeOnline -WarningAction SilentlyContinue)
        @($matches | ForEach-Object Name | Sort-Object) | Should -Be @('Grace', 'Sales EMEA')
    }
}

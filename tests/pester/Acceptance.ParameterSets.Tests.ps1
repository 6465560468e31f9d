[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
param()

# Every exported cmdlet through every parameter set, called as an admin calls it
# against the Exchange emulator: real parameter binding (positional, named,
# pipeline by value and by property name), -WhatIf, -Confirm:$false,
# -ErrorVariable, and the result checked where the admin would check it (the
# organization, the file system). Test names start with "<Cmdlet>/<ParameterSet>:";
# Acceptance.Coverage.Tests.ps1 fails for a parameter set that has none.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Acceptance.Fixture.ps1')
    Start-AcceptanceSuite -Ews
}

AfterAll {
    Stop-AcceptanceSuite
}

Describe 'Filters' {
    It 'ConvertTo-LightningSyncRecipientFilter/__AllParameterSets: builds a filter New-ManagementScope takes and that covers the named recipients' {
        Initialize-AcceptanceOrg
        $filter = ConvertTo-LightningSyncRecipientFilter -Department Sales, 'R&D' -Office Paris -RecipientTypeDetails UserMailbox
        $filter | Should -BeOfType [string]
        $filter | Should -Be "(Department -eq 'Sales' -or Department -eq 'R&D') -and Office -eq 'Paris' -and RecipientTypeDetails -eq 'UserMailbox'"
        New-ManagementScope -Name 'From builder' -RecipientRestrictionFilter $filter | Out-Null
        $names = @(Get-Recipient -ResultSize Unlimited | Get-LightningSyncScopePreview -RecipientFilter $filter | ForEach-Object Name)
        $names | Sort-Object | Should -Be @('Alice', 'Carol')
    }

    It 'Test-LightningSyncRecipientFilter/__AllParameterSets: checks a string, a script block and scopes piped from Get-ManagementScope' {
        Initialize-AcceptanceOrg
        New-ManagementScope -Name 'Sales scope' -RecipientRestrictionFilter $script:SalesFilter | Out-Null
        $fromText = Test-LightningSyncRecipientFilter "department -eq 'Sales'"
        $fromText.IsValid | Should -BeTrue
        $fromText.Normalized | Should -Be "Department -eq 'Sales'"
        (Test-LightningSyncRecipientFilter { Department -eq 'Sales' }).IsValid | Should -BeTrue
        $piped = @(Get-ManagementScope -Identity 'Sales scope' | Test-LightningSyncRecipientFilter -Environment ExchangeOnline)
        $piped.Count | Should -Be 1
        $piped[0].IsValid | Should -BeTrue
        (Test-LightningSyncRecipientFilter 'Department -eq Sales').IsValid | Should -BeFalse
    }

    It 'Get-LightningSyncFilterableProperty/__AllParameterSets: under the caller''s default preference a misspelt name does not stop the others' {
        # A script module reads the session's (global) preference, not the caller's local one:
        # run under an admin's default, Continue.
        $saved = $global:ErrorActionPreference
        $global:ErrorActionPreference = 'Continue'
        try {
            $found = @(Get-LightningSyncFilterableProperty Departmnt, Office -ErrorVariable problems 2>$null)
            $found.Name | Should -Be @('Office')
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.FilterPropertyNotFound*'
        }
        finally { $global:ErrorActionPreference = $saved }
    }

    It 'Get-LightningSyncFilterableProperty/__AllParameterSets: finds properties by wildcard, by pipeline, and reports a bad name or pattern as a non-terminating error' {
        @(Get-LightningSyncFilterableProperty Dep*).Name | Should -Contain 'Department'
        @('Office', 'Company' | Get-LightningSyncFilterableProperty).Name | Should -Be @('Office', 'Company')
        $found = @(Get-LightningSyncFilterableProperty '[', 'Departmnt', 'Office' -ErrorVariable problems -ErrorAction SilentlyContinue)
        $found.Name | Should -Be @('Office')
        @($problems).Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.FilterPropertyPatternInvalid*'
        $problems[0].Exception.Message.Contains("'['") | Should -BeTrue
        $problems[0].Exception.Message.Contains('`[') | Should -BeTrue
        $problems[1].FullyQualifiedErrorId | Should -BeLike 'LightningSync.FilterPropertyNotFound*'
    }
}

Describe 'Exports and previews' {
    It 'Import-LightningSyncRecipient/__AllParameterSets: reads files by path, by pipeline and by FullName, and names a missing one in -ErrorVariable' {
        $byPath = @(Import-LightningSyncRecipient (Join-Path $script:WorkDir 'users.xml'))
        $byPath.Count | Should -Be @(Get-User -ResultSize Unlimited).Count
        ($byPath | Where-Object Name -eq 'Alice').Department | Should -Be 'Sales'
        $csv = @((Join-Path $script:WorkDir 'mailboxes.csv') | Import-LightningSyncRecipient)
        $csv.Count | Should -Be @(Get-Mailbox -ResultSize Unlimited).Count
        $all = @(Get-ChildItem -Path (Join-Path $script:WorkDir 'exports') -Filter *.xml | Import-LightningSyncRecipient -BatchSize 2)
        $all.Count | Should -Be ($byPath.Count + @(Get-Mailbox -ResultSize Unlimited).Count)
        $missing = Join-Path $script:WorkDir 'missing.xml'
        $read = @(Import-LightningSyncRecipient -Path $missing, (Join-Path $script:WorkDir 'users.xml') -ErrorVariable problems -ErrorAction SilentlyContinue)
        $read.Count | Should -Be $byPath.Count
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.ExportNotFound*'
        $problems[0].Exception.Message | Should -BeLike "*$missing*"
    }

    It 'Import-LightningSyncRecipient/__AllParameterSets: under the caller''s default preference a missing file does not stop the next one' {
        # A script module reads the session's (global) preference, not the caller's local one:
        # run under an admin's default, Continue.
        $saved = $global:ErrorActionPreference
        $global:ErrorActionPreference = 'Continue'
        try {
            $users = Join-Path $script:WorkDir 'users.xml'
            $read = @(Import-LightningSyncRecipient (Join-Path $script:WorkDir 'missing.xml'), $users -ErrorVariable problems 2>$null)
            $read.Count | Should -Be @(Get-User -ResultSize Unlimited).Count
            @($problems).Count | Should -Be 1
        }
        finally { $global:ErrorActionPreference = $saved }
    }

    It 'Get-LightningSyncScopePreview/Path: previews a Get-User export, positional and with -Summary' {
        $inScope = @(Get-LightningSyncScopePreview $script:SalesFilter (Join-Path $script:WorkDir 'users.xml'))
        @($inScope.Name | Sort-Object) | Should -Be @('Alice', 'Support')
        $summary = Get-LightningSyncScopePreview -RecipientFilter { Department -eq 'Sales' } -Path (Join-Path $script:WorkDir 'users.xml'), (Join-Path $script:WorkDir 'mailboxes.xml') -Summary
        $summary.Matched | Should -Be 2
    }

    It 'Get-LightningSyncScopePreview/InputObject: previews live objects piped from Get-Recipient' {
        Initialize-AcceptanceOrg
        $inScope = @(Get-Recipient -ResultSize Unlimited | Get-LightningSyncScopePreview -RecipientFilter "Office -eq 'Paris'" -BatchSize 2)
        @($inScope.Name | Sort-Object) | Should -Be @('Alice', 'Carol')
    }

    It 'Export-LightningSyncOrgSnapshot/__AllParameterSets: writes a snapshot the plan reads, writes nothing with -WhatIf, and refuses to overwrite without -Force' {
        Initialize-AcceptanceOrg
        $path = Join-Path $script:WorkDir 'snap.clixml'
        Export-LightningSyncOrgSnapshot $path -Account $script:AccountUpn -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
        @(Get-EmulatorCallLog).Count | Should -Be 0
        $file = Export-LightningSyncOrgSnapshot -Path $path -Identity $script:AccountUpn -IncludeRecipients
        $file | Should -BeOfType [System.IO.FileInfo]
        (Get-AcceptanceErrorId { Export-LightningSyncOrgSnapshot -Path $path -Account $script:AccountUpn }) | Should -BeLike 'LightningSync.SnapshotFileExists*'
        Export-LightningSyncOrgSnapshot -Path $path -Account $script:AccountUpn -Force | Should -BeOfType [System.IO.FileInfo]
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'Export-LightningSyncScript/__AllParameterSets: writes a piped plan, writes nothing with -WhatIf, returns the file with -PassThru' {
        $path = Join-Path $script:WorkDir 'setup.ps1'
        $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:AccountUpn -RecipientFilter $script:SalesFilter
        $plan | Export-LightningSyncScript $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
        $file = Export-LightningSyncScript -Plan $plan -Path $path -PassThru
        $file.FullName | Should -Be $path
        (Get-Content -LiteralPath $path -Raw) | Should -Match 'New-ManagementScope'
        (Get-AcceptanceErrorId { $plan | Export-LightningSyncScript -Path $path }) | Should -BeLike 'LightningSync.ScriptFileExists*'
        $plan | Export-LightningSyncScript -Path $path -Force | Should -BeNullOrEmpty
    }
}

Describe 'Reports' {
    It 'Export-LightningSyncReport/Live: writes nothing with -WhatIf, then reports the live organization with a piped plan, and refuses to overwrite without -Force' {
        Initialize-AcceptanceOrg
        New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force | Out-Null
        $path = Join-Path $script:WorkDir 'live-report.html'
        Clear-EmulatorCallLog
        Export-LightningSyncReport $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
        @(Get-EmulatorCallLog).Count | Should -Be 0
        $plan = Get-LightningSyncPlan -Account $script:AccountUpn -RecipientFilter "Office -eq 'Paris'" -ScopeName 'LS Paris' -SkipLegacyAdPermission
        $file = $plan | Export-LightningSyncReport -Path $path -PassThru
        $file | Should -BeOfType [System.IO.FileInfo]
        $html = Get-Content -LiteralPath $path -Raw
        $html | Should -Match 'svc-sync'
        $html | Should -Match 'LS Paris'
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
        (Get-AcceptanceErrorId { Export-LightningSyncReport -Path $path -Account $script:AccountUpn }) | Should -BeLike 'LightningSync.ReportFileExists*'
        $file = Export-LightningSyncReport -Path $path -Account $script:AccountUpn -Force -PassThru -ErrorVariable problems
        $file.FullName | Should -Be $path
        # Only the cmdlet's own records are checked (reads it makes internally may land in -ErrorVariable).
        @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'LightningSync.*' }) | Should -BeNullOrEmpty
    }

    It 'Export-LightningSyncReport/Snapshot: writes nothing with -WhatIf, reports a snapshot over Get-User and Get-Mailbox exports, and names a missing snapshot in its error' {
        Initialize-AcceptanceOrg
        New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force | Out-Null
        $snapshot = Join-Path $script:WorkDir 'report-snapshot.clixml'
        Export-LightningSyncOrgSnapshot -Path $snapshot -Account $script:AccountUpn -Force | Out-Null
        Initialize-AcceptanceOrg
        $path = Join-Path $script:WorkDir 'snapshot-report.html'
        Export-LightningSyncReport $path -Snapshot $snapshot -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
        $exports = (Join-Path $script:WorkDir 'users.xml'), (Join-Path $script:WorkDir 'mailboxes.xml')
        $file = [pscustomobject]@{ Account = $script:AccountUpn } | Export-LightningSyncReport -Path $path -Snapshot $snapshot -RecipientPath $exports -PassThru
        $file.FullName | Should -Be $path
        $html = Get-Content -LiteralPath $path -Raw
        $html | Should -Match 'LightningSync-svc-sync'
        $html | Should -Match ([regex]::Escape([System.IO.Path]::GetFileName($snapshot)))
        @(Get-EmulatorCallLog).Count | Should -Be 0
        $missing = Join-Path $script:WorkDir 'missing.clixml'
        $problem = $null
        try { Export-LightningSyncReport -Path (Join-Path $script:WorkDir 'none.html') -Snapshot $missing | Out-Null } catch { $problem = $_ }
        $problem.FullyQualifiedErrorId | Should -BeLike 'LightningSync.*'
        $problem.Exception.Message | Should -BeLike "*$missing*"
        Test-Path -LiteralPath (Join-Path $script:WorkDir 'none.html') | Should -BeFalse
    }
}

Describe 'Plans' {
    It 'Get-LightningSyncPlan/Live: plans the missing steps of the live organization and writes nothing' {
        Initialize-AcceptanceOrg
        $plan = Get-LightningSyncPlan svc-sync@contoso.com $script:SalesFilter -SkipLegacyAdPermission
        $plan.PSObject.TypeNames | Should -Contain 'LightningSync.Plan'
        @($plan.Steps | ForEach-Object { $_.Action }) | Should -Be @('CreateScope', 'CreateAssignment')
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'Get-LightningSyncPlan/Snapshot: plans from a snapshot exactly what the live organization gives' {
        Initialize-AcceptanceOrg
        $snapshot = Join-Path $script:WorkDir 'plan-snapshot.clixml'
        Export-LightningSyncOrgSnapshot -Path $snapshot -Account $script:AccountUpn -Force | Out-Null
        $fromFile = Get-LightningSyncPlan -Snapshot $snapshot -Account $script:AccountUpn -RecipientFilter $script:SalesFilter
        $live = Get-LightningSyncPlan -Account $script:AccountUpn -RecipientFilter $script:SalesFilter
        @($fromFile.Steps | ForEach-Object { $_.Command }) | Should -Be @($live.Steps | ForEach-Object { $_.Command })
    }

    It 'Get-LightningSyncPlan/Offline: plans a fresh organization of the given version without Exchange' {
        Clear-EmulatorCallLog
        $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2016 -Identity $script:AccountUpn -Filter "Office -eq 'Paris'" -ScopeName 'LS Paris' -AssignmentName 'LS Paris Impersonation'
        @($plan.Steps | ForEach-Object { $_.Action }) | Should -Contain 'CreateScope'
        $plan.ScopeName | Should -Be 'LS Paris'
        @(Get-EmulatorCallLog).Count | Should -Be 0
    }
}

Describe 'Changes to the organization' {
    It 'New-LightningSyncServiceAccount/Filter: changes nothing with -WhatIf, sets the account up, and writes nothing on a re-run' {
        Initialize-AcceptanceOrg
        $before = Get-EmulatorState
        New-LightningSyncServiceAccount svc-sync@contoso.com $script:SalesFilter -SkipLegacyAdPermission -WhatIf | Out-Null
        Get-EmulatorState | Should -Be $before
        $result = New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Confirm:$false -RetryMaxSeconds 0
        $result.Changed | Should -BeTrue
        (Get-ManagementScope -Identity 'LightningSync-svc-sync').RecipientFilter | Should -Be $script:SalesFilter
        (Get-ManagementRoleAssignment -Identity 'LightningSync-svc-sync-Impersonation').CustomRecipientWriteScope | Should -Be 'LightningSync-svc-sync'
        Clear-EmulatorCallLog
        $again = New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force
        $again.Changed | Should -BeFalse
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'New-LightningSyncServiceAccount/Builder: builds the quoted filter from -Department and -FilterCondition' {
        Initialize-AcceptanceOrg
        New-LightningSyncServiceAccount -Identity $script:AccountUpn -Department Sales, 'R&D' -FilterCondition @{ CustomAttribute1 = 'SF' } -SkipLegacyAdPermission -Confirm:$false | Out-Null
        (Get-ManagementScope -Identity 'LightningSync-svc-sync').RecipientFilter | Should -Match "Department -eq 'R&D'"
    }

    It 'New-LightningSyncServiceAccount/Filter: -Confirm in a host that cannot ask changes nothing' {
        if ([Environment]::GetCommandLineArgs() -notcontains '-NonInteractive') { Set-ItResult -Skipped -Because 'an interactive host would wait for the answer' }
        Initialize-AcceptanceOrg
        $before = Get-EmulatorState
        $problem = Get-AcceptanceErrorId { New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Confirm }
        $problem | Should -Not -BeNullOrEmpty
        Get-EmulatorState | Should -Be $before
    }

    It 'New-LightningSyncServiceAccount/Group: in Exchange Online changes nothing with -WhatIf, scopes the application roles to the group''s direct members, and writes nothing on a re-run' {
        Initialize-AcceptanceTenant
        $before = Get-EmulatorState
        New-LightningSyncServiceAccount 'Salesforce EAC' -Target ExchangeOnline -RecipientGroupScope 'Sales Team' -ServicePrincipalObjectId $script:EacObjectId -WhatIf -WarningAction SilentlyContinue | Out-Null
        Get-EmulatorState | Should -Be $before
        $result = New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientGroupScope 'Sales Team' -Role Calendars.ReadWrite, Contacts.ReadWrite -ServicePrincipalObjectId $script:EacObjectId -Confirm:$false -RetryMaxSeconds 0 -WarningAction SilentlyContinue -ErrorVariable problems
        @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'LightningSync.*' }) | Should -BeNullOrEmpty
        $result.Changed | Should -BeTrue
        $granted = @((Get-EmulatorState -AsObject).RoleAssignments | Where-Object { $_.RoleAssigneeType -eq 'ServicePrincipal' -and -not $_.Delegating })
        $granted.Count | Should -Be 2
        @($granted | Where-Object RecipientGroupScope -EQ 'Sales Team').Count | Should -Be 2
        $coverage = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Coverage | Where-Object IsServiceAccount)
        $coverage[0].Covered | Should -Be @('grace@contoso.onmicrosoft.com')
        Clear-EmulatorCallLog
        $again = New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientGroupScope 'Sales Team' -ServicePrincipalObjectId $script:EacObjectId -Force -WarningAction SilentlyContinue
        $again.Changed | Should -BeFalse
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'New-LightningSyncServiceAccount/AdministrativeUnit: in Exchange Online changes nothing with -WhatIf and scopes the application roles to the administrative unit''s members' {
        Initialize-AcceptanceTenant
        $before = Get-EmulatorState
        New-LightningSyncServiceAccount 'Salesforce EAC' -Target ExchangeOnline -RecipientAdministrativeUnitScope $script:SalesTeamAdministrativeUnit -ServicePrincipalObjectId $script:EacObjectId -WhatIf -WarningAction SilentlyContinue | Out-Null
        Get-EmulatorState | Should -Be $before
        $result = New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientAdministrativeUnitScope $script:SalesTeamAdministrativeUnit -ServicePrincipalObjectId $script:EacObjectId -Confirm:$false -RetryMaxSeconds 0 -WarningAction SilentlyContinue -ErrorVariable problems
        @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'LightningSync.*' }) | Should -BeNullOrEmpty
        $result.Changed | Should -BeTrue
        $granted = @((Get-EmulatorState -AsObject).RoleAssignments | Where-Object { $_.RoleAssigneeType -eq 'ServicePrincipal' -and -not $_.Delegating })
        $granted.Count | Should -Be 2
        @($granted | Where-Object RecipientAdministrativeUnitScope -EQ $script:SalesTeamAdministrativeUnit).Count | Should -Be 2
        $coverage = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Coverage | Where-Object IsServiceAccount)
        $coverage[0].Reach | Should -Be 'AdministrativeUnit'
        $coverage[0].Covered | Should -Be @('una@contoso.onmicrosoft.com')
    }

    It 'Remove-LightningSyncServiceAccount/__AllParameterSets: without -Force or -Confirm:$false, a host that cannot ask removes nothing' {
        if ([Environment]::GetCommandLineArgs() -notcontains '-NonInteractive') { Set-ItResult -Skipped -Because 'an interactive host would wait for the answer' }
        Initialize-AcceptanceOrg
        New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force | Out-Null
        $before = Get-EmulatorState
        $problem = Get-AcceptanceErrorId { Remove-LightningSyncServiceAccount -Identity $script:AccountUpn }
        $problem | Should -Not -BeNullOrEmpty
        Get-EmulatorState | Should -Be $before
    }

    It 'Remove-LightningSyncServiceAccount/__AllParameterSets: changes nothing with -WhatIf and removes the account''s scope and assignment' {
        Initialize-AcceptanceOrg
        New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force | Out-Null
        $before = Get-EmulatorState
        Remove-LightningSyncServiceAccount svc-sync@contoso.com -WhatIf | Out-Null
        Get-EmulatorState | Should -Be $before
        Remove-LightningSyncServiceAccount -Identity $script:AccountUpn -Confirm:$false | Out-Null
        @(Get-ManagementScope | Where-Object Name -eq 'LightningSync-svc-sync').Count | Should -Be 0
        @(Get-ManagementRoleAssignment | Where-Object Name -eq 'LightningSync-svc-sync-Impersonation').Count | Should -Be 0
        @(Get-Mailbox -Identity $script:AccountUpn).Count | Should -Be 1
    }
}

Describe 'Audits' {
    It 'Test-LightningSyncServiceAccount/Live: audits the live organization and shows whom the assignment covers' {
        Initialize-AcceptanceOrg
        New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force | Out-Null
        $findings = @(Test-LightningSyncServiceAccount svc-sync@contoso.com)
        @($findings | Where-Object { $_.Severity -eq 'Critical' }).Count | Should -Be 0
        $coverage = @(Test-LightningSyncServiceAccount -Account $script:AccountUpn -Coverage)
        $coverage.Count | Should -BeGreaterThan 0
        @(Get-EmulatorCallLog -WriteOnly | Where-Object Cmdlet -notlike 'New-*').Count | Should -Be 0
    }

    It 'Test-LightningSyncServiceAccount/Snapshot: audits a snapshot file' {
        $findings = @(Test-LightningSyncServiceAccount -Snapshot (Join-Path $script:WorkDir 'contoso.clixml') -Account $script:AccountUpn)
        $findings | ForEach-Object { $_.PSObject.TypeNames | Should -Contain 'LightningSync.Finding' }
    }

    It 'Test-LightningSyncImpersonation/EwsUrl: probes mailboxes given by value and by property name' {
        if ($null -eq $script:Ews) { Set-ItResult -Skipped -Because 'Python 3.7+ runs the loopback EWS responder' }
        $byValue = @('noerror@contoso.com' | Test-LightningSyncImpersonation -Credential $script:AcceptanceCredential -EwsUrl $script:Ews.Url -AllowUnencryptedAuthentication -TimeoutSec 20)
        $byValue[0].Success | Should -BeTrue
        $rows = [pscustomobject]@{ PrimarySmtpAddress = 'noerror@contoso.com' }, [pscustomobject]@{ PrimarySmtpAddress = 'fault.ErrorImpersonateUserDenied@contoso.com' }
        $byName = @($rows | Test-LightningSyncImpersonation -Credential $script:AcceptanceCredential -EwsUrl $script:Ews.Url -AllowUnencryptedAuthentication -TimeoutSec 20)
        $byName.Count | Should -Be 2
        $byName[0].Success | Should -BeTrue
        $byName[1].Success | Should -BeFalse
    }

    It 'Test-LightningSyncImpersonation/Autodiscover: reports, per mailbox, an Autodiscover that finds no EWS' {
        $results = @([pscustomobject]@{ PrimarySmtpAddress = 'noerror@autodiscover.invalid' } |
                Test-LightningSyncImpersonation -Credential $script:AcceptanceCredential -Autodiscover -TimeoutSec 5 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $results.Count | Should -Be 0
        # Only the cmdlet's own record is checked: the web requests it makes
        # internally also land in -ErrorVariable (see the acceptance notes).
        $reported = @($problems | Where-Object { $_.FullyQualifiedErrorId -eq 'LightningSync.EwsAutodiscoverFailed,Test-LightningSyncImpersonation' })
        $reported.Count | Should -Be 1
        $reported[0].Exception.Message | Should -BeLike '*noerror@autodiscover.invalid*https://autodiscover.invalid/autodiscover/autodiscover.xml*-EwsUrl*'
    }
}

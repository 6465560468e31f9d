[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'Test password')]
param()

# The safety promises of issue 13, each driven through the public cmdlets as an admin calls them
# (real parameter binding, the caller's default $ErrorActionPreference, -ErrorVariable), against
# the Exchange emulator (tests/emulator).

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force

    $script:Password = ConvertTo-SecureString 'Zq7#Kx!v9@Lm2%Rw8^Tb' -AsPlainText -Force
    $script:Account = 'svc-sync@contoso.com'
    $script:Sales = "Department -eq 'Sales'"
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-safety-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    function Initialize-Org {
        Reset-ExchangeEmulator -Version 2019
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
    }
    function Add-ServiceAccount([string] $RecipientTypeDetails = 'UserMailbox') {
        Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName $script:Account -OrganizationalUnit 'contoso.com/Service Accounts' -RecipientTypeDetails $RecipientTypeDetails
    }
    function Get-Writes { @(Get-EmulatorCallLog -WriteOnly) }
}

AfterAll {
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
    Remove-Module ExchangeEmulator -ErrorAction Ignore
}

Describe 'Builder parameters (item 1)' {
    BeforeEach { Initialize-Org; Add-ServiceAccount }

    It 'New-LightningSyncServiceAccount -Department builds the filter from $PSBoundParameters' {
        $result = New-LightningSyncServiceAccount -Identity $script:Account -Department Sales -SkipLegacyAdPermission -Force -RetryMaxSeconds 0
        $result.Changed | Should -BeTrue
        $scope = Get-ManagementScope -Identity $result.ScopeName
        $scope.RecipientFilter | Should -Match "Department -eq 'Sales'"
    }

    It 'Get-LightningSyncPlan takes the builder parameters too' {
        $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -Department Sales, 'R&D' -SkipLegacyAdPermission
        $scopeStep = @($plan.steps | Where-Object { $_.cmdlet -eq 'New-ManagementScope' })[0]
        $scopeStep.parameters.RecipientRestrictionFilter | Should -Match "Department -eq 'Sales'"
        $scopeStep.parameters.RecipientRestrictionFilter | Should -Match "R&D"
        { Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -RecipientFilter $script:Sales -Department Sales } |
            Should -Throw -ErrorId 'LightningSync.FilterAmbiguous,Get-LightningSyncPlan'
    }
}

Describe 'Exported scripts verify what the live run verifies (item 2)' {
    BeforeEach {
        Initialize-Org
        Add-ServiceAccount
        $script:Script = Join-Path $script:Work ('setup-' + [guid]::NewGuid().ToString('N') + '.ps1')
        Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -RecipientFilter $script:Sales -SkipLegacyAdPermission |
            Export-LightningSyncScript -Path $script:Script
    }

    It 'creates the scope and the assignment on a clean org, and writes nothing when run again' {
        & $script:Script
        (Get-ManagementRoleAssignment -Identity 'LightningSync-svc-sync-Impersonation').CustomRecipientWriteScope | Should -Be 'LightningSync-svc-sync'
        Clear-EmulatorCallLog
        & $script:Script
        Get-Writes | Should -HaveCount 0
    }

    It 'stops on an unscoped assignment with the planned name instead of keeping an org-wide grant' {
        Add-EmulatorRoleAssignment -Name 'LightningSync-svc-sync-Impersonation' -Role ApplicationImpersonation -Assignee 'svc-sync'
        { & $script:Script } | Should -Throw "*'LightningSync-svc-sync-Impersonation' already exists but is not the object this plan creates*CustomRecipientWriteScope*"
    }

    It 'stops on a scope with the planned name but another filter' {
        Add-EmulatorManagementScope -Name 'LightningSync-svc-sync' -RecipientFilter "Department -eq 'HR'"
        $before = Get-EmulatorState
        { & $script:Script } | Should -Throw "*'LightningSync-svc-sync' already exists*RecipientFilter*"
        Get-EmulatorState | Should -Be $before
    }

    It "stops on an assignment with the planned name, scope and role but another account's" {
        Add-EmulatorRecipient -Name 'helpdesk'
        Add-EmulatorManagementScope -Name 'LightningSync-svc-sync' -RecipientFilter $script:Sales
        Add-EmulatorRoleAssignment -Name 'LightningSync-svc-sync-Impersonation' -Role ApplicationImpersonation -Assignee 'helpdesk' -CustomRecipientWriteScope 'LightningSync-svc-sync'
        { & $script:Script } | Should -Throw "*assigned to 'helpdesk'*"
    }
}

Describe 'The live run never decides on a name alone (item 2)' {
    It 'refuses when the planned assignment name is taken by an assignment of another role' {
        Initialize-Org
        Add-ServiceAccount
        Add-EmulatorRoleAssignment -Name 'LightningSync-svc-sync-Impersonation' -Role 'Mail Recipients' -Assignee 'svc-sync'
        { New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -SkipLegacyAdPermission -Force -RetryMaxSeconds 0 } |
            Should -Throw -ErrorId 'LightningSync.PlanConflict,New-LightningSyncServiceAccount'
        Get-Writes | Should -HaveCount 0
    }
}

Describe 'Remove acts only on what is named (items 3 and 13)' {
    BeforeEach {
        Initialize-Org
        Add-ServiceAccount
        foreach ($n in 'A', 'B') {
            Add-EmulatorManagementScope -Name $n -RecipientFilter ("Department -eq '{0}'" -f $n)
            Add-EmulatorRoleAssignment -Name "$n-Imp" -Role ApplicationImpersonation -Assignee 'svc-sync' -CustomRecipientWriteScope $n
        }
    }

    It 'removes only the named assignment and scope' {
        $result = Remove-LightningSyncServiceAccount -Identity $script:Account -AssignmentName 'B-Imp' -ScopeName 'B' -Force -RetryMaxSeconds 0
        @($result.Steps).Count | Should -Be 2
        Get-ManagementRoleAssignment -Identity 'A-Imp' | Should -Not -BeNullOrEmpty
        Get-ManagementScope -Identity 'A' | Should -Not -BeNullOrEmpty
        { Get-ManagementScope -Identity 'B' -ErrorAction Stop } | Should -Throw
    }

    It 'refuses a name that does not exist and removes nothing' {
        $before = Get-EmulatorState
        { Remove-LightningSyncServiceAccount -Identity $script:Account -AssignmentName 'B-Imq' -Force } |
            Should -Throw -ErrorId 'LightningSync.PlanPrerequisiteMissing,Remove-LightningSyncServiceAccount'
        Get-EmulatorState | Should -Be $before
    }

    It 'refuses a named scope the account does not use' {
        Add-EmulatorManagementScope -Name 'Orphan' -RecipientFilter "Department -eq 'Legal'"
        $before = Get-EmulatorState
        { Remove-LightningSyncServiceAccount -Identity $script:Account -AssignmentName 'A-Imp' -ScopeName 'Orphan' -Force } |
            Should -Throw -ErrorId 'LightningSync.PlanConflict,Remove-LightningSyncServiceAccount'
        Get-EmulatorState | Should -Be $before
    }

    It 'refuses an unknown account and removes nothing' {
        $before = Get-EmulatorState
        { Remove-LightningSyncServiceAccount -Identity 'ghost@contoso.com' -Force } | Should -Throw '*ghost@contoso.com*was not found*'
        Get-EmulatorState | Should -Be $before
    }
}

Describe 'Snapshots and scripts say what they cannot do (item 13)' {
    # An admin's session: the default preference (Continue) in the global scope, which is where a
    # module's functions look it up (the suite runner itself sets Stop).
    BeforeAll {
        $script:SavedPreference = $global:ErrorActionPreference
        $global:ErrorActionPreference = 'Continue'
    }
    AfterAll { $global:ErrorActionPreference = $script:SavedPreference }

    It 'warns when coverage comes from a snapshot without recipients' {
        Initialize-Org
        Add-ServiceAccount
        New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -SkipLegacyAdPermission -Force -RetryMaxSeconds 0 | Out-Null
        $path = Join-Path $script:Work 'no-recipients.clixml'
        Export-LightningSyncOrgSnapshot -Account $script:Account -Path $path -Force | Out-Null
        $rows = @(Test-LightningSyncServiceAccount -Account $script:Account -Snapshot $path -Coverage -WarningVariable warned -WarningAction SilentlyContinue)
        $rows | Should -Not -BeNullOrEmpty
        "$warned" | Should -Match '-IncludeRecipients'
    }

    It 'does not let a second piped plan overwrite the first script' {
        $path = Join-Path $script:Work 'two-plans.ps1'
        $plans = @(
            Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -RecipientFilter $script:Sales
            Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account 'other@contoso.com' -RecipientFilter $script:Sales
        )
        $plans | Export-LightningSyncScript -Path $path -Force -ErrorVariable bad 2>$null
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.ScriptPathRepeated*'
        Get-Content -LiteralPath $path -Raw | Should -Match 'svc-sync'
        Get-Content -LiteralPath $path -Raw | Should -Not -Match 'other@contoso.com'
    }
}

Describe 'The caller keeps its error semantics (item 4)' {
    # An admin's session: the default preference (Continue) in the global scope, which is where a
    # module's functions look it up (the suite runner itself sets Stop).
    BeforeAll {
        $script:SavedPreference = $global:ErrorActionPreference
        $global:ErrorActionPreference = 'Continue'
    }
    AfterAll { $global:ErrorActionPreference = $script:SavedPreference }

    It 'Get-LightningSyncFilterableProperty reports the bad name and goes on' {
        # The caller's default preference (Continue); the error is only redirected away from the test output.
        $found = @(Get-LightningSyncFilterableProperty Departmnt, Office -ErrorVariable bad 2>$null)
        $found.Name | Should -Be 'Office'
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.FilterPropertyNotFound*'
    }

    It 'a script with the default preference goes on after the error' {
        $after = & {
            $null = Get-LightningSyncFilterableProperty Departmnt 2>$null
            'went on'
        }
        $after | Should -Be 'went on'
    }

    It 'Import-LightningSyncRecipient reads the next file after a missing one' {
        $users = Join-Path $script:Work 'users.xml'
        @([pscustomobject]@{ Name = 'Ann'; Department = 'Sales' }) | Export-Clixml -Path $users
        $read = @(Import-LightningSyncRecipient (Join-Path $script:Work 'missing.xml'), $users -ErrorVariable bad 2>$null)
        $read.Name | Should -Be 'Ann'
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.ExportNotFound*'
    }
}

Describe 'One retry policy for reads and writes (item 5)' {
    BeforeEach { Initialize-Org; Add-ServiceAccount }

    It 'New- retries a concurrent-pipeline fault on <_>' -ForEach @('Get-ManagementScope', 'Get-ManagementRoleAssignment', 'Get-User') {
        Set-EmulatorFault -Cmdlet $_ -Kind ConcurrentPipeline
        $result = New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -SkipLegacyAdPermission -Force -RetryMaxSeconds 0
        $result.Changed | Should -BeTrue
    }

    It 'Get-LightningSyncPlan, Export-LightningSyncOrgSnapshot and Test- retry a read fault' {
        Set-EmulatorFault -Cmdlet Get-ManagementScope -Kind ConcurrentPipeline
        (Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:Sales).steps | Should -Not -BeNullOrEmpty
        Set-EmulatorFault -Cmdlet Get-Recipient -Kind ConcurrentPipeline
        Export-LightningSyncOrgSnapshot -Account $script:Account -Path (Join-Path $script:Work 'snap.clixml') -IncludeRecipients -Force | Should -Not -BeNullOrEmpty
        Set-EmulatorFault -Cmdlet Get-ManagementRoleAssignment -Kind ConcurrentPipeline
        { Test-LightningSyncServiceAccount -Account $script:Account } | Should -Not -Throw
    }

    It 'a permanent read fault is the module''s error, not the raw message' {
        Set-EmulatorFault -Cmdlet Get-ManagementScope -Message 'Active Directory operation failed on DC01. This error is not retriable. Additional information: Insufficient access rights to perform the operation.' -ExceptionName 'ADOperationException'
        { New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -Force -RetryMaxSeconds 0 } |
            Should -Throw -ErrorId 'LightningSync.ExchangePermissionDenied,New-LightningSyncServiceAccount'
        Get-Writes | Should -HaveCount 0
    }
}

Describe 'Test-LightningSyncServiceAccount -VerifyEws (item 6)' {
    It 'probes when exactly one mailbox is covered, and takes -AllowUnencryptedAuthentication' {
        Initialize-Org
        Add-ServiceAccount
        New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -SkipLegacyAdPermission -Force -RetryMaxSeconds 0 | Out-Null
        $credential = [pscredential]::new($script:Account, $script:Password)
        $rows = @(Test-LightningSyncServiceAccount -Account $script:Account -VerifyEws -Credential $credential -EwsUrl 'http://127.0.0.1:9/EWS/Exchange.asmx' -AllowUnencryptedAuthentication -WarningAction SilentlyContinue -ErrorVariable bad -ErrorAction SilentlyContinue)
        @($bad | Where-Object { "$_" -match "property 'Count'" }) | Should -HaveCount 0
        @($rows | Where-Object { $null -ne $_.PSObject.Properties['Mailbox'] }).Count | Should -Be 1
    }
}

Describe '-CreateMailbox on a user without a mailbox (item 7)' {
    It 'enables the mailbox' {
        Initialize-Org
        Add-ServiceAccount -RecipientTypeDetails User
        $result = New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -CreateMailbox -SkipLegacyAdPermission -Force -RetryMaxSeconds 0
        @($result.Steps | Where-Object { $_.Action -eq 'EnableMailbox' -and $_.Status -eq 'Succeeded' }) | Should -HaveCount 1
        Get-Mailbox -Identity $script:Account | Should -Not -BeNullOrEmpty
    }
}

Describe 'Errors name the public parameters of the cmdlet in use (item 9)' {
    It 'New- names -UpdateExistingScope, not onExistingScope' {
        Initialize-Org
        Add-ServiceAccount
        Add-EmulatorManagementScope -Name 'LightningSync-svc-sync' -RecipientFilter "Department -eq 'HR'"
        $err = $null
        try { New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -Force -RetryMaxSeconds 0 } catch { $err = $_ }
        "$err" | Should -Match '-UpdateExistingScope'
        "$err" | Should -Not -Match 'onExistingScope'
        "$err" | Should -Not -MatchExactly '\bscopeName'
        # Scripts log the exception's own message, not only the displayed one.
        $err.Exception.Message | Should -Match '-UpdateExistingScope'
        $err.Exception.Message | Should -Not -Match '-OnExistingScope'
        $err.FullyQualifiedErrorId | Should -BeLike 'LightningSync.PlanConflict*'
    }

    It 'Get-LightningSyncPlan names its own parameters' {
        $err = $null
        try { Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account 'svc' } catch { $err = $_ }
        "$err" | Should -Match '-RecipientFilter'
        "$err" | Should -Not -Match '"filter"'
    }
}

Describe 'Converged after a successful apply (item 15)' {
    It 'is True once every step applied' {
        Initialize-Org
        Add-ServiceAccount
        $result = New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -SkipLegacyAdPermission -Force -RetryMaxSeconds 0
        $result.Changed | Should -BeTrue
        $result.Converged | Should -BeTrue
        (New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:Sales -SkipLegacyAdPermission -WhatIf).Converged | Should -BeTrue
    }
}

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'Test password')]
param()

# New-LightningSyncServiceAccount / Remove-LightningSyncServiceAccount and the apply engine, against the Exchange
# emulator (tests/emulator): plans applied all or nothing, retries of transient faults only, undo in reverse order,
# -WhatIf without writes, idempotent re-runs, and a password that appears in no stream.

BeforeDiscovery {
    $moduleRoot = Split-Path -Parent $env:LIGHTNINGSYNC_MODULE_MANIFEST
    # The end-to-end tests need the planner (Get-LightningSyncOrgState, Invoke-LightningSyncPlanner).
    $script:HasPlanner = (Test-Path (Join-Path $moduleRoot 'Private/Invoke-LightningSyncPlanner.ps1')) -and
        (Test-Path (Join-Path $moduleRoot 'Private/Get-LightningSyncOrgState.ps1'))
    $script:OnPremisesVersions = @('2010', '2013', '2016', '2019', 'SE')
}

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force

    $script:PasswordText = 'Zq7#Kx!v9@Lm2%Rw8^Tb'
    $script:Password = ConvertTo-SecureString $script:PasswordText -AsPlainText -Force
    $script:EacAppId = 'c55d6177-918e-4745-96d3-1715194bc7e8'
    $script:EacObjectId = '6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1'

    # A plan shaped exactly like the planner's output (plan contract), built here for the engine's unit tests.
    function New-Step([int]$Index, [string]$Action, [string]$Target, [string]$Cmdlet, [hashtable]$Parameters, [hashtable]$Undo, [hashtable]$Verify) {
        $step = [ordered]@{
            index = $Index; action = $Action; target = $Target; reason = "$Action because the test says so"
            cmdlet = $Cmdlet; parameters = $Parameters; command = "$Cmdlet -Name '$Target'"; undo = $null; verify = $null
        }
        if ($Undo) { $step.undo = [ordered]@{ cmdlet = $Undo.cmdlet; parameters = $Undo.parameters; command = "$($Undo.cmdlet) '$Target'" } }
        if ($Verify) { $step.verify = $Verify }
        $step
    }

    function ConvertTo-PlanObject([object[]]$Steps) {
        $plan = [ordered]@{
            kind = 'Setup'; target = 'OnPremises'; converged = ($Steps.Count -eq 0); scopeName = 'LS Sales'; assignmentName = 'LS Impersonation'
            exchangeVersion = '2019'; steps = @($Steps); findings = @()
        }
        ConvertTo-Json -InputObject $plan -Depth 10 | ConvertFrom-Json
    }

    # The on-premises setup plan: mailbox, legacy AD right on EX01, scope, assignment.
    function New-FixturePlan([string]$ScopeName = 'LS Sales', [string]$Filter = "Department -eq 'Sales'", [string]$AssignmentName = 'LS Impersonation') {
        ConvertTo-PlanObject @(
            (New-Step 1 'CreateMailbox' 'svc-sync' 'New-Mailbox' ([ordered]@{ Name = 'svc-sync'; UserPrincipalName = 'svc-sync@contoso.com'; Password = @{ secret = 'Password' }; ResetPasswordOnNextLogon = $false }) `
                @{ cmdlet = 'Remove-Mailbox'; parameters = @{ Identity = 'svc-sync@contoso.com' } } `
                @{ cmdlet = 'Get-Mailbox'; parameters = @{ Identity = 'svc-sync@contoso.com' } })
            (New-Step 2 'GrantAdPermission' 'EX01' 'Add-ADPermission' ([ordered]@{ Identity = 'EX01'; User = 'svc-sync@contoso.com'; ExtendedRights = @('ms-Exch-EPI-Impersonation') }) `
                @{ cmdlet = 'Remove-ADPermission'; parameters = @{ Identity = 'EX01'; User = 'svc-sync@contoso.com'; ExtendedRights = @('ms-Exch-EPI-Impersonation') } } `
                @{ cmdlet = 'Get-ADPermission'; parameters = @{ Identity = 'EX01'; User = 'svc-sync@contoso.com' }; expect = 'Present'; properties = @{ ExtendedRights = 'ms-Exch-EPI-Impersonation' } })
            (New-Step 3 'CreateScope' $ScopeName 'New-ManagementScope' ([ordered]@{ Name = $ScopeName; RecipientRestrictionFilter = $Filter }) `
                @{ cmdlet = 'Remove-ManagementScope'; parameters = @{ Identity = $ScopeName } } `
                @{ cmdlet = 'Get-ManagementScope'; parameters = @{ Identity = $ScopeName } })
            (New-Step 4 'CreateAssignment' $AssignmentName 'New-ManagementRoleAssignment' ([ordered]@{ Name = $AssignmentName; Role = 'ApplicationImpersonation'; User = 'svc-sync@contoso.com'; CustomRecipientWriteScope = $ScopeName }) `
                @{ cmdlet = 'Remove-ManagementRoleAssignment'; parameters = @{ Identity = $AssignmentName } } `
                @{ cmdlet = 'Get-ManagementRoleAssignment'; parameters = @{ Identity = $AssignmentName } })
        )
    }

    # Applies a plan through the module's engine the way the public cmdlets do (ShouldProcess of this function).
    function Invoke-FixturePlan {
        [CmdletBinding(SupportsShouldProcess)]
        param($Plan, [hashtable]$Secrets = @{ Password = $script:Password }, [int]$RetryCount = 5, [double]$RetryMaxSeconds = 0.05, [string]$DomainController)
        $module = Get-Module LightningSync
        & $module {
            param($Plan, $Secrets, $RetryCount, $RetryMaxSeconds, $Caller, $DomainController)
            $policy = Get-LightningSyncRetryPolicy -RetryCount $RetryCount -RetryMaxSeconds $RetryMaxSeconds
            Invoke-LightningSyncServiceAccountRun -Plan $Plan -Caller $Caller -Identity 'svc-sync@contoso.com' -Target 'OnPremises' -Secrets $Secrets -Policy $policy -DomainController $DomainController
        } $Plan $Secrets $RetryCount $RetryMaxSeconds $PSCmdlet $DomainController
    }

    function Initialize-Org([string]$Version = '2019') {
        Reset-ExchangeEmulator -Version $Version
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
    }

    function Get-RaisedError([scriptblock]$Script) {
        try { & $Script | Out-Null; return $null } catch { return $_ }
    }

    function Get-WriteCall { @(Get-EmulatorCallLog -WriteOnly) }
}

AfterAll {
    Remove-Module ExchangeEmulator -ErrorAction SilentlyContinue
}

Describe 'Retry policy' {
    It 'waits 4, 8, 16 and 32 seconds for the default 5 tries within 60 seconds' {
        InModuleScope LightningSync {
            $policy = Get-LightningSyncRetryPolicy
            $policy.RetryCount | Should -Be 5
            $waited = 0.0
            $delays = @()
            for ($attempt = 1; $attempt -le 6; $attempt++) {
                $d = Get-LightningSyncRetryDelay -Policy $policy -Attempt $attempt -WaitedSeconds $waited
                if ($d -lt 0) { break }
                $delays += $d
                $waited += $d / 1000.0
            }
            $delays | Should -Be @(4000, 8000, 16000, 32000)
            $waited | Should -BeLessOrEqual 60
        }
    }

    It 'follows -RetryCount and -RetryMaxSeconds and never waits beyond the budget' {
        InModuleScope LightningSync {
            $policy = Get-LightningSyncRetryPolicy -RetryCount 3 -RetryMaxSeconds 0.3
            Get-LightningSyncRetryDelay -Policy $policy -Attempt 1 -WaitedSeconds 0 | Should -Be 100
            Get-LightningSyncRetryDelay -Policy $policy -Attempt 2 -WaitedSeconds 0.1 | Should -Be 200
            Get-LightningSyncRetryDelay -Policy $policy -Attempt 3 -WaitedSeconds 0.3 | Should -Be -1
            Get-LightningSyncRetryDelay -Policy (Get-LightningSyncRetryPolicy -RetryCount 1) -Attempt 1 -WaitedSeconds 0 | Should -Be -1
        }
    }

    It 'takes its defaults from the module-scoped setting' {
        InModuleScope LightningSync {
            $saved = $script:LightningSyncRetryDefaults.Clone()
            try {
                $script:LightningSyncRetryDefaults.RetryCount = 2
                $script:LightningSyncRetryDefaults.RetryMaxSeconds = 1
                $policy = Get-LightningSyncRetryPolicy
                $policy.RetryCount | Should -Be 2
                $policy.FirstDelaySeconds | Should -Be 1
            }
            finally { $script:LightningSyncRetryDefaults = $saved }
        }
    }
}

Describe 'Transient fault classification' {
    BeforeAll {
        function New-Record([string]$Message, [string]$Reason, [string]$ErrorId = 'x', [string]$Type = 'System.Management.Automation.RemoteException') {
            $ex = New-Object $Type $Message
            $record = New-Object System.Management.Automation.ErrorRecord $ex, $ErrorId, ([System.Management.Automation.ErrorCategory]::NotSpecified), $null
            if ($Reason) { $record.CategoryInfo.Reason = $Reason }
            $record
        }
    }

    It 'classifies <Name> as <Kind>' -ForEach @(
        @{ Name = 'the concurrent-pipeline error'; Message = 'Pipeline not executed because a pipeline is already executing. Pipelines cannot be executed concurrently.'; Reason = 'PSInvalidOperationException'; Kind = 'ConcurrentPipeline'; Created = @() }
        @{ Name = 'not found for an object this run created'; Message = "The operation couldn't be performed because object 'LS Sales' couldn't be found on 'DC01.contoso.com'."; Reason = 'ManagementObjectNotFoundException'; Kind = 'Replication'; Created = @('LS Sales') }
        @{ Name = 'not found for another object'; Message = "The operation couldn't be performed because object 'nobody' couldn't be found on 'DC01.contoso.com'."; Reason = 'ManagementObjectNotFoundException'; Kind = $null; Created = @('LS Sales') }
        @{ Name = 'server busy'; Message = 'The server is busy.'; Reason = 'InvalidOperationException'; Kind = 'Throttled'; Created = @() }
        @{ Name = 'an EXO micro-delay'; Message = 'Ex1A2B3C|Microsoft.Exchange.Net.TransientException|Throttling: micro delay applied.'; Reason = 'TransientException'; Kind = 'Throttled'; Created = @() }
        @{ Name = 'already exists'; Message = "Active Directory operation failed on DC01.contoso.com. The object 'CN=LS Sales,...' already exists."; Reason = 'ADObjectAlreadyExistsException'; Kind = $null; Created = @() }
        @{ Name = 'insufficient access, not retriable'; Message = 'Active Directory operation failed on DC01. This error is not retriable. Additional information: Insufficient access rights to perform the operation.'; Reason = 'ADOperationException'; Kind = $null; Created = @() }
        @{ Name = 'a similar scope'; Message = 'A management scope with the same settings already exists: "Other".'; Reason = 'ArgumentException'; Kind = $null; Created = @() }
        @{ Name = 'an invalid filter'; Message = 'Invalid filter syntax at position 5, parameter RecipientRestrictionFilter must have valid format.'; Reason = 'ArgumentException'; Kind = $null; Created = @() }
    ) {
        InModuleScope LightningSync -Parameters @{ Record = (New-Record $Message $Reason); Created = $Created; Kind = $Kind } {
            Get-LightningSyncTransientFault -ErrorRecord $Record -CreatedNames $Created | Should -Be $Kind
        }
    }

    It 'treats any not-found of the read that verifies a fresh write as replication' {
        $record = New-Record "The operation couldn't be performed because object 'x' couldn't be found on 'DC01'." 'ManagementObjectNotFoundException'
        InModuleScope LightningSync -Parameters @{ Record = $record } {
            Get-LightningSyncTransientFault -ErrorRecord $Record -ExpectPresent | Should -Be 'Replication'
        }
    }
}

Describe 'Plan parameters to splat' {
    It 'passes strings, booleans, integers and lists as they are and fills secret placeholders with the SecureString' {
        $json = '{"Name":"a","Flag":true,"Off":false,"Count":3,"List":["x","y"],"Password":{"secret":"Password"}}' | ConvertFrom-Json
        InModuleScope LightningSync -Parameters @{ Json = $json; Password = $script:Password } {
            $splat = ConvertTo-LightningSyncSplat -Parameters $Json -Secrets @{ Password = $Password }
            $splat.Name | Should -BeExactly 'a'
            $splat.Flag | Should -BeTrue
            $splat.Off | Should -BeFalse
            $splat.Count | Should -Be 3
            , $splat.List | Should -BeOfType [string[]]
            $splat.List | Should -Be @('x', 'y')
            $splat.Password | Should -BeOfType [System.Security.SecureString]
            [object]::ReferenceEquals($splat.Password, $Password) | Should -BeTrue
        }
    }

    It 'refuses a plan whose secret was not given, naming the flags to use' {
        $json = '{"Password":{"secret":"Password"}}' | ConvertFrom-Json
        InModuleScope LightningSync -Parameters @{ Json = $json } {
            $e = $null
            try { ConvertTo-LightningSyncSplat -Parameters $Json -Secrets @{} } catch { $e = $_ }
            $e.FullyQualifiedErrorId | Should -Be 'LightningSync.SecretMissing'
            $e.Exception.Message | Should -Match '-Password or -Credential'
        }
    }

    It 'refuses a parameter name that is not a PowerShell parameter name' {
        $json = '{"Name; Remove-Item x":"a"}' | ConvertFrom-Json
        InModuleScope LightningSync -Parameters @{ Json = $json } {
            { ConvertTo-LightningSyncSplat -Parameters $Json } | Should -Throw -ErrorId 'LightningSync.PlanInvalid'
        }
    }

    It 'runs only allow-listed Exchange cmdlets' {
        InModuleScope LightningSync {
            { Invoke-LightningSyncExchangeCommand -Name 'Remove-Item' -Parameters @{ Path = '/tmp/x' } } | Should -Throw -ErrorId 'LightningSync.PlanInvalid'
            { Invoke-LightningSyncExchangeCommand -Name 'New-ManagementScope; Remove-Item /' } | Should -Throw -ErrorId 'LightningSync.PlanInvalid'
        }
    }
}

Describe 'Apply engine with a plan shaped like the contract' {
    BeforeEach {
        Initialize-Org
        $script:Before = Get-EmulatorState
    }

    It 'applies every step, in order, with -ErrorAction Stop and -Confirm:$false' {
        $result = Invoke-FixturePlan -Plan (New-FixturePlan)
        $result.PSObject.TypeNames | Should -Contain 'LightningSync.ServiceAccountResult'
        @($result.Steps | ForEach-Object Status) | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded')
        @($result.Steps | Where-Object { $_.Duration -is [timespan] }).Count | Should -Be 4
        $result.Changed | Should -BeTrue
        @(Get-WriteCall | ForEach-Object Cmdlet) | Should -Be @('New-Mailbox', 'Add-ADPermission', 'New-ManagementScope', 'New-ManagementRoleAssignment')
        foreach ($call in Get-WriteCall) { $call.Parameters['Confirm'] | Should -BeFalse }
        $state = Get-EmulatorState -AsObject
        @($state.Scopes | Where-Object Name -EQ 'LS Sales').Count | Should -Be 1
        @($state.RoleAssignments | Where-Object Name -EQ 'LS Impersonation')[0].CustomRecipientWriteScope | Should -Be 'LS Sales'
    }

    It 'passes the password to New-Mailbox as the SecureString given' {
        Invoke-FixturePlan -Plan (New-FixturePlan) | Out-Null
        $call = @(Get-EmulatorCallLog -Cmdlet 'New-Mailbox')[0]
        $call.Parameters['Password'] | Should -BeOfType [System.Security.SecureString]
    }

    It 'pins every write and verify read to the domain controller' {
        Invoke-FixturePlan -Plan (New-FixturePlan) -DomainController 'DC02.contoso.com' | Out-Null
        foreach ($call in Get-EmulatorCallLog) { $call.Parameters['DomainController'] | Should -Be 'DC02.contoso.com' -Because $call.Cmdlet }
    }

    It 'with -WhatIf calls no write cmdlet and reports each step as WhatIf' {
        $result = Invoke-FixturePlan -Plan (New-FixturePlan) -WhatIf
        Get-WriteCall | Should -BeNullOrEmpty
        @($result.Steps | ForEach-Object Status) | Should -Be @('WhatIf', 'WhatIf', 'WhatIf', 'WhatIf')
        Get-EmulatorState | Should -Be $script:Before
    }

    It 'with -WhatIf shows the plan even without the password' {
        $result = Invoke-FixturePlan -Plan (New-FixturePlan) -Secrets @{} -WhatIf
        @($result.Steps).Count | Should -Be 4
        Get-WriteCall | Should -BeNullOrEmpty
    }

    It 'refuses before the first write when the password is missing' {
        $e = Get-RaisedError { Invoke-FixturePlan -Plan (New-FixturePlan) -Secrets @{} }
        $e.FullyQualifiedErrorId | Should -Match 'LightningSync.SecretMissing'
        Get-WriteCall | Should -BeNullOrEmpty
    }

    It 'says so and writes nothing for an empty plan' {
        $result = Invoke-FixturePlan -Plan (ConvertTo-PlanObject @())
        $result.Converged | Should -BeTrue
        $result.Changed | Should -BeFalse
        $result.Message | Should -Match 'already matches'
        Get-WriteCall | Should -BeNullOrEmpty
    }

    It 'a permanent fault at step <Index> (<Cmdlet>): undoes steps 1..<Index>-1 newest first, the org is as before, one ApplyFailed error' -ForEach @(
        @{ Index = 1; Cmdlet = 'New-Mailbox' }
        @{ Index = 2; Cmdlet = 'Add-ADPermission' }
        @{ Index = 3; Cmdlet = 'New-ManagementScope' }
        @{ Index = 4; Cmdlet = 'New-ManagementRoleAssignment' }
    ) {
        Set-EmulatorFault -Cmdlet $Cmdlet -Message 'Insufficient access rights to perform the operation.' -ExceptionName 'ADOperationException'
        $e = Get-RaisedError { Invoke-FixturePlan -Plan (New-FixturePlan) }
        $e | Should -Not -BeNullOrEmpty
        $e.FullyQualifiedErrorId | Should -Match '^LightningSync.ApplyFailed'
        $e.Exception.Message | Should -Match ("failed at step {0} of 4" -f $Index)
        $e.Exception.Message | Should -Match 'Insufficient access rights'
        $e.Exception.InnerException.Message | Should -Match 'Insufficient access rights'
        if ($Index -gt 1) { $e.Exception.Message | Should -Match 'Undone, newest first: step' } else { $e.Exception.Message | Should -Match 'nothing was undone' }
        $e.Exception.Message | Should -Match 'as it was before the run'
        @(Get-EmulatorCallLog -Cmdlet $Cmdlet).Count | Should -Be 1 -Because 'a permanent error is not retried'
        $undoCalls = @(Get-WriteCall | Where-Object { $_.Cmdlet -like 'Remove-*' } | ForEach-Object Cmdlet)
        $expectedUndo = @('Remove-ManagementScope', 'Remove-ADPermission', 'Remove-Mailbox') | Select-Object -Last ($Index - 1)
        $undoCalls | Should -Be $expectedUndo
        Get-EmulatorState | Should -Be $script:Before
        $e.TargetObject.PSObject.TypeNames | Should -Contain 'LightningSync.ServiceAccountResult'
        @($e.TargetObject.Steps | Where-Object Status -EQ 'Failed').Index | Should -Be $Index

        Clear-EmulatorFault
        $rerun = Invoke-FixturePlan -Plan (New-FixturePlan)
        @($rerun.Steps | Where-Object Status -EQ 'Succeeded').Count | Should -Be 4
    }

    It 'retries the concurrent-pipeline error on the first try and succeeds' {
        Set-EmulatorFault -Cmdlet 'New-ManagementScope' -Kind ConcurrentPipeline
        $result = Invoke-FixturePlan -Plan (New-FixturePlan)
        $scope = @($result.Steps | Where-Object Action -EQ 'CreateScope')[0]
        $scope.Status | Should -Be 'Succeeded'
        $scope.Attempts | Should -Be 2
        $scope.TransientFaults | Should -Contain 'ConcurrentPipeline'
        @(Get-EmulatorCallLog -Cmdlet 'New-ManagementScope' | ForEach-Object Outcome) | Should -Be @('Failed', 'Succeeded')
    }

    It 'retries throttling with growing waits and succeeds on the third try' {
        Set-EmulatorFault -Cmdlet 'New-ManagementRoleAssignment' -Message 'The server is busy. Try again later.' -Count 2
        Mock Start-Sleep -ModuleName LightningSync { }
        $result = Invoke-FixturePlan -Plan (New-FixturePlan) -RetryMaxSeconds 7
        @($result.Steps | Where-Object Action -EQ 'CreateAssignment')[0].Attempts | Should -Be 3
        Should -Invoke Start-Sleep -ModuleName LightningSync -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq 467 }
        Should -Invoke Start-Sleep -ModuleName LightningSync -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq 933 }
    }

    It 'gives up after -RetryCount tries of a transient fault and rolls back' {
        Set-EmulatorFault -Cmdlet 'New-ManagementRoleAssignment' -Message 'The server is busy.' -Count 10
        $e = Get-RaisedError { Invoke-FixturePlan -Plan (New-FixturePlan) -RetryCount 3 }
        $e.Exception.Message | Should -Match 'after 3 tries'
        @(Get-EmulatorCallLog -Cmdlet 'New-ManagementRoleAssignment').Count | Should -Be 3
        Get-EmulatorState | Should -Be $script:Before
    }

    It 'waits for replication: the verify read is repeated until the new scope is visible' {
        Set-EmulatorFault -Cmdlet 'Get-ManagementScope' -Kind NotFound -Count 2
        $result = Invoke-FixturePlan -Plan (New-FixturePlan)
        $scope = @($result.Steps | Where-Object Action -EQ 'CreateScope')[0]
        $scope.Status | Should -Be 'Succeeded'
        $scope.Verified | Should -BeTrue
        @($scope.TransientFaults | Where-Object { $_ -eq 'Replication' }).Count | Should -Be 2
        @(Get-EmulatorCallLog -Cmdlet 'New-ManagementScope').Count | Should -Be 1
    }

    It 'retries a write that names an object this run just created when it is not found yet' {
        Set-EmulatorFault -Cmdlet 'New-ManagementRoleAssignment' -Message "The operation couldn't be performed because object 'LS Sales' couldn't be found on 'DC01.contoso.com'." -ExceptionName 'ManagementObjectNotFoundException'
        $result = Invoke-FixturePlan -Plan (New-FixturePlan)
        @($result.Steps | Where-Object Action -EQ 'CreateAssignment')[0].TransientFaults | Should -Contain 'Replication'
        @(Get-EmulatorCallLog -Cmdlet 'New-ManagementRoleAssignment').Count | Should -Be 2
    }

    It 'does not retry a not-found for an object this run did not create' {
        Set-EmulatorFault -Cmdlet 'New-ManagementRoleAssignment' -Message "The operation couldn't be performed because object 'someone-else' couldn't be found on 'DC01.contoso.com'." -ExceptionName 'ManagementObjectNotFoundException'
        $e = Get-RaisedError { Invoke-FixturePlan -Plan (New-FixturePlan) }
        $e.FullyQualifiedErrorId | Should -Match 'LightningSync.ApplyFailed'
        @(Get-EmulatorCallLog -Cmdlet 'New-ManagementRoleAssignment').Count | Should -Be 1
    }

    It 'does not send a create twice when the transient fault struck after the change was made' {
        Set-EmulatorFault -Cmdlet 'New-ManagementScope' -Message 'The server is busy.' -AfterCommit
        $result = Invoke-FixturePlan -Plan (New-FixturePlan)
        @(Get-EmulatorCallLog -Cmdlet 'New-ManagementScope').Count | Should -Be 1
        @($result.Steps | ForEach-Object Status) | Should -Be @('Succeeded', 'Succeeded', 'Succeeded', 'Succeeded')
    }

    It 'undoes a step whose transient fault struck after the change, when it finally fails' {
        Set-EmulatorFault -Cmdlet 'New-ManagementScope' -Message 'The server is busy.' -AfterCommit
        Set-EmulatorFault -Cmdlet 'Get-ManagementScope' -Kind NotFound -Count 20
        $e = Get-RaisedError { Invoke-FixturePlan -Plan (New-FixturePlan) -RetryCount 2 }
        $e.FullyQualifiedErrorId | Should -Match 'LightningSync.ApplyFailed'
        Get-EmulatorState | Should -Be $script:Before
    }

    It 'reports what could not be undone, with the command to run by hand' {
        Set-EmulatorFault -Cmdlet 'New-ManagementRoleAssignment' -Message 'Insufficient access rights.'
        Set-EmulatorFault -Cmdlet 'Remove-ADPermission' -Message 'Insufficient access rights to remove.'
        $e = Get-RaisedError { Invoke-FixturePlan -Plan (New-FixturePlan) }
        $e.Exception.Message | Should -Match "Could not be undone: step 2 GrantAdPermission 'EX01' \(Insufficient access rights to remove.\); to undo it by hand: Remove-ADPermission 'EX01'"
        $e.Exception.Message | Should -Match "Undone, newest first: step 3 CreateScope 'LS Sales', step 1 CreateMailbox 'svc-sync'"
        $state = Get-EmulatorState -AsObject
        $state.Scopes | Where-Object Name -EQ 'LS Sales' | Should -BeNullOrEmpty
    }

    It 'reports an irreversible step (no undo) as not undone' {
        Reset-ExchangeEmulator -Version Online -Dehydrated
        $plan = ConvertTo-PlanObject @(
            (New-Step 1 'EnableOrganizationCustomization' 'Contoso' 'Enable-OrganizationCustomization' ([ordered]@{}) $null $null)
            (New-Step 2 'CreateScope' 'LS Sales' 'New-ManagementScope' ([ordered]@{ Name = 'LS Sales'; RecipientRestrictionFilter = "Department -eq 'Sales'" }) `
                @{ cmdlet = 'Remove-ManagementScope'; parameters = @{ Identity = 'LS Sales' } } $null)
        )
        Set-EmulatorFault -Cmdlet 'New-ManagementScope' -Message 'Not allowed.'
        $e = Get-RaisedError { Invoke-FixturePlan -Plan $plan }
        $e.Exception.Message | Should -Match "Could not be undone: step 1 EnableOrganizationCustomization 'Contoso' \(this change cannot be reversed\)"
    }

    It 'keeps hostile values literal: <Name>' -ForEach @(
        @{ Name = 'quotes of every kind'; Value = "O'Brien ‘x’ ‚y‛ `"z`"" }
        @{ Name = 'subexpression and variables'; Value = '$(Remove-Item /) $env:PATH ${x}' }
        @{ Name = 'backticks, braces and semicolons'; Value = 'a`b {c}; d | e & f' }
        @{ Name = 'a newline'; Value = "line1`nline2" }
    ) {
        $scopeName = 'LS ' + $Value
        if ($scopeName.Length -gt 64) { $scopeName = $scopeName.Substring(0, 64) }
        $filter = "Department -eq '" + $Value.Replace("'", "''").Replace([string][char]0x2018, [string][char]0x2018 + [char]0x2018).Replace([string][char]0x2019, [string][char]0x2019 + [char]0x2019).Replace([string][char]0x201A, [string][char]0x201A + [char]0x201A).Replace([string][char]0x201B, [string][char]0x201B + [char]0x201B) + "'"
        $result = Invoke-FixturePlan -Plan (New-FixturePlan -ScopeName $scopeName -Filter $filter -AssignmentName ('LS ' + $Value))
        @($result.Steps | Where-Object Status -EQ 'Succeeded').Count | Should -Be 4
        $scope = @(Get-EmulatorCallLog -Cmdlet 'New-ManagementScope')[0]
        $scope.Parameters['Name'] | Should -BeExactly $scopeName
        $scope.Parameters['RecipientRestrictionFilter'] | Should -BeExactly $filter
        @((Get-EmulatorState -AsObject).Scopes | Where-Object { $_.Name -ceq $scopeName }).Count | Should -Be 1
        Test-Path '/tmp/x' | Should -BeFalse
    }
}

Describe 'Target detection' {
    It 'detects <Expected> from the cmdlets of the session' -ForEach @(
        @{ Version = '2019'; Expected = 'OnPremises' }
        @{ Version = 'Online'; Expected = 'ExchangeOnline' }
    ) {
        Reset-ExchangeEmulator -Version $Version
        InModuleScope LightningSync { Resolve-LightningSyncExchangeTarget -Target '' } | Should -Be $Expected
    }

    It 'fails with a clear error without an Exchange session' {
        Remove-Module ExchangeEmulator
        try {
            InModuleScope LightningSync { { Resolve-LightningSyncExchangeTarget -Target '' } | Should -Throw -ErrorId 'LightningSync.ExchangeSessionNotFound' }
        }
        finally { Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force }
    }
}

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'Test password')]
param()

# New-LightningSyncServiceAccount / Remove-LightningSyncServiceAccount and the apply engine, against the Exchange
# emulator (tests/emulator): plans applied all or nothing, retries of transient faults only, undo in reverse order,
# -WhatIf without writes, idempotent re-runs, and a password that appears in no stream.

BeforeDiscovery {
    $script:OnPremisesVersions = @('2010', '2013', '2016', '2019', 'SE')
}

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    # Some tests call private functions in the module's scope. The module defines
    # them, and each public function sets strict mode, when a public function
    # first runs; here both are done in the module's own scope, so the private
    # functions run as they do under a public one.
    . (Get-Module LightningSync) { Import-LightningSyncPrivateFunction; Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0 }
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
            Invoke-LightningSyncPlanApply -Plan $Plan -Caller $Caller -Identity 'svc-sync@contoso.com' -Target 'OnPremises' -Secrets $Secrets -Policy $policy -DomainController $DomainController
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
            { Invoke-LightningSyncExchangeCall -Name 'Remove-Item' -Parameters @{ Path = '/tmp/x' } } | Should -Throw -ErrorId 'LightningSync.PlanInvalid'
            { Invoke-LightningSyncExchangeCall -Name 'New-ManagementScope; Remove-Item /' } | Should -Throw -ErrorId 'LightningSync.PlanInvalid'
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

Describe 'Filter from the builder parameters' {
    It 'quotes the values and combines the parameters' {
        InModuleScope LightningSync {
            $filter = New-LightningSyncServiceAccountFilter -BoundParameters @{ Department = @('Sales', "O'Neil"); FilterCondition = @{ CustomAttribute1 = 'SF' } } -Target OnPremises
            $filter | Should -BeExactly "(Department -eq 'Sales' -or Department -eq 'O''Neil') -and CustomAttribute1 -eq 'SF'"
        }
    }

    It 'asks for a filter when no builder parameter is given' {
        InModuleScope LightningSync {
            { New-LightningSyncServiceAccountFilter -BoundParameters @{} -Target OnPremises } | Should -Throw -ErrorId 'LightningSync.FilterMissing'
        }
    }

    It 'offers the builder parameters in their own parameter set' {
        $command = Get-Command New-LightningSyncServiceAccount
        $command.Parameters['Department'].ParameterSets.Keys | Should -Be @('Builder')
        $command.Parameters['RecipientFilter'].ParameterSets.Keys | Should -Be @('Filter')
        $command.Parameters['Password'].ParameterSets.Keys | Should -Be @('__AllParameterSets')
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

Describe 'New-LightningSyncServiceAccount and Remove-LightningSyncServiceAccount end to end (real planner)' {
    BeforeAll {
        $script:Account = 'svc-sync@contoso.com'
        $script:SalesFilter = "Department -eq 'Sales'"

        function Initialize-E2EOrg([string]$Version = '2019', [switch]$Dehydrated) {
            Reset-ExchangeEmulator -Version $Version -Dehydrated:$Dehydrated
            Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
            Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
        }

        function New-OnPremArgs {
            @{ Identity = $script:Account; RecipientFilter = $script:SalesFilter; CreateMailbox = $true; Password = $script:Password; Force = $true; RetryMaxSeconds = 0.05 }
        }

        function New-OnlineArgs {
            @{ Identity = 'Salesforce EAC'; RecipientFilter = $script:SalesFilter; AppId = $script:EacAppId; ServicePrincipalObjectId = $script:EacObjectId; Force = $true; RetryMaxSeconds = 0.05 }
        }

        # The parts of the org a run manages, without generated GUIDs (a recreated object gets a new one).
        function Get-ManagedState {
            $s = Get-EmulatorState -AsObject
            [pscustomobject]@{
                Scopes      = @($s.Scopes | ForEach-Object { '{0}|{1}|{2}' -f $_.Name, $_.RecipientFilter, $_.Exclusive } | Sort-Object)
                Assignments = @($s.RoleAssignments | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Name, $_.Role, $_.Assignee, $_.CustomRecipientWriteScope, $_.CustomResourceScope, $_.Enabled } | Sort-Object)
                Aces        = @($s.AdPermissions | ForEach-Object { '{0}|{1}|{2}' -f $_.ObjectDn, $_.User, (@($_.ExtendedRights) -join ',') } | Sort-Object)
                Recipients  = @($s.Recipients | ForEach-Object { $_.DistinguishedName } | Sort-Object)
                Principals  = @($s.ServicePrincipals | ForEach-Object { $_.ObjectId } | Sort-Object)
            } | ConvertTo-Json -Depth 4
        }

        function Get-AccountAce {
            @((Get-EmulatorState -AsObject).AdPermissions | Where-Object { $_.User -eq 'CONTOSO\svc-sync' })
        }
    }

    Context 'The plan matrix applied' {
        It 'sets up a fresh Exchange <_> organization, then a re-run calls no write cmdlet and says so' -ForEach $script:OnPremisesVersions {
            Initialize-E2EOrg $_
            $argsNew = New-OnPremArgs
            $result = New-LightningSyncServiceAccount @argsNew
            $result.PSObject.TypeNames | Should -Contain 'LightningSync.ServiceAccountResult'
            $result.Target | Should -Be 'OnPremises'
            $result.Changed | Should -BeTrue
            @($result.Steps | Where-Object Status -NE 'Succeeded') | Should -BeNullOrEmpty
            @($result.Steps | ForEach-Object Action) | Should -Contain 'CreateMailbox'
            $state = Get-EmulatorState -AsObject
            $scope = @($state.Scopes | Where-Object Name -EQ $result.ScopeName)
            $scope.Count | Should -Be 1
            $scope[0].RecipientFilter | Should -Be $script:SalesFilter
            $assignment = @($state.RoleAssignments | Where-Object Name -EQ $result.AssignmentName)
            $assignment.Count | Should -Be 1
            $assignment[0].Role | Should -Be 'ApplicationImpersonation'
            $assignment[0].CustomRecipientWriteScope | Should -Be $result.ScopeName
            if ($_ -eq '2010') { Get-AccountAce | Should -BeNullOrEmpty } else { @(Get-AccountAce).Count | Should -BeGreaterThan 0 }

            Clear-EmulatorCallLog
            $again = New-LightningSyncServiceAccount @argsNew
            Get-WriteCall | Should -BeNullOrEmpty
            $again.Converged | Should -BeTrue
            $again.Changed | Should -BeFalse
            $again.Message | Should -Match 'already matches'
        }

        It 'sets up RBAC for Applications in a fresh Exchange Online tenant (target detected), checks the grant and reports the permission cache' {
            Initialize-E2EOrg Online
            $argsNew = New-OnlineArgs
            $result = New-LightningSyncServiceAccount @argsNew -WarningVariable warnings -WarningAction SilentlyContinue
            $result.Target | Should -Be 'ExchangeOnline'
            @($result.Steps | Where-Object Status -NE 'Succeeded') | Should -BeNullOrEmpty
            $state = Get-EmulatorState -AsObject
            @($state.ServicePrincipals | Where-Object ObjectId -EQ $script:EacObjectId).Count | Should -Be 1
            $appAssignments = @($state.RoleAssignments | Where-Object { $_.Role -like 'Application *' -and $_.CustomResourceScope -eq $result.ScopeName })
            @($appAssignments | ForEach-Object Role | Sort-Object) | Should -Be @('Application Calendars.ReadWrite', 'Application Contacts.ReadWrite')
            @($result.Authorization).Count | Should -BeGreaterThan 0
            @(Get-EmulatorCallLog -Cmdlet 'Test-ServicePrincipalAuthorization').Count | Should -Be 1
            ($warnings -join ' ') | Should -Match '30 minutes'
            $result.Message | Should -Match '2 hours'
            @(Get-EmulatorCallLog -WriteOnly | Where-Object { $_.Parameters.Contains('DomainController') }) | Should -BeNullOrEmpty

            Clear-EmulatorCallLog
            $again = New-LightningSyncServiceAccount @argsNew
            Get-WriteCall | Should -BeNullOrEmpty
            $again.Converged | Should -BeTrue
        }

        It 'enables organization customization first in a dehydrated tenant' {
            Initialize-E2EOrg Online -Dehydrated
            $argsNew = New-OnlineArgs
            $result = New-LightningSyncServiceAccount @argsNew -WarningAction SilentlyContinue
            $result.Steps[0].Action | Should -Be 'EnableOrganizationCustomization'
            (Get-EmulatorState -AsObject).IsDehydrated | Should -BeFalse
            Clear-EmulatorCallLog
            (New-LightningSyncServiceAccount @argsNew).Converged | Should -BeTrue
            Get-WriteCall | Should -BeNullOrEmpty
        }

        It 'completes a half-done setup and leaves what was there alone' {
            Initialize-E2EOrg 2019
            Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName $script:Account -OrganizationalUnit 'contoso.com/Service Accounts'
            Add-EmulatorManagementScope -Name 'LS Sales' -RecipientFilter $script:SalesFilter
            $result = New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:SalesFilter -ScopeName 'LS Sales' -SkipLegacyAdPermission -Force -RetryMaxSeconds 0.05
            @($result.Steps | ForEach-Object Action) | Should -Be @('CreateAssignment')
            @(Get-WriteCall | ForEach-Object Cmdlet) | Should -Be @('New-ManagementRoleAssignment')
        }

        It 'never touches the objects that were there when a later step fails' {
            Initialize-E2EOrg 2019
            Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName $script:Account -OrganizationalUnit 'contoso.com/Service Accounts'
            Add-EmulatorManagementScope -Name 'LS Sales' -RecipientFilter $script:SalesFilter
            $before = Get-EmulatorState
            Set-EmulatorFault -Cmdlet 'New-ManagementRoleAssignment' -Message 'Insufficient access rights to perform the operation.'
            $e = Get-RaisedError { New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:SalesFilter -ScopeName 'LS Sales' -Force -RetryMaxSeconds 0.05 }
            $e.FullyQualifiedErrorId | Should -Match '^LightningSync.ApplyFailed'
            @(Get-WriteCall | Where-Object Cmdlet -EQ 'Remove-ManagementScope') | Should -BeNullOrEmpty
            Get-EmulatorState | Should -Be $before
        }

        It 'refuses a scope of that name with another filter, naming both, and writes nothing' {
            Initialize-E2EOrg 2019
            Add-EmulatorManagementScope -Name 'LS Sales' -RecipientFilter "Department -eq 'Marketing'"
            $e = Get-RaisedError { New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:SalesFilter -ScopeName 'LS Sales' -CreateMailbox -Password $script:Password -Force }
            $e | Should -Not -BeNullOrEmpty
            $e.Exception.Message | Should -Match 'Marketing'
            $e.Exception.Message | Should -Match 'Sales'
            Get-WriteCall | Should -BeNullOrEmpty
        }

        It 'updates the conflicting scope with -UpdateExistingScope' {
            Initialize-E2EOrg 2019
            Add-EmulatorManagementScope -Name 'LS Sales' -RecipientFilter "Department -eq 'Marketing'"
            $result = New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:SalesFilter -ScopeName 'LS Sales' -UpdateExistingScope -CreateMailbox -Password $script:Password -Force -RetryMaxSeconds 0.05
            @($result.Steps | ForEach-Object Action) | Should -Contain 'UpdateScope'
            @((Get-EmulatorState -AsObject).Scopes | Where-Object Name -EQ 'LS Sales')[0].RecipientFilter | Should -Be $script:SalesFilter
        }

        It 'refuses ApplicationImpersonation in Exchange Online, explaining the retirement and the flags to use' {
            Initialize-E2EOrg Online
            $e = Get-RaisedError { New-LightningSyncServiceAccount -Identity $script:Account -RecipientFilter $script:SalesFilter -Target OnPremises -Force }
            $e | Should -Not -BeNullOrEmpty
            $e.Exception.Message | Should -Match 'retired'
            $e.Exception.Message | Should -Match 'ServicePrincipalObjectId'
            Get-WriteCall | Should -BeNullOrEmpty
        }

        It 'pins every write to the domain controller Exchange answered from' {
            Initialize-E2EOrg 2019
            $argsNew = New-OnPremArgs
            $result = New-LightningSyncServiceAccount @argsNew
            $result.DomainController | Should -Be 'DC01.contoso.com'
            foreach ($call in Get-WriteCall) { $call.Parameters['DomainController'] | Should -Be 'DC01.contoso.com' -Because $call.Cmdlet }
        }
    }

    Context '-WhatIf' {
        It 'shows the plan and calls no write cmdlet (<_>)' -ForEach @('2019', 'Online') {
            Initialize-E2EOrg $_
            $argsNew = New-OnPremArgs
            if ($_ -eq 'Online') { $argsNew = New-OnlineArgs }
            $argsNew.Remove('Force')
            $before = Get-EmulatorState
            Mock New-ManagementScope -ModuleName LightningSync { }
            Mock New-ManagementRoleAssignment -ModuleName LightningSync { }
            Mock New-Mailbox -ModuleName LightningSync { }
            $result = New-LightningSyncServiceAccount @argsNew -WhatIf
            $result.WhatIf | Should -BeTrue
            @($result.Plan.steps).Count | Should -BeGreaterThan 0
            @($result.Steps | ForEach-Object Status | Select-Object -Unique) | Should -Be @('WhatIf')
            Get-WriteCall | Should -BeNullOrEmpty
            Should -Invoke New-ManagementScope -ModuleName LightningSync -Times 0 -Exactly
            Should -Invoke New-ManagementRoleAssignment -ModuleName LightningSync -Times 0 -Exactly
            Should -Invoke New-Mailbox -ModuleName LightningSync -Times 0 -Exactly
            Get-EmulatorState | Should -Be $before
        }

        It 'shows the removal plan and calls no write cmdlet' {
            Initialize-E2EOrg 2019
            $argsNew = New-OnPremArgs
            New-LightningSyncServiceAccount @argsNew | Out-Null
            Clear-EmulatorCallLog
            $result = Remove-LightningSyncServiceAccount -Identity $script:Account -RemoveMailbox -WhatIf
            @($result.Plan.steps).Count | Should -BeGreaterThan 0
            Get-WriteCall | Should -BeNullOrEmpty
        }
    }

    Context 'All or nothing' {
        It 'a fault injected at each step in turn (<_>) leaves the org as it was, and a re-run converges' -ForEach @('2019', 'Online') {
            $version = $_
            $argsNew = New-OnPremArgs
            if ($version -eq 'Online') { $argsNew = New-OnlineArgs }
            Initialize-E2EOrg $version
            $steps = @((New-LightningSyncServiceAccount @argsNew -WhatIf).Plan.steps)
            $steps.Count | Should -BeGreaterThan 2
            for ($i = 0; $i -lt $steps.Count; $i++) {
                Initialize-E2EOrg $version
                $before = Get-EmulatorState
                $cmdlet = [string]$steps[$i].cmdlet
                $onCall = @($steps[0..$i] | Where-Object { $_.cmdlet -eq $cmdlet }).Count
                Set-EmulatorFault -Cmdlet $cmdlet -OnCall $onCall -Message 'Insufficient access rights to perform the operation.'
                $e = Get-RaisedError { New-LightningSyncServiceAccount @argsNew -WarningAction SilentlyContinue }
                $e.FullyQualifiedErrorId | Should -Match '^LightningSync.ApplyFailed' -Because "a fault at step $($i + 1) ($cmdlet)"
                $e.Exception.Message | Should -Match ("failed at step {0} of {1}" -f ($i + 1), $steps.Count)
                Get-EmulatorState | Should -Be $before -Because "the run failed at step $($i + 1) ($cmdlet) and undid the steps before it"
                Clear-EmulatorFault
                $rerun = New-LightningSyncServiceAccount @argsNew -WarningAction SilentlyContinue
                @($rerun.Steps | Where-Object Status -NE 'Succeeded') | Should -BeNullOrEmpty
                Clear-EmulatorCallLog
                (New-LightningSyncServiceAccount @argsNew).Converged | Should -BeTrue
                Get-WriteCall | Should -BeNullOrEmpty
            }
        }

        It 'retries the concurrent-pipeline error on the first try and succeeds' {
            Initialize-E2EOrg 2016
            Set-EmulatorFault -Cmdlet 'New-ManagementScope' -Kind ConcurrentPipeline
            $argsNew = New-OnPremArgs
            $result = New-LightningSyncServiceAccount @argsNew
            @($result.Steps | Where-Object Action -EQ 'CreateScope')[0].Attempts | Should -Be 2
            @(Get-EmulatorCallLog -Cmdlet 'New-ManagementScope' | ForEach-Object Outcome) | Should -Be @('Failed', 'Succeeded')
        }

        It 'does not retry a permanent error' {
            Initialize-E2EOrg SE
            $before = Get-EmulatorState
            Set-EmulatorFault -Cmdlet 'New-ManagementRoleAssignment' -Message 'Active Directory operation failed on DC01.contoso.com. This error is not retriable. Additional information: Insufficient access rights to perform the operation.' -ExceptionName 'ADOperationException'
            $argsNew = New-OnPremArgs
            $e = Get-RaisedError { New-LightningSyncServiceAccount @argsNew }
            $e.FullyQualifiedErrorId | Should -Match '^LightningSync.ApplyFailed'
            @(Get-EmulatorCallLog -Cmdlet 'New-ManagementRoleAssignment').Count | Should -Be 1
            Get-EmulatorState | Should -Be $before
        }
    }

    Context 'Hostile names and values' {
        It 'creates and finds again a scope and an assignment named with <Name>' -ForEach @(
            @{ Name = 'quotes of every kind'; Text = "O'Brien ‘a’ ‚b‛ `"c`"" }
            @{ Name = 'a subexpression and variables'; Text = 'x $(Get-Date) $env:PATH ${y}' }
            @{ Name = 'backticks, braces, semicolons and pipes'; Text = 'a`b {c}; d | e & f' }
        ) {
            Initialize-E2EOrg 2019
            $filter = "Department -eq '" + $Text.Replace("'", "''").Replace([string][char]0x2018, [string][char]0x2018 + [char]0x2018).Replace([string][char]0x2019, [string][char]0x2019 + [char]0x2019).Replace([string][char]0x201A, [string][char]0x201A + [char]0x201A).Replace([string][char]0x201B, [string][char]0x201B + [char]0x201B) + "'"
            $argsNew = New-OnPremArgs
            $argsNew.RecipientFilter = $filter
            $argsNew.ScopeName = 'LS ' + $Text
            $argsNew.AssignmentName = 'LS Imp ' + $Text
            $result = New-LightningSyncServiceAccount @argsNew
            $result.ScopeName | Should -BeExactly ('LS ' + $Text)
            $state = Get-EmulatorState -AsObject
            @($state.Scopes | Where-Object { $_.Name -ceq ('LS ' + $Text) }).Count | Should -Be 1
            @($state.RoleAssignments | Where-Object { $_.Name -ceq ('LS Imp ' + $Text) -and $_.CustomRecipientWriteScope -ceq ('LS ' + $Text) }).Count | Should -Be 1
            @(Get-EmulatorCallLog -Cmdlet 'New-ManagementScope')[0].Parameters['RecipientRestrictionFilter'] | Should -BeExactly $filter
            Clear-EmulatorCallLog
            (New-LightningSyncServiceAccount @argsNew).Converged | Should -BeTrue
            Get-WriteCall | Should -BeNullOrEmpty
        }
    }

    Context 'Removal' {
        It 'after creation returns the <_> organization to its original state' -ForEach @('2013', '2019', 'Online') {
            Initialize-E2EOrg $_
            $original = Get-EmulatorState
            if ($_ -eq 'Online') {
                $argsNew = New-OnlineArgs
                New-LightningSyncServiceAccount @argsNew -WarningAction SilentlyContinue | Out-Null
                $result = Remove-LightningSyncServiceAccount -Identity 'Salesforce EAC' -AppId $script:EacAppId -ServicePrincipalObjectId $script:EacObjectId -Force -RetryMaxSeconds 0.05
            }
            else {
                $argsNew = New-OnPremArgs
                New-LightningSyncServiceAccount @argsNew | Out-Null
                $result = Remove-LightningSyncServiceAccount -Identity $script:Account -RemoveMailbox -Force -RetryMaxSeconds 0.05
            }
            $result.Operation | Should -Be 'Removal'
            @($result.Steps | Where-Object Status -NE 'Succeeded') | Should -BeNullOrEmpty
            Get-EmulatorState | Should -Be $original
            # The account is gone now: removing it again is an error that names it and writes nothing.
            Clear-EmulatorCallLog
            { Remove-LightningSyncServiceAccount -Identity $script:Account -RemoveMailbox -Force } |
                Should -Throw -ErrorId 'LightningSync.PlanPrerequisiteMissing,Remove-LightningSyncServiceAccount'
            Get-WriteCall | Should -BeNullOrEmpty
        }

        It 'keeps the mailbox without -RemoveMailbox' {
            Initialize-E2EOrg 2019
            $argsNew = New-OnPremArgs
            $created = New-LightningSyncServiceAccount @argsNew
            Remove-LightningSyncServiceAccount -Identity $script:Account -Force -RetryMaxSeconds 0.05 | Out-Null
            $state = Get-EmulatorState -AsObject
            @($state.Recipients | Where-Object UserPrincipalName -EQ $script:Account).Count | Should -Be 1
            $state.Scopes | Where-Object Name -EQ $created.ScopeName | Should -BeNullOrEmpty
            Get-AccountAce | Should -BeNullOrEmpty
        }

        It 'is all or nothing: a fault during the teardown restores what it removed' {
            Initialize-E2EOrg 2019
            $argsNew = New-OnPremArgs
            New-LightningSyncServiceAccount @argsNew | Out-Null
            $before = Get-ManagedState
            Set-EmulatorFault -Cmdlet 'Remove-ManagementScope' -Message 'Insufficient access rights to perform the operation.'
            $e = Get-RaisedError { Remove-LightningSyncServiceAccount -Identity $script:Account -RemoveMailbox -Force -RetryMaxSeconds 0.05 }
            $e.FullyQualifiedErrorId | Should -Match '^LightningSync.ApplyFailed'
            $e.Exception.Message | Should -Match 'Undone, newest first'
            Get-ManagedState | Should -Be $before
        }

        It 'has ConfirmImpact High' {
            (Get-Command Remove-LightningSyncServiceAccount).ScriptBlock.Attributes |
                Where-Object { $_ -is [System.Management.Automation.CmdletBindingAttribute] } |
                ForEach-Object { $_.ConfirmImpact } | Should -Be 'High'
        }
    }

    Context 'Secrets' {
        It 'never shows the password in any stream, error, result or plan' {
            Initialize-E2EOrg 2019
            $Error.Clear()
            $DebugPreference = 'Continue'
            $VerbosePreference = 'Continue'
            $InformationPreference = 'Continue'
            $argsNew = New-OnPremArgs
            $captured = @()
            $captured += New-LightningSyncServiceAccount @argsNew -Verbose -Debug *>&1
            # A failing run too, for the error stream: the mailbox step fails after the password was passed.
            Initialize-E2EOrg 2019
            Set-EmulatorFault -Cmdlet 'New-ManagementScope' -Message 'Insufficient access rights to perform the operation.'
            $captured += & { try { New-LightningSyncServiceAccount @argsNew -Verbose -Debug } catch { $_ } } *>&1
            Initialize-E2EOrg 2019
            $captured += New-LightningSyncServiceAccount @argsNew -WhatIf -Verbose -Debug *>&1
            $DebugPreference = 'SilentlyContinue'
            $VerbosePreference = 'SilentlyContinue'
            $InformationPreference = 'SilentlyContinue'

            $texts = New-Object System.Collections.Generic.List[string]
            foreach ($item in @($captured) + @($Error)) {
                $texts.Add([string]$item)
                if ($item -is [System.Management.Automation.ErrorRecord]) {
                    $texts.Add($item.Exception.ToString())
                    $texts.Add([string]$item.ErrorDetails)
                    $texts.Add(($item.InvocationInfo | Out-String))
                    if ($null -ne $item.TargetObject) { $texts.Add((ConvertTo-Json -InputObject $item.TargetObject -Depth 8 -Compress)) }
                }
                elseif ($item -is [psobject] -and $item.PSObject.TypeNames -contains 'LightningSync.ServiceAccountResult') {
                    $texts.Add((ConvertTo-Json -InputObject $item -Depth 8 -Compress))
                }
                else {
                    $texts.Add(($item | Out-String))
                }
            }
            $all = $texts -join "`n"
            $all.Length | Should -BeGreaterThan 1000 -Because 'the streams were captured'
            $all | Should -Match 'VERBOSE|Step 1 of' -Because 'verbose output was captured'
            $all | Should -Match 'Calling New-Mailbox' -Because 'debug output was captured'
            $all | Should -Match 'LightningSync.ApplyFailed|failed at step' -Because 'the error was captured'
            $all.Contains($script:PasswordText) | Should -BeFalse
            for ($k = 0; $k -le $script:PasswordText.Length - 6; $k++) {
                $all.Contains($script:PasswordText.Substring($k, 6)) | Should -BeFalse -Because "no 6-character part of the password may appear (offset $k)"
            }
        }
    }
}

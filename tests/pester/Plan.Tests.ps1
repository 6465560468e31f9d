[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'Test password')]
param()

# Get-LightningSyncPlan, Export-LightningSyncScript, Export-LightningSyncOrgSnapshot and Test-LightningSyncServiceAccount
# against the Exchange emulator (tests/emulator): the plan matrix, hostile values in rendered commands, exported
# scripts that reach the desired state and change nothing when run again, and the audit.

BeforeDiscovery {
    $script:OnPremisesVersions = @('2010', '2013', '2016', '2019', 'SE')
    # Quotes of every kind (incl. U+2018, U+2019, U+201A, U+201B), subexpressions, variables, backticks, braces,
    # semicolons, pipes and line breaks.
    $script:HostileValues = @(
        @{ Label = 'apostrophe'; Value = "O'Neil" }
        @{ Label = 'typographic quotes'; Value = "$([char]0x2018)Sales$([char]0x2019) and $([char]0x201A)low$([char]0x201B)" }
        @{ Label = 'doubled quotes'; Value = "''" + "'" }
        @{ Label = 'double quotes'; Value = '"quoted" ""twice""' }
        @{ Label = 'subexpression'; Value = '$(Remove-Item -Recurse C:\)' }
        @{ Label = 'variable'; Value = '$env:USERNAME $null $true' }
        @{ Label = 'backticks'; Value = 'tick`n`0 `$x' }
        @{ Label = 'braces'; Value = '{ Get-Process }' }
        @{ Label = 'semicolon and pipe'; Value = 'a; Stop-Computer | Out-Null & b' }
        @{ Label = 'newlines'; Value = "first`r`nsecond`nthird" }
        @{ Label = 'everything'; Value = "'; `$(x) ``{`n}$([char]0x2019)`"@" }
    )
}

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force

    $script:Account = 'svc-sync@contoso.com'
    $script:SalesFilter = "Department -eq 'Sales'"
    $script:Password = ConvertTo-SecureString 'Zq7#Kx!v9@Lm2%Rw8^Tb' -AsPlainText -Force
    $script:EacObjectId = '6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1'
    $script:WorkDir = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-plan-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:WorkDir

    function Initialize-Org([string]$Version = '2019', [switch]$Dehydrated, [switch]$WithAccount) {
        Reset-ExchangeEmulator -Version $Version -Dehydrated:$Dehydrated
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
        if ($WithAccount) {
            Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName $script:Account -OrganizationalUnit 'contoso.com/Service Accounts'
        }
    }

    function Get-Actions($Plan) { @(foreach ($s in @($Plan.steps)) { [string]$s.action }) }

    function Get-NativeError([scriptblock]$Block) {
        try { & $Block; return $null } catch { return $_ }
    }

    # Runs an exported script the way an admin would: in a new scope, with the password given.
    function Invoke-ExportedScript([string]$Path) {
        if ((Get-Command -Name $Path).Parameters.ContainsKey('Password')) {
            & $Path -Password $script:Password
        }
        else {
            & $Path
        }
    }

    # The literal each parameter of the first call of $Cmdlet receives, from the parsed script.
    function Get-ParsedArgument([string]$Script, [string]$Cmdlet) {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Script, [ref]$tokens, [ref]$errors)
        $command = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq $Cmdlet }, $true) | Select-Object -First 1
        $result = [ordered]@{ Errors = @($errors); Arguments = @{}; Command = $command }
        if ($null -ne $command) {
            $elements = @($command.CommandElements)
            for ($i = 1; $i -lt $elements.Count; $i++) {
                $element = $elements[$i]
                if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                    $value = $element.Argument
                    if ($null -eq $value -and $i + 1 -lt $elements.Count -and -not ($elements[$i + 1] -is [System.Management.Automation.Language.CommandParameterAst])) {
                        $value = $elements[$i + 1]
                        $i++
                    }
                    $result.Arguments[$element.ParameterName] = $value
                }
            }
        }
        [pscustomobject]$result
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:WorkDir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Module ExchangeEmulator -ErrorAction SilentlyContinue
}

Describe 'Get-LightningSyncPlan: the plan matrix against the emulator' {
    It 'plans every step for a fresh Exchange <_> organization, in order, with explicit names' -ForEach $script:OnPremisesVersions {
        Initialize-Org $_
        $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -CreateMailbox
        $plan.PSObject.TypeNames | Should -Contain 'LightningSync.Plan'
        $plan.exchangeVersion | Should -Be $_
        $plan.converged | Should -BeFalse
        $actions = Get-Actions $plan
        $actions[0] | Should -Be 'CreateMailbox'
        $actions[-2] | Should -Be 'CreateScope'
        $actions[-1] | Should -Be 'CreateAssignment'
        $ad = @($actions | Where-Object { $_ -eq 'GrantAdPermission' }).Count
        if ($_ -eq '2010') { $ad | Should -Be 0 } else { $ad | Should -Be 4 }
        $plan.steps[-1].parameters.Name | Should -Be 'LightningSync-svc-sync-Impersonation'
        $plan.steps[-1].command | Should -Match "-CustomRecipientWriteScope 'LightningSync-svc-sync' -ErrorAction Stop -Confirm:\`$false$"
        $plan.steps[0].parameters.Password.secret | Should -Be 'Password'
        (Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'gives an empty, converged plan when everything is in place' {
        Initialize-Org '2019' -WithAccount
        Add-EmulatorManagementScope -Name 'LightningSync-svc-sync' -RecipientFilter $script:SalesFilter
        Add-EmulatorRoleAssignment -Name 'LightningSync-svc-sync-Impersonation' -Role 'ApplicationImpersonation' -Assignee 'svc-sync' -CustomRecipientWriteScope 'LightningSync-svc-sync'
        $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission
        $plan.converged | Should -BeTrue
        @($plan.steps).Count | Should -Be 0
    }

    It 'plans only what is missing in a half-done organization' {
        Initialize-Org '2019' -WithAccount
        Add-EmulatorManagementScope -Name 'LightningSync-svc-sync' -RecipientFilter $script:SalesFilter
        Add-EmulatorAdPermission -Identity 'EX01' -User 'svc-sync' -ExtendedRights 'ms-Exch-EPI-Impersonation'
        $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter
        Get-Actions $plan | Should -Be @('GrantAdPermission', 'GrantAdPermission', 'GrantAdPermission', 'CreateAssignment')
        @($plan.steps | ForEach-Object { $_.target }) | Should -Not -Contain 'EX01'
    }

    It 'fails naming both filters for a scope of that name with another filter, and updates it when asked' {
        Initialize-Org '2019' -WithAccount
        Add-EmulatorManagementScope -Name 'LightningSync-svc-sync' -RecipientFilter "Department -eq 'Marketing'"
        $err = Get-NativeError { Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'LightningSync.PlanConflict*'
        $err.Exception.Message | Should -Match 'Marketing'
        $err.Exception.Message | Should -Match 'Sales'
        $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -OnExistingScope Update
        Get-Actions $plan | Should -Be @('UpdateScope', 'CreateAssignment')
    }

    It 'reuses a scope that already has the same filter under another name' {
        Initialize-Org '2019' -WithAccount
        Add-EmulatorManagementScope -Name 'Sales mailboxes' -RecipientFilter "(Department -eq 'Sales')"
        $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission
        $plan.scopeName | Should -Be 'Sales mailboxes'
        Get-Actions $plan | Should -Be @('CreateAssignment')
        @($plan.findings.code) | Should -Contain 'ReusingSimilarScope'
    }

    It 'reports an unscoped ApplicationImpersonation grant of the same account as critical' {
        Initialize-Org '2019' -WithAccount
        Add-EmulatorRoleAssignment -Name 'ApplicationImpersonation-svc-sync' -Role 'ApplicationImpersonation' -Assignee 'svc-sync'
        $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission
        $plan.findings[0].code | Should -Be 'UnscopedImpersonation'
        $plan.findings[0].severity | Should -Be 'Critical'
        $plan.findings[0].PSObject.TypeNames | Should -Contain 'LightningSync.Finding'
        $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -RemoveUnscopedGrants
        Get-Actions $plan | Should -Be @('CreateScope', 'CreateAssignment', 'RemoveAssignment')
    }

    It 'refuses ApplicationImpersonation in Exchange Online and plans RBAC for Applications instead' {
        Initialize-Org 'Online'
        $err = Get-NativeError { Get-LightningSyncPlan -Account 'Salesforce EAC' -RecipientFilter $script:SalesFilter -Target OnPremises }
        $err.FullyQualifiedErrorId | Should -BeLike 'LightningSync.PlanRefused*'
        $err.Exception.Message | Should -Match 'retired'
        $plan = Get-LightningSyncPlan -Account 'Salesforce EAC' -RecipientFilter $script:SalesFilter -ServicePrincipalObjectId $script:EacObjectId
        $plan.target | Should -Be 'ExchangeOnline'
        Get-Actions $plan | Should -Be @('CreateServicePrincipal', 'CreateScope', 'CreateAssignment', 'CreateAssignment')
        $plan.steps[0].command | Should -Match "^New-ServicePrincipal -AppId 'c55d6177-918e-4745-96d3-1715194bc7e8' -ObjectId '$($script:EacObjectId)'"
        @($plan.steps[2..3] | ForEach-Object { $_.parameters.Role }) | Should -Be @('Application Calendars.ReadWrite', 'Application Contacts.ReadWrite')
        @($plan.steps[2..3] | ForEach-Object { $_.parameters.CustomResourceScope }) | Should -Be @('LightningSync-Salesforce EAC', 'LightningSync-Salesforce EAC')
        $plan.steps[2].parameters.App | Should -Be $script:EacObjectId
    }

    It 'enables organization customization first in a dehydrated tenant' {
        Initialize-Org 'Online' -Dehydrated
        $plan = Get-LightningSyncPlan -Account 'Salesforce EAC' -RecipientFilter $script:SalesFilter -ServicePrincipalObjectId $script:EacObjectId
        (Get-Actions $plan)[0] | Should -Be 'EnableOrganizationCustomization'
        $plan.steps[0].undo | Should -BeNullOrEmpty
    }

    It 'plans offline for a version, looping over materialised collections' {
        $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2016 -Account $script:Account -RecipientFilter $script:SalesFilter
        $plan.exchangeVersion | Should -Be '2016'
        $plan.steps[0].forEach | Should -Be 'ClientAccessServers'
        $plan.steps[0].command | Should -BeLike '$items = @(Get-ExchangeServer -ErrorAction Stop | Where-Object*'
    }

    It 'plans the same from a snapshot file as from the live session' {
        Initialize-Org 'SE' -WithAccount
        Add-EmulatorManagementScope -Name 'LightningSync-svc-sync' -RecipientFilter $script:SalesFilter
        $file = Export-LightningSyncOrgSnapshot -Path (Join-Path $script:WorkDir 'se.clixml') -Account $script:Account -IncludeRecipients -Force
        $file.Length | Should -BeGreaterThan 0
        $live = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter
        Reset-ExchangeEmulator -Version 2010
        $fromFile = Get-LightningSyncPlan -Snapshot $file.FullName -Account $script:Account -RecipientFilter $script:SalesFilter
        $fromFile.exchangeVersion | Should -Be 'SE'
        Get-Actions $fromFile | Should -Be (Get-Actions $live)
        @($fromFile.steps.command) | Should -Be @($live.steps.command)
    }

    It 'plans the removal: assignment, unused scope and AD rights, the mailbox only when asked' {
        Initialize-Org '2019' -WithAccount
        Add-EmulatorManagementScope -Name 'LightningSync-svc-sync' -RecipientFilter $script:SalesFilter
        Add-EmulatorRoleAssignment -Name 'LightningSync-svc-sync-Impersonation' -Role 'ApplicationImpersonation' -Assignee 'svc-sync' -CustomRecipientWriteScope 'LightningSync-svc-sync'
        Add-EmulatorAdPermission -Identity 'DB01' -User 'svc-sync' -ExtendedRights 'ms-Exch-EPI-May-Impersonate'
        $plan = Get-LightningSyncPlan -Account $script:Account -Removal
        $plan.kind | Should -Be 'Removal'
        Get-Actions $plan | Should -Be @('RemoveAssignment', 'RemoveScope', 'RemoveAdPermission')
        $plan = Get-LightningSyncPlan -Account $script:Account -Removal -RemoveMailbox
        (Get-Actions $plan)[-1] | Should -Be 'RemoveMailbox'
    }
}

Describe 'Rendered commands keep hostile values literal' {
    It 'parses the script and hands <Label> over as the same single-quoted literal' -ForEach $script:HostileValues {
        $value = $Value
        $plan = [ordered]@{
            kind = 'Setup'; target = 'OnPremises'; converged = $false; scopeName = $value; assignmentName = $value
            exchangeVersion = '2019'; findings = @(@{ severity = 'Info'; code = 'X'; message = $value; target = $value; fix = $value })
            steps = @(
                [ordered]@{
                    index = 1; action = 'CreateScope'; target = $value; reason = $value; cmdlet = 'New-ManagementScope'
                    parameters = [ordered]@{ Name = $value; RecipientRestrictionFilter = $value; DatabaseList = @($value, 'b') }
                    command = 'ignored'; undo = [ordered]@{ cmdlet = 'Remove-ManagementScope'; parameters = @{ Identity = $value } }
                    verify = [ordered]@{ cmdlet = 'Get-ManagementScope'; parameters = @{ Identity = $value } }
                }
            )
        }
        $json = ConvertTo-Json -InputObject $plan -Depth 8
        $script = [LightningSync.Interop.PlanNative]::RenderScript($json)
        $parsed = Get-ParsedArgument -Script $script -Cmdlet 'New-ManagementScope'
        $parsed.Errors.Count | Should -Be 0
        foreach ($name in @('Name', 'RecipientRestrictionFilter')) {
            $arg = $parsed.Arguments[$name]
            $arg | Should -BeOfType ([System.Management.Automation.Language.StringConstantExpressionAst])
            $arg.StringConstantType | Should -Be 'SingleQuoted'
            $arg.Value | Should -BeExactly $value
        }
        $list = $parsed.Arguments['DatabaseList']
        $list | Should -BeOfType ([System.Management.Automation.Language.ArrayLiteralAst])
        $list.Elements[0].Value | Should -BeExactly $value
        $parsed.Arguments['ErrorAction'].Value | Should -Be 'Stop'
        # The guard reads the same literal.
        $read = Get-ParsedArgument -Script $script -Cmdlet 'Get-ManagementScope'
        $read.Arguments['Identity'].Value | Should -BeExactly $value
        # Only the expected commands exist: comments and literals never became code.
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($script, [ref]$tokens, [ref]$errors)
        $names = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Sort-Object -Unique)
        $names | Should -Not -Contain 'Remove-Item'
        $names | Should -Not -Contain 'Stop-Computer'
        $names | Should -Not -Contain 'Get-Process'
        @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.SubExpressionAst] }, $true) | Where-Object { $_.Extent.Text -like '*Remove-Item*' }).Count | Should -Be 0
    }

    It 'plans and renders commands for a scope named with <Label> that parse back to the same name' -ForEach ($script:HostileValues | Where-Object { $_.Value -notmatch "[`r`n]" }) {
        $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -RecipientFilter $script:SalesFilter -ScopeName $Value -AssignmentName $Value -SkipLegacyAdPermission
        foreach ($step in @($plan.steps)) {
            $parsed = Get-ParsedArgument -Script $step.command -Cmdlet $step.cmdlet
            $parsed.Errors.Count | Should -Be 0
            foreach ($p in @($step.parameters.PSObject.Properties)) {
                if ($p.Value -is [string]) { $parsed.Arguments[$p.Name].Value | Should -BeExactly $p.Value }
            }
        }
        $plan.steps[1].parameters.CustomRecipientWriteScope | Should -BeExactly $Value
    }
}

Describe 'Export-LightningSyncScript: scripts that reach the desired state and can be run again' {
    It 'writes a commented UTF-8 script with a BOM and supports -WhatIf' {
        $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -RecipientFilter $script:SalesFilter -CreateMailbox
        $path = Join-Path $script:WorkDir 'whatif.ps1'
        Export-LightningSyncScript -Plan $plan -Path $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
        $file = $plan | Export-LightningSyncScript -Path $path -PassThru
        $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
        $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
        $text = [System.IO.File]::ReadAllText($file.FullName)
        $text | Should -Match '# ---- Step 1 of'
        $text | Should -Match '\[System\.Management\.Automation\.SecureString\]|\[System\.Security\.SecureString\] \$Password'
        { Export-LightningSyncScript -Plan $plan -Path $path } | Should -Throw -ErrorId 'LightningSync.ScriptFileExists*'
    }

    It 'runs a live plan''s script on a fresh Exchange <_> organization to the desired state; a second run writes nothing' -ForEach @('2010', '2019', 'SE') {
        Initialize-Org $_
        $path = Join-Path $script:WorkDir "live-$_.ps1"
        Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -CreateMailbox | Export-LightningSyncScript -Path $path -Force
        Clear-EmulatorCallLog
        Invoke-ExportedScript $path
        (Get-EmulatorCallLog -WriteOnly).Count | Should -BeGreaterThan 0
        $after = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter
        $after.converged | Should -BeTrue
        $state = Get-EmulatorState
        Clear-EmulatorCallLog
        Invoke-ExportedScript $path
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
        Get-EmulatorState | Should -Be $state
    }

    It 'runs an offline plan''s script (materialised loops, no concurrent pipelines) to the desired state' {
        Initialize-Org '2019' -WithAccount
        $path = Join-Path $script:WorkDir 'offline.ps1'
        Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -RecipientFilter $script:SalesFilter | Export-LightningSyncScript -Path $path -Force
        Invoke-ExportedScript $path
        (Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter).converged | Should -BeTrue
        Clear-EmulatorCallLog
        Invoke-ExportedScript $path
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'runs an Exchange Online script in a dehydrated tenant to the desired state; a second run writes nothing' {
        Initialize-Org 'Online' -Dehydrated
        $path = Join-Path $script:WorkDir 'online.ps1'
        Get-LightningSyncPlan -Account 'Salesforce EAC' -RecipientFilter $script:SalesFilter -ServicePrincipalObjectId $script:EacObjectId | Export-LightningSyncScript -Path $path -Force
        Invoke-ExportedScript $path
        (Get-LightningSyncPlan -Account 'Salesforce EAC' -RecipientFilter $script:SalesFilter).converged | Should -BeTrue
        Clear-EmulatorCallLog
        Invoke-ExportedScript $path
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'creates a scope and an assignment whose names hold quotes of every kind, exactly' {
        Initialize-Org '2019' -WithAccount
        $name = "Sales $([char]0x2018)O'Neil$([char]0x2019) `$(x) ``y"
        $path = Join-Path $script:WorkDir 'hostile.ps1'
        Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter -ScopeName $name -AssignmentName $name -SkipLegacyAdPermission | Export-LightningSyncScript -Path $path -Force
        Invoke-ExportedScript $path
        $state = Get-EmulatorState -AsObject
        @($state.Scopes.Name) | Should -Contain $name
        @($state.RoleAssignments | Where-Object { $_.Name -ceq $name }).Count | Should -Be 1
        Clear-EmulatorCallLog
        Invoke-ExportedScript $path
        @(Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'runs a removal script back to the original organization' {
        Initialize-Org '2019' -WithAccount
        $before = Get-EmulatorState
        $setup = Join-Path $script:WorkDir 'setup.ps1'
        Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter | Export-LightningSyncScript -Path $setup -Force
        Invoke-ExportedScript $setup
        $removal = Join-Path $script:WorkDir 'removal.ps1'
        Get-LightningSyncPlan -Account $script:Account -Removal | Export-LightningSyncScript -Path $removal -Force
        Invoke-ExportedScript $removal
        (Get-LightningSyncPlan -Account $script:Account -Removal).converged | Should -BeTrue
        Get-EmulatorState | Should -Be $before
    }

    It 'undoes, newest first, what a <Kind> plan''s script changed in this run when a later step fails, and says what it undid' -ForEach @(
        @{ Kind = 'live'; Offline = $false; Failing = 'New-ManagementRoleAssignment' }
        @{ Kind = 'offline'; Offline = $true; Failing = 'New-ManagementRoleAssignment' }
    ) {
        Initialize-Org '2019' -WithAccount
        # One grant of the legacy right is there already: the script skips it and must leave it.
        $server = @(Get-ExchangeServer)[0]
        Add-ADPermission -Identity $server.DistinguishedName -User 'CONTOSO\svc-sync' -ExtendedRights 'ms-Exch-EPI-Impersonation' | Out-Null
        $before = Get-EmulatorState
        $path = Join-Path $script:WorkDir "undo-$Kind.ps1"
        if ($Offline) { $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -RecipientFilter $script:SalesFilter }
        else { $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter $script:SalesFilter }
        $plan | Export-LightningSyncScript -Path $path -Force
        Set-EmulatorFault -Cmdlet $Failing -Message 'Access is denied.' -Count 5
        Clear-EmulatorCallLog
        $problem = $null
        $said = @()
        try { Invoke-ExportedScript $path 3>&1 | ForEach-Object { $said += [string]$_ } } catch { $problem = $_ }
        Clear-EmulatorFault
        $problem | Should -Not -BeNullOrEmpty -Because 'the failed step still ends the script with its error'
        $problem.Exception.Message | Should -BeLike '*Access is denied*'
        Get-EmulatorState | Should -Be $before -Because 'the scope and the grants this run made are taken back'
        $writes = @(Get-EmulatorCallLog -WriteOnly | Where-Object Outcome -eq 'Succeeded' | ForEach-Object Cmdlet)
        $writes | Should -Contain 'New-ManagementScope'
        $writes | Should -Contain 'Remove-ManagementScope'
        # The grants are made before the scope, so newest first undoes the scope before the grants.
        $made = @($writes | Where-Object { $_ -in 'New-ManagementScope', 'Add-ADPermission' })
        $undone = @($writes | Where-Object { $_ -in 'Remove-ManagementScope', 'Remove-ADPermission' })
        $undone.Count | Should -Be $made.Count
        [array]::Reverse($made)
        $undone | Should -Be @($made -replace '^New-', 'Remove-' -replace '^Add-', 'Remove-') -Because "the undo runs newest first: $($writes -join ', ')"
        @($said | Where-Object { $_ -like 'Undone: step *' }).Count | Should -BeGreaterThan 0
        @($said | Where-Object { $_ -like 'The script stopped:*Undoing the * change(s) this run made*' }).Count | Should -Be 1
    }
}

Describe 'Test-LightningSyncServiceAccount: the audit' {
    It 'finds the unscoped grant, the account without mailbox and the orphaned scope' {
        Initialize-Org '2019'
        Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName $script:Account -RecipientTypeDetails 'User'
        Add-EmulatorRoleAssignment -Name 'ApplicationImpersonation-svc-sync' -Role 'ApplicationImpersonation' -Assignee 'svc-sync'
        Add-EmulatorManagementScope -Name 'Nobody uses me' -RecipientFilter "Department -eq 'HR'"
        $findings = @(Test-LightningSyncServiceAccount -Account $script:Account)
        $findings[0].PSObject.TypeNames | Should -Contain 'LightningSync.Finding'
        $findings[0].Severity | Should -Be 'Critical'
        $findings[0].Code | Should -Be 'UnscopedImpersonation'
        @($findings.Code) | Should -Contain 'AccountWithoutMailbox'
        @($findings | Where-Object { $_.Code -eq 'OrphanedScope' }).Target | Should -Be 'Nobody uses me'
        (Get-EmulatorCallLog -WriteOnly).Count | Should -Be 0
    }

    It 'says whom each assignment covers, live and from a snapshot with recipients' {
        Initialize-Org '2019' -WithAccount
        Add-EmulatorManagementScope -Name 'Sales' -RecipientFilter $script:SalesFilter
        Add-EmulatorRoleAssignment -Name 'Sync' -Role 'ApplicationImpersonation' -Assignee 'svc-sync' -CustomRecipientWriteScope 'Sales'
        $live = @(Test-LightningSyncServiceAccount -Account $script:Account -Coverage)
        $row = $live | Where-Object { $_.Assignment -eq 'Sync' }
        $row.PSObject.TypeNames | Should -Contain 'LightningSync.ImpersonationCoverage'
        $row.Reach | Should -Be 'Scope'
        $row.CoveredCount | Should -Be 1
        $row.Covered[0] | Should -Match 'Alice'
        $row.IsServiceAccount | Should -BeTrue
        $file = Export-LightningSyncOrgSnapshot -Path (Join-Path $script:WorkDir 'audit.clixml') -Account $script:Account -IncludeRecipients -Force
        $offline = @(Test-LightningSyncServiceAccount -Snapshot $file.FullName -Account $script:Account -Coverage) | Where-Object { $_.Assignment -eq 'Sync' }
        $offline.CoveredCount | Should -Be 1
    }

    It 'flags the retired role in Exchange Online' {
        Initialize-Org 'Online'
        Add-EmulatorRoleAssignment -Name 'Old impersonation' -Role 'ApplicationImpersonation' -Assignee 'Organization Management' -AssigneeType RoleGroup
        $findings = @(Test-LightningSyncServiceAccount -Account 'Salesforce EAC')
        @($findings | Where-Object { $_.Code -eq 'RetiredRoleInExchangeOnline' }).Count | Should -Be 1
    }

    It 'needs a credential and an EWS URL for -VerifyEws' {
        Initialize-Org '2019' -WithAccount
        { Test-LightningSyncServiceAccount -Account $script:Account -VerifyEws } | Should -Throw -ErrorId 'LightningSync.VerifyEwsArguments*'
    }
}

# Issue 13 item 15: one output convention. PascalCase properties on every
# output object, one LightningSync.Finding shape for plans and audits, plans
# without a property repeating their JSON, a default view for every type.
BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force
    $script:ModuleRoot = Split-Path -Parent $env:LIGHTNINGSYNC_MODULE_MANIFEST
    $script:Account = 'svc-sync@contoso.com'

    function Get-BadNames([object] $InputObject) {
        # Property names that are not PascalCase, on the object and on every
        # object one level down (steps, findings...).
        $bad = @()
        foreach ($property in @($InputObject.PSObject.Properties)) {
            if ($property.Name -cnotmatch '^[A-Z][A-Za-z0-9]*$') { $bad += $property.Name }
        }
        $bad
    }

    # Every type the module writes: the public classes of the assembly's
    # LightningSync namespace and each PSTypeName the scripts give.
    $assembly = [System.Reflection.Assembly]::LoadFrom((Join-Path $script:ModuleRoot 'LightningSync.Interop.dll'))
    $script:OutputTypes = @($assembly.GetExportedTypes() | Where-Object { $_.Namespace -eq 'LightningSync' } | ForEach-Object FullName)
    foreach ($file in Get-ChildItem -Path $script:ModuleRoot -Recurse -Filter '*.ps1') {
        foreach ($m in [regex]::Matches((Get-Content -Raw -Path $file.FullName), "PSTypeName\s*=\s*'(LightningSync\.[A-Za-z]+)'")) {
            $script:OutputTypes += $m.Groups[1].Value
        }
    }
    $script:OutputTypes = @($script:OutputTypes | Sort-Object -Unique)
    $format = [xml](Get-Content -Raw -Path (Join-Path $script:ModuleRoot 'LightningSync.format.ps1xml'))
    $script:ViewTypes = @($format.Configuration.ViewDefinitions.View | ForEach-Object { $_.ViewSelectedBy.TypeName })
}

Describe 'Default views' {
    It 'exist for every output type (<_>)' -ForEach @(
        # Discovery-time list of the same types, so each gets its own test.
        & {
            $root = Split-Path -Parent $env:LIGHTNINGSYNC_MODULE_MANIFEST
            $names = @([System.Reflection.Assembly]::LoadFrom((Join-Path $root 'LightningSync.Interop.dll')).GetExportedTypes() |
                Where-Object { $_.Namespace -eq 'LightningSync' } | ForEach-Object FullName)
            foreach ($file in Get-ChildItem -Path $root -Recurse -Filter '*.ps1') {
                foreach ($m in [regex]::Matches((Get-Content -Raw -Path $file.FullName), "PSTypeName\s*=\s*'(LightningSync\.[A-Za-z]+)'")) { $names += $m.Groups[1].Value }
            }
            @($names | Sort-Object -Unique)
        }) {
        $script:ViewTypes | Should -Contain $_
    }

    It 'show Get-LightningSyncFilterableProperty as a table' {
        $view = Get-FormatData -TypeName 'LightningSync.FilterableProperty'
        $view | Should -Not -BeNullOrEmpty
        $view.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
        $lines = @((Get-LightningSyncFilterableProperty -Name Department, Office | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Name\s+Type\s+MultiValued\s+Wildcards\s+Notes'
        $lines.Count | Should -Be 4
    }
}

Describe 'Plans' {
    BeforeAll {
        $script:Plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:Account -RecipientFilter "Department -eq 'Sales'"
    }

    It 'have PascalCase properties, steps and findings' {
        Get-BadNames $script:Plan | Should -BeNullOrEmpty
        $script:Plan.Steps.Count | Should -BeGreaterThan 0
        foreach ($step in $script:Plan.Steps) {
            Get-BadNames $step | Should -BeNullOrEmpty
            $step.PSObject.TypeNames | Should -Contain 'LightningSync.PlanStep'
            if ($null -ne $step.Undo) { Get-BadNames $step.Undo | Should -BeNullOrEmpty }
            if ($null -ne $step.Verify) { Get-BadNames $step.Verify | Should -BeNullOrEmpty }
        }
        foreach ($finding in $script:Plan.Findings) { Get-BadNames $finding | Should -BeNullOrEmpty }
    }

    It 'do not repeat their JSON in a property, and still export as a script' {
        $script:Plan.PSObject.Properties.Name | Should -Not -Contain 'Json'
        ($script:Plan | Format-List | Out-String) | Should -Not -Match '"steps"'
        $path = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-shape-' + [guid]::NewGuid().ToString('N') + '.ps1')
        try {
            $script:Plan | Export-LightningSyncScript -Path $path -Force
            Get-Content -Raw -Path $path | Should -Match 'New-ManagementScope'
        }
        finally { Remove-Item -LiteralPath $path -ErrorAction Ignore }
    }
}

Describe 'Findings' {
    It 'have one shape for plans and audits' {
        Reset-ExchangeEmulator -Version 2019
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName $script:Account -RecipientTypeDetails 'User'
        Add-EmulatorRoleAssignment -Name 'ApplicationImpersonation-svc-sync' -Role 'ApplicationImpersonation' -Assignee 'svc-sync'
        $plan = Get-LightningSyncPlan -Account $script:Account -RecipientFilter "Department -eq 'Sales'" -SkipLegacyAdPermission
        $audit = @(Test-LightningSyncServiceAccount -Account $script:Account)
        $planFinding = @($plan.Findings)[0]
        $planFinding | Should -Not -BeNullOrEmpty
        $audit.Count | Should -BeGreaterThan 0
        $planFinding.GetType().FullName | Should -Be 'LightningSync.Finding'
        $audit[0].GetType().FullName | Should -Be 'LightningSync.Finding'
        @($planFinding.PSObject.Properties.Name) | Should -Be @($audit[0].PSObject.Properties.Name)
        Get-BadNames $planFinding | Should -BeNullOrEmpty
    }
}

# The acceptance suite covers every exported parameter set: the sets come from
# Get-Command on the staged module, the covered ones from the names of the
# acceptance tests ("<Cmdlet>/<ParameterSet>: ..."), read from the test files
# themselves. A new cmdlet or parameter set without an acceptance test fails here;
# the compiled cmdlets (LightningSync.Interop.dll) count as the script ones do.

BeforeDiscovery {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    $script:ExportedSets = @(Get-Command -Module LightningSync -CommandType Function, Cmdlet | Sort-Object Name | ForEach-Object {
            $command = $_
            foreach ($set in $command.ParameterSets) { @{ Command = $command.Name; Set = $set.Name; Key = "$($command.Name)/$($set.Name)" } }
        })
}

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force

    # "<Cmdlet>/<ParameterSet>" of every It in the acceptance files, from their syntax tree.
    function Get-CoveredParameterSet {
        $files = Get-ChildItem -Path $PSScriptRoot -Filter 'Acceptance.*.Tests.ps1' | Where-Object Name -ne 'Acceptance.Coverage.Tests.ps1'
        foreach ($file in $files) {
            $tokens = $null
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$tokens, [ref]$errors)
            $calls = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'It' }, $true)
            foreach ($call in $calls) {
                $name = $call.CommandElements | Select-Object -Skip 1 | Where-Object { $_ -is [System.Management.Automation.Language.StringConstantExpressionAst] } | Select-Object -First 1
                if ($null -ne $name -and $name.Value -match '^(?<key>[A-Za-z]+-LightningSync[A-Za-z]+/[A-Za-z_]+):') { $Matches.key }
            }
        }
    }
    $script:Covered = @(Get-CoveredParameterSet | Sort-Object -Unique)
}

Describe 'Acceptance coverage of the exported parameter sets' {
    It 'has an acceptance test for <Key>' -ForEach $script:ExportedSets {
        $script:Covered | Should -Contain $Key -Because 'every exported parameter set is called in Acceptance.*.Tests.ps1 by a test named "<Cmdlet>/<ParameterSet>: ..."'
    }

    It 'names only parameter sets that exist' {
        $exported = @(Get-Command -Module LightningSync -CommandType Function, Cmdlet | ForEach-Object { $c = $_; $c.ParameterSets | ForEach-Object { "$($c.Name)/$($_.Name)" } })
        @($script:Covered | Where-Object { $exported -notcontains $_ }) | Should -BeNullOrEmpty
    }

    It 'counts the exported parameter sets and the covered ones' {
        $exported = @(Get-Command -Module LightningSync -CommandType Function, Cmdlet | ForEach-Object { $c = $_; $c.ParameterSets | ForEach-Object { "$($c.Name)/$($_.Name)" } })
        Write-Information -MessageData "acceptance: $(@($exported | Where-Object { $script:Covered -contains $_ }).Count) of $($exported.Count) exported parameter sets covered" -InformationAction Continue
        $exported.Count | Should -BeGreaterThan 0
    }
}

# The module's source layout: one function per script file, the file named after it, and
# every LightningSync function the module calls defined once imported, so a renamed or
# missing Private file makes these tests fail (never skip).
BeforeDiscovery {
    $script:SourceRoot = Join-Path $PSScriptRoot '../../powershell/LightningSync'
    $script:ScriptFiles = @(Get-ChildItem -Path (Join-Path $script:SourceRoot 'Private'), (Join-Path $script:SourceRoot 'Public') -Filter '*.ps1' -Recurse |
            Sort-Object FullName | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    $script:SourceRoot = Join-Path $PSScriptRoot '../../powershell/LightningSync'

    # The top-level statements of a script file.
    function Get-TopLevelStatement([string] $Path) {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        @($errors).Count | Should -Be 0 -Because "$Path must parse"
        @($ast.EndBlock.Statements)
    }
}

Describe 'Script files' {
    It 'finds the module''s script files' {
        $files = @(Get-ChildItem -Path (Join-Path $script:SourceRoot 'Private'), (Join-Path $script:SourceRoot 'Public') -Filter '*.ps1' -Recurse)
        $files.Count | Should -BeGreaterThan 40
    }

    It '<Name> defines one function, named after the file' -ForEach $script:ScriptFiles {
        $functions = @(Get-TopLevelStatement $Path | Where-Object { $_ -is [System.Management.Automation.Language.FunctionDefinitionAst] })
        @($functions | ForEach-Object Name) | Should -Be @([System.IO.Path]::GetFileNameWithoutExtension($Name))
        $nested = @($functions[0].Body.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true))
        $nested.Count | Should -Be 0 -Because 'a helper function gets its own file'
    }
}

Describe 'Functions the module calls' {
    It 'are all defined in the imported module' {
        $files = @(Get-ChildItem -Path $script:SourceRoot -Filter '*.ps1' -Recurse) + @(Get-Item (Join-Path $script:SourceRoot 'LightningSync.psm1'))
        $called = @(foreach ($file in $files) {
                $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
                $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true) |
                    ForEach-Object { $_.GetCommandName() } | Where-Object { $_ -like '*-LightningSync*' }
            }) | Sort-Object -Unique
        @($called).Count | Should -BeGreaterThan 40
        # Resolved where the module's own code runs: its private functions (defined
        # when a public function first runs) and compiled cmdlets.
        $null = Get-LightningSyncFilterableProperty -Name 'Department'
        $missing = & (Get-Module LightningSync) { param($Names) @($Names | Where-Object { -not (Get-Command -Name $_ -ErrorAction Ignore) }) } $called
        @($missing) | Should -BeNullOrEmpty
    }
}

Describe 'Public functions' {
    BeforeDiscovery {
        $script:PublicFiles = @(Get-ChildItem -Path (Join-Path $PSScriptRoot '../../powershell/LightningSync/Public') -Filter '*.ps1' -Recurse |
                Sort-Object FullName | ForEach-Object { @{ Name = $_.BaseName; Path = $_.FullName } })
    }

    # The staged module defines its private functions when a public function
    # first runs (Import-LightningSyncPrivateFunction), and the import runs no
    # command, so each public function sets strict mode for what it calls. A
    # public function that did not start so would fail in a fresh shell, or
    # run its helpers without strict mode.
    It '<Name> calls Import-LightningSyncPrivateFunction and sets strict mode before anything else' -ForEach $script:PublicFiles {
        $function = @(Get-TopLevelStatement $Path)[0]
        $body = $function.Body
        @($body.DynamicParamBlock) | Should -BeNullOrEmpty -Because 'a dynamicparam block would run before the loader'
        $first = if ($body.BeginBlock) { $body.BeginBlock } elseif ($body.ProcessBlock) { $body.ProcessBlock } else { $body.EndBlock }
        $body.ProcessBlock -and -not $body.BeginBlock | Should -BeFalse -Because 'the loader belongs in a begin block, which runs once'
        @($first.Statements)[0].Extent.Text | Should -BeExactly 'Import-LightningSyncPrivateFunction'
        @($first.Statements)[1].Extent.Text | Should -BeExactly 'Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0'
    }
}

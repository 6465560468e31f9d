# The staged module is built from the source by build.ps1: every script of
# powershell/LightningSync/{Private,Public} inlined into one LightningSync.psm1
# without comments (tools/Join-LightningSyncModuleScript.ps1), and the public
# functions' comment-based help written as MAML
# (tools/Export-LightningSyncFunctionHelp.ps1). Nothing may be lost on the way.
BeforeAll {
    $script:Manifest = $env:LIGHTNINGSYNC_MODULE_MANIFEST
    $script:Stage = Split-Path -Parent $script:Manifest
    $script:Source = (Resolve-Path (Join-Path $PSScriptRoot '../../powershell/LightningSync')).ProviderPath
    $script:Join = Join-Path $PSScriptRoot '../../tools/Join-LightningSyncModuleScript.ps1'
    Import-Module $script:Manifest -Force

    function Get-DefinedFunction([string] $Path) {
        # Names of the functions a script file defines.
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $null, [ref] $null)
        @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | ForEach-Object Name)
    }

    function Invoke-ChildShell([string] $Command) {
        $shell = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
        if ($PSVersionTable.PSEdition -eq 'Desktop') { $shell = Join-Path $PSHOME 'powershell.exe' }
        (& $shell -NoProfile -NonInteractive -Command $Command 2>&1 | ForEach-Object { "$_" }) -join "`n"
    }
}

Describe 'The staged LightningSync.psm1' {
    It 'defines every function of the source scripts' {
        $expected = @(Get-ChildItem -Path (Join-Path $script:Source 'Private'), (Join-Path $script:Source 'Public') -Filter '*.ps1' -Recurse |
                ForEach-Object { Get-DefinedFunction $_.FullName } | Sort-Object -Unique)
        $expected.Count | Should -BeGreaterThan 20
        $defined = @(& (Get-Module LightningSync) { Get-ChildItem -Path function: | ForEach-Object Name })
        foreach ($name in $expected) { $defined | Should -Contain $name -Because "$name is defined in the source module" }
    }

    It 'is one file: no per-function scripts are staged' {
        Test-Path (Join-Path $script:Stage 'Private') | Should -BeFalse
        Test-Path (Join-Path $script:Stage 'Public') | Should -BeFalse
        $psm1 = Get-Content -Raw -Path (Join-Path $script:Stage 'LightningSync.psm1')
        $psm1 | Should -Match '(?m)^#region module scripts \(inlined'
        $psm1 | Should -Not -Match '(?m)^\s*\. \$file\.FullName'
    }

    It 'carries no comments but the .ExternalHelp lines of the public functions' {
        $tokens = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $script:Stage 'LightningSync.psm1'), [ref] $tokens, [ref] $null)
        $comments = @($tokens | Where-Object { $_.Kind -eq 'Comment' } | ForEach-Object Text)
        # Inside the inlined region only the file markers and the .ExternalHelp lines stay.
        $start = [array]::FindIndex($comments, [Predicate[string]] { param($text) $text -like '#region module scripts*' })
        $end = [array]::FindIndex($comments, [Predicate[string]] { param($text) $text -like '#endregion module scripts*' })
        $start | Should -BeGreaterOrEqual 0
        $end | Should -BeGreaterThan $start
        $inlined = @($comments[($start + 1)..($end - 1)] | Where-Object { $_ -notlike '# --- *' })
        @($inlined | Where-Object { $_ -ne '# .ExternalHelp LightningSync.psm1-help.xml' }) | Should -BeNullOrEmpty
        $inlined.Count | Should -Be @(Get-ChildItem -Path (Join-Path $script:Source 'Public') -Filter '*.ps1' -Recurse).Count
    }

    It 'shows, for every public function, the help the source comments give' {
        # A copy of the stage that loads the source scripts as they are (the
        # source .psm1 dot-sources Private/ and Public/), against the stage.
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-help-' + [guid]::NewGuid().ToString('n'))
        Copy-Item -Path $script:Stage -Destination $copy -Recurse
        try {
            Copy-Item -Path (Join-Path $script:Source 'LightningSync.psm1'), (Join-Path $script:Source 'Private'), (Join-Path $script:Source 'Public') -Destination $copy -Recurse -Force
            Remove-Item -Path (Join-Path $copy 'en-US/LightningSync.psm1-help.xml')
            $dump = 'foreach ($c in Get-Command -Module LightningSync -CommandType Function | Sort-Object Name) { "##### $($c.Name)"; (Get-Help $c.Name -Full | Out-String -Width 120) -replace ''(?m)[ \t]+$'', '''' }'
            $fromComments = Invoke-ChildShell "Import-Module '$copy/LightningSync.psd1'; $dump"
            $fromMaml = Invoke-ChildShell "Import-Module '$script:Manifest'; $dump"
            $fromComments | Should -Match '##### New-LightningSyncServiceAccount'
            $fromComments | Should -Match 'EXAMPLE 1'
            $fromMaml | Should -BeExactly $fromComments
        }
        finally {
            Remove-Item -Recurse -Force $copy
        }
    }
}

Describe 'The staged help in another UI culture' {
    It 'still shows the en-US help of script and compiled cmdlets (a de-DE Exchange server)' {
        $text = Invoke-ChildShell "[System.Globalization.CultureInfo]::CurrentUICulture = 'de-DE'; Import-Module '$script:Manifest'; (Get-Help New-LightningSyncServiceAccount).Synopsis; (Get-Help Test-LightningSyncRecipientFilter).Synopsis"
        $text | Should -Match 'Sets up the Exchange service account'
        $text | Should -Match 'Checks an OPATH recipient filter offline'
    }
}

Describe 'tools/Join-LightningSyncModuleScript.ps1' {
    BeforeAll {
        $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-join-' + [guid]::NewGuid().ToString('n'))
        $module = Join-Path $script:Work 'LightningSync'
        New-Item -ItemType Directory -Force -Path (Join-Path $module 'Private/Area'), (Join-Path $module 'Public') | Out-Null
        Set-Content -Path (Join-Path $module 'LightningSync.psm1') -Value @(
            '# root comment stays'
            '#region module scripts'
            '. $somewhere'
            '#endregion module scripts'
            'Export-ModuleMember -Function $publicFunctions')
        Set-Content -Path (Join-Path $module 'Private/Area/Get-Hash.ps1') -Value @(
            'function Get-Hash {'
            '    # a comment to drop'
            "    '# not a comment', `"#also text`" <# block to drop #>"
            '    @"'
            '<# here-string text #> # kept'
            ''
            '    indented line after a blank one'
            '"@'
            '}')
        Set-Content -Path (Join-Path $module 'Public/Get-Thing.ps1') -Value @(
            'function Get-Thing {'
            '    <#'
            '    .SYNOPSIS'
            '    Gets a thing.'
            '    .EXAMPLE'
            '    PS> Get-Thing'
            ''
            '    The remark after a blank line.'
            '    #>'
            '    [CmdletBinding()] param() # trailing comment'
            '    Get-Hash'
            '}')
        $script:ModuleFolder = $module
    }
    AfterAll { Remove-Item -Recurse -Force $script:Work }

    It 'inlines every script, drops comments, never touches strings, and keeps public help' {
        $out = Join-Path $script:Work 'joined.psm1'
        & $script:Join -SourceModule $script:ModuleFolder -Destination $out | Out-Null
        $text = Get-Content -Raw -Path $out
        $text | Should -Match '# root comment stays'
        $text | Should -Match '# --- Private/Area/Get-Hash\.ps1'
        $text | Should -Not -Match 'a comment to drop|block to drop|trailing comment'
        $text | Should -Match ([regex]::Escape("'# not a comment', `"#also text`""))
        $text | Should -Match ([regex]::Escape("<# here-string text #> # kept`n`n    indented line after a blank one`n`"@"))
        $text | Should -Match ([regex]::Escape("PS> Get-Thing`n`n    The remark after a blank line."))
        $text | Should -Match '\.SYNOPSIS'
        $text | Should -Match ([regex]::Escape("`$publicFunctions = @('Get-Thing')"))
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref] $null, [ref] $errors)
        $errors.Count | Should -Be 0
    }

    It 'replaces public help by an .ExternalHelp line when given a help file' {
        $out = Join-Path $script:Work 'external.psm1'
        & $script:Join -SourceModule $script:ModuleFolder -Destination $out -ExternalHelp 'X-help.xml' | Out-Null
        $text = Get-Content -Raw -Path $out
        $text | Should -Not -Match '\.SYNOPSIS'
        $text | Should -Match '(?m)^\s*# \.ExternalHelp X-help\.xml'
    }

    It 'refuses a script with a statement only allowed at the top of a file, naming it' {
        $bad = Join-Path $script:ModuleFolder 'Private/Bad.ps1'
        Set-Content -Path $bad -Value @('using namespace System.Text', 'function Bad { }')
        try {
            { & $script:Join -SourceModule $script:ModuleFolder -Destination (Join-Path $script:Work 'bad.psm1') } |
                Should -Throw -ExpectedMessage '*Private/Bad.ps1*using*'
        }
        finally { Remove-Item $bad }
    }
}

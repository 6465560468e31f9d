# The staged module is built from the source by build.ps1: the public functions
# of powershell/LightningSync/Public inlined into LightningSync.psm1 and the
# private ones into LightningSync.Private.ps1, which the first public call
# defines, both without comments (tools/Join-LightningSyncModuleScript.ps1), and
# the public functions' comment-based help written as MAML
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

Describe 'The staged LightningSync.psm1 and LightningSync.Private.ps1' {
    BeforeAll {
        $script:Psm1 = Join-Path $script:Stage 'LightningSync.psm1'
        $script:PrivateScript = Join-Path $script:Stage 'LightningSync.Private.ps1'
        $script:PublicNames = @(Get-ChildItem -Path (Join-Path $script:Source 'Public') -Filter '*.ps1' -Recurse | ForEach-Object BaseName)
        $script:PrivateNames = @(Get-ChildItem -Path (Join-Path $script:Source 'Private') -Filter '*.ps1' -Recurse | ForEach-Object BaseName)
    }

    It 'defines every function of the source scripts once a public function has run' {
        $expected = @(Get-ChildItem -Path (Join-Path $script:Source 'Private'), (Join-Path $script:Source 'Public') -Filter '*.ps1' -Recurse |
                ForEach-Object { Get-DefinedFunction $_.FullName } | Sort-Object -Unique)
        $expected.Count | Should -BeGreaterThan 20
        Import-Module $script:Manifest -Force
        $null = ConvertTo-LightningSyncRecipientFilter -Department 'Sales'
        $defined = @(& (Get-Module LightningSync) { Get-ChildItem -Path function: | ForEach-Object Name })
        foreach ($name in $expected) { $defined | Should -Contain $name -Because "$name is defined in the source module" }
    }

    It 'keeps the public functions and the loader in the .psm1, every other private function in LightningSync.Private.ps1' {
        $inPsm1 = @(Get-DefinedFunction $script:Psm1 | Sort-Object)
        $inPsm1 | Should -Be @(@($script:PublicNames) + 'Import-LightningSyncPrivateFunction' | Sort-Object)
        $inPrivate = @(Get-DefinedFunction $script:PrivateScript | ForEach-Object { $_ -replace '^script:', '' } | Sort-Object)
        $inPrivate | Should -Be @($script:PrivateNames | Where-Object { $_ -ne 'Import-LightningSyncPrivateFunction' } | Sort-Object)
        @(Get-DefinedFunction $script:PrivateScript | Where-Object { $_ -notlike 'script:*' }) | Should -BeNullOrEmpty -Because 'dot-sourced from a function, only script: functions reach the module scope'
        Test-Path (Join-Path $script:Stage 'Private') | Should -BeFalse
        Test-Path (Join-Path $script:Stage 'Public') | Should -BeFalse
        Get-Content -Raw -Path $script:Psm1 | Should -Not -Match '(?m)^\s*\. \$file\.FullName'
    }

    It 'keeps only the parameters of each public function in the .psm1, and its bodies in LightningSync.Private.ps1' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:Psm1, [ref] $null, [ref] $null)
        $functions = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false) |
                Where-Object Name -In $script:PublicNames)
        $functions.Count | Should -Be $script:PublicNames.Count
        $keys = foreach ($function in $functions) {
            $blocks = @($function.Body.BeginBlock, $function.Body.ProcessBlock, $function.Body.EndBlock | Where-Object { $null -ne $_ })
            $statements = @($blocks | ForEach-Object { $_.Statements } | ForEach-Object { $_.Extent.Text })
            $statements[0] | Should -Be 'Import-LightningSyncPrivateFunction' -Because "$($function.Name) loads the private script first"
            foreach ($block in $blocks) {
                $key = "$($function.Name)/$($block.BlockKind)"
                @($block.Statements | ForEach-Object { $_.Extent.Text } | Where-Object { $_ -ne 'Import-LightningSyncPrivateFunction' }) |
                    Should -Be @(". `$script:LightningSyncCommandBody['$key']") -Because "the $($block.BlockKind) block of $($function.Name) only dot-sources its body"
                $key
            }
        }
        & (Get-Module LightningSync) { Import-LightningSyncPrivateFunction }
        $table = & (Get-Module LightningSync) { $script:LightningSyncCommandBody }
        @($table.Keys | Sort-Object) | Should -Be @($keys | Sort-Object)
        foreach ($key in $keys) { $table[$key] | Should -BeOfType [scriptblock] }
        $table['Get-LightningSyncPlan/End'].ToString() | Should -Match 'Invoke-LightningSyncPlanner'
    }

    It 'stages every public body token for token as its source, comments aside' {
        & (Get-Module LightningSync) { Import-LightningSyncPrivateFunction }
        $table = & (Get-Module LightningSync) { $script:LightningSyncCommandBody }
        $skipped = 'Comment', 'NewLine', 'LineContinuation', 'EndOfInput'
        $compared = 0
        foreach ($file in Get-ChildItem -Path (Join-Path $script:Source 'Public') -Filter '*.ps1' -Recurse) {
            $tokens = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $tokens, [ref] $null)
            $function = $ast.EndBlock.Statements[0]
            foreach ($block in @($function.Body.BeginBlock, $function.Body.ProcessBlock, $function.Body.EndBlock | Where-Object { $null -ne $_ })) {
                $statements = @($block.Statements | Where-Object { $_.Extent.Text -ne 'Import-LightningSyncPrivateFunction' })
                if ($statements.Count -eq 0) { continue }
                $start = $statements[0].Extent.StartOffset
                $end = $statements[-1].Extent.EndOffset
                $expected = @($tokens | Where-Object { $_.Extent.StartOffset -ge $start -and $_.Extent.EndOffset -le $end -and $skipped -notcontains $_.Kind } | ForEach-Object Text)
                $key = "$($function.Name)/$($block.BlockKind)"
                $stagedTokens = $null
                $null = [System.Management.Automation.Language.Parser]::ParseInput($table[$key].ToString(), [ref] $stagedTokens, [ref] $null)
                $actual = @($stagedTokens | Where-Object { $skipped -notcontains $_.Kind } | ForEach-Object Text)
                $actual.Count | Should -Be $expected.Count -Because "the staged body $key has as many tokens as its source"
                for ($index = 0; $index -lt $expected.Count; $index++) {
                    $actual[$index] | Should -BeExactly $expected[$index] -Because "token $index of $key is the source's"
                }
                $compared++
            }
        }
        $compared | Should -Be $table.Count
    }

    It 'defines no private function at import, and all of them when a public function first runs (a fresh shell)' {
        $probe = 'Get-LightningSyncFilterCatalog', 'Invoke-LightningSyncPlanApply' | ForEach-Object { "[bool](& (Get-Module LightningSync) { Get-Command -Name '$_' -CommandType Function -ErrorAction Ignore })" }
        $text = Invoke-ChildShell ("Import-Module '$script:Manifest'; " + ($probe -join '; ') + "; `$null = Get-LightningSyncFilterableProperty -Name Department; " + ($probe -join '; '))
        ($text -split "`n") | Should -Be @('False', 'False', 'True', 'True')
    }

    It 'stops a public function with LightningSync.ModuleFileNotFound, naming the file, when LightningSync.Private.ps1 is missing' {
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-noprivate-' + [guid]::NewGuid().ToString('n'))
        Copy-Item -Path $script:Stage -Destination $copy -Recurse
        try {
            Remove-Item -Path (Join-Path $copy 'LightningSync.Private.ps1')
            $text = Invoke-ChildShell "Import-Module '$copy/LightningSync.psd1'; try { ConvertTo-LightningSyncRecipientFilter -Department Sales; 'ran' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
            $text | Should -Not -Match 'ran'
            $text | Should -Match 'LightningSync.ModuleFileNotFound'
            $text | Should -Match ([regex]::Escape('LightningSync.Private.ps1'))
            $text | Should -Match 'Reinstall'
            # Without try/catch, the public function must not go on without
            # its private functions, nor the caller's script.
            $text = Invoke-ChildShell "Import-Module '$copy/LightningSync.psd1'; ConvertTo-LightningSyncRecipientFilter -Department Sales; 'went on'"
            $text | Should -Match 'LightningSync.Private.ps1'
            $text | Should -Not -Match 'went on|null array|not recognized'
        }
        finally {
            Remove-Item -Recurse -Force $copy
        }
    }

    It 'carries no comments but the .ExternalHelp lines of the public functions and the file markers' {
        $tokens = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile($script:Psm1, [ref] $tokens, [ref] $null)
        $comments = @($tokens | Where-Object { $_.Kind -eq 'Comment' } | ForEach-Object Text)
        # Inside the inlined region only the file markers and the .ExternalHelp lines stay.
        $start = [array]::FindIndex($comments, [Predicate[string]] { param($text) $text -like '#region module scripts*' })
        $end = [array]::FindIndex($comments, [Predicate[string]] { param($text) $text -like '#endregion module scripts*' })
        $start | Should -BeGreaterOrEqual 0
        $end | Should -BeGreaterThan $start
        $inlined = @($comments[($start + 1)..($end - 1)] | Where-Object { $_ -notlike '# --- *' })
        @($inlined | Where-Object { $_ -ne '# .ExternalHelp LightningSync.psm1-help.xml' }) | Should -BeNullOrEmpty
        $inlined.Count | Should -Be $script:PublicNames.Count

        $null = [System.Management.Automation.Language.Parser]::ParseFile($script:PrivateScript, [ref] $tokens, [ref] $null)
        $private = @($tokens | Where-Object { $_.Kind -eq 'Comment' } | ForEach-Object Text | Select-Object -Skip 2)
        @($private | Where-Object { $_ -notlike '# --- Private/*' -and $_ -ne "# --- the public functions' bodies" }) | Should -BeNullOrEmpty
        $private.Count | Should -Be $script:PrivateNames.Count
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
        Set-Content -Path (Join-Path $module 'Private/Import-LightningSyncPrivateFunction.ps1') -Value @(
            'function Import-LightningSyncPrivateFunction {'
            '    # loader comment to drop'
            '    . (Join-Path $PSScriptRoot ''LightningSync.Private.ps1'')'
            '}')
        Set-Content -Path (Join-Path $module 'Private/Area/Get-Table.ps1') -Value @(
            '$script:Table = @{ Key = ''value'' }'
            'filter Get-Table { $script:Table }')
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
            '    [CmdletBinding()] param([Parameter(ValueFromPipeline)] [string] $Name) # trailing comment'
            '    begin {'
            '        Import-LightningSyncPrivateFunction'
            '        $seen = @()'
            '    }'
            '    process { $seen += $_ }'
            '    end { Get-Hash; $seen }'
            '}')
        $script:ModuleFolder = $module

        function Invoke-Join([string] $Name, [string[]] $Extra = @()) {
            # Runs the tool into <Name>.psm1 and <Name>.Private.ps1; returns both texts.
            $psm1 = Join-Path $script:Work "$Name.psm1"
            $private = Join-Path $script:Work "$Name.Private.ps1"
            $arguments = @{ SourceModule = $script:ModuleFolder; Destination = $psm1; PrivateDestination = $private }
            if ($Extra) { $arguments.ExternalHelp = $Extra[0] }
            & $script:Join @arguments | Out-Null
            (Get-Content -Raw -Path $psm1), (Get-Content -Raw -Path $private)
        }
    }
    AfterAll { Remove-Item -Recurse -Force $script:Work }

    It 'inlines the public scripts and the loader, drops comments, never touches strings, and keeps public help' {
        $text, $private = Invoke-Join 'joined'
        $text | Should -Match '# root comment stays'
        $text | Should -Match '# --- Public/Get-Thing\.ps1'
        $text | Should -Match '# --- Private/Import-LightningSyncPrivateFunction\.ps1'
        $text | Should -Not -Match 'Get-Hash \{|Get-Table|comment to drop|trailing comment'
        $text | Should -Match ([regex]::Escape("PS> Get-Thing`n`n    The remark after a blank line."))
        $text | Should -Match '\.SYNOPSIS'
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref] $null, [ref] $errors)
        $errors.Count | Should -Be 0
    }

    It 'writes the other private scripts with script: functions, keeping strings and script: variables' {
        $text, $private = Invoke-Join 'private'
        $private | Should -Match '# --- Private/Area/Get-Hash\.ps1'
        $private | Should -Match '(?m)^function script:Get-Hash \{'
        $private | Should -Match '(?m)^filter script:Get-Table \{'
        $private | Should -Match ([regex]::Escape('$script:Table = @{'))
        $private | Should -Not -Match 'a comment to drop|block to drop|function script:Import-LightningSyncPrivateFunction'
        $private | Should -Match ([regex]::Escape("'# not a comment', `"#also text`""))
        $private | Should -Match ([regex]::Escape("<# here-string text #> # kept`n`n    indented line after a blank one`n`"@"))
        # Dot-sourced from inside a function, the functions land in the caller's script scope.
        $defined = & {
            function Import-Private([string] $Path) { . $Path }
            Import-Private (Join-Path $script:Work 'private.Private.ps1')
            [bool](Get-Command -Name Get-Hash -CommandType Function -ErrorAction Ignore), (Get-Table).Key
        }
        $defined | Should -Be @($true, 'value')
    }

    It 'leaves each public block only loading the private script and dot-sourcing its body, which the private script holds' {
        $text, $private = Invoke-Join 'bodies'
        $text | Should -Match ([regex]::Escape("begin {`n        Import-LightningSyncPrivateFunction`n        . `$script:LightningSyncCommandBody['Get-Thing/Begin']`n    }"))
        $text | Should -Match ([regex]::Escape("process { . `$script:LightningSyncCommandBody['Get-Thing/Process'] }"))
        $text | Should -Match ([regex]::Escape("end { . `$script:LightningSyncCommandBody['Get-Thing/End'] }"))
        $text | Should -Match ([regex]::Escape('param([Parameter(ValueFromPipeline)] [string] $Name)'))
        $text | Should -Not -Match 'Get-Hash|\$seen'
        $private | Should -Match ([regex]::Escape("'Get-Thing/Begin' = {`n        `$seen = @()`n    }"))
        $private | Should -Match ([regex]::Escape("'Get-Thing/End' = {`nGet-Hash; `$seen`n    }"))
        # Dot-sourced from the function, the bodies share its scope: what begin
        # sets, process and end see, with the pipeline's $_.
        $results = & {
            function Import-LightningSyncPrivateFunction { . (Join-Path $script:Work 'bodies.Private.ps1') }
            . ([scriptblock]::Create([regex]::Match($text, '(?ms)^# --- Public/Get-Thing\.ps1\n(.*?)^#endregion').Groups[1].Value))
            'a', 'b' | Get-Thing
        }
        $results | Should -Be @('# not a comment', '#also text', "<# here-string text #> # kept`n`n    indented line after a blank one", 'a', 'b')
    }

    It 'refuses a public function that does not load the private script first, naming the file' {
        $bad = Join-Path $script:ModuleFolder 'Public/Get-Unloaded.ps1'
        Set-Content -Path $bad -Value @('function Get-Unloaded {', '    [CmdletBinding()] param()', '    Get-Hash', '}')
        try {
            { Invoke-Join 'unloaded' } | Should -Throw -ExpectedMessage '*Public/Get-Unloaded.ps1*Import-LightningSyncPrivateFunction*'
        }
        finally { Remove-Item $bad }
    }

    It 'refuses a public body that reads <Variable>, whose dot-sourced value is not the function''s, naming the file and line' -ForEach @(
        @{ Variable = 'PSBoundParameters' }, @{ Variable = 'MyInvocation' }, @{ Variable = 'input' }, @{ Variable = 'args' }, @{ Variable = 'PSScriptRoot' }
    ) {
        $bad = Join-Path $script:ModuleFolder 'Public/Get-Own.ps1'
        Set-Content -Path $bad -Value @('function Get-Own {', '    [CmdletBinding()] param()', '    Import-LightningSyncPrivateFunction', "    if (`$true) { `$$Variable }", '}')
        try {
            { Invoke-Join 'own' } | Should -Throw -ExpectedMessage "*Public/Get-Own.ps1*`$$Variable*line 4*"
        }
        finally { Remove-Item $bad }
    }

    It 'replaces public help by an .ExternalHelp line when given a help file' {
        $text, $private = Invoke-Join 'external' 'X-help.xml'
        $text | Should -Not -Match '\.SYNOPSIS'
        $text | Should -Match '(?m)^\s*# \.ExternalHelp X-help\.xml'
    }

    It 'refuses a private top-level statement that would not reach the module scope, naming the file' {
        $bad = Join-Path $script:ModuleFolder 'Private/Set-Local.ps1'
        Set-Content -Path $bad -Value @('$local = 1', 'function Set-Local { }')
        try {
            { Invoke-Join 'local' } | Should -Throw -ExpectedMessage '*Private/Set-Local.ps1*script:*line 1*'
        }
        finally { Remove-Item $bad }
    }

    It 'refuses a script with a statement only allowed at the top of a file, naming it' {
        $bad = Join-Path $script:ModuleFolder 'Private/Bad.ps1'
        Set-Content -Path $bad -Value @('using namespace System.Text', 'function Bad { }')
        try {
            { Invoke-Join 'bad' } |
                Should -Throw -ExpectedMessage '*Private/Bad.ps1*using*'
        }
        finally { Remove-Item $bad }
    }
}

# The GitHub Actions workflow cannot run here: this parses it (a small reader
# for the YAML subset workflows use: block mappings and sequences, flow
# sequences, literal blocks, quoted and plain scalars) and checks its job
# graph and artifact names against what build.ps1 -Task Package expects.
BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $script:WorkflowPath = Join-Path $script:Root '.github/workflows/build.yml'

    function ConvertFrom-YamlSubset([string] $Text) {
        $lines = New-Object System.Collections.Generic.List[object]
        foreach ($raw in ($Text -replace "`r", '') -split "`n") {
            $content = $raw.TrimEnd()
            if ($content.Trim() -eq '' -or $content.TrimStart().StartsWith('#')) { $lines.Add(@{ Indent = -1; Text = ''; Raw = $raw }); continue }
            $content = [regex]::Replace($content, '\s+#(?=(?:[^''"]*[''"][^''"]*[''"])*[^''"]*$).*$', '')
            $lines.Add(@{ Indent = $content.Length - $content.TrimStart().Length; Text = $content.TrimStart(); Raw = $raw })
        }
        $state = @{ Lines = $lines; At = 0 }
        Read-YamlBlock $state (Get-YamlNextIndent $state)
    }
    function Get-YamlNextIndent($State) {
        while ($State.At -lt $State.Lines.Count -and $State.Lines[$State.At].Indent -lt 0) { $State.At++ }
        if ($State.At -ge $State.Lines.Count) { return -1 }
        $State.Lines[$State.At].Indent
    }
    function ConvertFrom-YamlScalar([string] $Text) {
        $t = $Text.Trim()
        if ($t.StartsWith('[') -and $t.EndsWith(']')) {
            $inner = $t.Substring(1, $t.Length - 2).Trim()
            if ($inner -eq '') { return , @() }
            return , @($inner -split ',' | ForEach-Object { ConvertFrom-YamlScalar $_ })
        }
        if ($t.Length -ge 2 -and (($t[0] -eq "'" -and $t[-1] -eq "'") -or ($t[0] -eq '"' -and $t[-1] -eq '"'))) { return $t.Substring(1, $t.Length - 2) }
        $t
    }
    function Read-YamlBlock($State, [int] $Indent) {
        $line = $State.Lines[$State.At]
        if ($line.Text.StartsWith('- ') -or $line.Text -eq '-') { return , (Read-YamlSequence $State $Indent) }
        Read-YamlMapping $State $Indent
    }
    function Read-YamlValue($State, [int] $Indent, [string] $Rest) {
        if ($Rest -eq '|' -or $Rest -eq '>') {
            $text = New-Object System.Collections.Generic.List[string]
            $State.At++
            while ($State.At -lt $State.Lines.Count -and ($State.Lines[$State.At].Indent -lt 0 -or $State.Lines[$State.At].Indent -gt $Indent)) {
                $text.Add($State.Lines[$State.At].Raw.Trim()); $State.At++
            }
            return ($text -join "`n").Trim()
        }
        if ($Rest -ne '') { $State.At++; return (ConvertFrom-YamlScalar $Rest) }
        $State.At++
        $next = Get-YamlNextIndent $State
        if ($next -gt $Indent -or ($next -eq $Indent -and $State.Lines[$State.At].Text.StartsWith('- '))) { return (Read-YamlBlock $State $next) }
        $null
    }
    function Read-YamlMapping($State, [int] $Indent) {
        $map = [ordered]@{}
        while ((Get-YamlNextIndent $State) -eq $Indent -and -not $State.Lines[$State.At].Text.StartsWith('- ')) {
            $text = $State.Lines[$State.At].Text
            $colon = $text.IndexOf(':')
            if ($colon -lt 0) { throw "Line $($State.At + 1): expected 'key: value', found '$text'." }
            $key = ConvertFrom-YamlScalar $text.Substring(0, $colon)
            $map[$key] = Read-YamlValue $State $Indent $text.Substring($colon + 1).Trim()
        }
        $map
    }
    function Read-YamlSequence($State, [int] $Indent) {
        $items = New-Object System.Collections.Generic.List[object]
        while ((Get-YamlNextIndent $State) -eq $Indent -and ($State.Lines[$State.At].Text.StartsWith('- ') -or $State.Lines[$State.At].Text -eq '-')) {
            $line = $State.Lines[$State.At]
            $content = $line.Text.Substring(1).TrimStart()
            if ($content -match '^[\w.-]+:(\s|$)' -or $content -match '^[''"][^''"]+[''"]:(\s|$)') {
                # A mapping item: its first key sits two columns right of the dash.
                $State.Lines[$State.At] = @{ Indent = $Indent + ($line.Text.Length - $content.Length); Text = $content; Raw = $line.Raw }
                $items.Add((Read-YamlMapping $State $State.Lines[$State.At].Indent))
            }
            elseif ($content -eq '') { $State.At++; $items.Add((Read-YamlBlock $State (Get-YamlNextIndent $State))) }
            else { $State.At++; $items.Add((ConvertFrom-YamlScalar $content)) }
        }
        , $items.ToArray()
    }

    $script:Workflow = ConvertFrom-YamlSubset (Get-Content -Raw -Path $script:WorkflowPath)
    $script:Jobs = $script:Workflow['jobs']
    function Get-Steps([string] $Job) { @($script:Jobs[$Job]['steps']) }
    function Get-Uses([string] $Job, [string] $Action) { @(Get-Steps $Job | Where-Object { $_.Contains('uses') -and $_['uses'] -like "$Action@*" }) }
    $script:Platforms = [ordered]@{
        'win-x64'   = 'lightningsync.dll'
        'linux-x64' = 'liblightningsync.so'
        'osx-x64'   = 'liblightningsync.dylib'
        'osx-arm64' = 'liblightningsync.dylib'
    }
}

Describe 'The YAML subset reader' {
    It 'reads mappings, sequences of mappings, flow sequences and literal blocks' {
        $doc = ConvertFrom-YamlSubset "a:`n  b: 'x' # note`n  c: [1, two]`n  d:`n    - e: 1`n      f: g`n    - plain`n  h: |`n    line one`n    line two`ni: `"q`""
        $doc['a']['b'] | Should -Be 'x'
        $doc['a']['c'] | Should -Be @('1', 'two')
        $doc['a']['d'][0]['f'] | Should -Be 'g'
        $doc['a']['d'][1] | Should -Be 'plain'
        $doc['a']['h'] | Should -Be "line one`nline two"
        $doc['i'] | Should -Be 'q'
    }
}

Describe 'The build workflow' {
    It 'has the jobs native -> package -> verify' {
        @($script:Jobs.Keys) | Should -Be @('native', 'package', 'verify')
        $script:Jobs['native'].Contains('needs') | Should -BeFalse
        @($script:Jobs['package']['needs']) | Should -Be @('native')
        @($script:Jobs['verify']['needs']) | Should -Be @('package')
    }

    It 'builds the native library on the OS of every platform the package carries, and uploads it as native-<rid>' {
        $include = @($script:Jobs['native']['strategy']['matrix']['include'])
        @($include | ForEach-Object { $_['rid'] } | Sort-Object) | Should -Be @($script:Platforms.Keys | Sort-Object)
        foreach ($entry in $include) {
            $entry['file'] | Should -Be $script:Platforms[$entry['rid']]
            $entry['os'] | Should -Match @{ 'win-x64' = '^windows'; 'linux-x64' = '^ubuntu'; 'osx-x64' = '^macos-13$'; 'osx-arm64' = '^macos-1[4-9]$' }[$entry['rid']]
        }
        $script:Jobs['native']['runs-on'] | Should -Be '${{ matrix.os }}'
        $upload = @(Get-Uses 'native' 'actions/upload-artifact')
        $upload.Count | Should -Be 1
        $upload[0]['with']['name'] | Should -Be 'native-${{ matrix.rid }}'
        $upload[0]['with']['path'] | Should -Be 'target/release/${{ matrix.file }}'
    }

    It 'merges the native-* artifacts into one folder and runs build.ps1 -Task Package on it, uploading nupkg' {
        $download = @(Get-Uses 'package' 'actions/download-artifact')
        $download.Count | Should -Be 1
        $download[0]['with']['pattern'] | Should -Be 'native-*'
        $folder = $download[0]['with']['path']
        $run = @(Get-Steps 'package' | Where-Object { $_.Contains('run') -and $_['run'] -match 'build\.ps1' })
        $run.Count | Should -Be 1
        $run[0]['run'] | Should -Match "-Task Package -NativePath $([regex]::Escape($folder))(\s|$)"
        $run[0]['run'] | Should -Not -Match 'AllowPartial'
        $upload = @(Get-Uses 'package' 'actions/upload-artifact')
        $upload[0]['with']['name'] | Should -Be 'nupkg'
        $upload[0]['with']['path'] | Should -Be 'out/package/*.nupkg'
    }

    It 'verifies on every OS: Install-PSResource from a local repository and the smoke test, in pwsh and on Windows in Windows PowerShell 5.1' {
        @($script:Jobs['verify']['strategy']['matrix']['os'] | Sort-Object) | Should -Be @(@($script:Jobs['native']['strategy']['matrix']['include'] | ForEach-Object { $_['os'] }) | Sort-Object)
        $download = @(Get-Uses 'verify' 'actions/download-artifact')
        $download[0]['with']['name'] | Should -Be 'nupkg'
        $feed = $download[0]['with']['path']
        $runs = @(Get-Steps 'verify' | Where-Object { $_.Contains('run') })
        $pwshStep = @($runs | Where-Object { $_['shell'] -eq 'pwsh' })
        $desktopStep = @($runs | Where-Object { $_['shell'] -eq 'powershell' })
        $pwshStep.Count | Should -Be 1
        $desktopStep.Count | Should -Be 1
        $desktopStep[0]['if'] | Should -Match "runner\.os == 'Windows'"
        foreach ($step in @($pwshStep[0], $desktopStep[0])) {
            $step['run'] | Should -Match "Register-PSResourceRepository .*-Uri \(Resolve-Path $feed\)"
            $step['run'] | Should -Match 'Install-PSResource -Name LightningSync -Repository'
            $step['run'] | Should -Match 'tests/smoke/Invoke-SmokeTest\.ps1'
        }
        Test-Path (Join-Path $script:Root 'tests/smoke/Invoke-SmokeTest.ps1') | Should -BeTrue
    }

    It 'names artifact folders the way the packing step reads them' {
        $tool = Get-Content -Raw -Path (Join-Path $script:Root 'tools/New-LightningSyncPackage.ps1')
        $tool | Should -Match ([regex]::Escape('"native-$Rid/$File"'))
        foreach ($rid in $script:Platforms.Keys) { $tool | Should -Match ("'{0}'\s*=\s*'{1}'" -f [regex]::Escape($rid), [regex]::Escape($script:Platforms[$rid])) }
    }
}

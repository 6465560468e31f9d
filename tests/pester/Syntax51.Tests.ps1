# Every .ps1/.psm1/.psd1 of the project must parse in Windows PowerShell 5.1:
# no syntax that only PowerShell 7 has.
BeforeAll {
    $script:RepoRoot = Resolve-Path (Join-Path $PSScriptRoot '../..')

    # Returns one line per construct Windows PowerShell 5.1 cannot parse or run.
    function Find-Pwsh7OnlySyntax([System.Management.Automation.Language.Ast] $Ast) {
        $found = @()
        $nodes = $Ast.FindAll({ $true }, $true)
        foreach ($node in $nodes) {
            $kind = $node.GetType().Name
            $line = $node.Extent.StartLineNumber
            switch ($kind) {
                'TernaryExpressionAst' { $found += "line ${line}: ternary operator ? :" }
                'PipelineChainAst' { $found += "line ${line}: pipeline chain operator && or ||" }
                'BinaryExpressionAst' {
                    if ("$($node.Operator)" -eq 'QuestionQuestion') { $found += "line ${line}: null-coalescing operator ??" }
                }
                'AssignmentStatementAst' {
                    if ("$($node.Operator)" -eq 'QuestionQuestionEquals') { $found += "line ${line}: null-coalescing assignment ??=" }
                }
                'MemberExpressionAst' { if ($node.NullConditional) { $found += "line ${line}: null-conditional member access ?." } }
                'InvokeMemberExpressionAst' { if ($node.NullConditional) { $found += "line ${line}: null-conditional call ?." } }
                'IndexExpressionAst' { if ($node.NullConditional) { $found += "line ${line}: null-conditional index ?[]" } }
                'ScriptBlockAst' { if ($null -ne $node.PSObject.Properties['CleanBlock'] -and $null -ne $node.CleanBlock) { $found += "line ${line}: clean block" } }
                'CommandAst' {
                    $name = $node.GetCommandName()
                    if ($name -in @('ForEach-Object', '%', 'foreach')) {
                        foreach ($element in $node.CommandElements) {
                            if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and 'Parallel' -like "$($element.ParameterName)*" -and $element.ParameterName.Length -ge 2) {
                                $found += "line ${line}: ForEach-Object -Parallel"
                            }
                        }
                    }
                }
            }
        }
        $found
    }

    # Windows PowerShell 5.1 reads a script without a BOM in the ANSI code
    # page, so 'München' in a UTF-8 file without BOM becomes 'MÃ¼nchen'.
    # Returns a line when the bytes are neither ASCII nor marked Unicode.
    function Test-Pwsh51Encoding([byte[]] $Bytes) {
        $marked = ($Bytes.Length -ge 3 -and $Bytes[0] -eq 0xEF -and $Bytes[1] -eq 0xBB -and $Bytes[2] -eq 0xBF) -or
            ($Bytes.Length -ge 2 -and (($Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) -or ($Bytes[0] -eq 0xFE -and $Bytes[1] -eq 0xFF)))
        if ($marked) { return }
        for ($i = 0; $i -lt $Bytes.Length; $i++) {
            if ($Bytes[$i] -ge 0x80) { return "byte $i is not ASCII and the file has no BOM: save it as UTF-8 with BOM" }
        }
    }

    function Test-Pwsh51Text([string] $Text) {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
        $problems = @($errors | ForEach-Object { "parse error: $($_.Message)" })
        $problems + @(Find-Pwsh7OnlySyntax $ast)
    }
}

Describe 'Windows PowerShell 5.1 syntax check' {
    It 'catches <Name>' -ForEach @(
        @{ Name = 'a ternary'; Text = '$a = $true ? 1 : 2' }
        @{ Name = 'null-coalescing'; Text = '$a = $b ?? 3' }
        @{ Name = 'null-coalescing assignment'; Text = '$a ??= 3' }
        @{ Name = 'null-conditional member access'; Text = '${a}?.Length' }
        @{ Name = 'a pipeline chain'; Text = 'Get-Item . && Get-Item .' }
        @{ Name = 'an or-chain'; Text = 'Get-Item . || Get-Item .' }
        @{ Name = 'ForEach-Object -Parallel'; Text = '1..2 | ForEach-Object -Parallel { $_ }' }
        @{ Name = 'a clean block'; Text = 'function f { process { 1 } clean { 2 } }' }
    ) {
        @(Test-Pwsh51Text $Text).Count | Should -BeGreaterThan 0
    }

    It 'catches non-ASCII text without a BOM' {
        Test-Pwsh51Encoding ([System.Text.UTF8Encoding]::new($false).GetBytes("'München'")) | Should -Not -BeNullOrEmpty
    }

    It 'accepts ASCII, and UTF-8 or UTF-16 with a BOM' {
        Test-Pwsh51Encoding ([System.Text.Encoding]::ASCII.GetBytes("'Munich'")) | Should -BeNullOrEmpty
        $utf8 = [System.Text.UTF8Encoding]::new($true)
        Test-Pwsh51Encoding ($utf8.GetPreamble() + $utf8.GetBytes("'München'")) | Should -BeNullOrEmpty
        Test-Pwsh51Encoding ([System.Text.Encoding]::Unicode.GetPreamble() + [System.Text.Encoding]::Unicode.GetBytes("'München'")) | Should -BeNullOrEmpty
    }

    It 'accepts ordinary 5.1 syntax' {
        @(Test-Pwsh51Text 'if ($a) { 1 } else { 2 }; $b = @(1, 2) | ForEach-Object { $_ }; $c = "$($a)"').Count | Should -Be 0
    }

    It 'finds no PowerShell 7-only syntax in <_>' -ForEach @(
        Get-ChildItem -Path (Resolve-Path (Join-Path $PSScriptRoot '../..')) -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
            Where-Object { $_.FullName -notmatch '[\\/](out|target|\.tools|\.git)[\\/]' } |
            ForEach-Object { $_.FullName.Substring((Resolve-Path (Join-Path $PSScriptRoot '../..')).Path.Length + 1) }
    ) {
        $path = Join-Path $script:RepoRoot $_
        @(Test-Pwsh51Text ([System.IO.File]::ReadAllText($path))) | Should -BeNullOrEmpty
        Test-Pwsh51Encoding ([System.IO.File]::ReadAllBytes($path)) | Should -BeNullOrEmpty
    }

    It 'reads <_> the same in every code page (Add-Type on 5.1 compiles it)' -ForEach @(
        Get-ChildItem -Path (Join-Path $PSScriptRoot '../../powershell') -Recurse -File -Filter '*.cs' |
            ForEach-Object { $_.FullName.Substring((Resolve-Path (Join-Path $PSScriptRoot '../..')).Path.Length + 1) }
    ) {
        Test-Pwsh51Encoding ([System.IO.File]::ReadAllBytes((Join-Path $script:RepoRoot $_))) | Should -BeNullOrEmpty
    }
}

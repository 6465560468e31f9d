<#
.SYNOPSIS
Writes the staged module scripts: LightningSync.psm1 with the public functions
inlined, and LightningSync.Private.ps1 with the private ones, which the module
defines the first time a public function runs.

.DESCRIPTION
The source module keeps one function per file under Private/ and Public/, and
its LightningSync.psm1 dot-sources them between the lines
`#region module scripts` and `#endregion module scripts`. Dot-sourcing each
file costs a file-system lookup and a separate parse at every import. This
tool replaces that region with the text of the loader
(Private/Import-LightningSyncPrivateFunction.ps1) and of every Public/ script
(each sorted by path, each under a `# --- <relative path>` line), and writes
the result to -Destination.

The other Private/ scripts go to -PrivateDestination, their functions defined
as `function script:<name>`: Import-LightningSyncPrivateFunction dot-sources
that file from inside a function, and the script: scope puts them in the
module's scope. A top-level statement of a private script other than a
function must assign a `$script:` variable, for the same reason; any other is
refused, naming the file.

The public functions' bodies go there as well. In the .psm1 each public
function keeps its help line, attributes and param block, and each of its
begin, process and end blocks only calls the loader (the first block) and
dot-sources its body: a script block the private script puts in
`$script:LightningSyncCommandBody` under '<name>/<Begin|Process|End>'.
Dot-sourced, a body runs in the function's own scope: it sees the parameters,
$PSCmdlet and $_, sets strict mode for the function, and shares its variables
with the function's other blocks. What a dot-sourced script block gets its own
value of ($MyInvocation, $PSBoundParameters, $input, $args, $PSScriptRoot,
$PSCommandPath) is refused in a public body, naming the file and line;
$PSCmdlet.MyInvocation and its BoundParameters are the function's. An import
thus parses only the public functions' parameters; the private functions and
the bodies are parsed once, when a public function first runs.

Comments are for the reader of the source: the inlined text drops them (the
tokenizer finds them, so text inside strings is never touched), except the
comment-based help of the public functions, which Get-Help reads. Parsing
comments is most of the cost of parsing the module's scripts.

A file that does not end its last line, or a script whose text cannot stand
inside another (one with `#Requires` or `using` statements, which are only
allowed at the top of a file), is refused naming the file.

.PARAMETER SourceModule
The source module folder (powershell/LightningSync).

.PARAMETER ExternalHelp
The name of a MAML help file (tools/Export-LightningSyncFunctionHelp.ps1
writes it from the comment-based help): each public function's help block is
replaced by a `.ExternalHelp <name>` line, so the import does not parse the
help text and Get-Help reads the file instead.

.PARAMETER Destination
The .psm1 to write (UTF-8 with a byte order mark, as Windows PowerShell 5.1
needs for non-ASCII text).

.PARAMETER PrivateDestination
The private functions' script to write (LightningSync.Private.ps1 beside the
.psm1, the name the loader reads; UTF-8 with a byte order mark).

.EXAMPLE
PS> ./tools/Join-LightningSyncModuleScript.ps1 -SourceModule powershell/LightningSync -Destination out/LightningSync/0.1.0/LightningSync.psm1 -PrivateDestination out/LightningSync/0.1.0/LightningSync.Private.ps1
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)] [string] $SourceModule,
    [Parameter(Mandatory)] [string] $Destination,
    [Parameter(Mandatory)] [string] $PrivateDestination,
    [string] $ExternalHelp
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$SourceModule = (Resolve-Path -LiteralPath $SourceModule).ProviderPath
$rootScript = Join-Path $SourceModule 'LightningSync.psm1'
$text = [System.IO.File]::ReadAllText($rootScript)
$pattern = '(?ms)^#region module scripts\b.*?^#endregion module scripts[^\n]*\n'
if ($text -notmatch $pattern) {
    throw "$rootScript has no '#region module scripts' ... '#endregion module scripts' block to replace."
}

function Get-ModuleScript([string] $Folder) {
    $path = Join-Path $SourceModule $Folder
    if (-not (Test-Path -LiteralPath $path)) { return @() }
    @(Get-ChildItem -LiteralPath $path -Filter '*.ps1' -File -Recurse | Sort-Object FullName)
}

function Test-HelpComment([System.Management.Automation.Language.Token] $Token) {
    # Comment-based help: a block comment whose first keyword is a help keyword.
    $Token.Text -match '^<#\s*\.(SYNOPSIS|DESCRIPTION|PARAMETER|EXAMPLE|EXTERNALHELP)\b'
}

function Remove-ScriptComment([string] $Text, [string] $Relative, [bool] $KeepHelp) {
    # Drops the comments the tokenizer finds (never text inside strings), and
    # the lines they leave empty; comment-based help stays when -KeepHelp.
    $tokens = $null
    $errors = $null
    $null = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $tokens, [ref] $errors)
    if ($errors.Count -gt 0) {
        throw "$Relative does not parse: $($errors[0].Message) (line $($errors[0].Extent.StartLineNumber))."
    }
    $comments = @($tokens | Where-Object { $_.Kind -eq 'Comment' -and -not ($KeepHelp -and -not $ExternalHelp -and (Test-HelpComment $_)) })
    $builder = [System.Text.StringBuilder]::new($Text)
    for ($index = $comments.Count - 1; $index -ge 0; $index--) {
        $start, $end, $alone = Get-CommentSpan -Text $Text -Extent $comments[$index].Extent
        $null = $builder.Remove($start, $end - $start)
        if ($KeepHelp -and $ExternalHelp -and (Test-HelpComment $comments[$index])) {
            $line = "    # .ExternalHelp $ExternalHelp"
            if ($alone) { $line += "`n" }
            $null = $builder.Insert($start, $line)
        }
    }
    $builder.ToString()
}

function Get-CommentSpan([string] $Text, [System.Management.Automation.Language.IScriptExtent] $Extent) {
    # The text to remove for a comment (start, end, and whether it stood alone):
    # with the blanks before it, and, when it is alone on its line(s), the
    # whole line; other text is never touched.
    $start = $Extent.StartOffset
    $end = $Extent.EndOffset
    while ($start -gt 0 -and ' ', "`t" -contains $Text[$start - 1]) { $start-- }
    $after = $end
    while ($after -lt $Text.Length -and ' ', "`t", "`r" -contains $Text[$after]) { $after++ }
    $alone = ($start -eq 0 -or $Text[$start - 1] -eq "`n") -and ($after -eq $Text.Length -or $Text[$after] -eq "`n")
    if ($alone) { return $start, [math]::Min($after + 1, $Text.Length), $true }
    $start, $end, $false
}

function Get-ScriptText([System.IO.FileInfo] $File, [bool] $KeepHelp) {
    # The file's text without comments (public help kept when -KeepHelp),
    # ending its last line, and its path relative to the module.
    $relative = $File.FullName.Substring($SourceModule.Length + 1).Replace('\', '/')
    $body = [System.IO.File]::ReadAllText($File.FullName)
    if ($body -match '(?m)^\s*(#Requires|using\s+(namespace|module|assembly)\b)') {
        throw "$relative has a '$($Matches[1])' statement, which is only allowed at the top of a script; move it to LightningSync.psm1."
    }
    $body = Remove-ScriptComment -Text $body -Relative $relative -KeepHelp $KeepHelp
    if (-not $body.EndsWith("`n")) { $body += "`n" }
    $relative, $body
}

function Get-InlinedText([System.IO.FileInfo] $File, [bool] $KeepHelp) {
    $relative, $body = Get-ScriptText $File $KeepHelp
    "# --- $relative`n$body"
}

function Get-ScriptScopedText([System.IO.FileInfo] $File) {
    # A private script whose functions are defined as `function script:<name>`,
    # so dot-sourcing it from inside a function defines them in the module's
    # scope. Any other top-level statement must assign a $script: variable.
    $relative, $body = Get-ScriptText $File $false
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($body, [ref] $null, [ref] $null)
    $builder = [System.Text.StringBuilder]::new($body)
    $statements = @($ast.EndBlock.Statements) | Sort-Object { $_.Extent.StartOffset } -Descending
    foreach ($statement in $statements) {
        if ($statement -is [System.Management.Automation.Language.FunctionDefinitionAst]) {
            $keyword = [regex]::Match($statement.Extent.Text, '^(function|filter)\s+')
            if (-not $keyword.Success -or $statement.Name -like '*:*') {
                throw "$relative defines '$($statement.Name)' in a form the private script cannot scope; write it as 'function $($statement.Name) { ... }'."
            }
            $null = $builder.Remove($statement.Extent.StartOffset, $keyword.Length)
            $null = $builder.Insert($statement.Extent.StartOffset, $keyword.Groups[1].Value + ' script:')
        }
        elseif (-not (Test-ScriptScopedAssignment $statement)) {
            throw "$relative has a top-level statement that is not a function or a `$script: assignment (line $($statement.Extent.StartLineNumber)): private scripts are dot-sourced from inside a function, so it would not reach the module's scope."
        }
    }
    "# --- $relative`n$builder"
}

function Split-PublicFunction([System.IO.FileInfo] $File, [bool] $KeepHelp) {
    # The public function's staged text, whose blocks only load the private
    # script and dot-source their bodies, and the bodies as entries of the
    # $script:LightningSyncCommandBody table the private script fills.
    $relative, $text = Get-ScriptText $File $KeepHelp
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref] $null, [ref] $null)
    $statements = @($ast.EndBlock.Statements)
    if ($statements.Count -ne 1 -or $statements[0] -isnot [System.Management.Automation.Language.FunctionDefinitionAst] -or $ast.ParamBlock) {
        throw "$relative must hold exactly one function and nothing else."
    }
    $function = $statements[0]
    $body = $function.Body
    if ($body.DynamicParamBlock) { throw "$relative has a dynamicparam block, which the staged module cannot split off; declare the parameters in param()." }
    $blocks = @($body.BeginBlock, $body.ProcessBlock, $body.EndBlock | Where-Object { $null -ne $_ -and $_.Statements.Count -gt 0 })
    $first = if ($blocks.Count -gt 0) { @($blocks[0].Statements)[0] } else { $null }
    if ($null -eq $first -or $first.Extent.Text -ne $loaderName) {
        throw "$relative does not start with a '$loaderName' line; every public function must load the private script before anything else."
    }
    $shell = [System.Text.StringBuilder]::new($text)
    $entries = [System.Text.StringBuilder]::new()
    [array]::Reverse($blocks)
    foreach ($block in $blocks) {
        $moved = @($block.Statements | Where-Object { $_ -ne $first })
        if ($block.Traps) { throw "$relative has a trap statement in its $($block.BlockKind) block; use try/catch." }
        if ($moved.Count -eq 0) { continue }
        Assert-DotSourceSafe -Relative $relative -Statement $moved
        $start = $moved[0].Extent.StartOffset
        $end = $moved[-1].Extent.EndOffset
        # From the start of its line when the body starts one, for its indentation.
        $lineStart = $text.LastIndexOf("`n", $start - 1) + 1
        if ($text.Substring($lineStart, $start - $lineStart).Trim()) { $lineStart = $start }
        $key = "$($function.Name)/$($block.BlockKind)"
        $null = $entries.Insert(0, "    '$key' = {`n$($text.Substring($lineStart, $end - $lineStart))`n    }`n")
        $null = $shell.Remove($start, $end - $start).Insert($start, ". `$script:LightningSyncCommandBody['$key']")
    }
    "# --- $relative`n$shell", $entries.ToString()
}

function Assert-DotSourceSafe([string] $Relative, [System.Management.Automation.Language.StatementAst[]] $Statement) {
    # Variables a dot-sourced script block gets its own value of.
    $own = 'MyInvocation', 'PSBoundParameters', 'input', 'args', 'PSScriptRoot', 'PSCommandPath'
    foreach ($node in $Statement) {
        $found = $node.Find({ param($n) $n -is [System.Management.Automation.Language.VariableExpressionAst] -and $own -contains $n.VariablePath.UserPath }, $true)
        if ($found) {
            throw "$Relative uses `$$($found.VariablePath.UserPath) (line $($found.Extent.StartLineNumber)), which its staged body, dot-sourced from the function, would not see as the function's; use `$PSCmdlet.MyInvocation (its BoundParameters are the function's `$PSBoundParameters) or a parameter."
        }
    }
}

function Test-ScriptScopedAssignment([System.Management.Automation.Language.StatementAst] $Statement) {
    $Statement -is [System.Management.Automation.Language.AssignmentStatementAst] -and
    $Statement.Left -is [System.Management.Automation.Language.VariableExpressionAst] -and
    $Statement.Left.VariablePath.IsScript
}

$loaderName = 'Import-LightningSyncPrivateFunction'
$private = @(Get-ModuleScript 'Private')
$loader = @($private | Where-Object BaseName -EQ $loaderName)
if ($loader.Count -ne 1) {
    throw "$SourceModule has no Private/$loaderName.ps1, the function that loads the private script on first use."
}
$builder = [System.Text.StringBuilder]::new()
$null = $builder.Append("#region module scripts (inlined by tools/Join-LightningSyncModuleScript.ps1)`n")
$null = $builder.Append((Get-InlinedText $loader[0] $false))
$bodies = [System.Text.StringBuilder]::new()
foreach ($file in (Get-ModuleScript 'Public')) {
    $shell, $entries = Split-PublicFunction $file $true
    $null = $builder.Append($shell)
    $null = $bodies.Append($entries)
}
$null = $builder.Append("#endregion module scripts`n")

$privateText = [System.Text.StringBuilder]::new()
$null = $privateText.Append("# LightningSync's private functions, written by tools/Join-LightningSyncModuleScript.ps1.`n")
$null = $privateText.Append("# $loaderName dot-sources this file the first time a public function runs.`n")
foreach ($file in ($private | Where-Object BaseName -NE $loaderName)) { $null = $privateText.Append((Get-ScriptScopedText $file)) }
$null = $privateText.Append("# --- the public functions' bodies`n`$script:LightningSyncCommandBody = @{`n$bodies}`n")

$joined = [regex]::Replace($text, $pattern, { param($match) $builder.ToString() })
$encoding = [System.Text.UTF8Encoding]::new($true)
[System.IO.File]::WriteAllText($Destination, $joined, $encoding)
[System.IO.File]::WriteAllText($PrivateDestination, $privateText.ToString(), $encoding)
Get-Item -LiteralPath $Destination, $PrivateDestination

<#
.SYNOPSIS
Writes the staged LightningSync.psm1 with every module script inlined, so an
import parses one file instead of dot-sourcing one per function.

.DESCRIPTION
The source module keeps one function per file under Private/ and Public/, and
its LightningSync.psm1 dot-sources them between the lines
`#region module scripts` and `#endregion module scripts`. Dot-sourcing each
file costs a file-system lookup and a separate parse at every import; this
tool replaces that region with the files' text (Private first, then Public,
each sorted by path, each under a `# --- <relative path>` line) and a literal
list of the public function names, and writes the result to -Destination.
The Private/ and Public/ folders are then not needed in the staged module.

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

.EXAMPLE
PS> ./tools/Join-LightningSyncModuleScript.ps1 -SourceModule powershell/LightningSync -Destination out/LightningSync/0.1.0/LightningSync.psm1
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)] [string] $SourceModule,
    [Parameter(Mandatory)] [string] $Destination,
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

function Get-InlinedText([System.IO.FileInfo] $File, [bool] $KeepHelp) {
    $relative = $File.FullName.Substring($SourceModule.Length + 1).Replace('\', '/')
    $body = [System.IO.File]::ReadAllText($File.FullName)
    if ($body -match '(?m)^\s*(#Requires|using\s+(namespace|module|assembly)\b)') {
        throw "$relative has a '$($Matches[1])' statement, which is only allowed at the top of a script; move it to LightningSync.psm1."
    }
    $body = Remove-ScriptComment -Text $body -Relative $relative -KeepHelp $KeepHelp
    if (-not $body.EndsWith("`n")) { $body += "`n" }
    "# --- $relative`n$body"
}

$builder = [System.Text.StringBuilder]::new()
$null = $builder.Append("#region module scripts (inlined by tools/Join-LightningSyncModuleScript.ps1)`n")
foreach ($file in (Get-ModuleScript 'Private')) { $null = $builder.Append((Get-InlinedText $file $false)) }
$public = Get-ModuleScript 'Public'
foreach ($file in $public) { $null = $builder.Append((Get-InlinedText $file $true)) }
$names = @($public | ForEach-Object { "'" + $_.BaseName + "'" }) -join ', '
$null = $builder.Append("`$publicFunctions = @($names)`n#endregion module scripts`n")

$joined = [regex]::Replace($text, $pattern, { param($match) $builder.ToString() })
$encoding = [System.Text.UTF8Encoding]::new($true)
[System.IO.File]::WriteAllText($Destination, $joined, $encoding)
Get-Item -LiteralPath $Destination

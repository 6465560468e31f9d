<#
.SYNOPSIS
The three costs an admin feels before any work is done: importing the module,
calling Test-LightningSyncRecipientFilter, and the first scope preview of a
fresh shell. Ratios side by side in one run.

.DESCRIPTION
  import   Import-Module over a bare pwsh start: -Pairs paired runs of
           `pwsh -NoProfile -Command "Import-Module <manifest>; exit"` and
           `pwsh -NoProfile -Command exit`, alternating which goes first; the
           figure is the median of the per-pair differences (goal <= +250 ms).
           Beside it, Import-Module timed inside each of -Pairs fresh shells
           (median): the module's own share, without the noise of process
           start and exit, with the number of methods the JIT compiled for
           it (PowerShell 7), which the machine's load hardly moves. Beside
           them, a module holding only the same format file, paired the same
           way: the first format file of a process initializes PowerShell's
           format table, which a bare non-interactive shell never does.
  call     Test-LightningSyncRecipientFilter per call against an empty advanced
           function with the same parameter block, in the same shell, rounds
           interleaved; the figure is the median of the per-round ratios
           (goal <= 1.3x).
  preview  the first and the second Get-LightningSyncScopePreview -Summary of
           the sample org (examples/sample-org, a Get-User and a Get-Mailbox
           export) in a fresh shell after Import-Module; median over -Shells
           shells (goal first <= second + 50 ms).
Writes the figures to <OutDir>/bench/Module.json.

.PARAMETER ModuleManifest
The staged LightningSync.psd1 to benchmark.

.PARAMETER OutDir
Folder for the JSON result (a bench subfolder is created).

.PARAMETER Pairs
Paired shell starts for the import figure.

.PARAMETER Shells
Fresh shells for the first-versus-second preview figure.

.EXAMPLE
PS> ./tests/bench/Module.Bench.ps1 -ModuleManifest out/LightningSync/0.1.0/LightningSync.psd1 -OutDir out
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OutDir,
    [ValidateRange(1, 100)] [int] $Pairs = 21,
    [ValidateRange(1, 100)] [int] $Shells = 5,
    [int] $Iterations = 300,
    [int] $Rounds = 30
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).Path
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$invariant = [System.Globalization.CultureInfo]::InvariantCulture
$pwsh = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source

. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

function Measure-Shell([string] $Command) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $pwsh -NoProfile -NonInteractive -Command $Command 2>&1
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "pwsh -Command '$Command' failed: $output" }
    $watch.Elapsed.TotalMilliseconds
}

# --- import over bare start -------------------------------------------------
$importCommand = "Import-Module '$ModuleManifest'; exit"
$null = Measure-Shell 'exit'
$null = Measure-Shell $importCommand
$bareStarts = @(); $importStarts = @(); $differences = @()
for ($pair = 0; $pair -lt $Pairs; $pair++) {
    if ($pair % 2 -eq 0) { $b = Measure-Shell 'exit'; $i = Measure-Shell $importCommand }
    else { $i = Measure-Shell $importCommand; $b = Measure-Shell 'exit' }
    $bareStarts += $b; $importStarts += $i; $differences += ($i - $b)
}
$importMs = Get-Median $differences

# --- Import-Module timed inside a fresh shell -----------------------------------
# Beside the time, the methods the JIT compiles during the import (.NET's
# JitInfo, PowerShell 7): a count that the machine's load hardly moves.
$inside = "`$jit = 'System.Runtime.JitInfo' -as [type]; `$m = if (`$jit) { `$jit::GetCompiledMethodCount(`$false) } else { 0 }; `$w = [System.Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModuleManifest'; `$t = `$w.Elapsed.TotalMilliseconds; `$n = if (`$jit) { `$jit::GetCompiledMethodCount(`$false) - `$m } else { -1 }; `$t.ToString([cultureinfo]::InvariantCulture) + ';' + `$n"
$insideRuns = @(for ($shell = 0; $shell -lt $Pairs; $shell++) {
        $line = @(& $pwsh -NoProfile -NonInteractive -Command $inside) | Select-Object -Last 1
        $parts = "$line".Split(';')
        [pscustomobject]@{ Milliseconds = [double]::Parse($parts[0], $invariant); Methods = [int]$parts[1] }
    })
$insideMs = Get-Median @($insideRuns | ForEach-Object Milliseconds)
$jitMethods = Get-Median @($insideRuns | ForEach-Object Methods)

# Reference: a module that holds nothing but the same format file. The first
# format file a process loads initializes PowerShell's format table, a cost a
# bare shell pays at its first formatted output instead.
$formatOnly = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-format-only-' + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $formatOnly | Out-Null
Copy-Item -Path (Join-Path (Split-Path -Parent $ModuleManifest) 'LightningSync.format.ps1xml') -Destination $formatOnly
Set-Content -Path (Join-Path $formatOnly 'FormatOnly.psd1') -Value "@{ ModuleVersion = '1.0'; FormatsToProcess = @('LightningSync.format.ps1xml') }"
$formatCommand = "Import-Module '$(Join-Path $formatOnly 'FormatOnly.psd1')'; exit"
$formatDifferences = @()
try {
    for ($pair = 0; $pair -lt $Pairs; $pair++) {
        if ($pair % 2 -eq 0) { $b = Measure-Shell 'exit'; $f = Measure-Shell $formatCommand }
        else { $f = Measure-Shell $formatCommand; $b = Measure-Shell 'exit' }
        $formatDifferences += ($f - $b)
    }
}
finally { Remove-Item -LiteralPath $formatOnly -Recurse -Force }
$formatMs = Get-Median $formatDifferences

# --- per-call cost ------------------------------------------------------------
Import-Module $ModuleManifest -Force
$filters = @("Department -eq 'Sales'", 'Department -eq Sales', "Department -ne 'Sales' -and Office -like 'Paris'")
$count = $filters.Count
$empty = { for ($k = 0; $k -lt $Iterations; $k++) { $null = Invoke-AdvancedFunction -RecipientFilter $filters[$k % $count] } }
$cmdlet = { for ($k = 0; $k -lt $Iterations; $k++) { $null = Test-LightningSyncRecipientFilter -RecipientFilter $filters[$k % $count] } }
$emptyUs = @(); $cmdletUs = @(); $callRatios = @()
for ($round = 0; $round -le $Rounds; $round++) {
    $e = Measure-Loop $empty $Iterations
    $c = Measure-Loop $cmdlet $Iterations
    if ($round -gt 0) { $emptyUs += $e; $cmdletUs += $c; $callRatios += ($c / $e) }
}
$callRatio = Get-Median $callRatios

# --- first versus second preview in a fresh shell -------------------------------
$users = Join-Path $root 'examples/sample-org/users.xml'
$mailboxes = Join-Path $root 'examples/sample-org/mailboxes.xml'
$probe = @"
Import-Module '$ModuleManifest'
`$w = [System.Diagnostics.Stopwatch]::StartNew()
`$null = Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -Path '$users', '$mailboxes' -Summary -WarningAction SilentlyContinue
`$first = `$w.Elapsed.TotalMilliseconds
`$w.Restart()
`$null = Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -Path '$users', '$mailboxes' -Summary -WarningAction SilentlyContinue
`$second = `$w.Elapsed.TotalMilliseconds
'{0};{1}' -f `$first.ToString([cultureinfo]::InvariantCulture), `$second.ToString([cultureinfo]::InvariantCulture)
"@
$firsts = @(); $seconds = @(); $extras = @()
for ($shell = 0; $shell -lt $Shells; $shell++) {
    $line = @(& $pwsh -NoProfile -NonInteractive -Command $probe | Where-Object { "$_" -match '^[\d.]+;[\d.]+$' }) | Select-Object -Last 1
    if (-not $line) { throw 'The preview probe printed no timing.' }
    $parts = "$line".Split(';')
    $f = [double]::Parse($parts[0], $invariant); $s = [double]::Parse($parts[1], $invariant)
    $firsts += $f; $seconds += $s; $extras += ($f - $s)
}
$firstMs = Get-Median $firsts
$secondMs = Get-Median $seconds
$extraMs = Get-Median $extras

function F([double] $Value, [string] $Format = '0.0') { $Value.ToString($Format, $invariant).PadLeft(9) }
"LightningSync module costs (PowerShell $($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition))"
"  import    bare start $(F (Get-Median $bareStarts)) ms   with Import-Module $(F (Get-Median $importStarts)) ms   +$(F $importMs) ms (median of $Pairs pairs; goal <= +250 ms: $(if ($importMs -le 250) { 'met' } else { 'NOT met' }))"
"            (Import-Module timed inside the shell $(F $insideMs) ms, $(if ($jitMethods -ge 0) { "$jitMethods methods JIT-compiled" } else { 'JIT count not available' }); reference: a module holding only the same format file +$(F $formatMs) ms, as the first format file of a process initializes PowerShell's format table; the import less that reference +$(F ($importMs - $formatMs)) ms)"
"  call      empty advanced function $(F (Get-Median $emptyUs)) us   Test-LightningSyncRecipientFilter $(F (Get-Median $cmdletUs)) us   ratio $(F $callRatio '0.00')x (goal <= 1.3x: $(if ($callRatio -le 1.3) { 'met' } else { 'NOT met' }))"
"  preview   first $(F $firstMs) ms   second $(F $secondMs) ms   first - second $(F $extraMs) ms (median of $Shells shells; goal <= +50 ms: $(if ($extraMs -le 50) { 'met' } else { 'NOT met' }))"

$benchDir = Join-Path $OutDir 'bench'
New-Item -ItemType Directory -Force -Path $benchDir | Out-Null
$result = [ordered]@{
    Benchmark                  = 'Module'
    PowerShell                 = "$($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition)"
    ImportOverBareMilliseconds = [math]::Round($importMs, 1)
    BareStartMilliseconds      = [math]::Round((Get-Median $bareStarts), 1)
    ImportInsideShellMilliseconds = [math]::Round($insideMs, 1)
    ImportJitMethods           = $jitMethods
    FormatOnlyImportMilliseconds = [math]::Round($formatMs, 1)
    CallRatio                  = [math]::Round($callRatio, 3)
    EmptyFunctionMicroseconds  = [math]::Round((Get-Median $emptyUs), 2)
    CmdletMicroseconds         = [math]::Round((Get-Median $cmdletUs), 2)
    FirstPreviewMilliseconds   = [math]::Round($firstMs, 1)
    SecondPreviewMilliseconds  = [math]::Round($secondMs, 1)
    FirstOverSecondMilliseconds = [math]::Round($extraMs, 1)
}
Set-Content -Path (Join-Path $benchDir 'Module.json') -Value (ConvertTo-Json -InputObject $result) -Encoding UTF8

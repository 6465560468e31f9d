<#
.SYNOPSIS
Benchmark of the scope preview against Import-Clixml | Where-Object and a raw
memchr pass over the same bytes.

.DESCRIPTION
Generates (once, cached under OutDir/bench) a Get-User-shaped export of
-Count objects with the real Export-Clixml: the sample org's users are
deserialized again and again with PSSerializer (distinct instances, remote
shape: <Props>, Deserialized.* type names) and renamed. Then times, side by
side:
  (a) Import-Clixml | Where-Object { $_.Department -eq 'Sales' }
  (b) Get-LightningSyncScopePreview -Path ... -RecipientFilter "Department -eq 'Sales'"
  (c) a raw memchr pass over the same bytes (examples/bench_tool.rs)
  (d) Import-LightningSyncRecipient | Where-Object { ... }, (a) with the
      module's importer (whole objects, not a preview)
and prints a/b (goal >= 100), b/c (goal <= 4), a/c (the a/b a preview as
fast as the raw pass would reach), a/d, and whether the match counts are
equal. Both (a) and (b) run once on the sample org first (module loaded,
code compiled) and start each timed run on a collected heap; (b) and (c) are
the medians of three runs. Then builds a file of at least -BigFileBytes by repeating the
export's records and reports the peak RSS of (b) on it (/usr/bin/time -v):
of the whole pwsh process, of pwsh doing nothing, and of the engine alone
(goal <= 64 MiB for the preview itself).

.PARAMETER ModuleManifest
The staged LightningSync.psd1 to benchmark.

.PARAMETER OutDir
Where the generated exports are cached (OutDir/bench).

.PARAMETER Count
Objects in the generated export (default 100000).

.PARAMETER BigFileBytes
Minimum size of the file for the memory measurement (default 1 GiB; 0 skips it).

.EXAMPLE
PS> ./tests/bench/ScopePreview.Bench.ps1 -ModuleManifest out/LightningSync/0.1.0/LightningSync.psd1 -OutDir out
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OutDir,
    [ValidateRange(1, 10000000)] [int] $Count = 100000,
    [long] $BigFileBytes = 1GB
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$ModuleManifest = (Resolve-Path $ModuleManifest).ProviderPath
$benchDir = Join-Path $OutDir 'bench'
New-Item -ItemType Directory -Force -Path $benchDir | Out-Null
$benchDir = (Resolve-Path $benchDir).ProviderPath
$filter = "Department -eq 'Sales'"

function Write-Line([string] $Text) { Write-Information -MessageData $Text -InformationAction Continue }

# --- the export -------------------------------------------------------------
$users = Join-Path $benchDir "users-$Count.xml"
if (-not (Test-Path $users)) {
    Write-Line "generating $users with Export-Clixml ($Count objects)"
    $templates = @(Import-Clixml -Path (Join-Path $root 'examples/sample-org/users.xml') | ForEach-Object {
        [System.Management.Automation.PSSerializer]::Serialize($_, 2)
    })
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $partial = "$users.partial"
    & {
        for ($i = 0; $i -lt $Count; $i++) {
            $o = [System.Management.Automation.PSSerializer]::Deserialize($templates[$i % $templates.Count])
            $name = "$($o.Name) $i"
            $o.Name = $name
            $o.DisplayName = $name
            $o.DistinguishedName = "CN=$name,OU=Bench,DC=fabrikam,DC=com"
            $o.UserPrincipalName = "u$i@fabrikam.com"
            $o.Guid = [guid]::NewGuid()
            $o
        }
    } | Export-Clixml -Path $partial
    Move-Item -Path $partial -Destination $users -Force
    Write-Line ("generated in {0:N1} s" -f $watch.Elapsed.TotalSeconds)
}
$size = (Get-Item $users).Length
Write-Line ("export: {0} ({1:N1} MB, {2} objects)" -f $users, ($size / 1MB), $Count)

# --- (c) raw memchr pass ------------------------------------------------------
Push-Location $root
try { cargo build --release --locked --example bench_tool 2>&1 | Out-Null }
finally { Pop-Location }
$tool = Join-Path $root 'target/release/examples/bench_tool'
if ($IsWindows) { $tool += '.exe' }
# (b) and (c) are timed three times and their medians compared; (a) takes
# minutes per run at larger counts and is timed once.
function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[int][math]::Floor($Values.Count / 2)] }
$null = & $tool memchr $users   # warm the page cache
$c = Get-Median @(foreach ($i in 1..3) {
    $raw = & $tool memchr $users
    [double](($raw -split ' ' | Where-Object { $_ -like 'seconds=*' }) -replace 'seconds=', '')
})

# Both sides run once on the small sample org first, so neither pays for
# loading or compiling its code inside the timings.
$sample = Join-Path $root 'examples/sample-org/users.xml'
Import-Module $ModuleManifest -Force
$null = @(Get-LightningSyncScopePreview -Path $sample -RecipientFilter $filter -WarningAction SilentlyContinue)
$null = @(Import-Clixml -Path $sample | Where-Object { $_.Department -eq 'Sales' })

# --- (b) the preview ----------------------------------------------------------
$previewCount = -1
$b = Get-Median @(foreach ($i in 1..3) {
    [System.GC]::Collect()
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $previewCount = @(Get-LightningSyncScopePreview -Path $users -RecipientFilter $filter -WarningAction SilentlyContinue).Count
    $watch.Elapsed.TotalSeconds
})

# --- (a) Import-Clixml | Where-Object ----------------------------------------
[System.GC]::Collect()
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$pwshCount = @(Import-Clixml -Path $users | Where-Object { $_.Department -eq 'Sales' }).Count
$a = $watch.Elapsed.TotalSeconds

# --- (d) the same pipeline with Import-LightningSyncRecipient ----------------
$null = @(Import-LightningSyncRecipient -Path $sample | Where-Object { $_.Department -eq 'Sales' })
[System.GC]::Collect()
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$importCount = @(Import-LightningSyncRecipient -Path $users | Where-Object { $_.Department -eq 'Sales' }).Count
$d = $watch.Elapsed.TotalSeconds

Write-Line ('(a) Import-Clixml | Where-Object : {0,9:N3} s  {1} matches' -f $a, $pwshCount)
Write-Line ('(b) Get-LightningSyncScopePreview : {0,9:N3} s  {1} matches  ({2:N0} MB/s, median of 3)' -f $b, $previewCount, ($size / 1MB / $b))
Write-Line ('(c) raw memchr pass               : {0,9:N3} s  ({1:N0} MB/s, median of 3)' -f $c, ($size / 1MB / $c))
Write-Line ('(d) Import-LightningSyncRecipient | Where-Object : {0,9:N3} s  {1} matches  (a/d = {2:N1}, whole objects)' -f $d, $importCount, ($a / $d))
Write-Line ('a/b = {0:N1} (goal >= 100)   b/c = {1:N2} (goal <= 4)   equal match counts: {2}' -f ($a / $b), ($b / $c), ($pwshCount -eq $previewCount -and $pwshCount -eq $importCount))
# (c) touches every byte once and does nothing else, so a/c bounds the a/b
# any reader of this file can reach on this machine.
Write-Line ('a/c = {0:N1} (the a/b of a preview as fast as the raw pass)' -f ($a / $c))

# --- peak RSS on a file of at least BigFileBytes -----------------------------
if ($BigFileBytes -le 0) { return }
$timeTool = '/usr/bin/time'
if (-not (Test-Path $timeTool)) {
    Write-Line "peak RSS: skipped ($timeTool is not installed)"
    return
}
$repeat = [int][math]::Ceiling($BigFileBytes / $size)
$big = Join-Path $benchDir "users-$Count-x$repeat.xml"
if (-not (Test-Path $big)) {
    Write-Line "building $big ($repeat copies of the records)"
    $bytes = [System.IO.File]::ReadAllBytes($users)
    $text = [System.Text.Encoding]::ASCII.GetString($bytes, 0, [math]::Min(4096, $bytes.Length))
    $headEnd = $text.IndexOf('>') + 1
    $tailStart = [System.Text.Encoding]::ASCII.GetString($bytes, $bytes.Length - 64, 64).LastIndexOf('</Objs>') + $bytes.Length - 64
    $out = [System.IO.File]::Create("$big.partial")
    try {
        $out.Write($bytes, 0, $headEnd)
        for ($i = 0; $i -lt $repeat; $i++) { $out.Write($bytes, $headEnd, $tailStart - $headEnd) }
        $out.Write($bytes, $tailStart, $bytes.Length - $tailStart)
    }
    finally { $out.Dispose() }
    Move-Item "$big.partial" $big -Force
}
$bigSize = (Get-Item $big).Length
$pwsh = Join-Path $PSHOME 'pwsh'
$command = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if ($command) { $pwsh = $command.Source }
function Get-PeakRss([string[]] $Command) {
    $report = & $timeTool -v @Command 2>&1 | ForEach-Object { "$_" }
    $line = $report | Where-Object { $_ -match 'Maximum resident set size \(kbytes\): (\d+)' } | Select-Object -First 1
    if (-not $line) { throw "no RSS in: $($report -join ' ')" }
    [void]($line -match '(\d+)$')
    [pscustomobject]@{ MiB = [long]$Matches[1] / 1024.0; Output = ($report -join "`n") }
}
$script = "Import-Module '$ModuleManifest'; `$s = Get-LightningSyncScopePreview -Path '$big' -RecipientFilter `"$filter`" -Summary -WarningAction SilentlyContinue; 'matched=' + `$s.Matched"
$withPreview = Get-PeakRss @($pwsh, '-NoProfile', '-NonInteractive', '-Command', $script)
$baseline = Get-PeakRss @($pwsh, '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$ModuleManifest'; 'matched=0'")
$engine = Get-PeakRss @($tool, 'preview', $big, $filter)
$bigMatched = if ($withPreview.Output -match 'matched=(\d+)') { [long]$Matches[1] } else { -1 }
Write-Line ('big file: {0:N0} MB, matched {1} (expected {2}: {3})' -f ($bigSize / 1MB), $bigMatched, ($previewCount * $repeat), ($bigMatched -eq $previewCount * $repeat))
Write-Line ('peak RSS of (b) on it: pwsh process {0:N0} MiB, pwsh with the module idle {1:N0} MiB, difference {2:N0} MiB; engine alone {3:N0} MiB (goal <= 64 MiB)' -f $withPreview.MiB, $baseline.MiB, ($withPreview.MiB - $baseline.MiB), $engine.MiB)
